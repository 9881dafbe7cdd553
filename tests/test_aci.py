"""The aci compute kind under mocks: what each feature registers, asserted on inputs."""

from __future__ import annotations

import json

import pulumi
import pytest

import radius_components as rad
from azure_types import ACCESS, IDENTITY, ROLE
from conftest import SECRET_MARK, SECRET_SIG, run_program, snapshot
from test_aci_support import (ACR_ID, CCE_POLICY, DEMO_IMAGE, GROUP_IP, LB_IP, PRIMARY_KEY, SUBSCRIPTION,
                              USER_PASSWORD, WORKSPACE_KEY, aci_compute, as_program, demo, everything)

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
        ("radius:index:RedisCache", "db"), ("radius:index:Container", "demo"),
        ("azure-native:resources:ResourceGroup", "prod-resource-group"),
        ("azure-native:network:VirtualNetwork", "prod-vnet"),
        ("azure-native:privatedns:PrivateZone", "prod-dns-zone"),
        ("azure-native:privatedns:VirtualNetworkLink", "prod-dns-link"),
        ("azure-native:redisenterprise:RedisEnterprise", "db-cluster"),
        ("azure-native:redisenterprise:Database", "db-database"),
        (IDENTITY, "demo-identity"), (ACCESS, "demo-redis-redis-access"),
        (CG, "demo-group"), (RECORD, "demo-dns"),
    ])
    for r in demo_run.resources:
        if r.name.startswith("demo-"):
            assert r.parent.endswith("radius:index:Container::demo"), r.name


def test_environment_network_subnet_delegation_and_dns(demo_run):
    rg = demo_run.one("azure-native:resources:ResourceGroup").plain()
    assert rg["resourceGroupName"] == "rg-prod" and rg["location"] == "westeurope"
    vnet = demo_run.one("azure-native:network:VirtualNetwork").plain()
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.240.0.0/16"]}
    subnets = {s["name"]: s for s in vnet["subnets"]}
    assert subnets["containers"]["delegations"] == [
        {"name": "aci", "serviceName": "Microsoft.ContainerInstance/containerGroups"}]
    assert "delegations" not in subnets["load-balancers"], "load balancers cannot live in a delegated subnet"
    zone = demo_run.one("azure-native:privatedns:PrivateZone").plain()
    assert zone["privateZoneName"] == "prod.radius.internal" and zone["location"] == "global"
    link = demo_run.one("azure-native:privatedns:VirtualNetworkLink").plain()
    assert link["virtualNetwork"] == {"id": "prod-vnet_id"} and link["registrationEnabled"] is False


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


def test_connection_grants_data_access_on_exactly_that_database(demo_run):
    access = demo_run.one(ACCESS).plain()
    assert access["accessPolicyName"] == "default"
    assert access["clusterName"] == demo_run.one("azure-native:redisenterprise:RedisEnterprise").plain()["clusterName"]
    assert access["databaseName"] == "default"
    assert access["user"] == {"objectId": "principal-demo-identity"}


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
    assert ngroup["elasticProfile"] == {"desiredCount": 3}
    assert ngroup["ngroupsName"] == "shop-backend"
    stub = ngroup["containerGroupProfiles"][0]
    assert stub["resource"] == {"id": "backend-profile_id"}
    assert stub["containerGroupProperties"] == {"subnetIds": [{"id": "prod-vnet_id/subnets/containers"}]}
    lb_id = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-prod/providers/Microsoft.Network/loadBalancers/shop-backend-ilb"
    assert stub["networkProfile"] == {"loadBalancer": {"backendAddressPools": [{"resource": f"{lb_id}/backendAddressPools/replicas"}]}}
    assert ngroup["identity"] == {"type": "UserAssigned", "userAssignedIdentities": ["backend-identity_id"]}
    assert ngroup["zones"] == ["1"]
    assert not full_run.of_type(CG) or "backend-group" not in [r.name for r in full_run.of_type(CG)]


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
    assert profile["zones"] == ["1"]
    front = full_run.one(CG, "frontend-group").plain()
    assert front["dnsConfig"] == {"nameServers": ["10.0.0.10"]}
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

    def program():
        env = rad.Environment("prod", compute=rad.AciCompute(
            resource_group=f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-existing", location="westeurope",
            subnet_id=sub, dns_zone="apps.example.internal"))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 80}}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert not run.of_type("azure-native:resources:ResourceGroup")
    assert not run.of_type("azure-native:network:VirtualNetwork")
    group = run.one(CG).plain()
    assert group["resourceGroupName"] == "rg-existing" and group["subnetIds"] == [{"id": sub}]
    link = run.one("azure-native:privatedns:VirtualNetworkLink").plain()
    assert link["virtualNetwork"] == {"id": sub.rsplit("/subnets/", 1)[0]}
    assert run.one(RECORD).plain()["privateZoneName"] == "apps.example.internal"


def test_resource_group_by_name_without_creating_it():
    run = run_program(as_program(demo, create_resource_group=False))
    assert not run.of_type("azure-native:resources:ResourceGroup")
    assert run.one(CG).plain()["resourceGroupName"] == "rg-prod"


def test_gpu_request_from_runtimes():
    def program():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("ml", environment=env)
        rad.Container("train", application=app, container={"image": DEMO_IMAGE, "command": ["python", "train.py"]},
                      runtimes={"aci": {"gpu": {"count": 1, "sku": "V100"}}}, restart_policy="Never")
        return pulumi.Output.from_input(None)

    group = run_program(program).one(CG).plain()
    assert group["containers"][0]["resources"]["requests"]["gpu"] == {"count": 1, "sku": "V100"}
    assert "subnetIds" not in group, "GPU groups are not supported in a virtual network"


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

    path = pathlib.Path(__file__).resolve().parent.parent / "examples" / "aci" / "__main__.py"
    run = run_program(lambda: runpy.run_path(str(path)))
    assert run.one(NGROUP).plain()["elasticProfile"] == {"desiredCount": 2}
    assert run.one(CG).plain()["zones"] == ["1"]
    env = {e["name"]: e for e in run.one(CG).plain()["containers"][0]["environmentVariables"]}
    assert env["CONNECTION_BACKEND_URL"]["value"] == "http://shop-backend.aci-dev.radius.internal"
