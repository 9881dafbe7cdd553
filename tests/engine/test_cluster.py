"""The real engine against a real API server (scripts/cluster: etcd, kube-apiserver,
controller-manager, scheduler and a kwok node whose pods become Ready without running).

What render mode cannot show: that the API server accepts every object as the provider sends it
(create, not upsert), that the provider's await sees each Deployment become Available, that
Services get endpoints, that RBAC objects exist as declared, that a changed secret rolls the pods,
and that `destroy` removes exactly what the stack made — never a namespace it did not create.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.pulumi_cli import REPO

pytestmark = [pytest.mark.engine, pytest.mark.cluster]

MANAGED = "app.kubernetes.io/managed-by=radius-components"
OUR_KINDS = "deployments,services,serviceaccounts,secrets,rolebindings"


class Cluster:
    def __init__(self, kubeconfig: Path, kubectl: Path):
        self.kubeconfig = kubeconfig
        self.kubectl_bin = kubectl

    def kubectl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(self.kubectl_bin), f"--kubeconfig={self.kubeconfig}", *args],
                              capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)}: {proc.stderr}")
        return proc

    def get(self, *args: str) -> dict:
        return json.loads(self.kubectl("get", *args, "-o", "json").stdout)

    def exists(self, *args: str) -> bool:
        return self.kubectl("get", *args, check=False).returncode == 0

    def ours(self, namespace: str) -> list[str]:
        items = self.get(OUR_KINDS, "-n", namespace, "-l", MANAGED)["items"]
        return sorted(f"{i['kind']}/{i['metadata']['name']}" for i in items)


@pytest.fixture(scope="module")
def cluster():
    """The local control plane: reused when running (scripts/test starts it), else started here."""
    script = REPO / "scripts" / "cluster"
    status = subprocess.run([str(script), "status"], capture_output=True, text=True)
    already_running = "DEAD" not in status.stdout and "kube-apiserver" in status.stdout
    proc = subprocess.run([str(script), "up"], capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, f"scripts/cluster up failed:\n{proc.stderr[-4000:]}"
    kubeconfig = Path(subprocess.run([str(script), "kubeconfig"], capture_output=True, text=True).stdout.strip())
    cache = Path(os.environ.get("RADIUS_CLUSTER_CACHE", Path.home() / ".cache" / "radius-cluster"))
    yield Cluster(kubeconfig, cache / "bin" / "kubectl")
    if not already_running:
        subprocess.run([str(script), "stop"], capture_output=True, text=True)


def on_cluster(project_factory, cluster, example: str, **config: str):
    project = project_factory(example, env={"KUBECONFIG": str(cluster.kubeconfig)})
    for key, value in config.items():
        project.config(key, value, secret=key == "cachePassword")
    return project


def assert_available(cluster: Cluster, namespace: str, deployments: dict[str, "int | range"]) -> None:
    """Each Deployment Available with its replicas ready: a count, or for an autoscaled one the
    counts it may be at (it starts at 1 and the HPA controller moves it into [min, max] on its
    next sync, which may come before or after the check)."""
    for name, replicas in deployments.items():
        d = cluster.get("deployment", name, "-n", namespace)
        conditions = {c["type"]: c["status"] for c in d["status"].get("conditions", [])}
        assert conditions.get("Available") == "True", (name, d["status"])
        ready = d["status"].get("readyReplicas")
        assert (ready in replicas) if isinstance(replicas, range) else ready == replicas, (name, d["status"])


def assert_endpoints(cluster: Cluster, namespace: str, service: str, ready: "int | range") -> None:
    slices = cluster.get("endpointslices", "-n", namespace, "-l", f"kubernetes.io/service-name={service}")["items"]
    addresses = [e for s in slices for e in (s.get("endpoints") or []) if e.get("conditions", {}).get("ready")]
    assert (len(addresses) in ready) if isinstance(ready, range) else len(addresses) == ready, (service, slices)


# examples/kubernetes' frontend autoscales (an HPA, min 2, max 6).
FRONTEND = range(1, 7)


def test_demo_with_the_default_namespace(project_factory, cluster):
    # KubernetesCompute's default namespace is `default`: it must deploy, and destroy must keep it.
    # Radius's layout (the default): the application's objects in `default-todo`, which the stack
    # creates and owns; the Redis recipe's stay in the environment's namespace.
    project = on_cluster(project_factory, cluster, "demo", namespace="default", protectStateful="false")
    project.up()  # the provider awaits each Deployment's Available condition
    namespaces = [r["inputs"]["metadata"]["name"] for r in project.resources()
                  if r["type"] == "kubernetes:core/v1:Namespace"]
    assert namespaces == ["default-todo"], namespaces
    app_ns = "default-todo"
    assert_available(cluster, app_ns, {"demo": 1})
    assert_available(cluster, "default", {"todo-db": 1})
    assert_endpoints(cluster, app_ns, "demo", 1)
    assert_endpoints(cluster, "default", "todo-db", 1)
    assert cluster.exists("serviceaccount", "demo", "-n", app_ns)
    # The demo's Gateway is an Ingress to the demo's Service; the provider awaited its address
    # (published by the ingress-controller stand-in of scripts/cluster).
    ingress = cluster.get("ingress", "public", "-n", app_ns)
    backends = [p["backend"]["service"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]]
    assert [b["name"] for b in backends] == ["demo"], ingress["spec"]
    assert ingress["status"]["loadBalancer"]["ingress"], ingress["status"]

    project.run("preview", "--expect-no-changes")

    project.destroy()
    assert cluster.ours("default") == [] and cluster.ours(app_ns) == []
    assert cluster.exists("namespace", "default"), "destroy deleted a namespace the stack did not create"


def test_example_in_a_namespace_that_exists_before_up(project_factory, cluster):
    # The earlier layout (applicationNamespaces=false: every application in the environment's
    # namespace, objects `<app>-<resource>`), which an existing stack keeps (README, "Upgrading").
    cluster.kubectl("create", "namespace", "team-shop")
    try:
        project = on_cluster(project_factory, cluster, "kubernetes", namespace="team-shop",
                             createNamespace="false", applicationNamespaces="false", cachePassword="first-password")
        project.up()
        ns = "team-shop"
        assert_available(cluster, ns, {"shop-api": 2, "shop-frontend": FRONTEND, "shop-sessions": 1})
        assert_endpoints(cluster, ns, "shop-api", 2)
        assert_endpoints(cluster, ns, "shop-frontend", FRONTEND)

        # RBAC as declared: a ServiceAccount per container, the `view` binding for the api only,
        # and the token mounted only where a role needs it.
        for sa in ("shop-api", "shop-frontend"):
            assert cluster.exists("serviceaccount", sa, "-n", ns)
        bindings = cluster.get("rolebindings", "-n", ns, "-l", MANAGED)["items"]
        assert [(b["roleRef"]["kind"], b["roleRef"]["name"], b["subjects"]) for b in bindings] == [
            ("ClusterRole", "view", [{"kind": "ServiceAccount", "name": "shop-api", "namespace": ns}])]
        pods = {p["spec"]["serviceAccountName"]: p["spec"] for p in
                cluster.get("pods", "-n", ns, "-l", "radapp.io/application=shop")["items"]}
        assert pods["shop-api"]["automountServiceAccountToken"] is True
        assert pods["shop-frontend"]["automountServiceAccountToken"] is False

        project.run("preview", "--expect-no-changes")

        # A changed secret rolls the pods: a new ReplicaSet, and every ready pod belongs to it.
        before = cluster.get("deployment", "shop-api", "-n", ns)["spec"]["template"]["metadata"]["annotations"]
        project.config("cachePassword", "second-password")
        # pulumi-kubernetes replaces a Secret whose data changes (Secrets are immutable to it unless
        # the provider sets enableSecretMutable), and the revision id is replaced by design (its
        # keepers are the secret values); the Deployment itself is updated, never replaced.
        changes = sorted((op, urn.rsplit("::", 1)[1]) for op, urn in project.changes())
        assert changes == [("replace", "api-secrets"), ("replace", "api-secrets-revision"),
                           ("update", "api-deployment")], changes
        project.up()
        after = cluster.get("deployment", "shop-api", "-n", ns)
        assert after["spec"]["template"]["metadata"]["annotations"] != before
        assert_available(cluster, ns, {"shop-api": 2})
        current = after["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
        assert current == "2", "the pod template changed once"
        for pod in cluster.get("pods", "-n", ns, "-l", "radapp.io/resource=api")["items"]:
            if pod["metadata"].get("deletionTimestamp"):
                continue
            owner = pod["metadata"]["ownerReferences"][0]["name"]
            rs = cluster.get("replicaset", owner, "-n", ns)
            assert rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == current

        project.run("preview", "--expect-no-changes")
        project.destroy()
        assert cluster.ours(ns) == []
        assert cluster.exists("namespace", ns), "destroy deleted a namespace that existed before up"
    finally:
        cluster.kubectl("delete", "namespace", "team-shop", "--wait=false", check=False)


def test_example_creates_owns_and_deletes_its_namespace(project_factory, cluster):
    project = on_cluster(project_factory, cluster, "kubernetes", namespace="shop-owned", cachePassword="pw-1")
    project.up()
    assert cluster.exists("namespace", "shop-owned") and cluster.exists("namespace", "shop-owned-shop")
    # Radius's layout: the containers in the application's namespace, named after themselves
    # (frontend reaches `http://api:...` as under Radius); the recipe's Redis in the environment's.
    assert_available(cluster, "shop-owned-shop", {"api": 2, "frontend": FRONTEND})
    assert_available(cluster, "shop-owned", {"shop-sessions": 1})
    project.destroy()
    for name in ("shop-owned", "shop-owned-shop"):
        ns = cluster.kubectl("get", "namespace", name, "-o", "json", check=False)
        assert ns.returncode != 0 or json.loads(ns.stdout)["status"]["phase"] == "Terminating", name


# -- gateways and data isolation, validated by the API server ---------------------------------
# scripts/cluster installs the Gateway API CRDs (v1.6.3, standard channel), so the API server
# itself checks our Gateways and HTTPRoutes against their schemas and CEL rules.

GATEWAY_API_TLS_PROGRAM = '''
import pulumi
import radius_components as rad

env = rad.Environment("gw", compute=rad.KubernetesCompute(namespace="gw-tls"), protect_stateful=False)
app = rad.Application("shop", environment=env)
gateway = rad.Gateway("public", application=app,
                      routes=[{"path": "/", "destination": "http://web:3000"},
                              {"path": "/v1.0/items:batch", "destination": "http://api:8080", "replacePrefix": "/"}],
                      hostname={"fullyQualifiedHostname": "shop.example.com"},
                      tls={"certificateFrom": "shop-tls"},
                      runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}})
rad.Container("web", application=app, container={"image": "nginx", "ports": {"http": {"container_port": 3000}}})
rad.Container("api", application=app, container={"image": "nginx", "ports": {"http": {"container_port": 8080}}})
pulumi.export("url", gateway.url)
'''


def _policies(cluster: Cluster, namespace: str) -> dict[str, dict]:
    return {p["metadata"]["name"]: p["spec"] for p in cluster.get("networkpolicies", "-n", namespace)["items"]}


def test_demo_ingress_names_its_class_and_redis_admits_only_the_demo(project_factory, cluster):
    project = on_cluster(project_factory, cluster, "demo", namespace="demo-class", ingressClass="nginx",
                         protectStateful="false")
    project.up()
    ns, app_ns = "demo-class", "demo-class-todo"
    ingress = cluster.get("ingress", "public", "-n", app_ns)
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["status"]["loadBalancer"]["ingress"], ingress["status"]
    assert_available(cluster, app_ns, {"demo": 1})
    assert_available(cluster, ns, {"todo-db": 1})
    policies = _policies(cluster, ns)
    redis = {"radapp.io/application": "todo", "radapp.io/resource": "db"}
    assert policies["todo-db"] == {"podSelector": {"matchLabels": redis}, "policyTypes": ["Ingress"]}
    assert policies["todo-demo.to-redis"]["podSelector"] == {"matchLabels": redis}
    assert policies["todo-demo.to-redis"]["ingress"] == [{
        # The demo's pods are in the application's namespace: named by the label every namespace carries.
        "from": [{"podSelector": {"matchLabels": {"radapp.io/application": "todo", "radapp.io/resource": "demo"}},
                  "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": app_ns}}}],
        "ports": [{"protocol": "TCP", "port": 6379}]}]
    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert cluster.ours(ns) == [] and _policies(cluster, ns) == {}


def test_demo_on_the_gateway_api(project_factory, cluster):
    project = on_cluster(project_factory, cluster, "demo", namespace="demo-gwapi", gatewayClass="eg",
                         protectStateful="false")
    project.up()
    ns = "demo-gwapi-todo"  # the application's namespace (Radius's layout, the default)
    gateway = cluster.get("gateways.gateway.networking.k8s.io", "public", "-n", ns)
    assert gateway["spec"]["gatewayClassName"] == "eg"
    route = cluster.get("httproutes.gateway.networking.k8s.io", "public", "-n", ns)
    assert route["spec"]["rules"][0]["backendRefs"][0]["name"] == "demo"
    assert not cluster.exists("ingress", "public", "-n", ns)
    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert not cluster.exists("httproutes.gateway.networking.k8s.io", "public", "-n", ns)


def test_gateway_api_with_tls_on_the_cluster(engine_env, cluster, tmp_path):
    from tests.helpers.pulumi_cli import Project

    project = Project.of_program(GATEWAY_API_TLS_PROGRAM, tmp_path, dict(engine_env, KUBECONFIG=str(cluster.kubeconfig)),
                                 name="radius-gateway-api-tls")
    try:
        project.up()
        ns = "gw-tls-shop"  # the application's namespace (Radius's layout, the default)
        gateway = cluster.get("gateways.gateway.networking.k8s.io", "public", "-n", ns)
        assert [(l["name"], l["port"]) for l in gateway["spec"]["listeners"]] == [("http", 80), ("https", 443)]
        redirect = cluster.get("httproutes.gateway.networking.k8s.io", "public-https-redirect", "-n", ns)
        assert redirect["spec"]["rules"][0]["filters"] == [
            {"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}]
        route = cluster.get("httproutes.gateway.networking.k8s.io", "public", "-n", ns)
        assert route["spec"]["parentRefs"][0]["sectionName"] == "https"
        assert project.outputs()["url"] == "https://shop.example.com"
        # The CRD's CEL rules are live: a path the Gateway component refuses, the API server refuses too.
        bad = dict(route, metadata={"name": "bad", "namespace": ns})
        bad["spec"] = dict(route["spec"], rules=[dict(route["spec"]["rules"][0], matches=[
            {"path": {"type": "PathPrefix", "value": "/a//b"}}])])
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(bad))
        refused = cluster.kubectl("apply", "--dry-run=server", "-f", str(path), check=False)
        assert refused.returncode != 0 and "must not contain '//'" in refused.stderr, refused.stderr
        project.run("preview", "--expect-no-changes")
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)
