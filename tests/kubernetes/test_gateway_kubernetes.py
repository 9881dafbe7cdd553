"""rad.Gateway on Kubernetes: an Ingress (default) or Gateway API Gateway + HTTPRoute, checked
against the Kubernetes schema (the Ingress) and the Gateway API's own field names."""

from __future__ import annotations

import kubernetes_validate
import pulumi
import pytest

import radius_components as rad
from tests.helpers.mocks import run_program

KUBERNETES_VERSION = "1.34.0"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway"
HTTPROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"
ROUTES = [{"path": "/", "destination": "http://web:3000"},
          {"path": "/api", "destination": "http://api:8080"}]


def program(routes=ROUTES, **gateway):
    def run():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=routes, **gateway)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
        rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}})
        return gw.url
    return run


def test_ingress_routes_each_prefix_to_the_containers_service():
    run = run_program(program(hostname={"fullyQualifiedHostname": "shop.example.com"},
                              tls={"certificateFrom": "shop-tls"},
                              runtimes={"kubernetes": {"ingress_class_name": "nginx"}}))
    ingress = run.one(INGRESS)
    manifest = ingress.plain()
    # Radius's layout (the default): the Ingress is named after the Gateway, in the application's
    # namespace (an Ingress routes to Services of its own namespace), backends the containers' Services.
    assert manifest["metadata"]["name"] == "public" and manifest["metadata"]["namespace"] == "dev-shop"
    assert manifest["spec"] == {
        "ingressClassName": "nginx",
        "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}],
        "rules": [{"host": "shop.example.com", "http": {"paths": [
            {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": "api", "port": {"number": 8080}}}},
            {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 3000}}}},
        ]}}],
    }
    # The routed containers' own objects do not change: the Service is what the Ingress names.
    assert {r.name for r in run.of_type("kubernetes:core/v1:Service")} == {"web-service", "api-service"}
    kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    assert run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"


