"""rad.Gateway on Azure Container Apps: an environment HTTP route config (rule-based routing)
registered after the apps it targets, routed apps kept on internal ingress, checked
against azure-mgmt-appcontainers' HttpRouteConfig model."""

from __future__ import annotations

import pytest
from azure.mgmt.appcontainers import models

import radius_components as rad
from tests.helpers.aca import DEFAULT_DOMAIN, aca_compute
from tests.helpers.aca_schema import SCHEMA
from tests.helpers.mocks import run_program

APP = "azure-native:app:ContainerApp"
ROUTES = "azure-native:app:HttpRouteConfig"
CERT = "azure-native:app:ManagedCertificate"
TWO_ROUTES = [{"path": "/", "destination": "http://web:3000"},
              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]


def program(routes=TWO_ROUTES, containers=("web", "api", "worker"), **gateway):
    ports = {"web": 3000, "api": 8080, "worker": 9000}

    def run():
        env = rad.Environment("prod", compute=aca_compute())
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=routes, **gateway)
        for name in containers:
            rad.Container(name, application=app, container={"image": name, "ports": {"http": {"container_port": ports[name]}}})
        return gw.url
    return run


@pytest.fixture(scope="module")
def tls_run():
    return run_program(program(hostname={"fullyQualifiedHostname": "shop.example.com"}, tls={"managed": True}))


def test_routed_apps_keep_internal_ingress(tls_run):
    # A route "can target any container app in the same environment, regardless of the
    # target app's individual ingress setting" and forwards to apps with external: false
    # (https://learn.microsoft.com/azure/container-apps/rule-based-routing, "Routing and
    # authorization model"): external ingress would make the routed apps public on their own
    # names, past the gateway's path rules.
    ingress = {r.name: r.plain()["configuration"]["ingress"] for r in tls_run.of_type(APP)}
    assert {i["external"] for i in ingress.values()} == {False}
    assert {i["allowInsecure"] for i in ingress.values()} == {False}
    apps = {r.name: r for r in tls_run.of_type("radius:index:Container")}
    assert apps["web"].outputs["internal_hostname"] == f"shop-web.internal.{DEFAULT_DOMAIN}"
    assert apps["worker"].outputs["internal_hostname"] == f"shop-worker.internal.{DEFAULT_DOMAIN}"


def test_the_route_config_targets_the_apps(tls_run):
    # It is constructed once the last app it targets is, and depends on them (see the test
    # with an undeclared destination below).
    routes = tls_run.one(ROUTES).plain()
    assert routes["environmentName"] == "prod-env" and routes["httpRouteName"] == "shop-public"
    assert routes["properties"]["rules"] == [
        {"description": "/api -> api", "routes": [{"match": {"prefix": "/api"}, "action": {"prefixRewrite": "/"}}],
         "targets": [{"containerApp": "shop-api"}]},
        {"description": "/ -> web", "routes": [{"match": {"prefix": "/"}}], "targets": [{"containerApp": "shop-web"}]},
    ]


def test_custom_domain_with_a_managed_certificate(tls_run):
    cert = tls_run.one(CERT).plain()
    assert cert["properties"] == {"subjectName": "shop.example.com", "domainControlValidation": "CNAME"}
    domains = tls_run.one(ROUTES).plain()["properties"]["customDomains"]
    assert domains == [{"name": "shop.example.com", "bindingType": "SniEnabled", "certificateId": "public-certificate_id"}]
    assert tls_run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"


def test_the_route_config_is_a_valid_http_route_config(tls_run):
    body = {"properties": tls_run.one(ROUTES).plain()["properties"]}
    assert SCHEMA.check(models.HttpRouteConfig, body) == []
    assert SCHEMA.check(models.HttpRouteConfig, {"properties": {"rules": [{"routes": [{"match": {"prefx": "/"}}]}]}}) != []


def test_without_a_hostname_the_url_is_the_routes_fqdn():
    run = run_program(program())
    assert run.one("radius:index:Gateway").outputs["url"] == f"https://shop-public.{DEFAULT_DOMAIN}"
    assert not run.of_type(CERT)


def test_an_undeclared_destination_is_an_error():
    # Container Apps refuses a rule whose app does not exist; on an existing stack, leaving the
    # route config out would delete the entry point: the program is refused before anything registers.
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(containers=("web", "worker")))
    assert "never declared" in exc.value.problem


def test_an_internal_gateway_keeps_ingress_internal():
    run = run_program(program(internal=True))
    assert {r.plain()["configuration"]["ingress"]["external"] for r in run.of_type(APP)} == {False}
    assert run.one(ROUTES)


@pytest.mark.parametrize("gateway, field", [
    ({"tls": {"managed": True, "minimumProtocolVersion": "1.3"}, "hostname": {"fullyQualifiedHostname": "a.example.com"}},
     "tls.minimum_protocol_version"),
    ({"tls": {"certificateFrom": "cert"}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.certificate_from"),
    ({"tls": {"certificateFrom": "/subscriptions/s/resourceGroups/r/providers/Microsoft.App/managedEnvironments/e/certificates/c"}},
     "hostname"),
    ({"runtimes": {"aca": {"x": 1}}}, "runtimes.aca"),
])
def test_what_a_route_config_cannot_do_is_an_error(gateway, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(**gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert field in [e.field for e in errors], [str(e) for e in errors]
