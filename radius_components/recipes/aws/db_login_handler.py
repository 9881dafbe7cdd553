"""The AWS Lambda function that gives a workload its own database login (recipes/aws/db_login.py).

It runs inside the environment's VPC, once per change of its input (an `aws.lambda_.Invocation`),
connects to the RDS or Aurora PostgreSQL server as the administrator, and makes the login: a role
that can log in with the generated password, with privileges on its one database only. Every
statement may run again (the role is created or its password set; grants are idempotent), so a
re-invocation converges. Only the standard library and pg8000 (pure Python, zipped next to this
file) are used. This module is the Lambda's code: nothing in the library imports it at run time.
"""

from __future__ import annotations

import json
import ssl
import urllib.request
from typing import Any

# Where AWS publishes the CA bundle of a region's RDS certificates (UsingWithRDS.SSL.html,
# "Certificate bundles by AWS Region"), served over HTTPS with a publicly trusted certificate.
BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/{region}/{region}-bundle.pem"


def fetch_bundle(region: str, opener: Any = None) -> str:
    """The region's RDS CA bundle, or "" when it cannot be fetched (subnets without a route to
    the internet): the login is made either way, and the connection then has no TLSCACERT."""
    if not region:
        return ""
    opener = opener or urllib.request.urlopen
    try:
        with opener(BUNDLE_URL.format(region=region), timeout=10) as response:
            text = response.read().decode("ascii")
    except Exception:  # noqa: BLE001 - any failure: no bundle, the login still matters
        return ""
    return text if "-----BEGIN CERTIFICATE-----" in text else ""

# Table and sequence privileges a workload needs on its database's objects (not ownership of
# objects others created, not the database or the server).
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"


def statements(role: str, password: str, database: str, admin: str, exists: bool,
               quote_ident: Any, quote_literal: Any) -> list[str]:
    """The SQL that makes `role` a login scoped to `database`, run connected to `database`.

    - CREATE ROLE ... LOGIN, or ALTER ROLE ... PASSWORD when it exists (PostgreSQL has no
      CREATE ROLE IF NOT EXISTS); NOSUPERUSER NOCREATEDB NOCREATEROLE (the defaults, stated).
    - CONNECT (and TEMPORARY) on its database only; PUBLIC loses CONNECT there, so other
      logins of the server (other SqlDatabases' roles) cannot connect to it.
    - USAGE and CREATE on schema public: from PostgreSQL 15 PUBLIC no longer has CREATE there
      ("PostgreSQL 15 also revokes the CREATE permission from all users except a database
      owner from the public (or default) schema", postgresql.org/about/news/postgresql-15-released-2526/),
      so a workload that runs its own migrations needs it granted.
    - Table and sequence privileges on what exists, and by default on what the administrator
      creates later (ALTER DEFAULT PRIVILEGES FOR ROLE <admin>); what the workload creates it owns.
    """
    r, d, a = quote_ident(role), quote_ident(database), quote_ident(admin)
    login = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + quote_literal(password)
    return [
        f"ALTER ROLE {r} WITH {login}" if exists else f"CREATE ROLE {r} WITH {login}",
        f"REVOKE ALL ON DATABASE {d} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {d} TO {r}",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {r}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {r}",
    ]


def tls_context(ca_bundle: str) -> ssl.SSLContext:
    """TLS as the server requires it (rds.force_ssl): verified against the RDS CA bundle when the
    recipe was given one, else encrypted without verification (libpq's sslmode=require)."""
    if ca_bundle:
        return ssl.create_default_context(cadata=ca_bundle)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def handler(event: dict[str, Any], context: Any = None, connect: Any = None, opener: Any = None) -> dict[str, Any]:
    """`event`: host, port, database, admin_user, admin_password, role, role_password, ca_bundle
    (given to the recipe, may be empty), region. Returns the CA bundle the connection delivers:
    the given one, else the region's, fetched here (the step runs in the VPC at deploy time)."""
    if connect is None:  # pragma: no cover - the Lambda runtime; tests pass a fake connection
        import pg8000.native

        def connect(**kwargs: Any) -> Any:
            return pg8000.native.Connection(**kwargs)

    from pg8000.native import identifier, literal

    bundle = event.get("ca_bundle") or fetch_bundle(event.get("region", ""), opener)
    conn = connect(user=event["admin_user"], password=event["admin_password"], host=event["host"],
                   port=int(event["port"]), database=event["database"], ssl_context=tls_context(bundle),
                   timeout=30)
    try:
        exists = bool(conn.run("SELECT 1 FROM pg_roles WHERE rolname = :role", role=event["role"]))
        for sql in statements(event["role"], event["role_password"], event["database"], event["admin_user"],
                              exists, identifier, literal):
            conn.run(sql)
    finally:
        conn.close()
    # No secret in the result (the provider stores it in state as `result`); the bundle is public.
    return {"role": event["role"], "database": event["database"], "created": not exists, "ca_bundle": bundle}


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(statements("app", "x", "db", "admin", False, lambda s: f'"{s}"', lambda s: f"'{s}'"), indent=1))
