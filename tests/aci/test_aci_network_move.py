"""A changed `address_space` on aci: a new network, named from its range, that everything using
the old one moves to; the range a stack was created with keeps the names it always had.

Azure refuses to change the range of a subnet in use (InUseSubnetCannotBeUpdated), so the
network is never edited in place. "A NAT gateway can't span multiple virtual networks" (NAT
gateway resource, learn.microsoft.com/azure/nat-gateway/nat-gateway-resource): the new network
gets a NAT gateway (and public IP) of its own. An Application Gateway moves "across subnets
within the same virtual network only" (Application Gateway FAQ), so it is replaced; so are the
container groups (ACI: the network profile cannot change in place, pulumi-azure-native#918)
and the NGroups, each deleting first as its name is fixed; the NGroups' internal load balancers
are named from the range too, created in the new network before the NGroups move.
"""

from __future__ import annotations

import pytest

import radius_components as rad
from tests.helpers.aci import aci_compute, created_with, run_with_options
from tests.helpers.azure_types import NAT, PUBLIC_IP
from tests.helpers.mocks import run_program

VNET = "azure-native:network:VirtualNetwork"
LB = "azure-native:network:LoadBalancer"
FIRST = "10.240.0.0/16"


def _id(resource) -> str:
    return f"{resource.name}_id"  # the mocks' ID of a resource (radius_components.testing)


def _program(address_space: str = FIRST):
    def program():
        env = rad.Environment("prod", compute=aci_compute(address_space=address_space), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        db = rad.RedisCache("db", application=app)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}},
                      connections={"cache": {"source": db}})
        rad.Container("api", application=app, container={"image": "api", "ports": {"http": {"container_port": 8080}}},
                      extensions=[{"kind": "manualScaling", "replicas": 2}])
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://web:3000"}])
    return program


def _names(run) -> dict[str, str]:
    return {"vnet": run.one(VNET).plain()["virtualNetworkName"],
            "nat": run.one(NAT).plain()["natGatewayName"],
            "nat-ip": run.one(PUBLIC_IP, "prod-nat-ip").plain()["publicIpAddressName"],
            "ilb": run.one(LB).plain()["loadBalancerName"]}


def test_the_first_range_keeps_the_names_existing_stacks_have():
    # Upgrading must rename nothing: a stack created before this records its current range.
    assert _names(run_program(_program())) == {"vnet": "prod-vnet", "nat": "prod-nat", "nat-ip": "prod-nat-ip",
                                               "ilb": "shop-api-ilb"}
    with created_with("10.250.0.0/16"):
        assert _names(run_program(_program("10.250.0.0/16")))["vnet"] == "prod-vnet"


def test_a_later_range_is_a_new_network_with_its_own_nat_gateway_ip_and_load_balancers():
    with created_with(FIRST):
        moved = run_program(_program("10.251.0.0/16"))
    names = _names(moved)
    tag = names["vnet"].removeprefix("prod-vnet-")
    assert tag != names["vnet"] and tag
    # The NGroup's load balancer too: created in the new network first, so the NGroup (replaced,
    # deleting first) has a pool to join there, and the old one is deleted once its pool is empty.
    assert names == {"vnet": f"prod-vnet-{tag}", "nat": f"prod-nat-{tag}", "nat-ip": f"prod-nat-ip-{tag}",
                     "ilb": f"shop-api-ilb-{tag}"}
    lb = moved.one(LB).plain()
    # Its rules name its own frontend and pool by the new name (they are built from it).
    rule = lb["loadBalancingRules"][0]
    assert rule["frontendIPConfiguration"]["id"].endswith(f"/loadBalancers/shop-api-ilb-{tag}/frontendIPConfigurations/frontend")
    assert rule["backendAddressPool"]["id"].endswith(f"/loadBalancers/shop-api-ilb-{tag}/backendAddressPools/replicas")
    # The containers' subnet takes the new network's NAT gateway (one network per NAT gateway).
    containers = next(s for s in moved.one(VNET).plain()["subnets"] if s["name"] == "containers")
    assert containers["natGateway"] == {"id": _id(moved.one(NAT))}
    assert moved.one(NAT).plain()["publicIpAddresses"] == [{"id": _id(moved.one(PUBLIC_IP, "prod-nat-ip"))}]
    # Same program, same state: same names (a second `up` shows no diff).
    with created_with(FIRST):
        assert _names(run_program(_program("10.251.0.0/16"))) == names


def test_everything_in_the_network_follows_it_and_is_replaced_deleting_first():
    run, options = run_with_options(_program())
    vnet = _id(run.one(VNET))

    def in_network(value) -> bool:
        return str(value).startswith(f"{vnet}/subnets/")

    group = run.one("azure-native:containerinstance:ContainerGroup").plain()
    assert all(in_network(s["id"]) for s in group["subnetIds"])
    ngroup = run.one("azure-native:containerinstance:NGroup").plain()
    assert all(in_network(s["id"]) for p in ngroup["containerGroupProfiles"]
               for s in p["containerGroupProperties"]["subnetIds"])
    lb = run.one("azure-native:network:LoadBalancer").plain()
    assert all(in_network(fe["subnet"]["id"]) for fe in lb["frontendIPConfigurations"])
    appgw = run.one("azure-native:network:ApplicationGateway").plain()
    assert all(in_network(c["subnet"]["id"]) for c in appgw["gatewayIPConfigurations"])
    assert in_network(run.one("azure-native:network:PrivateEndpoint").plain()["subnet"]["id"])

    expected = {
        "web-group": "subnetIds",
        "api-ngroup": "containerGroupProfiles[*].containerGroupProperties.subnetIds",
        "public-appgw": "gatewayIPConfigurations",
    }
    for name, path in expected.items():
        assert path in options[name]["replace_on_changes"], name
        assert options[name]["delete_before_replace"] is True, name
    # The network, NAT gateway and IP are created beside the old ones (their names differ), so
    # the groups have somewhere to go before the old network is deleted.
    for name in ("prod-vnet", "prod-nat-gateway", "prod-nat-ip", "api-load-balancer"):
        assert options[name]["delete_before_replace"] is False, name


@pytest.mark.parametrize("name, path", [
    ("api-ngroup", "containerGroupProfiles[*].containerGroupProperties.subnetIds"),
    ("public-appgw", "gatewayIPConfigurations"),
])
def test_replace_on_changes_paths_name_real_inputs(name, path):
    # A path that names no input never triggers: walk it through what was registered.
    run = run_program(_program())
    [resource] = [r for r in run.resources if r.name == name]
    value = resource.plain()
    for step in path.split("."):
        if step.endswith("[*]"):
            value = value[step[:-3]][0]
        else:
            value = value[step]
    assert value
