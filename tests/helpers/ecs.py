"""Shared by the ecs tests: provider-computed outputs for the mocks, and the programs they run.

The mocks give AWS-computed outputs (ARNs, endpoint addresses, secret version ids) in the
shapes AWS returns them, so IAM documents and container definitions hold realistic values.
Importing this module installs those answers (aws types only).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.mocks import MOCK_CALLS, MOCK_OUTPUTS, run_program

ACCOUNT = "123456789012"
REGION = "eu-west-1"
DEMO_IMAGE = "ghcr.io/radius-project/samples/demo:latest"
ECR_IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/shop/backend:1.2.3"
EXISTING_SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/api-token-Ab12Cd"
USER_PASSWORD = "user-supplied-password-42"
VERSION_ID = "11111111-2222-3333-4444-555555555555"

TD = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


# Provider-computed outputs, in AWS's shapes.
MOCK_OUTPUTS.update({
    "aws:ecs/cluster:Cluster": lambda a: {"arn": _arn("ecs", f"cluster/{a.inputs['name']}")},
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": lambda a: {"arn": _arn("servicediscovery", "namespace/ns-abc")},
    "aws:servicediscovery/service:Service": lambda a: {"arn": _arn("servicediscovery", f"service/srv-{a.inputs['name']}")},
    "aws:cloudwatch/logGroup:LogGroup": lambda a: {"arn": _arn("logs", f"log-group:{a.inputs['name']}")},
    SG: lambda a: {"arn": _arn("ec2", f"security-group/sg-{a.name}")},
    ROLE: lambda a: {"arn": f"arn:aws:iam::{ACCOUNT}:role/{a.inputs['name']}"},
    SECRET: lambda a: {"arn": _arn("secretsmanager", f"secret:{a.inputs['name']}-AbCdEf")},
    SECRET_VERSION: lambda a: {"versionId": VERSION_ID},
    TD: lambda a: {"arn": _arn("ecs", f"task-definition/{a.inputs['family']}:1"), "revision": 1},
    # An ALB (a rad.Gateway): its ARN and DNS name in AWS's shapes.
    "aws:lb/loadBalancer:LoadBalancer": lambda a: {
        "arn": _arn("elasticloadbalancing", f"loadbalancer/app/{a.inputs['name']}/50dc6c495c0c9188"),
        "dnsName": f"{a.inputs['name']}-1234567890.{REGION}.elb.amazonaws.com", "zoneId": "Z32O12XQLNTSW2"},
    "aws:lb/targetGroup:TargetGroup": lambda a: {
        "arn": _arn("elasticloadbalancing", f"targetgroup/{a.inputs['name']}/73e2d6bc24d8a067")},
    "aws:lb/listener:Listener": lambda a: {"arn": _arn("elasticloadbalancing", f"listener/app/{a.name}/50dc6c495c0c9188/f2f7dc8efc522ab2")},
    REPLICATION_GROUP: lambda a: {
        "arn": _arn("elasticache", f"replicationgroup:{a.inputs['replicationGroupId']}"),
        "primaryEndpointAddress": f"master.{a.inputs['replicationGroupId']}.abc123.euw1.cache.amazonaws.com",
    },
})
MOCK_CALLS["aws:index/getRegion:getRegion"] = lambda a: {"region": "us-east-2", "name": "us-east-2", "id": "us-east-2"}

# RDS (the SqlDatabase recipe): the instance's address, the Aurora cluster's endpoint.
RDS_HOST = "prod-todo-sql.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com"
MOCK_OUTPUTS.update({
    "aws:rds/instance:Instance": lambda a: {"arn": _arn("rds", f"db:{a.inputs['identifier']}"), "address": RDS_HOST},
    "aws:rds/cluster:Cluster": lambda a: {
        "arn": _arn("rds", f"cluster:{a.inputs['clusterIdentifier']}"),
        "endpoint": f"{a.inputs['clusterIdentifier']}.cluster-c1a2b3.eu-west-1.rds.amazonaws.com",
        "engine": a.inputs["engine"], "engineVersion": a.inputs.get("engineVersion")},
})


def ecs_compute(**overrides: Any) -> rad.EcsCompute:
    settings = {"region": REGION, "vpc_id": "vpc-0abc123", "subnet_ids": ["subnet-0aaa", "subnet-0bbb"], **overrides}
    return rad.EcsCompute(**settings)


# -- programs -------------------------------------------------------------------------------


def demo(**compute: Any) -> dict[str, Any]:
    """The demo of the issue: only the Environment differs from the Kubernetes one."""
    env = rad.Environment("prod", compute=ecs_compute(**compute))
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    web = rad.Container(
        "demo", application=app,
        container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 3000}},
                   "env": {"LOG_LEVEL": {"value": "info"}},
                   "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"}},
        connections={"redis": {"source": db}},
    )
    return {"env": env, "app": app, "db": db, "demo": web}


def everything() -> dict[str, Any]:
    env = rad.Environment("shop-prod", compute={"kind": "ecs", "region": REGION, "vpcId": "vpc-0abc123",
                                                "subnetIds": ["subnet-0aaa", "subnet-0bbb"], "logRetentionDays": 90},
                          protect_stateful=False)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app, recipe={"parameters": {"engine": "redis", "num_cache_clusters": 2}})
    legacy = rad.RedisCache("legacy", application=app, resource_provisioning="manual",
                            host="redis.example.internal", port=6380, password=USER_PASSWORD)
    backend = rad.Container(
        "backend", application=app,
        container={
            "image": ECR_IMAGE, "imagePullPolicy": "IfNotPresent",
            "command": ["/app/server"], "args": ["--port", "8080"], "workingDir": "/app",
            "env": {"LOG_LEVEL": {"value": "debug"}, "WORKERS": {"value": 4},
                    "API_TOKEN": {"valueFrom": {"secretRef": {"source": EXISTING_SECRET, "key": "token"}}},
                    "LEGACY_PASSWORD": {"value_from": {"secret_ref": {"source": legacy, "key": "password"}}}},
            "ports": {"api": {"containerPort": 8080, "scheme": "http"}, "dns": {"containerPort": 5353, "protocol": "UDP"}},
            "readinessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/ready", "periodSeconds": 10},
            "livenessProbe": {"kind": "exec", "command": "cat /tmp/healthy", "initialDelaySeconds": 15,
                              "timeoutSeconds": 3, "failureThreshold": 4, "periodSeconds": 20},
            "resources": {"requests": {"cpu": "0.5", "memory": "1Gi"}, "limits": {"memory": "1Gi"}},
            "volumes": {"scratch": {"kind": "ephemeral", "managedStore": "disk", "mountPath": "/scratch"}},
        },
        connections={"cache": {"source": cache, "iam": {"roles": [
            "elasticache:DescribeReplicationGroups", "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"]}},
            "legacy": {"source": legacy}},
        extensions=[{"kind": "manualScaling", "replicas": 3},
                    {"kind": "kubernetesMetadata", "labels": {"team": "payments"}}],
        runtimes={
            "ecs": {
                "task_definition": {"runtime_platform": {"cpu_architecture": "ARM64"},
                                    "ephemeral_storage": {"size_in_gib": 30}},
                # ARM64 runs on FARGATE, never FARGATE_SPOT (rejected: test_ecs_validation).
                "service": {"capacity_provider_strategies": [{"capacity_provider": "FARGATE", "weight": 1, "base": 1}],
                            "enable_execute_command": False, "wait_for_steady_state": False},
                "container": {"user": "1000", "readonlyRootFilesystem": True},
            },
            "kubernetes": {"pod": {"tolerations": []}},
        },
    )
    frontend = rad.Container(
        "frontend", application=app,
        container={"image": "ghcr.io/example/frontend:1.0", "ports": {"http": {"container_port": 3000}},
                   "livenessProbe": {"kind": "httpGet", "containerPort": 3000, "headers": {"X-Probe": "1"}}},
        connections={"backend": {"source": backend}, "payments": {"source": "https://payments.example.com:8443"},
                     "quiet": {"source": cache, "disable_default_env_vars": True}},
    )
    return {"env": env, "app": app, "cache": cache, "legacy": legacy, "backend": backend, "frontend": frontend}


def as_program(build, *args, **kwargs):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def container_definitions(run, name: str) -> list[dict[str, Any]]:
    return json.loads(run.one(TD, f"{name}-task").plain()["containerDefinitions"])


def definition(run, name: str) -> dict[str, Any]:
    (only,) = container_definitions(run, name)
    return only


def policy(run, name: str) -> dict[str, Any]:
    return json.loads(run.one(ROLE_POLICY, name).plain()["policy"])


# -- running programs -----------------------------------------------------------------------------


def _failure_of(program) -> BaseException:
    """Run a program that must fail; release the failed run (as tests/features/test_model.py does)."""
    import gc
    import logging

    with pytest.raises(Exception) as info:
        run_program(program)
    error = info.value
    del info
    asyncio_log = logging.getLogger("asyncio")
    disabled, asyncio_log.disabled = asyncio_log.disabled, True
    try:
        run_program(lambda: None)
        gc.collect()
    finally:
        asyncio_log.disabled = disabled
    return error


def _run_example(path: str, config: dict[str, Any]):
    import runpy
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def program():
        pulumi.runtime.set_all_config({f"project:{k}": v if isinstance(v, str) else json.dumps(v) for k, v in config.items()})
        try:
            runpy.run_path(str(root / path), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})
        return pulumi.Output.from_input(None)

    return run_program(program)


# -- a gateway: an Application Load Balancer in front of three containers -------------------------

GATEWAY_PUBLIC_SUBNETS = ["subnet-0a0a0a0a0a0a0a0a1", "subnet-0b0b0b0b0b0b0b0b1"]
GATEWAY_PRIVATE_SUBNETS = ["subnet-0a0a0a0a0a0a0a0a2", "subnet-0b0b0b0b0b0b0b0b2"]


def gateway_program(routes=None, **gateway):
    routes = routes or [{"path": "/", "destination": "http://web:3000"},
                        {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]
    gateway.setdefault("runtimes", {"ecs": {"subnet_ids": GATEWAY_PUBLIC_SUBNETS}})

    def run():
        env = rad.Environment("prod", compute=rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc",
                                                             subnet_ids=GATEWAY_PRIVATE_SUBNETS))
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=routes, **gateway)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
        rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}})
        rad.Container("worker", application=app, container={"image": "worker", "ports": {"http": {"container_port": 9000}}})
        return gw.url
    return run
