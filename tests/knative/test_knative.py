"""The knative kind under mocks: every registered resource of examples/demo and
examples/fullstack, the Knative Service's shape, the connection contract, scaling, the Gateway.

Knative's rules encoded here are cited from knative.dev/serving v0.42.2 (the version
tools/knative-validate runs, see test_knative_validate.py, which feeds the same objects to
Knative's own SetDefaults + Validate).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from radius_components.platforms.knative.validate import RESERVED_ENV
from tests.helpers.mocks import GENERATED_PASSWORD, run_program, secret_leaks, snapshot
from tests.helpers.programs import DEMO_IMAGE, as_program, fullstack_program
from tests.knative.helpers import (DOMAIN_MAPPING, KNATIVE_SERVICE, demo_run, fullstack_run, knative_manifests,
                                   manifest)

VISIBILITY = "networking.knative.dev/visibility"
MIN_SCALE = "autoscaling.knative.dev/min-scale"
MAX_SCALE = "autoscaling.knative.dev/max-scale"
WEB = {"web": {"container_port": 8080}}


@pytest.fixture(scope="module")
def demo():
    return demo_run()


@pytest.fixture(scope="module")
def fullstack():
    return fullstack_run()


def native(run) -> list[tuple[str, str]]:
    return sorted((r.type, r.name) for r in run.resources if not r.type.startswith(("radius:", "pulumi:")))


# -- every registered resource of the examples ------------------------------------------------------


def test_the_demo_registers_exactly_these_resources(demo):
    assert native(demo) == sorted([
        ("kubernetes:core/v1:Namespace", "demo-env-namespace"),
        # Radius's layout (the default): the application's own namespace, `demo-todo`.
        ("kubernetes:core/v1:Namespace", "todo-namespace"),
        # Redis: the kubernetes kind's recipe, unchanged (its server isolated by a NetworkPolicy).
        ("random:index/randomPassword:RandomPassword", "db-password"),
        ("random:index/randomId:RandomId", "db-password-revision"),
        ("kubernetes:core/v1:Secret", "db-password-secret"),
        ("kubernetes:apps/v1:Deployment", "db-deployment"),
        ("kubernetes:core/v1:Service", "db-service"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "db-network-policy"),
        # The demo container: a Knative Service, its ServiceAccount and connection Secret, and the
        # policy that admits its pods to the Redis server.
        ("kubernetes:core/v1:ServiceAccount", "demo-identity"),
        ("kubernetes:core/v1:Secret", "demo-secrets"),
        ("random:index/randomId:RandomId", "demo-secrets-revision"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "demo-to-redis-network-policy"),
        (KNATIVE_SERVICE, "demo-service"),
    ])
    # No Deployment or Service of the kubernetes kind for the container, and no Ingress: the
    # gateway is Knative's own routing (the Service is external).
    assert [r.name for r in demo.of_type("kubernetes:apps/v1:Deployment")] == ["db-deployment"]
    assert demo.of_type("kubernetes:networking.k8s.io/v1:Ingress") == []


def test_the_demo_service(demo):
    # The provider reads the wire names: `api_version` sent as it is would render a Service with
    # no apiVersion (found by test_knative_engine.py on the real provider).
    inputs = demo.one(KNATIVE_SERVICE).inputs
    assert {"apiVersion", "kind", "metadata", "spec"} <= set(inputs) and "api_version" not in inputs
    svc = manifest(demo.one(KNATIVE_SERVICE))
    assert svc["apiVersion"] == "serving.knative.dev/v1" and svc["kind"] == "Service"
    # Radius's layout (the default): named after the container, in the application's namespace.
    assert svc["metadata"]["name"] == "demo" and svc["metadata"]["namespace"] == "demo-todo"
    # The gateway routes to it, so it is not cluster-local.
    assert VISIBILITY not in svc["metadata"]["labels"]
    template = svc["spec"]["template"]
    # Scale to zero by default.
    assert template["metadata"]["annotations"][MIN_SCALE] == "0"
    assert MAX_SCALE not in template["metadata"]["annotations"]
    pod = template["spec"]
    assert pod["serviceAccountName"] == "demo"
    assert pod["automountServiceAccountToken"] is False and pod["enableServiceLinks"] is False
    assert "restartPolicy" not in pod  # not a field a Knative Service may set (fieldmask.go PodSpecMask)
    (container,) = pod["containers"]
    assert container["image"] == DEMO_IMAGE
    # The one port, named for the protocol the queue-proxy speaks (validPortNames: '', http1, h2c).
    assert container["ports"] == [{"name": "http1", "containerPort": 3000, "protocol": "TCP"}]
    assert container["readinessProbe"] == {"httpGet": {"path": "/healthz", "port": 3000}}


def test_the_demo_connection_contract_is_the_kubernetes_kinds(demo):
    """The same CONNECTION_REDIS_* names; the secrets only through secretKeyRef to the Secret."""
    (container,) = manifest(demo.one(KNATIVE_SERVICE))["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["CONNECTION_REDIS_HOST"]["value"] == "todo-db.demo.svc.cluster.local"
    assert env["CONNECTION_REDIS_PORT"]["value"] == "6379"
    for name in ("CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL", "CONNECTION_REDIS_CONNECTIONSTRING"):
        assert env[name] == {"name": name, "valueFrom": {"secretKeyRef": {"name": "demo-secrets", "key": name}}}
    secret = demo.one("kubernetes:core/v1:Secret", "demo-secrets").plain()
    assert set(secret["stringData"]) == {"CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL",
                                         "CONNECTION_REDIS_CONNECTIONSTRING"}


def test_the_demo_outputs(demo):
    demo_outputs = demo.component("demo").outputs
    # Knative's rule: other containers reach a Service at its cluster-local address, on port 80.
    assert demo_outputs["internal_url"] == "http://demo.demo-todo.svc.cluster.local"
    assert demo_outputs["internal_port"] == 80
    assert demo_outputs["service_name"] == "demo" and demo_outputs["service_account_name"] == "demo"
    # The gateway's URL is the Service's external URL, as Knative reports it (status.url; the mocks'
    # config-domain is knative.example.com).
    assert demo.component("public").outputs["url"] == "http://demo.demo-todo.knative.example.com"
    assert demo_outputs["uri"] == "http://demo.demo-todo.knative.example.com"


def test_the_fullstack_registers_exactly_these_resources(fullstack):
    assert native(fullstack) == sorted([
        ("kubernetes:core/v1:Namespace", "fullstack-namespace"),
        ("kubernetes:core/v1:Namespace", "store-namespace"),
        # PostgreSQL and Redis: the kubernetes kind's recipes, unchanged.
        ("random:index/randomPassword:RandomPassword", "orders-password"),
        ("random:index/randomPassword:RandomPassword", "orders-admin-password"),
        ("random:index/randomId:RandomId", "orders-password-revision"),
        ("kubernetes:core/v1:Secret", "orders-password-secret"),
        ("kubernetes:core/v1:ConfigMap", "orders-scripts"),
        ("kubernetes:core/v1:Service", "orders-service"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "orders-network-policy"),
        ("kubernetes:apps/v1:StatefulSet", "orders-statefulset"),
        ("kubernetes:core/v1:PersistentVolumeClaimPatch", "orders-claim"),
        ("random:index/randomPassword:RandomPassword", "sessions-password"),
        ("random:index/randomId:RandomId", "sessions-password-revision"),
        ("kubernetes:core/v1:Secret", "sessions-password-secret"),
        ("kubernetes:apps/v1:Deployment", "sessions-deployment"),
        ("kubernetes:core/v1:Service", "sessions-service"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "sessions-network-policy"),
        ("random:index/randomPassword:RandomPassword", "app-secrets-session-key"),
        ("kubernetes:core/v1:Secret", "app-secrets-secret"),
        ("kubernetes:core/v1:ServiceAccount", "api-identity"),
        ("kubernetes:core/v1:Secret", "api-secrets"),
        ("random:index/randomId:RandomId", "api-secrets-revision"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "api-to-orders-network-policy"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "api-to-redis-network-policy"),
        (KNATIVE_SERVICE, "api-service"),
    ])


def test_the_policies_admit_the_knative_pods(fullstack):
    """The recipes isolate their servers; each connection's policy must select the pods Knative
    makes from the Service's template (their labels are the template's)."""
    template_labels = manifest(fullstack.one(KNATIVE_SERVICE))["spec"]["template"]["metadata"]["labels"]
    for name in ("api-to-orders-network-policy", "api-to-redis-network-policy"):
        (rule,) = fullstack.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", name).plain()["spec"]["ingress"]
        (peer,) = rule["from"]
        assert peer["podSelector"]["matchLabels"].items() <= template_labels.items(), name


def test_the_fullstack_api_is_cluster_local_and_reads_the_store(fullstack):
    svc = manifest(fullstack.one(KNATIVE_SERVICE))
    # No Gateway routes to it: reachable only inside the cluster.
    assert svc["metadata"]["labels"][VISIBILITY] == "cluster-local"
    (container,) = svc["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    store = "store-app-secrets-store"
    assert env["API_KEY"]["valueFrom"] == {"secretKeyRef": {"name": store, "key": "api-key"}}
    assert env["SESSION_KEY"]["valueFrom"] == {"secretKeyRef": {"name": store, "key": "session-key"}}
    assert env["CONNECTION_ORDERS_SERVER"]["value"] == "store-orders.fullstack.svc.cluster.local"
    assert env["CONNECTION_ORDERS_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "api-secrets"
    assert fullstack.component("api").outputs["uri"] == "http://api.fullstack-store.svc.cluster.local"


@pytest.mark.parametrize("example", ["demo", "fullstack"])
def test_every_resource_of_the_examples_keeps_knatives_rules(example, request):
    """The class, not the instance: every object either example registers on knative.

    - Knative objects carry nothing Knative refuses (k8s_validation.go, fieldmask.go):
      one container, one port named '', http1 or h2c, over TCP; no restartPolicy;
      automountServiceAccountToken only false; no reserved variable; autoscaling annotations
      only on the revision template (metadata_validation.go ValidateHasNoAutoscalingAnnotation).
    - Every other Kubernetes object is one the kubernetes kind registers: nothing new to validate.
    - No secret value is in any input but a Secret's stringData.
    """
    run = request.getfixturevalue(example)
    allowed = {"kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:Service",
               "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:PersistentVolumeClaimPatch",
               "kubernetes:core/v1:ServiceAccount", "kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet",
               "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
               KNATIVE_SERVICE, DOMAIN_MAPPING}
    for r in run.resources:
        if r.type.startswith("kubernetes:"):
            assert r.type in allowed, (r.type, r.name)
    services = [m for m in knative_manifests(run) if m["kind"] == "Service"]
    assert services
    for svc in services:
        assert not any(k.startswith("autoscaling.knative.dev/") for k in svc["metadata"].get("annotations", {}))
        pod = svc["spec"]["template"]["spec"]
        assert "restartPolicy" not in pod
        assert pod.get("automountServiceAccountToken", False) is False
        (container,) = pod["containers"]
        (port,) = container["ports"]
        assert port["name"] in ("", "http1", "h2c") and port["protocol"] == "TCP"
        assert not {e["name"] for e in container.get("env", [])} & set(RESERVED_ENV)
    # Secrets reach only Secrets' stringData (and, secret-marked, the revision id's keepers, as on
    # the kubernetes kind); nowhere as plaintext.
    secrets = [GENERATED_PASSWORD, "fullstack-api-key-6d2e"]
    allowed = {"kubernetes:core/v1:Secret": ("stringData",), "random:index/randomId:RandomId": ("keepers",)}
    assert secret_leaks(run, secrets, allowed) == []
    assert [hit for value in secrets for hit in run.plaintext(value)] == []


def test_the_examples_are_deterministic():
    """Same program -> byte-identical inputs."""
    program = fullstack_program("knative")
    assert snapshot(program) == snapshot(program)


# -- connections between containers, scaling, grants ------------------------------------------------


def _app(namespace: str = "prod", **compute: Any):
    env = rad.Environment("prod", compute=rad.KnativeCompute(namespace=namespace, **compute), protect_stateful=False)
    return rad.Application("shop", environment=env)


def test_a_container_reaches_another_at_its_cluster_local_address_on_port_80():
    def program():
        app = _app()
        backend = rad.Container("backend", application=app, container={"image": "img", "ports": WEB})
        rad.Container("frontend", application=app, container={"image": "img", "ports": {"web": {"container_port": 3000}}},
                      connections={"backend": {"source": backend}})

    run = run_program(as_program(program))
    (frontend,) = [manifest(r) for r in run.of_type(KNATIVE_SERVICE) if r.name == "frontend-service"]
    env = {e["name"]: e.get("value") for e in frontend["spec"]["template"]["spec"]["containers"][0]["env"]}
    # Radius's layout (the default): `backend` in the application's namespace `prod-shop`.
    assert env == {"CONNECTION_BACKEND_SCHEME": "http", "CONNECTION_BACKEND_HOSTNAME": "backend.prod-shop.svc.cluster.local",
                   "CONNECTION_BACKEND_PORT": "80", "CONNECTION_BACKEND_URL": "http://backend.prod-shop.svc.cluster.local"}
    # Neither is routed by a gateway: both cluster-local.
    assert all(manifest(r)["metadata"]["labels"][VISIBILITY] == "cluster-local" for r in run.of_type(KNATIVE_SERVICE))


def _one_service(**container_kwargs: Any) -> dict[str, Any]:
    def program():
        rad.Container("api", application=_app(), **container_kwargs)

    return manifest(run_program(as_program(program)).one(KNATIVE_SERVICE))


def test_manual_scaling_is_min_and_max_scale():
    svc = _one_service(container={"image": "img", "ports": WEB}, extensions=[{"kind": "manualScaling", "replicas": 3}])
    assert svc["spec"]["template"]["metadata"]["annotations"] == {MIN_SCALE: "3", MAX_SCALE: "3"}


def test_the_runtime_block_sets_knatives_own_settings():
    svc = _one_service(container={"image": "img", "ports": {"grpc": {"container_port": 9000, "scheme": "grpc"}}},
                       runtimes={"knative": {"container_concurrency": 10, "timeout_seconds": 120, "min_scale": 1,
                                             "max_scale": 5, "target": 7.5, "metric": "rps"}})
    template = svc["spec"]["template"]
    assert template["spec"]["containerConcurrency"] == 10 and template["spec"]["timeoutSeconds"] == 120
    assert template["metadata"]["annotations"] == {MIN_SCALE: "1", MAX_SCALE: "5", "autoscaling.knative.dev/metric": "rps",
                                                   "autoscaling.knative.dev/target": "7.5"}
    # gRPC is HTTP/2 cleartext to the container: the port name h2c tells Knative.
    assert template["spec"]["containers"][0]["ports"][0]["name"] == "h2c"


def test_the_hpa_class_keeps_one_replica():
    def program():
        # serving_hpa: the HPA class is Knative's optional serving-hpa component.
        rad.Container("api", application=_app(serving_hpa=True), container={"image": "img", "ports": WEB},
                      runtimes={"knative": {"autoscaling_class": "hpa.autoscaling.knative.dev", "metric": "cpu",
                                            "target": 70}})

    svc = manifest(run_program(as_program(program)).one(KNATIVE_SERVICE))
    annotations = svc["spec"]["template"]["metadata"]["annotations"]
    assert annotations[MIN_SCALE] == "1" and annotations["autoscaling.knative.dev/class"] == "hpa.autoscaling.knative.dev"


def test_a_readiness_probe_with_timings_but_no_period_gets_kubernetes_period():
    """Without periodSeconds Knative probes aggressively and refuses failureThreshold and
    timeoutSeconds (k8s_validation.go validateReadinessProbe); Kubernetes' period is 10."""
    svc = _one_service(container={"image": "img", "ports": WEB, "readiness_probe": {
        "kind": "httpGet", "container_port": 8080, "path": "/ready", "failure_threshold": 5, "timeout_seconds": 2},
        "liveness_probe": {"kind": "exec", "command": ["cat", "/tmp/ok"]}})
    container = svc["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"] == {"httpGet": {"path": "/ready", "port": 8080}, "failureThreshold": 5,
                                           "timeoutSeconds": 2, "periodSeconds": 10}
    # Knative accepts exec probes (validateProbe lists exec among the handlers); a liveness
    # probe gets Radius's timings as on the kubernetes kind.
    assert container["livenessProbe"] == {"exec": {"command": ["cat", "/tmp/ok"]}, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3}


