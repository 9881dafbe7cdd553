"""What a second `pulumi up` compares on the ecs kind: nothing may change when nothing changed.

A task definition is immutable: any difference the provider sees in `containerDefinitions`
registers a new revision, and the service then rolls every task. The provider (pulumi-aws 7,
bridged from terraform-provider-aws 6) compares what it sends with what
DescribeTaskDefinition returns, after its own normalisation (`containerDefinitionsAreEquivalent`
in internal/service/ecs/container_definitions.go). So two things must hold:

1. ECS returns what we send: our definitions are a fixed point of what ECS does to a
   definition when it registers it (`ecs_normalise` below).
2. The same program gives the same definitions (modulo that normalisation).

A Cloud Map service's `health_check_custom_config` forces replacement when it changes; the
block must read back as it was sent (`cloud_map_state_after_create`).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.ecs import TD, _run_example, as_program, demo, ecs_compute, everything
from tests.helpers.mocks import run_program

DISCOVERY = "aws:servicediscovery/service:Service"


# -- ECS's normalisation and the provider's comparison ------------------------------------------


def _empty_env_value(entry: dict[str, Any]) -> bool:
    return entry.get("value") in (None, "")


def ecs_normalise(definitions: list[dict[str, Any]], awsvpc: bool = True) -> list[dict[str, Any]]:
    """What ECS stores, and DescribeTaskDefinition returns, for a RegisterTaskDefinition
    `containerDefinitions` (what is known of it; each rule cites where it is documented or seen):

    - an environment entry with an empty or missing value is not kept (terraform-provider-aws
      #39533 and pulumi-aws#4576: "AWS seems to filter out those environment variables";
      aws-actions/amazon-ecs-deploy-task-definition#216: the registered revision lacks them);
    - `essential` defaults to true (ContainerDefinition.essential, ECS API reference);
    - healthCheck `interval`/`timeout`/`retries` default to 30/5/3 (HealthCheck, ECS API
      reference); `startPeriod` is off by default; whether an explicit 0 is echoed back is not
      documented, so it is modelled as dropped (the worst case for a comparison);
    - a port mapping's `protocol` defaults to tcp, and in awsvpc mode `hostPort` is the
      `containerPort` (PortMapping, ECS API reference);
    - `environment`, `mountPoints` and `volumesFrom` come back as [] when not sent (the API
      representation in terraform-provider-aws's container_definitions_test.go).
    """
    out = copy.deepcopy(definitions)
    for d in out:
        d["environment"] = [e for e in d.get("environment") or [] if not _empty_env_value(e)]
        d.setdefault("essential", True)
        for key in ("mountPoints", "volumesFrom"):
            d.setdefault(key, [])
        hc = d.get("healthCheck")
        if hc is not None:
            for key, default in (("interval", 30), ("timeout", 5), ("retries", 3)):
                hc.setdefault(key, default)
            if hc.get("startPeriod") == 0:
                del hc["startPeriod"]
        d.setdefault("portMappings", [])
        for pm in d["portMappings"]:
            pm.setdefault("protocol", "tcp")
            if awsvpc:
                pm.setdefault("hostPort", pm.get("containerPort"))
    return out


_LIST_FIELDS = ("command", "credentialSpecs", "dependsOn", "dnsSearchDomains", "dnsServers", "dockerSecurityOptions",
                "entryPoint", "environment", "environmentFiles", "extraHosts", "links", "mountPoints", "portMappings",
                "resourceRequirements", "secrets", "systemControls", "ulimits", "volumesFrom")


def _provider_reduce(definitions: list[dict[str, Any]], awsvpc: bool) -> list[dict[str, Any]]:
    """terraform-provider-aws `containerDefinitions.reduce`: what its comparison ignores."""
    out = sorted(copy.deepcopy(definitions), key=lambda d: d.get("name", ""))
    for d in out:
        for key in ("environment", "secrets"):
            if d.get(key):
                d[key] = sorted(d[key], key=lambda e: e.get("name", ""))
        for key in _LIST_FIELDS:  # compactArrays: entries with every member unset go
            if isinstance(d.get(key), list) and d[key] and isinstance(d[key][0], dict):
                d[key] = [e for e in d[key] if any(v is not None for v in e.values())]
        d.setdefault("essential", True)
        hc = d.get("healthCheck")
        if hc is not None:
            for key, default in (("interval", 30), ("retries", 3), ("timeout", 5)):
                hc.setdefault(key, default)
        for pm in d.get("portMappings") or []:
            if pm.get("protocol") == "tcp":
                pm.pop("protocol")
            if not pm.get("hostPort"):
                pm.pop("hostPort", None)
            if awsvpc and "hostPort" not in pm:
                pm["hostPort"] = pm.get("containerPort")
        for key in _LIST_FIELDS:  # every empty list is "not set"
            if key in d and not d[key]:
                del d[key]
    return out


def provider_equivalent(sent: list[dict[str, Any]], returned: list[dict[str, Any]], awsvpc: bool = True) -> bool:
    """containerDefinitionsAreEquivalent: no diff iff the reduced forms are equal. It does not
    drop empty environment values: that is terraform-provider-aws#39533."""
    return _provider_reduce(sent, awsvpc) == _provider_reduce(returned, awsvpc)


def test_the_models_reproduce_the_reported_perpetual_diff():
    base = {"name": "app", "image": "nginx", "memory": 128}
    with_empty = [{**base, "environment": [{"name": "EXAMPLE_VARIABLE", "value": ""}]}]
    # The reproduction of terraform-provider-aws#39533: a diff on every plan.
    assert not provider_equivalent(with_empty, ecs_normalise(with_empty))
    # What ECS fills in is no diff (the provider's own test: TestContainerDefinitionsAreEquivalent_basic).
    plain = [{**base, "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}],
              "portMappings": [{"containerPort": 80}], "healthCheck": {"command": ["CMD", "true"]}}]
    assert provider_equivalent(plain, ecs_normalise(plain))
    # An explicit startPeriod 0 is at the mercy of ECS echoing it back.
    zero = [{**base, "healthCheck": {"command": ["CMD", "true"], "startPeriod": 0}}]
    assert not provider_equivalent(zero, ecs_normalise(zero))


# -- programs ------------------------------------------------------------------------------------

USER_EMPTY_LATER = "LATER"


def empty_values() -> dict[str, Any]:
    """Empty values from every source: a connection (ElastiCache has no username), the user's
    env (a plain "" and an Output that resolves to ""), and a runtimes.ecs.container environment."""
    env = rad.Environment("prod", compute=ecs_compute())
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    plain = rad.Container(
        "plain", application=app,
        container={"image": "img", "env": {"EMPTY": {"value": ""}, USER_EMPTY_LATER: {"value": pulumi.Output.from_input("")},
                                           "KEPT": {"value": "x"}, "ZERO": {"value": 0}, "NO": {"value": False}},
                   "readiness_probe": {"kind": "exec", "command": ["true"], "initial_delay_seconds": 0}},
        connections={"db": {"source": db}},
    )
    punched = rad.Container(
        "punched", application=app, container={"image": "img"},
        runtimes={"ecs": {"container": {"environment": [{"name": "FROM_RUNTIME", "value": ""},
                                                        {"name": "SET", "value": "1"}]}}},
    )
    return {"plain": plain, "punched": punched}


PROGRAMS = {"demo": as_program(demo), "everything": as_program(everything), "empty_values": as_program(empty_values)}


def definitions_of(run) -> dict[str, list[dict[str, Any]]]:
    return {r.name: json.loads(r.plain()["containerDefinitions"]) for r in run.of_type(TD)}


def all_runs():
    runs = {name: run_program(program) for name, program in PROGRAMS.items()}
    runs["examples/ecs"] = _run_example("examples/ecs/__main__.py", {"vpcId": "vpc-0123",
                                                                      "subnetIds": ["subnet-0a", "subnet-0b"]})
    return runs


@pytest.fixture(scope="module")
def runs():
    return all_runs()


# -- task definitions ------------------------------------------------------------------------------


def test_every_emitted_definition_is_a_fixed_point_of_ecs(runs):
    seen = 0
    for program, run in runs.items():
        for name, definitions in definitions_of(run).items():
            assert ecs_normalise(definitions) == definitions, (program, name)
            assert provider_equivalent(definitions, ecs_normalise(definitions)), (program, name)
            seen += 1
    assert seen == 7  # demo 1, everything 2, empty_values 2, examples/ecs 2


def test_a_second_expansion_is_identical_after_ecs_normalisation(runs):
    again = all_runs()
    for program, run in runs.items():
        first, second = definitions_of(run), definitions_of(again[program])
        assert sorted(first) == sorted(second), program
        for name in first:
            assert ecs_normalise(first[name]) == ecs_normalise(second[name]), (program, name)
            # ... and byte for byte, before any normalisation.
            assert (run.one(TD, name).plain()["containerDefinitions"]
                    == again[program].one(TD, name).plain()["containerDefinitions"]), (program, name)


def test_no_empty_environment_value_is_ever_emitted(runs):
    for program, run in runs.items():
        for name, definitions in definitions_of(run).items():
            for d in definitions:
                assert all(e.get("value") not in (None, "") for e in d["environment"]), (program, name)
                assert "startPeriod" not in d.get("healthCheck", {}) or d["healthCheck"]["startPeriod"] > 0


def test_empty_values_are_dropped_and_the_users_own_are_warned_about(runs):
    run = runs["empty_values"]
    (plain,) = definitions_of(run)["plain-task"]
    env = {e["name"]: e["value"] for e in plain["environment"]}
    assert env == {"CONNECTION_DB_HOST": "master.prod-todo-db.abc123.euw1.cache.amazonaws.com",
                   "CONNECTION_DB_PORT": "6379", "CONNECTION_DB_TLS": "true", "KEPT": "x", "NO": "false", "ZERO": "0"}
    (punched,) = definitions_of(run)["punched-task"]
    assert punched["environment"] == [{"name": "SET", "value": "1"}]
    warned = [w for w in run.warnings if "ECS does not keep environment variables with an empty value" in w]
    assert sorted(warned) == sorted([
        f"Container 'plain': container.env.EMPTY is empty; ECS does not keep environment variables with an empty "
        "value, so the container will not have it set (it is left out of the task definition)",
        f"Container 'plain': container.env.{USER_EMPTY_LATER} is empty; ECS does not keep environment variables with "
        "an empty value, so the container will not have it set (it is left out of the task definition)",
        "Container 'punched': runtimes.ecs.container.environment.FROM_RUNTIME is empty; ECS does not keep environment "
        "variables with an empty value, so the container will not have it set (it is left out of the task definition)",
    ])
    # The connection's empty username is the documented mapping, not a warning.
    assert not any("USERNAME" in w for w in run.warnings)
    # A zero initial delay is no startPeriod, not startPeriod 0.
    assert plain["healthCheck"] == {"command": ["CMD", "true"], "interval": 30, "timeout": 5, "retries": 3}


# -- Cloud Map ---------------------------------------------------------------------------------------


def cloud_map_state_after_create(block: dict[str, Any] | None) -> dict[str, Any] | None:
    """`health_check_custom_config` as the provider reads it back after CreateService.

    AWS: FailureThreshold "is no longer supported and is always set to 1" (Cloud Map API,
    HealthCheckCustomConfig). terraform-provider-aws (servicediscovery/service.go) sends the
    threshold only when it is not 0 and writes the block to state only when GetService returns
    a threshold: an empty block is absent from state after create (#44285, verified there
    against AWS), a threshold of 1 reads back as 1.
    """
    if block is None or not block.get("failureThreshold"):
        return None
    return {"failureThreshold": 1}


def forces_replacement(config: dict[str, Any] | None, state: dict[str, Any] | None) -> bool:
    # The block and its failure_threshold are ForceNew: any difference replaces the service
    # (and deregisters every live task's record with it).
    return config != state


def test_the_cloud_map_model_reproduces_the_replacement_loop():
    assert forces_replacement({}, cloud_map_state_after_create({}))


def test_cloud_map_services_read_back_as_sent(runs):
    seen = 0
    for program, run in runs.items():
        for discovery in run.of_type(DISCOVERY):
            block = discovery.plain().get("healthCheckCustomConfig")
            assert block == {"failureThreshold": 1}, (program, discovery.name)
            assert not forces_replacement(block, cloud_map_state_after_create(block)), (program, discovery.name)
            # A fixed name: a replacement must delete first (CreateService: ServiceAlreadyExists).
            assert discovery.delete_before_replace, (program, discovery.name)
            seen += 1
    assert seen == 5  # demo 1, everything 2, examples/ecs 2
