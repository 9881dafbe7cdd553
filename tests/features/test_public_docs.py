"""Every public class documents itself and each of its arguments, so help() is a reference."""

from __future__ import annotations

import inspect
import pydoc

import pytest

import radius_components as rad
from radius_components import model
from radius_components.model import RadiusModel

COMPONENTS = [rad.Environment, rad.Application, rad.Container, rad.RedisCache, rad.Gateway, rad.SqlDatabase,
              rad.SecretStore]
MODELS = sorted((getattr(model, n) for n in model.__all__
                 if isinstance(getattr(model, n), type) and issubclass(getattr(model, n), RadiusModel)
                 and getattr(model, n) is not RadiusModel), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_help_of_a_component_shows_each_argument(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    for name in params:
        assert f":param {name}:" in text, f"{cls.__name__}: {name} is not documented"
    # help() shows the class's own parameters, not the base ComponentResource's.
    assert "t: str" not in str(inspect.signature(cls.__init__))


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_help_of_a_model_shows_each_field(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert (cls.__doc__ or "").strip(), f"{cls.__name__} has no docstring"
    for name, info in cls.model_fields.items():
        assert info.description, f"{cls.__name__}.{name} has no docstring"
        assert f":param {name}:" in text, f"{cls.__name__}.{name} is not in help()"


def test_the_shipped_helpers_are_documented():
    from radius_components import check, testing

    for obj in (testing.RadiusMocks, testing.run_program, testing.Run, testing.Run.resources_of,
                testing.Run.plaintext, testing.resolve, check.check_program, check.run_on_kind):
        assert (obj.__doc__ or "").strip(), obj
