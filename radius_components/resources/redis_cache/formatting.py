"""How a RedisCache's computed connection values are written, as Radius writes them."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

REDIS_TLS_PORT = 6380  # Radius: TLS is on when nothing says otherwise and the port is 6380


def redis_url(host: str, port: Any, username: Optional[str], password: Optional[str], tls: bool) -> str:
    """`redis[s]://[user][:password@]host:port/0`, as Radius computes it.

    Unlike Radius, a username without a password still gets its '@' so the URL parses.
    """
    auth = (username or "") + (f":{password}" if password else "")
    return f"{'rediss' if tls else 'redis'}://{auth + '@' if auth else ''}{host}:{port}/0"


def redis_connection_string(host: str, port: Any, username: Optional[str], password: Optional[str], tls: bool) -> str:
    """StackExchange.Redis form, as Radius computes it: `host:port,abortConnect=False[,ssl=True]...`."""
    text = f"{host}:{port},abortConnect=False"
    if tls:
        text += ",ssl=True"
    if username:
        text += f",user={username}"
    if password:
        text += f",password={password}"
    return text


def tls_by_port(values: Mapping[str, Any]) -> Any:
    """`tls` when the recipe or the user says nothing: on for the TLS port."""
    port = values["port"]
    if isinstance(port, pulumi.Output):
        return port.apply(lambda p: int(p) == REDIS_TLS_PORT)
    return int(port) == REDIS_TLS_PORT
