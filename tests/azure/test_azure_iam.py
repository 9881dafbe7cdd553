"""Shared Azure pieces (platforms/azure): role resolution, names, ARM ID parsing."""

from __future__ import annotations

import pytest

from radius_components.platforms.azure import iam
from radius_components.platforms.azure import names as az

READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"


@pytest.mark.parametrize("role", ["Reader", "reader", READER, READER.upper(),
                                  f"/providers/Microsoft.Authorization/roleDefinitions/{READER}",
                                  f"/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/{READER}"])
def test_roles_by_name_guid_or_definition_id(role):
    assert iam.resolve_role(role) == READER


@pytest.mark.parametrize("role", ["Owner", "User Access Administrator", "Cache Wizard", "not-a-guid"])
def test_unknown_and_privileged_roles_are_not_resolved(role):
    assert iam.resolve_role(role) is None


def test_role_assignment_names_are_deterministic_guids():
    a = az.role_assignment_name("prod", "rg", "todo", "demo", "cache", READER)
    assert a == az.role_assignment_name("prod", "rg", "todo", "demo", "cache", READER)
    assert az.is_guid(a)
    assert a != az.role_assignment_name("staging", "rg", "todo", "demo", "cache", READER)


def test_arm_id_parsing():
    assert az.parse_resource_group("rg-prod") == (None, "rg-prod")
    assert az.parse_resource_group("/subscriptions/s1/resourceGroups/rg-x") == ("s1", "rg-x")
    sub = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a"
    assert az.vnet_of_subnet(sub) == sub.rsplit("/subnets/", 1)[0]
    assert az.vnet_of_subnet("/subscriptions/s/resourceGroups/r") is None
    assert az.image_registry("myreg.azurecr.io/app:1") == "myreg.azurecr.io"
    assert az.image_registry("nginx:1.27") is None and az.image_registry("library/nginx") is None


def test_names_follow_aci_rules():
    for parts in [("Shop", "Back_End"), ("a" * 70,), ("x", "--y--")]:
        name = az.aci_name(*parts)
        assert az.ACI_NAME.match(name) and len(name) <= 63, name
    assert az.aci_name("___") is None
    assert az.alnum_name("todo-demo", "cache", max_length=60) == "tododemocache"
    assert len(az.alnum_name("x" * 90, max_length=60)) == 60


def test_role_definition_ids_are_in_the_scopes_subscription():
    # ARM returns roleDefinitionId under the subscription of the assignment's scope, whatever
    # the PUT said (terraform-provider-azurerm#8558, Azure/azure-rest-api-specs#10939); and
    # roleDefinitionId forces replacement (pulumi-azure-native#1010). A registry in another
    # subscription than the deployer's must get its grant in the registry's subscription.
    from tests.helpers.mocks import run_program
    from tests.helpers.aci import SUBSCRIPTION, aci_compute

    import radius_components as rad

    other = "11111111-2222-3333-4444-555555555555"
    registry = f"/subscriptions/{other}/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/shopreg"

    def program():
        env = rad.Environment("prod", compute=aci_compute(registries={"shopreg.azurecr.io": registry}),
                              protect_stateful=False)
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "shopreg.azurecr.io/web:1"})

    run = run_program(program)
    pull = next(r.plain() for r in run.of_type("azure-native:authorization:RoleAssignment")
                if r.plain()["scope"] == registry)
    assert pull["roleDefinitionId"] == f"/subscriptions/{other}/providers/Microsoft.Authorization/roleDefinitions/{iam.ACR_PULL}"
    assert other != SUBSCRIPTION
    assert iam.scope_subscription("/providers/Microsoft.Management/managementGroups/x") is None
    assert iam.scope_subscription(f"/subscriptions/{other}") == other
