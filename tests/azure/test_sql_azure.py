"""SqlDatabase on the aci and aca kinds: Azure Database for PostgreSQL flexible server behind a
private endpoint, public access disabled, no firewall rule, under mocks and against the
provider's input types."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi_azure_native import dbforpostgresql

import radius_components as rad

from tests.helpers.aca import PE_SUBNET_ID, SUBNET_ID, aca_compute
from tests.helpers.aci import aci_compute
from tests.helpers.azure_schema import pulumi_strict
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

SERVER = "azure-native:dbforpostgresql:Server"
DATABASE = "azure-native:dbforpostgresql:Database"
FIREWALL = "azure-native:dbforpostgresql:FirewallRule"
ENDPOINT = "azure-native:network:PrivateEndpoint"
ZONE = "azure-native:privatedns:PrivateZone"
ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup"

def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def sql_app(compute: Any, parameters: dict[str, Any] | None = None) -> None:
    env = rad.Environment("prod", compute=compute)
    app = rad.Application("shop", environment=env)
    db = rad.SqlDatabase("orders", application=app, recipe={"parameters": parameters or {}})
    rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                  connections={"orders": {"source": db}})


COMPUTES = {"aci": lambda: aci_compute(),
            "aca": lambda: aca_compute(subnet_id=SUBNET_ID, private_endpoint_subnet_id=PE_SUBNET_ID)}


@pytest.fixture(scope="module", params=sorted(COMPUTES))
def sql_run(request):
    return request.param, run_program(as_program(sql_app, COMPUTES[request.param]()))


def test_server_is_private_with_no_firewall_rule(sql_run):
    _, run = sql_run
    server = run.one(SERVER)
    inputs = server.plain()
    assert inputs["network"] == {"publicNetworkAccess": "Disabled"}
    assert "delegatedSubnetResourceId" not in inputs["network"]
    assert run.of_type(FIREWALL) == []
    assert inputs["version"] == "17" and inputs["sku"] == {"name": "Standard_B1ms", "tier": "Burstable"}
    assert inputs["authConfig"] == {"passwordAuth": "Enabled", "activeDirectoryAuth": "Disabled"}
    assert inputs["administratorLogin"] == "app"
    assert server.inputs["administratorLoginPassword"].get(SECRET_SIG) == SECRET_MARK
    assert server.protect and run.one(DATABASE).protect
    assert run.one(DATABASE).plain()["databaseName"] == "orders"


def test_server_name_hashes_the_subscription(sql_run):
    # <name>.postgres.database.azure.com is unique across all of Azure: the subscription in
    # the hash keeps two subscriptions deploying the same program apart.
    from radius_components.recipes.azure.postgres import server_name
    from radius_components.testing.mocks import AZURE_SUBSCRIPTION

    kind, run = sql_run
    group = str(COMPUTES[kind]().resource_group)
    name = run.one(SERVER).plain()["serverName"]
    assert name == server_name(AZURE_SUBSCRIPTION, "prod", group, "shop", "orders")
    assert name != server_name("00000000-0000-0000-0000-000000000001", "prod", group, "shop", "orders")


def test_private_endpoint_in_the_postgres_private_dns_zone(sql_run):
    _, run = sql_run
    endpoint = next(e for e in run.of_type(ENDPOINT) if e.name == "orders-private-endpoint").plain()
    assert endpoint["privateLinkServiceConnections"][0]["groupIds"] == ["postgresqlServer"]
    zones = [z.plain()["privateZoneName"] for z in run.of_type(ZONE)]
    assert "privatelink.postgres.database.azure.com" in zones


def test_generated_password_meets_the_azure_complexity_rule(sql_run):
    _, run = sql_run
    password = run.one("random:index/randomPassword:RandomPassword", "orders-password").plain()
    assert password["minUpper"] >= 1 and password["minLower"] >= 1 and password["minNumeric"] >= 1


def test_no_plaintext_password(sql_run):
    kind, run = sql_run
    allowed = {SERVER: ("administratorLoginPassword",),
               "azure-native:containerinstance:ContainerGroup": ("containers",),  # secureValue
               "azure-native:app:ContainerApp": ("configuration",),  # app secrets
               # The login step's secure variables (test_db_login_azure.py checks they are secureValue).
               "azure-native:resources:AzureCliScript": ("environmentVariables",),
               "random:index/randomId:RandomId": ("keepers",)}
    leaks = secret_leaks(run, [GENERATED_PASSWORD], allowed)
    assert leaks == [], leaks


def test_inputs_are_properties_the_provider_defines(sql_run):
    _, run = sql_run
    problems: list[str] = []
    for typ, cls in ((SERVER, dbforpostgresql.ServerArgs), (DATABASE, dbforpostgresql.DatabaseArgs)):
        for r in run.of_type(typ):
            pulumi_strict(cls, dbforpostgresql._inputs, r.plain(), r.name, problems)
    assert problems == []


def test_aca_without_a_network_is_refused():
    with pytest.raises(rad.RadiusValidationError, match="no virtual network"):
        run_program(as_program(sql_app, aca_compute()))


@pytest.mark.parametrize("parameters, field", [
    ({"version": "12"}, "recipe.parameters.version"),
    ({"username": "azure_superuser"}, "recipe.parameters.username"),
    ({"username": "pg_app"}, "recipe.parameters.username"),
    ({"storage_size_gb": 40}, "recipe.parameters.storage_size_gb"),
    ({"high_availability": True}, "recipe.parameters.high_availability"),
    ({"backup_retention_days": 3}, "recipe.parameters.backup_retention_days"),
])
def test_bad_recipe_parameters(parameters, field):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(sql_app, aci_compute(), parameters))
    assert info.value.field == field


def test_create_mode_is_default_on_every_put(sql_run):
    # azure-native updates with the same PUT it creates with, so createMode is sent on every
    # update. "Create" means "Operation creates a new server"; "Default" is Create on a new
    # server and Update on an existing one (ServerProperties.createMode, x-ms-mutability
    # create+update: no replacement; Azure/azure-rest-api-specs
    # specification/postgresql/.../stable/2025-08-01/Servers.json). Review item 11.
    _, run = sql_run
    assert run.one(SERVER).plain()["createMode"] == "Default"


def test_auto_grown_storage_is_not_sent_back(sql_run):
    # With autoGrow the service grows the disk; a PUT with the original storageSizeGB is then
    # refused ("Requested data Disk size ... cannot be less than current size", the same rule
    # as hashicorp/terraform-provider-azurerm#5865). Review item 8.
    _, run = sql_run
    server = run.one(SERVER)
    assert server.plain()["storage"]["autoGrow"] == "Enabled"
    assert "storage.storageSizeGB" in server.ignore_changes


def test_roles_on_a_sql_database_connection_are_scoped_to_the_server():
    # The recipe documents `azure_resource_id` as the scope of `iam.roles` (review item 12):
    # a role on a SqlDatabase connection is one role assignment on exactly the server.
    def program():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("shop", environment=env)
        db = rad.SqlDatabase("orders", application=app)
        rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                      connections={"orders": {"source": db, "iam": {"roles": ["Reader"]}}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    grants = [r.plain() for r in run.of_type("azure-native:authorization:RoleAssignment")
              if r.name != "orders-db-login-storage-access"]  # the login step's own grant (test_db_login_azure.py)
    # The mocks give a server the ID `<logical name>_id`.
    assert [g["scope"] for g in grants] == ["orders-server_id"]


def test_aca_refusal_says_how_to_get_a_network():
    # Issue 24 scope 4: the minimal aca compute has no network; the refusal names the fix.
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(sql_app, aca_compute()))
    assert "compute.address_space" in info.value.fix and "replaces the environment" in info.value.fix


def test_aca_with_address_space_creates_its_network_and_deploys_the_database():
    # A workload profiles environment needs a subnet delegated to Microsoft.App/environments
    # (/27 or larger, Container Apps networking); the private endpoint needs an undelegated one.
    run = run_program(as_program(sql_app, aca_compute(address_space="10.250.0.0/16")))
    vnet = run.one("azure-native:network:VirtualNetwork").plain()
    subnets = {s["name"]: s for s in vnet["subnets"]}
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.250.0.0/16"]}
    assert subnets["apps"]["addressPrefix"] == "10.250.0.0/23"
    assert subnets["apps"]["delegations"] == [{"name": "aca", "serviceName": "Microsoft.App/environments"}]
    assert subnets["private-endpoints"] == {"name": "private-endpoints", "addressPrefix": "10.250.2.0/24"}
    env = run.one("azure-native:app:ManagedEnvironment").plain()
    assert env["vnetConfiguration"] == {"infrastructureSubnetId": "prod-vnet_id/subnets/apps", "internal": False}
    endpoint = run.one(ENDPOINT, "orders-private-endpoint").plain()
    assert endpoint["subnet"] == {"id": "prod-vnet_id/subnets/private-endpoints"}
    assert run.one(SERVER).plain()["network"] == {"publicNetworkAccess": "Disabled"}


@pytest.mark.parametrize("extra, field", [
    ({"address_space": "10.250.0.0/23"}, "compute.address_space"),
    ({"address_space": "10.250.0.0/16", "subnet_id": SUBNET_ID}, "compute.address_space"),
    ({"address_space": "10.250.0.0/16", "private_endpoint_subnet_id": PE_SUBNET_ID},
     "compute.private_endpoint_subnet_id"),
])
def test_aca_address_space_is_checked(extra, field):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(sql_app, aca_compute(**extra)))
    assert field in [e.field for e in getattr(info.value, "errors", [info.value])]
