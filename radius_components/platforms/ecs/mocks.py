"""What the AWS provider computes for the resources the `ecs` kind and its recipes register,
for `radius_components.testing.RadiusMocks` (declared by `KindDeclaration.mocks`).

Fixed values, in the shape the provider returns, so snapshot tests stay deterministic."""

from __future__ import annotations

import json
from typing import Any, Callable

from pulumi.runtime import mocks as pmocks

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]

# The account and region the mocks pretend to deploy to.
AWS_ACCOUNT = "123456789012"
AWS_REGION = "us-east-2"
PUBLIC_SUBNETS = ["subnet-0a0a0a0a0a0a0a0a1", "subnet-0b0b0b0b0b0b0b0b2"]
# What the SqlDatabase recipe's login step returns: the region's RDS CA bundle (a stand-in PEM).
RDS_CA_BUNDLE = "-----BEGIN CERTIFICATE-----\nMIIRDSfake\n-----END CERTIFICATE-----\n"


def _region(args: pmocks.MockResourceArgs) -> str:
    return str(args.inputs.get("region") or AWS_REGION)


def _arn(service: str, resource: str, region: str = AWS_REGION) -> str:
    return f"arn:aws:{service}:{region}:{AWS_ACCOUNT}:{resource}"


def _aws(service: str, resource: Callable[[pmocks.MockResourceArgs], str]) -> OutputsFn:
    return lambda a: {"arn": _arn(service, resource(a), _region(a))}


# What the provider computes, per resource type token.
OUTPUTS: dict[str, OutputsFn] = {
    "aws:ecs/cluster:Cluster": _aws("ecs", lambda a: f"cluster/{a.inputs.get('name', a.name)}"),
    "aws:ecs/taskDefinition:TaskDefinition": lambda a: {
        "arn": _arn("ecs", f"task-definition/{a.inputs.get('family', a.name)}:1", _region(a)), "revision": 1},
    "aws:ecs/service:Service": lambda a: {},
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": lambda a: {
        "arn": _arn("servicediscovery", f"namespace/ns-{a.name}", _region(a)), "hostedZone": "Z0123456789ABCDEFGHIJ"},
    "aws:servicediscovery/service:Service": _aws("servicediscovery", lambda a: f"service/srv-{a.inputs.get('name', a.name)}"),
    "aws:cloudwatch/logGroup:LogGroup": _aws("logs", lambda a: f"log-group:{a.inputs.get('name', a.name)}"),
    "aws:ec2/securityGroup:SecurityGroup": _aws("ec2", lambda a: f"security-group/sg-{a.name}"),
    # A Volume's EFS file system and its access point.
    "aws:efs/fileSystem:FileSystem": _aws("elasticfilesystem", lambda a: f"file-system/fs-{a.name}"),
    "aws:efs/accessPoint:AccessPoint": _aws("elasticfilesystem", lambda a: f"access-point/fsap-{a.name}"),
    "aws:iam/role:Role": lambda a: {"arn": f"arn:aws:iam::{AWS_ACCOUNT}:role/{a.inputs.get('name', a.name)}",
                                    "uniqueId": f"AROA{a.name.upper()[:16]}"},
    "aws:secretsmanager/secret:Secret": _aws("secretsmanager", lambda a: f"secret:{a.inputs.get('name', a.name)}-AbCdEf"),
    "aws:secretsmanager/secretVersion:SecretVersion": lambda a: {"versionId": "11111111-2222-3333-4444-555555555555"},
    "aws:elasticache/subnetGroup:SubnetGroup": _aws("elasticache", lambda a: f"subnetgroup:{a.inputs.get('name', a.name)}"),
    "aws:elasticache/replicationGroup:ReplicationGroup": lambda a: {
        "arn": _arn("elasticache", f"replicationgroup:{a.inputs.get('replicationGroupId', a.name)}", _region(a)),
        "primaryEndpointAddress": f"master.{a.inputs.get('replicationGroupId', a.name)}.abc123.use2.cache.amazonaws.com"},
    # A rad.Gateway: the Application Load Balancer's ARN, DNS name and hosted zone (the gateway's
    # url and outputs), its target groups' and listeners' ARNs (the routes and rules).
    "aws:lb/loadBalancer:LoadBalancer": lambda a: {
        "arn": _arn("elasticloadbalancing", f"loadbalancer/app/{a.inputs.get('name', a.name)}/50dc6c495c0c9188",
                    _region(a)),
        "arnSuffix": f"app/{a.inputs.get('name', a.name)}/50dc6c495c0c9188",
        "dnsName": f"{a.inputs.get('name', a.name)}-1234567890.{_region(a)}.elb.amazonaws.com",
        "zoneId": "Z3AADJGX6KTTL2"},
    "aws:lb/targetGroup:TargetGroup": lambda a: {
        "arn": _arn("elasticloadbalancing", f"targetgroup/{a.inputs.get('name', a.name)}/73e2d6bc24d8a067", _region(a)),
        "arnSuffix": f"targetgroup/{a.inputs.get('name', a.name)}/73e2d6bc24d8a067"},
    "aws:lb/listener:Listener": _aws(
        "elasticloadbalancing", lambda a: f"listener/app/{a.name}/50dc6c495c0c9188/f2f7dc8efc522ab2"),
    "aws:lb/listenerRule:ListenerRule": _aws(
        "elasticloadbalancing", lambda a: f"listener-rule/app/{a.name}/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"),
    # The SqlDatabase recipe's login step (recipes/aws/db_login.py): the function, and what its
    # invocation returns (db_login_handler.handler: the role, and the region's CA bundle).
    "aws:lambda/function:Function": _aws("lambda", lambda a: f"function:{a.inputs.get('name', a.name)}"),
    "aws:lambda/invocation:Invocation": lambda a: {"result": json.dumps(
        {"role": "login", "database": "db", "created": True, "ca_bundle": RDS_CA_BUNDLE})},
    # The SqlDatabase recipe: an RDS instance's address, an Aurora cluster's endpoint.
    "aws:rds/instance:Instance": lambda a: {
        "arn": _arn("rds", f"db:{a.inputs.get('identifier', a.name)}", _region(a)),
        "address": f"{a.inputs.get('identifier', a.name)}.c1a2b3c4d5e6.{_region(a)}.rds.amazonaws.com"},
    "aws:rds/cluster:Cluster": lambda a: {
        "arn": _arn("rds", f"cluster:{a.inputs.get('clusterIdentifier', a.name)}", _region(a)),
        "endpoint": f"{a.inputs.get('clusterIdentifier', a.name)}.cluster-c1a2b3c4d5e6.{_region(a)}.rds.amazonaws.com"},
}

