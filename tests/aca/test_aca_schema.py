"""Every emitted container app and managed environment is a valid Azure Container Apps request
body according to Microsoft's own models (azure-mgmt-appcontainers 4.0.0, API 2025-07-01).

pulumi-azure-native flattens `properties`, so the inputs are first turned back into the REST
body the provider sends: `location`, `tags` and `identity` stay at the top (identities as a map
{id: {}}), the provider-only names (`resourceGroupName`, `containerAppName`, `environmentName`)
are dropped, and everything else goes under `properties`. Then, for `ContainerApp` and
`ManagedEnvironment` (the shared walk is tests/helpers/azure_schema.py):
1. `Model.deserialize()` plus the models' `_validation` rules (what msrest's `validate()`
   checked) report no missing required field or broken constraint, and the SDK's serializer
   accepts the result;
2. a strict walk over `_attribute_map` finds no property the model does not define: the SDK
   silently drops unknown keys, the API rejects them;
3. enum-typed strings are members of the SDK enums (ENUMS, which must equal what the model
   docstrings declare);
4. no readonly property is sent;
5. probes respect the ranges that only the `ContainerAppProbe` docstring documents, parsed from
   it ("Minimum value is X. Maximum value is Y.");
6. container app and secret names follow Azure's naming rules, and every reference (env
   `secretRef`, secret and registry `identity`, volume mounts, workload profile) resolves;
7. on the Consumption profile, each container's cpu/memory is a pair the profile accepts.
The last test proves the checks fail on what Azure would reject.
"""

from __future__ import annotations

import copy
import functools
import re

import pytest
from azure.mgmt.appcontainers import models

from tests.helpers.aca import as_program, demo, everything
from tests.helpers.aca_schema import ENUMS, SCHEMA
from tests.helpers.azure_schema import documented_enums, documented_ranges, ivar_docs
from tests.helpers.mocks import Run, run_program

APP = "azure-native:app:ContainerApp"
ENV = "azure-native:app:ManagedEnvironment"
_RESOURCE_KEYS = {"location", "tags", "identity"}
_PULUMI_ONLY = {"resourceGroupName", "containerAppName", "environmentName"}

PROBE_RANGES = documented_ranges(models.ContainerAppProbe)  # attribute -> (min, max)
PROBE_ATTR = {spec["key"]: attr for attr, spec in models.ContainerAppProbe._attribute_map.items()}
# Documented rules (learn.microsoft.com, Container Apps naming and secrets).
APP_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")  # 2-32 chars; '--' is checked apart
SECRET_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")  # at most 63 chars
# The Consumption profile: 0.25 to 4 vCPU in steps of 0.25, with 2 GiB of memory per vCPU.
CONSUMPTION_CPUS = [n / 4 for n in range(1, 17)]


# -- the programs, run once ----------------------------------------------------------------------

PROGRAMS = {"demo": demo, "everything": everything}


@functools.cache
def emitted(program: str) -> Run:
    return run_program(as_program(PROGRAMS[program]))


APPS = [pytest.param(p, r.name, id=f"{p}-{r.name}") for p in PROGRAMS for r in emitted(p).of_type(APP)]


def app_inputs(program: str, name: str) -> dict:
    return emitted(program).one(APP, name).plain()


# -- from Pulumi inputs to the REST body ---------------------------------------------------------

def rest_body(inputs: dict) -> dict:
    body = {k: inputs[k] for k in ("location", "tags") if k in inputs}
    if "identity" in inputs:
        identity = dict(inputs["identity"])
        if "userAssignedIdentities" in identity:
            identity["userAssignedIdentities"] = {i: {} for i in identity["userAssignedIdentities"]}
        body["identity"] = identity
    body["properties"] = {k: v for k, v in inputs.items() if k not in _RESOURCE_KEYS | _PULUMI_ONLY}
    return body


# -- the checks, each returning its problems -----------------------------------------------------

def schema_problems(model: type, inputs: dict) -> list[str]:
    """Checks 1-4: the strict walk, deserialize + `_validation`, the SDK's serializer."""
    return SCHEMA.check(model, rest_body(inputs))


def containers(inputs: dict) -> list[dict]:
    return inputs.get("template", {}).get("containers", [])


def probe_problems(inputs: dict) -> list[str]:
    """Check 5: every probe field within the range the ContainerAppProbe docstring gives."""
    problems = []
    for ci, container in enumerate(containers(inputs)):
        for pi, probe in enumerate(container.get("probes", [])):
            where = f"template.containers[{ci}].probes[{pi}]"
            for key, value in probe.items():
                limits = PROBE_RANGES.get(PROBE_ATTR.get(key))
                if limits and not limits[0] <= value <= limits[1]:
                    problems.append(f"{where}.{key}: {value} outside the documented {limits[0]}..{limits[1]}")
            # "Must be 1 for liveness and startup." (success_threshold)
            if probe.get("type") in ("Liveness", "Startup") and probe.get("successThreshold", 1) != 1:
                problems.append(f"{where}.successThreshold: must be 1 for a {probe['type']} probe")
    return problems


