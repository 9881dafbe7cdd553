"""The aca compute kind under mocks: what each feature registers, asserted on inputs."""

from __future__ import annotations

import json

import pytest

import radius_components as rad
from radius_components.names import short_hash
from tests.helpers.aca import (ACR_ID, DEFAULT_DOMAIN, DEMO_IMAGE, ENV_ID, EXISTING_DOMAIN, EXISTING_LOCATION,
                               PE_SUBNET_ID, SECRET_VERSION, SUBNET_ID, SUBSCRIPTION, USER_PASSWORD, VAULT_ID,
                               VAULT_URI, aca_compute, as_program, demo, everything)
from tests.helpers.aci import PRIMARY_KEY, WORKSPACE_KEY, run_with_options
from tests.helpers.azure_types import (ACCESS, ACR_PULL, ENDPOINT, IDENTITY, KEY_VAULT_SECRETS_USER, KV_SECRET, LINK,
                                       REDIS, ROLE, WORKSPACE, ZONE, ZONE_GROUP)
from tests.helpers.mocks import GENERATED_HEX, SECRET_MARK, SECRET_SIG, run_program, snapshot

APP = "azure-native:app:ContainerApp"
MANAGED_ENV = "azure-native:app:ManagedEnvironment"


@pytest.fixture(scope="module")
def demo_run():
    return run_program(as_program(demo))


@pytest.fixture(scope="module")
def full_run():
    return run_program(as_program(everything))


def app_of(run, name):
    return run.one(APP, f"{name}-app").plain()


def container_of(run, name):
    return app_of(run, name)["template"]["containers"][0]


def env_of(run, name):
    return {e["name"]: e for e in container_of(run, name).get("env", [])}


def secrets_of(run, name):
    return {s["name"]: s for s in app_of(run, name)["configuration"].get("secrets", [])}


# -- the demo deploys by changing only the Environment ---------------------------------------


def test_demo_registers_exactly_the_expected_resources(demo_run):
    got = sorted((r.type, r.name) for r in demo_run.resources)
    assert got == sorted([
        ("radius:index:Environment", "prod"), ("radius:index:Application", "todo"),
        ("radius:index:RedisCache", "db"), ("radius:index:Container", "demo"), ("radius:internal:Expanded", "demo"),
        ("azure-native:resources:ResourceGroup", "prod-resource-group"),
        (WORKSPACE, "prod-logs"), (MANAGED_ENV, "prod-environment"),
        ("azure-native:redisenterprise:RedisEnterprise", "db-cluster"),
        ("azure-native:redisenterprise:Database", "db-database"),
        (IDENTITY, "demo-identity"),
        ("random:index/randomId:RandomId", "demo-secrets-revision"), (APP, "demo-app"),
    ])
    for r in demo_run.resources:
        if r.name.startswith("demo-"):
            assert r.parent.endswith("radius:index:Container::demo"), r.name


def test_managed_environment_with_consumption_profile_and_logs(demo_run):
    managed = demo_run.one(MANAGED_ENV)
    inputs = managed.plain()
    assert inputs["environmentName"] == "prod-env" and inputs["resourceGroupName"] == "rg-prod"
    assert inputs["location"] == "westeurope"
    assert inputs["workloadProfiles"] == [{"name": "Consumption", "workloadProfileType": "Consumption"}]
    assert inputs["appLogsConfiguration"] == {"destination": "log-analytics", "logAnalyticsConfiguration": {
        "customerId": inputs["appLogsConfiguration"]["logAnalyticsConfiguration"]["customerId"],
        "sharedKey": WORKSPACE_KEY}}
    # The workspace key is a Pulumi secret: encrypted in state, hidden in previews.
    key = managed.inputs["appLogsConfiguration"]["logAnalyticsConfiguration"]["sharedKey"]
    assert key[SECRET_SIG] == SECRET_MARK
    assert "vnetConfiguration" not in inputs and inputs["zoneRedundant"] is False
    workspace = demo_run.one(WORKSPACE).plain()
    assert workspace["retentionInDays"] == 30 and workspace["sku"] == {"name": "PerGB2018"}


def test_environment_in_a_subnet_is_internal_with_dedicated_profiles(full_run):
    inputs = full_run.one(MANAGED_ENV).plain()
    assert inputs["vnetConfiguration"] == {"infrastructureSubnetId": SUBNET_ID, "internal": True}
    assert inputs["zoneRedundant"] is True
    assert inputs["workloadProfiles"] == [
        {"name": "Consumption", "workloadProfileType": "Consumption"},
        {"name": "big", "workloadProfileType": "E8", "minimumCount": 1, "maximumCount": 3}]
    assert full_run.one(WORKSPACE).plain()["retentionInDays"] == 90


