"""What the ecs kind emits, checked against AWS's own models.

- Every task definition, as the RegisterTaskDefinition request the provider sends, passes
  botocore's parameter validator for the ECS API model (types, required members, enums
  botocore checks); every service as a CreateService request; every replication group as a
  CreateReplicationGroup request.
- Every IAM policy document parses, and no statement grants on "*" except the actions
  listed in `taskdef.UNSCOPED_ACTIONS`, or on a whole account.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.validate import ParamValidator

from radius_components.platforms.ecs import taskdef
from tests.helpers.ecs import (ATTACHMENT, REPLICATION_GROUP, ROLE, ROLE_POLICY, SERVICE, TD, as_program, demo,
                               everything)
from tests.helpers.ecs_schema import (ECS, ELASTICACHE, create_service_request, enum_errors,
                                      register_task_definition_request, validate)
from tests.helpers.mocks import run_program


@pytest.fixture(scope="module", params=["demo", "everything"])
def run(request):
    return run_program(as_program({"demo": demo, "everything": everything}[request.param]))


def test_every_task_definition_is_a_valid_register_task_definition_request(run):
    tds = run.of_type(TD)
    assert tds
    for td in tds:
        validate(ECS, "RegisterTaskDefinition", register_task_definition_request(td.plain()))


def test_every_service_is_a_valid_create_service_request(run):
    for svc in run.of_type(SERVICE):
        validate(ECS, "CreateService", create_service_request(svc.plain()))


def test_every_replication_group_is_a_valid_create_replication_group_request(run):
    enum = ELASTICACHE.shape_for("TransitEncryptionMode").enum
    for rg in run.of_type(REPLICATION_GROUP):
        a = rg.plain()
        assert a["transitEncryptionMode"] in enum
        validate(ELASTICACHE, "CreateReplicationGroup", {
            "ReplicationGroupId": a["replicationGroupId"], "ReplicationGroupDescription": a["description"],
            "Engine": a["engine"], "EngineVersion": a["engineVersion"], "CacheNodeType": a["nodeType"],
            "NumCacheClusters": a["numCacheClusters"], "AutomaticFailoverEnabled": a["automaticFailoverEnabled"],
            "MultiAZEnabled": a["multiAzEnabled"], "Port": a["port"], "CacheSubnetGroupName": a["subnetGroupName"],
            "SecurityGroupIds": a["securityGroupIds"], "AtRestEncryptionEnabled": a["atRestEncryptionEnabled"],
            "TransitEncryptionEnabled": a["transitEncryptionEnabled"], "TransitEncryptionMode": a["transitEncryptionMode"],
            "AuthToken": a["authToken"],
        })
        # CreateReplicationGroup.ReplicationGroupId: 1-40, letter first, no '--', no trailing '-'.
        assert re.match(r"^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$|^[a-z]$", a["replicationGroupId"])
        # AuthToken: 16-128 printable ASCII without '/', '"', '@'.
        assert 16 <= len(a["authToken"]) <= 128 and not set('/"@') & set(a["authToken"])


def test_the_validator_catches_what_aws_would_reject():
    # Guard: the validator is strict enough for the tests above to mean something.
    bad = {"family": "x", "containerDefinitions": [{"name": "x", "image": "y", "cpu": "256", "portMappings": [
        {"containerPort": 80, "protocol": "TCP"}]}]}
    shape = ECS.operation_model("RegisterTaskDefinition").input_shape
    report = ParamValidator().validate(bad, shape)
    assert report.has_errors() and "containerDefinitions[0].cpu" in report.generate_report()
    assert enum_errors(bad, shape) == [".containerDefinitions[0].portMappings[0].protocol = 'TCP' not in ['tcp', 'udp']"]
    unknown = {"family": "x", "containerDefinitions": [{"name": "x", "image": "y", "essentials": True}]}
    assert ParamValidator().validate(unknown, ECS.operation_model("RegisterTaskDefinition").input_shape).has_errors()


# -- IAM ----------------------------------------------------------------------------------------

_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")
_ACCOUNT_WIDE = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{12}:\*$")


def check_policy(doc: dict[str, Any], where: str) -> None:
    assert doc["Version"] == "2012-10-17", where
    assert doc["Statement"], where
    for st in doc["Statement"]:
        assert st["Effect"] == "Allow", where
        actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        assert actions and all(_ACTION.match(a) for a in actions), (where, actions)
        assert "*" not in actions, where
        resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
        assert resources, where
        for resource in resources:
            if resource == "*":
                unscoped = [a for a in actions if a not in taskdef.UNSCOPED_ACTIONS]
                assert not unscoped, f"{where}: {unscoped} granted on '*'"
            else:
                assert resource.startswith("arn:"), (where, resource)
                assert not _ACCOUNT_WIDE.match(resource), (where, resource)


def test_every_policy_document_is_scoped(run):
    docs = 0
    for r in run.resources:
        if r.type == ROLE_POLICY:
            check_policy(json.loads(r.plain()["policy"]), r.name)
            docs += 1
        if r.type == ROLE:
            trust = json.loads(r.plain()["assumeRolePolicy"])
            assert trust["Statement"][0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert docs >= 1


def test_unscoped_actions_are_only_the_listed_ones():
    run = run_program(as_program(everything))
    star = [(r.name, st["Action"]) for r in run.of_type(ROLE_POLICY)
            for st in json.loads(r.plain()["policy"])["Statement"] if st["Resource"] == "*"]
    assert star == [("backend-execution-policy", ["ecr:GetAuthorizationToken"])]
    assert set(taskdef.UNSCOPED_ACTIONS) == {"ecr:GetAuthorizationToken"}
    # Managed policies are attached only where the user named them.
    assert [r.name for r in run.of_type(ATTACHMENT)] == ["backend-cache-policy-1"]


def test_the_policy_check_rejects_a_star_grant():
    with pytest.raises(AssertionError):
        check_policy({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}]}, "guard")
    with pytest.raises(AssertionError):
        check_policy({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:eu-west-1:123456789012:*"]}]}, "guard")
