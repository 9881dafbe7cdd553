"""The benchmark scripts still start: they import helpers from the test tree and the package, so a
move there (tests/helpers, a renamed module) must not leave them broken. Timings are never
asserted here (docs/benchmarks.md holds the measured ratios)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("script", sorted(p.name for p in BENCHMARKS.glob("bench_*.py")))
def test_the_benchmark_starts(script):
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--help"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
