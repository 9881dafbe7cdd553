"""The network resources the Azure kinds register (virtual network, NAT gateway and its public
IP, private endpoints and DNS zone groups, private DNS zones and links, DNS records, load
balancers) use only properties, enum values and names Azure accepts.

No azure-mgmt-network SDK is installed here, so inputs are checked against
pulumi-azure-native's own input types (the provider's view of the API: an unknown key reaches
ARM, which rejects it), enum values against the SDK's enums, and names against Azure's naming
rules for Microsoft.Network resources: 1-80 letters, digits, '_', '.', '-', starting with a
letter or digit and ending with a letter, digit or '_'.
"""

from __future__ import annotations


import pytest
from pulumi_azure_native import network, privatedns

from tests.helpers.aca import everything as aca_everything
from tests.helpers.aci import as_program, demo as aci_demo, everything as aci_everything
from tests.helpers.azure_schema import NETWORK_NAME, pulumi_strict, resource_args
from tests.helpers.azure_types import ENDPOINT, LINK, NAT, PUBLIC_IP, ZONE, ZONE_GROUP
from tests.helpers.mocks import run_program

VNET = "azure-native:network:VirtualNetwork"
LB = "azure-native:network:LoadBalancer"
RECORD = "azure-native:privatedns:PrivateRecordSet"

ARGS = {
    VNET: (resource_args(network.VirtualNetwork), network._inputs),
    NAT: (resource_args(network.NatGateway), network._inputs),
    PUBLIC_IP: (resource_args(network.PublicIPAddress), network._inputs),
    ENDPOINT: (resource_args(network.PrivateEndpoint), network._inputs),
    ZONE_GROUP: (resource_args(network.PrivateDnsZoneGroup), network._inputs),
    LB: (resource_args(network.LoadBalancer), network._inputs),
    ZONE: (resource_args(privatedns.PrivateZone), privatedns._inputs),
    LINK: (resource_args(privatedns.VirtualNetworkLink), privatedns._inputs),
    RECORD: (resource_args(privatedns.PrivateRecordSet), privatedns._inputs),
}
# The Microsoft.Network name inputs of each resource type.
NAME_KEYS = {VNET: "virtualNetworkName", NAT: "natGatewayName", PUBLIC_IP: "publicIpAddressName",
             ENDPOINT: "privateEndpointName", ZONE_GROUP: "privateDnsZoneGroupName", LB: "loadBalancerName",
             LINK: "virtualNetworkLinkName"}
BUILDS = {"aci-demo": as_program(aci_demo), "aci-everything": as_program(aci_everything),
          "aca-everything": as_program(aca_everything)}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def run(request):
    return run_program(BUILDS[request.param])


def test_every_network_resource_uses_only_properties_the_provider_defines(run):
    checked = 0
    for r in run.resources:
        if r.type in ARGS:
            cls, inputs = ARGS[r.type]
            problems: list[str] = []
            pulumi_strict(cls, inputs, r.plain(), r.name, problems)
            assert problems == [], problems
            checked += 1
    assert checked >= 4


def test_network_names_follow_azure_rules(run):
    for r in run.resources:
        key = NAME_KEYS.get(r.type)
        if key is not None:
            name = r.plain()[key]
            assert NETWORK_NAME.match(name), (r.type, name)
    for r in run.of_type(ZONE_GROUP):
        for config in r.plain()["privateDnsZoneConfigs"]:
            assert NETWORK_NAME.match(config["name"]), config


def test_enum_values_are_the_apis(run):
    for r in run.of_type(NAT):
        assert r.plain()["sku"]["name"] in [e.value for e in network.NatGatewaySkuName]
    for r in run.of_type(PUBLIC_IP):
        ip = r.plain()
        assert ip["sku"]["name"] in [e.value for e in network.PublicIPAddressSkuName]
        assert ip["sku"]["tier"] in [e.value for e in network.PublicIPAddressSkuTier]
        assert ip["publicIPAllocationMethod"] in [e.value for e in network.IPAllocationMethod]
        assert ip["publicIPAddressVersion"] in [e.value for e in network.IPVersion]


def test_long_names_stay_valid_and_deterministic():
    import pulumi

    import radius_components as rad
    from tests.helpers.aci import aci_compute

    def program():
        env = rad.Environment("e" * 70, compute=aci_compute(), protect_stateful=False)
        app = rad.Application("a" * 60, environment=env)
        rad.RedisCache("r" * 60, application=app)
        return pulumi.Output.from_input(None)

    first, second = run_program(program), run_program(program)
    for r in first.resources:
        key = NAME_KEYS.get(r.type)
        if key is not None:
            assert NETWORK_NAME.match(r.plain()[key]) and len(r.plain()[key]) <= 80, (r.type, r.plain()[key])
    assert sorted((r.name, str(r.inputs)) for r in first.resources if r.type in NAME_KEYS) == \
        sorted((r.name, str(r.inputs)) for r in second.resources if r.type in NAME_KEYS)


def test_the_strict_check_catches_what_arm_would_reject():
    problems: list[str] = []
    pulumi_strict(network.PrivateEndpointArgs, network._inputs,
                  {"privateEndpointName": "x", "subnet": {"id": "s", "natGateway": {"id": "n"}, "addressPrefx": "p"},
                   "privateLinkServiceConnections": [{"groupId": "redisEnterprise"}]}, "", problems)
    assert problems == [".subnet[0].addressPrefx: not a property of SubnetArgs",
                        ".privateLinkServiceConnections[0].groupId: not a property of PrivateLinkServiceConnectionArgs"]
