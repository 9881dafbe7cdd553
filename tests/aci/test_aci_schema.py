"""Every emitted container group and profile is a valid ACI request body according to the
vendor's own models (azure-mgmt-containerinstance, API 2023-05-01): required fields,
constraints, enum values, and no property the API does not define.

The Pulumi inputs are turned back into the REST shape the provider sends (container
`properties` unflattened, identities as a map), then:
- `Model.deserialize()` + the models' `_validation` rules report missing required fields and
  constraints;
- a strict walk over each model's `_attribute_map` rejects unknown properties (the SDK
  ignores them, the API would not), readonly ones and values of the wrong JSON type;
- enum-typed strings are checked against the SDK's enums (the ENUMS table below).
The generic walk lives in tests/helpers/azure_schema.py, shared with the Container Apps checks.
Properties newer than 2023-05-01 (the profile's shutdownGracePeriod) are checked against
the Pulumi SDK's CGProfile arguments instead. NGroups have no model in this SDK version:
their inputs are checked against pulumi-azure-native's NGroup input types the same strict way.
"""

from __future__ import annotations

import inspect

import pytest
from azure.mgmt.containerinstance import _serialization, models

from tests.helpers.aci import as_program, demo, everything
from tests.helpers.azure_schema import ModelSchema, pulumi_strict
from tests.helpers.mocks import run_program

CG = "azure-native:containerinstance:ContainerGroup"
PROFILE = "azure-native:containerinstance:CGProfile"
NGROUP = "azure-native:containerinstance:NGroup"
_RESOURCE_KEYS = {"location", "tags", "zones", "identity"}
_PULUMI_ONLY = {"resourceGroupName", "containerGroupName", "containerGroupProfileName"}
# Profile-only properties (API 2024-11-01-preview), absent from the 2023-05-01 models.
_PROFILE_ONLY = {"shutdownGracePeriod", "timeToLive", "securityContext", "useKrypton"}
ENUMS = {
    ("ContainerGroup", "os_type"): models.OperatingSystemTypes,
    ("ContainerGroup", "restart_policy"): models.ContainerGroupRestartPolicy,
    ("ContainerGroup", "sku"): models.ContainerGroupSku,
    ("ContainerGroup", "priority"): models.ContainerGroupPriority,
    ("IpAddress", "type"): models.ContainerGroupIpAddressType,
    ("Port", "protocol"): models.ContainerGroupNetworkProtocol,
    ("ContainerPort", "protocol"): models.ContainerNetworkProtocol,
    ("ContainerHttpGet", "scheme"): models.Scheme,
    ("LogAnalytics", "log_type"): models.LogAnalyticsLogType,
    ("GpuResource", "sku"): models.GpuSku,
    ("ContainerGroupIdentity", "type"): models.ResourceIdentityType,
}
SCHEMA = ModelSchema(models, ENUMS, _serialization)


def rest_container(c: dict) -> dict:
    return {"name": c["name"], "properties": {k: v for k, v in c.items() if k != "name"}}


def rest_body(inputs: dict, drop: set[str] = frozenset()) -> dict:
    props = {k: v for k, v in inputs.items() if k not in _RESOURCE_KEYS | _PULUMI_ONLY | drop}
    props["containers"] = [rest_container(c) for c in props["containers"]]
    body = {k: inputs[k] for k in ("location", "tags", "zones") if k in inputs}
    if "identity" in inputs:
        ident = inputs["identity"]
        body["identity"] = {"type": ident["type"], "userAssignedIdentities": {i: {} for i in ident["userAssignedIdentities"]}}
    body["properties"] = props
    return body


def check_group(body: dict) -> list[str]:
    problems = SCHEMA.check(models.ContainerGroup, body)
    group = models.ContainerGroup.deserialize(body)
    assert group.containers and group.os_type, "deserialized without its required fields"
    return problems


def emitted(build, typ):
    run = run_program(as_program(build))
    return [r for r in run.resources if r.type == typ]


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_container_groups_are_valid_aci_requests(build):
    groups = emitted(build, CG)
    assert groups
    for r in groups:
        assert check_group(rest_body(r.plain())) == [], r.name


def test_profiles_are_valid_container_group_properties():
    profiles = emitted(everything, PROFILE)
    assert profiles
    from pulumi_azure_native.containerinstance import CGProfile
    accepted = set(inspect.signature(CGProfile._internal_init).parameters)
    for r in profiles:
        inputs = r.plain()
        from pydantic.alias_generators import to_snake
        for key in _PROFILE_ONLY & set(inputs):
            assert to_snake(key) in accepted, key
        assert check_group(rest_body(inputs, drop=_PROFILE_ONLY)) == [], r.name


def _strict_pulumi(cls, data, path, problems):
    from pulumi_azure_native.containerinstance import _inputs
    pulumi_strict(cls, _inputs, data, path, problems)


def test_ngroups_use_only_properties_the_api_defines():
    from pulumi_azure_native.containerinstance import NGroupArgs
    ngroups = emitted(everything, NGROUP)
    assert ngroups
    for r in ngroups:
        inputs = {k: v for k, v in r.plain().items()}
        problems: list[str] = []
        _strict_pulumi(NGroupArgs, inputs, "", problems)
        assert problems == [], problems
        assert inputs["elasticProfile"]["desiredCount"] >= 1


def test_the_strict_check_catches_what_azure_would_reject():
    # Guard: the checks above really fail on a bad body, so passing them means something.
    good = rest_body(emitted(demo, CG)[0].plain())
    bad = dict(good, properties=dict(good["properties"], osType="Solaris", workingDir="/app"))
    problems = check_group(bad)
    assert any("osType" in p for p in problems) and any("workingDir" in p for p in problems)
    missing = dict(good, properties=dict(good["properties"], containers=[{"name": "x", "properties": {"image": "i"}}]))
    assert any("resources: required" in p for p in check_group(missing))
    problems = []
    from pulumi_azure_native.containerinstance import NGroupArgs
    _strict_pulumi(NGroupArgs, {"elasticProfile": {"desiredCountt": 2}}, "", problems)
    assert problems == [".elasticProfile[0].desiredCountt: not a property of ElasticProfileArgs"]
