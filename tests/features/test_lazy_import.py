"""`import radius_components` is cheap: the public names load their modules on first use, and
every one of them resolves to the object its module defines."""

from __future__ import annotations

import importlib
import subprocess
import sys

import radius_components as rad

CLOUD_SDKS = ("pulumi_kubernetes", "pulumi_aws", "pulumi_azure_native", "pulumi_gcp", "pulumi_random")


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_importing_the_package_loads_neither_pulumi_nor_the_models():
    loaded = _run("import sys, radius_components; "
                  "print(','.join(m for m in ('pulumi', 'pydantic', 'radius_components.model') if m in sys.modules))")
    assert loaded == ""


def test_using_every_public_name_loads_no_cloud_sdk():
    loaded = _run("import sys, radius_components as rad; [getattr(rad, n) for n in rad.__all__]; "
                  f"print(','.join(m for m in {CLOUD_SDKS!r} if m in sys.modules))")
    assert loaded == ""


def test_every_public_name_is_the_object_its_module_defines():
    for name in rad.__all__:
        module = importlib.import_module(rad._PUBLIC[name], "radius_components")
        assert getattr(rad, name) is getattr(module, name), name
    assert set(rad.__all__) <= set(dir(rad))


def test_star_import_gives_every_public_name():
    namespace: dict[str, object] = {}
    exec("from radius_components import *", namespace)
    assert set(rad.__all__) <= set(namespace)


def test_a_submodule_reads_as_an_attribute():
    assert rad.model.ContainerArgs is importlib.import_module("radius_components.model").ContainerArgs
    assert rad.platforms.load_platform is importlib.import_module("radius_components.platforms").load_platform


def test_an_unknown_name_is_an_attribute_error():
    try:
        rad.Contaner  # noqa: B018
    except AttributeError as exc:
        assert "Contaner" in str(exc)
    else:
        raise AssertionError("rad.Contaner resolved")


def test_a_dotted_name_is_an_attribute_error_too():
    assert not hasattr(rad, "model.nothing")
    assert getattr(rad, "no_such_module", None) is None
