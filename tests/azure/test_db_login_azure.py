"""Least privilege for databases on aci and aca (issue 24, scope 3): a workload connects with a
login scoped to its database, never the PostgreSQL server's administrator.

The login is made at deploy time by an Azure deployment script in the environment's network
(recipes/azure/db_login.py). Every resource of that step is inspected here under the shipped
mocks; the program it runs is tested against a real server in test_db_login_step.py.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationError
from radius_components.recipes.azure import db_login
from tests.helpers.aca import ENV_ID, PE_SUBNET_ID, SUBNET_ID, aca_compute
from tests.helpers.aci import aci_compute, workload_env
from tests.helpers.mocks import MOCK_OUTPUTS, SECRET_MARK, SECRET_SIG, recorded, run_program

SCRIPT = "azure-native:resources:AzureCliScript"
ACCOUNT = "azure-native:storage:StorageAccount"
ENDPOINT = "azure-native:network:PrivateEndpoint"
ZONE = "azure-native:privatedns:PrivateZone"
GRANT = "azure-native:authorization:RoleAssignment"
IDENTITY = "azure-native:managedidentity:UserAssignedIdentity"
VNET = "azure-native:network:VirtualNetwork"
SERVER = "azure-native:dbforpostgresql:Server"
ADMIN_PASSWORD, LOGIN_PASSWORD = "PW-orders-password", "PW-orders-login-password"
SCRIPT_SUBNET_ID = SUBNET_ID.rsplit("/", 1)[0] + "/scripts"


@pytest.fixture(autouse=True)
def distinct_passwords(monkeypatch):
    # Each generated password is its resource's name, so the two can be told apart.
    monkeypatch.setitem(MOCK_OUTPUTS, "random:index/randomPassword:RandomPassword", lambda a: {"result": f"PW-{a.name}"})


def program(compute: Any, parameters: dict[str, Any] | None = None):
    def build():
        env = rad.Environment("prod", compute=compute)
        app = rad.Application("shop", environment=env)
        db = rad.SqlDatabase("orders", application=app, recipe={"parameters": parameters or {}})
        rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                      connections={"orders": {"source": db}})
        return pulumi.Output.from_input(None)
    return build


COMPUTES = {
    "aci": lambda: aci_compute(),
    "aci-own-subnet": lambda: aci_compute(subnet_id=SUBNET_ID.replace("/aca", "/aci"), private_endpoint_subnet_id=PE_SUBNET_ID,
                                          load_balancer_subnet_id=SUBNET_ID.replace("/aca", "/lb")),
    "aca-address-space": lambda: aca_compute(address_space="10.250.0.0/16"),
    "aca-own-subnet": lambda: aca_compute(subnet_id=SUBNET_ID, private_endpoint_subnet_id=PE_SUBNET_ID,
                                          script_subnet_id=SCRIPT_SUBNET_ID),
    "aca-existing-environment": lambda: aca_compute(environment_id=ENV_ID, private_endpoint_subnet_id=PE_SUBNET_ID,
                                                    script_subnet_id=SCRIPT_SUBNET_ID),
}


@pytest.fixture(scope="module", params=sorted(COMPUTES))
def case(request):
    import tests.helpers.mocks as mocks

    saved = mocks.MOCK_OUTPUTS.get("random:index/randomPassword:RandomPassword")
    mocks.MOCK_OUTPUTS["random:index/randomPassword:RandomPassword"] = lambda a: {"result": f"PW-{a.name}"}
    try:
        yield request.param, run_program(program(COMPUTES[request.param]()))
    finally:
        if saved is None:
            mocks.MOCK_OUTPUTS.pop("random:index/randomPassword:RandomPassword", None)
        else:
            mocks.MOCK_OUTPUTS["random:index/randomPassword:RandomPassword"] = saved


def _connection_env(run) -> dict[str, Any]:
    """The container's environment variables (aci: the group's container; aca: the app's)."""
    return {e["name"]: e.get("value", e.get("secureValue", e.get("secretRef")))
            for e in workload_env(run, "CONNECTION_ORDERS_")}


