"""The created network's address ranges (review item 5): derived from address_space, checked
for containment and overlap before anything registers.

Azure refuses the whole virtual network PUT when a subnet lies outside the address space
(NetcfgSubnetRangeOutsideVnet) or overlaps another (NetcfgSubnetRangesOverlap), both quoted in
MicrosoftDocs/azure-docs#123869: the old fixed 10.240.6.0/24 `gateways` subnet broke every `up`
of an environment with a custom address_space, Gateway or not."""

from __future__ import annotations

import pulumi
import pytest

import radius_components as rad
from radius_components.platforms.aci.address_plan import plan
from tests.helpers.aci import aci_compute  # noqa: F401  (installs the mocks)
from tests.helpers.mocks import run_program

VNET = "azure-native:network:VirtualNetwork"


def network_of(**compute):
    def program():
        env = rad.Environment("prod", compute=aci_compute(**compute))
        rad.Application("shop", environment=env)
        return pulumi.Output.from_input(None)
    vnet = run_program(program).one(VNET).plain()
    return vnet["addressSpace"]["addressPrefixes"], {s["name"]: s["addressPrefix"] for s in vnet["subnets"]}


def test_the_default_space_keeps_the_historical_ranges():
    # An existing stack's network does not move.
    space, subnets = network_of()
    assert space == ["10.240.0.0/16"]
    assert subnets == {"containers": "10.240.0.0/22", "load-balancers": "10.240.4.0/24",
                       "private-endpoints": "10.240.5.0/24", "gateways": "10.240.6.0/24"}


def test_a_custom_space_brings_its_subnets_with_it():
    space, subnets = network_of(address_space="10.1.0.0/16")
    assert subnets == {"containers": "10.1.0.0/22", "load-balancers": "10.1.4.0/24",
                       "private-endpoints": "10.1.5.0/24", "gateways": "10.1.6.0/24"}


def test_the_gateways_subnet_takes_the_first_free_block():
    # A containers subnet covering 10.1.6.0 pushes it on, instead of overlapping.
    _, subnets = network_of(address_space="10.1.0.0/16", subnet_prefix="10.1.0.0/21",
                            load_balancer_subnet_prefix="10.1.8.0/24", private_endpoint_subnet_prefix="10.1.9.0/24")
    assert subnets["gateways"] == "10.1.10.0/24"


def test_no_room_for_the_gateways_subnet_leaves_it_out_and_refuses_only_a_gateway():
    compute = dict(address_space="10.1.0.0/22", subnet_prefix="10.1.0.0/23", load_balancer_subnet_prefix="10.1.2.0/24",
                   private_endpoint_subnet_prefix="10.1.3.0/24")
    _, subnets = network_of(**compute)
    assert "gateways" not in subnets

    def with_gateway():
        env = rad.Environment("prod", compute=aci_compute(**compute))
        app = rad.Application("shop", environment=env)
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://web:80"}])
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(with_gateway)
    fields = [e.field for e in getattr(exc.value, "errors", [exc.value])]
    assert "application.environment.compute.gateway_subnet_prefix" in fields


@pytest.mark.parametrize("compute, field, problem", [
    (dict(address_space="10.1.0.0/16", gateway_subnet_prefix="10.240.6.0/24"), "compute.gateway_subnet_prefix",
     "outside address_space"),
    (dict(address_space="10.1.0.0/16", subnet_prefix="10.1.0.0/20"), "compute.load_balancer_subnet_prefix",
     "overlaps the containers subnet"),
    (dict(address_space="10.1.0.0/24"), "compute.subnet_prefix", "no room"),
    (dict(address_space="10.1.0.1/16"), "compute.address_space", "not an IPv4 CIDR range"),
    (dict(subnet_id="/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
          load_balancer_subnet_id="/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/b",
          subnet_prefix="10.1.0.0/22"), "compute.subnet_prefix", "creates no subnets"),
])
def test_ranges_are_checked_before_anything_registers(compute, field, problem):
    def program():
        rad.Environment("prod", compute=aci_compute(**compute))
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program)
    errors = getattr(exc.value, "errors", [exc.value])
    assert any(e.field == field and problem in str(e) for e in errors), [str(e) for e in errors]


def test_the_plan_is_pure_and_deterministic():
    c = rad.AciCompute(resource_group="rg", location="westeurope", address_space="172.16.0.0/20")
    assert plan("x", c) == plan("x", c)
    assert plan("x", c).subnets["gateways"] == "172.16.6.0/24"
