"""Memorystore's network prerequisites on the cloudrun kind, under mocks.

- connect_mode PRIVATE_SERVICE_ACCESS needs the network's private services access (a
  VPC_PEERING range + a servicenetworking connection) before the instance: made once per
  environment and shared with Cloud SQL (recipes/gcp/private_services.py).
- DIRECT_PEERING picks a free range of the network: the instance waits for the subnet the
  environment creates, so the two cannot race for the same addresses.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.cloudrun import PROJECT, PROJECT_NUMBER, REDIS, compute
from tests.helpers.mocks import run_program

ADDRESS = "gcp:compute/globalAddress:GlobalAddress"
PEERING = "gcp:servicenetworking/connection:Connection"
API = "gcp:projects/service:Service"


def redis_app(parameters: dict[str, Any], sql: bool = False, **compute_kwargs: Any):
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER, **compute_kwargs),
                              protect_stateful=False)
        app = rad.Application("todo", environment=env)
        connections: dict[str, Any] = {"redis": {"source": rad.RedisCache("db", application=app,
                                                                          recipe={"parameters": parameters})}}
        if sql:
            connections["sql"] = {"source": rad.SqlDatabase("sql", application=app)}
        rad.Container("demo", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                      connections=connections)
        return pulumi.Output.from_input(None)
    return program


def test_private_service_access_creates_the_peering_first(deps):
    run = run_program(redis_app({"connect_mode": "PRIVATE_SERVICE_ACCESS"}, enable_apis=True))
    address = run.one(ADDRESS).plain()
    assert address["purpose"] == "VPC_PEERING" and address["addressType"] == "INTERNAL" and address["prefixLength"] == 16
    peering = run.one(PEERING)
    assert peering.plain()["service"] == "servicenetworking.googleapis.com"
    instance = run.one(REDIS)
    assert instance.plain()["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    assert peering.urn in deps[instance.name]
    # servicenetworking.googleapis.com is enabled (enable_apis), and the peering waits for it;
    # Cloud SQL's API is not, since there is no SqlDatabase.
    apis = {r.plain()["service"]: r.urn for r in run.of_type(API)}
    assert "servicenetworking.googleapis.com" in apis and "sqladmin.googleapis.com" not in apis
    assert apis["servicenetworking.googleapis.com"] in deps[peering.name]


def test_cloud_sql_and_memorystore_share_one_private_services_access(deps):
    run = run_program(redis_app({"connect_mode": "PRIVATE_SERVICE_ACCESS"}, sql=True, enable_apis=True))
    assert len(run.of_type(ADDRESS)) == 1 and len(run.of_type(PEERING)) == 1
    apis = [r.plain()["service"] for r in run.of_type(API)]
    assert len(apis) == len(set(apis))  # each API enabled once
    peering = run.one(PEERING).urn
    assert peering in deps[run.one(REDIS).name] and peering in deps["sql-instance"]


def test_on_a_given_network_the_peering_is_expected_unless_asked_for():
    given = {"network": "shared-vpc", "subnet": "run-egress"}
    run = run_program(redis_app({"connect_mode": "PRIVATE_SERVICE_ACCESS"}, **given))
    assert run.of_type(PEERING) == [] and run.one(REDIS).plain()["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    run = run_program(redis_app({"connect_mode": "PRIVATE_SERVICE_ACCESS", "private_services_access": "create"}, **given))
    assert run.one(PEERING).plain()["network"] == f"projects/{PROJECT}/global/networks/shared-vpc"


def test_direct_peering_makes_no_peering_and_waits_for_the_created_subnet(deps):
    run = run_program(redis_app({}))
    assert run.of_type(PEERING) == [] and run.of_type(ADDRESS) == []
    subnet = run.one("gcp:compute/subnetwork:Subnetwork")
    assert subnet.urn in deps[run.one(REDIS).name]


@pytest.mark.parametrize("parameters, field", [
    ({"private_services_access": "create"}, "recipe.parameters.private_services_access"),  # DIRECT_PEERING
    ({"connect_mode": "PRIVATE_SERVICE_ACCESS", "private_services_access": "maybe"},
     "recipe.parameters.private_services_access"),
    ({"connect_mode": "PRIVATE_SERVICE_ACCESS", "private_services_prefix_length": 28},
     "recipe.parameters.private_services_prefix_length"),
])
def test_bad_private_services_parameters_fail_before_anything_registers(parameters, field):
    caught: list[rad.RadiusValidationError] = []

    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        try:
            rad.RedisCache("db", application=app, recipe={"parameters": parameters})
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert caught and caught[0].field == field and "Fix: " in str(caught[0])
    assert run.of_type(REDIS) == [] and run.of_type(PEERING) == []


# -- a Shared VPC: the network and subnet of the host project, by path -----------------------------

HOST = "net-host-4711"
SHARED = {"network": f"projects/{HOST}/global/networks/shared-vpc",
          "subnet": f"projects/{HOST}/regions/europe-west4/subnetworks/run-egress"}


def test_a_shared_vpc_is_used_by_its_host_project_path():
    # The network ID was built from `compute.project`, which names the service project, not a
    # Shared VPC's host: Memorystore and Cloud SQL would be attached to a network that does
    # not exist. Paths name the host (cloud.google.com/run/docs/configuring/shared-vpc-direct-vpc).
    run = run_program(redis_app({}, sql=True, **SHARED))
    assert run.one(REDIS).plain()["authorizedNetwork"] == SHARED["network"]
    sql = run.one("gcp:sql/databaseInstance:DatabaseInstance").plain()
    assert sql["settings"]["ipConfiguration"]["privateNetwork"] == SHARED["network"]
    service = run.one("gcp:cloudrunv2/service:Service", "demo-service").plain()
    assert service["template"]["vpcAccess"]["networkInterfaces"] == [
        {"network": SHARED["network"], "subnetwork": SHARED["subnet"]}]
    assert run.of_type(PEERING) == []  # the host project's private services access is expected


def test_a_name_in_the_project_still_means_the_project():
    run = run_program(redis_app({}, network="shared-vpc", subnet="run-egress"))
    assert run.one(REDIS).plain()["authorizedNetwork"] == f"projects/{PROJECT}/global/networks/shared-vpc"


@pytest.mark.parametrize("network, subnet, field", [
    (SHARED["network"], "run-egress", "compute.subnet"),                                  # path + name
    (SHARED["network"], "projects/other-host-1/regions/europe-west4/subnetworks/run-egress", "compute.subnet"),
    (SHARED["network"], f"projects/{HOST}/regions/us-central1/subnetworks/run-egress", "compute.subnet"),
    ("projects/Bad/global/networks/x", SHARED["subnet"], "compute.network"),
])
def test_a_shared_vpc_path_must_be_consistent(network, subnet, field):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(lambda: rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER, network=network,
                                                                   subnet=subnet)))
    assert info.value.field == field and "Fix: " in str(info.value)
