"""`Gateway`: public HTTP ingress for an application (Radius's `Applications.Core/gateways`)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import pulumi

from ...application import Application
from ...arguments import parse_component_arguments
from ...claims import Claim, claim_names
from ...component import RadiusComponent
from ...connections import ConnectionValue, property_key
from ...declarations import declared_kinds
from ...expansion import ExpandsWithTheApplication, deferred_output
from ...platforms import GatewayDeployment
from ...routing import RouteTarget, add_route_targets
from .args import GatewayArgs
from .declaration import TYPE
from .destinations import check_declared_first, check_destinations, resolve_destinations
from ...program import expands_at_once, records_errors


class Gateway(ExpandsWithTheApplication, RadiusComponent):
    """A public (or, with `internal=True`, private) entry point that routes path prefixes to
    containers of its application, on every compute kind.

    Declare it before or after the containers it routes to: a route's `destination` is the
    Container (its only port), `{"container": c, "port": "<name or number>"}`, or Radius's
    `http://<container>:<port>`. Outputs: `url` (the gateway's URL; a connection to the
    gateway gives it as CONNECTION_<NAME>_URL), `hostname`, plus the platform's own.

    :param name: the resource's name in the application (its Pulumi name; platform names derive from it).
    :param application: the `rad.Application` it belongs to.
    :param routes: path prefix -> destination (a Container, `{container, port}` or `http://<container>:<port>`), optional `replace_prefix`; at least one.
    :param hostname: `{fully_qualified_hostname: ...}` or `{prefix: ...}`; default: the platform's address.
    :param tls: `{certificate_from: ...}` (a certificate the platform holds) or `{managed: True}`, and `minimum_protocol_version`.
    :param internal: True: reachable only from the environment's network.
    :param runtimes: per-kind gateway settings (`{kind: {...}}`); blocks of other kinds are ignored.
    :param opts: Pulumi resource options for the component.
    """

    resource_type = TYPE.radius_type
    expansion_order = 0  # before the containers: its routes change their resources

    # The outputs (tests/features check them against TYPE): the URL, and the platform's own.
    url: pulumi.Output[Optional[str]]
    hostname: pulumi.Output[Optional[str]]

    @records_errors
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
        if isinstance(application, Application):
            routes = resolve_destinations(label, application, routes)
        args = parse_component_arguments(label, application, GatewayArgs, {"routes": routes, "internal": internal},
                                         {"hostname": hostname, "tls": tls, "runtimes": runtimes}, "this gateway")
        environment = application.environment
        platform = environment.platform
        platform.validate_gateway(label, application, name, args)

        self.resource_name = name
        self.application = application
        self.args = args
        self._label = label
        self._check_now()
        self.radius_qualified_type = claim_names(label, Claim("Gateway", name, application.resource_name),
                                                 "radius:index:Gateway", opts, environment.native_names)
        program = self._register_in_program("radius:index:Gateway", name, opts)
        self._platform_outputs = _declared_output_names(environment.kind)
        self._outputs: Optional[dict[str, Any]] = None
        application._add(self)
        self._wait_for_application(program)
        for key in ("url", *self._platform_outputs):
            setattr(self, key, deferred_output_of(self, key))

    def _check_declared(self) -> None:
        if expands_at_once():
            check_declared_first(self._label, self.resource_name, self.application, self.args.routes)
        else:
            check_destinations(self._label, self.resource_name, self.application, self.args.routes)

    def _expand(self) -> None:
        platform = self.application.environment.platform
        self.gateway_deployment: GatewayDeployment = platform.deploy_gateway(self, self.args)
        self.native_resources = list(self.gateway_deployment.resources)
        targets = []
        for (container, port), binding in sorted(self.gateway_deployment.bindings.items(), key=lambda kv: kv[0]):
            paths = tuple(r.path for r in self.args.routes if (r.container, r.port) == (container, port))
            targets.append(RouteTarget(self, container, port, paths, binding))
        add_route_targets(self.application, targets)
        outputs = {"url": self.gateway_deployment.url, **self.gateway_deployment.outputs}
        self._outputs = outputs
        self.register_outputs(outputs)

    def _native_resources(self) -> list[pulumi.Resource]:
        # Read when the gateway's resources are created: a gateway created once its routed
        # containers exist (aci, aca) appends itself to the list as they expand.
        return list(self.native_resources)

    @property
    def graph_routes(self) -> list[dict[str, str]]:
        """The routes as graph edges (gateway -> container), for radius_components.graph."""
        return [{"name": r.path, "target": r.container, "type": "Applications.Core/containers"}
                for r in self.args.routes]

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        return {property_key(f.name): ConnectionValue(getattr(self, f.name), secret=f.secret) for f in TYPE.fields}



def deferred_output_of(gateway: "Gateway", key: str) -> pulumi.Output[Any]:
    return deferred_output(gateway._expanded, lambda: (gateway._outputs or {}).get(key))


def _declared_output_names(kind: str) -> tuple[str, ...]:
    """The gateway outputs every kind has (`hostname`) and those `kind` declares."""
    declared = declared_kinds().get(kind)
    own = [o.name for o in declared.outputs if o.component == "Gateway"] if declared is not None else []
    return tuple(dict.fromkeys([o.name for o in TYPE.outputs] + own))
