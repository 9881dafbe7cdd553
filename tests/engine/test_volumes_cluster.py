"""examples/volumes on the local control plane (issue #28): the Volume's claim binds (the control
plane's default StorageClass, a hostpath provisioner), the Deployment that mounts it becomes
Available, its pod carries the claim and the in-memory scratch directory, and `destroy` of a
throwaway stack removes the claim."""

from __future__ import annotations

import pytest

from tests.engine.test_cluster import Cluster, assert_available, cluster, on_cluster  # noqa: F401 - the fixture
from tests.engine.test_shop_cluster import wait_until

pytestmark = [pytest.mark.engine, pytest.mark.cluster]

CLAIM = "kubernetes:core/v1:PersistentVolumeClaim"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def _named(project, typ: str) -> str:
    # Names read from the stack, not spelled here: the kubernetes names may change (Radius parity).
    found = [r["inputs"]["metadata"]["name"] for r in project.resources() if r["type"] == typ]
    assert len(found) == 1, (typ, found)
    return found[0]


def _namespace_of(project, typ: str) -> str:
    # The namespace too: the application's with application namespaces (the default layout).
    found = [r["inputs"]["metadata"]["namespace"] for r in project.resources() if r["type"] == typ]
    assert len(found) == 1, (typ, found)
    return found[0]


def test_the_volume_binds_and_the_deployment_mounting_it_becomes_available(project_factory, cluster: Cluster):
    project = on_cluster(project_factory, cluster, "volumes", namespace="files", protectStateful="false")
    project.up()  # the provider awaits the claim (Bound, or Pending with WaitForFirstConsumer) and the Deployment
    claim_name, deployment = _named(project, CLAIM), _named(project, DEPLOYMENT)
    ns = _namespace_of(project, DEPLOYMENT)
    assert _namespace_of(project, CLAIM) == ns, "a pod mounts only claims of its own namespace"
    assert project.outputs()["volume"] == claim_name

    assert wait_until(lambda: cluster.get("pvc", claim_name, "-n", ns)["status"].get("phase") == "Bound")
    claim = cluster.get("pvc", claim_name, "-n", ns)
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert claim["status"]["capacity"]["storage"] == "1Gi"
    assert_available(cluster, ns, {deployment: 1})

    pods = cluster.get("pods", "-n", ns, "-l", "radapp.io/resource=files")["items"]
    assert pods, "no pod of the files container"
    for pod in pods:
        volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
        assert volumes["uploads"]["persistentVolumeClaim"] == {"claimName": claim_name}
        assert volumes["scratch"]["emptyDir"] == {"medium": "Memory", "sizeLimit": "64Mi"}
        mounts = {m["name"]: m["mountPath"] for m in pod["spec"]["containers"][0]["volumeMounts"]}
        assert mounts["uploads"] == "/data/uploads" and mounts["scratch"] == "/scratch"
        assert pod["status"]["phase"] == "Running"
    assert cluster.get("deployment", deployment, "-n", ns)["spec"]["strategy"]["type"] == "Recreate"

    project.run("preview", "--expect-no-changes")
    project.destroy()
    # protect_stateful off: the claim goes with the stack.
    assert wait_until(lambda: not cluster.exists("namespace", ns)
                      or not cluster.get("pvc", "-n", ns)["items"])


def test_an_existing_deployment_gains_a_read_write_once_volume(project_factory, cluster: Cluster):
    """A Deployment created without a strategy has `rollingUpdate` defaulted by the API server and
    owned by no field manager: applying `type: Recreate` to it is refused ("may not be specified
    when strategy type is 'Recreate'", kubernetes/kubernetes#24198). The kind replaces such a
    Deployment instead, deleted first (replace_on_changes on spec.strategy, delete_before_replace)."""
    project = on_cluster(project_factory, cluster, "volumes", namespace="files2", protectStateful="false",
                         mountUploads="false")
    project.up()
    deployment, ns = _named(project, DEPLOYMENT), _namespace_of(project, DEPLOYMENT)
    assert cluster.get("deployment", deployment, "-n", ns)["spec"]["strategy"]["type"] == "RollingUpdate"
    project.config("mountUploads", "true")
    project.up()
    live = cluster.get("deployment", deployment, "-n", ns)
    assert live["spec"]["strategy"] == {"type": "Recreate"}
    assert_available(cluster, ns, {deployment: 1})
    project.destroy()