def name_problems(inputs: dict) -> list[str]:
    """Check 6, names: the container app's and each secret's."""
    problems = []
    app = inputs["containerAppName"]
    if not APP_NAME.match(app) or "--" in app:
        problems.append(f"containerAppName: {app!r} is not 2-32 lowercase alphanumerics or '-', starting "
                        "with a letter, ending alphanumeric, without '--'")
    names = [s["name"] for s in inputs.get("configuration", {}).get("secrets", [])]
    for i, name in enumerate(names):
        if not SECRET_NAME.match(name):
            problems.append(f"configuration.secrets[{i}].name: {name!r} is not up to 63 lowercase "
                            "alphanumerics or '-', starting and ending alphanumeric")
    problems += [f"configuration.secrets: {n!r} defined twice" for n in sorted(set(names)) if names.count(n) > 1]
    return problems


def reference_problems(inputs: dict, environment: dict) -> list[str]:
    """Check 6, references: everything an app names by name or ID exists."""
    problems = []
    config = inputs.get("configuration", {})
    secrets = {s["name"] for s in config.get("secrets", [])}
    identities = set(inputs.get("identity", {}).get("userAssignedIdentities", []))
    for ci, container in enumerate(containers(inputs)):
        for ei, env in enumerate(container.get("env", [])):
            if "secretRef" in env and env["secretRef"] not in secrets:
                problems.append(f"template.containers[{ci}].env[{ei}].secretRef: {env['secretRef']!r} "
                                f"is not in configuration.secrets {sorted(secrets)}")
        volumes = {v["name"] for v in inputs["template"].get("volumes", [])}
        for mi, mount in enumerate(container.get("volumeMounts", [])):
            if mount["volumeName"] not in volumes:
                problems.append(f"template.containers[{ci}].volumeMounts[{mi}].volumeName: "
                                f"{mount['volumeName']!r} is not in template.volumes")
    for section in ("secrets", "registries"):
        for i, item in enumerate(config.get(section, [])):
            ident = item.get("identity")
            if ident is not None and ident.lower() != "system" and ident not in identities:
                problems.append(f"configuration.{section}[{i}].identity: {ident!r} is not assigned to the app")
            ref = item.get("passwordSecretRef")
            if ref is not None and ref not in secrets:
                problems.append(f"configuration.{section}[{i}].passwordSecretRef: {ref!r} is not a secret")
    profiles = {p["name"] for p in environment.get("workloadProfiles", [])}
    profile = inputs.get("workloadProfileName")
    if profile is not None and profile not in profiles:
        problems.append(f"workloadProfileName: {profile!r} is not a profile of the environment {sorted(profiles)}")
    return problems


def resource_problems(inputs: dict) -> list[str]:
    """Check 7: on Consumption, cpu is 0.25..4 in steps of 0.25 and memory is 2 GiB per vCPU."""
    if inputs.get("workloadProfileName", "Consumption") != "Consumption":
        return []
    problems = []
    for ci, container in enumerate(containers(inputs)):
        res = container.get("resources", {})
        cpu, memory = res.get("cpu"), res.get("memory")
        expected = f"{2 * cpu:g}Gi" if isinstance(cpu, (int, float)) else None
        if cpu not in CONSUMPTION_CPUS or memory != expected:
            problems.append(f"template.containers[{ci}].resources: cpu={cpu!r} memory={memory!r} is not a "
                            "Consumption pair (cpu 0.25..4 step 0.25, memory 2*cpu Gi)")
    return problems


# -- the tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("program", "name"), APPS)
def test_container_app_is_a_valid_request_body(program, name):
    inputs = app_inputs(program, name)
    assert schema_problems(models.ContainerApp, inputs) == []
    app = models.ContainerApp.deserialize(rest_body(inputs))
    # What we sent is what the model understood (nothing dropped on the way).
    assert app.location and app.environment_id == inputs["environmentId"]
    assert [c.image for c in app.template.containers] == [c["image"] for c in containers(inputs)]
    assert app.configuration.active_revisions_mode == inputs["configuration"]["activeRevisionsMode"]


@pytest.mark.parametrize(("program", "name"), APPS)
def test_probes_are_within_the_documented_ranges(program, name):
    assert set(PROBE_RANGES) == {"failure_threshold", "initial_delay_seconds", "period_seconds",
                                 "success_threshold", "timeout_seconds"}, "ContainerAppProbe's doc changed"
    assert "Must be 1 for liveness and startup" in ivar_docs(models.ContainerAppProbe)["success_threshold"]
    assert probe_problems(app_inputs(program, name)) == []


