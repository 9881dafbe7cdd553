"""The login steps of ecs (the Lambda's handler, through pg8000) and cloudrun (the job's psql
script) against a real PostgreSQL server holding a database from before the login existed.

Review R-AWS-1: on such a database the workload's tables, sequences, views, types and functions
were created by the administrator, which owns them; DML grants do not let the new login migrate
them ("You must own the table to use ALTER TABLE", postgresql.org/docs/17/sql-altertable.html).
The step hands what the administrator owns in schema public to the login, and stays idempotent.
The administrator here is what RDS and Cloud SQL give: CREATEROLE and CREATEDB, not a superuser.
Skipped where no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from radius_components.recipes.aws import db_login_handler
from radius_components.recipes.gcp import db_login as gcp_db_login

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
pytestmark = pytest.mark.skipif(BIN is None or shutil.which("psql") is None, reason="no PostgreSQL server installed")
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
ADMIN, ADMIN_PASSWORD, DATABASE, LOGIN, LOGIN_PASSWORD = "app", "admin-pw", "orders", "orders_user", "login-pw"

# What the workload made as the administrator before the upgrade: a serial and an identity
# column (sequences owned by their table), an index, a view, an enum, a domain, a function.
EXISTING = """
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TABLE items (id serial PRIMARY KEY, n positive, m mood);
CREATE TABLE events (id integer GENERATED ALWAYS AS IDENTITY, item integer REFERENCES items(id));
CREATE INDEX items_n ON items (n);
CREATE SEQUENCE standalone;
CREATE VIEW item_ids AS SELECT id FROM items;
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT 2 * x';
CREATE TABLE schema_migrations (version text PRIMARY KEY);
"""
# What a framework migration does to existing objects: only an owner may.
MIGRATION = """
ALTER TABLE items ADD COLUMN note text;
CREATE INDEX items_note ON items (note);
ALTER TABLE items ALTER COLUMN n DROP NOT NULL;
ALTER TABLE events ADD COLUMN at timestamptz;
ALTER SEQUENCE standalone RESTART WITH 10;
ALTER TYPE mood ADD VALUE 'glad';
ALTER DOMAIN positive SET DEFAULT 1;
CREATE OR REPLACE VIEW item_ids AS SELECT id, note FROM items;
CREATE OR REPLACE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + x';
TRUNCATE items, events RESTART IDENTITY;
DROP INDEX items_n;
INSERT INTO schema_migrations VALUES ('2');
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server():
    holder = tempfile.TemporaryDirectory(prefix="radius-dblogin-")  # pytest's tmp_path is private to root
    root = Path(holder.name)
    root.chmod(0o755)
    if AS_POSTGRES:
        shutil.chown(root, "postgres")
    data, port = root / "pgdata", _free_port()
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(port), "PGSSLMODE": "disable"}

    def run(cmd: list[str], as_postgres: bool = True, **extra: str) -> str:
        result = subprocess.run((AS_POSTGRES if as_postgres else []) + cmd, env={**env, **extra}, text=True,
                                capture_output=True, cwd=root, timeout=120)
        assert result.returncode == 0, f"{cmd}: {result.stdout}{result.stderr}"
        return result.stdout

    run([f"{BIN}/initdb", "-D", str(data), "--username=postgres", "--auth=trust"])
    # TLS as Cloud SQL serves it: a server certificate from the instance's own CA. Both carry the
    # extensions a real CA writes (key usage, key identifiers): Python 3.13's default context
    # verifies with VERIFY_X509_STRICT, which refuses a CA certificate without key usage and a
    # certificate without an authority key identifier (docs.python.org/3.13/library/ssl.html,
    # create_default_context).
    (root / "server.ext").write_text("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                                     "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\n"
                                     "authorityKeyIdentifier=keyid,issuer\n")
    for cmd in (["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-keyout", "ca.key", "-out", "ca.pem"],
                ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=project:region:instance",
                 "-keyout", str(data / "server.key"), "-out", "server.csr"],
                ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", str(data / "server.crt")],
                ["chmod", "600", str(data / "server.key")]):
        run(cmd)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("ssl = on\n")
    (data / "pg_hba.conf").write_text("local all all trust\nhost all postgres 127.0.0.1/32 trust\n"
                                      "host all all 127.0.0.1/32 scram-sha-256\n")
    run([f"{BIN}/pg_ctl", "-D", str(data), "-w", "-l", str(root / "log"), "start",
         "-o", f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -p {port}"])
    try:
        # The managed services' administrator: not a superuser; it owns the database it created.
        run(["psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "postgres", "-c",
             f"CREATE ROLE {ADMIN} LOGIN CREATEROLE CREATEDB PASSWORD '{ADMIN_PASSWORD}'"])
        run(["psql", "-v", "ON_ERROR_STOP=1", "-U", ADMIN, "-d", "postgres", "-c", f"CREATE DATABASE {DATABASE}"],
            as_postgres=False, PGPASSWORD=ADMIN_PASSWORD)
        run(["psql", "-v", "ON_ERROR_STOP=1", "-U", ADMIN, "-d", DATABASE, "-c", EXISTING],
            as_postgres=False, PGPASSWORD=ADMIN_PASSWORD)
        yield run, port, (root / "ca.pem").read_text()
    finally:
        run([f"{BIN}/pg_ctl", "-D", str(data), "-w", "-m", "fast", "stop"])
        holder.cleanup()


def _lambda_step(port: int) -> dict[str, Any]:
    import pg8000.native

    event = {"host": "127.0.0.1", "port": port, "database": DATABASE, "admin_user": ADMIN,
             "admin_password": ADMIN_PASSWORD, "role": LOGIN, "role_password": LOGIN_PASSWORD,
             "ca_bundle": "", "region": ""}

    def connect(**kwargs: Any) -> Any:
        kwargs.pop("ssl_context")  # the test server has no TLS; the step's TLS is tested elsewhere
        return pg8000.native.Connection(**kwargs)

    return db_login_handler.handler(event, None, connect=connect)


def _job_step(run: Any, port: int, server_ca: str = "") -> None:
    # The Cloud Run job's command and environment (with SERVER_CA the script verifies the server).
    run(["/bin/sh", "-c", gcp_db_login.SCRIPT], as_postgres=False, PGUSER=ADMIN, PGPASSWORD=ADMIN_PASSWORD,
        PGDATABASE=DATABASE, LOGIN_ROLE=LOGIN, LOGIN_PASSWORD=LOGIN_PASSWORD, SERVER_CA=server_ca)


def _migrate(run: Any) -> str:
    return run(["psql", "-v", "ON_ERROR_STOP=1", "-U", LOGIN, "-d", DATABASE, "-c", MIGRATION],
               as_postgres=False, PGPASSWORD=LOGIN_PASSWORD)


def _owned_by_admin(run: Any) -> str:
    return run(["psql", "-At", "-U", "postgres", "-d", DATABASE, "-c", db_login_handler.owned_objects_query(
        f"'{ADMIN}'", f"'{LOGIN}'")])


@pytest.mark.parametrize("step", ["lambda", "job"])
def test_the_login_can_migrate_what_the_administrator_created(server, step):
    run, port, _ = server
    for _ in range(2):  # a second run (a re-invocation) converges: nothing left to hand over
        _lambda_step(port) if step == "lambda" else _job_step(run, port)
        assert _owned_by_admin(run).strip() == ""
    _migrate(run)
    # The login got ownership of the workload's objects, nothing wider: not a superuser, no
    # membership in the administrator, and the database itself stays the administrator's.
    facts = run(["psql", "-At", "-U", "postgres", "-d", DATABASE, "-c",
                 f"SELECT rolsuper, pg_has_role('{LOGIN}', '{ADMIN}', 'MEMBER'), "
                 f"(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{DATABASE}') "
                 f"FROM pg_roles WHERE rolname = '{LOGIN}'"])
    assert facts.strip() == f"f|f|{ADMIN}"


def test_the_job_verifies_the_server_against_the_instance_ca(server):
    # Review R-GCP-2: with the instance's CA the job runs psql with sslmode=verify-ca (libpq:
    # "verify that the server certificate is issued by a trusted certificate authority",
    # postgresql.org/docs/17/libpq-ssl.html); the server's certificate names the instance, not
    # the address, which is why verify-ca and not verify-full. Another CA: the step fails.
    run, port, ca = server
    _job_step(run, port, server_ca=ca)
    assert _owned_by_admin(run).strip() == ""
    other = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=other", "-keyout", "/dev/null"], capture_output=True, text=True, check=True).stdout
    with pytest.raises(AssertionError, match="certificate verify failed"):
        _job_step(run, port, server_ca=other)
