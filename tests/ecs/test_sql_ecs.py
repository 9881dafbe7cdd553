"""SqlDatabase on the ecs kind: RDS / Aurora PostgreSQL, under mocks and against AWS's models.

What a real `up` needs: the database in the environment's subnets, not public, encrypted,
behind a security group that admits exactly the connecting task's group on 5432 (and the
task's group may leave on 5432 to exactly that group); the password only in the secret store
(Secrets Manager) and as the provider's password input, never in a plain input.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.ecs import EGRESS, INGRESS, RDS_HOST, SECRET_VERSION, SG, TD, as_program, definition, ecs_compute
from tests.helpers.ecs_schema import ECS, register_task_definition_request, validate
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

import botocore.session

from radius_components.platforms.ecs.mocks import RDS_CA_BUNDLE

RDS = botocore.session.get_session().get_service_model("rds")
INSTANCE = "aws:rds/instance:Instance"
CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"


def app_with_sql(parameters: dict[str, Any] | None = None, protect: bool = True, **db_kwargs: Any) -> dict[str, Any]:
    env = rad.Environment("prod", compute=ecs_compute(), protect_stateful=protect)
    app = rad.Application("todo", environment=env)
    db = rad.SqlDatabase("sql", application=app, recipe={"parameters": parameters or {}}, **db_kwargs)
    web = rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"http": {"container_port": 80}}},
                        connections={"sql": {"source": db}})
    return {"env": env, "app": app, "db": db, "web": web}


@pytest.fixture(scope="module")
def sql_run():
    return run_program(as_program(app_with_sql))


def test_rds_instance_is_private_encrypted_and_protected(sql_run):
    instance = sql_run.one(INSTANCE)
    inputs = instance.plain()
    assert inputs["engine"] == "postgres" and inputs["engineVersion"] == "17"
    assert inputs["publiclyAccessible"] is False
    assert inputs["storageEncrypted"] is True
    assert inputs["dbSubnetGroupName"] == "prod-todo-sql"
    assert inputs["vpcSecurityGroupIds"] == ["sql-sg_id"]
    assert inputs["deletionProtection"] is True and instance.protect
    # A delete keeps a final snapshot (RDS requires its identifier then), unique per incarnation.
    assert inputs["skipFinalSnapshot"] is False and inputs["finalSnapshotIdentifier"] == "prod-todo-sql-final-a1b2c3d4e5f60718"
    assert inputs["password"] == GENERATED_PASSWORD
    # The password input travels as a secret (encrypted in state).
    assert instance.inputs["password"].get(SECRET_SIG) == SECRET_MARK
    subnet_group = sql_run.one(SUBNET_GROUP).plain()
    assert subnet_group["subnetIds"] == list(ecs_compute().subnet_ids)


def test_a_deletable_environment_still_keeps_a_final_snapshot_and_the_backups():
    # Review defect 3: protect_stateful=False means "deletable", not "lose the data". RDS
    # removes automated backups at once unless told not to (botocore rds DeleteDBInstance
    # DeleteAutomatedBackups: "The default is to remove automated backups immediately").
    run = run_program(as_program(app_with_sql, protect=False))
    inputs = run.one(INSTANCE).plain()
    assert inputs["skipFinalSnapshot"] is False and inputs["deletionProtection"] is False
    assert inputs["deleteAutomatedBackups"] is False and inputs["finalSnapshotIdentifier"].startswith("prod-todo-sql-final-")
    assert not run.one(INSTANCE).protect


def test_only_the_explicit_setting_deletes_without_a_snapshot():
    run = run_program(as_program(app_with_sql, {"final_snapshot": False}, protect=False))
    inputs = run.one(INSTANCE).plain()
    assert inputs["skipFinalSnapshot"] is True and "finalSnapshotIdentifier" not in inputs


def test_security_group_admits_exactly_the_connecting_task_on_5432(sql_run):
    sg = sql_run.one(SG, "sql-sg").plain()
    assert "ingress" not in sg and "egress" not in sg  # rules are separate resources, added per connection
    ingress = sql_run.one(INGRESS, "web-to-sql-port").plain()
    assert ingress == {**ingress, "securityGroupId": "sql-sg_id", "referencedSecurityGroupId": "web-sg_id",
                       "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432}
    assert "cidrIpv4" not in ingress
    egress = sql_run.one(EGRESS, "web-egress-sql-port").plain()
    assert egress["referencedSecurityGroupId"] == "sql-sg_id" and egress["fromPort"] == 5432


def test_connection_contract_on_ecs(sql_run):
    d = definition(sql_run, "web")
    env = {e["name"]: e["value"] for e in d["environment"]}
    assert env == {"CONNECTION_SQL_DATABASE": "sql", "CONNECTION_SQL_PORT": "5432", "CONNECTION_SQL_SERVER": RDS_HOST,
                   "CONNECTION_SQL_TLS": "true", "CONNECTION_SQL_USERNAME": "sql_user",
                   # The region's RDS CA bundle, fetched by the login step (recipes/aws/db_login.py).
                   "CONNECTION_SQL_TLSCACERT": RDS_CA_BUNDLE}
    secrets = {s["name"] for s in d["secrets"]}
    assert secrets == {"CONNECTION_SQL_CONNECTIONSTRING", "CONNECTION_SQL_PASSWORD", "CONNECTION_SQL_URL"}
    payload = json.loads(sql_run.one(SECRET_VERSION, "web-secrets-version").plain()["secretString"])
    assert payload["CONNECTION_SQL_URL"] == f"postgresql://sql_user:{GENERATED_PASSWORD}@{RDS_HOST}:5432/sql?sslmode=require"
    assert payload["CONNECTION_SQL_CONNECTIONSTRING"] == (
        f"host={RDS_HOST} port=5432 dbname=sql user=sql_user password={GENERATED_PASSWORD} sslmode=require")


def test_no_plaintext_password_outside_the_secret_stores(sql_run):
    # The login step's input carries the administrator's credentials to the in-VPC Lambda (a secret).
    allowed = {SECRET_VERSION: ("secretString",), INSTANCE: ("password",), "aws:lambda/invocation:Invocation": ("input",)}
    assert secret_leaks(sql_run, [GENERATED_PASSWORD], allowed) == []


def test_aurora_cluster_with_one_writer():
    run = run_program(as_program(app_with_sql, {"deployment": "aurora"}))
    cluster = run.one(CLUSTER).plain()
    assert cluster["engine"] == "aurora-postgresql" and cluster["storageEncrypted"] is True
    assert cluster["databaseName"] == "sql" and cluster["masterUsername"] == "app"
    assert cluster["vpcSecurityGroupIds"] == ["sql-sg_id"]
    writer = run.one(CLUSTER_INSTANCE).plain()
    assert writer["publiclyAccessible"] is False and writer["instanceClass"] == "db.t4g.medium"
    assert run.of_type(INSTANCE) == []
    assert run.one(CLUSTER).protect and run.one(CLUSTER_INSTANCE).protect


def test_create_db_instance_request_is_valid_for_the_rds_api(sql_run):
    i = sql_run.one(INSTANCE).plain()
    request = {
        "DBInstanceIdentifier": i["identifier"], "DBName": i["dbName"], "Engine": i["engine"],
        "EngineVersion": i["engineVersion"], "DBInstanceClass": i["instanceClass"],
        "AllocatedStorage": i["allocatedStorage"], "MaxAllocatedStorage": i["maxAllocatedStorage"],
        "StorageType": i["storageType"], "StorageEncrypted": i["storageEncrypted"], "MasterUsername": i["username"],
        "MasterUserPassword": i["password"], "DBSubnetGroupName": i["dbSubnetGroupName"],
        "VpcSecurityGroupIds": i["vpcSecurityGroupIds"], "PubliclyAccessible": i["publiclyAccessible"],
        "MultiAZ": i["multiAz"], "Port": i["port"], "BackupRetentionPeriod": i["backupRetentionPeriod"],
        "DeletionProtection": i["deletionProtection"], "CopyTagsToSnapshot": i["copyTagsToSnapshot"],
        "AutoMinorVersionUpgrade": i["autoMinorVersionUpgrade"],
        "Tags": [{"Key": k, "Value": v} for k, v in sorted(i["tags"].items())],
    }
    validate(RDS, "CreateDBInstance", request)
    validate(ECS, "RegisterTaskDefinition", register_task_definition_request(sql_run.one(TD, "web-task").plain()))


@pytest.mark.parametrize("parameters, field", [
    ({"deployment": "serverless"}, "recipe.parameters.deployment"),
    ({"username": "rdsadmin"}, "recipe.parameters.username"),
    ({"database": "Bad-Name"}, "recipe.parameters.database"),
    ({"allocated_storage": 5}, "recipe.parameters.allocated_storage"),
    ({"backup_retention_period": 40}, "recipe.parameters.backup_retention_period"),
    ({"size": 1}, "recipe.parameters.size"),
])
def test_bad_recipe_parameters_fail_before_anything_registers(parameters, field):
    registered: list[Any] = []

    def program():
        try:
            app_with_sql(parameters)
        except rad.RadiusValidationError as exc:
            registered.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert registered and registered[0].field == field
    assert "SqlDatabase 'sql'" in str(registered[0])
    assert run.of_type(INSTANCE) == [] and run.of_type("radius:index:SqlDatabase") == []


def test_an_engine_the_recipe_does_not_run_is_an_error():
    with pytest.raises(rad.RadiusValidationError, match="engine"):
        run_program(as_program(app_with_sql, None, True, engine="mysql"))


def test_create_db_cluster_request_is_valid_for_the_rds_api():
    run = run_program(as_program(app_with_sql, {"deployment": "aurora"}))
    c = run.one(CLUSTER).plain()
    request = {
        "DBClusterIdentifier": c["clusterIdentifier"], "Engine": c["engine"], "EngineVersion": c["engineVersion"],
        "DatabaseName": c["databaseName"], "MasterUsername": c["masterUsername"],
        "MasterUserPassword": c["masterPassword"], "DBSubnetGroupName": c["dbSubnetGroupName"],
        "VpcSecurityGroupIds": c["vpcSecurityGroupIds"], "StorageEncrypted": c["storageEncrypted"],
        "BackupRetentionPeriod": c["backupRetentionPeriod"], "DeletionProtection": c["deletionProtection"],
        "CopyTagsToSnapshot": c["copyTagsToSnapshot"], "Port": c["port"],
    }
    validate(RDS, "CreateDBCluster", request)
    w = run.one(CLUSTER_INSTANCE).plain()
    validate(RDS, "CreateDBInstance", {"DBInstanceIdentifier": w["identifier"], "DBInstanceClass": w["instanceClass"],
                                       "Engine": "aurora-postgresql", "DBClusterIdentifier": "prod-todo-sql",
                                       "PubliclyAccessible": w["publiclyAccessible"]})


def test_aurora_keeps_a_final_snapshot_too():
    run = run_program(as_program(app_with_sql, {"deployment": "aurora"}, protect=False))
    cluster = run.one(CLUSTER).plain()
    assert cluster["skipFinalSnapshot"] is False and cluster["deleteAutomatedBackups"] is False
    assert run.one(CLUSTER_INSTANCE).plain()["caCertIdentifier"] == "rds-ca-rsa2048-g1"


def test_a_single_subnet_environment_needs_db_subnet_ids():
    # Review defect 9: CreateDBSubnetGroup "must contain at least one subnet in at least two
    # AZs" (DBSubnetGroupDoesNotCoverEnoughAZs).
    def one_subnet():
        env = rad.Environment("prod", compute=ecs_compute(subnet_ids=["subnet-0aaaaaaaaaaaaaaa1"]))
        app = rad.Application("todo", environment=env)
        rad.SqlDatabase("sql", application=app)

    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(one_subnet)
    assert exc.value.field == "recipe.parameters.db_subnet_ids"

    def with_db_subnets():
        env = rad.Environment("prod", compute=ecs_compute(subnet_ids=["subnet-0aaaaaaaaaaaaaaa1"]))
        app = rad.Application("todo", environment=env)
        rad.SqlDatabase("sql", application=app, recipe={"parameters": {
            "db_subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]}})

    run = run_program(with_db_subnets)
    assert run.one(SUBNET_GROUP).plain()["subnetIds"] == ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]


def test_major_upgrades_are_allowed_and_the_ca_is_pinned(sql_run):
    # Review item 11: ModifyDBInstance refuses a new major EngineVersion without
    # AllowMajorVersionUpgrade; the server certificate's CA is pinned (rds-ca-rsa2048-g1) so
    # the delivered bundle matches it.
    inputs = sql_run.one(INSTANCE).plain()
    assert inputs["allowMajorVersionUpgrade"] is True and inputs["caCertIdentifier"] == "rds-ca-rsa2048-g1"


def test_the_rds_ca_given_as_a_parameter_is_the_connections_tlscacert():
    # Review defect 6: RDS certificates chain to RDS CAs, in no public trust store
    # (UsingWithRDS.SSL.html); the contract delivers the CA a verifying client needs.
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    run = run_program(as_program(app_with_sql, {"ca_bundle": pem}))
    env = {e["name"]: e.get("value") for e in definition(run, "web")["environment"]}
    assert env["CONNECTION_SQL_TLSCACERT"] == pem
    with pytest.raises(rad.RadiusValidationError):
        run_program(as_program(app_with_sql, {"ca_bundle": "not a pem"}))
