"""The Azure login step's program (recipes/azure/db_login_step.py: a standard-library PostgreSQL
client and the statements the ecs and cloudrun steps share) against a real PostgreSQL server: it
authenticates with SCRAM-SHA-256 over verified TLS, makes the login, hands it what the
administrator owns in schema public, and converges when run again (a deployment script re-run
after a refresh found it expired). Skipped where no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import ssl
import subprocess

import pytest

from radius_components.recipes.aws import db_login_handler
from radius_components.recipes.azure import db_login_step
from tests.ecs.test_db_login_ownership import (ADMIN, ADMIN_PASSWORD, DATABASE, LOGIN, LOGIN_PASSWORD,  # noqa: F401
                                               _migrate, _owned_by_admin, pytestmark, server)


def _env(port: int, ca_file: str, **extra: str) -> dict[str, str]:
    # verify-ca: the test server's certificate names no host (the Azure step verifies the name too).
    return {"PGHOST": "127.0.0.1", "PGPORT": str(port), "PGDATABASE": DATABASE, "PGUSER": ADMIN,
            "PGPASSWORD": ADMIN_PASSWORD, "LOGIN_ROLE": LOGIN, "LOGIN_PASSWORD": LOGIN_PASSWORD,
            "PGSSLMODE": "verify-ca", "PGSSLROOTCERT": ca_file, **extra}


@pytest.fixture()
def ca_file(server, tmp_path):
    path = tmp_path / "ca.pem"
    path.write_text(server[2])
    return str(path)


def test_the_step_makes_a_login_that_can_migrate_and_converges(server, ca_file, monkeypatch):
    run, port, _ = server
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(db_login_handler.__file__).parent))
    for _ in range(2):
        assert db_login_step.main(_env(port, ca_file)) == 0
        assert _owned_by_admin(run).strip() == ""
    _migrate(run)
    facts = run(["psql", "-At", "-U", "postgres", "-d", DATABASE, "-c",
                 f"SELECT rolsuper, rolcreaterole, rolcreatedb, pg_has_role('{LOGIN}', '{ADMIN}', 'MEMBER'), "
                 f"left(rolpassword, 14) FROM pg_authid WHERE rolname = '{LOGIN}'"])
    # Stored as the SCRAM verifier the step computed: the password never reached the server.
    assert facts.strip() == "f|f|f|f|SCRAM-SHA-256$"


def test_the_login_password_is_the_one_given(server, ca_file, monkeypatch):
    run, port, _ = server
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(db_login_handler.__file__).parent))
    db_login_step.main(_env(port, ca_file))
    conn = db_login_step.Connection("127.0.0.1", port, LOGIN, LOGIN_PASSWORD, DATABASE,
                                    db_login_step.tls_context(ca_file, verify_hostname=False))
    try:
        assert conn.run("SELECT current_user, 1 + 1") == [[LOGIN, "2"]]
        with pytest.raises(db_login_step.PostgresError, match="permission denied|must be owner"):
            conn.run("CREATE DATABASE other")
        assert conn.run("SELECT 3") == [["3"]]  # usable after an error
    finally:
        conn.close()
    with pytest.raises(db_login_step.PostgresError, match="password authentication failed"):
        db_login_step.Connection("127.0.0.1", port, LOGIN, "wrong", DATABASE,
                                 db_login_step.tls_context(ca_file, verify_hostname=False))


def test_the_step_refuses_a_server_of_another_ca(server, monkeypatch, tmp_path):
    _, port, _ = server
    other = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=other", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", "/dev/null"], capture_output=True, text=True, check=True).stdout
    (tmp_path / "other.pem").write_text(other)
    with pytest.raises(ssl.SSLCertVerificationError):
        db_login_step.main(_env(port, str(tmp_path / "other.pem")))


def test_the_step_verifies_the_host_name_by_default(server, ca_file):
    # verify-full (the default): the test certificate names no 127.0.0.1, so it is refused.
    _, port, _ = server
    env = _env(port, ca_file)
    env.pop("PGSSLMODE")
    with pytest.raises(ssl.SSLCertVerificationError, match="match|mismatch"):
        db_login_step.main(env)


def test_the_verifier_is_the_one_scramp_computes():
    salt = b"0123456789abcdef"
    assert db_login_step.scram_verifier("pw", salt) == db_login_handler.scram_verifier("pw", salt)


@pytest.mark.parametrize("value, quoted", [("a'b", "'a''b'"), ("a\\b", "E'a\\\\b'")])
def test_literals_are_quoted(value, quoted):
    assert db_login_step.quote_literal(value) == quoted


def test_the_deployment_scripts_text_runs_as_is_with_a_bare_python(server, ca_file, tmp_path):
    # The exact scriptContent the recipe registers (recipes/azure/db_login.py), run by bash as the
    # deployment script's container runs it, with the environment it is given, and a python3
    # without pg8000 or scramp (the Azure CLI image has neither): only the standard library.
    import os

    from radius_components.recipes.azure import db_login

    run, port, _ = server
    bare = tmp_path / "bin"
    bare.mkdir()
    system = subprocess.run(["bash", "-c", "PATH=/usr/bin:/bin command -v python3"], capture_output=True,
                            text=True).stdout.strip()
    if not system:
        pytest.skip("no system python3 in /usr/bin")
    (bare / "python3").symlink_to(system)
    check = subprocess.run([str(bare / "python3"), "-c", "import scramp"], capture_output=True)
    assert check.returncode != 0  # really bare
    env = {"PATH": f"{bare}:/usr/bin:/bin", "HOME": str(tmp_path), **_env(port, ca_file)}
    for _ in range(2):
        result = subprocess.run(["bash", "-c", db_login.script_content()], env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert _owned_by_admin(run).strip() == ""
    assert "login orders_user on orders: updated" in result.stdout
    _migrate(run)
    assert not os.environ.get("PGPASSWORD")


def test_grants_that_were_not_applied_fail_the_step(server, ca_file, monkeypatch):
    # R-AZL-7: GRANT/REVOKE by a role without the grant option only WARN ("no privileges were
    # granted", "no privileges could be revoked": GRANT/REVOKE "Notes", postgresql.org/docs/17/
    # sql-grant.html), so the step reads the effect back (has_*_privilege) and fails the run.
    # Here the database and its schema public belong to another role than the administrator.
    run, port, _ = server
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(db_login_handler.__file__).parent))
    run(["psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE foreign_owned"])
    with pytest.raises(db_login_step.PrivilegesNotApplied, match="PUBLIC's CONNECT revoked") as failed:
        db_login_step.main(_env(port, ca_file, PGDATABASE="foreign_owned"))
    # The login still connects through PUBLIC (the review's case), and cannot migrate.
    assert "CREATE on schema public" in str(failed.value)
    assert LOGIN_PASSWORD not in str(failed.value)


def test_every_privilege_is_read_back_after_a_good_run(server, ca_file, monkeypatch):
    run, port, _ = server
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(db_login_handler.__file__).parent))
    assert db_login_step.main(_env(port, ca_file)) == 0
    conn = db_login_step.Connection("127.0.0.1", port, ADMIN, ADMIN_PASSWORD, DATABASE,
                                    db_login_step.tls_context(ca_file, verify_hostname=False))
    try:
        assert db_login_step.missing_privileges(conn, role=LOGIN, database=DATABASE) == []
        # and it sees a privilege taken away afterwards
        conn.run(f"REVOKE CREATE ON SCHEMA public FROM {LOGIN}")
        assert db_login_step.missing_privileges(conn, role=LOGIN, database=DATABASE) == ["CREATE on schema public"]
    finally:
        conn.close()
