"""Least privilege for databases on cloudrun (issue 24, scope 3): a workload connects with a login
scoped to its database, never the recipe's built-in user (which Cloud SQL makes a member of
`cloudsqlsuperuser`).

The instance has a private IP only and no provider resource runs SQL, so the recipe registers a
Cloud Run job with Direct VPC egress whose `run_execution_token` runs `psql` at deploy time
(recipes/gcp/db_login.py). Every registered resource of the step is inspected here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import radius_components as rad
from radius_components.recipes.gcp import db_login
from tests.helpers.cloudrun import PROJECT, REGION, SECRET, SECRET_IAM, SECRET_VERSION, SERVICE, ACCOUNT, compute
from tests.helpers.mocks import MOCK_OUTPUTS, SECRET_MARK, SECRET_SIG, run_program

JOB = "gcp:cloudrunv2/job:Job"
INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
DATABASE = "gcp:sql/database:Database"
USER = "gcp:sql/user:User"
ADMIN_PASSWORD, LOGIN_PASSWORD = "PW-sql-password", "PW-sql-login-password"


@pytest.fixture(autouse=True)
def distinct_passwords(monkeypatch):
    monkeypatch.setitem(MOCK_OUTPUTS, "random:index/randomPassword:RandomPassword", lambda a: {"result": f"PW-{a.name}"})


def sql_app(parameters: dict[str, Any] | None = None) -> None:
    env = rad.Environment("prod", compute=compute())
    app = rad.Application("todo", environment=env)
    db = rad.SqlDatabase("sql", application=app, recipe={"parameters": parameters or {}})
    rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 8080}}},
                  connections={"sql": {"source": db}})


def program(parameters: dict[str, Any] | None = None):
    return lambda: sql_app(parameters)


@pytest.fixture
def run():
    return run_program(program())


def test_the_workload_gets_its_own_login_never_the_built_in_user(run):
    envs = {e["name"]: e for e in run.one(SERVICE).plain()["template"]["containers"][0]["envs"]}
    assert envs["CONNECTION_SQL_USERNAME"]["value"] == "sql_user"
    password = run.one(SECRET_VERSION, "web-secret-CONNECTION_SQL_PASSWORD-version").plain()["secretData"]
    assert password == LOGIN_PASSWORD
    # The built-in user's password: its sql.User and the step's own secret, nowhere else.
    holders = {r.name for r in run.resources if ADMIN_PASSWORD in json.dumps(r.plain())}
    assert holders == {"sql-user", "sql-db-login-admin-version"}
    assert run.one(USER).plain()["name"] == "app"


def test_the_step_is_a_job_in_the_environments_network_that_completes_before_up_does(run):
    job = run.one(JOB).plain()
    template = job["template"]["template"]
    container = template["containers"][0]
    assert container["image"] == db_login.CLIENT_IMAGE and container["commands"] == ["/bin/sh", "-c", db_login.SCRIPT]
    assert template["vpcAccess"]["egress"] == "PRIVATE_RANGES_ONLY"
    assert template["vpcAccess"]["networkInterfaces"] == [{"network": "prod-network-ea2b", "subnetwork": "prod-subnet"}]
    assert job["location"] == REGION and job["project"] == PROJECT and job["deletionProtection"] is False
    # "A unique string used as a suffix creating a new execution upon job create or update. The Job
    # will become ready when the execution is successfully completed" (pulumi-gcp cloudrunv2.Job);
    # "The sum of job name and token length must be fewer than 63 characters".
    assert len(job["name"]) + len(job["runExecutionToken"]) < 63
    envs = {e["name"]: e for e in container["envs"]}
    assert {k: envs[k]["value"] for k in ("PGUSER", "PGDATABASE", "PGSSLMODE", "LOGIN_ROLE")} == {
        "PGUSER": "app", "PGDATABASE": "sql", "PGSSLMODE": "require", "LOGIN_ROLE": "sql_user"}
    for key in ("PGPASSWORD", "LOGIN_PASSWORD"):  # secrets by reference only
        assert "value" not in envs[key] and envs[key]["valueSource"]["secretKeyRef"]["secret"].startswith("prod-todo-sql")
    # Its own identity reads exactly its two secrets.
    account = run.one(ACCOUNT, "sql-db-login-identity").plain()
    assert template["serviceAccount"] == f"{account['accountId']}@{PROJECT}.iam.gserviceaccount.com"
    readers = [g.plain() for g in run.of_type(SECRET_IAM) if g.name.startswith("sql-db-login-")]
    assert len(readers) == 2 and {g["role"] for g in readers} == {"roles/secretmanager.secretAccessor"}
    assert {g["member"] for g in readers} == {f"serviceAccount:{template['serviceAccount']}"}


def test_the_step_runs_after_the_database_and_before_the_workload(run):
    job = run.one(JOB)
    assert {run.one(INSTANCE).urn, run.one(DATABASE).urn, run.one(USER).urn} <= set(job.dependencies)
    assert job.urn in run.one(SERVICE).dependencies


def test_the_step_reruns_when_the_login_changes_and_not_otherwise(run):
    job = run.one(JOB)
    again = run_program(program()).one(JOB)
    assert json.dumps(again.inputs, sort_keys=True) == json.dumps(job.inputs, sort_keys=True)
    renamed = run_program(program({"login": "orders_rw"})).one(JOB)
    assert renamed.plain()["runExecutionToken"] != job.plain()["runExecutionToken"]
    values = {"host": "10.0.0.3", "port": 5432, "database": "sql", "admin_user": "app", "admin_password": "a",
              "role": "sql_user", "role_password": "p"}
    assert db_login.token({**values, "role_password": "q"}) != db_login.token(values)
    # No password in clear in the job's inputs; the secret versions travel as secrets.
    assert ADMIN_PASSWORD not in json.dumps(job.plain()) and LOGIN_PASSWORD not in json.dumps(job.plain())
    version = run.one(SECRET_VERSION, "sql-db-login-login-version")
    assert version.inputs["secretData"].get(SECRET_SIG) == SECRET_MARK
    assert run.one(SECRET, "sql-db-login-login").plain()["secretId"] == "prod-todo-sql-db-login-login-ea2b"


def test_the_script_creates_or_updates_the_role_and_grants_only_its_database():
    script = db_login.SCRIPT
    # PostgreSQL has no CREATE ROLE IF NOT EXISTS: created only when missing, its password always set.
    assert "WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \\gexec" in script
    assert """ALTER ROLE :"role" WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'pw';""" in script
    assert 'REVOKE ALL ON DATABASE :"db" FROM PUBLIC;' in script
    assert 'GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";' in script
    assert 'GRANT USAGE, CREATE ON SCHEMA public TO :"role";' in script  # PostgreSQL 15+
    assert "ON_ERROR_STOP=1" in script


def test_the_login_may_not_be_the_built_in_user():
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(program({"login": "app"}))
    assert info.value.field == "recipe.parameters.login"


def _job_envs(run) -> dict[str, Any]:
    return {e["name"]: e for e in run.one(JOB).plain()["template"]["template"]["containers"][0]["envs"]}


def test_the_step_verifies_the_instance_certificate(run):
    # Review R-GCP-2: sslmode=require encrypts without verifying the server; the instance's own CA
    # is public and known (server_ca_certs), so psql verifies with it: verify-ca, since Cloud SQL's
    # server certificate names the instance, not the private IP (libpq sslmode, postgresql.org/
    # docs/17/libpq-ssl.html).
    from tests.helpers.cloudrun import CA_CERT

    assert _job_envs(run)["SERVER_CA"]["value"] == CA_CERT
    assert "export PGSSLROOTCERT=/tmp/server-ca.pem PGSSLMODE=verify-ca" in db_login.SCRIPT


def test_the_execution_token_covers_every_input_of_the_job(run):
    # Review R-GCP-2: the v2 API drops the execution token from the job once a generation is made
    # without an execution (magic-modules #19060; terraform-provider-google#24451), so a job update
    # under an unchanged token leaves a permanent diff. Every input of the job is in the token.
    base = run.one(JOB).plain()["runExecutionToken"]
    changed = run_program(program({"login_image": "docker.io/library/postgres@sha256:" + "0" * 64}))
    job = changed.one(JOB).plain()
    assert job["template"]["template"]["containers"][0]["image"].endswith("0" * 64)
    assert job["runExecutionToken"] != base
    values = dict(host="10.0.0.3", port=5432, database="sql", admin_user="app", admin_password="a", role="sql_user",
                  role_password="p", server_ca="", image=db_login.CLIENT_IMAGE, labels={"a": "b"},
                  service_account="sa@p.iam.gserviceaccount.com", network="n", subnet="s",
                  max_retries=db_login.JOB_MAX_RETRIES, timeout=db_login.JOB_TIMEOUT, secrets=["x-admin", "x-login"])
    for key, other in (("network", "n2"), ("subnet", "s2"), ("labels", {"a": "c"}), ("service_account", "b@p"),
                       ("server_ca", "pem"), ("secrets", ["y-admin", "y-login"])):
        assert db_login.token({**values, key: other}) != db_login.token(values), key
    with pytest.raises(rad.RadiusValidationError):
        run_program(program({"login_image": " "}))
