"""The PostgreSQL recipe's two scripts, run against a real PostgreSQL server the way the
official image runs them.

Rules encoded (A.1, A.2 of the Kubernetes review):
- The image's entrypoint creates one role, POSTGRES_USER, as the bootstrap superuser
  (`initdb --username`, hub.docker.com/_/postgres: "This variable will create the specified
  user with superuser power"); the application must log in as a role that is NOT a superuser:
  a superuser may run shell commands through `COPY ... TO PROGRAM` ("only allowed to database
  superusers or users who are granted pg_execute_server_program", postgresql.org/docs/current/sql-copy.html).
- POSTGRES_PASSWORD is read only by initdb, on an empty data directory (the entrypoint skips
  initialisation when PGDATA holds PG_VERSION), so a kept volume must have its passwords set from
  the Secret at every start.

The entrypoint's sequence is reproduced: initdb (local connections trusted), a server on the
socket only while /docker-entrypoint-initdb.d runs, then the real server on TCP. Skipped where
no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from radius_components.recipes.kubernetes import postgres

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
pytestmark = pytest.mark.skipif(BIN is None or shutil.which("psql") is None, reason="no PostgreSQL server installed")
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A throwaway cluster in a temporary directory, started and stopped like the image does."""

    def __init__(self, root: Path, admin_password: str, bootstrap_user: str = postgres.ADMIN_USER):
        self.root, self.data, self.port = root, root / "pgdata", _free_port()
        self.env = {**os.environ, "PGHOST": str(root), "PGPORT": str(self.port), "POSTGRES_USER": postgres.ADMIN_USER,
                    "POSTGRES_DB": "orders", "APP_USER": "app"}
        pwfile = root / "pw"
        pwfile.write_text(admin_password + "\n")
        pwfile.chmod(0o644)
        # Like the entrypoint: initdb --username=$POSTGRES_USER --pwfile, no --auth (local trusted).
        self.run([f"{BIN}/initdb", "-D", str(self.data), f"--username={bootstrap_user}", f"--pwfile={pwfile}"])
        # The entrypoint appends `host all all all scram-sha-256`; here TCP always asks for a
        # password, so the test can tell which password a role has.
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")

    def run(self, cmd: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> str:
        result = subprocess.run(AS_POSTGRES + cmd, env={**self.env, **(env or {})}, input=stdin, text=True,
                                capture_output=True, cwd=self.root, timeout=120)
        assert result.returncode == 0, f"{cmd}: {result.stdout}{result.stderr}"
        return result.stdout

    def start(self, tcp: bool) -> None:
        listen = "127.0.0.1" if tcp else "''"
        self.run([f"{BIN}/pg_ctl", "-D", str(self.data), "-w", "-l", str(self.root / "log"), "start",
                  "-o", f"-c listen_addresses={listen} -c unix_socket_directories={self.root} -p {self.port}"])

    def stop(self) -> None:
        self.run([f"{BIN}/pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop"])

    def script(self, text: str, **env: str) -> None:
        path = self.root / "script.sh"
        path.write_text(text)
        path.chmod(0o755)
        self.run(["sh", str(path)], env=env)

    def login(self, user: str, password: str, sql: str) -> subprocess.CompletedProcess:
        return subprocess.run(AS_POSTGRES + ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", "orders",
                                             "-Atqc", sql], env={**os.environ, "PGPASSWORD": password},
                              text=True, capture_output=True, timeout=60)


def _root() -> Path:
    # Not pytest's tmp_path: its parents are private to the test's user, and the server runs as
    # `postgres` when the tests run as root (initdb refuses root); a short path for the socket.
    root = Path(tempfile.mkdtemp(prefix="radius-pg-"))
    if AS_POSTGRES:
        shutil.chown(root, "postgres")
    return root


@pytest.fixture
def server():
    root = _root()
    srv = Server(root, "admin-password-1")
    # The entrypoint: a socket-only server, CREATE DATABASE $POSTGRES_DB, the initdb.d scripts, stop.
    srv.start(tcp=False)
    srv.run(["psql", "-v", "ON_ERROR_STOP=1", "-U", postgres.ADMIN_USER, "-d", "postgres", "-c", 'CREATE DATABASE "orders"'])
    srv.script(postgres._INIT_SQL, APP_PASSWORD="app-password-1")
    srv.stop()
    srv.start(tcp=True)
    try:
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_the_application_role_owns_its_database_and_is_not_a_superuser(server):
    row = server.login("app", "app-password-1", "select rolsuper, rolcreaterole, rolcreatedb from pg_roles "
                                                "where rolname = current_user")
    assert row.returncode == 0, row.stderr
    assert row.stdout.strip() == "f|f|f"
    owner = server.login("app", "app-password-1", "select pg_get_userbyid(datdba) from pg_database where datname = 'orders'")
    assert owner.stdout.strip() == "app"
    # It can build its schema ...
    assert server.login("app", "app-password-1", "create table t (id int); insert into t values (1)").returncode == 0
    # ... and not run programs on the server.
    refused = server.login("app", "app-password-1", "copy t to program 'id'")
    assert refused.returncode != 0 and "must be superuser" in refused.stderr


def test_every_start_sets_the_passwords_the_secret_holds(server):
    # A kept volume, new generated passwords: initdb does not run again; the postStart hook does.
    server.script(postgres._RECONCILE, POSTGRES_PASSWORD="admin-password-2", APP_PASSWORD="app-password-2")
    assert server.login("app", "app-password-1", "select 1").returncode != 0
    assert server.login("app", "app-password-2", "select 1").stdout.strip() == "1"
    assert server.login(postgres.ADMIN_USER, "admin-password-2", "select 1").stdout.strip() == "1"


def test_a_volume_an_earlier_recipe_initialised_still_follows_the_secret():
    """Before the fix the application's role was POSTGRES_USER, the bootstrap superuser, and no
    `postgres` role exists in such a data directory (PostgreSQL cannot demote a bootstrap
    superuser). The hook must not fail there (a failing postStart hook kills the container): it
    sets the application's password as that role."""
    root = _root()
    srv = Server(root, "app-password-1", bootstrap_user="app")
    try:
        srv.start(tcp=True)
        srv.run(["psql", "-v", "ON_ERROR_STOP=1", "-U", "app", "-d", "postgres", "-c", 'CREATE DATABASE "orders"'])
        srv.script(postgres._RECONCILE, POSTGRES_PASSWORD="admin-password-2", APP_PASSWORD="app-password-2")
        assert srv.login("app", "app-password-2", "select 1").stdout.strip() == "1"
    finally:
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)
