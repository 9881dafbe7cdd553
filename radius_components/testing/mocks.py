"""Pulumi mocks that answer like the providers this library registers resources with.

Pulumi's own `pulumi.runtime.Mocks` examples echo a resource's inputs back as its state.
That is not enough here: the platforms read values only the cloud computes — an ECS
cluster's ARN, a managed identity's principal ID, a container app's identity *map* (the
provider returns `userAssignedIdentities` as a map although the input is a list), a Container
Apps environment's default domain, a Google project number, a generated password — and an
Output of a missing value never resolves into the inputs that depend on it. `RadiusMocks`
fills in each of them, for every resource type and provider function the library uses, in
the shape the provider returns, with fixed values (so snapshot tests stay deterministic).

    pulumi.runtime.set_mocks(RadiusMocks(), preview=False)

Add or replace answers per resource type (`outputs=`) or function token (`calls=`); the
functions receive Pulumi's `MockResourceArgs` / `MockCallArgs` and return the extra state.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

import pulumi
from pulumi.runtime import mocks as pmocks

# Sentinel results of generated secrets, so tests can look for them in every input.
GENERATED_PASSWORD = "GENERATED-PASSWORD-0123456789abcdef"
GENERATED_HEX = "a1b2c3d4e5f60718"

# The account, subscription and project the mocks pretend to deploy to.
AWS_ACCOUNT = "123456789012"
AWS_REGION = "us-east-2"
AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa"
AZURE_TENANT = "00000000-0000-0000-0000-0000000000bb"
ACA_DEFAULT_DOMAIN = "wonderfulsky-1a2b3c4d.westeurope.azurecontainerapps.io"
GCP_PROJECT_NUMBER = "123456789012"

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]


def _region(args: pmocks.MockResourceArgs) -> str:
    return str(args.inputs.get("region") or AWS_REGION)


def _arn(service: str, resource: str, region: str = AWS_REGION) -> str:
    return f"arn:aws:{service}:{region}:{AWS_ACCOUNT}:{resource}"


def _aws(service: str, resource: Callable[[pmocks.MockResourceArgs], str]) -> OutputsFn:
    return lambda a: {"arn": _arn(service, resource(a), _region(a))}


def _arm_id(args: pmocks.MockResourceArgs, provider: str, kind: str, name_key: str) -> str:
    group = args.inputs.get("resourceGroupName", "rg")
    return (f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{group}/providers/{provider}/{kind}/"
            f"{args.inputs.get(name_key, args.name)}")


def _identity_map(args: pmocks.MockResourceArgs) -> dict[str, Any]:
    # Azure takes user-assigned identities as a list of IDs and returns them as a map of
    # ID -> {principalId, clientId}: the platforms read the map.
    identity = args.inputs.get("identity")
    if not identity:
        return {}
    ids = identity.get("userAssignedIdentities") or []
    return {"identity": {"type": identity.get("type"), "userAssignedIdentities": {i: {} for i in ids}}}


def _name(key: str) -> OutputsFn:
    return lambda a: {"name": a.inputs.get(key, a.name)}


# What each provider computes, per resource type token.
PROVIDER_OUTPUTS: dict[str, OutputsFn] = {
    # pulumi-random
    "random:index/randomPassword:RandomPassword": lambda a: {"result": GENERATED_PASSWORD},
    "random:index/randomId:RandomId": lambda a: {"hex": GENERATED_HEX},
    # AWS (ecs)
    "aws:ecs/cluster:Cluster": _aws("ecs", lambda a: f"cluster/{a.inputs.get('name', a.name)}"),
    "aws:ecs/taskDefinition:TaskDefinition": lambda a: {
        "arn": _arn("ecs", f"task-definition/{a.inputs.get('family', a.name)}:1", _region(a)), "revision": 1},
    "aws:ecs/service:Service": lambda a: {},
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": lambda a: {
        "arn": _arn("servicediscovery", f"namespace/ns-{a.name}", _region(a)), "hostedZone": "Z0123456789ABCDEFGHIJ"},
    "aws:servicediscovery/service:Service": _aws("servicediscovery", lambda a: f"service/srv-{a.inputs.get('name', a.name)}"),
    "aws:cloudwatch/logGroup:LogGroup": _aws("logs", lambda a: f"log-group:{a.inputs.get('name', a.name)}"),
    "aws:ec2/securityGroup:SecurityGroup": _aws("ec2", lambda a: f"security-group/sg-{a.name}"),
    "aws:iam/role:Role": lambda a: {"arn": f"arn:aws:iam::{AWS_ACCOUNT}:role/{a.inputs.get('name', a.name)}",
                                    "uniqueId": f"AROA{a.name.upper()[:16]}"},
    "aws:secretsmanager/secret:Secret": _aws("secretsmanager", lambda a: f"secret:{a.inputs.get('name', a.name)}-AbCdEf"),
    "aws:secretsmanager/secretVersion:SecretVersion": lambda a: {"versionId": "11111111-2222-3333-4444-555555555555"},
    "aws:elasticache/subnetGroup:SubnetGroup": _aws("elasticache", lambda a: f"subnetgroup:{a.inputs.get('name', a.name)}"),
    "aws:elasticache/replicationGroup:ReplicationGroup": lambda a: {
        "arn": _arn("elasticache", f"replicationgroup:{a.inputs.get('replicationGroupId', a.name)}", _region(a)),
        "primaryEndpointAddress": f"master.{a.inputs.get('replicationGroupId', a.name)}.abc123.use2.cache.amazonaws.com"},
    # Azure (aci, aca)
    "azure-native:resources:ResourceGroup": _name("resourceGroupName"),
    "azure-native:managedidentity:UserAssignedIdentity": lambda a: {
        "principalId": f"principal-{a.name}", "clientId": f"client-{a.name}", "tenantId": AZURE_TENANT},
    "azure-native:redisenterprise:RedisEnterprise": lambda a: {
        "hostName": f"{a.inputs.get('clusterName', a.name)}.{a.inputs.get('location', 'westeurope')}.redis.azure.net",
        "name": a.inputs.get("clusterName", a.name)},
    "azure-native:redisenterprise:Database": _name("databaseName"),
    "azure-native:containerinstance:ContainerGroup": lambda a: {
        **_identity_map(a),
        **({"ipAddress": {**a.inputs["ipAddress"], "ip": "10.240.0.4"}} if a.inputs.get("ipAddress") else {})},
    "azure-native:containerinstance:NGroup": _identity_map,
    "azure-native:containerinstance:CGProfile": lambda a: {
        "id": _arm_id(a, "Microsoft.ContainerInstance", "containerGroupProfiles", "containerGroupProfileName"),
        "revision": 1},
    "azure-native:network:LoadBalancer": lambda a: {
        "name": a.inputs.get("loadBalancerName", a.name),
        "frontendIPConfigurations": [{**fe, "privateIPAddress": "10.240.4.10"}
                                     for fe in a.inputs.get("frontendIPConfigurations", [])]},
    "azure-native:privatedns:PrivateZone": _name("privateZoneName"),
    "azure-native:network:PrivateEndpoint": _name("privateEndpointName"),
    "azure-native:operationalinsights:Workspace": lambda a: {
        "customerId": "00000000-0000-0000-0000-00000000c0de", "name": a.inputs.get("workspaceName", a.name)},
    "azure-native:app:ManagedEnvironment": lambda a: {"defaultDomain": ACA_DEFAULT_DOMAIN, "staticIp": "10.0.0.4"},
    "azure-native:app:ContainerApp": lambda a: {
        "latestRevisionName": f"{a.inputs.get('containerAppName', a.name)}--rev1", **_identity_map(a)},
    "azure-native:keyvault:Secret": lambda a: {"properties": {
        "secretUri": f"https://vault.vault.azure.net/secrets/{a.inputs.get('secretName', a.name)}",
        "secretUriWithVersion": f"https://vault.vault.azure.net/secrets/{a.inputs.get('secretName', a.name)}/"
                                "0123456789abcdef0123456789abcdef"}},
    # Google Cloud (cloudrun)
    "gcp:serviceaccount/account:Account": lambda a: {
        "email": f"{a.inputs.get('accountId', a.name)}@{a.inputs.get('project', 'project')}.iam.gserviceaccount.com"},
    "gcp:secretmanager/secret:Secret": lambda a: {
        "secretId": a.inputs.get("secretId", a.name),
        "name": f"projects/{GCP_PROJECT_NUMBER}/secrets/{a.inputs.get('secretId', a.name)}"},
    "gcp:secretmanager/secretVersion:SecretVersion": lambda a: {"version": "1"},
    "gcp:cloudrunv2/service:Service": lambda a: {"uri": f"https://{a.inputs.get('name', a.name)}-x7y2kq3hza-ez.a.run.app"},
    "gcp:redis/instance:Instance": lambda a: {
        "host": "10.20.0.3", "port": 6378, "authString": "memorystore-auth-string-0000",
        "serverCaCerts": [{"cert": "-----BEGIN CERTIFICATE-----\nMIIDmock\n-----END CERTIFICATE-----\n",
                           "serialNumber": "0"}]},
}

# What each provider function (invoke) returns, per function token.
PROVIDER_CALLS: dict[str, CallFn] = {
    "aws:index/getRegion:getRegion": lambda a: {"region": AWS_REGION, "name": AWS_REGION, "id": AWS_REGION},
    "azure-native:authorization:getClientConfig": lambda a: {
        "subscriptionId": AZURE_SUBSCRIPTION, "tenantId": AZURE_TENANT, "clientId": "client", "objectId": "object"},
    "azure-native:redisenterprise:listDatabaseKeys": lambda a: {"primaryKey": "MOCK-PRIMARY-KEY",
                                                               "secondaryKey": "MOCK-SECONDARY-KEY"},
    "azure-native:operationalinsights:getSharedKeys": lambda a: {"primarySharedKey": "MOCK-SHARED-KEY"},
    "azure-native:app:getManagedEnvironment": lambda a: {
        "defaultDomain": ACA_DEFAULT_DOMAIN, "name": a.args.get("environmentName"), "location": "westeurope"},
    "azure-native:keyvault:getVault": lambda a: {"properties": {"vaultUri": "https://vault.vault.azure.net/"}},
    "gcp:organizations/getProject:getProject": lambda a: {"number": GCP_PROJECT_NUMBER,
                                                          "projectId": a.args.get("projectId")},
}


class RadiusMocks(pulumi.runtime.Mocks):
    """Mocks whose resources carry what their provider computes.

    :param outputs: extra or replacing answers per resource type token; each function gets
        the `MockResourceArgs` and returns state merged over the inputs and the defaults.
    :param calls: extra or replacing answers per provider function token.

    A resource's ID is `<name>_id`, as in Pulumi's mock examples. The mappings are read at
    each registration, so a test may change them between programs.
    """

    def __init__(self, outputs: Optional[Mapping[str, OutputsFn]] = None,
                 calls: Optional[Mapping[str, CallFn]] = None) -> None:
        self.outputs: Mapping[str, OutputsFn] = outputs if outputs is not None else {}
        self.calls: Mapping[str, CallFn] = calls if calls is not None else {}

    def new_resource(self, args: pmocks.MockResourceArgs) -> tuple[Optional[str], dict[str, Any]]:
        state = dict(args.inputs)
        for table in (PROVIDER_OUTPUTS, self.outputs):
            compute = table.get(args.typ)
            if compute is not None:
                state.update(compute(args))
        return f"{args.name}_id", state

    def call(self, args: pmocks.MockCallArgs) -> dict[str, Any]:
        handler = self.calls.get(args.token) or PROVIDER_CALLS.get(args.token)
        return handler(args) if handler is not None else {}
