"""The same program gives byte-identical resource inputs on every run."""

from __future__ import annotations

from tests.helpers.mocks import run_program, snapshot
from tests.helpers.programs import as_program, demo, everything


def test_two_runs_are_identical():
    # Registration order across RPC threads is the engine's business; the set of
    # (type, name, parent, inputs) must match byte for byte.
    for build in (demo, everything):
        assert snapshot(as_program(build)) == snapshot(as_program(build))


def test_generated_maps_are_sorted():
    run = run_program(as_program(everything))
    dep = next(r for r in run.resources if r.name == "backend-deployment")
    env = dep.plain()["spec"]["template"]["spec"]["containers"][0]["env"]
    names = [e["name"] for e in env]
    assert names == sorted(names)
