"""Defect classes of the deployment review, guarded on every registered resource of every
ECS example (issue 24 scope 2), not only on the instance the review found.

The programs: every example a stack can run on `ecs` (examples/demo with Pulumi.ecs.yaml,
examples/ecs, examples/fullstack with its ecs stack, protect_stateful on and off) and the
gateway programs with the variants a user's change moves between (public/internal, HTTP/
HTTPS/gRPC destinations, routes added and removed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

import radius_components as rad
from radius_components.platforms.ecs.platform import EcsPlatform
from radius_components.platforms.ecs.rule_priority import priorities
from radius_components.platforms.ecs.target_health import health_check
from tests.helpers.ecs import GATEWAY_PRIVATE_SUBNETS, GATEWAY_PUBLIC_SUBNETS, definition  # noqa: F401 (installs the AWS mocks)
from tests.helpers.mocks import MOCK_CALLS, run_recording_containers
from tests.helpers import regions
from tests.helpers.programs import fullstack_program
from tests.helpers.programs import example_program

ROOT = Path(__file__).resolve().parents[2]
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3a7c1e-1111-2222-3333-444455556666"


_example = example_program


def _gateway(paths=("/", "/api", "/api/v2"), internal=False, schemes=None, tls=False, probes=True):
    schemes = schemes or {}

    def program():
        env = rad.Environment("prod", compute=rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc",
                                                             subnet_ids=GATEWAY_PRIVATE_SUBNETS))
        app = rad.Application("shop", environment=env)
        routes = [{"path": p, "destination": f"http://{'web' if p == '/' else 'api'}:{3000 if p == '/' else 8080}"}
                  for p in paths]
        rad.Gateway("public", application=app, routes=routes, internal=internal,
                    tls={"certificateFrom": CERT} if tls else None,
                    runtimes=None if internal else {"ecs": {"subnet_ids": GATEWAY_PUBLIC_SUBNETS}})
        for name, port in (("web", 3000), ("api", 8080)):
            spec: dict[str, Any] = {"image": name, "ports": {"http": {"container_port": port,
                                                                      **({"scheme": schemes[name]} if name in schemes else {})}}}
            if probes:
                spec["readiness_probe"] = {"kind": "httpGet", "container_port": port, "path": f"/{name}/ready"}
            rad.Container(name, application=app, container=spec)
    return program


demo_stack = yaml.safe_load((ROOT / "Pulumi.ecs.yaml").read_text())["config"]
PROGRAMS = {
    "examples/demo": _example("examples/demo/__main__.py", {k.split(":", 1)[1]: v for k, v in demo_stack.items()}),
    "examples/ecs": _example("examples/ecs/__main__.py", {"vpcId": "vpc-0123", "subnetIds": ["subnet-0a", "subnet-0b"]}),
    "examples/ecs protectStateful=false": _example("examples/ecs/__main__.py", {
        "vpcId": "vpc-0123", "subnetIds": ["subnet-0a", "subnet-0b"], "protectStateful": "false"}),
    "examples/fullstack": fullstack_program("ecs"),
    "examples/fullstack protectStateful=false": fullstack_program("ecs", protectStateful="false"),
    "examples/volumes": _example("examples/volumes/__main__.py", {k.split(":", 1)[1]: v for k, v in yaml.safe_load(
        (ROOT / "examples" / "volumes" / "Pulumi.ecs.yaml").read_text())["config"].items()}),
    "gateway": _gateway(),
    "gateway, a route removed": _gateway(paths=("/", "/api")),
    "gateway, internal": _gateway(internal=True),
    "gateway, TLS, https and grpc": _gateway(tls=True, schemes={"web": "https", "api": "grpc"}),
    "gateway, no probes": _gateway(probes=False),
}


@pytest.fixture(scope="module")
def runs():
    """Every program's registrations, and the arguments each container was deployed with."""
    MOCK_CALLS["aws:ec2/getVpc:getVpc"] = lambda a: {"id": a.args["id"], "cidrBlock": "10.0.0.0/16",
                                                     "enableDnsSupport": True, "enableDnsHostnames": True}
    out = {}
    for name, program in PROGRAMS.items():
        run, containers, DEPENDENCIES[name] = run_recording_containers(EcsPlatform, program)
        out[name] = (run, containers)
    return out


DEPENDENCIES: dict[str, dict[str, list[str]]] = {}


def _all(runs, type_: str):
    return [(program, r) for program, (run, _) in runs.items() for r in run.of_type(type_)]


# -- a replacement must not need the name it replaces ------------------------------------------
# Resource types with a fixed name, and the properties that force their replacement (from
# terraform-provider-aws, ForceNew): Pulumi creates the replacement first, and AWS refuses a
# second resource of the same name (DuplicateLoadBalancerName, DuplicateTargetGroupName).
FORCE_NEW = {
    "aws:lb/loadBalancer:LoadBalancer": ("internal", "loadBalancerType"),  # elbv2/load_balancer.go
    "aws:lb/targetGroup:TargetGroup": ("port", "protocol", "protocolVersion", "targetType", "vpcId"),  # elbv2/target_group.go
}
# Types whose fixed name is freed first instead (delete_before_replace), with the reason.
DELETE_FIRST = {
    "aws:ecs/service:Service",  # name/cluster/launch_type ForceNew; ECS refuses a second service of the name
    "aws:servicediscovery/service:Service",  # Cloud Map refuses a second service of the name (ServiceAlreadyExists)
}


