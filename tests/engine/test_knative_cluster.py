"""examples/demo on the `knative` kind, `up` onto the local control plane (scripts/cluster), whose
API server has Knative Serving's CRDs (knative.dev/serving v0.42.2, config/core/300-resources).

What render mode and tools/knative-validate cannot show: that the API server accepts the Knative
Service as pulumi-kubernetes sends it, and stores it through the CRD's structural schema without
pruning a field of ours (the API server silently drops a field the schema does not know, so a
field Knative's Go types know but the CRD's generated schema does not would vanish without an
error); that `up` returns although no Knative controller runs (the Service never gets a status,
never becomes Ready: pulumi-kubernetes 4.x awaits a CustomResource only under the opt-in
PULUMI_K8S_AWAIT_ALL, and then fails open for an object without conditions), nor when its status
says not Ready; that the URL Knative reports reaches the gateway's output; that a second preview
is clean and `destroy` removes it all.
"""

from __future__ import annotations

import inspect
import json
import textwrap
import time
from typing import Any

import pytest

from tests.engine.test_cluster import Cluster, assert_available, cluster, on_cluster  # noqa: F401 - the fixture
from tests.engine.test_shop_cluster import assert_ready_statefulsets, wait_until
from tests.helpers.pulumi_cli import Project
from tests.helpers.rendering import revealed
from tests.knative.test_knative_validate import every_setting

pytestmark = [pytest.mark.engine, pytest.mark.cluster]

NAMESPACE = "demo-knative"
# Radius's layout (the default): the demo's Knative Service in its application's namespace, named
# after the container; the Redis recipe's objects stay in NAMESPACE.
APP_NAMESPACE = f"{NAMESPACE}-todo"
KSVC = "services.serving.knative.dev"
KNATIVE_TYPES = "kubernetes:serving.knative.dev/"
# Pulumi's own bookkeeping on metadata, never in what we compare.
SERVER_SET = {"creationTimestamp", "generation", "managedFields", "resourceVersion", "uid"}


def unwrap(value: Any) -> Any:
    """The inputs of `stack export --show-secrets`, with every secret replaced by its plaintext."""
    value = revealed(value)
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    return value


def lost_fields(sent: Any, stored: Any, path: str = "") -> list[str]:
    """Every field of `sent` that `stored` does not hold with the same value (pruned or changed)."""
    if isinstance(sent, dict):
        if not isinstance(stored, dict):
            return [f"{path}: sent an object, stored {stored!r}"]
        return [lost for key, value in sent.items()
                for lost in (lost_fields(value, stored[key], f"{path}.{key}") if key in stored
                             else [f"{path}.{key}: pruned (sent {value!r})"])]
    if isinstance(sent, list):
        if not isinstance(stored, list) or len(stored) != len(sent):
            return [f"{path}: sent {sent!r}, stored {stored!r}"]
        return [lost for i, (a, b) in enumerate(zip(sent, stored)) for lost in lost_fields(a, b, f"{path}[{i}]")]
    return [] if sent == stored else [f"{path}: sent {sent!r}, stored {stored!r}"]


def sent_and_stored(project: Project, cluster: Cluster) -> list[tuple[dict, dict]]:
    """(what pulumi-kubernetes sent, what the API server stores) for every Knative object of the stack."""
    pairs = []
    for resource in unwrap(project.export(show_secrets=True)["deployment"]["resources"]):
        if not resource["type"].startswith(KNATIVE_TYPES):
            continue
        sent = resource["inputs"]
        ours = {key: sent[key] for key in ("apiVersion", "kind", "spec")}
        ours["metadata"] = {k: v for k, v in sent["metadata"].items() if k not in SERVER_SET}
        plural = {"Service": "services", "DomainMapping": "domainmappings"}[sent["kind"]]
        group = sent["apiVersion"].split("/")[0]
        stored = cluster.get(f"{plural}.{group}", ours["metadata"]["name"], "-n", ours["metadata"]["namespace"])
        pairs.append((ours, stored))
    return pairs


