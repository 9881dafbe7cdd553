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
