"""rad.Gateway on Azure Container Instances: Application Gateway v2 in the environment's
`gateways` subnet, backends by the containers' private DNS names, TLS from Key Vault with a
grant on exactly that secret; inputs checked against pulumi-azure-native's input types."""

from __future__ import annotations

import re

import pytest
from pulumi_azure_native import network

from tests.helpers.aci import SUBSCRIPTION, aci_compute, run_with_options
from tests.helpers.azure_schema import NETWORK_NAME, pulumi_strict, resource_args
from tests.helpers.mocks import run_program

import radius_components as rad
from radius_components.platforms.aci.gateway import default_dns_label

APPGW = "azure-native:network:ApplicationGateway"
IP = "azure-native:network:PublicIPAddress"
ROLE = "azure-native:authorization:RoleAssignment"
VAULT = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/shopkv"
SECRET_ID = "https://shopkv.vault.azure.net/secrets/shop-cert"
TWO_ROUTES = [{"path": "/", "destination": "http://web:3000"},
              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}]


def program(routes=TWO_ROUTES, compute=None, **gateway):
    def run():
        env = rad.Environment("prod", compute=compute or aci_compute(), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=routes, **gateway)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
        rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}})
        return gw.url
    return run


@pytest.fixture(scope="module")
def tls_run():
    return run_program(program(hostname={"fullyQualifiedHostname": "shop.example.com"},
                               tls={"certificateFrom": SECRET_ID}, runtimes={"aci": {"key_vault_id": VAULT}}))


def appgw_id(kind: str, name: str) -> str:
    return (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-prod/providers/Microsoft.Network/applicationGateways/"
            f"prod-shop-public/{kind}/{name}")


def test_the_gateway_lives_in_its_own_subnet_with_a_public_ip(tls_run):
    gw = tls_run.one(APPGW).plain()
    assert gw["sku"] == {"name": "Standard_v2", "tier": "Standard_v2"}
    assert gw["gatewayIPConfigurations"] == [{"name": "gateway", "subnet": {"id": "prod-vnet_id/subnets/gateways"}}]
    assert gw["frontendIPConfigurations"] == [{"name": "public", "publicIPAddress": {"id": "public-ip_id"}}]
    ip = tls_run.one(IP, "public-ip").plain()
    assert ip["sku"] == {"name": "Standard", "tier": "Regional"} and ip["publicIPAllocationMethod"] == "Static"
    assert NETWORK_NAME.match(gw["applicationGatewayName"]) and NETWORK_NAME.match(ip["publicIpAddressName"])


def test_backends_are_the_containers_private_dns_names(tls_run):
    gw = tls_run.one(APPGW).plain()
    assert gw["backendAddressPools"] == [
        {"name": "api-8080", "backendAddresses": [{"fqdn": "shop-api.prod.radius.internal"}]},
        {"name": "web-3000", "backendAddresses": [{"fqdn": "shop-web.prod.radius.internal"}]}]
    # The same names other containers use (see README: the record follows a group's IP at
    # the next `pulumi up --refresh`).
    hosts = {r.name: r.outputs["internal_hostname"] for r in tls_run.of_type("radius:index:Container")}
    assert hosts == {"web": "shop-web.prod.radius.internal", "api": "shop-api.prod.radius.internal"}
    assert {(s["name"], s["port"], s["protocol"]) for s in gw["backendHttpSettingsCollection"]} == \
        {("api-8080", 8080, "Http"), ("web-3000", 3000, "Http")}