@pytest.mark.parametrize(("program", "name"), APPS)
def test_names_follow_azure_rules_and_references_resolve(program, name):
    inputs = app_inputs(program, name)
    environment = emitted(program).one(ENV).plain()
    assert name_problems(inputs) == []
    assert reference_problems(inputs, environment) == []


@pytest.mark.parametrize(("program", "name"), APPS)
def test_consumption_resources_are_an_allowed_pair(program, name):
    assert resource_problems(app_inputs(program, name)) == []


@pytest.mark.parametrize("program", PROGRAMS)
def test_managed_environment_is_a_valid_request_body(program):
    assert emitted(program).of_type(APP), "no container app to parametrize over"
    inputs = emitted(program).one(ENV).plain()
    assert schema_problems(models.ManagedEnvironment, inputs) == []
    # `destination` is a plain string whose values only the docstring lists.
    destinations = re.findall(r"'([\w-]+)'", ivar_docs(models.AppLogsConfiguration)["destination"])
    assert destinations and inputs["appLogsConfiguration"]["destination"] in destinations


def test_enum_table_is_what_the_sdk_documents():
    # Guard: an enum-typed attribute missing from ENUMS would go unchecked.
    assert ENUMS == documented_enums(models, [models.ContainerApp, models.ManagedEnvironment])


def test_the_checks_catch_what_azure_would_reject():
    # Guard: the checks above really fail on a bad body, so passing them means something.
    good = app_inputs("everything", "backend-app")
    assert schema_problems(models.ContainerApp, good) == []

    bad = copy.deepcopy(good)
    bad["configuration"]["ingress"]["transport"] = "udp"  # bad enum
    bad["template"]["containers"][0]["workingDir"] = "/app"  # unknown property
    bad["latestRevisionFqdn"] = "backend.example.io"  # readonly
    bad["template"]["scale"]["maxReplicas"] = "3"  # wrong JSON type
    bad["identity"]["type"] = "Managed"  # bad enum under a top-level key
    problems = schema_problems(models.ContainerApp, bad)
    assert any(p.startswith(".properties.configuration.ingress.transport: 'udp'") for p in problems), problems
    assert ".properties.template.containers[0].workingDir: not a property of Container" in problems
    assert any(p.startswith(".properties.latestRevisionFqdn: readonly") for p in problems), problems
    assert ".properties.template.scale.maxReplicas: '3' is not a int" in problems
    assert any(p.startswith(".identity.type: 'Managed'") for p in problems), problems
    assert len(problems) == 5, problems

    missing = copy.deepcopy(good)
    del missing["location"]
    del missing["template"]["containers"][0]["probes"][0]["httpGet"]["port"]
    problems = schema_problems(models.ContainerApp, missing)
    assert ".location: required by ContainerApp" in problems
    assert ".template.containers[0].probes[0].http_get.port: required by ContainerAppProbeHttpGet" in problems

    bad = copy.deepcopy(good)
    probe = bad["template"]["containers"][0]["probes"][1]
    probe.update(periodSeconds=241, successThreshold=2)
    assert probe_problems(bad) == [
        "template.containers[0].probes[1].periodSeconds: 241 outside the documented 1..240",
        "template.containers[0].probes[1].successThreshold: must be 1 for a Liveness probe"]

    bad = copy.deepcopy(good)
    bad["containerAppName"] = "shop--backend"
    bad["configuration"]["secrets"][0]["name"] = "API_token"
    assert len(name_problems(bad)) == 2
    bad["containerAppName"] = "a" * 33
    assert name_problems(bad)[0].startswith("containerAppName:")

    bad = copy.deepcopy(good)
    bad["template"]["containers"][0]["env"][0]["secretRef"] = "missing"
    bad["configuration"]["registries"][0]["identity"] = "other-identity_id"
    bad["workloadProfileName"] = "huge"
    environment = emitted("everything").one(ENV).plain()
    assert len(reference_problems(bad, environment)) == 3

    bad = copy.deepcopy(good)
    for cpu, memory in ((0.3, "0.6Gi"), (1, "1Gi"), (4.25, "8.5Gi")):
        bad["template"]["containers"][0]["resources"] = {"cpu": cpu, "memory": memory}
        assert len(resource_problems(bad)) == 1, (cpu, memory)
    bad["template"]["containers"][0]["resources"] = {"cpu": 1.25, "memory": "2.5Gi"}
    assert resource_problems(bad) == []

    env = copy.deepcopy(emitted("demo").one(ENV).plain())
    env["publicNetworkAccess"] = "Open"
    env["workloadProfiles"][0]["enableFips"] = True
    assert len(schema_problems(models.ManagedEnvironment, env)) == 2
