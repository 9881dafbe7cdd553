"""Existing `privatelink.*` zones (review item 3): `compute.private_dns_zone_ids` on aci and aca.

A virtual network links only one zone of a name ("A virtual network cannot be linked to
multiple zones with overlapping namespaces", microsoft-foundry/foundry-samples#214; "creating
multiple zones with the same name for a single virtual network is not supported", private link
FAQ, MicrosoftDocs/azure-docs#122956). The recipes always created and linked their own zones, so
a second environment on one network, or a landing zone whose hub owns the zones, failed."""

from __future__ import annotations

import pulumi
import pytest

import radius_components as rad
from tests.helpers.aca import PE_SUBNET_ID, SUBNET_ID, aca_compute
from tests.helpers.aci import SUBSCRIPTION, aci_compute
from tests.helpers.mocks import run_program

HUB = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones"
ZONE_IDS = {"postgres": f"{HUB}/privatelink.postgres.database.azure.com", "redis": f"{HUB}/privatelink.redis.azure.net",
            # The PostgreSQL login step's storage account (recipes/azure/db_login.py).
            "file": f"{HUB}/privatelink.file.core.windows.net"}
COMPUTES = {"aci": lambda **kw: aci_compute(**kw),
            "aca": lambda **kw: aca_compute(subnet_id=SUBNET_ID, private_endpoint_subnet_id=PE_SUBNET_ID, **kw)}


def program(compute):
    def run():
        env = rad.Environment("prod", compute=compute, protect_stateful=False)
        app = rad.Application("shop", environment=env)
        db = rad.SqlDatabase("orders", application=app)
        cache = rad.RedisCache("cache", application=app)
        rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                      connections={"orders": {"source": db}, "cache": {"source": cache}})
        return pulumi.Output.from_input(None)
    return run


@pytest.mark.parametrize("kind", sorted(COMPUTES))
def test_existing_zones_are_used_not_created(kind):
    run = run_program(program(COMPUTES[kind](private_dns_zone_ids=ZONE_IDS)))
    names = {r.plain()["privateZoneName"] for r in run.of_type("azure-native:privatedns:PrivateZone")}
    assert not names & {"privatelink.postgres.database.azure.com", "privatelink.redis.azure.net",
                        "privatelink.file.core.windows.net"}
    links = [r.name for r in run.of_type("azure-native:privatedns:VirtualNetworkLink")]
    assert not [n for n in links if "private-link" in n], links
    groups = {r.name: r.plain()["privateDnsZoneConfigs"][0]["privateDnsZoneId"]
              for r in run.of_type("azure-native:network:PrivateDnsZoneGroup")}
    expected = {"orders-private-dns": ZONE_IDS["postgres"], "cache-private-dns": ZONE_IDS["redis"]}
    if kind == "aci":  # aca's environment here has no script subnet: no login step, no file endpoint
        expected["orders-db-login-file-private-dns"] = ZONE_IDS["file"]
    assert groups == expected


@pytest.mark.parametrize("kind", sorted(COMPUTES))
@pytest.mark.parametrize("zone_ids, field", [
    ({"mysql": ZONE_IDS["postgres"]}, "compute.private_dns_zone_ids.mysql"),
    ({"redis": ZONE_IDS["postgres"]}, "compute.private_dns_zone_ids.redis"),
    ({"postgres": "privatelink.postgres.database.azure.com"}, "compute.private_dns_zone_ids.postgres"),
])
def test_zone_ids_are_checked(kind, zone_ids, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(COMPUTES[kind](private_dns_zone_ids=zone_ids)))
    assert field in [e.field for e in getattr(exc.value, "errors", [exc.value])]
