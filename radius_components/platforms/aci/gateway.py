"""A Gateway on Azure Container Instances: Application Gateway v2, as built by hand.

ACI has no ingress of its own (a container group in a virtual network has only a private
IP), so a public entry point is an Application Gateway (Standard_v2, autoscaling 0-2 by
default) in a subnet of its own (https://learn.microsoft.com/azure/container-instances/container-instances-application-gateway):
the environment's `gateways` subnet (created with the network), or `compute.gateway_subnet_id`
(a dedicated, empty subnet of the containers' network) with your own network. It has a
Standard static public IP (DNS label: hostname.prefix, else `<env>-<app>-<gateway>-<hash>`), a
backend pool per destination holding the container's private DNS name
`<app>-<container>.<zone>` (Application Gateway resolves it through the zone linked to the
network; the gateway is registered once those records are), an HTTP listener on 80 (with
TLS: 443 with the Key Vault certificate, and 80 redirecting to it), path-based routing with
a path rule per route and a URL rewrite for replace_prefix (only `/`: a Basic rule).

TLS: `tls.certificate_from` is a Key Vault secret ID (https://<vault>.vault.azure.net/secrets/<name>)
and `runtimes.aci.key_vault_id` the vault's ARM ID: the gateway gets a user-assigned identity
with Key Vault Secrets User on exactly that secret. `internal=True` (a private-only
Application Gateway is a preview feature) and `tls.managed` (Application Gateway issues no
certificates) are errors. `runtimes.aci`: `key_vault_id`, `min_capacity`, `max_capacity`,
`probe_path`.

Health: each backend setting has a probe built from the routed container's httpGet readiness
probe (else its httpGet liveness probe): its path, its port (as the container group exposes
it), its period, timeout and failure threshold, the Host header from the backend settings.
Without one, Application Gateway's default probe asks for `/` and counts only 200-399 as
healthy ("Default health probe", learn.microsoft.com/azure/application-gateway/application-gateway-probe-overview),
so an API whose `/` answers 404 would be marked down and every request would get 502.
`runtimes.aci.probe_path` overrides the path for every backend of the gateway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import pulumi
import pulumi_azure_native as azure_native

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs, GatewayRoute
from ...names import dns_label, short_hash
from ..azure import iam
from . import address_plan
from ..azure import names as az
from ...routing import route_labels
from ..base import GatewayDeployment
from . import validate as kind_checks  # (this module has a validate() of its own)

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway
    from ...routing import RouteTarget

_KV_SECRET = re.compile(r"^https://[a-z0-9-]+\.vault\.azure\.(net|cn|us)/secrets/[A-Za-z0-9-]+(/[0-9a-f]{32})?$")
_KV_ID = re.compile(r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/[^/]+$", re.IGNORECASE)
_RUNTIME_KEYS = {"key_vault_id", "min_capacity", "max_capacity", "probe_path"}
# Predefined policies (https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview):
# AppGwSslPolicy20220101S has TLS 1.2 as its minimum; TLS 1.3 only is a CustomV2 policy.
SSL_POLICIES = {"1.2": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"},
                "1.3": {"policyType": "CustomV2", "minProtocolVersion": "TLSv1_3"}}


def validate(label: str, compute: Any, args: GatewayArgs) -> None:
    errors: list[RadiusValidationError] = []
    rt = args.runtime("aci")
    for key in sorted(set(rt) - _RUNTIME_KEYS):
        errors.append(RadiusValidationError(label, f"runtimes.aci.{key}", rt[key], "not an ACI gateway setting",
                                            f"use one of {sorted(_RUNTIME_KEYS)}"))
    if compute.subnet_id is None and compute.gateway_subnet_id is None:
        problem = address_plan.plan(label, compute).gateway_problem
        if problem is not None:
            errors.append(RadiusValidationError(
                label, "application.environment.compute.gateway_subnet_prefix", None,
                f"Application Gateway needs a dedicated subnet, and {problem}",
                "give AciCompute gateway_subnet_prefix (a free range inside address_space, /24 recommended), "
                "or a larger address_space"))
    errors += kind_checks.gateway_runtime_errors(label, rt)  # Application Gateway v2's autoscale bounds
    if compute.subnet_id is not None and compute.gateway_subnet_id is None:
        errors.append(RadiusValidationError(label, "application.environment.compute.gateway_subnet_id", None,
                                            "Application Gateway needs a dedicated subnet, and the environment uses your "
                                            "network", "set gateway_subnet_id on AciCompute (an empty subnet of the "
                                            "containers' virtual network, /24 recommended)"))
    if args.internal:
        errors.append(RadiusValidationError(label, "internal", True,
                                            "a private-only Application Gateway v2 is a preview feature (network isolation)",
                                            "reach the containers through connections from inside the network"))
    if args.tls is not None:
        if args.tls.managed:
            errors.append(RadiusValidationError(label, "tls.managed", True, "Application Gateway issues no certificates",
                                                "put the certificate in Key Vault and give its secret ID in tls.certificate_from"))
        else:
            if not _KV_SECRET.match(args.tls.certificate_from or ""):
                errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                    "not a Key Vault secret ID",
                                                    "give https://<vault>.vault.azure.net/secrets/<certificate name>"))
            if not _KV_ID.match(str(rt.get("key_vault_id") or "")):
                errors.append(RadiusValidationError(label, "runtimes.aci.key_vault_id", rt.get("key_vault_id"),
                                                    "the gateway's identity is granted the certificate's secret in this vault",
                                                    "give the vault's ARM ID (/subscriptions/.../providers/Microsoft.KeyVault/vaults/<name>)"))
    raise_all(errors)


def _rewrite_set(route: GatewayRoute, name: str) -> dict[str, Any]:
    """Replace the route's prefix: capture the rest of the path, rebuild it after the new prefix."""
    prefix = "" if route.path == "/" else re.escape(route.path)
    new = route.replace_prefix or "/"
    path = "/{var_uri_path_1}" if new == "/" else f"{new}" + "{var_uri_path_1}"
    pattern = f"^{prefix}/?(.*)$" if new == "/" else f"^{prefix}(/.*)?$"
    return {"name": name, "rewriteRules": [{
        "name": name, "ruleSequence": 100,
        "conditions": [{"variable": "var_uri_path", "pattern": pattern, "ignoreCase": False, "negate": False}],
        "actionSet": {"urlConfiguration": {"modifiedPath": path, "reroute": False}}}]}


