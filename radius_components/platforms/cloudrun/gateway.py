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

Names, and how they move (review gcp-gateway-names.md). pulumi-gcp deletes a resource whose `name`
the program sets *before* creating its replacement, on every replacement (pulumi-terraform-bridge
pkg/tfbridge/schema.go `nameRequiresDeleteBeforeReplace`, used by the provider's Diff), and Compute
Engine refuses to delete a certificate, URL map, backend service, proxy, NEG or address that
another resource still uses (resourceInUseByAnotherResource). So:

- What a user's change replaces is a *new Pulumi resource* instead: the managed certificate's
  logical name carries its hostname (a Google-managed certificate cannot be updated: compute v1
  sslCertificates has insert/delete/get/list only), a NEG's carries its project, region and
  Cloud Run service. A new hostname or a move creates the new one, the proxy / backend service
  moves to it (both updatable), and the old one is deleted at the end, once unused.
- Every load balancer resource sets `delete_before_replace=False`, overriding the provider (the
  engine takes the resource option over the provider's answer: pulumi step_generator, "The user
  can override the provider's decision"). A replacement that remains (a `project` change: every
  one of them is ForceNew on it) is created first: in another project the names are free, so the
  whole chain is built there before the old one goes; under a kept name in the same project it
  fails at create (409 alreadyExists) before anything is deleted.

Every load balancer resource but the NEGs is global to the project, so its name carries the
region's tag (names.regional): one program's environment in two regions of a project builds two
load balancers, not one 409 alreadyExists. Each name also carries a hash of exactly the parts it is
made of (environment, application, gateway, role, container), so no two gateways' names meet
(`public`'s redirect URL map and a gateway `public-redirect`'s URL map; `_lb_name`). An existing
stack's resources keep the names they were created with (names.keep_name, NEGs included; the
certificate and NEGs through aliases to their former logical names).
"""

from __future__ import annotations

import json
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


def _lb_name(env: str, app: str, gateway: str, *role: str, region: str | None = None) -> str:
    """A load balancer resource's name: `<env>-<app>-<gateway>-<role...>-<hash of these parts>`.

    The parts are joined by '-' and folded to lowercase, so different parts can give one text
    (gateway `public` + role `redirect` and gateway `public-redirect` + role `urlmap`; container
    `a-b` of gateway `x` and container `b` of gateway `x-a`): the hash of the parts themselves
    (not of the joined text) keeps them apart (review R-GLB-6). With `region`, a global resource's
    name (URL maps, backend services, proxies, global forwarding rules, SSL policies and
    certificates, global addresses are Compute Engine global resources) also carries the
    region's tag (names.regional, review R-GCP-3) within the 63 characters Compute Engine
    allows; NEGs are regional (no region tag). Starts with a letter like `_name`."""
    identity = short_hash(json.dumps([env, app, gateway, *role]), _IDENTITY_CHARS)
    name = _name(env, app, gateway, *role, identity)
    return regional(name, region, NETWORK_NAME_MAX) if region is not None else name


# Hex characters of `_lb_name`'s identity hash: names of one type in one project are a handful.
_IDENTITY_CHARS = 6


def _create_first(opts: pulumi.ResourceOptions, *former_names: str) -> pulumi.ResourceOptions:
    """A load balancer resource's options: its name kept (names.keep_name), a replacement created
    before the old one is deleted (module docstring), and aliases to the logical names it had.

    Created first, a replacement under the kept name in the same project always fails (409), even
    for a resource nothing uses (a forwarding rule, which delete-first would have recreated): a
    change of a ForceNew input here must come with a new logical name, as the certificate's and
    the NEGs' do (tests/cloudrun/test_invariants.py KEPT_NAME_FORCE_NEW guards it)."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions.merge(keep_name("name"), pulumi.ResourceOptions(
        delete_before_replace=False, aliases=[pulumi.Alias(name=n) for n in former_names] or None)))


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
    # Names that gained the region tag (and the identity hash) keep the name an existing stack's
    # resource has (names.keep_name: no replacement on upgrade); new resources get the new name.
    kept = _create_first(opts)
    resources: list[pulumi.Resource] = []
    address = gcp.compute.GlobalAddress(f"{name}-address", project=project,
                                        name=_lb_name(env, app, name, "ip", region=region),
                                        address_type="EXTERNAL", ip_version="IPV4", opts=kept)
    resources.append(address)
    backends: dict[tuple[str, int], gcp.compute.BackendService] = {}
    for key, service in services.items():
        # `project`, `region` and `cloud_run` are ForceNew on a NEG (terraform-provider-google
        # resource_compute_region_network_endpoint_group): its logical name follows them, so a
        # move or an environment/application rename creates the new NEG beside the old one (the
        # backend service's `backends` is updatable) instead of replacing the one in use; the
        # alias adopts the NEG an existing stack has under its former logical name.
        moved = short_hash(f"{project}/{region}/{service}", 8)
        neg = gcp.compute.RegionNetworkEndpointGroup(
            f"{name}-{key[0]}-neg-{moved}", project=project, region=region,
            name=_lb_name(env, app, name, "neg", key[0]), network_endpoint_type="SERVERLESS",
            cloud_run={"service": service}, opts=_create_first(opts, f"{name}-{key[0]}-neg"))
        backend = gcp.compute.BackendService(
            f"{name}-{key[0]}-backend", project=project, name=_lb_name(env, app, name, "backend", key[0], region=region),
            load_balancing_scheme="EXTERNAL_MANAGED", protocol="HTTPS", backends=[{"group": neg.id}], opts=kept)
        backends[key] = backend
        resources += [neg, backend]

    root = next((r for r in args.routes if r.path == "/"), args.routes[0])
    rules = route_rules(args.routes, {k: b.id for k, b in backends.items()})
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    # Paths no route covers go to the '/' route's container, else the first route's (a URL
    # map must have a default service).
    url_map = gcp.compute.URLMap(
        f"{name}-urlmap", project=project, name=_lb_name(env, app, name, "urlmap", region=region),
        default_service=backends[(root.container, root.port)].id,
        host_rules=[{"hosts": [host or "*"], "path_matcher": "routes"}],
        path_matchers=[{"name": "routes", "default_service": backends[(root.container, root.port)].id,
                        "route_rules": rules}], opts=kept)
    resources.append(url_map)

    if args.tls is not None:
        if args.tls.managed:
            # `managed` (its domains) is ForceNew and a certificate in use cannot be deleted, so
            # a new hostname must not be a replacement (pulumi-gcp would delete the old one
            # first: module docstring). The logical name carries the hostname: a new hostname is
            # a new certificate (created, the proxy moved to it, the old one deleted at the end).
            # The alias is the logical name it had before, so an existing stack's certificate
            # (provisioning takes Google up to an hour) is adopted as it is, not recreated; on
            # such a stack a new hostname in the same `up` resolves to that alias and is a
            # replacement under the kept name: created first (`_create_first`), it fails with
            # 409 alreadyExists before anything is deleted (docs/upgrading.md: split the two).
            host_tag = short_hash(str(host), 8)
            cert = gcp.compute.ManagedSslCertificate(
                f"{name}-certificate-{host_tag}", project=project,
                name=_lb_name(env, app, name, "cert", host_tag, region=region),
                managed={"domains": [host]}, opts=_create_first(opts, f"{name}-certificate"))
            resources.append(cert)
            certificates: list[Any] = [cert.id]
        else:
            certificates = [args.tls.certificate_from]
        policy = gcp.compute.SSLPolicy(f"{name}-ssl-policy", project=project,
                                       name=_lb_name(env, app, name, "tls", region=region),
                                       profile=SSL_PROFILES[args.tls.minimum_protocol_version],
                                       min_tls_version=TLS_VERSIONS[args.tls.minimum_protocol_version], opts=kept)
        proxy = gcp.compute.TargetHttpsProxy(f"{name}-https-proxy", project=project,
                                             name=_lb_name(env, app, name, "https", region=region),
                                             url_map=url_map.id, ssl_certificates=certificates, ssl_policy=policy.id,
                                             opts=kept)
        rule_https = gcp.compute.GlobalForwardingRule(
            f"{name}-https", project=project, name=_lb_name(env, app, name, "https", region=region), target=proxy.id,
            ip_address=address.id, port_range="443", ip_protocol="TCP", load_balancing_scheme="EXTERNAL_MANAGED",
            opts=kept)
        redirect = gcp.compute.URLMap(f"{name}-redirect", project=project,
                                      name=_lb_name(env, app, name, "redirect", region=region),
                                      default_url_redirect={"https_redirect": True, "strip_query": False,
                                                            "redirect_response_code": "MOVED_PERMANENTLY_DEFAULT"},
                                      opts=kept)
        http_proxy = gcp.compute.TargetHttpProxy(f"{name}-http-proxy", project=project,
                                                 name=_lb_name(env, app, name, "http", region=region),
                                                 url_map=redirect.id, opts=kept)
        resources += [policy, proxy, rule_https, redirect, http_proxy]
    else:
        http_proxy = gcp.compute.TargetHttpProxy(f"{name}-http-proxy", project=project,
                                                 name=_lb_name(env, app, name, "http", region=region),
                                                 url_map=url_map.id, opts=kept)
        resources.append(http_proxy)
    rule_http = gcp.compute.GlobalForwardingRule(
        f"{name}-http", project=project, name=_lb_name(env, app, name, "http", region=region), target=http_proxy.id,
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
