"""A Gateway on Azure Container Apps: rule-based routing (an environment `httpRouteConfigs`).

Per gateway: one `Microsoft.App/managedEnvironments/httpRouteConfigs` (azure-native
`app.HttpRouteConfig`), a rule per route (prefix match, `prefixRewrite` for replace_prefix)
targeting the destination's container app, reached at `<route name>.<environment default
domain>` (https://learn.microsoft.com/azure/container-apps/rule-based-routing). A hostname
binds a custom domain to the route: with `tls.managed` a managed certificate of the
environment (its DNS validation record, a CNAME, must exist first), with
`tls.certificate_from` an existing certificate of the environment (its ARM ID).
Routed containers keep internal ingress (HTTP-only, `allowInsecure: false`): "A route can
target any container app in the same environment, regardless of the target app's individual
ingress setting ... a route can provide a public entry point that forwards requests to a
container app that uses internal ingress (external: false)" (rule-based routing, "Routing and
authorization model"). So a routed app is reachable from outside only through the route's
path rules, not on its own name. In an internal environment (`subnet_id`) the route's FQDN
itself is reachable from the virtual network only: put Application Gateway or Front Door in
front of the environment's static IP for a public entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import pulumi
import pulumi_azure_native as azure_native

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs
from ...names import dns_label
from ..azure import names as az
from ..base import GatewayDeployment

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway
    from ...routing import RouteTarget

_ENV_CERT = re.compile(r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.App/managedEnvironments/[^/]+/"
                       r"(certificates|managedCertificates)/[^/]+$", re.IGNORECASE)


def validate(label: str, app: str, name: str, args: GatewayArgs) -> None:
    errors: list[RadiusValidationError] = []
    if args.runtimes.get("aca"):
        errors.append(RadiusValidationError(label, "runtimes.aca", args.runtimes["aca"],
                                            "a Container Apps gateway has no settings", "remove it"))
    if args.tls is not None:
        if args.tls.minimum_protocol_version != "1.2":
            errors.append(RadiusValidationError(label, "tls.minimum_protocol_version", args.tls.minimum_protocol_version,
                                                "a Container Apps route has no minimum TLS version of its own (the "
                                                "environment serves TLS 1.2 and 1.3)", "use '1.2'"))
        if args.tls.certificate_from is not None and not _ENV_CERT.match(args.tls.certificate_from):
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                "not a certificate of a Container Apps environment",
                                                "give .../Microsoft.App/managedEnvironments/<env>/certificates/<name>"))
        if args.hostname is None or args.hostname.fully_qualified_hostname is None:
            errors.append(RadiusValidationError(label, "hostname", None,
                                                "the route's own name already has the environment's certificate; a "
                                                "certificate is bound to a custom domain",
                                                "set hostname.fully_qualified_hostname, or drop tls"))
    if route_name(app, name, args) is None:
        errors.append(RadiusValidationError(label, "name", name, "no letter or digit to build a route name from",
                                            "use a name with letters and digits"))
    raise_all(errors)


def route_name(app: str, name: str, args: GatewayArgs) -> Any:
    if args.hostname is not None and args.hostname.prefix is not None:
        return args.hostname.prefix
    return dns_label(app, name)


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    c = platform.compute
    app = gateway.application.resource_name
    name = gateway.resource_name
    if c.environment_id is not None:
        env_rg, env_name = az.parse_managed_environment(c.environment_id)  # type: ignore[misc]
    else:
        env_rg = platform.azure.resource_group_name
        env_name = az.container_app_name(platform.environment.resource_name, "env")
    opts = pulumi.ResourceOptions(parent=gateway, depends_on=[r for r in [getattr(platform, "managed_environment", None)] if r])
    rules = []
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        rule: dict[str, Any] = {
            "description": f"{route.path} -> {route.container}",
            "routes": [{"match": {"prefix": route.path}}],
            "targets": [{"container_app": az.container_app_name(app, route.container)}],
        }
        if route.replace_prefix is not None:
            rule["routes"][0]["action"] = {"prefix_rewrite": route.replace_prefix}
        rules.append(rule)
    resources: list[pulumi.Resource] = []
    properties: dict[str, Any] = {"rules": rules}
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    if host is not None:
        domain: dict[str, Any] = {"name": host, "binding_type": "Disabled"}
        if args.tls is not None and args.tls.managed:
            cert = azure_native.app.ManagedCertificate(
                f"{name}-certificate", environment_name=env_name, resource_group_name=env_rg,
                location=platform.app_location, properties={"subject_name": host, "domain_control_validation": "CNAME"},
                opts=opts)
            resources.append(cert)
            domain = {"name": host, "binding_type": "SniEnabled", "certificate_id": cert.id}
        elif args.tls is not None:
            domain = {"name": host, "binding_type": "SniEnabled", "certificate_id": args.tls.certificate_from}
        properties["custom_domains"] = [domain]
    pending = PendingRoutes(gateway=gateway,
                            waiting={az.container_app_name(app, r.container) for r in args.routes},
                            create=lambda apps: azure_native.app.HttpRouteConfig(
                                f"{name}-routes", environment_name=env_name, resource_group_name=env_rg,
                                http_route_name=route_name(app, name, args), properties=properties,
                                opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=apps))))
    # The route's FQDN is `<route name>.<environment default domain>`; known before the
    # route config exists (it is created once its target apps are).
    fqdn = pulumi.Output.concat(route_name(app, name, args), ".", platform.default_domain)
    scheme = "https" if (host is None or args.tls is not None) else "http"
    url = f"{scheme}://{host}" if host else pulumi.Output.concat("https://", fqdn)
    bindings = {(r.container, r.port): pending for r in args.routes}
    return GatewayDeployment(resources=resources, url=url, bindings=bindings,
                             outputs={"hostname": host, "route_fqdn": fqdn})


@dataclass
class PendingRoutes:
    """The route config of one gateway, registered when the last container app it targets
    is: Container Apps refuses a rule whose target app does not exist, and the gateway is
    declared before its containers (radius_components.routing)."""

    gateway: Any
    waiting: set[str]
    create: Callable[[list[pulumi.Resource]], pulumi.Resource]
    apps: list[pulumi.Resource] = field(default_factory=list)

    def arrived(self, container_app_name: str, container_app: pulumi.Resource) -> None:
        if container_app_name not in self.waiting:
            return
        self.waiting.discard(container_app_name)
        self.apps.append(container_app)
        if not self.waiting:
            self.gateway.native_resources.append(self.create(list(self.apps)))


def attach(targets: list["RouteTarget"], container_app_name: str, container_app: pulumi.Resource) -> None:
    """Tell each gateway routing here that this app exists (one call per gateway)."""
    for pending in {id(t.binding): t.binding for t in targets}.values():
        pending.arrived(container_app_name, container_app)