def backend_probe(name: str, args: Any, port: int, override_path: Any = None) -> Any:
    """The Application Gateway probe for a backend (`args`: the routed container's ContainerArgs,
    `port`: the port the gateway sends to); None when the container has no httpGet probe and
    no override path is given (the gateway then probes `/`)."""
    c = args.container
    probe = next((p for p in (c.readiness_probe, c.liveness_probe) if p is not None and p.kind == "httpGet"), None)
    if probe is None and override_path is None:
        return None
    result: dict[str, Any] = {
        "name": name, "protocol": "Http", "path": override_path or (probe.path if probe else None) or "/",
        "pickHostNameFromBackendHttpSettings": True, "match": {"statusCodes": ["200-399"]},
        "interval": (probe.period_seconds if probe else None) or 10,
        "timeout": (probe.timeout_seconds if probe else None) or 30,
        "unhealthyThreshold": (probe.failure_threshold if probe else None) or 3,
    }
    if probe is not None and probe.container_port is not None:
        # The probe's container port, as the group (or its load balancer) exposes it.
        exposed = next((p.exposed_port for p in c.ports.values() if p.container_port == probe.container_port), None)
        if exposed is not None and exposed != port:
            result["port"] = exposed
    return result


def default_dns_label(subscription: str, env: str, resource_group: str, app: str, name: str) -> str:
    """The public IP's DNS label when hostname.prefix is not given.

    `<label>.<region>.cloudapp.azure.com` is unique in the region across every Azure customer
    ("the domain name label ... must be unique within the Azure location", Public IP
    addresses, https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label),
    so `<env>-<app>-<gateway>` alone would be taken by the first subscription that deploys
    the program with stock names: a hash of the subscription and resource group keeps it
    deterministic per subscription and apart from everyone else's. (domainNameLabelScope
    would do the same with a hash Azure computes, but the REST reference does not say an
    existing address may take it in place, and the FQDN would not be known before `up`; a
    label of our own is a documented in-place change of existing addresses.) The label must
    start with a letter
    (^[a-z][a-z0-9-]{1,61}[a-z0-9]$).
    """
    suffix = short_hash(f"{subscription}/{resource_group}/{env}/{app}/{name}")
    base = dns_label(env, app, name, max_length=63 - len(suffix) - 2) or "gateway"
    return f"{base}-{suffix}" if base[0].isalpha() else f"g{base}-{suffix}"


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    ctx, c = platform.azure, platform.compute
    env = platform.environment.resource_name
    app = gateway.application.resource_name
    name = gateway.resource_name
    rt = args.runtime("aci")
    rg = ctx.resource_group_name
    opts = pulumi.ResourceOptions(parent=gateway)
    tags = ctx.tags(app, name)
    gw_name = az.aci_name(env, app, name) or "gateway"
    label: Any = args.hostname.prefix if args.hostname and args.hostname.prefix else None
    if label is None:
        label = pulumi.Output.from_input(ctx.subscription_id).apply(
            lambda subscription: default_dns_label(subscription, env, str(c.resource_group), app, name))
    resources: list[pulumi.Resource] = []

    ip = azure_native.network.PublicIPAddress(
        f"{name}-ip", public_ip_address_name=f"{gw_name}-ip", resource_group_name=rg, location=c.location,
        sku={"name": "Standard", "tier": "Regional"}, public_ip_allocation_method="Static",
        public_ip_address_version="IPv4", dns_settings={"domainNameLabel": label}, tags=tags, opts=opts)
    resources.append(ip)

    def sub(kind: str, item: str) -> Any:
        return pulumi.Output.concat("/subscriptions/", ctx.subscription_id, "/resourceGroups/", rg,
                                    "/providers/Microsoft.Network/applicationGateways/", gw_name, f"/{kind}/{item}")

    destinations = sorted({(r.container, r.port) for r in args.routes})
    pool = {d: f"{d[0]}-{d[1]}" for d in destinations}
    pools = [{"name": pool[d], "backendAddresses": [{"fqdn": f"{az.aci_name(app, d[0])}.{platform.zone_name}"}]}
             for d in destinations]
    # The backend is plain HTTP inside the network; the Host header is the container's name.
    settings = [{"name": pool[d], "port": d[1], "protocol": "Http", "cookieBasedAffinity": "Disabled",
                 "requestTimeout": 30, "pickHostNameFromBackendAddress": True} for d in destinations]
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    listener_port = "https" if args.tls is not None else "http"
    listeners: list[dict[str, Any]] = [{
        "name": listener_port, "protocol": "Https" if args.tls is not None else "Http",
        "frontendIPConfiguration": {"id": sub("frontendIPConfigurations", "public")},
        "frontendPort": {"id": sub("frontendPorts", listener_port)}}]
    if host:
        listeners[0]["hostName"] = host
    ports = [{"name": "http", "port": 80}]
    extra: dict[str, Any] = {}
    rules: list[dict[str, Any]] = []
    if args.tls is not None:
        ports.append({"name": "https", "port": 443})
        listeners[0]["sslCertificate"] = {"id": sub("sslCertificates", "tls")}
        listeners.append({"name": "http", "protocol": "Http", "frontendPort": {"id": sub("frontendPorts", "http")},
                          "frontendIPConfiguration": {"id": sub("frontendIPConfigurations", "public")},
                          **({"hostName": host} if host else {})})
        extra["redirect_configurations"] = [{"name": "to-https", "redirectType": "Permanent", "includePath": True,
                                             "includeQueryString": True,
                                             "targetListener": {"id": sub("httpListeners", "https")}}]
        rules.append({"name": "to-https", "ruleType": "Basic", "priority": 200,
                      "httpListener": {"id": sub("httpListeners", "http")},
                      "redirectConfiguration": {"id": sub("redirectConfigurations", "to-https")}})
        identity = iam.user_assigned_identity(f"{name}-identity", f"{gw_name}-id", rg, c.location, tags, opts)
        secret_name = args.tls.certificate_from.rstrip("/").split("/secrets/")[1].split("/")[0]  # type: ignore[union-attr]
        grant = iam.role_assignment(
            f"{name}-certificate-reader", key=(env, str(c.resource_group), app, name, "certificate"),
            scope=f"{rt['key_vault_id']}/secrets/{secret_name}", role_guid=iam.BUILTIN_ROLES["Key Vault Secrets User"],
            principal_id=identity.principal_id, subscription_id=ctx.subscription_id, opts=opts)
        resources += [identity, grant]
        extra["identity"] = {"type": "UserAssigned", "userAssignedIdentities": [identity.id]}
        extra["ssl_certificates"] = [{"name": "tls", "keyVaultSecretId": args.tls.certificate_from}]
        extra["ssl_policy"] = SSL_POLICIES[args.tls.minimum_protocol_version]
        waits: list[pulumi.Resource] = [grant]
    else:
        waits = []

    root = next((r for r in args.routes if r.path == "/"), args.routes[0])
    rewrites = []
    path_rules = []
    keys = route_labels([r.path for r in args.routes])
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        if route.path == "/" and route.replace_prefix is None:
            continue  # the map's default
        rule_name = f"route-{keys[route.path]}"
        path_rule: dict[str, Any] = {
            "name": rule_name, "paths": ["/*"] if route.path == "/" else [route.path, f"{route.path}/*"],
            "backendAddressPool": {"id": sub("backendAddressPools", pool[(route.container, route.port)])},
            "backendHttpSettings": {"id": sub("backendHttpSettingsCollection", pool[(route.container, route.port)])}}
        if route.replace_prefix is not None:
            rewrites.append(_rewrite_set(route, rule_name))
            path_rule["rewriteRuleSet"] = {"id": sub("rewriteRuleSets", rule_name)}
        path_rules.append(path_rule)
    root_key = (root.container, root.port)
    if path_rules:
        url_maps = [{"name": "routes", "defaultBackendAddressPool": {"id": sub("backendAddressPools", pool[root_key])},
                     "defaultBackendHttpSettings": {"id": sub("backendHttpSettingsCollection", pool[root_key])},
                     "pathRules": path_rules}]
        routing: dict[str, Any] = {"ruleType": "PathBasedRouting", "urlPathMap": {"id": sub("urlPathMaps", "routes")}}
    else:
        # Only `/`: a Basic rule straight to the backend. A path map needs at least one path
        # rule (ApplicationGatewayUrlPathMap.pathRules; azurerm's url_path_map.path_rule is
        # "one or more"), so a PathBasedRouting rule over an empty map is refused.
        url_maps = []
        routing = {"ruleType": "Basic", "backendAddressPool": {"id": sub("backendAddressPools", pool[root_key])},
                   "backendHttpSettings": {"id": sub("backendHttpSettingsCollection", pool[root_key])}}
    # Every rule has a priority: from API 2021-08-01 on (azure-native v3 uses a later one) a
    # v2 gateway refuses request routing rules without one ("Rule priority",
    # https://learn.microsoft.com/azure/application-gateway/configuration-request-routing-rules).
    rules.insert(0, {"name": "routes", "priority": 100, "httpListener": {"id": sub("httpListeners", listener_port)},
                     **routing})
    if rewrites:
        extra["rewrite_rule_sets"] = rewrites
    subnet_id = c.gateway_subnet_id or platform.gateway_subnet_id

    def create(arrived: list[pulumi.Resource], containers: dict[str, Any]) -> pulumi.Resource:
        probes, backend_settings = [], [dict(x) for x in settings]
        for d in destinations:
            probe = backend_probe(pool[d], containers[d[0]], d[1], rt.get("probe_path"))
            if probe is None:
                pulumi.log.warn(
                    f"Gateway '{name}': container '{d[0]}' has no httpGet readiness or liveness probe, so Application "
                    "Gateway probes '/' on it and marks it down unless '/' answers 200-399 (then its routes answer 502); "
                    "give it a readiness_probe, or set runtimes.aci.probe_path", resource=gateway)
                continue
            probes.append(probe)
            next(x for x in backend_settings if x["name"] == pool[d])["probe"] = {"id": sub("probes", pool[d])}
        return azure_native.network.ApplicationGateway(
            f"{name}-appgw", application_gateway_name=gw_name, resource_group_name=rg, location=c.location,
            sku={"name": "Standard_v2", "tier": "Standard_v2"},
            autoscale_configuration={"minCapacity": int(rt.get("min_capacity", 0)),
                                     "maxCapacity": int(rt.get("max_capacity", 2))},
            gateway_ip_configurations=[{"name": "gateway", "subnet": {"id": subnet_id}}],
            frontend_ip_configurations=[{"name": "public", "publicIPAddress": {"id": ip.id}}],
            frontend_ports=ports, backend_address_pools=pools, backend_http_settings_collection=backend_settings,
            http_listeners=listeners, request_routing_rules=rules, **({"url_path_maps": url_maps} if url_maps else {}),
            **({"probes": probes} if probes else {}),
            tags=tags,
            # An Application Gateway moves "across subnets within the same virtual network only"
            # (Application Gateway FAQ, "Can I change the virtual network or subnet for an existing
            # application gateway?"): when the environment's network moves (a changed
            # address_space, platform.py), it is replaced, deleting first (its name is fixed).
            opts=pulumi.ResourceOptions(parent=gateway, depends_on=waits + arrived,
                                        replace_on_changes=["gatewayIPConfigurations"], delete_before_replace=True),
            **extra)

    pending = PendingGateway(gateway=gateway, waiting={d[0] for d in destinations}, create=create)

    scheme = "https" if args.tls is not None else "http"
    fqdn = ip.dns_settings.apply(lambda d: getattr(d, "fqdn", None) if d is not None else None)
    url = f"{scheme}://{host}" if host else fqdn.apply(lambda f: f"{scheme}://{f}" if f else None)
    # The gateway's ARM ID is known before it is created (it is registered when its last
    # destination is), so the output does not wait for the containers.
    appgw_id = pulumi.Output.concat("/subscriptions/", ctx.subscription_id, "/resourceGroups/", rg,
                                    "/providers/Microsoft.Network/applicationGateways/", gw_name)
    return GatewayDeployment(resources=resources, url=url,
                             bindings={d: pending for d in destinations},
                             outputs={"hostname": host or fqdn, "public_ip_address": ip.ip_address,
                                      "application_gateway_id": appgw_id})


