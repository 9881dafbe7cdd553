"""The aci compute kind under mocks: what each feature registers, asserted on inputs."""

from __future__ import annotations

import json

import pulumi
import pytest

import radius_components as rad
from tests.helpers.aci import (ACR_ID, CCE_POLICY, DEMO_IMAGE, GROUP_IP, LB_IP, PRIMARY_KEY, PROFILE_REVISION,
                               SUBSCRIPTION, USER_PASSWORD, WORKSPACE_KEY, aci_compute, as_program, demo, everything,
                               run_with_options)
from tests.helpers.azure_types import ACCESS, ENDPOINT, IDENTITY, LINK, NAT, PUBLIC_IP, REDIS, ROLE, ZONE, ZONE_GROUP
from tests.helpers.mocks import SECRET_MARK, SECRET_SIG, run_program, snapshot

CG = "azure-native:containerinstance:ContainerGroup"
PROFILE = "azure-native:containerinstance:CGProfile"
NGROUP = "azure-native:containerinstance:NGroup"
RECORD = "azure-native:privatedns:PrivateRecordSet"
LB = "azure-native:network:LoadBalancer"


@pytest.fixture(scope="module")
def demo_run():
    return run_program(as_program(demo))


@pytest.fixture(scope="module")
def full_run():
    return run_program(as_program(everything))


def container_of(run, typ, name):
    return run.one(typ, name).plain()["containers"][0]


def env_of(run, typ, name):
    return {e["name"]: e for e in container_of(run, typ, name)["environmentVariables"]}


# -- the demo deploys by changing only the Environment ---------------------------------------


def test_demo_registers_exactly_the_expected_resources(demo_run):
    got = sorted((r.type, r.name) for r in demo_run.resources)
    assert got == sorted([
        ("radius:index:Environment", "prod"), ("radius:index:Application", "todo"),
        ("radius:index:RedisCache", "db"), ("radius:index:Container", "demo"), ("radius:internal:Expanded", "demo"),
        ("azure-native:resources:ResourceGroup", "prod-resource-group"),
        (PUBLIC_IP, "prod-nat-ip"), (NAT, "prod-nat-gateway"),
        ("azure-native:network:VirtualNetwork", "prod-vnet"),
        ("random:index/randomId:RandomId", "prod-network-first-plan"),
        (ZONE, "prod-dns-zone"), (LINK, "prod-dns-link"),
        (ZONE, "prod-redis-private-zone"), (LINK, "prod-redis-private-link"),
        (REDIS, "db-cluster"), ("azure-native:redisenterprise:Database", "db-database"),
        (ENDPOINT, "db-private-endpoint"), (ZONE_GROUP, "db-private-dns"),
        (IDENTITY, "demo-identity"),
        (CG, "demo-group"), (RECORD, "demo-dns"),
    ])
    parents = {r.name: r.parent for r in demo_run.resources}
    for r in demo_run.resources:
        if r.name.startswith("demo-"):
            assert r.parent.endswith("radius:index:Container::demo"), r.name
    for name in ("prod-nat-ip", "prod-nat-gateway", "prod-vnet", "prod-network-first-plan", "prod-redis-private-zone"):
        assert parents[name].endswith("radius:index:Environment::prod"), name
    assert parents["prod-redis-private-link"].endswith("privatedns:PrivateZone::prod-redis-private-zone")
    assert parents["db-private-endpoint"].endswith("radius:index:RedisCache::db")
    assert parents["db-private-dns"].endswith("network:PrivateEndpoint::db-private-endpoint")


