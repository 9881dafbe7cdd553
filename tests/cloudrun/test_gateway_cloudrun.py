"""rad.Gateway on Cloud Run: the service URL for one `/` route, else a global external
Application Load Balancer with serverless NEGs; only routed services admit the load balancer
(an INTERNAL_ONLY service is not reachable through an external ALB) and only they get
`allUsers` as invoker. Services are checked against Cloud Run's v2 protobufs."""

from __future__ import annotations

import pytest

import radius_components as rad
from google.cloud import run_v2
from tests.helpers.cloudrun import PROJECT, PROJECT_NUMBER, REGION, SERVICE, SERVICE_IAM, compute
from tests.helpers.cloudrun_schema import as_api_service, parse_service
from tests.helpers.mocks import MOCK_OUTPUTS, run_program

NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"
BACKEND = "gcp:compute/backendService:BackendService"
URLMAP = "gcp:compute/uRLMap:URLMap"
CERT = "gcp:compute/managedSslCertificate:ManagedSslCertificate"
POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy"
RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule"
ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
# A reserved global address gets its IP from Google.
MOCK_OUTPUTS["gcp:compute/globalAddress:GlobalAddress"] = lambda a: {"address": "34.120.0.10"}
TWO_ROUTES = [{"path": "/", "destination": "http://web:3000"},
              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/v1"}]


def program(routes, **gateway):
    def run():
        env = rad.Environment("prod", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=routes, **gateway)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
        rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}})
        rad.Container("worker", application=app, container={"image": "w", "ports": {"http": {"container_port": 9000}}})
        return gw.url
    return run


def services(run):
    return {r.name: r.plain() for r in run.of_type(SERVICE)}


def test_one_root_route_is_the_services_own_public_url():
    run = run_program(program([{"path": "/", "destination": "http://web:3000"}]))
    svc = services(run)
    assert svc["web-service"]["ingress"] == "INGRESS_TRAFFIC_ALL"
    assert svc["api-service"]["ingress"] == svc["worker-service"]["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    public = [(r.plain()["name"], r.plain()["member"]) for r in run.of_type(SERVICE_IAM) if r.plain()["member"] == "allUsers"]
    assert public == [("prod-shop-web", "allUsers")]
    assert not run.of_type(NEG) and not run.of_type(URLMAP)
    assert run.one("radius:index:Gateway").outputs["url"] == f"https://prod-shop-web-{PROJECT_NUMBER}.{REGION}.run.app"


@pytest.fixture(scope="module")
def lb_run():
    return run_program(program(TWO_ROUTES, hostname={"fullyQualifiedHostname": "shop.example.com"}, tls={"managed": True}))


def test_routed_services_admit_load_balancer_traffic_and_all_users(lb_run):
    svc = services(lb_run)
    assert svc["web-service"]["ingress"] == svc["api-service"]["ingress"] == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
    assert svc["worker-service"]["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    invokers = sorted(r.plain()["name"] for r in lb_run.of_type(SERVICE_IAM) if r.plain()["member"] == "allUsers")
    assert invokers == ["prod-shop-api", "prod-shop-web"]
    for body in svc.values():
        parsed = parse_service(as_api_service(body))  # Cloud Run's own enum: the value exists
        assert parsed.ingress in (run_v2.IngressTraffic.INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER,
                                  run_v2.IngressTraffic.INGRESS_TRAFFIC_INTERNAL_ONLY)


def test_serverless_negs_backends_and_the_url_map(lb_run):
    negs = {r.plain()["cloudRun"]["service"]: r.plain() for r in lb_run.of_type(NEG)}
    assert set(negs) == {"prod-shop-web", "prod-shop-api"}
    assert all(n["networkEndpointType"] == "SERVERLESS" and n["region"] == REGION and n["project"] == PROJECT
               for n in negs.values())
    backends = lb_run.of_type(BACKEND)
    assert {b.plain()["loadBalancingScheme"] for b in backends} == {"EXTERNAL_MANAGED"}
    url_map = lb_run.one(URLMAP, "public-urlmap").plain()
    assert url_map["hostRules"] == [{"hosts": ["shop.example.com"], "pathMatcher": "routes"}]
    from radius_components.platforms.cloudrun.gateway import rule_priority

    rules = url_map["pathMatchers"][0]["routeRules"]
    api, root = rule_priority("/api"), rule_priority("/")
    # Explicit matches (test_gateway_cloudrun_review.py): /api -> /v1, /api/... -> /v1/...
    assert rules == [
        {"priority": api, "matchRules": [{"fullPathMatch": "/api"}], "service": "public-api-backend_id",
         "routeAction": {"urlRewrite": {"pathPrefixRewrite": "/v1"}}},
        {"priority": api + 1, "matchRules": [{"prefixMatch": "/api/"}], "service": "public-api-backend_id",
         "routeAction": {"urlRewrite": {"pathPrefixRewrite": "/v1/"}}},
        {"priority": root + 1, "matchRules": [{"prefixMatch": "/"}], "service": "public-web-backend_id"},
    ]
    assert url_map["defaultService"] == "public-web-backend_id"


def test_managed_certificate_https_and_a_redirect_on_80(lb_run):
    assert lb_run.one(CERT).plain()["managed"] == {"domains": ["shop.example.com"]}
    assert lb_run.one(POLICY).plain()["minTlsVersion"] == "TLS_1_2"
    proxy = lb_run.one(HTTPS_PROXY).plain()
    assert proxy["sslCertificates"] == [f"{lb_run.one(CERT).name}_id"] and proxy["sslPolicy"] == "public-ssl-policy_id"
    rules = {r.plain()["portRange"]: r.plain() for r in lb_run.of_type(RULE)}
    assert set(rules) == {"80", "443"}
    assert {r["loadBalancingScheme"] for r in rules.values()} == {"EXTERNAL_MANAGED"}
    assert lb_run.one(URLMAP, "public-redirect").plain()["defaultUrlRedirect"]["httpsRedirect"] is True
    assert lb_run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"


def test_without_tls_it_is_http_on_the_address():
    run = run_program(program(TWO_ROUTES))
    assert run.one(HTTP_PROXY).plain()["urlMap"] == "public-urlmap_id"
    assert not run.of_type(HTTPS_PROXY) and not run.of_type(CERT)
    assert run.one(ADDRESS).plain()["addressType"] == "EXTERNAL"
    assert run.one("radius:index:Gateway").outputs["url"] == "http://34.120.0.10"


@pytest.mark.parametrize("gateway, field", [
    ({"internal": True}, "internal"),
    ({"hostname": {"prefix": "shop"}}, "hostname.prefix"),
    ({"tls": {"certificateFrom": "my-cert"}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.certificate_from"),
    ({"runtimes": {"cloudrun": {"cdn": True}}}, "runtimes.cloudrun"),
])
def test_what_is_not_built_is_an_error(gateway, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(TWO_ROUTES, **gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert field in [e.field for e in errors], [str(e) for e in errors]
