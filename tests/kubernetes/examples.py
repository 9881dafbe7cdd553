"""Every Kubernetes program the class guards walk: the three examples (the root demo,
examples/kubernetes, examples/fullstack) and the suite's demo and everything programs, each
run once under the recording mocks (cached: the guards only read the runs)."""

from __future__ import annotations

import functools
import runpy
from pathlib import Path
from typing import Any, Callable

import pulumi

from tests.helpers import programs
from tests.helpers.mocks import Run, run_program

ROOT = Path(__file__).resolve().parents[2]


def example(path: str, **config: str) -> Callable[[], Any]:
    """examples/<path>/__main__.py with the given stack config (project-independent keys)."""
    def program() -> None:
        pulumi.runtime.set_all_config({f"project:{k}": v for k, v in config.items()})
        try:
            runpy.run_path(str(ROOT / "examples" / path / "__main__.py"), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})
    return program


PROGRAMS: dict[str, Callable[[], Any]] = {
    "examples/demo": example("demo", kind="kubernetes", protectStateful="false"),
    "examples/demo (ingressClass)": example("demo", kind="kubernetes", ingressClass="nginx"),
    "examples/kubernetes": example("kubernetes", cachePassword="legacy-cache-password-7"),
    "examples/fullstack": programs.fullstack_program("kubernetes"),
    "tests demo": programs.as_program(programs.demo),
    "tests everything": programs.as_program(programs.everything),
}


@functools.lru_cache(maxsize=None)
def run_of(name: str) -> Run:
    return run_program(PROGRAMS[name])


def workloads(run: Run) -> list[Any]:
    """Every Deployment and StatefulSet (containers' and recipes')."""
    return run.k8s("Deployment") + run.k8s("StatefulSet")