def test_existing_environment_is_used_not_created():
    def program():
        env = rad.Environment("prod", compute=aca_compute(environment_id=ENV_ID, create_resource_group=False))
        app = rad.Application("todo", environment=env)
        api = rad.Container("api", application=app, container={"image": DEMO_IMAGE,
                                                               "ports": {"web": {"container_port": 8080}}})
        rad.Container("web", application=app, container={"image": DEMO_IMAGE}, connections={"api": {"source": api}})

    run = run_program(program)
    assert run.of_type(MANAGED_ENV) == [] and run.of_type(WORKSPACE) == []
    assert run.of_type("azure-native:resources:ResourceGroup") == []
    web = app_of(run, "web")
    assert web["environmentId"] == ENV_ID
    # An app lives in its environment's region, whatever compute.location says.
    assert web["location"] == EXISTING_LOCATION
    # The profile layout of an environment we did not create is unknown: leave it to Azure.
    assert "workloadProfileName" not in web
    assert {e["name"]: e["value"] for e in container_of(run, "web")["env"]}["CONNECTION_API_HOSTNAME"] == \
        f"todo-api.internal.{EXISTING_DOMAIN}"
    assert run.one("radius:index:Environment").outputs["default_domain"] == EXISTING_DOMAIN


def test_demo_container_app(demo_run):
    app = app_of(demo_run, "demo")
    assert app["containerAppName"] == "todo-demo" and app["resourceGroupName"] == "rg-prod"
    assert app["environmentId"] == "prod-environment_id" and app["workloadProfileName"] == "Consumption"
    assert app["identity"] == {"type": "UserAssigned", "userAssignedIdentities": ["demo-identity_id"]}
    config = app["configuration"]
    assert config["activeRevisionsMode"] == "Single"
    # Internal by default: nothing is public unless the user says so.
    assert config["ingress"] == {"external": False, "targetPort": 3000, "transport": "http", "allowInsecure": False}
    assert app["template"]["scale"] == {"minReplicas": 1, "maxReplicas": 10}
    c = container_of(demo_run, "demo")
    assert c["name"] == "todo-demo" and c["image"] == DEMO_IMAGE
    assert c["resources"] == {"cpu": 0.5, "memory": "1Gi"}
    assert c["probes"] == [{"type": "Readiness", "httpGet": {"path": "/healthz", "port": 3000}}]
    assert app["tags"] == {"managed-by": "radius-components", "radius-application": "todo",
                           "radius-environment": "prod", "radius-resource": "demo"}


def test_demo_connection_env_plain_and_secret_refs(demo_run):
    env = env_of(demo_run, "demo")
    host = env["CONNECTION_REDIS_HOST"]["value"]
    assert host.endswith(".westeurope.redis.azure.net")
    assert env["CONNECTION_REDIS_PORT"] == {"name": "CONNECTION_REDIS_PORT", "value": "10000"}
    assert env["CONNECTION_REDIS_TLS"]["value"] == "true" and env["LOG_LEVEL"]["value"] == "info"
    secrets = secrets_of(demo_run, "demo")
    for prop in ("PASSWORD", "URL", "CONNECTIONSTRING"):
        entry = env[f"CONNECTION_REDIS_{prop}"]
        assert "value" not in entry
        assert entry["secretRef"] == f"connection-redis-{prop.lower()}-{GENERATED_HEX}"
        assert entry["secretRef"] in secrets
    assert secrets[f"connection-redis-password-{GENERATED_HEX}"]["value"] == PRIMARY_KEY
    assert secrets[f"connection-redis-url-{GENERATED_HEX}"]["value"] == f"rediss://:{PRIMARY_KEY}@{host}:10000/0"
    names = [e["name"] for e in container_of(demo_run, "demo")["env"]]
    assert names == sorted(names)


