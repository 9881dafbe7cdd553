"""SqlDatabase on the cloudrun kind: Cloud SQL for PostgreSQL on a private IP, under mocks.

The rules a real `up` needs: no public IP, the private IP on the environment's network with
private services access made once per environment, TLS required with the instance CA in the
contract, and `roles/cloudsql.client` only with the connector and only with a condition on
exactly this instance (Cloud SQL has no per-instance IAM policy).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.cloudrun import CA_CERT, PROJECT, SECRET_VERSION, SERVICE, SQL_IP, compute
from tests.helpers.cloudrun_schema import as_api_service, parse_service
from tests.helpers.mocks import GENERATED_HEX, GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
DATABASE = "gcp:sql/database:Database"
USER = "gcp:sql/user:User"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
PEERING = "gcp:servicenetworking/connection:Connection"
PROJECT_IAM = "gcp:projects/iAMMember:IAMMember"

def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def sql_app(parameters: dict[str, Any] | None = None, second: bool = False, **compute_kwargs: Any) -> dict[str, Any]:
    env = rad.Environment("prod", compute=compute(**compute_kwargs))
    app = rad.Application("todo", environment=env)
    db = rad.SqlDatabase("sql", application=app, recipe={"parameters": parameters or {}})
    connections = {"sql": {"source": db}}
    if second:
        connections["audit"] = {"source": rad.SqlDatabase("audit", application=app)}
    web = rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 8080}}},
                        connections=connections)
    return {"env": env, "db": db, "web": web}


@pytest.fixture(scope="module")
def sql_run():
    return run_program(as_program(sql_app))


def test_instance_has_only_a_private_ip_and_requires_tls(sql_run):
    instance = sql_run.one(INSTANCE)
    inputs = instance.plain()
    assert inputs["name"] == f"prod-todo-sql-{GENERATED_HEX}" and inputs["databaseVersion"] == "POSTGRES_17"
    ip = inputs["settings"]["ipConfiguration"]
    assert ip == {"ipv4Enabled": False, "privateNetwork": "prod-network_id", "sslMode": "ENCRYPTED_ONLY"}
    assert inputs["settings"]["edition"] == "ENTERPRISE"
    assert inputs["deletionProtection"] is True and instance.protect
    assert sql_run.one(DATABASE).plain()["name"] == "sql"
    user = sql_run.one(USER)
    assert user.plain()["name"] == "app" and user.inputs["password"].get(SECRET_SIG) == SECRET_MARK
    # The Admin API refuses to drop a PostgreSQL user owning objects: both go with the instance.
    assert user.plain()["deletionPolicy"] == "ABANDON"
    assert sql_run.one(DATABASE).plain()["deletionPolicy"] == "ABANDON"


def test_private_services_access_once_per_environment():
    run = run_program(as_program(sql_app, None, True))
    assert len(run.of_type(INSTANCE)) == 2
    address = run.one(ADDRESS).plain()
    assert address["purpose"] == "VPC_PEERING" and address["addressType"] == "INTERNAL" and address["prefixLength"] == 16
    peering = run.one(PEERING)
    assert peering.plain()["service"] == "servicenetworking.googleapis.com"
    assert peering.plain()["reservedPeeringRanges"] == [address["name"]]
    assert peering.plain()["deletionPolicy"] == "ABANDON"
    # Parented to the Environment: removing one database does not move it.
    assert peering.parent.endswith("radius:index:Environment::prod")


def test_an_existing_network_uses_its_private_services_access():
    run = run_program(as_program(sql_app, None, False, network="shared-vpc", subnet="run-egress"))
    assert run.of_type(PEERING) == [] and run.of_type(ADDRESS) == []
    ip = run.one(INSTANCE).plain()["settings"]["ipConfiguration"]
    assert ip["privateNetwork"] == f"projects/{PROJECT}/global/networks/shared-vpc"


def test_contract_and_ca_on_cloud_run(sql_run):
    envs = {e["name"]: e for e in sql_run.one(SERVICE).plain()["template"]["containers"][0]["envs"]}
    assert envs["CONNECTION_SQL_SERVER"]["value"] == SQL_IP
    assert envs["CONNECTION_SQL_PORT"]["value"] == "5432"
    assert envs["CONNECTION_SQL_DATABASE"]["value"] == "sql"
    assert envs["CONNECTION_SQL_USERNAME"]["value"] == "sql_user"  # its own login, not the built-in user
    assert envs["CONNECTION_SQL_TLS"]["value"] == "true"
    assert envs["CONNECTION_SQL_TLSCACERT"]["value"] == CA_CERT
    for name in ("CONNECTION_SQL_PASSWORD", "CONNECTION_SQL_CONNECTIONSTRING", "CONNECTION_SQL_URL"):
        assert "value" not in envs[name] and envs[name]["valueSource"]["secretKeyRef"]["version"] == "1"
    url = sql_run.one(SECRET_VERSION, "web-secret-CONNECTION_SQL_URL-version").plain()["secretData"]
    assert url == f"postgresql://sql_user:{GENERATED_PASSWORD}@{SQL_IP}:5432/sql?sslmode=require"


def test_no_grant_without_the_connector_and_a_conditional_one_with_it(sql_run):
    assert sql_run.of_type(PROJECT_IAM) == []
    run = run_program(as_program(sql_app, {"connector": True}))
    grant = run.one(PROJECT_IAM).plain()
    assert grant["role"] == "roles/cloudsql.client" and grant["project"] == PROJECT
    assert grant["member"] == f"serviceAccount:prod-todo-web-ea2b@{PROJECT}.iam.gserviceaccount.com"
    assert grant["condition"]["expression"] == (
        f'resource.name == "projects/{PROJECT}/instances/prod-todo-sql-{GENERATED_HEX}" '
        '&& resource.type == "sqladmin.googleapis.com/Instance"')


def test_no_plaintext_password_outside_secret_manager(sql_run):
    allowed = {SECRET_VERSION: ("secretData",), USER: ("password",)}
    assert secret_leaks(sql_run, [GENERATED_PASSWORD], allowed) == []


def test_the_service_is_a_valid_cloud_run_v2_service(sql_run):
    parsed = parse_service(as_api_service(sql_run.one(SERVICE).plain()))
    assert {e.name for e in parsed.template.containers[0].env} >= {"CONNECTION_SQL_PASSWORD", "CONNECTION_SQL_SERVER"}


@pytest.mark.parametrize("parameters, field", [
    ({"database_version": "POSTGRES_9_6"}, "recipe.parameters.database_version"),
    ({"availability_type": "MULTI"}, "recipe.parameters.availability_type"),
    ({"username": "cloudsqlsuperuser"}, "recipe.parameters.username"),
    ({"instance_name": "Prod_DB"}, "recipe.parameters.instance_name"),
    ({"disk_size": 5}, "recipe.parameters.disk_size"),
    ({"private_services_access": "maybe"}, "recipe.parameters.private_services_access"),
    ({"private_services_prefix_length": 28}, "recipe.parameters.private_services_prefix_length"),
    ({"connector": "yes"}, "recipe.parameters.connector"),
])
def test_bad_recipe_parameters_fail_before_anything_registers(parameters, field):
    caught: list[rad.RadiusValidationError] = []

    def program():
        try:
            sql_app(parameters)
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert caught and caught[0].field == field
    assert run.of_type(INSTANCE) == [] and run.of_type("radius:index:SqlDatabase") == []


def test_with_enable_apis_the_instance_waits_for_the_sql_apis(deps):
    run = run_program(as_program(sql_app, None, False, network="shared-vpc", subnet="run-egress", enable_apis=True))
    apis = {r.plain()["service"]: r.urn for r in run.of_type("gcp:projects/service:Service")}
    assert {"sqladmin.googleapis.com", "servicenetworking.googleapis.com"} <= set(apis)
    assert apis["sqladmin.googleapis.com"] in deps["sql-instance"]


def test_cloud_sql_inputs_are_properties_the_provider_defines(sql_run):
    # No Cloud SQL Admin API model ships with the test dependencies; pulumi-gcp's own input
    # types (their API names, recursively) are the schema the provider sends on.
    import pulumi_gcp as gcp
    from tests.helpers.azure_schema import pulumi_strict

    problems: list[str] = []
    for typ, cls, module in ((INSTANCE, gcp.sql.DatabaseInstanceArgs, gcp.sql._inputs),
                             (DATABASE, gcp.sql.DatabaseArgs, gcp.sql._inputs),
                             (USER, gcp.sql.UserArgs, gcp.sql._inputs)):
        for r in sql_run.of_type(typ):
            pulumi_strict(cls, module, r.plain(), r.name, problems)
    assert problems == []
    # The check means something: a misspelt setting is caught.
    bad: list[str] = []
    pulumi_strict(gcp.sql.DatabaseInstanceArgs, gcp.sql._inputs,
                  {"settings": {"ipConfiguration": {"ipv4Enable": False}}}, "x", bad)
    assert bad and "ipv4Enable" in bad[0]


def test_iam_roles_on_a_sql_connection_point_to_the_connector_parameter():
    def program():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("todo", environment=env)
        db = rad.SqlDatabase("sql", application=app)
        rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 8080}}},
                      connections={"sql": {"source": db, "iam": {"roles": ["roles/cloudsql.client"]}}})

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(program))
    assert "Cloud SQL" in info.value.problem and "connector=True" in info.value.fix


def test_a_delete_keeps_a_final_backup_and_the_backups():
    # Review defect 3: without final_backup_config and retain_backups_on_delete, deleting the
    # instance deletes every backup (cloud.google.com/sql/docs/postgres/delete-instance;
    # pulumi-gcp 10.2 sql.DatabaseInstanceSettings). protect_stateful=False does not change it.
    def deletable():
        env = rad.Environment("prod", compute=compute(), protect_stateful=False)
        rad.SqlDatabase("sql", application=rad.Application("todo", environment=env))

    settings = run_program(deletable).one(INSTANCE).plain()["settings"]
    assert settings["finalBackupConfig"] == {"enabled": True, "retentionDays": 30}
    assert settings["retainBackupsOnDelete"] is True
    # Only the explicit parameter turns it off.
    settings = run_program(as_program(sql_app, {"final_backup": False})).one(INSTANCE).plain()["settings"]
    assert settings["finalBackupConfig"] == {"enabled": False} and settings["retainBackupsOnDelete"] is False


def test_the_private_services_range_waits_for_the_created_subnet(deps):
    # Review defect 8: a VPC_PEERING range without an address is allocated by Google from free
    # space of the network; with the subnet still being created it could take that range
    # (cloud.google.com/vpc/docs/configure-private-services-access), so it waits for the subnet.
    run = run_program(as_program(sql_app))
    subnet = run.one("gcp:compute/subnetwork:Subnetwork").urn
    assert subnet in deps["prod-private-services-range"]


def test_a_generated_instance_name_is_fresh_for_each_state_and_replacement(sql_run):
    # "after a name is used, it cannot be reused for up to one week" (pulumi-gcp
    # sql.DatabaseInstance `name`; cloud.google.com/sql/docs/postgres/delete-instance): the
    # name's suffix is a RandomId kept in state, whose keepers are the inputs that replace the
    # instance (terraform-provider-google: project, region, encryption_key_name are ForceNew).
    suffix = sql_run.one("random:index/randomId:RandomId", "sql-instance-suffix")
    assert suffix.plain()["keepers"] == {"project": PROJECT, "region": sql_run.one(INSTANCE).plain()["region"]}
    assert suffix.protect is False and suffix.urn in sql_run.one(INSTANCE).dependencies
    cmek = run_program(as_program(sql_app, {"encryption_key_name": "projects/p/locations/l/keyRings/r/cryptoKeys/k"}))
    assert cmek.one("random:index/randomId:RandomId", "sql-instance-suffix").plain()["keepers"]["encryption_key_name"] \
        == "projects/p/locations/l/keyRings/r/cryptoKeys/k"
    # A name the user gives is theirs: no suffix.
    named = run_program(as_program(sql_app, {"instance_name": "orders-db"}))
    assert named.one(INSTANCE).plain()["name"] == "orders-db"
    assert not [r for r in named.of_type("random:index/randomId:RandomId") if r.name.endswith("instance-suffix")]


def test_an_existing_instance_keeps_its_name_and_a_new_one_gets_the_suffix(sql_run):
    # Review R-GCP-1: `name` is ForceNew (pulumi-gcp 10.2.0 sql.DatabaseInstance: "Changing this
    # forces a new resource to be created"), so suffixing the name of an instance created before
    # the suffix would replace it (a new, empty database). ignoreChanges makes the engine take an
    # ignored property from the resource's state when it has one and from the program on a create
    # (pulumi.com/docs/iac/concepts/options/ignorechanges/): new instances get the suffix, existing
    # ones keep their name. What reads the name reads the instance's output, i.e. the real name.
    instance = sql_run.one(INSTANCE)
    assert instance.ignore_changes == ["name"]
    assert instance.plain()["name"].startswith("prod-todo-sql-")  # created with the (random) suffix
    assert instance.urn in sql_run.one(DATABASE).dependencies and instance.urn in sql_run.one(USER).dependencies
    # A user-given name is not ignored: changing it is how a replacement is asked for.
    named = run_program(as_program(sql_app, {"instance_name": "orders-db"}))
    assert named.one(INSTANCE).ignore_changes == []


def test_the_connector_condition_names_the_instance_s_real_name():
    # The IAM condition must name the instance as it is (its state's name on an upgraded stack),
    # not the generated value the engine ignores: it follows the instance's `name` output.
    run = run_program(as_program(sql_app, {"connector": True}))
    name = run.one(INSTANCE).plain()["name"]  # the mocks answer the input as the output
    condition = [r for r in run.of_type(PROJECT_IAM) if r.plain()["role"] == "roles/cloudsql.client"][0].plain()["condition"]
    assert f"/instances/{name}\"" in condition["expression"]
