"""Field docstrings become descriptions exactly as pydantic's `use_attribute_docstrings` makes
them (radius_components.model.field_docs reads them more cheaply), including the odd cases."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

BODY = '''
from typing import Optional

class Plain(Base):
    {config}
    a: int = 1
    """The a."""
    b: str = "x"
    c: Optional[int] = None
    """
    The c,
       indented.
    """
    d: int = 0
    "single quotes"


class Branches(Base):
    {config}
    if True:
        e: int = 1
        """In an if."""
    f: int = 2
    """After the if."""
    _g = 3
    """Not annotated: not a field docstring."""
    m: int = 4


class Outer(Base):
    {config}
    class Inner(Base):
        {config}
        h: int = 1
        """Inner's h."""
    i: int = 2
    """Outer's i."""


def make():
    class Local(Base):
        {config}
        j: int = 1
        """Local's j."""
    return Local


Local = make()


class Twice(Base):
    {config}
    k: int = 1
    """First k."""

First = Twice


class Twice(Base):
    {config}
    k: int = 1
    """Second k."""


class Child(Plain):
    {config}
    b: str = "y"
    """The child's b."""
    l: int = 0
'''


def _load(name: str, header: str, config: str, tmp_path):
    path = tmp_path / f"{name}.py"
    path.write_text(header + textwrap.dedent(BODY).replace("{config}", config))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def _descriptions(module):
    classes = {"Plain": module.Plain, "Branches": module.Branches, "Outer": module.Outer,
               "Inner": module.Outer.Inner, "Local": module.Local, "First": module.First,
               "Twice": module.Twice, "Child": module.Child}
    return {name: {f: info.description for f, info in cls.model_fields.items()} for name, cls in classes.items()}


def test_descriptions_match_pydantics_attribute_docstrings(tmp_path):
    ours = _load("radius_field_docs_ours", "from radius_components.model import RadiusModel as Base\n", "pass", tmp_path)
    theirs = _load("radius_field_docs_theirs", "from pydantic import BaseModel as Base, ConfigDict\n",
                   "model_config = ConfigDict(use_attribute_docstrings=True)", tmp_path)
    expected = _descriptions(theirs)
    assert _descriptions(ours) == expected
    # The cases above do what they say (so the comparison compares something).
    assert expected["Plain"] == {"a": "The a.", "b": None, "c": "The c,\n   indented.", "d": "single quotes"}
    assert expected["First"] == {"k": "First k."} and expected["Twice"] == {"k": "Second k."}
    assert expected["Child"]["b"] == "The child's b." and expected["Child"]["a"] == "The a."
    assert expected["Branches"] == {"e": "In an if.", "f": "After the if.", "m": None}
    assert expected["Inner"] == {"h": "Inner's h."} and expected["Local"] == {"j": "Local's j."}


def test_a_model_without_source_has_no_descriptions():
    from radius_components.model import RadiusModel

    namespace: dict[str, object] = {"RadiusModel": RadiusModel, "__name__": "not_a_module"}
    exec("class NoSource(RadiusModel):\n    x: int = 1\n    'x doc'\n", namespace)
    assert namespace["NoSource"].model_fields["x"].description is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["ContainerSpec", "KubernetesCompute", "RedisCacheArgs"])
def test_the_package_models_have_their_descriptions(name):
    from radius_components import model

    fields = getattr(model, name).model_fields
    assert all(info.description for info in fields.values())
