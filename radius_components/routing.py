"""Which gateway routes lead to which container, per application.

On several kinds a route changes the routed container's own resources: an ECS service
registers into the ALB's target group, a Cloud Run service admits load-balancer traffic; a
Container Apps route config and an ACI Application Gateway are created once the containers
they target exist. So gateways expand before containers, once the whole application is
declared (radius_components.program), whatever order the program declared them in: each
gateway records its routes here, and the platform's deploy_container reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import RadiusValidationError, raise_all
from .model import ContainerArgs


@dataclass(frozen=True)
class RouteTarget:
    """One (container, port) a gateway forwards to, and what the platform bound it to."""

    gateway: Any  # the Gateway component
    container: str
    port: int
    paths: tuple[str, ...]
    binding: Any = None  # platform-specific: a target group, a backend pool name, ...


def route_labels(paths: list[str]) -> dict[str, str]:
    """A stable DNS-label key per path, for the names of per-route objects (listener rules,
    path rules): `/api/v2` -> `api-v2`, `/` -> `root`; paths whose labels would be equal
    (`/a/b`, `/a-b`) keep them apart with a hash of the path."""
    from .names import dns_label, short_hash

    labels = {p: dns_label(p, max_length=40) or "root" for p in paths}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {p: (f"{label}-{short_hash(p, 6)}" if counts[label] > 1 else label) for p, label in labels.items()}


def _registry(app: Any) -> dict[str, list[RouteTarget]]:
    registry = app.__dict__.get("_gateway_route_targets")
    if registry is None:
        registry = {}
        app.__dict__["_gateway_route_targets"] = registry
    return registry


def add_route_targets(app: Any, targets: list[RouteTarget]) -> None:
    registry = _registry(app)
    for target in targets:
        registry.setdefault(target.container, []).append(target)


def route_targets(app: Any, container: str) -> list[RouteTarget]:
    """The gateway targets of one container of `app`, in declaration order."""
    return list(_registry(app).get(container, ()))


def declared_routes(app: Any, container: str) -> list[RouteTarget]:
    """The routes of every gateway of `app` declared so far that lead to `container`, one per
    (gateway, port), before any gateway has expanded (no binding yet)."""
    found = []
    for member in app.members:
        routes = getattr(getattr(member, "args", None), "routes", None)
        if getattr(member, "resource_type", "") != "Applications.Core/gateways" or not routes:
            continue
        ports: dict[int, list[str]] = {}
        for route in routes:
            if route.container == container:
                ports.setdefault(route.port, []).append(route.path)
        found += [RouteTarget(member, container, port, tuple(paths)) for port, paths in sorted(ports.items())]
    return found


def check_routed_container(label: str, app: Any, name: str, args: ContainerArgs) -> None:
    """A routed container must listen on the route's port, over TCP, as a Service port /
    exposed port (the port other containers use, `port` or else `container_port`)."""
    errors = []
    for target in declared_routes(app, name):
        # A gateway speaks HTTP to its backends: a raw `tcp` port cannot be routed.
        ports = {p.exposed_port: port_name for port_name, p in args.container.ports.items()
                 if p.protocol == "TCP" and p.scheme != "tcp" and isinstance(p.exposed_port, int)}
        if target.port not in ports:
            errors.append(RadiusValidationError(
                label, "container.ports", {k: v.exposed_port for k, v in args.container.ports.items()},
                f"Gateway '{target.gateway.resource_name}' routes {', '.join(target.paths)} to port {target.port} of this "
                "container, which declares no HTTP-capable TCP port with that (exposed) port",
                f"declare a port with container_port (or port) {target.port} (scheme http, https or grpc, or none), "
                "or change the gateway's destination"))
    raise_all(errors)