def test_the_demo_on_knative_is_stored_as_sent_and_goes(project_factory, cluster: Cluster, tmp_path):
    project = on_cluster(project_factory, cluster, "demo", kind="knative", protectStateful="false")
    project.run("config", "set", "--path", "compute.namespace", NAMESPACE)
    # No Knative controller reconciles here: `up` must not wait for Ready (KnativeCompute.await_ready).
    project.run("config", "set", "--path", "compute.await_ready", "false")

    started = time.monotonic()
    project.up()
    up_seconds = time.monotonic() - started
    # No Knative controller runs, so the Service never becomes Ready: `up` must not wait for it
    # (it waits only for the Redis recipe's Deployment, which kwok makes Available).
    assert up_seconds < 240, f"up took {up_seconds:.0f} s: something awaited the Knative Service"
    assert_available(cluster, NAMESPACE, {"todo-db": 1})

    pairs = sent_and_stored(project, cluster)
    assert [(ours["kind"], ours["metadata"]["name"]) for ours, _ in pairs] == [("Service", "demo")]
    ours, stored = pairs[0]
    # Everything we sent is stored, value for value: the CRD's structural schema pruned nothing.
    assert lost_fields(ours, stored) == []
    template = stored["spec"]["template"]
    assert template["spec"]["containers"][0]["image"] == "ghcr.io/radius-project/samples/demo:latest"
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "0"
    # Stored, never reconciled: no status, so no URL (the gateway's URL is the Service's status.url).
    assert not stored.get("status", {}).get("conditions"), stored.get("status")
    assert project.outputs().get("public_url") is None

    # The comparison means something: the schema is live, and a field it does not know is pruned
    # in silence (what pulumi-kubernetes' apply gets) and found by lost_fields, or refused by a
    # strict server-side dry run, naming the field.
    bogus = json.loads(json.dumps(ours))
    bogus["metadata"] = {"name": "bogus", "namespace": APP_NAMESPACE}
    bogus["spec"]["template"]["spec"]["containers"][0]["notAKnativeField"] = True
    path = tmp_path / "bogus.json"
    path.write_text(json.dumps(bogus))
    pruned = json.loads(cluster.kubectl("create", "--dry-run=server", "--validate=ignore", "-o", "json",
                                        "-f", str(path)).stdout)
    assert lost_fields(bogus, pruned) == [
        ".spec.template.spec.containers[0].notAKnativeField: pruned (sent True)"]
    refused = cluster.kubectl("create", "--dry-run=server", "--validate=strict", "-f", str(path), check=False)
    assert refused.returncode != 0 and "notAKnativeField" in refused.stderr, refused.stderr

    # An update with pulumi-kubernetes' opt-in generic await (PULUMI_K8S_AWAIT_ALL, cli-utils'
    # kstatus): a Service without status.conditions or observedGeneration counts as current, so
    # this returns too, and the change is stored.
    project.config("logLevel", "debug")
    started = time.monotonic()
    project.run("up", "--yes", "--skip-preview", extra_env={"PULUMI_K8S_AWAIT_ALL": "true"})
    update_seconds = time.monotonic() - started
    assert update_seconds < 240, f"the update took {update_seconds:.0f} s: it awaited the Knative Service"
    env = cluster.get(KSVC, "demo", "-n", APP_NAMESPACE)["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {"name": "LOG_LEVEL", "value": "debug"} in env

    # As Knative's controller would report a revision that cannot start (an image that does not
    # pull): Ready False, with the Service's URL. By default an update still returns (no await
    # for a custom resource), and the URL it reads back is the gateway's URL.
    generation = cluster.get(KSVC, "demo", "-n", APP_NAMESPACE)["metadata"]["generation"]
    url = f"http://demo.{APP_NAMESPACE}.example.com"
    status = {"observedGeneration": generation, "url": url, "conditions": [
        {"type": "Ready", "status": "False", "reason": "RevisionMissing", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
    cluster.kubectl("patch", KSVC, "demo", "-n", APP_NAMESPACE, "--subresource=status", "--type=merge",
                    "-p", json.dumps({"status": status}))
    project.config("logLevel", "warn")
    started = time.monotonic()
    project.up()
    not_ready_seconds = time.monotonic() - started
    assert not_ready_seconds < 240, f"the update took {not_ready_seconds:.0f} s: it awaited the Knative Service"
    assert project.outputs()["public_url"] == url

    started = time.monotonic()
    project.run("preview", "--expect-no-changes")
    preview_seconds = time.monotonic() - started

    started = time.monotonic()
    project.destroy()
    destroy_seconds = time.monotonic() - started
    assert cluster.get(KSVC, "-n", APP_NAMESPACE)["items"] == []
    assert cluster.ours(NAMESPACE) == [] and cluster.ours(APP_NAMESPACE) == []
    namespace = cluster.kubectl("get", "namespace", NAMESPACE, "-o", "json", check=False)
    assert namespace.returncode != 0 or json.loads(namespace.stdout)["status"]["phase"] == "Terminating"
    print(f"knative demo on the control plane: up {up_seconds:.1f} s, update (await all) {update_seconds:.1f} s, "
          f"update of a not-Ready Service {not_ready_seconds:.1f} s, "
          f"preview {preview_seconds:.1f} s, destroy {destroy_seconds:.1f} s")


def test_fullstack_on_knative_with_its_data(project_factory, cluster: Cluster):
    """examples/fullstack's `knative` stack: the api a cluster-local Knative Service beside the
    kubernetes kind's PostgreSQL and Redis (claims bound) and its secret store's Secret."""
    project = on_cluster(project_factory, cluster, "fullstack", kind="knative", protectStateful="false")
    project.run("config", "set", "--path", "compute.namespace", "fullstack-knative")
    project.run("config", "set", "--path", "compute.await_ready", "false")
    project.config("apiKey", "fullstack-api-key-6d2e", secret=True)
    ns, app_ns = "fullstack-knative", "fullstack-knative-store"  # the application's (the default layout)
    project.up()
    pairs = sent_and_stored(project, cluster)
    assert [(ours["kind"], ours["metadata"]["name"]) for ours, _ in pairs] == [("Service", "api")]
    ours, stored = pairs[0]
    assert lost_fields(ours, stored) == []
    # No gateway routes to it: reachable only inside the cluster.
    assert stored["metadata"]["labels"]["networking.knative.dev/visibility"] == "cluster-local"
    claims = cluster.get("pvc", "-n", ns)["items"]
    assert claims and {c["status"]["phase"] for c in claims} == {"Bound"}
    assert_ready_statefulsets(cluster, ns)
    # Every Secret the Service's env reads exists (its revision would not start without them).
    refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in stored["spec"]["template"]["spec"]["containers"][0]["env"]
            if "secretKeyRef" in e.get("valueFrom", {})}
    assert refs and all(cluster.exists("secret", name, "-n", app_ns) for name in refs), refs
    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert cluster.get(KSVC, "-n", app_ns)["items"] == []
    assert wait_until(lambda: not cluster.exists("namespace", ns) or not cluster.get("pvc", "-n", ns)["items"])


def test_every_knative_setting_is_stored_as_sent(engine_env, cluster: Cluster, tmp_path):
    """tests/knative/test_knative_validate.py's program with every setting the kind maps (probes,
    resources, emptyDir volumes, grants, h2c, autoscaling annotations, kubernetesMetadata, a
    DomainMapping with TLS, cluster-local Services): every Service and the DomainMapping stored as sent."""
    source = tmp_path / "source"
    source.mkdir()
    body = textwrap.dedent(inspect.getsource(every_setting)).replace('namespace="prod"', 'namespace="kn-every", await_ready=False')
    (source / "__main__.py").write_text(f"import radius_components as rad\n\n{body}\n\nevery_setting()\n")
    project = Project.copy_of(source, tmp_path / "work", dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                              name="radius-knative-every-setting")
    try:
        project.up()
        pairs = sent_and_stored(project, cluster)
        assert sorted((ours["kind"], ours["metadata"]["name"]) for ours, _ in pairs) == [
            ("DomainMapping", "shop.example.com"), ("Service", "api"), ("Service", "batch"),
            ("Service", "grpc")]
        assert {ours["metadata"]["name"]: lost_fields(ours, stored) for ours, stored in pairs} == {
            ours["metadata"]["name"]: [] for ours, _ in pairs}
        project.run("preview", "--expect-no-changes")
        project.destroy()
        assert cluster.get(f"{KSVC},domainmappings.serving.knative.dev", "-n", "kn-every-shop")["items"] == []
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)