def test_the_workload_gets_its_own_login_never_the_administrator(case):
    _, run = case
    env = _connection_env(run)
    assert env["CONNECTION_ORDERS_USERNAME"] == "orders_user"
    assert run.one(SERVER).plain()["administratorLogin"] == "app"  # the administrator keeps its name
    # The administrator's password: the server's and the login step's secure variable, nowhere else.
    holders = {(r.type, r.name) for r in run.resources if ADMIN_PASSWORD in json.dumps(r.plain())}
    assert holders == {(SERVER, "orders-server"), (SCRIPT, "orders-db-login")}
    assert LOGIN_PASSWORD in json.dumps([r.plain() for r in run.resources
                                         if r.type in ("azure-native:containerinstance:ContainerGroup",
                                                       "azure-native:app:ContainerApp")])


def test_the_containers_wait_for_the_login_step(case):
    _, run = case
    script = run.one(SCRIPT)
    workloads = [r for r in run.resources if r.type in ("azure-native:containerinstance:ContainerGroup",
                                                        "azure-native:app:ContainerApp")]
    assert workloads and all(script.urn in w.dependencies for w in workloads)


def test_the_script_runs_in_a_subnet_delegated_to_aci_in_the_environments_network(case):
    kind, run = case
    inputs = run.one(SCRIPT).plain()
    (subnet,) = inputs["containerSettings"]["subnetIds"]
    if kind == "aci":
        # The containers' own subnet: delegated to Microsoft.ContainerInstance/containerGroups.
        vnet = run.one(VNET).plain()
        containers = next(s for s in vnet["subnets"] if s["name"] == "containers")
        assert subnet["id"].endswith("/subnets/containers")
        assert containers["delegations"][0]["serviceName"] == "Microsoft.ContainerInstance/containerGroups"
    elif kind == "aci-own-subnet":
        assert subnet["id"] == SUBNET_ID.replace("/aca", "/aci")
    elif kind == "aca-address-space":
        vnet = run.one(VNET).plain()
        scripts = next(s for s in vnet["subnets"] if s["name"] == "scripts")
        assert scripts["addressPrefix"] == "10.250.3.0/24"
        assert scripts["delegations"] == [{"name": "aci", "serviceName": "Microsoft.ContainerInstance/containerGroups"}]
        assert subnet["id"].endswith("/subnets/scripts")
    else:  # aca on your network: compute.script_subnet_id
        assert subnet["id"] == SCRIPT_SUBNET_ID


def test_the_script_resource(case):
    _, run = case
    script = run.one(SCRIPT)
    inputs = script.plain()
    assert (inputs["kind"], inputs["azCliVersion"], inputs["retentionInterval"], inputs["cleanupPreference"],
            inputs["timeout"]) == ("AzureCLI", db_login.AZ_CLI_VERSION, "PT26H", "Always", "PT30M")
    # Always (R-AZL-8): "Always: Delete the supporting resources once script execution gets in a
    # terminal state", the log persisted before (deployment-script-develop, "Clean up deployment
    # script resources"): a failed run keeps no container group in the delegated subnet. PT30M
    # (R-AZL-3): the sign-in alone is retried "for 10 minutes" (same page, "identity").
    identity = run.one(IDENTITY, "orders-db-login-identity")
    assert inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [f"{identity.name}_id"]} or \
        inputs["identity"]["type"] == "UserAssigned"
    assert inputs["storageAccountSettings"] == {"storageAccountName": run.one(ACCOUNT, "orders-db-login-storage").plain()["accountName"]}
    assert inputs["scriptContent"] == db_login.script_content()
    # Secrets only as secure variables, each a Pulumi secret; none in the script or plain values.
    variables = {v["name"]: v for v in script.inputs["environmentVariables"]}
    for name in ("PGPASSWORD", "LOGIN_PASSWORD"):
        assert set(variables[name]) == {"name", "secureValue"}
        assert variables[name]["secureValue"].get(SECRET_SIG) == SECRET_MARK
    plain = {v["name"]: v.get("value") for v in inputs["environmentVariables"]}
    assert (plain["PGUSER"], plain["LOGIN_ROLE"], plain["PGDATABASE"], plain["PGPORT"]) == ("app", "orders_user", "orders", "5432")
    assert plain["PGHOST"].endswith(".postgres.database.azure.com")
    for text in (inputs["scriptContent"], json.dumps([v for v in inputs["environmentVariables"] if "value" in v])):
        assert ADMIN_PASSWORD not in text and LOGIN_PASSWORD not in text
    assert script.inputs["forceUpdateTag"].get(SECRET_SIG) == SECRET_MARK
    # A fixed name: a replacement deletes first (azure-native refuses to create a name that exists).
    assert script.delete_before_replace
    # After the server, its database and its private DNS record, the storage grant and the file endpoint.
    deps = set(script.dependencies)
    for typ, name in ((SERVER, "orders-server"), (GRANT, "orders-db-login-storage-access"),
                      ("azure-native:network:PrivateDnsZoneGroup", "orders-private-dns"),
                      ("azure-native:network:PrivateDnsZoneGroup", "orders-db-login-file-private-dns")):
        assert run.one(typ, name).urn in deps, name


