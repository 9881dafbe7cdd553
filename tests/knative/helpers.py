"""Shared by the knative tests: the examples on the knative kind, and the Knative objects as
the manifests the provider sends (what tools/knative-validate reads)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


from tests.helpers.ecs import _run_example
from tests.helpers.mocks import Run, run_program
from tests.helpers.programs import fullstack_program

ROOT = Path(__file__).resolve().parents[2]
KNATIVE_SERVICE = "kubernetes:serving.knative.dev/v1:Service"
DOMAIN_MAPPING = "kubernetes:serving.knative.dev/v1beta1:DomainMapping"
KNATIVE_TYPES = (KNATIVE_SERVICE, DOMAIN_MAPPING)


def demo_run() -> Run:
    """examples/demo with the root `knative` stack (Pulumi.knative.yaml)."""
    stack = yaml.safe_load((ROOT / "Pulumi.knative.yaml").read_text())["config"]
    return _run_example("examples/demo/__main__.py", {k.split(":", 1)[1]: v for k, v in stack.items()})


def fullstack_run() -> Run:
    """examples/fullstack with its `knative` stack (examples/fullstack/Pulumi.knative.yaml)."""
    return run_program(fullstack_program("knative"))


def manifest(resource: Any) -> dict[str, Any]:
    """A registered Knative object as the manifest the Kubernetes provider applies."""
    inputs = resource.plain()
    return {"apiVersion": inputs["apiVersion"], "kind": inputs["kind"], "metadata": inputs["metadata"],
            "spec": inputs["spec"]}


def knative_manifests(run: Run) -> list[dict[str, Any]]:
    return [manifest(r) for r in run.resources if r.type in KNATIVE_TYPES]


def as_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