def test_secret_values_are_pulumi_secrets_and_roll_the_revision(demo_run):
    raw = demo_run.one(APP, "demo-app").inputs
    for secret in raw["configuration"]["secrets"]:
        assert secret["value"][SECRET_SIG] == SECRET_MARK, secret["name"]
    # ACA keeps secrets outside revisions; the suffix from a RandomId kept by the secret
    # values changes the env references when a value changes, which starts a new revision.
    rev = demo_run.one("random:index/randomId:RandomId", "demo-secrets-revision").plain()
    assert rev["byteLength"] == 4
    assert set(rev["keepers"]) == {"CONNECTION_REDIS_CONNECTIONSTRING", "CONNECTION_REDIS_PASSWORD",
                                   "CONNECTION_REDIS_URL"}
    assert rev["keepers"]["CONNECTION_REDIS_PASSWORD"] == PRIMARY_KEY
    for value in demo_run.one("random:index/randomId:RandomId").inputs["keepers"].values():
        assert value[SECRET_SIG] == SECRET_MARK


def test_container_outputs(demo_run):
    outputs = demo_run.one("radius:index:Container", "demo").outputs
    host = f"todo-demo.internal.{DEFAULT_DOMAIN}"
    assert outputs["internal_hostname"] == host and outputs["fqdn"] == host
    assert outputs["internal_url"] == f"https://{host}"
    assert outputs["container_app_name"] == "todo-demo"
    assert outputs["identity_principal_id"] == "principal-demo-identity"
    assert outputs["identity_client_id"] == "client-demo-identity"
    assert outputs["latest_revision_name"] == "todo-demo--rev1"
    env_outputs = demo_run.one("radius:index:Environment").outputs
    assert env_outputs["kind"] == "aca" and env_outputs["default_domain"] == DEFAULT_DOMAIN
    assert env_outputs["managed_environment_id"] == "prod-environment_id"


def test_redis_recipe_is_shared_with_aci(demo_run):
    cluster = demo_run.one("azure-native:redisenterprise:RedisEnterprise").plain()
    assert cluster["minimumTlsVersion"] == "1.2" and cluster["sku"] == {"name": "Balanced_B0"}
    database = demo_run.one("azure-native:redisenterprise:Database").plain()
    assert database["clientProtocol"] == "Encrypted" and database["port"] == 10000


def test_connections_grant_no_redis_data_access_the_apps_never_use(demo_run, full_run):
    # Apps authenticate with the access key (a secretRef to CONNECTION_*_PASSWORD); an Entra
    # access policy assignment would be a grant nobody uses. iam.roles still work.
    assert not demo_run.of_type(ACCESS) and not full_run.of_type(ACCESS)
    roles = {r.name: r.plain() for r in full_run.of_type(ROLE)}
    assert roles["backend-cache-reader"]["scope"] == "db-cluster_id"


def test_without_a_virtual_network_redis_keeps_its_public_endpoint_and_says_so(demo_run):
    # A Consumption environment without a subnet has no path to a private endpoint: the cache
    # stays reachable on its public endpoint (TLS 1.2 + access key), with a warning.
    assert demo_run.one(REDIS).plain()["publicNetworkAccess"] == "Enabled"
    assert not demo_run.of_type(ENDPOINT) and not demo_run.of_type(ZONE)
    assert any("public endpoint" in w and "RedisCache 'db'" in w for w in demo_run.warnings), demo_run.warnings
    assert demo_run.one("radius:index:RedisCache").outputs["host"].endswith(".westeurope.redis.azure.net")


def test_an_internal_environment_reaches_redis_through_a_private_endpoint(full_run):
    assert full_run.one(REDIS).plain()["publicNetworkAccess"] == "Disabled"
    endpoint = full_run.one(ENDPOINT).plain()
    assert endpoint["subnet"] == {"id": PE_SUBNET_ID}
    assert endpoint["privateLinkServiceConnections"][0]["groupIds"] == ["redisEnterprise"]
    zone = full_run.one(ZONE, "prod-redis-private-zone").plain()
    assert zone["privateZoneName"] == "privatelink.redis.azure.net"
    link = full_run.one(LINK, "prod-redis-private-link").plain()
    assert link["virtualNetwork"] == {"id": SUBNET_ID.rsplit("/subnets/", 1)[0]}, "linked to the apps' network"
    assert full_run.one(ZONE_GROUP).plain()["privateDnsZoneConfigs"][0]["privateDnsZoneId"] == "prod-redis-private-zone_id"
    assert not full_run.warnings or not any("public endpoint" in w for w in full_run.warnings)


def test_apps_start_after_the_private_dns_record_exists():
    run, options = run_with_options(as_program(everything))
    assert run.one(ZONE_GROUP).urn in options["backend-app"]["dependencies"]