def test_the_scripts_storage_is_reached_only_privately(case):
    _, run = case
    account = run.one(ACCOUNT, "orders-db-login-storage").plain()
    assert account["publicNetworkAccess"] == "Disabled"
    assert account["networkRuleSet"] == {"defaultAction": "Deny", "bypass": "AzureServices"}
    assert account["allowSharedKeyAccess"] is True and account["allowBlobPublicAccess"] is False
    assert account["kind"] == "StorageV2" and account["minimumTlsVersion"] == "TLS1_2"
    endpoint = run.one(ENDPOINT, "orders-db-login-file-private-endpoint").plain()
    assert endpoint["privateLinkServiceConnections"][0]["groupIds"] == ["file"]
    postgres_endpoint = run.one(ENDPOINT, "orders-private-endpoint").plain()
    assert endpoint["subnet"] == postgres_endpoint["subnet"]
    assert "privatelink.file.core.windows.net" in [z.plain()["privateZoneName"] for z in run.of_type(ZONE)]
    # Its identity may use the account's file shares, on that account only.
    grant = run.one(GRANT, "orders-db-login-storage-access").plain()
    assert grant["roleDefinitionId"].endswith(f"/roleDefinitions/{db_login.STORAGE_FILE_PRIVILEGED_CONTRIBUTOR}")
    assert grant["principalId"] == "principal-orders-db-login-identity"
    assert grant["principalType"] == "ServicePrincipal"
    assert grant["scope"].endswith(f"/storageAccounts/{account['accountName']}") or grant["scope"] == "orders-db-login-storage_id"


def test_the_same_program_gives_the_same_inputs(case):
    kind, run = case
    again = run_program(program(COMPUTES[kind]()))
    assert json.dumps(run.one(SCRIPT).inputs, sort_keys=True) == json.dumps(again.one(SCRIPT).inputs, sort_keys=True)


def test_the_update_tag_changes_with_every_input():
    base = {"host": "h", "admin_password": "a", "role_password": "b", "subnet": "s"}
    tags = {db_login.update_tag({**base, key: "other"}) for key in base}
    assert len(tags | {db_login.update_tag(base)}) == len(base) + 1


def test_an_aca_environment_on_your_network_without_a_script_subnet_keeps_the_administrator_with_a_warning():
    run = run_program(program(aca_compute(subnet_id=SUBNET_ID, private_endpoint_subnet_id=PE_SUBNET_ID)))
    assert run.of_type(SCRIPT) == []
    assert _connection_env(run)["CONNECTION_ORDERS_USERNAME"] == "app"
    assert any("administrator login 'app'" in w and "compute.script_subnet_id" in w for w in run.warnings)


