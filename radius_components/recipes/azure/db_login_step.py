"""The program the Azure database login step runs inside the environment's network
(recipes/azure/db_login.py): a PostgreSQL client of the Python standard library only, and the
step that makes the login with the statements the other clouds run
(recipes/aws/db_login_handler.statements and owned_objects_query, shipped next to this file).

Why a client of our own, a small one: the step runs in the Azure CLI image of a deployment
script, which has Python (the CLI is a Python program) but no PostgreSQL client, and the
step's subnet reaches only what the container itself needs (the image registry and the
sign-in, recipes/azure/db_login.py "Egress"; no package index), so nothing is installed at
run time; the script's only inputs are its text and environment variables,
too small for pg8000 and its dependencies (asn1crypto alone is over a megabyte of source).
What PostgreSQL needs from it is little and documented: the v3 protocol's startup, SSLRequest,
SCRAM-SHA-256 / MD5 / cleartext authentication and the simple query protocol
(postgresql.org/docs/17/protocol-flow.html, protocol-message-formats.html, sasl-authentication.html).
The tests run it against a real PostgreSQL server (tests/azure/test_db_login_step.py).

Nothing in the library imports this module at run time except to ship its source; it runs as
`python3 db_login_step.py` with the environment variables listed in `main`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import socket
import ssl
import struct
import sys
from typing import Any, Optional

PROTOCOL_VERSION = 196608  # 3.0
SSL_REQUEST_CODE = 80877103


class PostgresError(Exception):
    """An ErrorResponse from the server: its severity, SQLSTATE and message."""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    # standard_conforming_strings is on (the default since 9.1): only quotes are doubled.
    if "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'"


def _hi(password: bytes, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password, salt, iterations)


def scram_verifier(password: str, salt: Optional[bytes] = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:
    <ServerKey>`, RFC 5803, postgresql.org/docs/17/catalog-pg-authid.html): given to ALTER ROLE
    instead of the password, so the password never reaches the server or its log in clear
    (the same as recipes/aws/db_login_handler.scram_verifier, without scramp)."""
    salt = salt if salt is not None else os.urandom(16)
    salted = _hi(password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored = hashlib.sha256(client_key).digest()
    server = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


class Connection:
    """One connection, simple query protocol only. `tls`: None (no TLS, tests only) or an
    SSLContext; the server must accept TLS when one is given (sslmode=require and above)."""

    def __init__(self, host: str, port: int, user: str, password: str, database: str,
                 tls: Optional[ssl.SSLContext], timeout: float = 30.0):
        sock = socket.create_connection((host, port), timeout=timeout)
        if tls is not None:
            sock.sendall(struct.pack("!ii", 8, SSL_REQUEST_CODE))
            if sock.recv(1) != b"S":
                sock.close()
                raise PostgresError("the server refused TLS")
            sock = tls.wrap_socket(sock, server_hostname=host)
        self.sock = sock
        self.buffer = b""
        params = b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in
                          (("user", user), ("database", database), ("client_encoding", "UTF8"))) + b"\0"
        sock.sendall(struct.pack("!ii", 8 + len(params), PROTOCOL_VERSION) + params)
        self._authenticate(user, password)

    # -- messages ---------------------------------------------------------------------
    def _recv_exact(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise PostgresError("the server closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _read(self) -> tuple[bytes, bytes]:
        kind = self._recv_exact(1)
        (length,) = struct.unpack("!i", self._recv_exact(4))
        body = self._recv_exact(length - 4)
        if kind == b"E":
            raise PostgresError(_error_text(body))
        return kind, body

    def _send(self, kind: bytes, body: bytes) -> None:
        self.sock.sendall(kind + struct.pack("!i", len(body) + 4) + body)

    # -- authentication ---------------------------------------------------------------
    def _authenticate(self, user: str, password: str) -> None:
        while True:
            kind, body = self._read()
            if kind == b"Z":
                return
            if kind != b"R":
                continue  # ParameterStatus, BackendKeyData, NoticeResponse
            (code,) = struct.unpack("!i", body[:4])
            if code == 0:  # AuthenticationOk
                continue
            if code == 3:  # cleartext (only ever over TLS here)
                self._send(b"p", password.encode() + b"\0")
            elif code == 5:  # MD5: md5(md5(password + user) + salt)
                inner = hashlib.md5((password + user).encode()).hexdigest()
                outer = hashlib.md5(inner.encode() + body[4:8]).hexdigest()
                self._send(b"p", b"md5" + outer.encode() + b"\0")
            elif code == 10:  # SASL: the mechanisms offered, NUL-separated
                mechanisms = body[4:].split(b"\0")
                if b"SCRAM-SHA-256" not in mechanisms:
                    raise PostgresError(f"no supported SASL mechanism in {mechanisms!r}")
                self._scram(password)
            else:
                raise PostgresError(f"unsupported authentication request {code}")

    def _scram(self, password: str) -> None:
        """SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677; PostgreSQL's SASL flow:
        the user name in the client-first message is ignored, the startup message's counts)."""
        nonce = base64.b64encode(os.urandom(18)).decode("ascii")
        first_bare = f"n=,r={nonce}"
        first = ("n,," + first_bare).encode()
        self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
        kind, body = self._read()
        if kind != b"R" or struct.unpack("!i", body[:4])[0] != 11:
            raise PostgresError("expected AuthenticationSASLContinue")
        server_first = body[4:].decode()
        fields = dict(item.split("=", 1) for item in server_first.split(","))
        if not fields["r"].startswith(nonce):
            raise PostgresError("the server's SCRAM nonce does not extend ours")
        salted = _hi(password.encode(), base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored = hashlib.sha256(client_key).digest()
        without_proof = f"c=biws,r={fields['r']}"
        message = f"{first_bare},{server_first},{without_proof}".encode()
        signature = hmac.new(stored, message, hashlib.sha256).digest()
        proof = base64.b64encode(bytes(a ^ b for a, b in zip(client_key, signature))).decode()
        self._send(b"p", f"{without_proof},p={proof}".encode())
        kind, body = self._read()
        if kind != b"R" or struct.unpack("!i", body[:4])[0] != 12:
            raise PostgresError("expected AuthenticationSASLFinal")
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        expected = base64.b64encode(hmac.new(server_key, message, hashlib.sha256).digest()).decode()
        final = dict(item.split("=", 1) for item in body[4:].decode().split(","))
        if not hmac.compare_digest(final.get("v", ""), expected):
            raise PostgresError("the server's SCRAM signature is wrong (not the server holding the password)")

    # -- queries ----------------------------------------------------------------------
    def run(self, sql: str) -> list[list[Optional[str]]]:
        """Run `sql` (one or more statements); the rows of its results as text. An error
        raises once the server is ready again (the connection stays usable)."""
        self._send(b"Q", sql.encode() + b"\0")
        rows: list[list[Optional[str]]] = []
        error: Optional[PostgresError] = None
        while True:
            try:
                kind, body = self._read()
            except PostgresError as e:
                error = error or e
                continue
            if kind == b"D":
                (count,) = struct.unpack("!h", body[:2])
                offset, row = 2, []
                for _ in range(count):
                    (size,) = struct.unpack("!i", body[offset:offset + 4])
                    offset += 4
                    if size < 0:
                        row.append(None)
                    else:
                        row.append(body[offset:offset + size].decode())
                        offset += size
                rows.append(row)
            elif kind == b"Z":
                if error is not None:
                    raise error
                return rows

    def close(self) -> None:
        try:
            self._send(b"X", b"")
        finally:
            self.sock.close()


def _error_text(body: bytes) -> str:
    fields = {part[:1]: part[1:].decode(errors="replace") for part in body.split(b"\0") if part}
    return f"{fields.get(b'S', 'ERROR')} {fields.get(b'C', '')}: {fields.get(b'M', '')}"


def tls_context(root_cert: str = "", verify_hostname: bool = True) -> ssl.SSLContext:
    """TLS verified against the system's roots (Azure Database for PostgreSQL's certificate
    chains to DigiCert / Microsoft public roots, recipes/azure/postgres.py) and the host name
    (sslmode=verify-full), or against `root_cert` when given (tests)."""
    context = ssl.create_default_context(cafile=root_cert or None)
    context.check_hostname = verify_hostname
    return context


class PrivilegesNotApplied(Exception):
    """The statements ran but the login lacks what they grant (or PUBLIC keeps what they revoke)."""


def missing_privileges(conn: Connection, *, role: str, database: str) -> list[str]:
    """What the statements should have given `role` on `database` and did not. A GRANT or REVOKE
    by a role that holds some privilege on the object but not the grant option is no error, only
    a WARNING ("no privileges were granted for ...", "no privileges could be revoked for ...";
    GRANT and REVOKE, "Notes", postgresql.org/docs/17/sql-grant.html, sql-revoke.html), which
    the client does not fail on: e.g. a database or schema public owned by another role than
    the administrator, as seen in the test (tests/azure/test_db_login_step.py). So the effect
    is read back with has_*_privilege (where `public` names the PUBLIC pseudo-role, "System
    Information Functions", postgresql.org/docs/17/functions-info.html; review R-AZL-7)."""
    r, d = quote_literal(role), quote_literal(database)
    checks = {
        "CONNECT on the database": f"has_database_privilege({r}, {d}, 'CONNECT')",
        "TEMPORARY on the database": f"has_database_privilege({r}, {d}, 'TEMPORARY')",
        "PUBLIC's CONNECT revoked (other logins of the server cannot connect)":
            f"NOT has_database_privilege('public', {d}, 'CONNECT')",
        "USAGE on schema public": f"has_schema_privilege({r}, 'public', 'USAGE')",
        "CREATE on schema public": f"has_schema_privilege({r}, 'public', 'CREATE')",
        # has_table_privilege with a list is true when *any* is held: one privilege per call.
        "SELECT, INSERT, UPDATE, DELETE on every table of schema public": (
            "NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT ("
            + " AND ".join(f"has_table_privilege({r}, c.oid, '{p}')" for p in ("SELECT", "INSERT", "UPDATE", "DELETE"))
            + "))"),
        "USAGE, SELECT, UPDATE on every sequence of schema public": (
            "NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'S' AND NOT ("
            + " AND ".join(f"has_sequence_privilege({r}, c.oid, '{p}')" for p in ("USAGE", "SELECT", "UPDATE"))
            + "))"),
    }
    (row,) = conn.run("SELECT " + ", ".join(checks.values()))
    return [what for what, held in zip(checks, row) if held != "t"]


def make_login(conn: Connection, *, role: str, password: str, database: str, admin: str) -> bool:
    """Make `role` the workload's login on `database` (statements shared with the AWS and GCP
    steps); returns whether it was created (False: it existed, its password was set)."""
    from db_login_handler import owned_objects_query, statements  # shipped next to this file

    exists = bool(conn.run(f"SELECT 1 FROM pg_roles WHERE rolname = {quote_literal(role)}"))
    for sql in statements(role, scram_verifier(password), database, admin, exists, quote_ident, quote_literal):
        conn.run(sql)
    for (alter,) in conn.run(owned_objects_query(quote_literal(admin), quote_literal(role))):
        conn.run(alter or "")
    missing = missing_privileges(conn, role=role, database=database)
    if missing:
        # Fails the script, so the `up`: a login that looks made but cannot migrate (or that
        # other logins share) would only show later, as "permission denied" in a workload.
        raise PrivilegesNotApplied(
            f"the login {role} lacks, after the statements ran as {admin}: {'; '.join(missing)}. The administrator "
            f"could not grant or revoke it (is {database} or its schema public owned by another role?)")
    return not exists


def main(env: Any = None) -> int:
    """Environment: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (secure), LOGIN_ROLE,
    LOGIN_PASSWORD (secure); PGSSLMODE (verify-full by default; verify-ca or disable in tests),
    PGSSLROOTCERT (a CA file instead of the system's roots)."""
    env = os.environ if env is None else env
    mode = env.get("PGSSLMODE", "verify-full")
    tls = None if mode == "disable" else tls_context(env.get("PGSSLROOTCERT", ""), verify_hostname=mode == "verify-full")
    conn = Connection(env["PGHOST"], int(env.get("PGPORT", "5432")), env["PGUSER"], env["PGPASSWORD"],
                      env["PGDATABASE"], tls)
    try:
        created = make_login(conn, role=env["LOGIN_ROLE"], password=env["LOGIN_PASSWORD"],
                             database=env["PGDATABASE"], admin=env["PGUSER"])
    finally:
        conn.close()
    print(f"login {env['LOGIN_ROLE']} on {env['PGDATABASE']}: {'created' if created else 'updated'}")
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the deployment script's container
    sys.exit(main())
