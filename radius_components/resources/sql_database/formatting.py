"""How a SqlDatabase's computed connection values are written: the engine's own forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

_URL_SCHEMES = {"postgresql": "postgresql", "mysql": "mysql", "sqlserver": "sqlserver"}


def _libpq_quote(value: Any) -> str:
    """A libpq keyword/value: single-quoted when empty or with spaces/quotes/backslashes
    ("To write an empty value, or a value containing spaces, surround it with single quotes
    ... Single quotes and backslashes within a value must be escaped with a backslash",
    postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-KEYWORD-VALUE)."""
    text = str(value)
    if text and not any(c in text for c in " '\\\t\n"):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_connection_string(engine: str, server: str, port: Any, database: str, username: str, password: str,
                          tls: bool) -> str:
    """The engine's native connection string: libpq keyword/value (PostgreSQL), ADO.NET
    (SQL Server, as Radius writes it), MySQL Connector key=value."""
    if engine == "postgresql":
        parts = [("host", server), ("port", port), ("dbname", database), ("user", username)]
        if password:
            parts.append(("password", password))
        parts.append(("sslmode", "require" if tls else "prefer"))
        return " ".join(f"{k}={_libpq_quote(v)}" for k, v in parts)
    if engine == "sqlserver":
        return (f"Data Source=tcp:{server},{port};Initial Catalog={database};User Id={username};"
                f"Password={password};Encrypt={'True' if tls else 'False'}")
    return (f"Server={server};Port={port};Database={database};Uid={username};Pwd={password};"
            f"SslMode={'Required' if tls else 'Preferred'}")


def sql_url(engine: str, server: str, port: Any, database: str, username: str, password: str, tls: bool) -> str:
    """`<scheme>://user:password@host:port/database[?sslmode=require]`, every part percent-encoded."""
    auth = quote(str(username or ""), safe="") + (f":{quote(str(password), safe='')}" if password else "")
    host = f"{server}:{port}"
    if engine == "sqlserver":
        return f"sqlserver://{auth}@{host}?database={quote(str(database), safe='')}&encrypt={'true' if tls else 'false'}"
    query = ("?sslmode=require" if tls else "") if engine == "postgresql" else ("?ssl-mode=REQUIRED" if tls else "")
    return f"{_URL_SCHEMES[engine]}://{auth + '@' if auth else ''}{host}/{quote(str(database), safe='')}{query}"
