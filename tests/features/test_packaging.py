"""Package hygiene: the license, the shipped types, and dependency ranges the suite runs in."""

from __future__ import annotations

import importlib.util
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser as the tomli package (a dev dependency there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("dependency_bounds", ROOT / "scripts" / "dependency_bounds.py")
bounds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bounds)


def test_license_is_the_apache_license_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "Apache-2.0"}
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_every_dependency_is_a_bounded_range_or_an_explained_pin():
    source = (ROOT / "pyproject.toml").read_text()
    for req in bounds.requirements():
        operators = {s.operator for s in req.specifier}
        if "==" in operators:
            line = next(line for line in source.splitlines() if f'"{req}"' in line.replace(" ", "") or str(req) in line)
            index = source.splitlines().index(line)
            around = "\n".join(source.splitlines()[max(0, index - 2):index + 1])
            assert "pinned:" in around, f"{req}: an exact pin needs a comment saying why"
        else:
            assert ">=" in operators and "<" in operators, f"{req}: give a lower and an upper bound"


def test_the_dev_environment_is_inside_every_range():
    for req in bounds.requirements():
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            continue  # an extra that is not installed here
        assert req.specifier.contains(installed, prereleases=True), f"{req.name} {installed} is outside {req}"


def test_lowest_constraints_pin_each_range_to_its_lower_bound():
    lowest = dict(line.split("==") for line in bounds.lowest_constraints())
    assert lowest["pulumi"] == "3.272.0"
    assert lowest["pydantic"] == "2.11"
    assert lowest["pulumi-kubernetes"] == "4.34.2"


def test_the_types_are_shipped_in_the_wheel():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in project["tool"]["setuptools"]["package-data"]["radius_components"]
    assert (ROOT / "radius_components" / "py.typed").is_file()