@dataclass
class PendingGateway:
    """The Application Gateway of one rad.Gateway, registered when the last container it
    routes to has its private DNS record: its backend pools hold those names as plain FQDNs,
    so without the wait Azure creates the gateway first, its probes get NXDOMAIN and it
    answers 502 until the next probe after the records appear. The gateway is declared before
    its containers (radius_components.routing), hence the deferral (as aca's PendingRoutes)."""

    gateway: Any
    waiting: set[str]
    create: Callable[[list[pulumi.Resource], dict[str, Any]], pulumi.Resource]
    arrived: list[pulumi.Resource] = field(default_factory=list)
    containers: dict[str, Any] = field(default_factory=dict)  # name -> its ContainerArgs (the probes)

    def arrive(self, container: str, ready: list[pulumi.Resource], args: Any) -> None:
        if container not in self.waiting:
            return
        self.waiting.discard(container)
        self.arrived.extend(ready)
        self.containers[container] = args
        if not self.waiting:
            self.gateway.native_resources.append(self.create(list(self.arrived), dict(self.containers)))


def attach(targets: list["RouteTarget"], container: str, ready: list[pulumi.Resource], args: Any) -> None:
    """Tell each gateway routing to `container` that its name resolves once `ready` exist
    (`args`: its ContainerArgs, whose probes become the gateway's health probes)."""
    for pending in {id(t.binding): t.binding for t in targets}.values():
        if isinstance(pending, PendingGateway):
            pending.arrive(container, ready, args)
