"""Radius's own end-to-end container applications (tests/engine/programs/radius_container_dns, from
its corerp-resources-container-multiple-containers-multiple-ports-dns.bicep and
corerp-resources-container-manifest.bicep) on the local control plane: deployed, Deployments
Available (kwok), Services named as Radius names them, the connection by short name resolving to
the right Service, the base manifest's Secrets and ConfigMap deployed."""

from __future__ import annotations

import pytest

from tests.helpers.pulumi_cli import REPO, Project
from tests.engine.test_cluster import Cluster, assert_available, cluster  # noqa: F401 - the fixture

pytestmark = [pytest.mark.engine, pytest.mark.cluster]

PROGRAM = REPO / "tests" / "engine" / "programs" / "radius_container_dns"
NAMESPACE = "corerp-multiple-ports-dns"  # its kubernetesNamespace extension


def test_radius_multiple_containers_multiple_ports_dns(engine_env, tmp_path, cluster: Cluster):
    project = Project.copy_of(PROGRAM, tmp_path, dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                              name="radius-e2e-dns")
    project.config("namespace", "radius-e2e")
    try:
        project.up()
        assert_available(cluster, NAMESPACE, {"containerqw": 1, "containerqe": 1, "containerqr": 1})
        # Services named after their container, in the application's namespace, as Radius names them.
        services = {s["metadata"]["name"]: s for s in cluster.get("services", "-n", NAMESPACE)["items"]}
        assert {"containerqe", "containerqr"} <= set(services) and "containerqw" not in services
        assert sorted(p["port"] for p in services["containerqe"]["spec"]["ports"]) == [42, 777, 3000]
        assert sorted(p["port"] for p in services["containerqr"]["spec"]["ports"]) == [7, 9, 934, 3000]
        # The short name in the connection is a Service of the caller's namespace: a pod's DNS
        # search path starts with `<namespace>.svc.cluster.local`, so `containerqe` resolves to
        # that Service, which selects containerqe's pods and serves port 42.
        qw = cluster.get("deployment", "containerqw", "-n", NAMESPACE)
        env = {e["name"]: e.get("value") for e in qw["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env["CONNECTION_CONTAINERQE_HOSTNAME"] == "containerqe" and env["CONNECTION_CONTAINERQE_PORT"] == "42"
        assert env["CONNECTION_CONTAINERQR_HOSTNAME"] == "containerqr" and env["CONNECTION_CONTAINERQR_PORT"] == "934"
        selector = services["containerqe"]["spec"]["selector"]
        pods = cluster.get("pods", "-n", NAMESPACE, "-l", ",".join(f"{k}={v}" for k, v in selector.items()))["items"]
        assert [p["metadata"]["labels"]["radapp.io/resource"] for p in pods] == ["containerqe"]
        # corerp-resources-container-manifest: the base's objects, in the application's namespace.
        manifest_ns = "corerp-resources-container-manifest"
        assert_available(cluster, manifest_ns, {"ctnr-manifest": 3})  # the base's replicas
        for kind, name in (("service", "ctnr-manifest"), ("serviceaccount", "ctnr-manifest"),
                           ("secret", "ctnr-manifest-secret0"), ("secret", "ctnr-manifest-secret1"),
                           ("configmap", "ctnr-manifest-config")):
            assert cluster.exists(kind, name, "-n", manifest_ns), (kind, name)
        pod_env = cluster.get("deployment", "ctnr-manifest", "-n", manifest_ns)["spec"]["template"]["spec"]
        assert {e["name"] for e in pod_env["containers"][0]["env"]} >= {"TEST_SECRET_KEY", "TEST_CONFIGMAP_KEY"}
        # The recipe's Redis in the environment's namespace, the reader in its application's, and
        # the policy admitting it across them (accepted by the API server's schema; kwok runs no
        # network plugin, so it is not enforced here).
        assert_available(cluster, "radius-e2e", {"data-cache": 1})
        assert_available(cluster, "radius-e2e-data", {"reader": 1})
        policy = cluster.get("networkpolicy", "data-reader.to-cache", "-n", "radius-e2e")
        (peer,) = policy["spec"]["ingress"][0]["from"]
        assert peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "radius-e2e-data"}
        namespace_labels = cluster.get("namespace", "radius-e2e-data")["metadata"]["labels"]
        assert namespace_labels["kubernetes.io/metadata.name"] == "radius-e2e-data"
        reader = cluster.get("deployment", "reader", "-n", "radius-e2e-data")
        env = {e["name"]: e.get("value") for e in reader["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env["CONNECTION_CACHE_HOST"] == "data-cache.radius-e2e.svc.cluster.local"
        project.run("preview", "--expect-no-changes")
    finally:
        project.destroy()
    # A kubernetesNamespace is adopted, not owned (a NamespacePatch: never deleted by destroy),
    # so the namespace stays and only the stack's objects in it go.
    assert cluster.get("deployments", "-n", NAMESPACE)["items"] == []
    assert cluster.get("services", "-n", NAMESPACE)["items"] == []
    cluster.kubectl("delete", "namespace", NAMESPACE, "--wait=false")