def test_a_fixed_name_always_comes_with_the_same_replacement_forcing_properties(runs):
    seen: dict[tuple[str, str], dict[tuple, str]] = defaultdict(dict)
    for type_, props in FORCE_NEW.items():
        for program, r in _all(runs, type_):
            inputs = r.plain()
            if r.delete_before_replace or "name" not in inputs:
                continue
            seen[(type_, inputs["name"])][tuple(json.dumps(inputs.get(p), sort_keys=True) for p in props)] = program
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert clashes == {}


def test_fixed_names_freed_first_where_the_name_is_kept(runs):
    for type_ in DELETE_FIRST:
        for program, r in _all(runs, type_):
            assert r.delete_before_replace, (program, r.name)


# -- data survives a delete ------------------------------------------------------------------------
def test_every_data_holding_resource_keeps_a_final_snapshot_on_delete(runs):
    # protect_stateful=False is "deletable", not "lose the data" (issue 24): RDS takes a final
    # snapshot only when skip_final_snapshot is false, and removes automated backups unless
    # delete_automated_backups is false (botocore rds DeleteDBInstance); ElastiCache takes one
    # only with final_snapshot_identifier (CreateReplicationGroup / DeleteReplicationGroup).
    checked = 0
    for type_ in ("aws:rds/instance:Instance", "aws:rds/cluster:Cluster"):
        for program, r in _all(runs, type_):
            inputs = r.plain()
            assert inputs["skipFinalSnapshot"] is False and inputs["deleteAutomatedBackups"] is False, (program, r.name)
            assert inputs["finalSnapshotIdentifier"], (program, r.name)
            checked += 1
    for program, r in _all(runs, "aws:elasticache/replicationGroup:ReplicationGroup"):
        assert r.plain().get("finalSnapshotIdentifier"), (program, r.name)
        checked += 1
    # EFS has no final snapshot: its AWS Backup recovery points (automatic backups, a
    # BackupPolicy ENABLED on the file system) outlive it (EFS "Automatic backups").
    for program, (run, _) in runs.items():
        file_systems = run.of_type("aws:efs/fileSystem:FileSystem")
        policies = [r.plain() for r in run.of_type("aws:efs/backupPolicy:BackupPolicy")]
        assert all(p["backupPolicy"] == {"status": "ENABLED"} for p in policies), program
        assert len(policies) == len(file_systems), program  # one policy per file system
        for r in file_systems:
            assert r.plain()["encrypted"] is True, (program, r.name)
            checked += 1
    assert checked >= 5


# -- health checks follow the routed container --------------------------------------------------
def test_every_target_group_checks_its_routed_containers_readiness_probe(runs):
    # ECS stops tasks that fail the ALB's check (aws/containers-roadmap#1271): the check is the
    # container's own probe, its protocol the port's (platforms/ecs/target_health.py).
    checked = 0
    for program, (run, containers) in runs.items():
        for r in run.of_type("aws:lb/targetGroup:TargetGroup"):
            gateway = r.parent.rsplit("::", 1)[-1]
            container, port = r.name[len(gateway) + 1:].rsplit("-", 1)
            want = health_check(containers[container], int(port))
            got = r.plain()["healthCheck"]
            assert {k: got.get(_camel(k)) for k in want} == want, (program, r.name)
            probe = containers[container].container.readiness_probe
            scheme = next(p.scheme for p in containers[container].container.ports.values() if p.container_port == int(port))
            if probe is not None and probe.kind == "httpGet" and scheme != "grpc":
                assert got["path"] == probe.path, (program, r.name)
            checked += 1
    assert checked >= 8


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


# -- route rules keep their identity --------------------------------------------------------------
def test_every_listener_rule_priority_is_its_own_paths(runs):
    for program, (run, _) in runs.items():
        rules = run.of_type("aws:lb/listenerRule:ListenerRule")
        for r in rules:
            path = r.plain()["conditions"][0]["pathPattern"]["values"][0]
            path = "/" if path == "/*" else path
            assert r.plain()["priority"] == priorities([path])[path], (program, r.name)
        assert len({r.plain()["priority"] for r in rules}) == len(rules)


# -- TLS: the CA a verifying client needs ----------------------------------------------------------
# Servers whose certificates chain to a public CA: ElastiCache in-transit encryption uses
# Amazon-issued certificates (Amazon Trust Services roots, in public trust stores).
PUBLIC_CA_SOURCES = {"aws:elasticache/replicationGroup:ReplicationGroup"}


