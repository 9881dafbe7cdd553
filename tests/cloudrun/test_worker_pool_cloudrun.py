"""A container without ports on Cloud Run: a worker pool (issue 23 item 8).

A Cloud Run service must listen on its ingress port (container runtime contract: "The ingress
container within an instance must listen for requests on 0.0.0.0 on the port to which requests
are sent"), so a worker that serves nothing becomes `gcp.cloudrunv2.WorkerPool` (pulumi-gcp
10.2; cloud.google.com/run/docs/deploy-worker-pools): always-on instances without ingress or URL.
"""

from __future__ import annotations

import pytest

import radius_components as rad
from tests.helpers.cloudrun import compute
from tests.helpers.mocks import run_program

POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
SERVICE = "gcp:cloudrunv2/service:Service"


def program(worker=None, runtimes=None, extensions=None, connect=True):
    def run():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("shop", environment=env)
        cache = rad.RedisCache("cache", application=app)
        api = rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}})
        rad.Container("worker", application=app,
                      container={"image": "worker:1", "env": {"MODE": {"value": "batch"}},
                                 "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}, **(worker or {})},
                      connections={"cache": {"source": cache}, "api": {"source": api}} if connect else {},
                      runtimes=runtimes or {}, extensions=extensions or [])
    return run


@pytest.fixture(scope="module")
def run():
    return run_program(program(extensions=[{"kind": "manualScaling", "replicas": 2}]))


def test_a_container_without_ports_is_a_worker_pool(run):
    pool = run.one(POOL).plain()
    assert [s.plain()["name"] for s in run.of_type(SERVICE)] == ["prod-shop-api"]
    assert pool["name"] == "prod-shop-worker" and pool["location"] == "europe-west4"
    assert pool["deletionProtection"] is False
    assert pool["scaling"] == {"manualInstanceCount": 2}  # no scalingMode: see template.py
    (container,) = pool["template"]["containers"]
    assert "ports" not in container and container["resources"] == {"limits": {"cpu": "1", "memory": "1Gi"}}
    env = {e["name"] for e in container["envs"]}
    assert {"MODE", "CONNECTION_CACHE_HOST", "CONNECTION_CACHE_PASSWORD", "CONNECTION_API_URL"} <= env
    # Direct VPC egress like a service, and its own identity.
    assert pool["template"]["vpcAccess"]["networkInterfaces"] and pool["template"]["serviceAccount"]


def test_its_arguments_are_worker_pool_properties(run):
    # pulumi-gcp's own input types are the schema the provider sends on.
    import pulumi_gcp as gcp
    from tests.helpers.azure_schema import pulumi_strict

    problems: list[str] = []
    pulumi_strict(gcp.cloudrunv2.WorkerPoolArgs, gcp.cloudrunv2._inputs, run.one(POOL).plain(), "worker", problems)
    assert problems == []


def test_it_may_call_the_services_it_connects_to(run):
    grants = [r.plain() for r in run.of_type("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")]
    assert any(g["role"] == "roles/run.invoker" and g["name"] == "prod-shop-api" for g in grants)


def test_one_instance_without_manual_scaling():
    pool = run_program(program(connect=False)).one(POOL).plain()
    assert pool["scaling"] == {"manualInstanceCount": 1}


def test_ports_only_sidecars_use_still_make_a_worker_pool():
    run = run_program(program({"ports": {"metrics": {"container_port": 9090}}},
                              runtimes={"cloudrun": {"sidecar_ports": ["metrics"]}}, connect=False))
    assert "ports" not in run.one(POOL).plain()["template"]["containers"][0]


@pytest.mark.parametrize("worker, runtimes, field", [
    ({}, {"cloudrun": {"invokers": ["allUsers"]}}, "runtimes.cloudrun.invokers"),
    ({"resources": {"limits": {"cpu": "0.5", "memory": "512Mi"}}}, {}, "container.resources.limits.cpu"),
    ({}, {"cloudrun": {"max_instance_request_concurrency": 1}}, "runtimes.cloudrun.max_instance_request_concurrency"),
])
def test_what_a_worker_pool_has_not_is_an_error(worker, runtimes, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(worker, runtimes, connect=False))
    assert field in [e.field for e in getattr(exc.value, "errors", [exc.value])]


def test_a_worker_pool_below_512_mib_is_refused():
    """Worker pools run in the second-generation execution environment, which needs at least
    512 MiB; Cloud Run would refuse the create (deployment review C2)."""
    import pytest

    import radius_components as rad
    from radius_components.check import SAMPLE_COMPUTE
    from tests.helpers.mocks import run_program
    from tests.helpers.programs import as_program

    def program():
        app = rad.Application("shop", environment=rad.Environment("dev", compute=SAMPLE_COMPUTE["cloudrun"]()))
        rad.Container("worker", application=app, container={
            "image": "ghcr.io/example/worker:1.0", "resources": {"limits": {"cpu": "1", "memory": "256Mi"}}})

    with pytest.raises(rad.RadiusValidationError) as error:
        run_program(as_program(program))
    assert error.value.field == "container.resources.limits.memory" and "512 MiB" in error.value.problem