def test_grants_are_rolebindings_and_mount_the_token_through_the_serviceaccount():
    """automountServiceAccountToken may only be false on a Knative Service (fieldmask.go
    PodSpecMask): with a grant the field is left out and the ServiceAccount mounts the token."""
    def program():
        app = _app()
        cache = rad.RedisCache("cache", application=app)
        rad.Container("api", application=app, container={"image": "img", "ports": WEB},
                      connections={"cache": {"source": cache, "iam": {"roles": ["ClusterRole/view"]}}})

    run = run_program(as_program(program))
    pod = manifest(run.one(KNATIVE_SERVICE))["spec"]["template"]["spec"]
    assert "automountServiceAccountToken" not in pod
    assert run.one("kubernetes:core/v1:ServiceAccount", "api-identity").plain()["automountServiceAccountToken"] is True
    binding = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").plain()
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "api", "namespace": "prod-shop"}]


def test_volumes_are_empty_dirs():
    svc = _one_service(container={"image": "img", "ports": WEB, "volumes": {
        "cache": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/cache"},
        "tmp": {"kind": "ephemeral", "mount_path": "/tmp"}}})
    pod = svc["spec"]["template"]["spec"]
    assert pod["volumes"] == [{"name": "cache", "emptyDir": {"medium": "Memory"}}, {"name": "tmp", "emptyDir": {}}]