def test_path_routing_with_a_rewrite_and_https(tls_run):
    gw = tls_run.one(APPGW).plain()
    path_map = gw["urlPathMaps"][0]
    assert path_map["defaultBackendAddressPool"] == {"id": appgw_id("backendAddressPools", "web-3000")}
    assert path_map["pathRules"] == [{
        "name": "route-api", "paths": ["/api", "/api/*"],
        "backendAddressPool": {"id": appgw_id("backendAddressPools", "api-8080")},
        "backendHttpSettings": {"id": appgw_id("backendHttpSettingsCollection", "api-8080")},
        "rewriteRuleSet": {"id": appgw_id("rewriteRuleSets", "route-api")}}]
    rewrite = gw["rewriteRuleSets"][0]["rewriteRules"][0]
    assert rewrite["conditions"][0]["pattern"] == "^/api/?(.*)$"
    assert rewrite["actionSet"]["urlConfiguration"] == {"modifiedPath": "/{var_uri_path_1}", "reroute": False}
    listeners = {l["name"]: l for l in gw["httpListeners"]}
    assert listeners["https"]["protocol"] == "Https" and listeners["https"]["hostName"] == "shop.example.com"
    assert listeners["https"]["sslCertificate"] == {"id": appgw_id("sslCertificates", "tls")}
    assert gw["sslCertificates"] == [{"name": "tls", "keyVaultSecretId": SECRET_ID}]
    assert gw["sslPolicy"] == {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"}
    rules = {r["name"]: r for r in gw["requestRoutingRules"]}
    assert rules["routes"]["ruleType"] == "PathBasedRouting" and rules["to-https"]["ruleType"] == "Basic"
    assert tls_run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"


def test_the_certificate_grant_is_exactly_that_secret(tls_run):
    grants = [r.plain() for r in tls_run.of_type(ROLE) if r.plain()["principalId"] == "principal-public-identity"]
    assert len(grants) == 1
    assert grants[0]["scope"] == f"{VAULT}/secrets/shop-cert"
    assert grants[0]["roleDefinitionId"].endswith("/4633458b-17de-408a-b874-0445c86b69e6")  # Key Vault Secrets User
    assert tls_run.one(APPGW).plain()["identity"]["type"] == "UserAssigned"


def test_the_application_gateway_uses_only_properties_the_provider_defines(tls_run):
    problems: list[str] = []
    pulumi_strict(resource_args(network.ApplicationGateway), network._inputs, tls_run.one(APPGW).plain(), "appgw", problems)
    assert problems == []


def test_without_tls_it_is_http_on_the_public_ips_name():
    run = run_program(program())
    gw = run.one(APPGW).plain()
    assert [l["protocol"] for l in gw["httpListeners"]] == ["Http"] and "sslCertificates" not in gw
    label = default_dns_label(SUBSCRIPTION, "prod", "rg-prod", "shop", "public")
    assert run.one("radius:index:Gateway").outputs["url"] == f"http://{label}.westeurope.cloudapp.azure.com"


def test_the_default_dns_label_is_unique_per_subscription():
    # `<label>.<region>.cloudapp.azure.com` is unique in the region across all of Azure
    # ("must be unique within the Azure location", learn.microsoft.com/azure/virtual-network/
    # ip-services/public-ip-addresses#dns-name-label): with stock names, a label without the
    # subscription would be taken by the first subscription that deploys the demo.
    label = default_dns_label(SUBSCRIPTION, "prod", "rg-prod", "shop", "public")
    assert label == default_dns_label(SUBSCRIPTION, "prod", "rg-prod", "shop", "public")
    assert label != default_dns_label("00000000-0000-0000-0000-000000000001", "prod", "rg-prod", "shop", "public")
    assert label.startswith("prod-shop-public-") and len(label) <= 63
    long = default_dns_label(SUBSCRIPTION, "e" * 40, "rg", "a" * 40, "g" * 40)
    assert len(long) <= 63 and re.fullmatch(r"[a-z][a-z0-9-]{1,61}[a-z0-9]", long)
    digit = default_dns_label(SUBSCRIPTION, "1env", "rg", "a" * 60, "g")
    assert len(digit) <= 63 and re.fullmatch(r"[a-z][a-z0-9-]{1,61}[a-z0-9]", digit)
    run = run_program(program())
    assert run.one(IP, "public-ip").plain()["dnsSettings"] == {"domainNameLabel": label}
    # A label the user chose (hostname.prefix) is theirs to keep unique.
    run = run_program(program(hostname={"prefix": "myshop"}))
    assert run.one(IP, "public-ip").plain()["dnsSettings"] == {"domainNameLabel": "myshop"}


def test_a_single_root_route_is_a_basic_rule():
    # A URL path map needs at least one path rule (ApplicationGatewayUrlPathMap.pathRules;
    # azurerm's url_path_map.path_rule is "one or more"): with only `/`, no map, a Basic rule
    # straight to the backend.
    run = run_program(program(routes=[{"path": "/", "destination": "http://web:3000"}]))
    gw = run.one(APPGW).plain()
    assert "urlPathMaps" not in gw
    assert gw["requestRoutingRules"] == [{
        "name": "routes", "ruleType": "Basic", "priority": 100, "httpListener": {"id": appgw_id("httpListeners", "http")},
        "backendAddressPool": {"id": appgw_id("backendAddressPools", "web-3000")},
        "backendHttpSettings": {"id": appgw_id("backendHttpSettingsCollection", "web-3000")}}]
    problems: list[str] = []
    pulumi_strict(resource_args(network.ApplicationGateway), network._inputs, gw, "appgw", problems)
    assert problems == []


def test_every_routing_rule_has_a_priority(tls_run):
    # From API 2021-08-01 on a v2 gateway refuses request routing rules without a priority
    # (learn.microsoft.com/azure/application-gateway/configuration-request-routing-rules).
    rules = tls_run.one(APPGW).plain()["requestRoutingRules"]
    priorities = [r.get("priority") for r in rules]
    assert None not in priorities and len(set(priorities)) == len(priorities)
    for rule in rules:
        assert (rule["ruleType"] == "PathBasedRouting") == ("urlPathMap" in rule)


def test_the_gateway_waits_for_its_backends_dns_records():
    # Its backend pools hold the containers' names as plain FQDNs: created before the records,
    # its probes get NXDOMAIN and it answers 502 until they appear.
    run, options = run_with_options(program())
    records = {r.urn for r in run.of_type("azure-native:privatedns:PrivateRecordSet")
               if r.name in ("web-dns", "api-dns")}
    assert len(records) == 2
    assert records <= set(options["public-appgw"]["dependencies"])
    gw = run.one("radius:index:Gateway").outputs
    assert gw["application_gateway_id"] == (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-prod/providers/"
                                            "Microsoft.Network/applicationGateways/prod-shop-public")


def test_an_undeclared_destination_is_an_error():
    """Leaving the Application Gateway out would delete the entry point of an existing stack:
    the program is refused before anything registers."""
    def run():
        env = rad.Environment("prod", compute=aci_compute(), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        rad.Gateway("public", application=app, routes=TWO_ROUTES)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(run)
    assert "never declared" in exc.value.problem


@pytest.mark.parametrize("gateway, field", [
    ({"internal": True}, "internal"),
    ({"tls": {"managed": True}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.managed"),
    ({"tls": {"certificateFrom": SECRET_ID}}, "runtimes.aci.key_vault_id"),
    ({"tls": {"certificateFrom": "shop-cert"}, "runtimes": {"aci": {"key_vault_id": VAULT}}}, "tls.certificate_from"),
    ({"runtimes": {"aci": {"sku": "WAF_v2"}}}, "runtimes.aci.sku"),
])
def test_what_is_not_built_is_an_error(gateway, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(**gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert field in [e.field for e in errors], [str(e) for e in errors]


def test_your_own_network_needs_a_gateway_subnet():
    subnet = (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/"
              "subnets/aci")
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(compute=aci_compute(subnet_id=subnet, load_balancer_subnet_id=subnet.replace("aci", "lb"))))
    assert exc.value.field == "application.environment.compute.gateway_subnet_id"
    own = subnet.replace("aci", "appgw")
    run = run_program(program(compute=aci_compute(subnet_id=subnet, load_balancer_subnet_id=subnet.replace("aci", "lb"),
                                                  gateway_subnet_id=own)))
    assert run.one(APPGW).plain()["gatewayIPConfigurations"][0]["subnet"] == {"id": own}


def probed_program(probe_path=None, **api_container):
    def run():
        env = rad.Environment("prod", compute=aci_compute(), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        gw = rad.Gateway("public", application=app, routes=TWO_ROUTES,
                         runtimes={"aci": {"probe_path": probe_path}} if probe_path else {})
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})
        rad.Container("api", application=app, container={"image": "api", **api_container})
        return gw.url
    return run


def test_health_probes_follow_the_routed_containers_readiness_probe():
    # Review item 9: without a probe Application Gateway asks for `/` and counts only
    # 200-399 as healthy ("Default health probe", application-gateway-probe-overview): an API
    # whose `/` is 404 would be down and its routes 502. The probe follows the container's
    # httpGet readiness probe: path, port as exposed, timings; Host from the backend settings.
    run = run_program(probed_program(
        ports={"http": {"container_port": 8080}, "admin": {"container_port": 9090}},
        readiness_probe={"kind": "httpGet", "container_port": 9090, "path": "/healthz", "periodSeconds": 5,
                         "timeoutSeconds": 2, "failureThreshold": 4}))
    gw = run.one(APPGW).plain()
    assert gw["probes"] == [{"name": "api-8080", "protocol": "Http", "path": "/healthz", "port": 9090,
                             "pickHostNameFromBackendHttpSettings": True, "match": {"statusCodes": ["200-399"]},
                             "interval": 5, "timeout": 2, "unhealthyThreshold": 4}]
    settings = {s["name"]: s for s in gw["backendHttpSettingsCollection"]}
    assert settings["api-8080"]["probe"] == {"id": appgw_id("probes", "api-8080")}
    assert "probe" not in settings["web-3000"]  # no probe of its own: the default, with a warning
    assert any("container 'web' has no httpGet readiness" in w for w in run.warnings)
    problems: list[str] = []
    pulumi_strict(network.ApplicationGatewayArgs, network._inputs, gw, "appgw", problems)
    assert problems == []


def test_probe_path_override():
    run = run_program(probed_program(probe_path="/status", ports={"http": {"container_port": 8080}}))
    probes = {p["name"]: p for p in run.one(APPGW).plain()["probes"]}
    assert probes["api-8080"]["path"] == "/status" and probes["web-3000"]["path"] == "/status"
    assert "port" not in probes["api-8080"]
