"""A Gateway on Azure Container Apps: rule-based routing (an environment `httpRouteConfigs`).

Per gateway: one `Microsoft.App/managedEnvironments/httpRouteConfigs` (azure-native
`app.HttpRouteConfig`), a rule per route targeting the destination's container app, reached at
`<route name>.<environment default domain>` (https://learn.microsoft.com/azure/container-apps/rule-based-routing).

Paths keep segment semantics (a route to `/api` covers `/api` and `/api/...`, never `/apix`):
`pathSeparatedPrefix`, not `prefix`, which is a raw string prefix ("match on all prefix's. Not
exact", HttpRouteMatch). `replace_prefix="/"` is two matches, `path: /api` and `prefix: /api/`,
both rewritten to `/`: one `prefixRewrite` of `/api` to `/` turns `/api/users` into `//users`
(microsoft/azure-container-apps#1631; Envoy: "rewriting /prefix to / and /prefix/etc to /etc
cannot be done in a single Route", envoyproxy/envoy#3160).

A hostname binds a custom domain to the route: with `tls.managed` binding type `Auto` ("If you
set bindingType: Auto, you don't need a certificateId. Container Apps creates the certificate
for you", rule-based-routing-custom-domain): no ManagedCertificate resource, which the service
refuses before the hostname is bound (RequireCustomHostnameInEnvironment,
microsoft/azure-container-apps#1570). Issuance needs a `TXT asuid.<host>` record holding the
environment's `custom_domain_verification_id` (an Environment output), a CNAME of the host to
`route_fqdn`, and the environment reachable from the internet (so not with `subnet_id`). With
`tls.certificate_from`: an existing certificate of the environment (its ARM ID).

`internal` must match the environment (checked for a created one): an environment without
`subnet_id` is external and its routes are public, so `internal=True` is refused there; an
internal environment (`subnet_id`) has "no public endpoint" (Container Apps networking), so a
public gateway is refused there (put Application Gateway or Front Door in front of its static
IP). An internal environment gets a private DNS zone for its default domain (platform.py), so
the route's FQDN resolves in its virtual network.

Routed containers keep internal ingress (HTTP-only, `allowInsecure: false`): "A route can
target any container app in the same environment, regardless of the target app's individual
ingress setting" (rule-based routing, "Routing and authorization model").
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


def validate(label: str, app: str, name: str, args: GatewayArgs, compute: Any = None) -> None:
    errors: list[RadiusValidationError] = []
    # Only a created environment's exposure is known here (an existing one, environment_id,
    # is whatever it was created as).
    created = compute is not None and compute.environment_id is None
    internal_env = created and compute.subnet_id is not None
    if created and args.internal and not internal_env:
        errors.append(RadiusValidationError(
            label, "internal", True,
            "the environment has no subnet_id, so it is external and every route config in it is public",
            "give the Environment compute.subnet_id (an internal environment), or set internal=False"))
    if internal_env and not args.internal:
        errors.append(RadiusValidationError(
            label, "internal", False,
            "the environment is internal (compute.subnet_id): it has no public endpoint, so the route is reachable "
            "only from its virtual network",
            "set internal=True, and for a public entry point put Application Gateway or Front Door in front of the "
            "environment's static IP"))
    if internal_env and args.tls is not None and args.tls.managed:
        errors.append(RadiusValidationError(
            label, "tls.managed", True,
            "a managed certificate is issued only to an app reachable from the internet (DigiCert validates it), "
            "and an internal environment has no public endpoint",
            "bring your own certificate (tls.certificate_from), or use an environment without subnet_id"))
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


def route_rule(route: Any, container_app: Any) -> dict[str, Any]:
    """One rule: the route's matches (segment semantics, see the module docstring) to its app."""
    rewrite = route.replace_prefix
    if route.path == "/" and rewrite is not None and rewrite != "/":
        rewrite = rewrite.rstrip("/") + "/"  # `/` -> `/v2/`: `/users` becomes `/v2/users`
    if route.path == "/":
        matches = [{"match": {"prefix": "/"}}]
    elif rewrite == "/":
        matches = [{"match": {"path": route.path}}, {"match": {"prefix": route.path + "/"}}]
    else:
        matches = [{"match": {"path_separated_prefix": route.path}}]
    if rewrite is not None:
        for m in matches:
            m["action"] = {"prefix_rewrite": rewrite}
    return {"description": f"{route.path} -> {route.container}", "routes": matches,
            "targets": [{"container_app": container_app}]}


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
    rules = [route_rule(route, az.container_app_name(app, route.container))
             for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path))]
    resources: list[pulumi.Resource] = []
    properties: dict[str, Any] = {"rules": rules}
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    if host is not None:
        domain: dict[str, Any] = {"name": host, "binding_type": "Disabled"}
        if args.tls is not None and args.tls.managed:
            # Container Apps issues and binds the certificate once the route holds the hostname.
            domain = {"name": host, "binding_type": "Auto"}
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