@pytest.mark.parametrize("extra, field", [
    ({"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": PE_SUBNET_ID, "script_subnet_id": "nope"},
     "compute.script_subnet_id"),
    ({"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": PE_SUBNET_ID, "script_subnet_id": SUBNET_ID},
     "compute.script_subnet_id"),
    ({"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": PE_SUBNET_ID, "script_subnet_id": PE_SUBNET_ID},
     "compute.script_subnet_id"),
    ({"subnet_id": SUBNET_ID, "script_subnet_id": SCRIPT_SUBNET_ID}, "compute.script_subnet_id"),
    ({"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": PE_SUBNET_ID,
      "script_subnet_id": SCRIPT_SUBNET_ID.replace("/vnet/", "/other-vnet/")}, "compute.script_subnet_id"),
    ({"address_space": "10.250.0.0/16", "script_subnet_id": SCRIPT_SUBNET_ID}, "compute.script_subnet_id"),
])
def test_a_bad_script_subnet_is_refused_before_anything_registers(extra, field):
    with recorded() as registered, pytest.raises(RadiusValidationError, match=field.replace(".", r"\.")):
        run_program(program(aca_compute(**extra)))
    assert not [r for r in registered if r.custom]


def test_the_login_may_not_be_the_administrator():
    with pytest.raises(RadiusValidationError, match="recipe.parameters.login"):
        run_program(program(aci_compute(), {"login": "app"}))


def test_a_named_login(case):
    kind, _ = case
    run = run_program(program(COMPUTES[kind](), {"login": "shop_api"}))
    assert _connection_env(run)["CONNECTION_ORDERS_USERNAME"] == "shop_api"
    assert {v["name"]: v.get("value") for v in run.one(SCRIPT).plain()["environmentVariables"]}["LOGIN_ROLE"] == "shop_api"


def test_the_script_carries_the_shared_sql_and_stays_small():
    content = db_login.script_content()
    from radius_components.recipes.aws import db_login_handler

    assert "def owned_objects_query" in content and "def statements" in content
    assert content.count(db_login.SOURCE_END) == 4
    # Kept well under what an ARM request carries; the two files and a few lines of shell.
    assert len(content) < 32_000, len(content)
    assert db_login_handler.__file__


def test_the_steps_inputs_are_properties_the_provider_takes(case):
    # The provider passes unknown keys on to ARM, which rejects them (tests/helpers/azure_schema).
    from pulumi_azure_native import resources, storage

    from tests.helpers.azure_schema import pulumi_strict

    _, run = case
    problems: list[str] = []
    for typ, cls, module in ((SCRIPT, resources.AzureCliScriptArgs, resources._inputs),
                             (ACCOUNT, storage.StorageAccountArgs, storage._inputs)):
        for r in run.of_type(typ):
            pulumi_strict(cls, module, r.plain(), r.name, problems)
    assert problems == []


def test_the_scripts_subnet_of_a_created_aca_network_goes_out_through_a_nat_gateway():
    # R-AZL-1: the step's container group pulls mcr.microsoft.com/azure-cli and signs in (Entra ID,
    # ARM); "If you deploy your container group into a virtual network, you must use a NAT gateway
    # for outbound connectivity. This is the only supported configuration for outbound connectivity
    # from your container group in a virtual network" (MicrosoftDocs/azure-docs articles/
    # container-instances/container-instances-virtual-network-concepts.md).
    run = run_program(program(COMPUTES["aca-address-space"]()))
    subnets = {s["name"]: s for s in run.one(VNET).plain()["subnets"]}
    nat = run.one("azure-native:network:NatGateway", "prod-nat-gateway")
    ip = run.one("azure-native:network:PublicIPAddress", "prod-nat-ip")
    assert subnets["scripts"]["natGateway"] == {"id": "prod-nat-gateway_id"}
    assert "natGateway" not in subnets["apps"]  # Container Apps manages the apps subnet's egress
    assert "natGateway" not in subnets["private-endpoints"]
    # A NAT gateway takes Standard static IPv4 public IPs (Azure NAT gateway resource docs).
    assert nat.plain()["sku"] == {"name": "Standard"} and nat.plain()["publicIpAddresses"] == [{"id": "prod-nat-ip_id"}]
    assert (ip.plain()["sku"]["name"], ip.plain()["publicIPAllocationMethod"]) == ("Standard", "Static")
    # The first range keeps plain names; the network's own naming (platforms/azure/network_range.py).
    assert (nat.plain()["natGatewayName"], ip.plain()["publicIpAddressName"]) == ("prod-nat", "prod-nat-ip")