def test_environment_network_subnet_delegation_and_dns(demo_run):
    rg = demo_run.one("azure-native:resources:ResourceGroup").plain()
    assert rg["resourceGroupName"] == "rg-prod" and rg["location"] == "westeurope"
    vnet = demo_run.one("azure-native:network:VirtualNetwork").plain()
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.240.0.0/16"]}
    subnets = {s["name"]: s for s in vnet["subnets"]}
    # "gateways": Application Gateway's own subnet (rad.Gateway), empty until one is declared.
    assert list(subnets) == ["containers", "load-balancers", "private-endpoints", "gateways"]
    assert subnets["gateways"] == {"name": "gateways", "addressPrefix": "10.240.6.0/24"}
    assert subnets["containers"]["delegations"] == [
        {"name": "aci", "serviceName": "Microsoft.ContainerInstance/containerGroups"}]
    assert "delegations" not in subnets["load-balancers"], "load balancers cannot live in a delegated subnet"
    assert subnets["private-endpoints"] == {"name": "private-endpoints", "addressPrefix": "10.240.5.0/24"}, \
        "private endpoints cannot live in the ACI-delegated subnet"
    zone = demo_run.one(ZONE, "prod-dns-zone").plain()
    assert zone["privateZoneName"] == "prod.radius.internal" and zone["location"] == "global"
    link = demo_run.one(LINK, "prod-dns-link").plain()
    assert link["virtualNetwork"] == {"id": "prod-vnet_id"} and link["registrationEnabled"] is False


def test_containers_reach_the_internet_through_a_nat_gateway(demo_run):
    # ACI: "If you deploy your container group into a virtual network, you must use a NAT
    # gateway for outbound connectivity. This is the only supported configuration."
    containers = {s["name"]: s for s in demo_run.one("azure-native:network:VirtualNetwork").plain()["subnets"]}
    assert containers["containers"]["natGateway"] == {"id": "prod-nat-gateway_id"}
    assert "natGateway" not in containers["load-balancers"] and "natGateway" not in containers["private-endpoints"]
    nat = demo_run.one(NAT).plain()
    assert nat == {"natGatewayName": "prod-nat", "resourceGroupName": "rg-prod", "location": "westeurope",
                   "sku": {"name": "Standard"}, "publicIpAddresses": [{"id": "prod-nat-ip_id"}],
                   "tags": {"managed-by": "radius-components", "radius-environment": "prod"}}
    ip = demo_run.one(PUBLIC_IP).plain()
    assert ip["publicIpAddressName"] == "prod-nat-ip" and ip["location"] == "westeurope"
    assert ip["sku"] == {"name": "Standard", "tier": "Regional"}, "a NAT gateway takes Standard public IPs only"
    assert ip["publicIPAllocationMethod"] == "Static" and ip["publicIPAddressVersion"] == "IPv4"
    assert demo_run.one("radius:index:Environment").outputs["nat_gateway_id"] == "prod-nat-gateway_id"


def test_demo_container_group(demo_run):
    group = demo_run.one(CG, "demo-group").plain()
    assert group["containerGroupName"] == "todo-demo"
    assert group["osType"] == "Linux" and group["sku"] == "Standard" and group["restartPolicy"] == "Always"
    assert group["subnetIds"] == [{"id": "prod-vnet_id/subnets/containers"}]
    assert group["ipAddress"] == {"type": "Private", "ports": [{"port": 3000, "protocol": "TCP"}]}
    assert group["identity"] == {"type": "UserAssigned", "userAssignedIdentities": ["demo-identity_id"]}
    c = group["containers"][0]
    assert c["name"] == "demo" and c["image"] == DEMO_IMAGE
    assert c["ports"] == [{"port": 3000, "protocol": "TCP"}]
    assert c["readinessProbe"] == {"httpGet": {"path": "/healthz", "port": 3000, "scheme": "http"}}
    assert c["resources"] == {"requests": {"cpu": 1, "memoryInGB": 1.5}}


def test_demo_connection_env_plain_and_secure(demo_run):
    env = env_of(demo_run, CG, "demo-group")
    names = [e["name"] for e in container_of(demo_run, CG, "demo-group")["environmentVariables"]]
    assert names == sorted(names)
    host = demo_run.one("azure-native:redisenterprise:RedisEnterprise").plain()["clusterName"] + ".westeurope.redis.azure.net"
    assert env["CONNECTION_REDIS_HOST"] == {"name": "CONNECTION_REDIS_HOST", "value": host}
    assert env["CONNECTION_REDIS_PORT"]["value"] == "10000"
    assert env["CONNECTION_REDIS_TLS"]["value"] == "true"
    assert env["LOG_LEVEL"]["value"] == "info"
    assert env["CONNECTION_REDIS_PASSWORD"] == {"name": "CONNECTION_REDIS_PASSWORD", "secureValue": PRIMARY_KEY}
    assert env["CONNECTION_REDIS_URL"]["secureValue"] == f"rediss://:{PRIMARY_KEY}@{host}:10000/0"
    assert "value" not in env["CONNECTION_REDIS_CONNECTIONSTRING"]


