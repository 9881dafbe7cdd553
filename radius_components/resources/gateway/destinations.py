"""A route's destination as the user gives it -> Radius's `http://<container>:<port>`.

A route may name its container by the object (`{"path": "/", "destination": web}`, the
container's only port; or `{"container": web, "port": "http"}`, a port by name or number) or
by Radius's URL string. Objects are turned into the string here, before the arguments model
parses the routes; which containers exist is checked once the whole application is declared
(`check_destinations`), so a Gateway may come before or after its containers.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from ...errors import RadiusValidationError, raise_all

CONTAINERS = "Applications.Core/containers"


def _is_container(value: Any) -> bool:
    return getattr(value, "resource_type", None) == CONTAINERS and hasattr(value, "args")


def _port_of(label: str, where: str, container: Any, port: Any) -> int:
    """The port a gateway forwards to: the container's only port, or the one named or numbered."""
    ports = container.args.container.ports
    shown = {name: p.exposed_port for name, p in ports.items()}
    cname = container.resource_name
    if port is None:
        if len(ports) == 1:
            return next(iter(ports.values())).exposed_port
        problem = "declares no ports, so a gateway cannot route to it" if not ports else \
            f"declares {len(ports)} ports ({', '.join(sorted(ports))}), so which one is meant is not clear"
        fix = (f"declare a port on Container '{cname}'" if not ports else
               f"give {{'container': {cname}, 'port': '<one of {sorted(ports)}>'}}")
        raise RadiusValidationError(label, where, f"Container '{cname}'", f"Container '{cname}' {problem}", fix)
    if isinstance(port, str) and port in ports:
        return ports[port].exposed_port
    if isinstance(port, int) and not isinstance(port, bool) and port in shown.values():
        return port
    raise RadiusValidationError(label, f"{where}.port", port, f"Container '{cname}' has no port of that name or number "
                                f"(its ports: {shown})", f"give one of {sorted(ports)} or its number")


def _destination(label: str, where: str, app: Any, value: Any) -> Any:
    port = None
    container = value
    if isinstance(value, Mapping) and "container" in value:
        unknown = sorted(set(value) - {"container", "port"})
        if unknown:
            raise RadiusValidationError(label, where, value, f"unknown key(s) {unknown}",
                                        "give {'container': <Container>, 'port': '<port name or number>'}")
        container, port = value["container"], value.get("port")
    if not _is_container(container):
        if container is not value:
            raise RadiusValidationError(label, f"{where}.container", container, "not a Container",
                                        "give the rad.Container(...) object the route forwards to")
        return value  # a string (or something the model will refuse with its own message)
    if container.application is not app:
        raise RadiusValidationError(
            label, where, f"Container '{container.resource_name}'",
            f"it belongs to application '{container.application.resource_name}', this gateway to "
            f"'{app.resource_name}'", "route only to containers of the gateway's own application")
    return f"http://{container.resource_name}:{_port_of(label, where, container, port)}"


def resolve_destinations(label: str, app: Any, routes: Any) -> Any:
    """`routes` with every Container destination replaced by its `http://<name>:<port>` string."""
    if not isinstance(routes, Sequence) or isinstance(routes, (str, bytes)):
        return routes  # the model refuses it, naming the field
    resolved: list[Any] = []
    errors: list[RadiusValidationError] = []
    for index, route in enumerate(routes):
        if isinstance(route, Mapping) and "destination" in route:
            try:
                route = {**route, "destination": _destination(label, f"routes[{index}].destination", app,
                                                              route["destination"])}
            except RadiusValidationError as error:
                errors.append(error)
        resolved.append(route)
    raise_all(errors)
    return resolved


def check_destinations(label: str, gateway_name: str, app: Any, routes: Sequence[Any]) -> None:
    """Once the application is declared: every destination is a container of it, with ports."""
    containers = {m.resource_name: m for m in app.members if getattr(m, "resource_type", "") == CONTAINERS}
    by_case = {name.lower(): name for name in containers}
    errors = []
    for index, route in enumerate(routes):
        if route.container in containers:
            continue
        near: Optional[str] = by_case.get(route.container.lower())
        hint = (f"the application has Container '{near}', which differs only in case (Radius matches the name "
                "exactly)" if near else f"the application declares no container of that name "
                f"(its containers: {sorted(containers) or 'none'})")
        errors.append(RadiusValidationError(
            label, f"routes[{index}].destination", route.destination,
            f"route {route.path} of Gateway '{gateway_name}' goes to Container '{route.container}', which is never "
            f"declared: {hint}; deploying it would leave the route with no backend",
            f"declare Container '{route.container}' in application '{app.resource_name}', give the container object "
            f"as the destination, or remove the route"))
    raise_all(errors)


def check_declared_first(label: str, gateway_name: str, app: Any, routes: Sequence[Any]) -> None:
    """Where components expand as soon as they are constructed (inside the `radius` provider,
    which is sent each component on its own), a gateway must come before the containers it
    routes to: its routes change their resources, which would already exist."""
    declared = {m.resource_name for m in app.members if getattr(m, "resource_type", "") == CONTAINERS}
    errors = []
    for index, route in enumerate(routes):
        if route.container in declared:
            errors.append(RadiusValidationError(
                label, f"routes[{index}].destination", route.destination,
                f"Container '{route.container}' is already declared; on several kinds the gateway changes the routed "
                "container's own resources (ECS target registration, Cloud Run ingress, Container Apps and ACI routes), "
                "and through the provider each component is deployed as soon as it arrives",
                f"list Gateway '{gateway_name}' in Container '{route.container}''s gateways (gateways: [<the gateway>]), "
                "so the engine constructs the gateway first"))
    raise_all(errors)