def test_an_existing_environment_with_a_private_endpoint_subnet():
    def program():
        env = rad.Environment("prod", compute=aca_compute(environment_id=ENV_ID, private_endpoint_subnet_id=PE_SUBNET_ID))
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)

    run = run_program(program)
    assert run.one(REDIS).plain()["publicNetworkAccess"] == "Disabled"
    assert run.one(ENDPOINT).plain()["subnet"] == {"id": PE_SUBNET_ID}
    assert run.one(LINK).plain()["virtualNetwork"] == {"id": PE_SUBNET_ID.rsplit("/subnets/", 1)[0]}


# -- every feature ---------------------------------------------------------------------------


def test_container_fields_map_to_container_apps(full_run):
    c = container_of(full_run, "backend")
    assert c["image"] == "shopreg.azurecr.io/shop/backend:1.2.3"
    assert c["command"] == ["/app/server"] and c["args"] == ["--port", "8080"]
    # Limits win (a replica gets exactly its allocation), requests only fill in.
    assert c["resources"] == {"cpu": 1, "memory": "2Gi"}
    assert c["probes"] == [
        {"type": "Readiness", "httpGet": {"path": "/ready", "port": 8080, "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
         "initialDelaySeconds": 2, "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4},
        {"type": "Liveness", "tcpSocket": {"port": 8080}, "periodSeconds": 15},
    ]
    assert c["volumeMounts"] == [{"volumeName": "scratch", "mountPath": "/scratch"}]
    template = app_of(full_run, "backend")["template"]
    assert template["volumes"] == [{"name": "scratch", "storageType": "EmptyDir"}]


def test_manual_scaling_pins_replicas_and_punch_through_adds_rules(full_run):
    template = app_of(full_run, "backend")["template"]
    assert template["scale"] == {"minReplicas": 3, "maxReplicas": 3, "rules": [
        {"name": "http", "http": {"metadata": {"concurrentRequests": "50"}}}]}
    # snake_case in runtimes.aca becomes the API's camelCase.
    assert template["terminationGracePeriodSeconds"] == 60


def test_dapr_sidecar_maps_to_native_dapr_settings(full_run):
    config = app_of(full_run, "backend")["configuration"]
    assert config["dapr"] == {"enabled": True, "appId": "backend", "appPort": 8080, "appProtocol": "http"}
    assert "dapr" not in app_of(full_run, "frontend")["configuration"]


def test_punch_through_merges_configuration_template_profile_and_tags(full_run):
    backend = app_of(full_run, "backend")
    assert backend["configuration"]["ingress"]["stickySessions"] == {"affinity": "sticky"}
    assert backend["configuration"]["ingress"]["targetPort"] == 8080
    assert backend["tags"]["cost-center"] == "42" and backend["tags"]["team"] == "payments"
    frontend = app_of(full_run, "frontend")
    assert frontend["configuration"]["ingress"]["external"] is True
    assert frontend["workloadProfileName"] == "big"
    # The generated container is patched by name: the extra variable joins the generated ones.
    env = env_of(full_run, "frontend")
    assert env["EXTRA"] == {"name": "EXTRA", "value": "1"} and "CONNECTION_BACKEND_URL" in env
    assert len(frontend["template"]["containers"]) == 1
    # Resources on a Dedicated (E8) profile are not held to the Consumption pairs.
    assert container_of(full_run, "frontend")["resources"] == {"cpu": 2, "memory": "8Gi"}


def test_container_to_container_uses_the_internal_fqdn(full_run):
    env = env_of(full_run, "frontend")
    host = f"shop-backend.internal.{DEFAULT_DOMAIN}"
    assert env["CONNECTION_BACKEND_HOSTNAME"]["value"] == host
    assert env["CONNECTION_BACKEND_SCHEME"]["value"] == "https"
    assert env["CONNECTION_BACKEND_PORT"]["value"] == "443"
    assert env["CONNECTION_BACKEND_URL"]["value"] == f"https://{host}"


def test_tcp_ingress_exposes_the_port(full_run):
    assert app_of(full_run, "queue")["configuration"]["ingress"] == {
        "external": False, "targetPort": 5672, "exposedPort": 5672, "transport": "tcp"}
    env = env_of(full_run, "worker")
    # TCP ingress is reached by the app's name and exposed port inside the environment.
    assert env["CONNECTION_QUEUE_HOSTNAME"]["value"] == "shop-queue"
    assert env["CONNECTION_QUEUE_URL"]["value"] == "tcp://shop-queue:5672"
    assert full_run.one("radius:index:Container", "queue").outputs["fqdn"] == f"shop-queue.internal.{DEFAULT_DOMAIN}"
    # A worker without ports has no ingress at all.
    assert "ingress" not in app_of(full_run, "worker")["configuration"]


def test_external_ingress_changes_the_address_others_use(full_run):
    outputs = full_run.one("radius:index:Container", "frontend").outputs
    assert outputs["internal_hostname"] == f"shop-frontend.{DEFAULT_DOMAIN}"


def test_private_registry_pulls_with_the_identity(full_run):
    backend = app_of(full_run, "backend")
    assert backend["configuration"]["registries"] == [{"server": "shopreg.azurecr.io", "identity": "backend-identity_id"}]
    grant = full_run.one(ROLE, "backend-acr-pull").plain()
    assert grant["scope"] == ACR_ID and grant["principalId"] == "principal-backend-identity"
    assert grant["roleDefinitionId"].endswith(f"/roleDefinitions/{ACR_PULL}")
    assert "registries" not in app_of(full_run, "frontend")["configuration"]


def test_key_vault_holds_the_secrets_and_the_identity_reads_exactly_those(full_run):
    # Review item 4: every vault name ends in a hash of subscription and resource group.
    scope = short_hash(f"{SUBSCRIPTION}/rg-prod")
    kv = {r.plain()["secretName"].removesuffix(f"-{scope}"): r for r in full_run.of_type(KV_SECRET)}
    assert all(r.plain()["secretName"].endswith(f"-{scope}") for r in kv.values())
    assert sorted(kv) == sorted(f"prod-shop-backend-{n}" for n in (
        "connection-cache-connectionstring", "connection-cache-password", "connection-cache-url",
        "connection-legacy-connectionstring", "connection-legacy-password", "connection-legacy-url",
        "legacy-password"))
    for r in kv.values():
        inputs = r.plain()
        assert inputs["resourceGroupName"] == "rg-shared" and inputs["vaultName"] == "shopvault"
        assert r.inputs["properties"]["value"][SECRET_SIG] == SECRET_MARK
    assert kv["prod-shop-backend-legacy-password"].plain()["properties"] == {"value": USER_PASSWORD}
    readers = [r.plain() for r in full_run.of_type(ROLE) if "-secret-" in r.name]
    assert len(readers) == 8  # 7 written here + the existing api-token
    for grant in readers:
        assert grant["roleDefinitionId"].endswith(f"/roleDefinitions/{KEY_VAULT_SECRETS_USER}")
        assert grant["principalId"] == "principal-backend-identity"
    # Exactly each secret: the written ones by their resource ID (so the grant waits for the
    # secret to exist), the existing one by its ARM ID in the vault.
    assert sorted(g["scope"] for g in readers) == sorted(
        [f"{r.name}_id" for r in kv.values()] + [f"{VAULT_ID}/secrets/api-token"])
    secrets = secrets_of(full_run, "backend")
    password = secrets[f"legacy-password-{GENERATED_HEX}"]
    assert password == {"name": f"legacy-password-{GENERATED_HEX}", "identity": "backend-identity_id",
                        "keyVaultUrl": f"{VAULT_URI}secrets/prod-shop-backend-legacy-password-{scope}/{SECRET_VERSION}"}
    # An existing vault secret by name: 'latest' follows new versions.
    assert secrets["api-token"]["keyVaultUrl"] == f"{VAULT_URI}secrets/api-token"
    assert env_of(full_run, "backend")["API_TOKEN"] == {"name": "API_TOKEN", "secretRef": "api-token"}
    assert all("value" not in s for s in secrets.values())


def test_iam_roles_are_scoped_to_exactly_the_target(full_run):
    cluster_id = "db-cluster_id"
    grants = {r.name: r.plain() for r in full_run.of_type(ROLE)}
    assert grants["backend-cache-reader"]["scope"] == cluster_id
    assert grants["backend-cache-b24988ac-6180-42a0-ab88-20f7382dd24c"]["scope"] == cluster_id
    assert grants["frontend-backend-reader"]["scope"] == "backend-app_id"
    for name, grant in grants.items():
        scope = grant["scope"]
        assert "/providers/" in scope or scope.endswith("_id"), (name, scope)
        assert scope.rstrip("/") not in (f"/subscriptions/{SUBSCRIPTION}", f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-prod")
        assert grant["principalType"] == "ServicePrincipal"


def test_role_assignments_are_deleted_before_they_are_replaced(full_run):
    # Their names are derived, so a replacement reuses the name: delete first.
    grants = full_run.of_type(ROLE)
    assert grants and all(g.delete_before_replace for g in grants)
    assert not any(r.delete_before_replace for r in full_run.of_type(APP))


def test_an_identity_per_container(full_run):
    names = {r.name: r.plain()["resourceName"] for r in full_run.of_type(IDENTITY)}
    assert names == {"backend-identity": "shop-backend-id", "frontend-identity": "shop-frontend-id",
                     "queue-identity": "shop-queue-id", "worker-identity": "shop-worker-id"}


def test_punch_through_secret_values_become_pulumi_secrets():
    def program():
        env = rad.Environment("prod", compute=aca_compute())
        app = rad.Application("todo", environment=env)
        rad.Container("api", application=app, container={"image": DEMO_IMAGE},
                      runtimes={"aca": {"configuration": {"secrets": [{"name": "extra", "value": "hunter2"}]}}})

    run = run_program(program)
    secret = run.one(APP).inputs["configuration"]["secrets"][0]
    assert secret["value"][SECRET_SIG] == SECRET_MARK and secret["value"]["value"] == "hunter2"


def test_names_are_valid_and_deterministic():
    def program():
        env = rad.Environment("prod", compute=aca_compute())
        app = rad.Application("2048", environment=env)
        rad.Container("a-very-long-container-name-for-the-api", application=app, container={"image": DEMO_IMAGE})

    first, second = run_program(program), run_program(program)
    name = first.one(APP).plain()["containerAppName"]
    assert name == second.one(APP).plain()["containerAppName"]
    assert len(name) == 32 and name.startswith("a2048-a-very-long") and name[0].isalpha()


# -- secrets and determinism ------------------------------------------------------------------


SECRET_VALUES = [PRIMARY_KEY, USER_PASSWORD, WORKSPACE_KEY]


def _without_secret_stores(r):
    """Inputs minus the places secrets belong: app secrets, Key Vault secret values, the
    workspace key, and the revision id's keepers."""
    inputs = r.plain()
    if r.type == APP:
        for s in inputs.get("configuration", {}).get("secrets", []):
            s.pop("value", None)
    elif r.type == KV_SECRET:
        inputs.pop("properties", None)
    elif r.type == MANAGED_ENV:
        inputs["appLogsConfiguration"]["logAnalyticsConfiguration"].pop("sharedKey", None)
    elif r.type == "random:index/randomId:RandomId":
        inputs.pop("keepers", None)
    return inputs


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_no_plaintext_secret_outside_the_secret_mechanism(build):
    run = run_program(as_program(build))
    leaks = []
    for r in run.resources:
        text = json.dumps(_without_secret_stores(r))
        leaks += [(r.type, r.name, s) for s in SECRET_VALUES if s in text]
    assert leaks == []


def test_only_secret_stores_carry_secrets(full_run):
    # Identities, grants, environment variables and everything else stay previewable.
    for r in full_run.resources:
        if r.type in (KV_SECRET, MANAGED_ENV, "random:index/randomId:RandomId") or not r.custom:
            continue
        inputs = dict(r.inputs)
        if r.type == APP:
            inputs["configuration"] = {k: v for k, v in inputs["configuration"].items() if k != "secrets"}
        assert SECRET_SIG not in json.dumps(inputs), f"{r.type} {r.name} carries a secret"


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_two_runs_are_identical(build):
    assert snapshot(as_program(build)) == snapshot(as_program(build))


def test_the_aca_example_runs_under_mocks():
    import pathlib
    import runpy

    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "aca" / "__main__.py"
    run = run_program(lambda: runpy.run_path(str(path)))
    backend, frontend = run.one(APP, "backend-app").plain(), run.one(APP, "frontend-app").plain()
    assert backend["template"]["scale"] == {"minReplicas": 2, "maxReplicas": 2}
    assert frontend["configuration"]["ingress"]["external"] is True
    assert frontend["template"]["scale"] == {"minReplicas": 0, "maxReplicas": 5}
    env = {e["name"]: e for e in frontend["template"]["containers"][0]["env"]}
    assert env["CONNECTION_BACKEND_URL"]["value"] == f"https://shop-backend.internal.{DEFAULT_DOMAIN}"