def test_dns_record_follows_the_group_ip(demo_run):
    record = demo_run.one(RECORD, "demo-dns").plain()
    assert record["recordType"] == "A" and record["relativeRecordSetName"] == "todo-demo"
    assert record["privateZoneName"] == "prod.radius.internal"
    assert record["aRecords"] == [{"ipv4Address": GROUP_IP}], "the record takes the group's IP as an input"
    assert record["ttl"] == 10


def test_container_outputs_include_identity_ids(demo_run):
    outputs = demo_run.one("radius:index:Container", "demo").outputs
    assert outputs["internal_url"] == "http://todo-demo.prod.radius.internal:3000"
    assert outputs["internal_hostname"] == "todo-demo.prod.radius.internal"
    assert outputs["identity_principal_id"] == "principal-demo-identity"
    assert outputs["identity_client_id"] == "client-demo-identity"
    assert outputs["identity_id"] == "demo-identity_id"
    assert outputs["container_group_name"] == "todo-demo"
    assert outputs["private_ip_address"] == GROUP_IP
    env_outputs = demo_run.one("radius:index:Environment").outputs
    assert env_outputs["resource_group_name"] == "rg-prod" and env_outputs["kind"] == "aci"


def test_identity_per_container(demo_run):
    ident = demo_run.one(IDENTITY).plain()
    assert ident["resourceName"] == "todo-demo-id"
    assert ident["tags"]["radius-resource"] == "demo"


# -- Redis recipe (Azure Managed Redis) -------------------------------------------------------


def test_redis_recipe_is_azure_managed_redis_tls_only(demo_run):
    cluster = demo_run.one("azure-native:redisenterprise:RedisEnterprise")
    plain = cluster.plain()
    assert plain["sku"] == {"name": "Balanced_B0"} and plain["minimumTlsVersion"] == "1.2"
    assert plain["clusterName"].startswith("todo-db-") and len(plain["clusterName"]) <= 60
    db = demo_run.one("azure-native:redisenterprise:Database").plain()
    assert db["databaseName"] == "default" and db["clientProtocol"] == "Encrypted" and db["port"] == 10000
    assert db["accessKeysAuthentication"] == "Enabled"
    assert cluster.protect is True and demo_run.one("azure-native:redisenterprise:Database").protect is True
    outputs = demo_run.one("radius:index:RedisCache").outputs
    assert outputs["tls"] is True and outputs["port"] == 10000
    assert outputs["password"][SECRET_SIG] == SECRET_MARK


def test_global_names_are_unique_per_subscription(demo_run):
    # Azure Managed Redis names are DNS names (<name>.<region>.redis.azure.net) and PostgreSQL
    # flexible servers' too (<name>.postgres.database.azure.com), unique across all of Azure:
    # with stock names and no subscription in the hash, only the first subscription that
    # deploys the demo could create them. Deterministic per subscription.
    from radius_components.recipes.azure.postgres import server_name
    from radius_components.recipes.azure.redis import cluster_name

    for make in (cluster_name, server_name):
        here = make(SUBSCRIPTION, "prod", "rg-prod", "todo", "db")
        assert here == make(SUBSCRIPTION, "prod", "rg-prod", "todo", "db")
        assert here != make("00000000-0000-0000-0000-000000000001", "prod", "rg-prod", "todo", "db")
    assert demo_run.one(REDIS).plain()["clusterName"] == cluster_name(SUBSCRIPTION, "prod", "rg-prod", "todo", "db")


