"""What the knative kind emits, checked by Knative itself: tools/knative-validate runs Knative
Serving's own SetDefaults + Validate (knative.dev/serving v0.42.2, what its admission webhooks do
on create) on every Knative Service and DomainMapping registered by examples/demo,
examples/fullstack and a program using every setting the kind maps.

Build the validator with `scripts/knative-validate` (Go, from the module proxy; cached in
~/.cache/radius-knative); without it these tests skip and say so. RADIUS_KNATIVE_VALIDATE names
another binary.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import radius_components as rad
from tests.helpers.mocks import run_program
from tests.helpers.programs import as_program
from tests.knative.helpers import demo_run, fullstack_run, knative_manifests


def _binary() -> Path:
    explicit = os.environ.get("RADIUS_KNATIVE_VALIDATE")
    if explicit:
        return Path(explicit)
    cache = Path(os.environ.get("RADIUS_KNATIVE_CACHE", Path.home() / ".cache" / "radius-knative"))
    return cache / "bin" / "knative-validate"


BINARY = _binary()
pytestmark = pytest.mark.skipif(
    not os.access(BINARY, os.X_OK),
    reason=f"Knative's validator is not built ({BINARY} missing): run scripts/knative-validate to build it "
           "(Go >= 1.22 and the Go module proxy)")


def knative_validate(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each document's result: {"kind", "name", "errors" (Knative's message, "" when valid), "defaulted"}."""
    stream = "".join(json.dumps(d) + "\n" for d in documents)
    done = subprocess.run([str(BINARY)], input=stream, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(documents), done.stdout
    return results


def every_setting() -> None:
    """Every setting the knative kind maps, at once: it must all be what Knative accepts."""
    # serving_hpa: the cluster has Knative's optional HPA class (the `batch` container uses it).
    env = rad.Environment("prod", compute=rad.KnativeCompute(namespace="prod", serving_hpa=True), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app)
    api = rad.Container("api", application=app, container={
        "image": "ghcr.io/example/api:1.2.3", "image_pull_policy": "IfNotPresent",
        "command": ["/app/server"], "args": ["--port", "8080"], "working_dir": "/app",
        "env": {"LOG_LEVEL": {"value": "debug"},
                "TOKEN": {"value_from": {"secret_ref": {"source": "existing-secret", "key": "token"}}}},
        "ports": {"web": {"container_port": 8080, "scheme": "http", "port": 80}},
        "readiness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/ready", "headers": {"X-Probe": "1"},
                            "initial_delay_seconds": 2, "timeout_seconds": 2, "failure_threshold": 4},
        "liveness_probe": {"kind": "exec", "command": ["cat", "/tmp/ok"], "period_seconds": 15},
        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
        "volumes": {"scratch": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/scratch"},
                    "tmp": {"kind": "ephemeral", "mount_path": "/tmp"}},
    }, connections={"cache": {"source": cache, "iam": {"roles": ["ClusterRole/view"]}}},
        extensions=[{"kind": "manualScaling", "replicas": 2},
                    {"kind": "kubernetesMetadata", "labels": {"team": "shop"}, "annotations": {"owner": "shop"}}],
        runtimes={"knative": {"container_concurrency": 50, "timeout_seconds": 120}})
    rad.Container("grpc", application=app, container={
        "image": "ghcr.io/example/grpc:1.0", "ports": {"grpc": {"container_port": 9000, "scheme": "grpc"}},
        "readiness_probe": {"kind": "tcp", "container_port": 9000, "period_seconds": 5}},
        connections={"api": {"source": api}},
        runtimes={"knative": {"min_scale": 1, "max_scale": 10, "target": 20, "metric": "rps"}})
    rad.Container("batch", application=app, container={
        "image": "ghcr.io/example/batch:1.0", "ports": {"web": {"container_port": 8080}}},
        runtimes={"knative": {"autoscaling_class": "hpa.autoscaling.knative.dev", "metric": "cpu", "target": 70}})
    rad.Gateway("public", application=app, routes=[{"path": "/", "destination": api}],
                hostname={"fully_qualified_hostname": "shop.example.com"}, tls={"certificate_from": "shop-tls"})


