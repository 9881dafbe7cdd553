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
    source = tmp_path / "source"
    source.mkdir()
    (source / "__main__.py").write_text(PROGRAM)
    project = Project.copy_of(source, tmp_path / "work", dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                              name="radius-autoscaling")
    try:
        project.up()
        deployments = {d["metadata"]["labels"]["radapp.io/resource"]: d
                       for d in cluster.get("deployments", "-n", NAMESPACE, "-l", "radapp.io/application=shop")["items"]}
        [hpa] = [h for h in cluster.get("hpa", "-n", NAMESPACE)["items"]
                 if h["spec"]["scaleTargetRef"]["name"] == deployments["web"]["metadata"]["name"]]
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 6)
        assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu", "memory"]
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