def test_a_moved_aca_range_gets_a_nat_gateway_of_its_own(monkeypatch):
    # "A NAT gateway can't span multiple virtual networks" (Azure NAT gateway resource docs): a new
    # range's network (a new VNet, network_range.range_name) gets a NAT gateway and IP named after it.
    from radius_components.platforms.azure import network_range

    monkeypatch.setitem(MOCK_OUTPUTS, "random:index/randomId:RandomId",
                        lambda a: {"keepers": {"address_space": "10.251.0.0/16"}, "hex": "00", "b64Url": "AA"})
    run = run_program(program(COMPUTES["aca-address-space"]()))
    suffix = network_range.range_name("10.250.0.0/16", "10.251.0.0/16", "prod", "nat")
    assert suffix != "prod-nat"
    assert run.one("azure-native:network:NatGateway", "prod-nat-gateway").plain()["natGatewayName"] == suffix
    assert run.one(VNET).plain()["virtualNetworkName"] == network_range.range_name(
        "10.250.0.0/16", "10.251.0.0/16", "prod", "vnet")


def test_a_server_created_again_under_its_name_runs_the_step_again(monkeypatch):
    # R-AZL-4: "If there are no changes to any of the deploymentScripts resource properties,
    # including the inline script, the script doesn't run when you redeploy"
    # (deployment-script-develop, "Run a script more than once"): the server's (and database's)
    # creation time is in forceUpdateTag, so a new server under the same name gets its login.
    from radius_components.platforms.azure import mocks as azure_mocks

    def tag(created: str) -> str:
        server = azure_mocks.OUTPUTS[SERVER]
        monkeypatch.setitem(MOCK_OUTPUTS, SERVER, lambda a: {**server(a), "systemData": {"createdAt": created}})
        return run_program(program(aci_compute())).one(SCRIPT).plain()["forceUpdateTag"]

    first = tag("2026-12-01T10:00:00Z")
    assert tag("2026-12-01T10:00:00Z") == first  # same server: no diff
    assert tag("2026-12-05T19:00:00Z") != first


def test_the_username_is_known_in_preview_and_still_waits_for_the_script(monkeypatch):
    # R-AZL-5: a script created again (a refresh found it expired after PT26H) has an unknown id in
    # preview; the workloads' username follows its URN, known in preview, so no workload previews
    # a change, while the URN still resolves only when its registration returned (after the create).
    from radius_components.testing.mocks import RadiusMocks

    original = RadiusMocks.new_resource

    def new_resource(self, args):
        id_, state = original(self, args)
        return ("", {k: v for k, v in state.items() if k != "id"}) if args.typ == SCRIPT else (id_, state)

    monkeypatch.setattr(RadiusMocks, "new_resource", new_resource)
    for compute in (COMPUTES["aci"](), COMPUTES["aca-address-space"]()):
        run = run_program(program(compute), preview=True)
        assert _connection_env(run)["CONNECTION_ORDERS_USERNAME"] == "orders_user"
        script = run.one(SCRIPT)
        workloads = [r for r in run.resources if r.type in ("azure-native:containerinstance:ContainerGroup",
                                                            "azure-native:app:ContainerApp")]
        assert workloads and all(script.urn in w.dependencies for w in workloads)


@pytest.mark.parametrize("app, resource", [("café-app", "dätabase"), ("²³", "¹"), ("Shop", "Orders-DB")])
def test_the_storage_account_name_is_ascii_lowercase_letters_and_digits(app, resource):
    # R-AZL-15: storage account names take "numbers and lower-case letters only", 3-24 characters
    # (Azure naming rules, Microsoft.Storage/storageAccounts); str.isalnum() passes 'é' and '²'.
    import re

    name = db_login.storage_account_name("sub", "env", "rg", app, resource)
    assert re.fullmatch(r"[a-z0-9]{3,24}", name), name
    # Scoped like the server's name: another environment or subscription is another account.
    assert name != db_login.storage_account_name("sub", "env2", "rg", app, resource)
    assert name != db_login.storage_account_name("sub2", "env", "rg", app, resource)
