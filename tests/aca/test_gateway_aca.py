"""rad.Gateway on Azure Container Apps: an environment HTTP route config (rule-based routing)
registered after the apps it targets, routed apps kept on internal ingress, checked
against azure-mgmt-appcontainers' HttpRouteConfig model."""

from __future__ import annotations

import pytest
from azure.mgmt.appcontainers import models

import radius_components as rad
from tests.helpers.aca import DEFAULT_DOMAIN, PE_SUBNET_ID, SUBNET_ID, VERIFICATION_ID, aca_compute
from tests.helpers.aca_schema import SCHEMA
from tests.helpers.mocks import run_program

APP = "azure-native:app:ContainerApp"
ROUTES = "azure-native:app:HttpRouteConfig"
CERT = "azure-native:app:ManagedCertificate"
TWO_ROUTES = [{"path": "/", "destination": "http://web:3000"},
              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]


def program(routes=TWO_ROUTES, containers=("web", "api", "worker"), compute=None, **gateway):
    ports = {"web": 3000, "api": 8080, "worker": 9000}

    def run():
        env = rad.Environment("prod", compute=compute or aca_compute())
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
        {"description": "/api -> api",
         "routes": [{"match": {"path": "/api"}, "action": {"prefixRewrite": "/"}},
                    {"match": {"prefix": "/api/"}, "action": {"prefixRewrite": "/"}}],
         "targets": [{"containerApp": "shop-api"}]},
        {"description": "/ -> web", "routes": [{"match": {"prefix": "/"}}], "targets": [{"containerApp": "shop-web"}]},
    ]


def _rewrite(rule: dict, path: str):
    """What Container Apps' Envoy does with a request path: the first matching route wins;
    `prefixRewrite` replaces the matched part (the whole path for `path`, the prefix for
    `prefix` and `pathSeparatedPrefix`). None when nothing matches."""
    for r in rule["routes"]:
        m, action = r["match"], r.get("action", {})
        if "path" in m and path == m["path"]:
            matched = m["path"]
        elif "prefix" in m and path.startswith(m["prefix"]):
            matched = m["prefix"]
        elif "pathSeparatedPrefix" in m and (path == m["pathSeparatedPrefix"]
                                             or path.startswith(m["pathSeparatedPrefix"] + "/")):
            matched = m["pathSeparatedPrefix"]
        else:
            continue
        return action["prefixRewrite"] + path[len(matched):] if "prefixRewrite" in action else path
    return None


@pytest.mark.parametrize("replace, requests", [
    # Review item 6: `prefix: /api` + `prefixRewrite: /` sent `/api/users` as `//users`
    # (microsoft/azure-container-apps#1631), and a raw `prefix` matched `/apix` too
    # (HttpRouteMatch.prefix: "match on all prefix's. Not exact").
    ("/", {"/api": "/", "/api/": "/", "/api/users": "/users", "/apix": None}),
    ("/v2", {"/api": "/v2", "/api/users": "/v2/users", "/apix": None}),
    (None, {"/api": "/api", "/api/users": "/api/users", "/apix": None}),
])
def test_route_paths_keep_segment_semantics(replace, requests):
    route = {"path": "/api", "destination": "http://api:8080", **({"replacePrefix": replace} if replace else {})}
    run = run_program(program(routes=[route], containers=("api",)))
    rule = run.one(ROUTES).plain()["properties"]["rules"][0]
    assert {path: _rewrite(rule, path) for path in requests} == requests


def test_custom_domain_with_a_managed_certificate(tls_run):
    # Review item 1: a ManagedCertificate is refused until the hostname is on an app or route
    # (RequireCustomHostnameInEnvironment, microsoft/azure-container-apps#1570), so none is
    # registered: binding type Auto makes Container Apps issue and bind it ("If you set
    # bindingType: Auto, you don't need a certificateId", rule-based-routing-custom-domain).
    assert tls_run.of_type(CERT) == []
    domains = tls_run.one(ROUTES).plain()["properties"]["customDomains"]
    assert domains == [{"name": "shop.example.com", "bindingType": "Auto"}]
    assert tls_run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"
    # The TXT asuid.<host> record needs the environment's verification ID: an output.
    env = tls_run.one("radius:index:Environment")
    assert env.outputs["custom_domain_verification_id"] == VERIFICATION_ID
    assert env.outputs["static_ip"] == "10.0.0.4"


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


INTERNAL = dict(subnet_id=SUBNET_ID, private_endpoint_subnet_id=PE_SUBNET_ID)


def test_an_internal_gateway_in_an_internal_environment():
    run = run_program(program(internal=True, compute=aca_compute(**INTERNAL)))
    assert {r.plain()["configuration"]["ingress"]["external"] for r in run.of_type(APP)} == {False}
    assert run.one(ROUTES)
    # The route's FQDN is under the default domain, which resolves in the network only through
    # a private zone of that name with `*` -> the static IP (Container Apps networking, DNS).
    zone = run.one("azure-native:privatedns:PrivateZone", "prod-default-domain-zone").plain()
    assert zone["privateZoneName"] == DEFAULT_DOMAIN
    record = run.one("azure-native:privatedns:PrivateRecordSet", "prod-default-domain-record").plain()
    assert record["relativeRecordSetName"] == "*" and record["aRecords"] == [{"ipv4Address": "10.0.0.4"}]
    link = run.one("azure-native:privatedns:VirtualNetworkLink", "prod-default-domain-link").plain()
    assert link["virtualNetwork"]["id"] == SUBNET_ID.rsplit("/subnets/", 1)[0]


@pytest.mark.parametrize("gateway, compute", [
    # Review item 2: an external environment publishes every route; internal=True there was
    # silently public.
    ({"internal": True}, {}),
    # An internal environment "has no public endpoint" (Container Apps networking): a public
    # gateway there was a URL that resolved nowhere.
    ({}, INTERNAL),
])
def test_internal_must_match_the_environment(gateway, compute):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(compute=aca_compute(**compute), **gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert "internal" in [e.field for e in errors]


def test_a_managed_certificate_needs_a_public_environment():
    # Free managed certificates need the app "publicly accessible" for DigiCert's validation
    # (custom-domains-managed-certificates, "Free certificate requirements").
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(compute=aca_compute(**INTERNAL), internal=True,
                            hostname={"fullyQualifiedHostname": "shop.example.com"}, tls={"managed": True}))
    errors = getattr(exc.value, "errors", [exc.value])
    assert "tls.managed" in [e.field for e in errors]


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


def test_an_existing_default_domain_zone_is_not_created_again():
    # The Container Apps docs tell users of an internal environment to make this zone by hand;
    # a second zone of the name linked to the same network fails ("A virtual network cannot be
    # linked to multiple zones with overlapping namespaces"), so an existing one is named.
    zone_id = (f"/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/{DEFAULT_DOMAIN}")
    run = run_program(program(internal=True, compute=aca_compute(private_dns_zone_ids={"environment": zone_id}, **INTERNAL)))
    assert [r.name for r in run.of_type("azure-native:privatedns:PrivateZone") if "default-domain" in r.name] == []
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(internal=True, compute=aca_compute(
            private_dns_zone_ids={"environment": zone_id.replace("azurecontainerapps.io", "example.com")}, **INTERNAL)))
    assert "compute.private_dns_zone_ids.environment" in [e.field for e in getattr(exc.value, "errors", [exc.value])]
