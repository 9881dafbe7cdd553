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
    assert manifest["metadata"]["name"] == "shop-public" and manifest["metadata"]["namespace"] == "dev"
    assert manifest["spec"] == {
        "ingressClassName": "nginx",
        "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}],
        "rules": [{"host": "shop.example.com", "http": {"paths": [
            {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": "shop-api", "port": {"number": 8080}}}},
            {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "shop-web", "port": {"number": 3000}}}},
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
    assert gateway["spec"] == {"gatewayClassName": "eg", "listeners": [{
        "name": "https", "protocol": "HTTPS", "port": 443, "hostname": "shop.example.com",
        "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": "shop-tls"}]},
        "allowedRoutes": {"namespaces": {"from": "Same"}}}]}
    route = run.one(HTTPROUTE).plain()
    assert route["spec"]["parentRefs"] == [{"name": "shop-public", "sectionName": "https"}]
    assert route["spec"]["hostnames"] == ["shop.example.com"]
    assert route["spec"]["rules"] == [
        {"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
         "backendRefs": [{"name": "shop-api", "port": 8080}],
         "filters": [{"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}}]},
        {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}], "backendRefs": [{"name": "shop-web", "port": 3000}]},
    ]
    # The metadata the Kubernetes API validates for every object (CRDs included) is valid.
    for manifest in (gateway, route):
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