def test_redis_has_no_public_endpoint_and_a_private_endpoint_in_the_network(demo_run):
    cluster = demo_run.one(REDIS).plain()
    assert cluster["publicNetworkAccess"] == "Disabled"
    endpoint = demo_run.one(ENDPOINT).plain()
    name = cluster["clusterName"]
    assert endpoint["privateEndpointName"] == f"{name}-pe" and len(endpoint["privateEndpointName"]) <= 80
    assert endpoint["subnet"] == {"id": "prod-vnet_id/subnets/private-endpoints"}
    assert endpoint["location"] == "westeurope" and endpoint["resourceGroupName"] == "rg-prod"
    # Azure Managed Redis: subresource `redisEnterprise`, zone `privatelink.redis.azure.net`
    # (Azure private endpoint DNS zone values).
    assert endpoint["privateLinkServiceConnections"] == [
        {"name": f"{name}-pe", "privateLinkServiceId": "db-cluster_id", "groupIds": ["redisEnterprise"]}]
    zone = demo_run.one(ZONE, "prod-redis-private-zone").plain()
    assert zone["privateZoneName"] == "privatelink.redis.azure.net" and zone["location"] == "global"
    link = demo_run.one(LINK, "prod-redis-private-link").plain()
    assert link["privateZoneName"] == "privatelink.redis.azure.net" and link["virtualNetworkLinkName"] == "prod-redis-link"
    assert link["virtualNetwork"] == {"id": "prod-vnet_id"} and link["registrationEnabled"] is False
    group = demo_run.one(ZONE_GROUP).plain()
    assert group == {"privateEndpointName": f"{name}-pe", "resourceGroupName": "rg-prod",
                     "privateDnsZoneGroupName": "default",
                     "privateDnsZoneConfigs": [{"name": "redisenterprise", "privateDnsZoneId": "prod-redis-private-zone_id"}]}
    assert demo_run.one("radius:index:RedisCache").outputs["host"] == f"{name}.westeurope.redis.azure.net"


def test_containers_start_after_the_private_dns_record_exists():
    run, options = run_with_options(as_program(demo))
    zone_group = run.one(ZONE_GROUP).urn
    assert zone_group in options["demo-group"]["dependencies"], "HOST waits for the private endpoint's DNS"
    assert run.one(LINK, "prod-redis-private-link").urn in options["db-private-dns"]["dependencies"]


def test_one_privatelink_zone_per_environment():
    def program():
        env = rad.Environment("prod", compute=aci_compute(), protect_stateful=False)
        app = rad.Application("todo", environment=env)
        for name in ("one", "two"):
            rad.RedisCache(name, application=app)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert [r.name for r in run.of_type(ZONE) if r.plain()["privateZoneName"] == "privatelink.redis.azure.net"] == [
        "prod-redis-private-zone"]
    assert sorted(r.name for r in run.of_type(ENDPOINT)) == ["one-private-endpoint", "two-private-endpoint"]
    assert {g.plain()["privateDnsZoneConfigs"][0]["privateDnsZoneId"] for g in run.of_type(ZONE_GROUP)} == {
        "prod-redis-private-zone_id"}


def test_connections_grant_no_redis_data_access_the_containers_never_use(full_run):
    # Containers authenticate with the access key (CONNECTION_*_PASSWORD), so an Entra access
    # policy assignment would be a grant nobody uses.
    assert not full_run.of_type(ACCESS)
    assert not run_program(as_program(demo)).of_type(ACCESS)
    db = full_run.one("azure-native:redisenterprise:Database").plain()
    assert db["accessKeysAuthentication"] == "Enabled"


def test_recipe_parameters_are_checked():
    def bad():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app, recipe={"parameters": {"sku": "Basic_C0"}})
    with pytest.raises(rad.RadiusValidationError, match=r"recipe.parameters.sku = 'Basic_C0'.*Azure Managed Redis SKU"):
        run_program(as_program(bad))


# -- the whole surface --------------------------------------------------------------------------


def test_replicas_run_as_an_ngroup_from_a_profile(full_run):
    ngroup = full_run.one(NGROUP, "backend-ngroup").plain()
    assert ngroup["ngroupsName"] == "shop-backend"
    # maintainDesiredCount: a deleted or detached group is replaced, so `replicas` keep running.
    assert ngroup["elasticProfile"] == {"desiredCount": 3, "maintainDesiredCount": True}
    stub = ngroup["containerGroupProfiles"][0]
    assert stub["resource"] == {"id": "backend-profile_id"}
    assert stub["containerGroupProperties"] == {"subnetIds": [{"id": "prod-vnet_id/subnets/containers"}]}
    lb_id = "backend-load-balancer_id"  # the load balancer's own ID (so the NGroup waits for it)
    assert stub["networkProfile"] == {"loadBalancer": {"backendAddressPools": [{"resource": f"{lb_id}/backendAddressPools/replicas"}]}}
    assert ngroup["identity"] == {"type": "UserAssigned", "userAssignedIdentities": ["backend-identity_id"]}
    assert "zones" not in ngroup, "a Confidential group cannot be zonal"
    assert not full_run.of_type(CG) or "backend-group" not in [r.name for r in full_run.of_type(CG)]


