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


def scram_verifier(password: str, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (`SCRAM-SHA-256$<iterations>:
    <salt>$<StoredKey>:<ServerKey>`, RFC 5803 / postgresql.org/docs/17/catalog-pg-authid.html).

    Given to CREATE/ALTER ROLE ... PASSWORD instead of the password: "the password will be
    transmitted to the server in cleartext, and it might also be logged in ... the server log"
    (CREATE ROLE), and a verifier is stored as it is (review R-AWS-3). Computed by scramp, which
    pg8000 already uses for the same mechanism; 4096 iterations, PostgreSQL's default."""
    import base64

    from scramp import ScramMechanism

    salt_, stored, server, iterations = ScramMechanism("SCRAM-SHA-256").make_auth_info(
        password, iteration_count=4096, salt=salt)

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt_)}${b64(stored)}:{b64(server)}"


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
    - The administrator becomes a member of the login (GRANT <role> TO <admin>): changing an
      object's owner to the login needs it ("you must be able to SET ROLE to the new owning role",
      ALTER TABLE); it widens the administrator, not the login. The ownership hand-over itself
      (owned_objects_query) follows these statements.
    """
    r, d, a = quote_ident(role), quote_ident(database), quote_ident(admin)
    attributes = "LOGIN NOCREATEDB NOCREATEROLE PASSWORD " + quote_literal(password)
    return [
        # ALTER ROLE may not name NOSUPERUSER unless run by a superuser ("must be superuser to alter
        # superuser roles or change superuser attribute", PostgreSQL 14-17 user.c AlterRole), which
        # the RDS / Cloud SQL administrator is not; a role it created is no superuser anyway.
        f"ALTER ROLE {r} WITH {attributes}" if exists else f"CREATE ROLE {r} WITH NOSUPERUSER {attributes}",
        f"REVOKE ALL ON DATABASE {d} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {d} TO {r}",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {r}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {r}",
        f"GRANT {r} TO {a}",
    ]


def owned_objects_query(admin: str, role: str) -> str:
    """A query returning one `ALTER ... OWNER TO <role>` statement per object of schema public the
    administrator owns; `admin` and `role` are the client's parameter markers (pg8000 `:admin`,
    psql `:'admin'`). Review R-AWS-1: on a database older than the login, the workload's tables
    were created as the administrator, and migrations need ownership ("You must own the table to
    use ALTER TABLE", postgresql.org/docs/17/sql-altertable.html); DML grants are not enough.

    Why this and nothing wider: the login gets ownership of exactly the objects in its own
    database's public schema that the administrator created (the workload's, made before the
    login existed), not membership in the administrator (rds_superuser / cloudsqlsuperuser, every
    database of the server). Skipped: sequences owned by a column (serial / identity, deptype
    'a'/'i') follow their table's ALTER TABLE ... OWNER and refuse one of their own; indexes follow
    their table; members of an extension (deptype 'e') stay with the extension; array and
    multirange types follow their element / range type. Once run, the administrator owns nothing
    there any more, so every later run returns no rows: idempotent."""
    owner = f"(SELECT oid FROM pg_roles WHERE rolname = CAST({admin} AS text))"

    def not_extension_member(catalog: str, oid: str) -> str:
        return (f"NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = '{catalog}'::regclass "
                f"AND d.objid = {oid} AND d.deptype = 'e')")

    return f"""SELECT format('ALTER %s %s OWNER TO %I', kind, name, CAST({role} AS text)) FROM (
SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
            WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind, format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relowner = {owner} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
   AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
            AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
   AND {not_extension_member('pg_class', 'c.oid')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proowner = {owner} AND p.prokind IN ('f', 'p', 'a')
   AND {not_extension_member('pg_proc', 'p.oid')}
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, format('%I.%I', n.nspname, t.typname)
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'public' AND t.typowner = {owner} AND t.typtype IN ('e', 'd', 'r')
   AND {not_extension_member('pg_type', 't.oid')}
) owned ORDER BY kind, name"""


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
        # The login's password reaches the server only as its SCRAM verifier (scram_verifier).
        for sql in statements(event["role"], scram_verifier(event["role_password"]), event["database"], event["admin_user"],
                              exists, identifier, literal):
            conn.run(sql)
        # What the administrator owns in schema public (a database older than the login) passes
        # to the login, so the workload's migrations can alter it (owned_objects_query).
        for (alter,) in conn.run(owned_objects_query(":admin", ":role"), admin=event["admin_user"], role=event["role"]):
            conn.run(alter)
    finally:
        conn.close()
    # No secret in the result (the provider stores it in state as `result`); the bundle is public.
    return {"role": event["role"], "database": event["database"], "created": not exists, "ca_bundle": bundle}


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(statements("app", "x", "db", "admin", False, lambda s: f'"{s}"', lambda s: f"'{s}'"), indent=1))