# -- the gateway ----------------------------------------------------------------------------------


def test_a_gateway_with_a_hostname_is_a_domain_mapping():
    def program():
        app = _app()
        web = rad.Container("web", application=app, container={"image": "img", "ports": WEB})
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": web}],
                    hostname={"fully_qualified_hostname": "shop.example.com"}, tls={"certificate_from": "shop-tls"},
                    runtimes={"knative": {"annotations": {"example.com/owner": "shop"}}})

    run = run_program(as_program(program))
    mapping = manifest(run.one(DOMAIN_MAPPING))
    assert mapping["apiVersion"] == "serving.knative.dev/v1beta1"
    assert mapping["metadata"]["name"] == "shop.example.com" and mapping["metadata"]["namespace"] == "prod-shop"
    assert mapping["metadata"]["annotations"] == {"example.com/owner": "shop", "pulumi.com/waitFor": "condition=Ready"}
    assert mapping["spec"] == {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "web",
                                       "namespace": "prod-shop"}, "tls": {"secretName": "shop-tls"}}
    assert run.component("public").outputs["url"] == "https://shop.example.com"
    # Behind its DomainMapping the Service stays cluster-local: the host (and its certificate) is the
    # only way in, not also Knative's own domain (deployment review K3); the host is claimed for the
    # namespace first, as Knative maps only claimed hosts (review K2).
    assert manifest(run.one(KNATIVE_SERVICE))["metadata"]["labels"][VISIBILITY] == "cluster-local"
    claim = run.one("kubernetes:networking.internal.knative.dev/v1alpha1:ClusterDomainClaim")
    assert manifest(claim)["metadata"] == {"name": "shop.example.com"} and manifest(claim)["spec"] == {"namespace": "prod-shop"}
    assert claim.urn in run.one(DOMAIN_MAPPING).dependencies


