"""`autoScaling` on the kubernetes kind, `up` onto the local control plane (scripts/cluster) with
KEDA's CRDs and KEDA's own admission webhook (scripts/keda: github.com/kedacore/keda/v2 v2.20.2's
cmd/webhooks as a host process, registered by a loopback URL, failurePolicy Fail).

What the mocks cannot show: that the API server accepts the HorizontalPodAutoscaler and the
ScaledObject as pulumi-kubernetes sends them (the HPA through autoscaling/v2's validation, the
ScaledObject through KEDA's CRD schema and KEDA's webhook, which reads the Deployment's pod
template); that a second `up` does not fight the autoscaler over `replicas`; and that KEDA's
webhook refuses what the library refuses before anything registers (a cpu trigger on a container
without a cpu request, scale to zero on cpu alone), so those refusals are KEDA's rules, not ours.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.engine.test_cluster import REPO, Cluster, cluster  # noqa: F401 - the fixture
from tests.helpers.pulumi_cli import Project

pytestmark = [pytest.mark.engine, pytest.mark.cluster]

ENV_NAMESPACE = "autoscale"
# Radius's layout (the default): the application's workloads and their autoscalers in its own namespace.
NAMESPACE = f"{ENV_NAMESPACE}-shop"
SCALED_OBJECTS = "scaledobjects.keda.sh"

PROGRAM = textwrap.dedent(f'''
    import radius_components as rad

    env = rad.Environment("scale", compute=rad.KubernetesCompute(namespace="{ENV_NAMESPACE}", keda=True),
                          protect_stateful=False)
    app = rad.Application("shop", environment=env)
    sized = {{"requests": {{"cpu": "100m", "memory": "64Mi"}}}}
    rad.Container("web", application=app,
        container={{"image": "ghcr.io/radius-project/samples/demo:latest",
                   "ports": {{"http": {{"container_port": 3000}}}}, "resources": sized}},
        extensions=[{{"kind": "autoScaling", "min_replicas": 2, "max_replicas": 6,
                     "metrics": [{{"kind": "cpu", "target": {{"average_utilization": 70}}}},
                                 {{"kind": "memory", "target": {{"average_utilization": 80}}}}]}}])
    rad.Container("worker", application=app,
        container={{"image": "ghcr.io/radius-project/samples/demo:latest", "resources": sized}},
        extensions=[{{"kind": "autoScaling", "min_replicas": 0, "max_replicas": 10,
                     "metrics": [{{"kind": "cpu", "target": {{"average_utilization": 60}}}},
                                 {{"kind": "custom", "type": "prometheus", "metadata": {{
                                     "serverAddress": "http://prometheus.monitoring:9090",
                                     "query": "sum(jobs_waiting)", "threshold": "5"}}}}]}}])
''')


@pytest.fixture(scope="module")
def keda(cluster: Cluster):  # noqa: F811 - the fixture
    """KEDA's CRDs and webhook on the control plane (scripts/test starts them; else started here)."""
    script = REPO / "scripts" / "keda"
    proc = subprocess.run([str(script), "up"], capture_output=True, text=True, timeout=5400)
    assert proc.returncode == 0, f"scripts/keda up failed:\n{proc.stderr[-4000:]}"
    yield cluster


def _broken(name: str, deployment: str, triggers: list[dict], min_count: int = 1) -> dict:
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": {"name": name, "namespace": NAMESPACE},
            "spec": {"scaleTargetRef": {"name": deployment}, "minReplicaCount": min_count, "maxReplicaCount": 3,
                     "triggers": triggers}}


