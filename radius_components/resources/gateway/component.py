"""`Gateway`: public HTTP ingress for an application (Radius's `Applications.Core/gateways`)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import pulumi

from ...application import Application
from ...arguments import parse_component_arguments
from ...claims import Claim, claim_names
from ...component import RadiusComponent
from ...connections import ConnectionValue, property_key
from ...errors import RadiusValidationError, raise_all
from ...platforms import GatewayDeployment
from ...routing import RouteTarget, add_route_targets
from .args import GatewayArgs
from .declaration import TYPE


class Gateway(RadiusComponent):
    """A public (or, with `internal=True`, private) entry point that routes path prefixes to
    containers of its application, on every compute kind.

    Declare it before the containers it routes to: `destination` names them as Radius does,
    `http://<container>:<port>`. Outputs: `url` (the gateway's URL; a connection to the
    gateway gives it as CONNECTION_<NAME>_URL), `hostname`, plus the platform's own.

    :param name: the resource's name in the application (its Pulumi name; platform names derive from it).
    :param application: the `rad.Application` it belongs to.
    :param routes: path prefix -> destination (`http://<container>:<port>`), optional `replace_prefix`; at least one.
    :param hostname: `{fully_qualified_hostname: ...}` or `{prefix: ...}`; default: the platform's address.
    :param tls: `{certificate_from: ...}` (a certificate the platform holds) or `{managed: True}`, and `minimum_protocol_version`.
    :param internal: True: reachable only from the environment's network.
    :param runtimes: per-kind gateway settings (`{kind: {...}}`); blocks of other kinds are ignored.
    :param opts: Pulumi resource options for the component.
    """

    resource_type = TYPE.radius_type

    # The outputs (tests/features check them against TYPE): the URL, and the platform's own.
    url: pulumi.Output[Optional[str]]
    hostname: pulumi.Output[Optional[str]]

    def __init__(
        self,
        name: str,
        application: Application,
        routes: Sequence[Any],
        hostname: Any = None,
        tls: Any = None,
        internal: bool = False,
        runtimes: Any = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ):
        label = f"Gateway '{name}'"
        args = parse_component_arguments(label, application, GatewayArgs, {"routes": routes, "internal": internal},
                                         {"hostname": hostname, "tls": tls, "runtimes": runtimes}, "this gateway")
        _check_destinations(label, name, application, args)
        environment = application.environment
        platform = environment.platform
        platform.validate_gateway(label, application, name, args)

        self.resource_name = name
        self.application = application
        self.args = args
        self.radius_qualified_type = claim_names(label, Claim("Gateway", name, application.resource_name),
                                                 "radius:index:Gateway", opts)
        super().__init__("radius:index:Gateway", name, None, opts)
        self.gateway_deployment: GatewayDeployment = platform.deploy_gateway(self, args)
        self.native_resources = list(self.gateway_deployment.resources)
        targets = []
        for (container, port), binding in sorted(self.gateway_deployment.bindings.items(), key=lambda kv: kv[0]):
            paths = tuple(r.path for r in args.routes if (r.container, r.port) == (container, port))
            targets.append(RouteTarget(self, container, port, paths, binding))
        add_route_targets(application, targets)
        application._add(self)

        self.url = pulumi.Output.from_input(self.gateway_deployment.url)
        outputs = {"url": self.url, **self.gateway_deployment.outputs}
        for key, value in self.gateway_deployment.outputs.items():
            setattr(self, key, pulumi.Output.from_input(value))
        self.register_outputs(outputs)

    @property
    def graph_routes(self) -> list[dict[str, str]]:
        """The routes as graph edges (gateway -> container), for radius_components.graph."""
        return [{"name": r.path, "target": r.container, "type": "Applications.Core/containers"}
                for r in self.args.routes]

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        return {property_key(f.name): ConnectionValue(getattr(self, f.name), secret=f.secret) for f in TYPE.fields}


def _check_destinations(label: str, name: str, app: Application, args: GatewayArgs) -> None:
    """Destinations must be containers declared after the gateway (on every kind, so a
    definition that deploys on one kind deploys on all: see radius_components.routing)."""
    declared = {m.resource_name for m in app.members if getattr(m, "resource_type", "") == "Applications.Core/containers"}
    errors = []
    for index, route in enumerate(args.routes):
        if route.container in declared:
            errors.append(RadiusValidationError(
                label, f"routes[{index}].destination", route.destination,
                f"Container '{route.container}' is already declared; on several kinds the gateway changes the routed "
                "container's own resources (ECS target registration, Cloud Run ingress, Container Apps and ACI routes), so the "
                "gateway must come first",
                f"declare Gateway '{name}' before Container '{route.container}' in the program"))
    raise_all(errors)
