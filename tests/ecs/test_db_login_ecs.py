"""Least privilege for databases on ecs (issue 24, scope 3): a workload connects with a login
scoped to its database, never the RDS master user.

No provider resource runs SQL inside a VPC (the database has no public address), so the recipe
registers a one-shot step in the environment's network: a Lambda function in its subnets,
invoked at deploy time (`aws.lambda_.Invocation`), which makes the role with the administrator's
credentials (recipes/aws/db_login.py, db_login_handler.py). Every registered resource of the
step is inspected here, and the handler's SQL is run against a recording connection.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import radius_components as rad
from radius_components.recipes.aws import db_login, db_login_handler
from tests.helpers.ecs import INGRESS, EGRESS, RDS_HOST, SECRET_VERSION, SG, TD, as_program, definition, ecs_compute
from tests.helpers.mocks import MOCK_OUTPUTS, SECRET_MARK, SECRET_SIG, run_program

FUNCTION = "aws:lambda/function:Function"
INVOCATION = "aws:lambda/invocation:Invocation"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INSTANCE = "aws:rds/instance:Instance"
ADMIN_PASSWORD, LOGIN_PASSWORD = "PW-sql-password", "PW-sql-login-password"


@pytest.fixture(autouse=True)
def distinct_passwords(monkeypatch):
    # Each generated password is its resource's name, so the two can be told apart.
    monkeypatch.setitem(MOCK_OUTPUTS, "random:index/randomPassword:RandomPassword", lambda a: {"result": f"PW-{a.name}"})


def app_with_sql(parameters: dict[str, Any] | None = None) -> None:
    env = rad.Environment("prod", compute=ecs_compute())
    app = rad.Application("todo", environment=env)
    db = rad.SqlDatabase("sql", application=app, recipe={"parameters": parameters or {}})
    rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"http": {"container_port": 80}}},
                  connections={"sql": {"source": db}})


@pytest.fixture
def run():
    return run_program(as_program(app_with_sql))


def test_the_workload_gets_its_own_login_never_the_administrator(run):
    env = {e["name"]: e["value"] for e in definition(run, "web")["environment"]}
    assert env["CONNECTION_SQL_USERNAME"] == "sql_user"
    payload = json.loads(run.one(SECRET_VERSION, "web-secrets-version").plain()["secretString"])
    assert payload["CONNECTION_SQL_PASSWORD"] == LOGIN_PASSWORD
    assert payload["CONNECTION_SQL_URL"] == f"postgresql://sql_user:{LOGIN_PASSWORD}@{RDS_HOST}:5432/sql?sslmode=require"
    # The administrator's password is the instance's master password and the login step's
    # input, nowhere else (no task definition, no container's secret).
    holders = {(r.type, r.name) for r in run.resources if ADMIN_PASSWORD in json.dumps(r.plain())}
    assert holders == {(INSTANCE, "sql-instance"), (INVOCATION, "sql-db-login-run")}
    assert run.one(INSTANCE).plain()["username"] == "app"  # the master user keeps its name: no replacement


def test_the_login_step_runs_inside_the_environments_network(run):
    function = run.one(FUNCTION).plain()
    assert function["runtime"] == "python3.12" and function["handler"] == "db_login_handler.handler"
    assert function["vpcConfig"] == {"subnetIds": list(ecs_compute().subnet_ids), "securityGroupIds": ["sql-db-login-sg_id"]}
    assert function["role"].endswith(":role/prod-todo-sql-eu-west-1-db-login")
    # Its own security group may reach the database's on 5432, which admits it; nothing else.
    assert run.one(SG, "sql-db-login-sg").plain()["vpcId"] == ecs_compute().vpc_id
    ingress = run.one(INGRESS, "sql-db-login-ingress").plain()
    assert (ingress["securityGroupId"], ingress["referencedSecurityGroupId"], ingress["fromPort"]) == (
        "sql-sg_id", "sql-db-login-sg_id", 5432)
    egress = run.one(EGRESS, "sql-db-login-egress").plain()
    assert (egress["securityGroupId"], egress["referencedSecurityGroupId"], egress["toPort"]) == (
        "sql-db-login-sg_id", "sql-sg_id", 5432)
    # ENIs and logs only (AWS's managed policy for functions in a VPC); IAM names carry the region.
    # Review R-AWS-4: no AWSLambdaVPCAccessExecutionRole (logs on "*"): an inline policy with the
    # ENI actions Lambda's VPC access needs (configuration-vpc.html "Required IAM permissions") and
    # logs only on its own managed log group, which has a retention (no group Lambda makes itself).
    assert not run.of_type(ATTACHMENT)
    group = run.one("aws:cloudwatch/logGroup:LogGroup", "sql-db-login-logs").plain()
    assert group["retentionInDays"] == db_login.LOG_RETENTION_DAYS and group["name"].startswith("/radius/db-login/")
    policy = json.loads(run.one("aws:iam/rolePolicy:RolePolicy", "sql-db-login-policy").plain()["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["Logs"]["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert statements["Logs"]["Resource"].endswith(":*") and statements["Logs"]["Resource"] != "*"
    assert set(statements["Eni"]["Action"]) == set(db_login.ENI_ACTIONS)
    assert function["loggingConfig"]["logGroup"] == group["name"]
    role = run.one(ROLE, "sql-db-login-role").plain()
    assert role["name"] == "prod-todo-sql-eu-west-1-db-login"
    assert json.loads(role["assumeRolePolicy"])["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_the_step_runs_after_the_database_and_before_the_workload(run):
    invocation = run.one(INVOCATION)
    deps = set(invocation.dependencies)
    assert {run.one(INSTANCE).urn, run.one(INGRESS, "sql-db-login-ingress").urn,
            run.one(EGRESS, "sql-db-login-egress").urn} <= deps
    # The connection's username follows the step, so the task definition waits for the role.
    assert invocation.urn in run.one(TD, "web-task").dependencies


def test_the_step_reruns_when_the_login_changes_and_not_otherwise(run):
    invocation = run.one(INVOCATION)
    event = json.loads(invocation.plain()["input"])
    assert event == {"host": RDS_HOST, "port": 5432, "database": "sql", "admin_user": "app",
                     "admin_password": ADMIN_PASSWORD, "role": "sql_user", "role_password": LOGIN_PASSWORD,
                     "ca_bundle": "", "region": "eu-west-1"}
    # Secrets in state as ciphertext: the input, and the trigger (a digest, never the password).
    assert invocation.inputs["input"].get(SECRET_SIG) == SECRET_MARK
    assert invocation.inputs["triggers"]["login"].get(SECRET_SIG) == SECRET_MARK
    assert invocation.plain()["triggers"]["login"] == db_login.trigger(event)
    # A second `up` of the same program: byte-identical inputs, so no diff and no re-run.
    again = run_program(as_program(app_with_sql)).one(INVOCATION)
    assert json.dumps(again.inputs, sort_keys=True) == json.dumps(invocation.inputs, sort_keys=True)
    # A changed password, role or grant set: another trigger, so the provider replaces (re-runs) it
    # (triggers: "Map of arbitrary keys and values that, when changed, will trigger a re-invocation").
    for changed in ({**event, "role_password": "other"}, {**event, "role": "orders"}):
        assert db_login.trigger(changed) != db_login.trigger(event)
    renamed = run_program(as_program(app_with_sql, {"login": "orders_rw"})).one(INVOCATION)
    assert renamed.plain()["triggers"] != invocation.plain()["triggers"]


def test_aurora_gets_the_same_step_against_its_writer():
    run = run_program(as_program(app_with_sql, {"deployment": "aurora"}))
    invocation = run.one(INVOCATION)
    assert json.loads(invocation.plain()["input"])["host"].endswith(".rds.amazonaws.com")
    assert run.one("aws:rds/clusterInstance:ClusterInstance").urn in invocation.dependencies


def test_the_login_may_not_be_the_administrator():
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(app_with_sql, {"login": "app"}))
    assert info.value.field == "recipe.parameters.login"


def test_the_code_archive_is_the_handler_and_pure_python_drivers_only():
    archive = db_login.code_archive()
    paths = sorted(archive.assets)
    assert "db_login_handler.py" in paths and "pg8000/__init__.py" in paths and "pg8000/native.py" in paths
    assert {p.split("/")[0] for p in paths} == {
        "db_login_handler.py", "pg8000", "scramp", "asn1crypto", "dateutil", "six.py"}
    assert not [p for p in paths if "__pycache__" in p or not p.endswith(".py")]
    assert sorted(db_login.code_archive().assets) == paths  # the same archive every run


# -- the SQL, against a recording connection -----------------------------------------------------


class RecordingConnection:
    def __init__(self, roles: set[str]):
        self.roles, self.sql, self.closed, self.kwargs = roles, [], False, {}

    def run(self, sql: str, **params: Any) -> list[list[int]]:
        self.sql.append(sql)
        return [[1]] if sql.startswith("SELECT 1 FROM pg_roles") and params["role"] in self.roles else []

    def close(self) -> None:
        self.closed = True


EVENT = {"host": RDS_HOST, "port": 5432, "database": "sql", "admin_user": "app", "admin_password": "a",
         "role": "sql_user", "role_password": "p'w", "ca_bundle": ""}


def _handle(roles: set[str]) -> RecordingConnection:
    conn = RecordingConnection(roles)

    def connect(**kwargs: Any) -> RecordingConnection:
        conn.kwargs = kwargs
        return conn

    db_login_handler.handler(EVENT, None, connect=connect)
    return conn


def test_the_first_run_creates_the_role_scoped_to_its_database():
    conn = _handle(set())
    assert conn.kwargs["user"] == "app" and conn.kwargs["database"] == "sql" and conn.closed
    assert conn.sql[1].startswith('CREATE ROLE "sql_user" WITH NOSUPERUSER LOGIN NOCREATEDB NOCREATEROLE PASSWORD \'SCRAM-SHA-256$4096:')
    assert "p''w" not in " ".join(conn.sql)  # review R-AWS-3: only the SCRAM verifier reaches the server
    assert 'REVOKE ALL ON DATABASE "sql" FROM PUBLIC' in conn.sql
    assert 'GRANT CONNECT, TEMPORARY ON DATABASE "sql" TO "sql_user"' in conn.sql
    # PostgreSQL 15+ no longer lets PUBLIC create in schema public: granted to the login.
    assert 'GRANT USAGE, CREATE ON SCHEMA public TO "sql_user"' in conn.sql
    assert any(s.startswith('ALTER DEFAULT PRIVILEGES FOR ROLE "app" IN SCHEMA public GRANT SELECT') for s in conn.sql)
    assert not [s for s in conn.sql if "SUPERUSER" in s and "NOSUPERUSER" not in s]


def test_a_rerun_sets_the_password_of_the_existing_role():
    # PostgreSQL has no CREATE ROLE IF NOT EXISTS: an existing role gets ALTER ROLE ... PASSWORD,
    # and the grants repeat harmlessly, so a re-run converges.
    conn = _handle({"sql_user"})
    assert conn.sql[1].startswith('ALTER ROLE "sql_user" WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD \'SCRAM-SHA-256$4096:')
    assert not [s for s in conn.sql if s.startswith("CREATE ROLE")]


def test_tls_is_verified_with_the_given_bundle_only():
    import ssl

    assert db_login_handler.tls_context("").verify_mode == ssl.CERT_NONE  # rds.force_ssl: encrypted anyway
    with pytest.raises(ssl.SSLError):  # a given bundle is loaded (and must be PEM certificates)
        db_login_handler.tls_context("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")


# -- the CA the connection delivers ------------------------------------------------------------------


class Response:
    def __init__(self, body: bytes):
        self.body = body

    def read(self) -> bytes:
        return self.body

    def __enter__(self) -> "Response":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def test_the_step_fetches_the_regions_bundle_and_the_connection_delivers_it(run, monkeypatch):
    # RDS's CA is in no public trust store and no provider call returns it; AWS publishes each
    # region's bundle at truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem
    # (UsingWithRDS.SSL.html), over HTTPS with a public certificate. The step runs in the VPC at
    # deploy time, fetches it, and returns it; the connection's TLSCACERT is that result.
    from radius_components.platforms.ecs.mocks import RDS_CA_BUNDLE

    env = {e["name"]: e["value"] for e in definition(run, "web")["environment"]}
    assert env["CONNECTION_SQL_TLSCACERT"] == RDS_CA_BUNDLE
    https = run.one(EGRESS, "sql-db-login-egress-https").plain()
    assert (https["securityGroupId"], https["cidrIpv4"], https["fromPort"]) == ("sql-db-login-sg_id", "0.0.0.0/0", 443)
    urls = []

    def opener(url: str, timeout: int) -> Response:
        urls.append(url)
        return Response(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")

    conn = RecordingConnection(set())
    monkeypatch.setattr(db_login_handler, "tls_context", lambda bundle: ("verify with", bundle))  # a stand-in PEM
    result = db_login_handler.handler({**EVENT, "region": "eu-west-1"}, None,
                                      connect=lambda **k: conn.kwargs.update(k) or conn, opener=opener)
    assert conn.kwargs["ssl_context"] == ("verify with", result["ca_bundle"])  # the admin's session verifies too
    assert urls == ["https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem"]
    assert result["ca_bundle"].startswith("-----BEGIN CERTIFICATE-----")


def test_a_given_bundle_wins_and_an_unreachable_one_leaves_the_login_made():
    def unreachable(url: str, timeout: int) -> Response:
        raise OSError("no route to the internet from these subnets")

    assert db_login_handler.fetch_bundle("eu-west-1", unreachable) == ""
    conn = RecordingConnection(set())
    result = db_login_handler.handler({**EVENT, "region": "eu-west-1"}, None, connect=lambda **k: conn, opener=unreachable)
    assert result["ca_bundle"] == "" and any(s.startswith("CREATE ROLE") for s in conn.sql)
    pem = "-----BEGIN CERTIFICATE-----\nMIIgiven\n-----END CERTIFICATE-----\n"
    given = run_program(as_program(app_with_sql, {"ca_bundle": pem}))
    env = {e["name"]: e["value"] for e in definition(given, "web")["environment"]}
    assert env["CONNECTION_SQL_TLSCACERT"] == pem


def test_every_package_zipped_into_the_lambda_is_pinned_in_the_aws_extra():
    # Review R-AWS-2: the Function's `code` is the hash of the zipped files, so a package that is
    # not pinned (pg8000's own dependencies resolve to whatever the deployer has) makes the code
    # differ between two deployers of one stack: an update on every alternate `up` (Pulumi diffs an
    # archive by content; pulumi/pulumi#20097). Every zipped package must be pinned exactly in
    # the `aws` extra, and installed at that pin (tests/features/test_packaging.py checks the range).
    import sys
    from importlib.metadata import distribution
    from pathlib import Path

    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser as the tomli package (a dev dependency there)
        import tomli as tomllib
    extra = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    pins = {Requirement(r).name.lower(): Requirement(r) for r in extra["project"]["optional-dependencies"]["aws"]}
    # The distribution each zipped package comes from, by the files it installed (Python 3.10's
    # packages_distributions reads only top_level.txt, which these wheels do not all ship).
    distributions = {Path(str(f)).parts[0].removesuffix(".py"): dist.metadata["Name"]
                     for dist in (distribution(name) for name in pins) for f in (dist.files or [])}
    for package in db_login.PACKAGES:
        name = distributions[package].lower()
        assert name in pins and {s.operator for s in pins[name].specifier} == {"=="}, (package, name)


def test_the_scram_verifier_is_postgresql_s_format():
    # RFC 5803 / pg_authid.rolpassword: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>;
    # that the server accepts it for a login is checked against a real server in
    # tests/ecs/test_db_login_ownership.py (the login connects with its password over scram-sha-256).
    import base64

    verifier = db_login_handler.scram_verifier("secret", salt=b"0123456789abcdef")
    head, keys = verifier.split("$", 1)[1].split("$")
    iterations, salt = head.split(":")
    assert verifier.startswith("SCRAM-SHA-256$4096:") and base64.b64decode(salt) == b"0123456789abcdef"
    assert [len(base64.b64decode(k)) for k in keys.split(":")] == [32, 32]
    assert verifier == db_login_handler.scram_verifier("secret", salt=b"0123456789abcdef")


def test_an_empty_bundle_is_warned_about_on_every_up(monkeypatch):
    # Review R-AWS-15: the invocation's result is written only on create or replace
    # (terraform-provider-aws invocation.go: Read is schema.NoopContext; CREATE_ONLY), so a bundle
    # the first run could not fetch stays empty on every later `up`: each run says so and how to fix it.
    monkeypatch.setitem(MOCK_OUTPUTS, "aws:lambda/invocation:Invocation",
                        lambda a: {"result": json.dumps({"role": "sql_user", "database": "sql", "ca_bundle": ""})})
    run = run_program(as_program(app_with_sql))
    assert [w for w in run.warnings if "found no RDS CA bundle" in w and "`ca_bundle`" in w]
    env = {e["name"]: e["value"] for e in definition(run, "web")["environment"]}
    assert env.get("CONNECTION_SQL_TLSCACERT", "") == ""
    monkeypatch.undo()
    fetched = run_program(as_program(app_with_sql))  # the mocks' default: a bundle was fetched
    assert not [w for w in fetched.warnings if "found no RDS CA bundle" in w]
