"""The Cloud Run Gateway defects of the deployment review (shared/reviews/aws-gcp-ecs-cloudrun.md),
each as the API rule it breaks. Run under the recording mocks."""

from __future__ import annotations

import radius_components as rad
from tests.helpers.cloudrun import compute
from tests.helpers.mocks import run_program

URLMAP = "gcp:compute/uRLMap:URLMap"
CERT = "gcp:compute/managedSslCertificate:ManagedSslCertificate"
POLICY = "gcp:compute/sSLPolicy:SSLPolicy"


def program(routes, **gateway):
    def run():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("shop", environment=env)
        rad.Gateway("public", application=app, routes=routes, **gateway)
        for name in sorted({r["destination"].split("//")[1].split(":")[0] for r in routes}):
            port = int(next(r["destination"].rsplit(":", 1)[1] for r in routes if f"//{name}:" in r["destination"]))
            rad.Container(name, application=app, container={"image": name, "ports": {"http": {"container_port": port}}})
    return run


ROUTES = [{"path": "/", "destination": "http://web:3000"}, {"path": "/api", "destination": "http://api:8080"}]
TLS = {"hostname": {"fullyQualifiedHostname": "shop.example.com"}, "tls": {"managed": True}}


def test_tls_1_3_uses_the_restricted_profile():
    # Review defect 4: "When set to TLS_1_3, the profile field must be set to RESTRICTED"
    # (Compute API SslPolicy.minTlsVersion; pulumi-gcp compute.SSLPolicy docstring).
    run = run_program(program(ROUTES, hostname=TLS["hostname"], tls={"managed": True, "minimumProtocolVersion": "1.3"}))
    policy = run.one(POLICY).plain()
    assert (policy["profile"], policy["minTlsVersion"]) == ("RESTRICTED", "TLS_1_3")
    policy = run_program(program(ROUTES, **TLS)).one(POLICY).plain()
    assert (policy["profile"], policy["minTlsVersion"]) == ("MODERN", "TLS_1_2")


def test_a_new_hostname_gives_the_managed_certificate_a_new_name():
    # Review defect 5: sslCertificates has no update (compute v1: insert/delete/get/list), so
    # a new domain replaces the certificate; Pulumi creates the replacement first, which a
    # fixed name refuses (409 alreadyExists).
    a = run_program(program(ROUTES, **TLS)).one(CERT).plain()
    b = run_program(program(ROUTES, hostname={"fullyQualifiedHostname": "www.example.com"}, tls={"managed": True})).one(CERT).plain()
    assert a["name"] != b["name"] and len(a["name"]) <= 63


def _forward(rules, path):
    """What the load balancer sends: the first route rule by priority whose match holds, its
    matching portion replaced by pathPrefixRewrite (UrlRewrite)."""
    for rule in sorted(rules, key=lambda r: r["priority"]):
        match = rule["matchRules"][0]
        portion = match.get("fullPathMatch") if match.get("fullPathMatch") == path else \
            match.get("prefixMatch") if path.startswith(match.get("prefixMatch") or "\0") else None
        if portion is not None:
            rewrite = (rule.get("routeAction") or {}).get("urlRewrite", {}).get("pathPrefixRewrite")
            return rule["service"], (rewrite + path[len(portion):]) if rewrite is not None else path
    return None


def test_a_rewrite_replaces_exactly_the_route_prefix():
    # Review item 11: with route rules the matching portion is the prefixMatch/fullPathMatch,
    # so /api/users -> /v2/users (not /v2users) and -> /users for replace_prefix "/".
    for replace, expected in (("/v2", {"/api/users": "/v2/users", "/api": "/v2", "/apix": None}),
                              ("/", {"/api/users": "/users", "/api": "/", "/apix": None})):
        routes = [ROUTES[0], {**ROUTES[1], "replacePrefix": replace}]
        rules = run_program(program(routes, hostname=TLS["hostname"])).one(URLMAP).plain()["pathMatchers"][0]["routeRules"]
        for path, want in expected.items():
            service, sent = _forward(rules, path)
            if want is None:  # /apix is not under /api: the root route, unchanged
                assert (service, sent) == ("public-web-backend_id", path)
            else:
                assert (service, sent) == ("public-api-backend_id", want)


def test_route_rule_priorities_do_not_move_when_routes_change():
    def priorities(paths):
        routes = [{"path": p, "destination": "http://web:3000"} for p in paths]
        rules = run_program(program(routes, hostname=TLS["hostname"])).one(URLMAP).plain()["pathMatchers"][0]["routeRules"]
        return {str(r["matchRules"][0]): r["priority"] for r in rules}

    before = priorities(["/", "/api", "/api/v2"])
    after = priorities(["/", "/api"])
    assert after == {k: before[k] for k in after}
    assert len(set(before.values())) == len(before)


def test_load_balancer_names_carry_the_region_and_existing_ones_are_kept():
    # Review R-GCP-3 for the Gateway: URL maps, backend services, proxies, forwarding rules, SSL
    # policies and certificates are Compute Engine global resources (names unique in the
    # project), so the same program in two regions of a project must name them apart; a stack
    # that has them keeps their names (ignore_changes on `name`: no replacement on upgrade).
    from radius_components.names import short_hash
    from radius_components.platforms.cloudrun.names import REGION_TAG_CHARS
    from tests.helpers.cloudrun import REGION

    run = run_program(program(ROUTES, **TLS))
    # Everything of the Gateway's but its NEGs (regional: named per region).
    lb = [r for r in run.resources if r.type.startswith("gcp:compute/") and "radius:index:Gateway" in r.parent
          and r.type != "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"]
    assert {r.type for r in lb} >= {URLMAP, CERT, POLICY}
    tag = short_hash(REGION, REGION_TAG_CHARS)
    for r in lb:
        name = r.plain()["name"]
        assert name.endswith(f"-{tag}") and len(name) <= 63 and name[0].isalpha(), (r.type, name)
        assert "name" in r.ignore_changes, (r.type, r.name)


def test_the_certificate_of_an_existing_stack_is_adopted_not_recreated():
    # The certificate's logical name now carries its hostname (a new hostname is a new resource
    # with the new region-tagged name, never a replacement under the kept old name, which would
    # collide with itself); its alias is the old logical name, so an existing stack's
    # certificate (provisioning takes Google up to an hour) is the same resource, its name kept.
    import pulumi

    seen: dict[str, list] = {}
    original = pulumi.CustomResource.__init__

    def recording(self, t, name, props=None, opts=None, *args, **kwargs):
        if t == CERT:
            seen[name] = list(opts.aliases or []) if opts else []
        original(self, t, name, props, opts, *args, **kwargs)

    pulumi.CustomResource.__init__ = recording
    try:
        run_program(program(ROUTES, **TLS))
    finally:
        pulumi.CustomResource.__init__ = original
    [(name, aliases)] = seen.items()
    assert name.startswith("public-certificate-") and "public-certificate" in [getattr(a, "name", None) for a in aliases]