def _create(cluster: Cluster, manifest: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / f"{manifest['metadata']['name']}.json"
    path.write_text(json.dumps(manifest))
    # A real create: KEDA's cpu/memory check is skipped on a dry run (verifyCPUMemoryScalers).
    return cluster.kubectl("create", "-f", str(path), check=False)


def test_hpa_and_scaled_object_are_accepted_and_keda_refuses_what_we_refuse(engine_env, keda: Cluster, tmp_path):
    cluster = keda
    project = Project.of_program(PROGRAM, tmp_path, dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                                 name="radius-autoscaling")
    try:
        project.up()
        deployments = {d["metadata"]["labels"]["radapp.io/resource"]: d
                       for d in cluster.get("deployments", "-n", NAMESPACE, "-l", "radapp.io/application=shop")["items"]}
        [hpa] = [h for h in cluster.get("hpa", "-n", NAMESPACE)["items"]
                 if h["spec"]["scaleTargetRef"]["name"] == deployments["web"]["metadata"]["name"]]
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 6)
        assert [m["containerResource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu", "memory"]
        [scaled] = cluster.get(SCALED_OBJECTS, "-n", NAMESPACE)["items"]
        assert scaled["spec"]["scaleTargetRef"]["name"] == deployments["worker"]["metadata"]["name"]
        assert scaled["spec"]["minReplicaCount"] == 0
        assert [t["type"] for t in scaled["spec"]["triggers"]] == ["cpu", "prometheus"]

        # The autoscaler owns `replicas`: a count set behind the stack's back is no change to it.
        web = deployments["web"]["metadata"]["name"]
        cluster.kubectl("scale", "deployment", web, "-n", NAMESPACE, "--replicas=5")
        project.run("preview", "--expect-no-changes")
        project.up()
        assert cluster.get("deployment", web, "-n", NAMESPACE)["spec"]["replicas"] == 5

        # KEDA's webhook is live and applies its rules: a cpu trigger on containers without a cpu
        # request, and scale to zero on cpu alone (both refused by the library before registering,
        # tests/features/test_autoscaling.py).
        def deployment(name: str, resources: dict) -> dict:
            return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": NAMESPACE},
                    "spec": {"selector": {"matchLabels": {"app": name}}, "template": {
                        "metadata": {"labels": {"app": name}},
                        "spec": {"containers": [{"name": name, "image": "ghcr.io/radius-project/samples/demo:latest",
                                                 "resources": resources}]}}}}
        # Targets of their own: KEDA runs its checks in a map's (random) order, and a workload that
        # already has an autoscaler would be refused for that first.
        assert _create(cluster, deployment("bare", {}), tmp_path).returncode == 0
        assert _create(cluster, deployment("sized", {"requests": {"cpu": "100m"}}), tmp_path).returncode == 0
        cpu = {"type": "cpu", "metricType": "Utilization", "metadata": {"value": "70"}}
        refused = _create(cluster, _broken("no-request", "bare", [cpu]), tmp_path)
        assert refused.returncode != 0 and "doesn't have the cpu request defined" in refused.stderr, refused.stderr
        refused = _create(cluster, _broken("cpu-to-zero", "sized", [cpu], 0), tmp_path)
        assert refused.returncode != 0 and "scale to zero" in refused.stderr, refused.stderr
        # What we emit for the same container is accepted (the control for the two refusals above).
        accepted = _create(cluster, _broken("sized-cpu", "sized", [cpu]), tmp_path)
        assert accepted.returncode == 0, accepted.stderr
        # A second ScaledObject on a workload that already has one (KEDA: one autoscaler per workload).
        prometheus = {"type": "prometheus", "metadata": {"serverAddress": "http://p:9090", "query": "x", "threshold": "1"}}
        refused = _create(cluster, _broken("twice", deployments["worker"]["metadata"]["name"], [prometheus]), tmp_path)
        assert refused.returncode != 0 and "already managed" in refused.stderr, refused.stderr
        cluster.kubectl("delete", f"{SCALED_OBJECTS}/sized-cpu", "deployment/bare", "deployment/sized", "-n", NAMESPACE)

        project.destroy()
        assert cluster.get(SCALED_OBJECTS, "-n", NAMESPACE)["items"] == []
        assert cluster.get("hpa", "-n", NAMESPACE)["items"] == []
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)


# One container through the switches review R-K8S-2 and R-K8S-3 found refused on a live cluster;
# the stage is stack config, so one stack (one set of URNs) goes through all of them.
SWITCHING = textwrap.dedent(f'''
    import pulumi
    import radius_components as rad

    stage = pulumi.Config().require("stage")
    cpu = {{"kind": "cpu", "target": {{"average_utilization": 70}}}}
    queue = {{"kind": "custom", "type": "prometheus", "metadata": {{
        "serverAddress": "http://prometheus.monitoring:9090", "query": "sum(jobs_waiting)", "threshold": "5"}}}}
    scaling = {{
        "hpa": {{"kind": "autoScaling", "min_replicas": 2, "max_replicas": 6, "metrics": [cpu]}},
        "keda": {{"kind": "autoScaling", "min_replicas": 2, "max_replicas": 6, "metrics": [cpu, queue]}},
        "manual": {{"kind": "manualScaling", "replicas": 3}},
        "one": {{"kind": "manualScaling", "replicas": 1}},
    }}[stage]
    env = rad.Environment("switch", compute=rad.KubernetesCompute(namespace="{NAMESPACE}-switch", keda=True),
                          protect_stateful=False)
    app = rad.Application("shop", environment=env)
    rad.Container("web", application=app,
        container={{"image": "ghcr.io/radius-project/samples/demo:latest",
                   "resources": {{"requests": {{"cpu": "100m", "memory": "64Mi"}}}}}},
        extensions=[scaling])
''')


def _replicas_owner(cluster: Cluster, namespace: str, name: str) -> list[str]:
    """The field managers that own the Deployment's spec.replicas."""
    deployment = cluster.get("deployment", name, "-n", namespace, "--show-managed-fields")
    return [m["manager"] for m in deployment["metadata"]["managedFields"]
            if "f:replicas" in m.get("fieldsV1", {}).get("f:spec", {})]