def test_ingress_without_hostname_is_valid_too():
    manifest = run_program(program()).one(INGRESS).plain()
    assert "host" not in manifest["spec"]["rules"][0] and "tls" not in manifest["spec"]
    kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_gateway_api_gateway_and_httproute_with_a_prefix_rewrite():
    routes = [{"path": "/", "destination": "http://web:3000"},
              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]
    run = run_program(program(routes, hostname={"fullyQualifiedHostname": "shop.example.com"},
                              tls={"certificateFrom": "shop-tls"},
                              runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}))
    assert not run.of_type(INGRESS)
    gateway = run.one(GATEWAY).plain()
    assert gateway["spec"] == {"gatewayClassName": "eg", "listeners": [
        {"name": "http", "protocol": "HTTP", "port": 80, "hostname": "shop.example.com",
         "allowedRoutes": {"namespaces": {"from": "Same"}}},
        {"name": "https", "protocol": "HTTPS", "port": 443, "hostname": "shop.example.com",
         "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": "shop-tls"}]},
         "allowedRoutes": {"namespaces": {"from": "Same"}}}]}
    route = run.one(HTTPROUTE, "public-httproute").plain()
    assert route["spec"]["parentRefs"] == [{"name": "public", "sectionName": "https"}]
    assert route["spec"]["hostnames"] == ["shop.example.com"]
    assert route["spec"]["rules"] == [
        {"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
         "backendRefs": [{"name": "api", "port": 8080}],
         "filters": [{"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}}]},
        {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}], "backendRefs": [{"name": "web", "port": 3000}]},
    ]
    # The metadata the Kubernetes API validates for every object (CRDs included) is valid.
    for manifest in (gateway, route, run.one(HTTPROUTE, "public-https-redirect").plain()):
        kubernetes_validate.validate({"apiVersion": "v1", "kind": "ConfigMap", "metadata": manifest["metadata"]},
                                     KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("gateway, field", [
    ({"routes": [{"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]}, "routes[0].replace_prefix"),
    ({"tls": {"managed": True}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.managed"),
    ({"tls": {"certificateFrom": "Not_A_Secret"}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.certificate_from"),
    ({"tls": {"certificateFrom": "tls"}}, "hostname"),
    ({"tls": {"certificateFrom": "tls", "minimumProtocolVersion": "1.3"}, "hostname": {"fullyQualifiedHostname": "a.example.com"}},
     "tls.minimum_protocol_version"),
    ({"internal": True}, "internal"),
    ({"hostname": {"prefix": "shop"}}, "hostname.prefix"),
    ({"runtimes": {"kubernetes": {"api": "GatewayAPI"}}}, "runtimes.kubernetes.gateway_class_name"),
    ({"runtimes": {"kubernetes": {"api": "Route"}}}, "runtimes.kubernetes.api"),
    ({"runtimes": {"kubernetes": {"class": "nginx"}}}, "runtimes.kubernetes.class"),
])
def test_what_kubernetes_cannot_express_is_an_error_before_anything_registers(gateway, field):
    routes = gateway.pop("routes", ROUTES)
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(routes, **gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert field in [e.field for e in errors], [str(e) for e in errors]


def test_an_internal_gateway_names_its_class():
    run = run_program(program(internal=True, runtimes={"kubernetes": {"ingress_class_name": "internal-nginx"}}))
    assert run.one(INGRESS).plain()["spec"]["ingressClassName"] == "internal-nginx"


def test_gateway_api_with_tls_redirects_plain_http():
    """A TLS Gateway keeps its port-80 listener and answers it with a 301 to https (as ingress-nginx
    does for an Ingress with TLS, and the aci/ecs/cloudrun gateways do) rather than refusing the
    connection. The redirect rule has no backendRefs: the HTTPRoute CRD refuses RequestRedirect
    together with backendRefs (CEL rule "RequestRedirect filter must not be used together with
    backendRefs", gateway-api v1.6.3); without a port the redirect goes to the scheme's 443
    (HTTPRequestRedirectFilter.port docs)."""
    run = run_program(program(hostname={"fullyQualifiedHostname": "shop.example.com"}, tls={"certificateFrom": "shop-tls"},
                              runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}))
    listeners = {l["name"]: l for l in run.one(GATEWAY).plain()["spec"]["listeners"]}
    assert (listeners["http"]["protocol"], listeners["http"]["port"]) == ("HTTP", 80)
    redirect = run.one(HTTPROUTE, "public-https-redirect").plain()
    assert redirect["metadata"]["name"] == "public-https-redirect"
    assert redirect["spec"] == {
        "parentRefs": [{"name": "public", "sectionName": "http"}], "hostnames": ["shop.example.com"],
        "rules": [{"filters": [{"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}]}]}
    # Without TLS: one listener, one route, nothing redirected.
    plain = run_program(program(runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}))
    assert [l["name"] for l in plain.one(GATEWAY).plain()["spec"]["listeners"]] == ["http"]
    assert [r.name for r in plain.of_type(HTTPROUTE)] == ["public-httproute"]


@pytest.mark.parametrize("path", ["/v1.0", "/api/v1/items:batch", "/~user", "/a%20b", "/(x)"])
def test_ingress_paths_ingress_nginx_refuses_are_errors(path):
    """ingress-nginx >= 1.12 validates Prefix paths strictly by default (strict-validate-path-type,
    kubernetes/ingress-nginx#11819): its admission webhook refuses anything but `^/[[:alnum:]_\\-/]*$`
    (ingress-nginx#10308, #12637), so `pulumi up` would fail; refused here, naming the Gateway API
    as the way out."""
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": path, "destination": "http://web:3000"}]))
    errors = getattr(exc.value, "errors", [exc.value])
    assert [e.field for e in errors] == ["routes[0].path"] and "ingress-nginx" in str(errors[0])
    # The same path is fine as an HTTPRoute PathPrefix.
    run_program(program([{"path": path, "destination": "http://web:3000"}],
                        runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}))


@pytest.mark.parametrize("path, problem", [
    ("/a//b", "'//'"), ("/a/./b", "'/./'"), ("/a/../b", "'/../'"), ("/a%2Fb", "'%2F'"), ("/a%2fb", "'%2f'"),
    ("/a/..", "'/..'"), ("/a/.", "'/.'"), ("/a%zz", "%XX"), ("/" + "a" * 1024, "1024"),
])
def test_httproute_paths_the_crd_refuses_are_errors(path, problem):
    """The HTTPRoute CRD's CEL rules on a PathPrefix value (gateway-api v1.6.3, config/crd/standard):
    RFC 3986 path characters or %XX, no '//', '/./', '/../', '%2f', '%2F', '#', not ending in '/..'
    or '/.', at most 1024 characters. The model lets some through; the API server would refuse them."""
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": path, "destination": "http://web:3000"}],
                            runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}))
    errors = getattr(exc.value, "errors", [exc.value])
    assert "routes[0].path" in [e.field for e in errors], [str(e) for e in errors]
    assert any(problem in str(e) for e in errors), [str(e) for e in errors]


def test_an_httproute_holds_at_most_16_routes():
    """HTTPRoute spec.rules has maxItems 16 (gateway-api v1.6.3 CRD); one rule per route."""
    routes = [{"path": f"/r{i}", "destination": "http://web:3000"} for i in range(17)]
    gateway_api = {"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}}
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(routes, runtimes=gateway_api))
    assert "routes" in [e.field for e in getattr(exc.value, "errors", [exc.value])]
    assert len(run_program(program(routes[:16], runtimes=gateway_api)).one(HTTPROUTE).plain()["spec"]["rules"]) == 16