def test_the_portable_docs_example_deploys_on_knative():
    """docs/resources/container.md's program that "deploys unchanged on every kind", here with
    a KnativeCompute (tests/features/test_readme_example.py runs it on the other kinds)."""
    import radius_components as rad_
    from tests.helpers.doc_examples import example

    def program():
        scope = {"compute": rad_.KnativeCompute(namespace="prod")}
        exec(compile(example("portable"), "docs (portable example)", "exec"), scope)

    run = run_program(program)
    services = {r.name: manifest(r) for r in run.of_type(KNATIVE_SERVICE)}
    assert sorted(services) == ["backend-service", "payments-service"]
    backend = services["backend-service"]["spec"]["template"]
    assert backend["metadata"]["annotations"][MIN_SCALE] == backend["metadata"]["annotations"][MAX_SCALE] == "3"
    env = {e["name"]: e.get("value") for e in backend["spec"]["containers"][0]["env"]}
    assert env["CONNECTION_PAYMENTS_URL"] == "http://payments.prod-shop.svc.cluster.local"
    assert [w for w in run.warnings if "backend" in w or "payments" in w] == []


def test_up_waits_until_knative_reports_ready():
    """pulumi-kubernetes waits on a custom resource only when asked (`pulumi.com/waitFor`): without
    it the first `up` stores no status.url (the `uri` and the gateway's URL stay empty) and a
    revision that cannot start is a green `up` (review K1). `await_ready=False` is for a cluster
    where nothing reconciles them."""
    from tests.helpers.mocks import run_program

    def program(await_ready: bool):
        def build():
            env = rad.Environment("dev", compute=rad.KnativeCompute(namespace="shop", await_ready=await_ready))
            app = rad.Application("shop", environment=env)
            web = rad.Container("web", application=app, container={"image": DEMO_IMAGE, "ports": {"http": {"container_port": 3000}}})
            rad.Gateway("public", application=app, routes=[{"path": "/", "destination": web}],
                        hostname={"fully_qualified_hostname": "shop.example.com"})
            return pulumi.Output.from_input(None)
        return build

    run = run_program(program(True))
    for typ in (KNATIVE_SERVICE, DOMAIN_MAPPING):
        assert run.one(typ).plain()["metadata"]["annotations"]["pulumi.com/waitFor"] == "condition=Ready", typ
    run = run_program(program(False))
    for typ in (KNATIVE_SERVICE, DOMAIN_MAPPING):
        assert "pulumi.com/waitFor" not in run.one(typ).plain()["metadata"].get("annotations", {}), typ
