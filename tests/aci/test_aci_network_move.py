"""A changed address plan on aci (`address_space` or any `*_subnet_prefix`): a new network, named
from the plan, that everything using the old one moves to; the plan a stack was created with
keeps the names it always had.

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


def _program(address_space: str = FIRST, **prefixes: str):
    def program():
        env = rad.Environment("prod", compute=aci_compute(address_space=address_space, **prefixes),
                              protect_stateful=False)
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


def _subnets(run) -> dict[str, str]:
    return {s["name"]: s["addressPrefix"] for s in run.one(VNET).plain()["subnets"]}


def _subnet_references(run) -> list[str]:
    """Every subnet or network ID a resource of the program holds (what must follow the network)."""
    group = run.one("azure-native:containerinstance:ContainerGroup").plain()
    ngroup = run.one("azure-native:containerinstance:NGroup").plain()
    return [*(s["id"] for s in group["subnetIds"]),
            *(s["id"] for p in ngroup["containerGroupProfiles"] for s in p["containerGroupProperties"]["subnetIds"]),
            *(fe["subnet"]["id"] for fe in run.one(LB).plain()["frontendIPConfigurations"]),
            *(c["subnet"]["id"] for c in run.one("azure-native:network:ApplicationGateway").plain()["gatewayIPConfigurations"]),
            run.one("azure-native:network:PrivateEndpoint").plain()["subnet"]["id"],
            *(link.plain()["virtualNetwork"]["id"] for link in run.of_type("azure-native:privatedns:VirtualNetworkLink"))]


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


# Review R-AZL-11: Azure refuses a new range for a subnet in use (InUseSubnetCannotBeUpdated;
# "Add, change, or delete a virtual network subnet", learn.microsoft.com/azure/virtual-network/
# virtual-network-manage-subnet: "If no resources are deployed within the subnet, you can change
# the address range. If any resources exist in the subnet, you must first either move the
# resources to another subnet or delete them"), whether the address space changes or only the
# subnet's prefix.
MOVED_PREFIXES = [
    {"subnet_prefix": "10.240.8.0/22"},
    {"load_balancer_subnet_prefix": "10.240.12.0/24"},
    {"private_endpoint_subnet_prefix": "10.240.13.0/24"},
    {"gateway_subnet_prefix": "10.240.14.0/24"},
]


@pytest.mark.parametrize("prefix", MOVED_PREFIXES, ids=lambda p: next(iter(p)))
def test_a_changed_subnet_prefix_alone_is_a_new_network(prefix):
    with created_with(FIRST):
        before, _ = run_with_options(_program())
        moved, options = run_with_options(_program(**prefix))
    old, new = _names(before), _names(moved)
    assert old == {"vnet": "prod-vnet", "nat": "prod-nat", "nat-ip": "prod-nat-ip", "ilb": "shop-api-ilb"}
    tag = new["vnet"].removeprefix("prod-vnet-")
    assert tag != new["vnet"] and tag
    assert new == {"vnet": f"prod-vnet-{tag}", "nat": f"prod-nat-{tag}", "nat-ip": f"prod-nat-ip-{tag}",
                   "ilb": f"shop-api-ilb-{tag}"}
    # The new prefix is in the new network (a new resource: its name changed), never an edit.
    [(field, value)] = prefix.items()
    assert value in _subnets(moved).values() and value not in _subnets(before).values()
    # Every reference to the network is to the new one (derived from its ID), and what holds one
    # is replaced onto it, deleting first (fixed names).
    vnet = _id(moved.one(VNET))
    refs = _subnet_references(moved)
    assert refs and all(r == vnet or r.startswith(f"{vnet}/subnets/") for r in refs), refs
    for name in ("web-group", "api-ngroup", "public-appgw"):
        assert options[name]["delete_before_replace"] is True, name
    # The same plan in the same state: byte-identical inputs (a second `up` shows no diff).
    with created_with(FIRST):
        again = run_program(_program(**prefix))
    assert {(r.type, r.name): r.plain() for r in again.resources} == {
        (r.type, r.name): r.plain() for r in moved.resources}


def test_the_first_plan_keeps_the_historical_names_with_its_own_prefixes():
    # A stack created with given prefixes keeps `<env>-vnet` for them; one that changes only a
    # prefix gets the hashed names; each plan has its own hash.
    custom = {"subnet_prefix": "10.240.8.0/22", "gateway_subnet_prefix": "10.240.14.0/24"}
    assert _names(run_program(_program(**custom)))["vnet"] == "prod-vnet"  # fresh stack
    with created_with(FIRST, **custom):
        assert _names(run_program(_program(**custom)))["vnet"] == "prod-vnet"
        back = _names(run_program(_program()))["vnet"]
        other = _names(run_program(_program(subnet_prefix="10.240.8.0/22")))["vnet"]
    assert back.startswith("prod-vnet-") and other.startswith("prod-vnet-") and back != other


def test_the_recorder_keeps_the_whole_first_plan():
    run, _ = run_with_options(_program(subnet_prefix="10.240.8.0/22"))
    [recorder] = [r for r in run.of_type("random:index/randomId:RandomId")]
    assert recorder.name == "prod-network-first-plan"
    assert recorder.plain()["keepers"] == {"address_space": FIRST, "containers": "10.240.8.0/22",
                                           "load-balancers": "10.240.4.0/24", "private-endpoints": "10.240.5.0/24",
                                           "gateways": "10.240.6.0/24"}
    # Never follows the plan: its keepers are the first plan for the stack's life.
    assert recorder.ignore_changes == ["keepers"]


def test_the_shared_naming_keeps_acas_names():
    # aca's plan is its range (its subnets follow address_space alone): its recorder, its
    # keepers and its hashed names stay what existing aca stacks have (platforms/aca/network.py).
    from radius_components.names import short_hash
    from radius_components.platforms.aca.network import network_name
    from radius_components.platforms.azure.network_range import plan_key

    assert plan_key({"address_space": "10.251.0.0/16"}) == "10.251.0.0/16"
    assert network_name("prod", "10.250.0.0/16", "10.250.0.0/16") == "prod-vnet"
    assert network_name("prod", "10.251.0.0/16", "10.250.0.0/16") == f"prod-vnet-{short_hash('10.251.0.0/16')}"
    # aci's key names every subnet, by name, so the order they are created in does not matter.
    assert plan_key({"address_space": "s", "b": "2", "a": "1"}) == plan_key({"a": "1", "address_space": "s", "b": "2"})
