"""The README's capability matrix is generated from radius_components.capabilities, and each
row's claim about rejections is what the code does (every probe, on every kind, under the
shipped mocks alone: no test module's answers are needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import radius_components as rad
from radius_components.capabilities import KINDS, ROWS, render_matrix
from radius_components.check import SAMPLE_COMPUTE
from radius_components.testing import run_program, validation_error_in

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- capability-matrix:start -->", "<!-- capability-matrix:end -->"


def test_readme_matrix_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    match = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)
    assert match, "README.md has no capability matrix markers"
    assert match.group(1) == render_matrix(), "README matrix is stale: run scripts/capability-matrix"


PROBES = [(row, kind) for row in ROWS if row.probe is not None for kind in KINDS]


@pytest.mark.parametrize("row,kind", PROBES, ids=[f"{r.field.strip('`')}-{k}" for r, k in PROBES])
def test_each_probe_is_rejected_exactly_where_the_row_says(row, kind):
    outcome: dict[str, object] = {}

    def program():
        env = rad.Environment("matrix-env", compute=SAMPLE_COMPUTE[kind](), protect_stateful=False)
        app = rad.Application("matrix", environment=env)
        db = rad.RedisCache("db", application=app)
        peer = rad.Container("peer", application=app,
                             container={"image": "ghcr.io/example/peer:1.0", "ports": {"web": {"container_port": 8080}}})
        try:
            rad.Container("probe", application=app, **row.probe(db, peer))
        except rad.RadiusValidationError as exc:
            outcome["error"] = exc

    try:
        run = run_program(program)
    except Exception as exc:  # a rule run once the program is declared (before anything registers)
        if validation_error_in(exc) is None:
            raise
        outcome["error"], run = validation_error_in(exc), None
    rejected = "error" in outcome
    assert rejected == (kind in row.rejected_on), (row.field, kind, outcome.get("error"))
    if run is not None and not rejected:  # deployed, not only declared
        assert run.resources_of("probe"), (row.field, kind)


def test_every_row_has_a_cell_per_kind():
    for row in ROWS:
        assert set(row.cells) == set(KINDS), row.field
