"""A Gateway on Cloud Run.

- One route, `/` to one service, no hostname, no TLS settings: the service's own URL
  (`https://<service>-<project number>.<region>.run.app`). The service admits traffic from
  the internet (`ingress: INGRESS_TRAFFIC_ALL`) and `allUsers` may invoke it.
- Anything else (several routes, a path, a rewrite, a hostname): a global external
  Application Load Balancer, as built by hand
  (https://cloud.google.com/load-balancing/docs/https/setup-global-ext-https-serverless):
  a global address, a serverless NEG and a backend service per routed service, a URL map
  with route rules per route (see `route_rules`), an
  HTTP proxy and forwarding rule on 80, or with TLS an HTTPS proxy (Google-managed
  certificate for the hostname, or yours) on 443, an SSL policy for the minimum version, and
  an HTTP-to-HTTPS redirect on 80. Routed services admit only internal and load-balancer
  traffic (`INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`: an `INTERNAL_ONLY` service cannot be
  reached through an external ALB, https://cloud.google.com/run/docs/securing/ingress), and
  `allUsers` may invoke exactly the routed services (the ALB sends no identity).

`internal=True` (an internal ALB, which needs a proxy-only subnet) is not built: an error.

Serverless NEG backends have no health checks (Google: "Health checks aren't supported for
serverless NEG backends"); what routes traffic to a revision is Cloud Run's own startup probe,
which is the container's readiness probe (template.py).

Names a replacement needs free: a Google-managed certificate cannot be updated
(compute v1 sslCertificates: insert/delete/get/list only), so a new hostname replaces it; its
name carries a hash of its domains, so Pulumi creates the new one first, moves the HTTPS
proxy to it, then deletes the old one (a delete first would be refused:
resourceInUseByAnotherResource).

Every load balancer resource but the NEGs is global to the project, so its name carries the
region's tag (names.regional): one program's environment in two regions of a project builds two
load balancers, not one 409 alreadyExists. An existing stack's resources keep the names they were
created with (names.keep_name; the certificate through its alias, `_global_name`'s caller).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_gcp as gcp

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs
from ...names import dns_label, short_hash
from ..base import GatewayDeployment
from .names import NETWORK_NAME_MAX, keep_name, regional, service_name

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway
    from ...routing import RouteTarget

INGRESS_ALL = "INGRESS_TRAFFIC_ALL"
INGRESS_LOAD_BALANCER = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
ALL_USERS = "allUsers"
RUN_INVOKER = "roles/run.invoker"
_SSL_CERT = re.compile(r"^(projects/[^/]+/global/sslCertificates/[a-z]([-a-z0-9]*[a-z0-9])?|https://.+)$")
TLS_VERSIONS = {"1.2": "TLS_1_2", "1.3": "TLS_1_3"}
# "When set to TLS_1_3, the profile field must be set to RESTRICTED" (Compute API
# SslPolicy.minTlsVersion; pulumi-gcp compute.SSLPolicy `min_tls_version`). MODERN otherwise.
SSL_PROFILES = {"1.2": "MODERN", "1.3": "RESTRICTED"}
# URL map paths are at most 1024 characters (Compute API PathMatcher, route rule matches).
MAX_PATH = 1024


@dataclass(frozen=True)
class ServiceBinding:
    """What a routed Cloud Run service must allow: its ingress setting."""

    ingress: str


def uses_load_balancer(args: GatewayArgs) -> bool:
    route = args.routes[0]
    return not (len(args.routes) == 1 and route.path == "/" and route.replace_prefix is None
                and args.hostname is None and args.tls is None)


def validate(label: str, env: str, app: str, args: GatewayArgs) -> None:
    errors: list[RadiusValidationError] = []
    if args.runtimes.get("cloudrun"):
        errors.append(RadiusValidationError(label, "runtimes.cloudrun", args.runtimes["cloudrun"],
                                            "a Cloud Run gateway has no settings", "remove it"))
    if args.internal:
        errors.append(RadiusValidationError(label, "internal", True,
                                            "a private gateway on Cloud Run is an internal Application Load Balancer, "
                                            "which needs a proxy-only subnet; not built by this library",
                                            "route callers in the VPC to the services directly (connections), or build the "
                                            "internal ALB by hand"))
    if args.hostname is not None and args.hostname.prefix is not None:
        errors.append(RadiusValidationError(label, "hostname.prefix", args.hostname.prefix,
                                            "a load balancer has no domain of its own to put a prefix in front of",
                                            "give hostname.fully_qualified_hostname (an A record to the gateway's address)"))
    if args.tls is not None:
        if args.tls.certificate_from is not None and not _SSL_CERT.match(args.tls.certificate_from):
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                "not a Compute Engine SSL certificate",
                                                "give projects/<project>/global/sslCertificates/<name>, or managed=True"))
    for i, route in enumerate(args.routes):
        service_name(label, env, app, route.container)
        if len(route.path) + 1 > MAX_PATH:
            errors.append(RadiusValidationError(label, f"routes[{i}].path", route.path,
                                                f"a URL map match holds at most {MAX_PATH} characters",
                                                "use a shorter path prefix"))
    raise_all(errors)


def _name(*parts: str) -> str:
    # Compute Engine names: [a-z]([-a-z0-9]{0,61}[a-z0-9])?
    name = dns_label(*parts) or "radius"
    return name if name[0].isalpha() else dns_label("gw", name) or "radius"


def _global_name(region: str, *parts: str) -> str:
    """A load balancer resource's name: global to the project (Compute Engine global resources:
    URL maps, backend services, proxies, global forwarding rules, SSL policies, SSL certificates,
    global addresses), so it carries the region's tag (names.regional, review R-GCP-3) within the
    63 characters Compute Engine allows, starting with a letter like `_name`."""
    return regional(_name(*parts), region, NETWORK_NAME_MAX)


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    env = platform.environment.resource_name
    app = gateway.application.resource_name
    name = gateway.resource_name
    project, region = platform.project, platform.region
    services = {(r.container, r.port): service_name("", env, app, r.container) for r in args.routes}
    if not uses_load_balancer(args):
        route = args.routes[0]
        host = pulumi.Output.format("{0}-{1}.{2}.run.app", services[(route.container, route.port)],
                                    platform.project_number, region)
        return GatewayDeployment(url=pulumi.Output.concat("https://", host), outputs={"hostname": host},
                                 bindings={k: ServiceBinding(INGRESS_ALL) for k in services})

    opts = platform.child_options(gateway)
    # Names that gained the region tag keep the name an existing stack's resource has
    # (names.keep_name: no replacement on upgrade); new resources get the tagged name.
    kept = pulumi.ResourceOptions.merge(opts, keep_name("name"))
    base = _name(env, app, name)
    resources: list[pulumi.Resource] = []
    address = gcp.compute.GlobalAddress(f"{name}-address", project=project, name=_global_name(region, base, "ip"),
                                        address_type="EXTERNAL", ip_version="IPV4", opts=kept)
    resources.append(address)
    backends: dict[tuple[str, int], gcp.compute.BackendService] = {}
    for key, service in services.items():
        neg = gcp.compute.RegionNetworkEndpointGroup(
            f"{name}-{key[0]}-neg", project=project, region=region, name=_name(base, key[0], "neg"),
            network_endpoint_type="SERVERLESS", cloud_run={"service": service}, opts=opts)
        backend = gcp.compute.BackendService(
            f"{name}-{key[0]}-backend", project=project, name=_global_name(region, base, key[0]),
            load_balancing_scheme="EXTERNAL_MANAGED", protocol="HTTPS", backends=[{"group": neg.id}], opts=kept)
        backends[key] = backend
        resources += [neg, backend]

    root = next((r for r in args.routes if r.path == "/"), args.routes[0])
    rules = route_rules(args.routes, {k: b.id for k, b in backends.items()})
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    # Paths no route covers go to the '/' route's container, else the first route's (a URL
    # map must have a default service).
    url_map = gcp.compute.URLMap(
        f"{name}-urlmap", project=project, name=_global_name(region, base), default_service=backends[(root.container, root.port)].id,
        host_rules=[{"hosts": [host or "*"], "path_matcher": "routes"}],
        path_matchers=[{"name": "routes", "default_service": backends[(root.container, root.port)].id,
                        "route_rules": rules}], opts=kept)
    resources.append(url_map)

    if args.tls is not None:
        if args.tls.managed:
            # Its domains are in its name: a new hostname creates a new certificate first (the
            # old one goes once the proxy left it). Its logical name carries the hostname too, so
            # the name kept for an existing stack (keep_name) is only ever that hostname's: a new
            # hostname is a new resource with the new, region-tagged name, not a replacement made
            # under the ignored old name (which would collide with itself: 409 alreadyExists).
            # The alias is the logical name it had before, so an existing stack's certificate
            # (being provisioned takes Google up to an hour) is adopted as it is, not recreated.
            host_tag = short_hash(str(host), 8)
            cert = gcp.compute.ManagedSslCertificate(
                f"{name}-certificate-{host_tag}", project=project, name=_global_name(region, base, "cert", host_tag),
                managed={"domains": [host]}, opts=pulumi.ResourceOptions.merge(kept, pulumi.ResourceOptions(
                    aliases=[pulumi.Alias(name=f"{name}-certificate")])))
            resources.append(cert)
            certificates: list[Any] = [cert.id]
        else:
            certificates = [args.tls.certificate_from]
        policy = gcp.compute.SSLPolicy(f"{name}-ssl-policy", project=project, name=_global_name(region, base, "tls"),
                                       profile=SSL_PROFILES[args.tls.minimum_protocol_version],
                                       min_tls_version=TLS_VERSIONS[args.tls.minimum_protocol_version], opts=kept)
        proxy = gcp.compute.TargetHttpsProxy(f"{name}-https-proxy", project=project, name=_global_name(region, base, "https"),
                                             url_map=url_map.id, ssl_certificates=certificates, ssl_policy=policy.id,
                                             opts=kept)
        rule_https = gcp.compute.GlobalForwardingRule(
            f"{name}-https", project=project, name=_global_name(region, base, "https"), target=proxy.id,
            ip_address=address.id, port_range="443", ip_protocol="TCP", load_balancing_scheme="EXTERNAL_MANAGED",
            opts=kept)
        redirect = gcp.compute.URLMap(f"{name}-redirect", project=project, name=_global_name(region, base, "redirect"),
                                      default_url_redirect={"https_redirect": True, "strip_query": False,
                                                            "redirect_response_code": "MOVED_PERMANENTLY_DEFAULT"},
                                      opts=kept)
        http_proxy = gcp.compute.TargetHttpProxy(f"{name}-http-proxy", project=project,
                                                 name=_global_name(region, base, "http"), url_map=redirect.id, opts=kept)
        resources += [policy, proxy, rule_https, redirect, http_proxy]
    else:
        http_proxy = gcp.compute.TargetHttpProxy(f"{name}-http-proxy", project=project,
                                                 name=_global_name(region, base, "http"), url_map=url_map.id, opts=kept)
        resources.append(http_proxy)
    rule_http = gcp.compute.GlobalForwardingRule(
        f"{name}-http", project=project, name=_global_name(region, base, "http"), target=http_proxy.id,
        ip_address=address.id, port_range="80", ip_protocol="TCP", load_balancing_scheme="EXTERNAL_MANAGED", opts=kept)
    resources.append(rule_http)

    scheme = "https" if args.tls is not None else "http"
    url = f"{scheme}://{host}" if host else pulumi.Output.concat(scheme, "://", address.address)
    return GatewayDeployment(resources=resources, url=url,
                             outputs={"hostname": host, "ip_address": address.address, "url_map": url_map.id},
                             bindings={k: ServiceBinding(INGRESS_LOAD_BALANCER) for k in services})


def rule_priority(path: str) -> int:
    """A route's priority from its own path: longer paths first (its band), a hash of the path
    in the band; even, so `priority + 1` is its prefix rule. Route rules are evaluated lowest
    first, 0 to 2147483647, no two equal (pulumi-gcp URLMapPathMatcherRouteRule `priority`)."""
    band = MAX_PATH + 1 - min(len(path), MAX_PATH)
    return band * 2**20 + (int(short_hash(path, 8), 16) % 2**19) * 2


def route_rules(routes: list[Any], services: dict[tuple[str, int], Any]) -> list[dict[str, Any]]:
    """Route rules with explicit matches, so a rewrite replaces exactly the route's prefix.

    pathPrefixRewrite replaces "the matching portion of the request's path" (UrlRewrite), which
    for a route rule is its `prefixMatch` or `fullPathMatch`. Each route gets two rules: the
    path itself (`/api`, rewritten to `replace_prefix`) and what is below it (prefix `/api/`,
    rewritten to `replace_prefix` + `/`), so `/api/users` with replace_prefix `/v2` is
    `/v2/users` and with `/` is `/users`; a path rule `/api/*` would leave the rewrite to
    what the load balancer counts as its matching portion. Priorities come from the path
    (`rule_priority`), so a rule keeps its number when other routes change.
    """
    out: list[dict[str, Any]] = []
    taken: set[int] = set()
    for route in sorted(routes, key=lambda r: (rule_priority(r.path), r.path)):
        priority = rule_priority(route.path)
        while priority in taken or priority + 1 in taken:
            priority += 2  # two paths in one slot of one band: the later in path order moves on
        taken |= {priority, priority + 1}
        service = services[(route.container, route.port)]
        below = "/" if route.path == "/" else route.path + "/"
        matches = [("full_path_match", route.path, route.replace_prefix), ("prefix_match", below,
                    None if route.replace_prefix is None else route.replace_prefix.rstrip("/") + "/")]
        if route.path == "/":
            matches = matches[1:]
        for offset, (kind, value, rewrite) in enumerate(matches, start=0 if route.path != "/" else 1):
            rule: dict[str, Any] = {"priority": priority + offset, "service": service, "match_rules": [{kind: value}]}
            if rewrite is not None:
                rule["route_action"] = {"url_rewrite": {"path_prefix_rewrite": rewrite}}
            out.append(rule)
    return out


def routed_ingress(targets: list["RouteTarget"]) -> str:
    """The ingress a routed service needs: all traffic when a gateway is its own URL, else
    internal + load balancer traffic."""
    return INGRESS_ALL if any(t.binding.ingress == INGRESS_ALL for t in targets) else INGRESS_LOAD_BALANCER


def attach(name: str, service: Any, targets: list["RouteTarget"], project: str, region: str,
           opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    """`allUsers` as invoker of exactly a routed service (one grant however many gateways
    route to it): the load balancer forwards requests without an identity."""
    if not targets:
        return []
    return [gcp.cloudrunv2.ServiceIamMember(f"{name}-gateway-invoker", project=project, location=region,
                                            name=service.name, role=RUN_INVOKER, member=ALL_USERS, opts=opts)]