def portable_docs_example() -> None:
    """docs/resources/container.md's program that deploys unchanged on every kind."""
    from tests.helpers.doc_examples import example

    exec(compile(example("portable"), "docs (portable example)", "exec"),
         {"compute": rad.KnativeCompute(namespace="prod")})


@pytest.mark.parametrize("name, run", [("demo", demo_run), ("fullstack", fullstack_run),
                                       ("every setting", lambda: run_program(as_program(every_setting))),
                                       ("docs", lambda: run_program(as_program(portable_docs_example)))])
def test_knative_accepts_every_object_the_kind_emits(name, run):
    documents = knative_manifests(run())
    assert documents
    results = knative_validate(documents)
    refused = {(r["kind"], r["name"]): r["errors"] for r in results if r["errors"] or r.get("skipped")}
    assert refused == {}, refused


def test_knatives_defaults_keep_what_we_meant():
    """After Knative's own defaulting, the Service still scales to zero, serves the one port and
    keeps the revision-rolling annotation: nothing we set is overridden."""
    (demo,) = [d for d in knative_manifests(demo_run()) if d["kind"] == "Service"]
    (result,) = knative_validate([demo])
    template = result["defaulted"]["spec"]["template"]
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "0"
    assert "radapp.io/secrets-revision" in template["metadata"]["annotations"]
    (container,) = template["spec"]["containers"]
    assert container["ports"] == [{"name": "http1", "containerPort": 3000, "protocol": "TCP"}]
    # Knative's defaults: a request timeout and all traffic to the latest revision.
    assert template["spec"]["timeoutSeconds"] == 300
    assert result["defaulted"]["spec"]["traffic"] == [{"latestRevision": True, "percent": 100}]


def _with_container(**fields: Any) -> dict[str, Any]:
    (demo,) = [d for d in knative_manifests(demo_run()) if d["kind"] == "Service"]
    container = {**demo["spec"]["template"]["spec"]["containers"][0], **fields}
    pod = {**demo["spec"]["template"]["spec"], "containers": [container]}
    return {**demo, "spec": {"template": {**demo["spec"]["template"], "spec": pod}}}


def _with_pod(**fields: Any) -> dict[str, Any]:
    demo = _with_container()
    return {**demo, "spec": {"template": {**demo["spec"]["template"],
                                          "spec": {**demo["spec"]["template"]["spec"], **fields}}}}


@pytest.mark.parametrize("why, document, words", [
    # What the kind refuses (platforms/knative/validate.py), as Knative itself refuses it.
    ("two ports", _with_container(ports=[{"name": "http1", "containerPort": 3000}, {"containerPort": 3001}]),
     "ports"),
    ("UDP", _with_container(ports=[{"name": "http1", "containerPort": 3000, "protocol": "UDP"}]), "protocol"),
    ("a port name other than http1/h2c", _with_container(ports=[{"name": "web", "containerPort": 3000}]),
     "Port name web is not allowed"),
    ("a queue-proxy port", _with_container(ports=[{"name": "http1", "containerPort": 9090}]), "reserved port"),
    ("PORT", _with_container(env=[{"name": "PORT", "value": "1"}]), "reserved environment variable"),
    ("restartPolicy", _with_pod(restartPolicy="OnFailure"), "restartPolicy"),
    ("automountServiceAccountToken: true", _with_pod(automountServiceAccountToken=True),
     "automountServiceAccountToken"),
    ("a readiness probe's failureThreshold without a period",
     _with_container(readinessProbe={"httpGet": {"path": "/"}, "failureThreshold": 3}),
     "failureThreshold is disallowed when periodSeconds is zero"),
])
def test_knative_refuses_what_the_kind_refuses(why, document, words):
    """Negative controls: the validator refuses the manifests the kind's rules keep us from
    emitting, so a pass above means Knative accepts, not that nothing was checked."""
    (result,) = knative_validate([document])
    assert words in result["errors"], (why, result["errors"])


def test_autoscaling_annotations_on_the_service_itself_are_refused():
    (demo,) = [d for d in knative_manifests(demo_run()) if d["kind"] == "Service"]
    document = {**demo, "metadata": {**demo["metadata"], "annotations": {"autoscaling.knative.dev/min-scale": "1"}}}
    (result,) = knative_validate([document])
    assert "autoscaling annotations must be put under" in result["errors"]
