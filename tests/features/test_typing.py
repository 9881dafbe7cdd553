"""Type-checking: the examples, a typed user program and the mistakes a checker must catch,
with mypy (the `dev` extra) against the package's inline types (`py.typed`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPING = ROOT / "tests" / "typing"

pytest.importorskip("mypy", reason="mypy is in the dev extra")


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    # Run from the repository root, so mypy finds radius_components (and its py.typed) here.
    # One cache per venv: their site-packages differ, and scripts/test runs several at once.
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context",
                           "--config-file", str(TYPING / "mypy.ini"),
                           "--cache-dir", str(ROOT / ".mypy_cache" / Path(sys.prefix).name), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_package_ships_its_types():
    assert (ROOT / "radius_components" / "py.typed").is_file()


@pytest.mark.parametrize("example", sorted(p.parent.name for p in (ROOT / "examples").glob("*/__main__.py")))
def test_example_type_checks(example):
    done = mypy(f"examples/{example}/__main__.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_typed_program_passes_strict():
    done = mypy("--strict", str(TYPING / "typed_program.py"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_checker_catches_each_mistake():
    path = TYPING / "typed_errors.py"
    expected = {i for i, line in enumerate(path.read_text().splitlines(), 1) if line.endswith("# error")}
    done = mypy(str(path))
    reported = {int(m.group(1)) for m in re.finditer(r"typed_errors\.py:(\d+): error", done.stdout)}
    assert reported == expected, done.stdout


def test_every_output_a_kind_registers_is_declared_on_its_class():
    """What each kind's components register as outputs is declared (typed) on the class,
    so a type checker knows each one and flags a misspelt one."""
    import pulumi

    import radius_components as rad
    from tests.helpers import aca, aci, cloudrun, ecs, programs
    from tests.helpers.mocks import run_program

    classes = {"Environment": rad.Environment, "Application": rad.Application, "Container": rad.Container,
               "RedisCache": rad.RedisCache}
    builds = [programs.everything, aci.everything, aca.everything, cloudrun.everything, ecs.demo]
    missing = set()
    for build in builds:
        run = run_program(lambda: build() and pulumi.Output.from_input(None))
        for r in run.resources:
            name = r.type.rsplit(":", 1)[-1]
            if r.type.startswith("radius:index:") and r.outputs:
                declared = {k for c in classes[name].__mro__ for k in getattr(c, "__annotations__", {})}
                missing |= {f"{name}.{key}" for key in r.outputs if key not in declared}
    assert missing == set(), sorted(missing)
