"""Rules of a real ECS deploy that the mocks do not enforce, each encoded as a test.

- The VPC must resolve Cloud Map's private DNS names (enableDnsSupport + enableDnsHostnames).
- The service can change its capacity provider strategy in place only with
  force_new_deployment, and can only be replaced delete-first (its name is fixed).
- The service starts its tasks after everything they need exists (egress rules, grants).
- An existing Secrets Manager secret is referenced by its complete ARN (the IAM grant is
  that exact string, and a partial ARN matches no secret).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

import radius_components as rad
from tests.helpers.ecs import (ACCOUNT, EGRESS, INGRESS, REGION, ROLE_POLICY, SERVICE, _failure_of, as_program, demo,
                               ecs_compute)
from tests.helpers.mocks import MOCK_CALLS, run_program

GET_VPC = "aws:ec2/getVpc:getVpc"
FULL_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/api-token-Ab12Cd"
PARTIAL_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/api-token"


# -- the VPC's DNS attributes ------------------------------------------------------------------


@pytest.mark.parametrize("support, hostnames, off", [
    (False, True, "enableDnsSupport"),
    (True, False, "enableDnsHostnames"),
    (False, False, "enableDnsSupport and enableDnsHostnames"),
])
def test_a_vpc_without_dns_fails_the_preview(monkeypatch, support, hostnames, off):
    # Route 53 private hosted zones (a Cloud Map private DNS namespace is one) resolve only
    # in a VPC with both attributes true (Route 53 developer guide, "Considerations when
    # working with a private hosted zone"). DescribeVpcAttribute's shape, as getVpc returns it.
    monkeypatch.setitem(MOCK_CALLS, GET_VPC, lambda a: {"id": a.args["id"], "enableDnsSupport": support,
                                                        "enableDnsHostnames": hostnames})
    error = _failure_of(as_program(demo))
    assert isinstance(error, rad.RadiusValidationError), repr(error)
    text = str(error)
    assert text.startswith("Environment 'prod': compute.vpc_id = 'vpc-0abc123': ")
    assert f"has {off} turned off" in text and "Fix: " in text and "modify-vpc-attribute" in text


def test_a_vpc_with_dns_deploys_and_the_lookup_reads_the_given_vpc(monkeypatch):
    asked: list[dict[str, Any]] = []

    def get_vpc(a):
        asked.append(dict(a.args))
        return {"id": a.args["id"], "enableDnsSupport": True, "enableDnsHostnames": True}

    monkeypatch.setitem(MOCK_CALLS, GET_VPC, get_vpc)
    run = run_program(as_program(demo))
    assert run.one(SERVICE, "demo-service")
    assert asked and all(a.get("id") == "vpc-0abc123" for a in asked)


def test_vpc_dns_error_judges_only_what_the_lookup_returned():
    from radius_components.platforms.ecs.validate import vpc_dns_error

    assert vpc_dns_error("E", "vpc-1", None, None) is None  # not returned: not judged
    assert vpc_dns_error("E", "vpc-1", True, True) is None
    assert vpc_dns_error("E", "vpc-1", True, False) is not None


# -- the service: in-place capacity changes, delete-first replacement ----------------------------


def _service(run) -> dict[str, Any]:
    return run.one(SERVICE, "demo-service")


def spot_program():
    env = rad.Environment("prod", compute=ecs_compute())
    app = rad.Application("todo", environment=env)
    rad.Container("demo", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                  runtimes={"ecs": {"service": {"capacity_provider_strategies": [
                      {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
                      {"capacity_provider": "FARGATE_SPOT", "weight": 3}]}}})
    return pulumi.Output.from_input(None)


@pytest.mark.parametrize("program", [as_program(demo), spot_program], ids=["launch-type", "spot"])
def test_the_service_can_switch_capacity_in_place(program):
    # terraform-provider-aws service.go capacityProviderStrategyCustomizeDiff: on an existing
    # service, a changed capacity_provider_strategy is an error ("force_new_deployment should
    # be true when capacity_provider_strategy is being updated"), judged on the *new*
    # configuration; so both directions (adding Spot, removing it) need it on both sides.
    svc = _service(run_program(program)).plain()
    assert svc["forceNewDeployment"] is True


def test_the_service_is_replaced_delete_first():
    # `name` (and `cluster`, `launch_type`) force a replacement (service.go, ForceNew), and
    # ECS refuses a second service of the same name ("Creation of service was not idempotent").
    run = run_program(as_program(demo))
    assert _service(run).delete_before_replace is True
    assert _service(run_program(spot_program)).delete_before_replace is True


def test_spot_leaves_out_the_launch_type():
    svc = _service(run_program(spot_program)).plain()
    assert "launchType" not in svc
    assert svc["capacityProviderStrategies"][1] == {"capacityProvider": "FARGATE_SPOT", "weight": 3}


# -- the service waits for what its tasks need ----------------------------------------------------


def test_the_service_depends_on_its_network_rules_and_grants(monkeypatch):
    depends: dict[str, list[str]] = {}
    original = aws.ecs.Service

    class Spy(original):  # type: ignore[misc, valid-type]
        def __init__(self, resource_name: str, *args: Any, opts: Any = None, **kwargs: Any) -> None:
            depends[resource_name] = [r._name for r in (opts.depends_on or [])]
            super().__init__(resource_name, *args, opts=opts, **kwargs)

    monkeypatch.setattr(aws.ecs, "Service", Spy)

    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        db = rad.RedisCache("db", application=app)
        api = rad.Container("api", application=app,
                            container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}})
        rad.Container("demo", application=app, container={"image": "nginx:1.27"},
                      connections={"redis": {"source": db, "iam": {"roles": [
                          "elasticache:DescribeReplicationGroups", "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"]}},
                          "api": {"source": api}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    mine = set(depends["demo-service"])
    # Every rule this container made: its egress (the provider revoked allow-all egress) and
    # the ingress on each target admitting it.
    rules = {r.name for r in run.of_type(EGRESS) + run.of_type(INGRESS) if r.name.startswith("demo-")}
    assert rules and rules <= mine, rules - mine
    assert {"demo-egress-https", "demo-to-api-web", "demo-to-redis-port"} <= mine
    # The task role's connection grants and the execution policy.
    assert {"demo-task-policy", "demo-execution-policy", "demo-redis-policy-1"} <= mine
    assert {r.name for r in run.of_type(ROLE_POLICY) if r.name.startswith("demo-")} <= mine


# -- existing secrets by their complete ARN ----------------------------------------------------


def _env_secret(source: str):
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={
            "image": "nginx:1.27",
            "env": {"TOKEN": {"value_from": {"secret_ref": {"source": source, "key": "token"}}}}})
        return pulumi.Output.from_input(None)
    return program


def test_a_partial_secret_arn_is_rejected_for_a_container():
    # The execution role is granted exactly the ARN given; as an IAM resource a partial ARN
    # (no "-" + 6 random characters) matches no secret: AccessDeniedException at task start
    # (Secrets Manager user guide, "Resources: ... ARN ... with the six random characters").
    error = _failure_of(_env_secret(PARTIAL_ARN))
    assert isinstance(error, rad.RadiusValidationError), repr(error)
    assert error.field == "container.env.TOKEN.value_from.secret_ref.source" and error.value == PARTIAL_ARN
    assert "6-character suffix" in str(error)


def test_a_complete_secret_arn_is_granted_as_given():
    import json

    run = run_program(_env_secret(FULL_ARN))
    policy = json.loads(run.one(ROLE_POLICY, "demo-execution-policy").plain()["policy"])
    reads = [s for s in policy["Statement"] if s["Sid"] == "ReadSecrets"]
    assert reads and reads[0]["Resource"] == [FULL_ARN]


def test_a_partial_secret_arn_is_rejected_for_a_secret_store():
    caught: list[rad.RadiusValidationError] = []

    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        try:
            rad.SecretStore("shared", application=app, resource=PARTIAL_ARN, data={"a": {}})
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run_program(program)
    assert caught and caught[0].field == "resource" and "6-character" in str(caught[0])
