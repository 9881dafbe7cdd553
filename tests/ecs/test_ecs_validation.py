"""Bad input on the ecs kind: a RadiusValidationError naming component, field, value and fix,
raised before anything of the bad component registers. Long names are shortened, not rejected."""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import pulumi
import pytest

import radius_components as rad
from radius_components import RadiusValidationError
from radius_components.platforms.ecs import names, sizing
from tests.helpers.ecs import EXISTING_SECRET, REPLICATION_GROUP, ROLE, SERVICE, TD, ecs_compute
from tests.helpers.mocks import run_program


def fail(build: Callable[[Any, Any], Any], **compute: Any):
    caught: dict[str, Any] = {}

    def program():
        env = rad.Environment("prod", compute=ecs_compute(**compute))
        app = rad.Application("todo", environment=env)
        with pytest.raises(RadiusValidationError) as info:
            build(env, app)
        caught["error"] = info.value

    recording = run_program(program)
    recording.one("radius:index:Application", "todo")
    return caught["error"], recording


def assert_error(error: Exception, component: str, field: str, value: Any, *more: str) -> None:
    text = str(error)
    assert f"{component}: {field} = {value!r}: " in text, text
    assert "Fix: " in text, text
    for part in more:
        assert part in text, f"{part!r} not in {text!r}"


def assert_nothing_of(recording, name: str) -> None:
    leaked = [(r.type, r.name) for r in recording.resources if r.name.startswith(name)]
    assert leaked == [], leaked


def container(app, spec: dict | None = None, name: str = "demo", **kwargs):
    return rad.Container(name, application=app, container=spec or {"image": "img"}, **kwargs)


# -- Fargate task sizes --------------------------------------------------------------------------


def test_invalid_fargate_pair():
    err, rec = fail(lambda env, app: container(app, {"image": "img", "resources": {
        "requests": {"cpu": "0.25", "memory": "4Gi"}}}))
    assert_error(err, "Container 'demo'", "container.resources.requests.memory", "4Gi",
                 "Fargate offers no task with 0.25 vCPU and 4096 MiB", "from 512 to 2048 MiB", "with 4096 MiB use 0.5 or 1 or 2 vCPU")
    assert_nothing_of(rec, "demo")


def test_cpu_fargate_does_not_offer():
    err, rec = fail(lambda env, app: container(app, {"image": "img", "resources": {"requests": {"cpu": "3"}}}))
    assert_error(err, "Container 'demo'", "container.resources.requests.cpu", "3", "Fargate does not offer this task CPU",
                 "'0.25', '0.5', '1', '2', '4', '8', '16'")
    assert_nothing_of(rec, "demo")


def test_memory_fargate_does_not_offer():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "resources": {"requests": {"memory": "1500Mi"}}}))
    assert_error(err, "Container 'demo'", "container.resources.requests.memory", "1500Mi",
                 "Fargate offers no task with 1500 MiB of memory")


def test_limit_above_the_task_memory():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "resources": {
        "requests": {"memory": "1Gi"}, "limits": {"memory": "2Gi"}}}))
    assert_error(err, "Container 'demo'", "container.resources.limits.memory", "2Gi", "more than the task's 1024 MiB")


def test_size_override_through_runtimes_is_checked():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {"task_definition": {"cpu": "1024", "memory": "1024"}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.task_definition.memory", "1024",
                 "Fargate offers no task with cpu 1024 and memory 1024")


@pytest.mark.parametrize("requests,expected", [
    ({}, (256, 512)), ({"cpu": "250m"}, (256, 512)), ({"cpu": "1"}, (1024, 2048)), ({"memory": "3Gi"}, (512, 3072)),
    ({"cpu": "2", "memory": "10Gi"}, (2048, 10240)), ({"cpu": "16", "memory": "120Gi"}, (16384, 122880)),
    ({"memory": "1G"}, (512, 954)),
])
def test_task_size_choices(requests, expected):
    from radius_components.model import ContainerArgs, parse

    args = parse(ContainerArgs, {"container": {"image": "i", "resources": {"requests": requests}}}, "c", "")
    if expected == (512, 954):
        # 1G = 10^9 bytes = 954 MiB (rounded up): no Fargate size has it.
        with pytest.raises(RadiusValidationError, match="Fargate offers no task with 954 MiB"):
            sizing.task_size("c", args, fargate=True)
    else:
        assert sizing.task_size("c", args, fargate=True) == expected


