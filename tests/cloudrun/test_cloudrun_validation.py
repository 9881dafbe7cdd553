"""What Cloud Run cannot do gets a clear RadiusValidationError, and registers nothing.

Each message names the component, the field path, the bad value and a fix.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import radius_components as rad
from radius_components import RadiusValidationError
from tests.helpers.cloudrun import PROJECT_NUMBER, compute
from tests.helpers.mocks import run_program


WEB = {"web": {"container_port": 8080}}


def fail(build: Callable[[Any], Any], **compute_kwargs: Any):
    caught: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER, **compute_kwargs))
        app = rad.Application("todo", environment=env)
        with pytest.raises(RadiusValidationError) as info:
            build(app)
        caught["error"] = info.value

    recording = run_program(program)
    recording.one("radius:index:Application", "todo")
    leaked = [(r.type, r.name) for r in recording.resources if r.name.startswith("demo")]
    assert leaked == [], f"registered {leaked}"
    return caught["error"]


def container(app, spec: dict | None = None, **kwargs):
    # A Cloud Run service needs a port; tests that are not about ports get one.
    return rad.Container("demo", application=app, container={"image": "img", "ports": WEB, **(spec or {})}, **kwargs)


def assert_message(error: Exception, field: str, *more: str, component: str = "Container 'demo'") -> None:
    text = str(error)
    assert f"{component}: {field} = " in text, text
    assert "Fix: " in text, text
    for part in more:
        assert part in text, f"{part!r} not in {text!r}"




@pytest.mark.parametrize("spec, kwargs, field, words", [
    ({"ports": {"dns": {"container_port": 53, "protocol": "UDP"}}}, {}, "container.ports.dns.protocol", "TCP only"),
    ({"ports": {"a": {"container_port": 80}, "b": {"container_port": 81}}}, {}, "container.ports.b", "one port"),
    ({"ports": WEB, "liveness_probe": {"kind": "exec", "command": ["true"]}}, {}, "container.liveness_probe.kind", "no exec probes"),
    ({"ports": WEB, "readiness_probe": {"kind": "exec", "command": ["true"]}}, {}, "container.readiness_probe.kind", "no exec probes"),
    ({"ports": WEB, "liveness_probe": {"kind": "tcp", "container_port": 8080}}, {}, "container.liveness_probe.kind", "HTTP or gRPC"),
    ({"ports": WEB, "readiness_probe": {"kind": "httpGet", "container_port": 8080, "period_seconds": 100,
                                        "failure_threshold": 3}}, {}, "container.readiness_probe.failure_threshold", "240"),
    ({"ports": WEB, "readiness_probe": {"kind": "httpGet", "container_port": 8080, "initial_delay_seconds": 300}}, {},
     "container.readiness_probe.initial_delay_seconds", "at most 240"),
    ({"ports": WEB, "liveness_probe": {"kind": "httpGet", "container_port": 8080, "period_seconds": 5,
                                       "timeout_seconds": 10}}, {}, "container.liveness_probe.timeout_seconds", "longer than"),
    ({"ports": {"web": {"container_port": 8443, "scheme": "https"}}}, {}, "container.ports.web.scheme", "terminates TLS"),
    ({"ports": {"web": {"container_port": 8080, "port": 80}}}, {}, "container.ports.web.port", "443"),
    ({"volumes": {"tmp": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/tmp"}}}, {},
     "container.volumes.tmp.managed_store", "no disk"),
    ({"env": {"PORT": {"value": "9000"}}}, {}, "container.env.PORT", "reserved"),
    ({"env": {"T": {"value_from": {"secret_ref": {"source": "api-token", "key": "token"}}}}}, {},
     "container.env.T.value_from.secret_ref.key", "versions, not keys"),
    ({"env": {"T": {"value_from": {"secret_ref": {"source": "bad name!", "key": "latest"}}}}}, {},
     "container.env.T.value_from.secret_ref.source", "not a Secret Manager secret"),
    ({"image_pull_policy": "Never"}, {}, "container.image_pull_policy", "imports the image"),
    ({}, {"restart_policy": "OnFailure"}, "restart_policy", "restarts its instances"),
    ({}, {"extensions": [{"kind": "daprSidecar", "app_id": "demo"}]}, "extensions[0].kind", "Dapr"),
    ({}, {"extensions": [{"kind": "manualScaling", "replicas": 0}]}, "extensions[0].replicas", "zero instances"),
    ({}, {"extensions": [{"kind": "kubernetesMetadata", "labels": {"Team": "x"}}]}, "extensions[0].labels.Team", "label key"),
    ({}, {"extensions": [{"kind": "kubernetesMetadata", "annotations": {"run.googleapis.com/x": "y"}}]},
     "extensions[0].annotations.run.googleapis.com/x", "system namespaces"),
    ({}, {"runtimes": {"cloudrun": {"executionEnv": "GEN2"}}}, "runtimes.cloudrun.executionEnv", "not a field"),
    ({}, {"runtimes": {"cloudrun": {"service": {"template": {}}}}}, "runtimes.cloudrun.service.template", "lets you set"),
    ({"ports": WEB}, {"runtimes": {"cloudrun": {"sidecar_ports": ["metrics"]}}}, "runtimes.cloudrun.sidecar_ports[0]", "not a port"),
    ({}, {"runtimes": {"cloudrun": {"invokers": ["everyone"]}}}, "runtimes.cloudrun.invokers[0]", "not an IAM principal"),
])
def test_what_cloud_run_cannot_do(spec, kwargs, field, words):
    error = fail(lambda app: container(app, spec, **kwargs))
    assert_message(error, field, words)


@pytest.mark.parametrize("resources, field, words", [
    ({"limits": {"cpu": "0.05"}}, "container.resources.limits.cpu", "0.08"),
    ({"limits": {"cpu": "3", "memory": "4Gi"}}, "container.resources.limits.cpu", "1, 2, 4, 6 or 8"),
    ({"limits": {"cpu": "10", "memory": "4Gi"}}, "container.resources.limits.cpu", "1, 2, 4, 6 or 8"),
    ({"limits": {"cpu": "4"}}, "container.resources.limits.memory", "4 CPU needs at least 2Gi"),
    ({"limits": {"cpu": "8", "memory": "2Gi"}}, "container.resources.limits.memory", "8 CPU needs at least 4Gi"),
    ({"limits": {"cpu": "1", "memory": "8Gi"}}, "container.resources.limits.memory", "more than 4Gi needs at least 2 CPU"),
    ({"limits": {"cpu": "2", "memory": "20Gi"}}, "container.resources.limits.memory", "more than 16Gi needs at least 6 CPU"),
    ({"limits": {"cpu": "8", "memory": "64Gi"}}, "container.resources.limits.memory", "32Gi"),
    ({"limits": {"memory": "64Mi"}}, "container.resources.limits.memory", "128Mi"),
    ({"limits": {"cpu": "0.25", "memory": "1Gi"}}, "container.resources.limits.memory", "0.5 CPU"),
    ({"limits": {"cpu": "500m", "memory": "2Gi"}}, "container.resources.limits.memory", "at least 1 CPU"),
    ({"requests": {"cpu": "4", "memory": "1Gi"}}, "container.resources.requests.memory", "4 CPU needs"),
])
def test_cpu_and_memory_combinations_cloud_run_does_not_offer(resources, field, words):
    error = fail(lambda app: container(app, {"resources": resources}))
    assert_message(error, field, words)


@pytest.mark.parametrize("resources", [
    {"limits": {"cpu": "0.08", "memory": "128Mi"}}, {"limits": {"cpu": "1", "memory": "4Gi"}},
    {"limits": {"cpu": "2", "memory": "8Gi"}}, {"limits": {"cpu": "4", "memory": "2Gi"}},
    {"limits": {"cpu": "8", "memory": "32Gi"}}, {"limits": {"cpu": "6000m", "memory": "24Gi"}},
    {"requests": {"cpu": "0.5", "memory": "1Gi"}},
])
def test_cpu_and_memory_combinations_cloud_run_offers(resources):
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        container(app, {"resources": resources})

    run = run_program(program)
    assert run.one("gcp:cloudrunv2/service:Service")


def test_fractional_cpu_conflicts_with_a_second_generation_punch_through():
    error = fail(lambda app: container(app, {"resources": {"limits": {"cpu": "0.5"}}},
                                       runtimes={"cloudrun": {"executionEnvironment": "EXECUTION_ENVIRONMENT_GEN2",
                                                              "max_instance_request_concurrency": 10}}))
    assert_message(error, "runtimes.cloudrun.execution_environment", "first generation")
    assert "max_instance_request_concurrency = 10" in str(error)


def test_gen2_needs_512mi():
    error = fail(lambda app: container(app, {"resources": {"limits": {"memory": "256Mi"}}},
                                       runtimes={"cloudrun": {"execution_environment": "EXECUTION_ENVIRONMENT_GEN2"}}))
    assert_message(error, "container.resources.limits.memory", "512Mi for the second generation")


def test_a_second_port_is_allowed_when_only_sidecars_use_it():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        container(app, {"ports": {"web": {"container_port": 8080}, "metrics": {"container_port": 9090}}},
                  runtimes={"cloudrun": {"sidecar_ports": ["metrics"]}})

    run = run_program(program)
    ports = run.one("gcp:cloudrunv2/service:Service").plain()["template"]["containers"][0]["ports"]
    assert ports == {"containerPort": 8080, "name": "http1"}


@pytest.mark.parametrize("conn, words", [
    ("redis", "no resource-level IAM policy"),
    ("url", "a URL has no GCP resource"),
])
def test_iam_roles_need_a_resource_to_scope_to(conn, words):
    def build(app):
        source = rad.RedisCache("cache", application=app, resource_provisioning="manual", host="h", port=6379) \
            if conn == "redis" else "https://api.example.com"
        container(app, connections={"c": {"source": source, "iam": {"roles": ["roles/redis.viewer"]}}})

    assert_message(fail(build), "connections.c.iam.roles[0]", words)


def test_iam_roles_must_be_role_names():
    def build(app):
        target = rad.Container("target", application=app, container={"image": "img", "ports": WEB})
        container(app, connections={"t": {"source": target, "iam": {"roles": ["run.invoker"]}}})

    assert_message(fail(build), "connections.t.iam.roles[0]", "not a GCP IAM role name")


def test_environment_names_must_start_with_a_letter():
    # Every GCP name is <env>-<app>-<resource>; service IDs, service account IDs and Memorystore
    # instance IDs must start with a letter.
    def program():
        with pytest.raises(RadiusValidationError) as info:
            rad.Environment("9lives", compute=compute(project_number=PROJECT_NUMBER))
        assert_message(info.value, "name", "must start with a letter", component="Environment '9lives'")

    assert run_program(program).resources == []


def test_an_application_name_may_start_with_a_digit_now_that_the_environment_leads():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("9lives", environment=env)
        container(app)

    assert run_program(program).one("gcp:cloudrunv2/service:Service").plain()["name"] == "dev-9lives-demo"


# A container without an ingress port is a worker pool: tests/cloudrun/test_worker_pool_cloudrun.py.


def test_a_user_volume_may_not_take_the_ca_mount_of_a_connection():
    def build(app):
        db = rad.RedisCache("db", application=app)
        container(app, {"volumes": {"radius-ca-redis": {"kind": "ephemeral", "managed_store": "memory",
                                                         "mount_path": "/scratch"}}},
                  connections={"redis": {"source": db}})

    assert_message(fail(build), "container.volumes.radius-ca-redis", "TLS CA")


@pytest.mark.parametrize("kwargs, field, words", [
    ({"project": "My Project"}, "compute.project", "project ID"),
    ({"region": "us-central1-a"}, "compute.region", "not a zone"),
    ({"network": "my-vpc"}, "compute.subnet", "both"),
    ({"subnet": "s"}, "compute.network", "both"),
    ({"network": "projects/p/global/networks/n", "subnet": "s"}, "compute.network", "name or resource path"),
    ({"subnet_cidr": "10.0.0.0/28"}, "compute.subnet_cidr", "/26 or larger"),
    ({"project_number": "12ab"}, "compute.project_number", "pattern"),
])
def test_environment_settings(kwargs, field, words):
    def program():
        with pytest.raises(RadiusValidationError) as info:
            rad.Environment("dev", compute={"kind": "cloudrun", "project": "shop-prod-4711", "region": "us-central1", **kwargs})
        assert_message(info.value, field, words, component="Environment 'dev'")

    run = run_program(program)
    assert run.resources == []


@pytest.mark.parametrize("parameters, field", [
    ({"instance_id": "Todo_DB"}, "recipe.parameters.instance_id"),
    ({"instance_id": "a" * 41}, "recipe.parameters.instance_id"),
    ({"tier": "PREMIUM"}, "recipe.parameters.tier"),
    ({"memory_size_gb": 0}, "recipe.parameters.memory_size_gb"),
    ({"redis_version": "REDIS_8_0"}, "recipe.parameters.redis_version"),
])
def test_memorystore_parameters(parameters, field):
    def build(app):
        rad.RedisCache("demo-cache", application=app, recipe={"parameters": parameters})

    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        with pytest.raises(RadiusValidationError) as info:
            build(app)
        assert_message(info.value, field, "Memorystore", component="RedisCache 'demo-cache'")

    run = run_program(program)
    assert not run.of_type("gcp:redis/instance:Instance")


def test_unknown_memorystore_parameter_is_rejected_before_registering():
    def build(app):
        rad.RedisCache("cache", application=app, recipe={"parameters": {"size": "S"}})

    assert_message(fail(build), "recipe.parameters.size", "no such parameter", component="RedisCache 'cache'")