def test_every_profile_change_rolls_the_replicas(full_run):
    # "Rolling update is triggered when an NGroups PUT call is made and the CG profile in the
    # PUT call is different from the CG profile currently referenced in the NGroups": the
    # reference carries the profile's revision, which every profile update increments, so an
    # image, env or secret change reaches the running groups.
    ngroup = full_run.one(NGROUP, "backend-ngroup").plain()
    assert ngroup["containerGroupProfiles"][0]["revision"] == PROFILE_REVISION
    assert ngroup["updateProfile"] == {"updateMode": "Rolling", "rollingUpdateProfile": {"inPlaceUpdate": False}}
    # Replace rolling updates need this (temporary) tag on the NGroup.
    assert ngroup["tags"]["rollingupdate.replace.enabled"] == "true"
    assert "rollingupdate.replace.enabled" not in full_run.one(PROFILE).plain()["tags"]


def test_the_ngroup_waits_for_the_profile_revision():
    run, options = run_with_options(as_program(everything))
    assert run.one(PROFILE).urn in options["backend-ngroup"]["dependencies"]


def test_the_ngroup_waits_for_its_load_balancer():
    # The backend pool reference comes from the load balancer's own ID: a pool that does not
    # exist yet is refused, so the NGroup must not be created before the load balancer.
    run, options = run_with_options(as_program(everything))
    assert run.one(LB, "backend-load-balancer").urn in options["backend-ngroup"]["dependencies"]


def test_a_group_is_replaced_not_updated_where_aci_requires_delete():
    # ACI rejects in-place updates of OS type, CPU/memory/GPU, restart policy, network profile
    # and zone ("you must delete it first"; pulumi-azure-native#918): replace on exactly those
    # paths, deleting first because the replacement has the same name.
    run, options = run_with_options(as_program(everything))
    for name in ("frontend-group", "batch-group"):
        assert options[name]["replace_on_changes"] == [
            "containers[*].resources", "osType", "restartPolicy", "subnetIds", "zones"], name
        assert options[name]["delete_before_replace"] is True, name
    for name in ("backend-profile", "frontend-identity", "frontend-dns"):
        assert options[name]["replace_on_changes"] == [] and options[name]["delete_before_replace"] is False, name
    # The NGroup rolls its groups for everything but its subnet (tests/aci/test_aci_network_move.py).
    assert options["backend-ngroup"]["replace_on_changes"] == [
        "containerGroupProfiles[*].containerGroupProperties.subnetIds"]


def test_replace_on_changes_paths_name_real_container_group_inputs(full_run):
    from radius_components.platforms.aci.groups import REPLACE_ON_CHANGES
    group = full_run.one(CG, "frontend-group").plain()
    for path in REPLACE_ON_CHANGES:
        head, _, rest = path.partition(".")
        key = head.removesuffix("[*]")
        assert key in group, path
        if rest:
            assert all(rest.split(".")[0] in c for c in group[key]), path


def test_internal_load_balancer_maps_ports_and_dns_points_at_it(full_run):
    lb = full_run.one(LB, "backend-load-balancer").plain()
    assert lb["sku"] == {"name": "Standard", "tier": "Regional"}
    assert lb["frontendIPConfigurations"] == [{"name": "frontend", "subnet": {"id": "prod-vnet_id/subnets/load-balancers"},
                                               "privateIPAllocationMethod": "Dynamic"}]
    rules = {r["name"]: r for r in lb["loadBalancingRules"]}
    assert rules["tcp-80"]["frontendPort"] == 80 and rules["tcp-80"]["backendPort"] == 8080
    assert rules["udp-5353"]["protocol"] == "Udp"
    assert rules["udp-5353"]["probe"]["id"].endswith("/probes/tcp-8080"), "UDP follows the first TCP port's health"
    assert sorted(p["name"] for p in lb["probes"]) == ["tcp-8080", "tcp-9090"]
    record = full_run.one(RECORD, "backend-dns").plain()
    assert record["aRecords"] == [{"ipv4Address": LB_IP}]