def test_fargate_table_matches_the_documented_ranges():
    assert sizing.FARGATE_SIZES[256] == (512, 1024, 2048)
    assert sizing.FARGATE_SIZES[4096][0] == 8192 and sizing.FARGATE_SIZES[4096][-1] == 30720
    assert sizing.FARGATE_SIZES[8192][1] - sizing.FARGATE_SIZES[8192][0] == 4096
    assert sizing.FARGATE_SIZES[16384][-1] == 122880


# -- what ECS cannot express ---------------------------------------------------------------------


def test_udp_port_behind_a_load_balancer():
    err, rec = fail(lambda env, app: container(app, {"image": "img", "ports": {"dns": {"container_port": 53, "protocol": "UDP"}}},
                                               runtimes={"ecs": {"service": {"load_balancers": [
                                                   {"target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1",
                                                    "container_name": "demo", "container_port": 53}]}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.service.load_balancers[0].container_port", 53, "port 'dns' is UDP")
    assert_nothing_of(rec, "demo")


def test_tcp_probe_ecs_cannot_run():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "ports": {"web": {"container_port": 80}},
                                                    "liveness_probe": {"kind": "tcp", "container_port": 80}}))
    assert_error(err, "Container 'demo'", "container.liveness_probe.kind", "tcp", "has no TCP check")


def test_probe_timing_outside_ecs_limits():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "readiness_probe": {
        "kind": "exec", "command": ["true"], "period_seconds": 2}}))
    assert_error(err, "Container 'demo'", "container.readiness_probe.period_seconds", 2, "takes 5 to 300")


def test_memory_volume_on_fargate():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "volumes": {
        "cache": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/cache"}}}))
    assert_error(err, "Container 'demo'", "container.volumes.cache.managed_store", "memory", "tmpfs")


def test_port_remapping():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "ports": {"web": {"container_port": 8080, "port": 80}}}))
    assert_error(err, "Container 'demo'", "container.ports.web.port", 80, "no port remapping")


def test_restart_policy_and_pull_policy():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "image_pull_policy": "Never"}, restart_policy="OnFailure"))
    text = str(err)
    assert "restart_policy = 'OnFailure'" in text and "container.image_pull_policy = 'Never'" in text


def test_secret_ref_by_plain_name_is_rejected():
    err, _ = fail(lambda env, app: container(app, {"image": "img", "env": {
        "TOKEN": {"value_from": {"secret_ref": {"source": "my-k8s-secret", "key": "token"}}}}}))
    assert_error(err, "Container 'demo'", "container.env.TOKEN.value_from.secret_ref.source", "my-k8s-secret",
                 "full ARN")


def test_dapr_sidecar_is_rejected():
    err, _ = fail(lambda env, app: container(app, extensions=[{"kind": "daprSidecar", "app_id": "demo"}]))
    assert_error(err, "Container 'demo'", "extensions.daprSidecar", "daprSidecar", "does not inject")


def test_iam_roles():
    def build(env, app):
        db = rad.RedisCache("db", application=app)
        container(app, connections={"db": {"source": db, "iam": {"roles": ["Contributor"]}},
                                    "api": {"source": "https://api.example.com", "iam": {"roles": ["s3:GetObject"]}}})

    err, rec = fail(build)
    text = str(err)
    assert "connections.db.iam.roles[0] = 'Contributor': not an IAM action or managed policy ARN" in text
    assert "connections.api.iam.roles[0] = 's3:GetObject': url 'https://api.example.com' has no AWS ARN" in text
    assert_nothing_of(rec, "demo")


def test_unknown_runtime_arguments():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {"service": {"lauch_type": "EC2"}, "pod": {}}}))
    text = str(err)
    assert "runtimes.ecs.pod" in text and "runtimes.ecs.service.lauch_type = 'EC2'" in text


def test_launch_type_with_capacity_providers():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {"service": {
        "launch_type": "FARGATE", "capacity_provider_strategies": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}]}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.service.launch_type", "FARGATE", "not both")


