"""The network an aca environment creates from `compute.address_space` (deployment review of
the aca network, items A1 and A2): a changed range is a new network and a replaced
environment, never subnets edited in place; ranges Container Apps reserves are refused before
anything registers."""

from __future__ import annotations

import contextlib

import pulumi
import pytest

import radius_components as rad
from radius_components.platforms.aca.network import RESERVED
from tests.helpers.aca import aca_compute
from tests.helpers.aci import created_with, run_with_options
from tests.helpers.mocks import run_program

VNET = "azure-native:network:VirtualNetwork"
ENVIRONMENT = "azure-native:app:ManagedEnvironment"
RANDOM_ID = "random:index/randomId:RandomId"


def _app(address_space: str):
    def program():
        env = rad.Environment("prod", compute=aca_compute(address_space=address_space))
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 80}}})
    return program


def test_a_changed_range_is_a_new_network_and_replaces_the_environment():
    # A1. Azure refuses to change the range of a subnet in use (InUseSubnetCannotBeUpdated), and
    # an environment's infrastructure subnet "can not be changed after environment creation"
    # (ManagedEnvironmentInfraSubnetIdCannotBeUpdated; Azure/terraform-provider-azapi#826). So the
    # network's name follows its range (a new range: a new network, created beside the old one),
    # and the environment is replaced when its vnetConfiguration changes, deleting first since
    # its name is fixed in the resource group.
    first, options = run_with_options(_app("10.250.0.0/16"))
    with created_with("10.250.0.0/16"):
        second = run_program(_app("10.251.0.0/16"))
    names = [run.one(VNET).plain()["virtualNetworkName"] for run in (first, second)]
    assert names[0] == "prod-vnet" and names[1].startswith("prod-vnet-")
    assert run_program(_app("10.250.0.0/16")).one(VNET).plain()["virtualNetworkName"] == names[0]  # deterministic
    env = first.one(ENVIRONMENT)
    assert options[env.name]["replace_on_changes"] == ["vnetConfiguration"]
    assert options[env.name]["delete_before_replace"] is True


def test_the_network_keeps_the_name_of_the_range_the_stack_has():
    """Review R-AZ-6: naming every network after its range renamed the network of every stack
    created before (`<env>-vnet`): a new network, the environment deleted and created again (a new
    default domain), every app recreated, the private endpoints moved. The first range keeps
    `<env>-vnet` (fresh and upgraded stacks alike); only a later one gets a hashed name."""
    for first_range in (None, "10.250.0.0/16"):
        context = created_with(first_range) if first_range else contextlib.nullcontext()
        with context:
            run, options = run_with_options(_app("10.250.0.0/16"))
        assert run.one(VNET).plain()["virtualNetworkName"] == "prod-vnet"
    [recorder] = [r for r in run.of_type(RANDOM_ID) if r.name.endswith("-network-first-range")]
    assert recorder.plain()["keepers"] == {"address_space": "10.250.0.0/16"}
    # The recorder never follows the range: its keepers are the first range for the stack's life.
    assert recorder.ignore_changes == ["keepers"]
    # Back to the first range after a move: the old name again (a network beside the hashed one).
    with created_with("10.250.0.0/16"):
        assert run_program(_app("10.250.0.0/16")).one(VNET).plain()["virtualNetworkName"] == "prod-vnet"


def test_private_endpoints_and_zone_links_that_move_with_the_network_go_first():
    """A changed subnet replaces a private endpoint (Azure cannot move one between subnets:
    pulumi/pulumi-azure-native#3883) and a changed network a zone link; their names are fixed and
    azure-native's create refuses a name that exists (pulumi/pulumi-azure-native#303): deleted
    first, on every Azure kind (the class: every registered endpoint and link)."""
    def program():
        env = rad.Environment("prod", compute=aca_compute(address_space="10.250.0.0/16"), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        rad.SqlDatabase("db", application=app)
    run, options = run_with_options(program)
    endpoints = run.of_type("azure-native:network:PrivateEndpoint")
    links = run.of_type("azure-native:privatedns:VirtualNetworkLink")
    assert endpoints and links
    for r in endpoints + links:
        assert options[r.name]["delete_before_replace"] is True, r.name
    for r in links:
        assert options[r.name]["replace_on_changes"] == ["virtualNetwork"], r.name


def test_an_environment_without_a_network_keeps_its_options():
    run, options = run_with_options(_consumption_only)
    env = run.one(ENVIRONMENT)
    assert options[env.name]["replace_on_changes"] == [] and options[env.name]["delete_before_replace"] is False


def _consumption_only():
    env = rad.Environment("prod", compute=aca_compute())
    rad.Application("shop", environment=env)


# A2. "Subnet address ranges can't overlap with the following ranges reserved by Azure Kubernetes
# Services: 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24. In addition, a workload
# profiles environment reserves ... 100.100.0.0/17, 100.100.128.0/19, 100.100.160.0/19,
# 100.100.192.0/19" (Container Apps networking, "Subnet address range restrictions",
# learn.microsoft.com/azure/container-apps/custom-virtual-networks; MicrosoftDocs/azure-docs
# articles/container-apps). Those eight are all the docs list for workload profiles environments
# (every environment this kind creates is one: it has the Consumption profile).
def test_the_reserved_ranges_are_the_documented_ones():
    assert sorted(map(str, RESERVED)) == sorted([
        "169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24",
        "100.100.0.0/17", "100.100.128.0/19", "100.100.160.0/19", "100.100.192.0/19"])


@pytest.mark.parametrize("space", ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/22", "192.0.0.0/22",
                                   "100.100.0.0/16", "100.100.192.0/22", "100.64.0.0/10"])
def test_an_address_space_over_a_reserved_range_registers_nothing(space):
    errors: list[Exception] = []

    def program():
        try:
            _app(space)()
        except rad.RadiusValidationError as exc:
            errors.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert [r.type for r in run.resources if r.custom] == []
    (error,) = errors
    assert error.field == "compute.address_space" and error.value == space and "reserves" in error.problem


@pytest.mark.parametrize("space", ["10.250.0.0/16", "172.16.0.0/16", "192.168.0.0/22", "100.101.0.0/16"])
def test_private_ranges_outside_them_are_accepted(space):
    assert run_program(_app(space)).one(VNET).plain()["addressSpace"] == {"addressPrefixes": [space]}
