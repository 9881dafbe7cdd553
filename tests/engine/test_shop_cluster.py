"""examples/shop (written in natural order: the gateway last) on the local control plane, and a
program whose last component is invalid, which must create nothing there."""

from __future__ import annotations

import time

import pytest

from tests.engine.test_cluster import Cluster, assert_available, cluster, on_cluster  # noqa: F401 - the fixture
from tests.helpers.pulumi_cli import PulumiError

pytestmark = [pytest.mark.engine, pytest.mark.cluster]


def test_the_shop_deploys_is_stable_and_goes(project_factory, cluster: Cluster):
    project = on_cluster(project_factory, cluster, "shop", namespace="shop", protectStateful="false")
    project.config("apiKey", "payment-key-3f9a", secret=True)
    project.up()
    # Radius's layout (the default): the containers and the gateway in the application's namespace
    # `shop-shop`, named after themselves; the recipes' data stores in the environment's `shop`.
    assert_available(cluster, "shop-shop", {"web": 1, "api": 1, "worker": 1})
    ingress = cluster.get("ingress", "public", "-n", "shop-shop")
    backends = sorted(p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"])
    assert backends == ["api", "web"]
    # The database's data is on a claim, bound by the control plane's default StorageClass.
    claims = cluster.get("pvc", "-n", "shop")["items"]
    assert claims and {c["status"]["phase"] for c in claims} == {"Bound"}, [c["metadata"]["name"] for c in claims]
    assert_ready_statefulsets(cluster, "shop")
    project.run("preview", "--expect-no-changes")
    project.destroy()
    # protect_stateful off: the StatefulSet's claims go with it (whenDeleted: Delete), none is left behind.
    assert wait_until(lambda: not cluster.exists("namespace", "shop") or not cluster.get("pvc", "-n", "shop")["items"])


def assert_ready_statefulsets(cluster: Cluster, namespace: str) -> None:
    for s in cluster.get("statefulsets", "-n", namespace)["items"]:
        assert s["status"].get("readyReplicas") == s["spec"]["replicas"], (s["metadata"]["name"], s["status"])


def wait_until(check, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(1)
    return check()


def test_a_last_invalid_component_creates_nothing_on_the_cluster(project_factory, cluster: Cluster, tmp_path):
    project = on_cluster(project_factory, cluster, "shop", namespace="shop-invalid", protectStateful="false")
    project.config("apiKey", "payment-key-3f9a", secret=True)
    main = project.root / "__main__.py"
    # The shop with its gateway's second route misspelt: the whole program is refused.
    main.write_text(main.read_text().replace('{"path": "/api", "destination": api}',
                                             '{"path": "/api", "destination": "http://apj:3000"}'))
    with pytest.raises(PulumiError) as failed:
        project.up()
    assert "never declared" in str(failed.value)
    assert not cluster.exists("namespace", "shop-invalid") and not cluster.exists("namespace", "shop-invalid-shop")
    assert [r["type"] for r in project.resources() if r["type"] != "pulumi:pulumi:Stack"] == []


def test_fullstack_with_its_data(project_factory, cluster: Cluster):
    """examples/fullstack: PostgreSQL and Redis on bound claims, the app's Deployments Available,
    NetworkPolicies on the cluster, a clean second preview and nothing left after destroy."""
    project = on_cluster(project_factory, cluster, "fullstack", namespace="fullstack", protectStateful="false")
    project.config("apiKey", "fullstack-api-key-6d2e", secret=True)
    project.up()
    assert_available(cluster, "fullstack-store", {"api": 1})  # the application's namespace (the default layout)
    claims = cluster.get("pvc", "-n", "fullstack")["items"]
    assert claims and {c["status"]["phase"] for c in claims} == {"Bound"}
    assert_ready_statefulsets(cluster, "fullstack")
    policies = {p["metadata"]["name"] for p in cluster.get("networkpolicies", "-n", "fullstack")["items"]}
    assert policies, "the recipe servers are isolated"
    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert wait_until(lambda: not cluster.exists("namespace", "fullstack")
                      or not cluster.get("pvc", "-n", "fullstack")["items"])
