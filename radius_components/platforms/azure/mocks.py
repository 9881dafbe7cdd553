"""What the Azure provider computes for the resources the `aci` and `aca` kinds and their recipes
register, for `radius_components.testing.RadiusMocks` (both kinds declare it as their `mocks`).

Fixed values, in the shape the provider returns, so snapshot tests stay deterministic."""

from __future__ import annotations

from typing import Any, Callable

from pulumi.runtime import mocks as pmocks

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]

# The subscription and tenant the mocks pretend to deploy to.
AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa"
AZURE_TENANT = "00000000-0000-0000-0000-0000000000bb"
ACA_VERIFICATION_ID = "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9"
ACA_DEFAULT_DOMAIN = "wonderfulsky-1a2b3c4d.westeurope.azurecontainerapps.io"


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


# What the provider computes, per resource type token.
OUTPUTS: dict[str, OutputsFn] = {
    "azure-native:resources:ResourceGroup": _name("resourceGroupName"),
    "azure-native:managedidentity:UserAssignedIdentity": lambda a: {
        "principalId": f"principal-{a.name}", "clientId": f"client-{a.name}", "tenantId": AZURE_TENANT},
    "azure-native:redisenterprise:RedisEnterprise": lambda a: {
        "hostName": f"{a.inputs.get('clusterName', a.name)}.{a.inputs.get('location', 'westeurope')}.redis.azure.net",
        "name": a.inputs.get("clusterName", a.name)},
    "azure-native:redisenterprise:Database": _name("databaseName"),
    "azure-native:storage:StorageAccount": _name("accountName"),
    "azure-native:storage:FileShare": _name("shareName"),
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
    "azure-native:app:ManagedEnvironment": lambda a: {
        "defaultDomain": ACA_DEFAULT_DOMAIN, "staticIp": "10.0.0.4",
        "customDomainConfiguration": {"customDomainVerificationId": ACA_VERIFICATION_ID}},
    "azure-native:app:ContainerApp": lambda a: {
        "latestRevisionName": f"{a.inputs.get('containerAppName', a.name)}--rev1", **_identity_map(a)},
    "azure-native:keyvault:Secret": lambda a: {"name": a.inputs.get("secretName", a.name), "properties": {
        "secretUri": f"https://vault.vault.azure.net/secrets/{a.inputs.get('secretName', a.name)}",
        "secretUriWithVersion": f"https://vault.vault.azure.net/secrets/{a.inputs.get('secretName', a.name)}/"
                                "0123456789abcdef0123456789abcdef"}},
    # A rad.Gateway on aci: the Application Gateway's identities as a map, its public IP's
    # address and, with a DNS label, the FQDN Azure derives from it.
    "azure-native:network:ApplicationGateway": _identity_map,
    "azure-native:network:PublicIPAddress": lambda a: {"ipAddress": "20.50.60.70", **({"dnsSettings": {
        **a.inputs["dnsSettings"],
        "fqdn": f"{a.inputs['dnsSettings'].get('domainNameLabel')}.{a.inputs.get('location', 'westeurope')}"
                ".cloudapp.azure.com"}} if a.inputs.get("dnsSettings") else {})},
    # The SqlDatabase recipe on aci and aca: a PostgreSQL flexible server's host name and ID.
    "azure-native:dbforpostgresql:Server": lambda a: {
        "fullyQualifiedDomainName": f"{a.inputs.get('serverName', a.name)}.postgres.database.azure.com",
        "name": a.inputs.get("serverName", a.name),
        "id": _arm_id(a, "Microsoft.DBforPostgreSQL", "flexibleServers", "serverName")},
    "azure-native:dbforpostgresql:Database": _name("databaseName"),
    # Its login step: a deployment script that ran (the provider returns it once finished), its
    # identity as a map.
    "azure-native:resources:AzureCliScript": lambda a: {
        **_identity_map(a), "name": a.inputs.get("scriptName", a.name), "provisioningState": "Succeeded",
        "id": _arm_id(a, "Microsoft.Resources", "deploymentScripts", "scriptName")},
}

# What each provider function (invoke) returns, per function token.
CALLS: dict[str, CallFn] = {
    "azure-native:authorization:getClientConfig": lambda a: {
        "subscriptionId": AZURE_SUBSCRIPTION, "tenantId": AZURE_TENANT, "clientId": "client", "objectId": "object"},
    "azure-native:redisenterprise:listDatabaseKeys": lambda a: {"primaryKey": "MOCK-PRIMARY-KEY",
                                                               "secondaryKey": "MOCK-SECONDARY-KEY"},
    "azure-native:storage:listStorageAccountKeys": lambda a: {"keys": [{"keyName": "key1", "permissions": "FULL",
                                                                         "value": "MOCK-STORAGE-KEY"}]},
    "azure-native:operationalinsights:getSharedKeys": lambda a: {"primarySharedKey": "MOCK-SHARED-KEY"},
    "azure-native:app:getManagedEnvironment": lambda a: {
        "defaultDomain": ACA_DEFAULT_DOMAIN, "name": a.args.get("environmentName"), "location": "westeurope"},
    "azure-native:keyvault:getVault": lambda a: {"properties": {"vaultUri": "https://vault.vault.azure.net/"}},
}
