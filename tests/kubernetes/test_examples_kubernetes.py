"""What the Kubernetes examples must do on a real cluster (A.7, A.10 of the Kubernetes review)."""

from __future__ import annotations

import yaml

from tests.kubernetes.examples import ROOT, run_of

# The variables the demo image (ghcr.io/radius-project/samples/demo) reads to use Redis
# (radius-project/samples samples/demo/src/db/repository.ts: CONNECTION_REDIS_*); without them it
# keeps its items in memory and /healthz answers 200 whatever the Redis does.
DEMO_IMAGE_REDIS_URL = "CONNECTION_REDIS_URL"


def _pod(run, name):
    return run.one("kubernetes:apps/v1:Deployment", f"{name}-deployment").plain()["spec"]["template"]["spec"]


def test_the_demo_can_name_its_ingress_class():
    """ingress-nginx's Helm chart defaults (controller.ingressClassResource.default: false,
    controller.watchIngressWithoutClass: false) admit only Ingresses naming its class; one without a
    class gets no address, and pulumi-kubernetes' Ingress await fails after 10 minutes. The demo
    (the root Pulumi.yaml's program) takes the class from `ingressClass`; without it, none is named."""
    assert run_of("examples/demo (ingressClass)").one("kubernetes:networking.k8s.io/v1:Ingress").plain()["spec"][
        "ingressClassName"] == "nginx"
    assert "ingressClassName" not in run_of("examples/demo").one("kubernetes:networking.k8s.io/v1:Ingress").plain()["spec"]


def test_the_yaml_demo_can_name_its_ingress_class_too():
    program = yaml.safe_load((ROOT / "examples" / "yaml" / "Pulumi.yaml").read_text())
    assert program["config"]["ingressClass"] == {"type": "string", "default": ""}
    gateway = program["resources"]["public"]["properties"]
    assert gateway["runtimes"]["kubernetes"]["ingress_class_name"] == "${ingressClass}"


def test_fullstack_uses_its_redis_and_its_database_at_runtime():
    """The fullstack api runs the demo image, which uses Redis only through CONNECTION_REDIS_*:
    the Redis connection is named `redis`. The image speaks no SQL, so a second container is Ready
    only while it can log in to the database with its connection URL and run a query."""
    run = run_of("examples/fullstack")
    api = _pod(run, "api")["containers"][0]
    assert DEMO_IMAGE_REDIS_URL in {e["name"] for e in api["env"]}
    check = _pod(run, "sql-check")["containers"][0]
    assert check["readinessProbe"]["exec"]["command"] == ["sh", "-c", 'psql "$CONNECTION_ORDERS_URL" -Atqc "select 1"']
    url = next(e for e in check["env"] if e["name"] == "CONNECTION_ORDERS_URL")
    secret = run.one("kubernetes:core/v1:Secret", "sql-check-secrets").plain()["metadata"]["name"]
    assert url["valueFrom"]["secretKeyRef"]["name"] == secret
    # The probe only proves something if the database admits it: it does (and only connected pods).
    policies = {p.name for p in run.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")}
    assert {"sql-check-to-orders-network-policy", "api-to-orders-network-policy", "api-to-redis-network-policy"} <= policies