def test_container_fields_map_to_aci(full_run):
    c = container_of(full_run, PROFILE, "backend-profile")
    assert c["image"] == "shopreg.azurecr.io/shop/backend:1.2.3"
    assert c["command"] == ["/app/server", "--port", "8080"], "command and args both reach ACI's one command list"
    assert c["ports"] == [{"port": 8080, "protocol": "TCP"}, {"port": 9090, "protocol": "TCP"},
                          {"port": 5353, "protocol": "UDP"}]
    assert c["resources"] == {"requests": {"cpu": 0.25, "memoryInGB": 0.3}, "limits": {"cpu": 1, "memoryInGB": 1}}
    assert c["readinessProbe"] == {"httpGet": {"path": "/ready", "port": 8080, "scheme": "http",
                                               "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
                                   "initialDelaySeconds": 2, "periodSeconds": 5, "timeoutSeconds": 2,
                                   "failureThreshold": 4}
    assert c["livenessProbe"] == {"exec": {"command": ["cat", "/tmp/healthy"]}}
    assert c["volumeMounts"] == [{"name": "scratch", "mountPath": "/scratch"}]
    profile = full_run.one(PROFILE, "backend-profile").plain()
    assert profile["volumes"] == [{"name": "scratch", "emptyDir": {}}]
    assert "subnetIds" not in profile, "the NGroup places its groups in the subnet"


def test_restart_policy_is_mapped(full_run):
    assert full_run.one(CG, "frontend-group").plain()["restartPolicy"] == "OnFailure"
    assert full_run.one(CG, "batch-group").plain()["restartPolicy"] == "Never"


def test_punch_through_confidential_and_other_properties(full_run):
    profile = full_run.one(PROFILE, "backend-profile").plain()
    assert profile["sku"] == "Confidential"
    assert profile["confidentialComputeProperties"] == {"ccePolicy": CCE_POLICY}
    assert profile["shutdownGracePeriod"] == "PT30S"
    assert "zones" not in profile
    front = full_run.one(CG, "frontend-group").plain()
    assert front["dnsConfig"] == {"nameServers": ["10.0.0.10"]}
    assert front["zones"] == ["1"] and front["sku"] == "Standard"
    c = front["containers"][0]
    assert c["securityContext"] == {"privileged": False} and c["image"] == "ghcr.io/example/frontend:1.0", \
        "containers merge by name, not replaced"
    assert "nodeSelector" not in json.dumps([r.inputs for r in full_run.resources]), "kubernetes runtimes are ignored"


def test_spot_group_joins_no_network(full_run):
    batch = full_run.one(CG, "batch-group").plain()
    assert batch["priority"] == "Spot"
    assert "subnetIds" not in batch and "ipAddress" not in batch
    assert "batch-dns" not in [r.name for r in full_run.resources]


def test_secrets_only_as_secure_values(full_run):
    env = {e["name"]: e for e in container_of(full_run, PROFILE, "backend-profile")["environmentVariables"]}
    assert env["LEGACY_PASSWORD"] == {"name": "LEGACY_PASSWORD", "secureValue": USER_PASSWORD}
    assert env["CONNECTION_LEGACY_PASSWORD"]["secureValue"] == USER_PASSWORD
    assert env["WORKERS"]["value"] == "4"
    for entry in env.values():
        assert not ("value" in entry and "secureValue" in entry)


def test_log_analytics_ships_logs_with_a_secret_key(full_run):
    ws = full_run.one("azure-native:operationalinsights:Workspace").plain()
    assert ws["sku"] == {"name": "PerGB2018"}
    diag = full_run.one(CG, "frontend-group").inputs["diagnostics"]["logAnalytics"]
    assert diag["workspaceKey"][SECRET_SIG] == SECRET_MARK and diag["workspaceKey"]["value"] == WORKSPACE_KEY
    assert diag["workspaceId"] == "workspace-customer-id" and diag["logType"] == "ContainerInstanceLogs"


def test_private_registry_pulls_with_the_identity(full_run):
    profile = full_run.one(PROFILE, "backend-profile").plain()
    assert profile["imageRegistryCredentials"] == [{"server": "shopreg.azurecr.io", "identity": "backend-identity_id"}]
    pull = full_run.one(ROLE, "backend-acr-pull").plain()
    assert pull["scope"] == ACR_ID
    assert pull["roleDefinitionId"] == (f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/"
                                        "roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d")
    assert pull["principalId"] == "principal-backend-identity" and pull["principalType"] == "ServicePrincipal"
    assert "imageRegistryCredentials" not in full_run.one(CG, "frontend-group").plain(), "public images need none"


def test_iam_roles_are_scoped_to_exactly_the_target(full_run):
    roles = {r.name: r.plain() for r in full_run.of_type(ROLE)}
    assert set(roles) == {"backend-acr-pull", "backend-cache-reader",
                          "backend-cache-b24988ac-6180-42a0-ab88-20f7382dd24c", "frontend-backend-reader"}
    assert roles["backend-cache-reader"]["scope"] == "db-cluster_id"
    assert roles["backend-cache-reader"]["roleDefinitionId"].endswith("/acdd72a7-3385-48ef-bd42-f606fba81ae7")
    assert roles["backend-cache-b24988ac-6180-42a0-ab88-20f7382dd24c"]["roleDefinitionId"].endswith(
        "/b24988ac-6180-42a0-ab88-20f7382dd24c")
    assert roles["frontend-backend-reader"]["scope"] == "backend-ngroup_id"
    for role in roles.values():
        scope = role["scope"]
        assert scope != "*" and not scope.rstrip("/").count("/") in (2, 4), f"too broad: {scope}"
    names = [r["roleAssignmentName"] for r in roles.values()]
    assert len(set(names)) == len(names)


def test_role_assignment_names_are_stable_guids():
    a = {r.name: r.plain()["roleAssignmentName"] for r in run_program(as_program(everything)).of_type(ROLE)}
    b = {r.name: r.plain()["roleAssignmentName"] for r in run_program(as_program(everything)).of_type(ROLE)}
    assert a == b
    import uuid
    for value in a.values():
        uuid.UUID(value)


def test_container_to_container_uses_the_private_dns_name(full_run):
    env = env_of(full_run, CG, "frontend-group")
    assert env["CONNECTION_BACKEND_HOSTNAME"]["value"] == "shop-backend.prod.radius.internal"
    assert env["CONNECTION_BACKEND_PORT"]["value"] == "80", "the load balancer's frontend port"
    assert env["CONNECTION_BACKEND_URL"]["value"] == "http://shop-backend.prod.radius.internal"
    assert env["CONNECTION_PAYMENTS_HOSTNAME"]["value"] == "payments.example.com"
    assert not [n for n in env if n.startswith("CONNECTION_QUIET_")]


def test_kubernetes_metadata_labels_become_tags(full_run):
    assert full_run.one(PROFILE, "backend-profile").plain()["tags"]["team"] == "payments"
    assert full_run.one(IDENTITY, "backend-identity").plain()["tags"]["team"] == "payments"


# -- environment settings -------------------------------------------------------------------------


def test_existing_resource_group_and_subnet_are_used_not_created():
    sub = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aci"
    pe_sub = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe"

    def program():
        env = rad.Environment("prod", compute=rad.AciCompute(
            resource_group=f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-existing", location="westeurope",
            subnet_id=sub, private_endpoint_subnet_id=pe_sub, dns_zone="apps.example.internal"))
        app = rad.Application("todo", environment=env)
        db = rad.RedisCache("db", application=app)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 80}}},
                      connections={"redis": {"source": db}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert not run.of_type("azure-native:resources:ResourceGroup")
    assert not run.of_type("azure-native:network:VirtualNetwork")
    assert not run.of_type(NAT) and not run.of_type(PUBLIC_IP), "egress of your own network is yours to configure"
    group = run.one(CG).plain()
    assert group["resourceGroupName"] == "rg-existing" and group["subnetIds"] == [{"id": sub}]
    link = run.one(LINK, "prod-dns-link").plain()
    assert link["virtualNetwork"] == {"id": sub.rsplit("/subnets/", 1)[0]}
    assert run.one(RECORD).plain()["privateZoneName"] == "apps.example.internal"
    assert run.one(ENDPOINT).plain()["subnet"] == {"id": pe_sub}
    assert run.one(LINK, "prod-redis-private-link").plain()["virtualNetwork"] == {"id": sub.rsplit("/subnets/", 1)[0]}, \
        "the zone is linked where the containers resolve names"


def test_resource_group_by_name_without_creating_it():
    run = run_program(as_program(demo, create_resource_group=False))
    assert not run.of_type("azure-native:resources:ResourceGroup")
    assert run.one(CG).plain()["resourceGroupName"] == "rg-prod"


# -- secrets and determinism ------------------------------------------------------------------------


SECRET_VALUES = [PRIMARY_KEY, USER_PASSWORD, WORKSPACE_KEY]


def _strip_secure(value):
    if isinstance(value, dict):
        return {k: _strip_secure(v) for k, v in value.items() if k not in ("secureValue", "workspaceKey")}
    if isinstance(value, list):
        return [_strip_secure(v) for v in value]
    return value


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_no_plaintext_secret_outside_secure_values(build):
    run = run_program(as_program(build))
    leaks = []
    for r in run.resources:
        text = json.dumps(_strip_secure(r.plain()))
        leaks += [(r.type, r.name, s) for s in SECRET_VALUES if s in text]
    assert leaks == []


def test_secure_values_are_pulumi_secrets(full_run):
    found = 0
    for r in full_run.resources:
        for c in r.inputs.get("containers", []) if r.type in (CG, PROFILE) else []:
            for e in c.get("environmentVariables", []):
                if "secureValue" in e:
                    found += 1
                    assert e["secureValue"][SECRET_SIG] == SECRET_MARK, (r.name, e["name"])
                else:
                    assert SECRET_SIG not in json.dumps(e), (r.name, e["name"])
    assert found == 7  # backend: 3 cache + 3 legacy connection secrets + LEGACY_PASSWORD


def test_only_the_groups_carry_secrets(full_run):
    # Identities, grants, DNS, load balancers and NGroups stay previewable.
    for r in full_run.resources:
        if r.type.startswith("azure-native:") and r.type not in (CG, PROFILE):
            assert SECRET_SIG not in json.dumps(r.inputs), f"{r.type} {r.name} carries a secret"


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_two_runs_are_identical(build):
    assert snapshot(as_program(build)) == snapshot(as_program(build))


def test_the_aci_example_runs_under_mocks():
    import pathlib
    import runpy

    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "aci" / "__main__.py"
    run = run_program(lambda: runpy.run_path(str(path)))
    assert run.one(NGROUP).plain()["elasticProfile"] == {"desiredCount": 2, "maintainDesiredCount": True}
    assert run.one(REDIS).plain()["publicNetworkAccess"] == "Disabled" and run.one(ENDPOINT) and run.one(NAT)
    assert run.one(CG).plain()["zones"] == ["1"]
    env = {e["name"]: e for e in run.one(CG).plain()["containers"][0]["environmentVariables"]}
    assert env["CONNECTION_BACKEND_URL"]["value"] == "http://shop-backend.aci-dev.radius.internal"


def test_empty_values_are_left_out_and_the_users_own_are_warned_about():
    # ACI takes exactly one of value/secureValue per variable and treats an empty value as
    # none ("One and only one property of 'value' and 'secureValue' can be specified",
    # virtual-kubelet/virtual-kubelet#296), so an empty variable is not sent (as on ECS).
    def program():
        env = rad.Environment("prod", compute=aci_compute(), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        db = rad.RedisCache("redis", application=app)  # USERNAME is empty
        rad.Container("web", application=app, container={"image": "web", "env": {"EMPTY": {"value": ""}, "SET": {"value": "x"}}},
                      connections={"redis": {"source": db}})

    run = run_program(program)
    variables = run.one(CG, "web-group").plain()["containers"][0]["environmentVariables"]
    names = [v["name"] for v in variables]
    assert "SET" in names and "EMPTY" not in names and "CONNECTION_REDIS_USERNAME" not in names
    assert all(v.get("value") not in (None, "") or v.get("secureValue") for v in variables)
    assert [w for w in run.warnings if "container.env.EMPTY is empty" in w]
    assert not any("CONNECTION_REDIS_USERNAME" in w for w in run.warnings), "a connection's empty value drops silently"
