"""The documented model examples (docs/resources/container.md), run as written under the mocks of each kind.

The portable example must deploy unchanged on all five kinds (only `compute` differs), and
the Kubernetes-only one on Kubernetes; the table beside them says what the other kinds do
with each Kubernetes-only field, and the last test checks those kinds really refuse what the
table marks rejected. The code is read from the docs pages, so the documentation cannot drift
from what runs.
"""

from __future__ import annotations

from typing import Any

import pytest

from radius_components import RadiusValidationError
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program
from tests.helpers.doc_examples import example, run_examples


@pytest.mark.parametrize("kind", sorted(COMPUTE))
def test_portable_example_deploys_on_every_kind(kind):
    run = run_examples(kind, "portable")
    containers = sorted(r.name for r in run.of_type("radius:index:Container"))
    assert containers == ["backend", "payments"]
    assert [r.name for r in run.of_type("radius:index:RedisCache")] == ["db"]
    # Deployed, not only declared: each container expanded into native resources.
    children = {r.name.split("-")[0] for r in run.resources if not r.type.startswith("radius:")}
    assert {"backend", "payments"} <= children, children
    assert [w for w in run.warnings if "backend" in w or "payments" in w] == []


def test_portable_example_changes_only_compute_between_kinds():
    assert "KubernetesCompute(" not in example("portable").split("env = ", 1)[1]


def test_kubernetes_example_deploys_on_kubernetes():
    run = run_examples("kubernetes", "portable", "kubernetes")
    deployment = run.one("kubernetes:apps/v1:Deployment", "worker-deployment").plain()
    pod = deployment["spec"]["template"]["spec"]
    assert pod["containers"][0]["workingDir"] == "/app"
    assert deployment["spec"]["revisionHistoryLimit"] == 3


# Every error each kind gives for the Kubernetes-only example: one per table row it marks
# rejected (or where a string secret_ref source means something else), no more, no less.
ROLES = "connections.cache.iam.roles[0]"  # Role/ClusterRole names are Kubernetes vocabulary
SECRET_SOURCE = "container.env.TOKEN.value_from.secret_ref.source"
REJECTED = {
    "aci": {"container.working_dir", SECRET_SOURCE, "container.ports.api.port",
            "container.volumes.scratch.managed_store", ROLES, "extensions.daprSidecar"},
    "aca": {"container.working_dir", SECRET_SOURCE, "container.ports", "container.liveness_probe.kind",
            "container.volumes.scratch.managed_store", ROLES},
    "ecs": {SECRET_SOURCE, "container.ports.api.port", "container.volumes.scratch.managed_store", ROLES,
            "extensions.daprSidecar"},
    "cloudrun": {"container.env.TOKEN.value_from.secret_ref.key", "container.ports.api.port", "container.ports.dns",
                 "container.ports.dns.protocol", "container.liveness_probe.kind", ROLES, "extensions[1].kind"},
}


@pytest.mark.parametrize("kind", sorted(REJECTED))
def test_kubernetes_example_is_refused_elsewhere_as_the_table_says(kind):
    caught: dict[str, Any] = {}

    def program():
        scope: dict[str, Any] = {"compute": COMPUTE[kind]()}
        exec(compile(example("portable"), "docs (portable example)", "exec"), scope)
        with pytest.raises(RadiusValidationError) as info:
            exec(compile(example("kubernetes"), "docs (kubernetes example)", "exec"), scope)
        caught["error"] = info.value

    run = run_program(program)
    error = caught["error"]
    fields = {e.field for e in getattr(error, "errors", [error])}
    assert fields == REJECTED[kind], sorted(fields)
    assert [r for r in run.of_type("radius:index:Container") if r.name == "worker"] == []
