#!/usr/bin/env python3
"""The dependency ranges of pyproject.toml (runtime and every extra) and their lower bounds.

    scripts/dependency_bounds.py lowest   # pip constraints pinning each range to its lower bound

Used by scripts/test-bounds (the suite at the lowest and at the newest allowed versions) and
by tests/features/test_packaging.py (the dev venv is inside every range, pins are exact).
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser as the tomli package (a dev dependency there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def requirements() -> list[Requirement]:
    """The requirements that apply to this interpreter (a marker such as
    `python_version < '3.11'` leaves one out elsewhere)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    items = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        items += [r for r in extra if not r.startswith(project["name"])]
    return [r for r in map(Requirement, items) if r.marker is None or r.marker.evaluate()]


def lower_bound(req: Requirement) -> str | None:
    for spec in req.specifier:
        if spec.operator in (">=", "=="):
            return spec.version
    return None


def lowest_constraints() -> list[str]:
    return [f"{r.name}=={lower_bound(r)}" for r in requirements() if lower_bound(r)]


if __name__ == "__main__":
    if sys.argv[1:] != ["lowest"]:
        sys.exit(__doc__)
    print("\n".join(lowest_constraints()))