# RDS's CA (rds-ca-rsa2048-g1) is in no public trust store and no provider call returns its PEM:
# the login step fetches the region's bundle inside the VPC at deploy time (recipes/aws/db_login.py,
# or the recipe's `ca_bundle`), so a URL's sslmode=require (node-postgres: verify-full) can be met.
def test_every_tls_connection_to_a_private_ca_delivers_the_ca(runs):
    checked = 0
    for program, (run, _) in runs.items():
        if not run.of_type("aws:rds/instance:Instance"):
            continue
        for td in run.of_type("aws:ecs/taskDefinition:TaskDefinition"):
            env = {e["name"]: e.get("value") for d in json.loads(td.plain()["containerDefinitions"])
                   for e in d.get("environment", [])}
            for key, value in env.items():
                if key.endswith("_TLS") and value == "true" and key.startswith("CONNECTION_ORDERS"):
                    assert env.get(key + "CACERT"), (program, td.name, key)
                    checked += 1
    assert checked >= 2


# -- what must exist first is waited for ------------------------------------------------------------
def test_every_routed_service_waits_for_its_gateways_listeners(runs):
    # A target group must belong to a load balancer (a listener) before a service registers
    # into it (CreateService: "The target group ... does not have an associated load balancer").
    checked = 0
    for program, (run, _) in runs.items():
        listeners = {r.urn for r in run.of_type("aws:lb/listener:Listener")}
        for svc in run.of_type("aws:ecs/service:Service"):
            if svc.plain().get("loadBalancers"):
                assert listeners & set(DEPENDENCIES[program][svc.name]), (program, svc.name)
                checked += 1
    assert checked >= 6


# -- names global to the account are scoped ----------------------------------------------------------
# IAM is global to an account (IAM user guide: "IAM is a global service"; CreateRole /
# CreatePolicy / CreateInstanceProfile names are unique in the account, EntityAlreadyExists),
# and S3 bucket names are global to every account: the input holding such a name. Two stacks
# of one environment name in two regions of an account must not meet there.
GLOBAL_TO_ACCOUNT = {
    "aws:iam/role:Role": "name",
    "aws:iam/policy:Policy": "name",
    "aws:iam/instanceProfile:InstanceProfile": "name",
    "aws:iam/user:User": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
}
# Types whose names are regional (unique per account and region: ECS, Cloud Map, CloudWatch
# Logs, Secrets Manager, ELBv2, RDS, ElastiCache, Lambda, EFS), inside a VPC (security groups), or
# inside their parent (inline role policies, attachments, listener rules, scaling policies of
# one scalable target), or that have no name (a scalable target is its service's resource id).
REGIONAL_OR_PARENT_SCOPED = {
    "aws:index/provider:Provider", "aws:ecs/cluster:Cluster", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    "aws:ecs/service:Service", "aws:ecs/taskDefinition:TaskDefinition",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "aws:servicediscovery/service:Service",
    "aws:cloudwatch/logGroup:LogGroup", "aws:secretsmanager/secret:Secret",
    "aws:secretsmanager/secretVersion:SecretVersion", "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup", "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule", "aws:lb/listenerCertificate:ListenerCertificate",
    "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance",
    "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup",
    "aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:lambda/function:Function", "aws:lambda/invocation:Invocation",
    "aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy",
    # EFS is regional and names nothing (no creation token; ids are generated); the rest are
    # inside their file system.
    "aws:efs/fileSystem:FileSystem", "aws:efs/backupPolicy:BackupPolicy", "aws:efs/fileSystemPolicy:FileSystemPolicy",
    "aws:efs/mountTarget:MountTarget", "aws:efs/accessPoint:AccessPoint",
}
OTHER_REGION = "ap-southeast-2"


def test_every_aws_type_is_classified_as_account_global_or_not(runs):
    unknown = regions.unclassified_types((run for run, _ in runs.values()), "aws", GLOBAL_TO_ACCOUNT,
                                         REGIONAL_OR_PARENT_SCOPED)
    assert not unknown, f"classify these types in tests/ecs/test_invariants.py: {unknown}"


def test_account_global_names_differ_between_regions(runs, monkeypatch):
    # The same programs with every environment in another region (its explicit `region`, and the
    # ambient one aws.get_region answers): no IAM (or S3) name may be shared with the first run.
    from radius_components.platforms.ecs.mocks import AWS_REGION

    regions.move_to_region(monkeypatch, EcsPlatform, OTHER_REGION)
    monkeypatch.setitem(globals(), "CERT", CERT.replace(":eu-west-1:", f":{OTHER_REGION}:"))  # ACM is regional
    monkeypatch.setitem(MOCK_CALLS, "aws:index/getRegion:getRegion",
                        lambda a: {"region": OTHER_REGION, "name": OTHER_REGION, "id": OTHER_REGION})
    checked = regions.names_shared_between_regions({name: run for name, (run, _) in runs.items()}, PROGRAMS,
                                                   "aws", GLOBAL_TO_ACCOUNT)
    assert checked >= 20 and AWS_REGION != OTHER_REGION
