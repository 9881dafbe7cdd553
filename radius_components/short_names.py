"""A connection URL that names a container by its short name (`http://web:3000`), as Radius apps do.

On Radius's Kubernetes renderer a container `web` is a Service `web` in the application's
namespace, so `http://web:<port>` reaches it. Whether it does here depends on the kind: it
resolves by construction where the container's own endpoint on that kind *is* that host and
port (its `internal_hostname` and `internal_port`); everywhere else (an ECS Service Connect
name `<name>.<namespace>`, a Cloud Run `https://<service>-<hash>.run.app` URL, a container
app `<app>-<container>` behind ingress on 80/443, an ACI record `<app>-<container>.<zone>`) it
does not, and the container warns (so `check` shows it per kind), naming the container and
what to give instead. Gateway routes (`http://web:3000` as a destination) need nothing: the
gateway maps them to the container on every kind (resources/gateway/destinations.py).
"""

from __future__ import annotations

import ipaddress
from typing import Any, Optional
from urllib.parse import urlsplit

import pulumi


def short_target(url: str) -> Optional[tuple[str, Optional[int]]]:
    """(host, port) of a URL whose host is a single DNS label (no dots, not an IP, not
    localhost); None otherwise."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or "." in host or host == "localhost":
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host, port


def resolves(endpoint: Any, host: str, port: Optional[int], search_domains: tuple[str, ...] = ()) -> bool:
    """True when the container's endpoint on this kind is `host`, or `host` under one of the
    DNS search domains the connecting container gets (`Platform.search_domains`), on `port`
    when the URL gives one: the short URL then reaches it as it does on Radius."""
    if endpoint is None or isinstance(endpoint.hostname, pulumi.Output):
        return False
    if endpoint.hostname != host and endpoint.hostname not in {f"{host}.{d}" for d in search_domains}:
        return False
    return port is None or endpoint.port == port


def unresolved_short_names(container: Any) -> list[str]:
    """The warnings for `container`'s URL connection sources that name a container of its
    application by a short name this kind does not resolve."""
    app = container.application
    kind = app.environment.kind
    by_name = {m.resource_name: m for m in app.members if getattr(m, "resource_type", None) == container.resource_type}
    out = []
    for conn_name in sorted(container.args.connections):
        source = container.args.connections[conn_name].source
        target = short_target(source) if isinstance(source, str) else None
        if target is None or target[0] not in by_name:
            continue
        host, port = target
        other = by_name[host]
        if resolves(other.endpoint, host, port, app.environment.platform.search_domains(app)):
            continue
        where = "it declares no ports" if other.endpoint is None else (
            f"it is reached at {other.endpoint.hostname}:{other.endpoint.port}"
            if not isinstance(other.endpoint.hostname, pulumi.Output) and not isinstance(other.endpoint.port, pulumi.Output)
            else "it is reached at its `internal_url` output, not by that name")
        out.append(
            f"Container '{container.resource_name}': connections.{conn_name}.source = {source!r} names Container "
            f"'{host}' by its short name, which does not resolve on {kind} ({where}; see docs/kinds/{kind}.md). "
            f"Portable: give the container itself, connections={{'{conn_name}': {{'source': <Container '{host}'>}}}}, "
            f"which sets CONNECTION_{conn_name.upper()}_URL (and SCHEME, HOSTNAME, PORT) to its address on every kind")
    return out


def warn_unresolved_short_names(container: Any) -> None:
    for message in unresolved_short_names(container):
        pulumi.log.warn(message, resource=container)