# AWS: "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity
# provider. Fargate Spot only supports Linux tasks with the X86_64 architecture", and "Windows
# containers on Fargate don't support the Fargate Spot capacity provider" (ECS developer guide,
# AWS Fargate capacity providers, considerations).
SPOT = [{"capacity_provider": "FARGATE_SPOT", "weight": 3}, {"capacity_provider": "FARGATE", "weight": 1, "base": 1}]


def test_arm64_on_fargate_spot_is_rejected():
    err, rec = fail(lambda env, app: container(app, runtimes={"ecs": {
        "task_definition": {"runtime_platform": {"cpu_architecture": "ARM64"}},
        "service": {"capacity_provider_strategies": SPOT}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.service.capacity_provider_strategies[0].capacity_provider",
                 "FARGATE_SPOT", "Fargate Spot runs only Linux X86_64 tasks", "ARM64",
                 "runtimes.ecs.task_definition.runtime_platform.cpu_architecture", "use capacity_provider 'FARGATE'")
    assert_nothing_of(rec, "demo")


def test_arm64_on_fargate_spot_is_rejected_in_camel_case_too():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {
        "task_definition": {"runtime_platform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}},
        "service": {"capacity_provider_strategies": [{"capacityProvider": "FARGATE", "weight": 1},
                                                     {"capacityProvider": "FARGATE_SPOT", "weight": 1}]}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.service.capacity_provider_strategies[1].capacity_provider",
                 "FARGATE_SPOT")


def test_windows_on_fargate_spot_is_rejected():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {
        "task_definition": {"runtime_platform": {"operating_system_family": "WINDOWS_SERVER_2022_CORE",
                                                 "cpu_architecture": "X86_64"}},
        "service": {"capacity_provider_strategies": SPOT}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.service.capacity_provider_strategies[0].capacity_provider",
                 "FARGATE_SPOT", "WINDOWS_SERVER_2022_CORE")


@pytest.mark.parametrize("runtimes", [
    {"service": {"capacity_provider_strategies": SPOT}},  # X86_64 Linux (the default) on Spot
    {"task_definition": {"runtime_platform": {"cpu_architecture": "ARM64"}}},  # ARM64 on FARGATE
    {"task_definition": {"runtime_platform": {"cpu_architecture": "ARM64"}},
     "service": {"capacity_provider_strategies": [{"capacity_provider": "FARGATE", "weight": 1}]}},
])
def test_what_fargate_spot_does_run_is_accepted(runtimes):
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        container(app, runtimes={"ecs": runtimes})
        return pulumi.Output.from_input(None)

    assert run_program(program).one(SERVICE)


@pytest.mark.parametrize("environment,where", [
    ({"A": "1"}, "runtimes.ecs.container.environment"),
    ([{"name": "A", "value": 1}], "runtimes.ecs.container.environment[0]"),
    ([{"value": "x"}], "runtimes.ecs.container.environment[0]"),
])
def test_runtime_environment_entries(environment, where):
    err, rec = fail(lambda env, app: container(app, runtimes={"ecs": {"container": {"environment": environment}}}))
    assert_error(err, "Container 'demo'", where, environment if "[" not in where else environment[0])
    assert_nothing_of(rec, "demo")


def test_redis_recipe_parameters():
    err, rec = fail(lambda env, app: rad.RedisCache("db", application=app, recipe={"parameters": {"engine": "memcached"}}))
    assert_error(err, "RedisCache 'db'", "recipe.parameters.engine", "memcached", "use one of ['redis', 'valkey']")
    assert rec.of_type(REPLICATION_GROUP) == []
    err, _ = fail(lambda env, app: rad.RedisCache("db", application=app, recipe={"parameters": {"shards": 2}}))
    assert_error(err, "RedisCache 'db'", "recipe.parameters.shards", 2, "no such parameter")


# -- the environment -----------------------------------------------------------------------------


@pytest.mark.parametrize("overrides,field,value", [
    ({"log_retention_days": 10}, "compute.log_retention_days", 10),
    ({"vpc_id": "vpc_1"}, "compute.vpc_id", "vpc_1"),
    ({"subnet_ids": ["subnet-0a", "net-2"]}, "compute.subnet_ids[1]", "net-2"),
    ({"region": "Europe"}, "compute.region", "Europe"),
    ({"cluster_arn": "my-cluster"}, "compute.cluster_arn", "my-cluster"),
    ({"service_discovery_namespace": "Bad_Name"}, "compute.service_discovery_namespace", "Bad_Name"),
    ({"capacity_providers": ["FARGATE"]}, "compute.capacity_providers[0]", "FARGATE"),
])
def test_bad_environment(overrides, field, value):
    def program():
        with pytest.raises(RadiusValidationError) as info:
            rad.Environment("prod", compute=ecs_compute(**overrides))
        assert_error(info.value, "Environment 'prod'", field, value)

    rec = run_program(program)
    assert rec.resources == []


# -- names beyond the limits: derived, valid, deterministic ----------------------------------------


def test_long_names_are_shortened_to_valid_aws_names():
    app_name = "a" * 70
    name = "b" * 70

    def program():
        env = rad.Environment("e" * 30, compute=ecs_compute())
        app = rad.Application(app_name, environment=env)
        db = rad.RedisCache("r" * 60, application=app)
        rad.Container(name, application=app, container={"image": "img", "ports": {"web": {"container_port": 80}}},
                      connections={"db": {"source": db}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    rg = run.one(REPLICATION_GROUP).plain()["replicationGroupId"]
    assert len(rg) <= 40 and re.match(r"^[a-z][a-z0-9-]*[a-z0-9]$", rg) and "--" not in rg
    for role in run.of_type(ROLE):
        assert len(role.plain()["name"]) <= 64 and re.match(r"^[\w+=,.@-]+$", role.plain()["name"])
    discovery = run.one("aws:servicediscovery/service:Service").plain()["name"]
    assert len(discovery) <= 63 and re.match(r"^[a-z]([-a-z0-9]*[a-z0-9])?$", discovery)
    svc = run.one(SERVICE).plain()["name"]
    assert len(svc) <= 255 and re.match(r"^[A-Za-z0-9_-]+$", svc)
    assert json.loads(run.one(TD).plain()["containerDefinitions"])[0]["name"] == name
    # Shortening keeps a hash of the full name, so two long names sharing a prefix differ.
    assert names.elasticache_id("x" * 50, "one") != names.elasticache_id("x" * 50, "two")
    assert names.iam_role_name("y" * 70, "task") == names.iam_role_name("y" * 70, "task")


def test_names_without_usable_characters():
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        with pytest.raises(RadiusValidationError) as info:
            rad.Application("9lives", environment=env)
        assert_error(info.value, "Application '9lives'", "name", "9lives", "start with a letter")
        app = rad.Application("todo", environment=env)
        with pytest.raises(RadiusValidationError) as info:
            rad.Container("$$$", application=app, container={"image": "img"})
        assert_error(info.value, "Container '$$$'", "name", "$$$", "no letter or digit")

    rec = run_program(program)
    assert [r.name for r in rec.of_type("radius:index:Container")] == []


def test_secret_ref_by_arn_is_accepted():
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        container(app, {"image": "img", "env": {"T": {"value_from": {"secret_ref": {"source": EXISTING_SECRET, "key": "k"}}}}})

    run = run_program(program)
    d = json.loads(run.one(TD).plain()["containerDefinitions"])[0]
    assert d["secrets"] == [{"name": "T", "valueFrom": f"{EXISTING_SECRET}:k::"}]
    # No connection secrets: no Secrets Manager secret of our own.
    assert run.of_type("aws:secretsmanager/secret:Secret") == []


def test_unknown_container_definition_field():
    err, _ = fail(lambda env, app: container(app, runtimes={"ecs": {"container": {"readOnlyRootFilesystem": True}}}))
    assert_error(err, "Container 'demo'", "runtimes.ecs.container.readOnlyRootFilesystem", True,
                 "not an ECS ContainerDefinition field")


def test_two_connections_to_the_same_target_add_one_rule_per_port():
    from tests.helpers.ecs import INGRESS

    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        db = rad.RedisCache("db", application=app)
        container(app, connections={"a": {"source": db}, "b": {"source": db, "disable_default_env_vars": True}})

    run = run_program(program)
    assert [r.name for r in run.of_type(INGRESS)] == ["demo-to-a-port"]