# What each provider function (invoke) returns, per function token.
CALLS: dict[str, CallFn] = {
    "aws:index/getRegion:getRegion": lambda a: {"region": AWS_REGION, "name": AWS_REGION, "id": AWS_REGION},
    # The environment's VPC (DescribeVpcs / DescribeVpcAttribute): its CIDR (an internal gateway's
    # ingress rule) and the DNS attributes Cloud Map needs, both on as a VPC for ECS has them.
    "aws:ec2/getVpc:getVpc": lambda a: {"id": a.args.get("id"), "cidrBlock": "10.0.0.0/16",
                                        "enableDnsSupport": True, "enableDnsHostnames": True},
    # The VPC's route tables (platforms/ecs/public_subnets.py): a public one (a route to an
    # internet gateway) with two subnets, and a private main table.
    "aws:ec2/getRouteTables:getRouteTables": lambda a: {
        "ids": ["rtb-0public0000000001"] if a.args.get("filters") else ["rtb-0public0000000001", "rtb-0private000000001"]},
    "aws:ec2/getRouteTable:getRouteTable": lambda a: {
        "routeTableId": a.args.get("routeTableId"),
        "associations": ([{"main": False, "subnetId": s} for s in PUBLIC_SUBNETS]
                         if a.args.get("routeTableId") == "rtb-0public0000000001" else [{"main": True}])},
    "aws:ec2/getSubnets:getSubnets": lambda a: {"ids": [*PUBLIC_SUBNETS, "subnet-0123456789abcdef0",
                                                        "subnet-0fedcba9876543210"]},
}