def test_hpa_to_scaled_object_to_manual_scaling_on_a_live_cluster(engine_env, keda: Cluster, tmp_path):
    """R-K8S-3: HPA -> ScaledObject. Pulumi creates the ScaledObject (another type, another URN)
    before deleting the HPA; KEDA's webhook admits it only because the HPA carries
    `validations.keda.sh/hpa-ownership: "false"` (kedacore/keda scaledobject_webhook.go verifyHpas).
    R-K8S-2: -> manualScaling once kube-controller-manager owns spec.replicas (the HPA raised it to
    min_replicas through the scale subresource): the apply goes through only with force
    (`pulumi.com/patchForce`, pulumi-kubernetes await.go patchForce; pulumi/pulumi-kubernetes#2491).
    R-K8S-4 (restoreToOriginalReplicaCount) needs KEDA's operator, which scripts/keda does not run."""
    import time

    cluster = keda
    namespace = f"{NAMESPACE}-switch-shop"  # application `shop` of the environment namespace `<NAMESPACE>-switch`
    project = Project.of_program(SWITCHING, tmp_path, dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                                 name="radius-autoscaling-switch")
    try:
        # A count of its own first (the stack's field manager owns spec.replicas), as an existing
        # app that gains autoScaling: the HPA's first write then takes the field over.
        project.config("stage", "one")
        project.up()
        project.config("stage", "hpa")
        project.up()
        [deployment] = cluster.get("deployments", "-n", namespace, "-l", "radapp.io/application=shop")["items"]
        web = deployment["metadata"]["name"]
        # The HPA controller raises the count to min_replicas (no metrics needed for that).
        deadline = time.monotonic() + 120
        while cluster.get("deployment", web, "-n", namespace)["spec"].get("replicas") != 2:
            assert time.monotonic() < deadline, "the HPA never scaled the Deployment to min_replicas"
            time.sleep(3)
        assert "kube-controller-manager" in _replicas_owner(cluster, namespace, web)

        # Without the HPA's validations.keda.sh/hpa-ownership annotation this up failed (measured):
        # admission webhook "vscaledobject.keda.sh" denied the request: the workload 'shop-web' of
        # type 'apps/v1.Deployment' is already managed by the hpa 'shop-web'.
        project.config("stage", "keda")
        project.up()
        assert [s["spec"]["scaleTargetRef"]["name"] for s in cluster.get(SCALED_OBJECTS, "-n", namespace)["items"]] \
            == [web]
        assert cluster.get("hpa", "-n", namespace)["items"] == []

        # Without pulumi.com/patchForce this up failed (measured): "Apply failed with 1 conflict:
        # conflict with "kube-controller-manager" with subresource "scale" using apps/v1: .spec.replicas".
        project.config("stage", "manual")
        project.up()
        assert cluster.get("deployment", web, "-n", namespace)["spec"]["replicas"] == 3
        assert cluster.get(SCALED_OBJECTS, "-n", namespace)["items"] == []
        project.run("preview", "--expect-no-changes")
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)


ADOPTING = textwrap.dedent('''
    import radius_components as rad

    env = rad.Environment("adopt", compute=rad.KubernetesCompute(namespace="adopt", application_namespaces=True),
                          protect_stateful=False)
    app = rad.Application("shop", environment=env,
                          extensions=[{"kind": "kubernetesNamespace", "namespace": "team-prepared"}])
    rad.Container("web", application=app, container={"image": "ghcr.io/radius-project/samples/demo:latest"})
''')


def test_a_kubernetes_namespace_that_exists_is_adopted_and_kept(engine_env, keda: Cluster, tmp_path):
    """R-K8S-15: a Namespace resource would be POSTed and fail with AlreadyExists (pulumi-kubernetes
    await.go Creation); the NamespacePatch applies, and its delete only relinquishes (Deletion)."""
    cluster = keda
    cluster.kubectl("create", "namespace", "team-prepared")
    cluster.kubectl("label", "namespace", "team-prepared", "app.kubernetes.io/managed-by=platform-team")
    project = Project.of_program(ADOPTING, tmp_path, dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                                 name="radius-adopt-namespace")
    try:
        project.up()
        labels = cluster.get("namespace", "team-prepared")["metadata"]["labels"]
        assert labels["app.kubernetes.io/managed-by"] == "platform-team" and labels["radapp.io/application"] == "shop"
        assert cluster.get("deployments", "-n", "team-prepared")["items"]
        project.destroy()
        kept = cluster.get("namespace", "team-prepared")
        assert kept["status"]["phase"] == "Active" and "radapp.io/application" not in kept["metadata"]["labels"]
        assert cluster.get("deployments", "-n", "team-prepared")["items"] == []
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)
        cluster.kubectl("delete", "namespace", "team-prepared", "--wait=false", check=False)
