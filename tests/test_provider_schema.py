"""The `radius` component provider (providers/): its schema follows the pydantic model, and a
construct request builds exactly what the Python API builds.

Pulumi schema reference: https://www.pulumi.com/docs/iac/extending-pulumi/schema/ (object types,
`$ref` to `#/types/...` and `#/resources/...`, `oneOf` + `discriminator`, `isComponent`).
The CLI-side checks (the CLI serves this schema; it binds and generates a TypeScript SDK) are
engine tests at the end of this file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest
from google.protobuf import struct_pb2
from pydantic import BaseModel
from pulumi.errors import InputPropertiesError
from pulumi.runtime import rpc

import radius_components as rad
from conftest import run_program, snapshot
from radius_components import model

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "providers"))

from radius_provider.provider import LIVE, RadiusProvider, plain  # noqa: E402
from radius_provider.schema import ANY, build_schema, package_version, token  # noqa: E402

SCHEMA = build_schema()
COMPONENTS = ("Environment", "Application", "Container", "RedisCache")

# Every object type of the schema and the pydantic class it must mirror.
MODELS: dict[str, type[BaseModel]] = {
    name: getattr(model, name) for name in (
        "KubernetesCompute", "AciCompute", "AcaCompute", "AcaWorkloadProfile", "EcsCompute", "CloudRunCompute",
        "ContainerSpec", "EnvVar", "EnvValueFrom", "SecretRef", "Port", "Probe", "Resources", "Quantities",
        "Volume", "Connection", "Iam", "ManualScaling", "KubernetesMetadata", "DaprSidecar", "Runtimes",
        "KubernetesRuntime", "RecipeRef")
}

# Where the schema says `Any`, and why Pulumi schema cannot say more: the platform's own
# vocabulary (a PodSpec patch, a kind's punch-through block, recipe parameters).
FREE_FORM = {
    ("KubernetesRuntime", "pod"), ("Runtimes", "aci"), ("Runtimes", "aca"), ("Runtimes", "ecs"),
    ("Runtimes", "cloudrun"), ("RecipeRef", "parameters"),
}


def aliases(cls: type[BaseModel]) -> set[str]:
    return {f.alias or n for n, f in cls.model_fields.items()}


def walk(spec: Any):
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from walk(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from walk(v)


def test_schema_is_versioned_with_the_package():
    assert SCHEMA["name"] == "radius"
    assert SCHEMA["version"] == package_version()
    from importlib import metadata
    assert SCHEMA["version"] == metadata.version("radius-components")


def test_every_component_is_a_component_resource_with_its_token():
    assert sorted(SCHEMA["resources"]) == sorted(token(c) for c in COMPONENTS)
    for spec in SCHEMA["resources"].values():
        assert spec["isComponent"] is True
        assert set(spec["requiredInputs"]) <= set(spec["inputProperties"])
        assert set(spec["required"]) <= set(spec["properties"])


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_object_type_has_exactly_the_model_fields(name):
    """A field added to the model appears in the schema (camelCase, as Radius spells it)."""
    spec = SCHEMA["types"][token(name)]
    cls = MODELS[name]
    assert set(spec["properties"]) == aliases(cls)
    required = {f.alias or n for n, f in cls.model_fields.items() if f.is_required()}
    assert set(spec.get("required", [])) == required


def test_component_inputs_are_the_model_fields():
    resources = SCHEMA["resources"]
    assert set(resources[token("Container")]["inputProperties"]) == {"application"} | aliases(model.ContainerArgs)
    assert set(resources[token("RedisCache")]["inputProperties"]) == {"application"} | aliases(model.RedisCacheArgs)
    assert resources[token("RedisCache")]["inputProperties"]["password"]["secret"] is True


def test_nested_objects_are_typed_not_any():
    """Any only for the free-form blocks listed in FREE_FORM; every other object is a type."""
    for name, spec in SCHEMA["types"].items():
        for prop_name, prop in spec.get("properties", {}).items():
            owner = name.split(":")[-1]
            any_inside = any(s.get("$ref") == ANY["$ref"] for s in walk(prop))
            assert any_inside == ((owner, prop_name) in FREE_FORM), (owner, prop_name, prop)
    container = SCHEMA["resources"][token("Container")]["inputProperties"]
    assert container["container"] == {"$ref": f"#/types/{token('ContainerSpec')}"}
    assert container["connections"]["additionalProperties"] == {"$ref": f"#/types/{token('Connection')}"}
    assert {m["$ref"] for m in container["extensions"]["items"]["oneOf"]} == {
        f"#/types/{token(n)}" for n in ("ManualScaling", "KubernetesMetadata", "DaprSidecar")}
    assert container["extensions"]["items"]["discriminator"]["propertyName"] == "kind"
    compute = SCHEMA["resources"][token("Environment")]["inputProperties"]["compute"]
    assert compute["discriminator"]["mapping"]["kubernetes"] == f"#/types/{token('KubernetesCompute')}"


def test_references_between_components_are_resource_refs():
    inputs = {c: SCHEMA["resources"][token(c)]["inputProperties"] for c in COMPONENTS}
    assert inputs["Application"]["environment"]["$ref"] == f"#/resources/{token('Environment')}"
    assert inputs["Container"]["application"]["$ref"] == f"#/resources/{token('Application')}"
    source = SCHEMA["types"][token("Connection")]["properties"]["source"]
    assert {json.dumps(m, sort_keys=True) for m in source["oneOf"]} == {
        '{"type": "string"}', json.dumps({"$ref": f"#/resources/{token('RedisCache')}"}),
        json.dumps({"$ref": f"#/resources/{token('Container')}"})}


def test_every_reference_resolves():
    for spec in walk(SCHEMA):
        ref = spec.get("$ref")
        if not isinstance(ref, str) or ref.startswith("pulumi.json#"):
            continue
        section, _, name = ref[2:].partition("/")
        assert name in SCHEMA[section], ref


def test_enums_carry_the_model_literals():
    port = SCHEMA["types"][token("PortProtocol")]
    assert [e["value"] for e in port["enum"]] == ["TCP", "UDP"]
    restart = SCHEMA["types"][token("RestartPolicy")]
    assert [e["value"] for e in restart["enum"]] == ["Always", "OnFailure", "Never"]


def test_the_provider_serves_the_schema():
    provider = RadiusProvider()
    assert json.loads(provider.schema) == json.loads(json.dumps(SCHEMA))
    assert provider.version == SCHEMA["version"]


# ------------------------------------------------------------------------ construct
DEMO_CONTAINER = {
    "image": "ghcr.io/radius-project/samples/demo:latest",
    "ports": {"web": {"containerPort": 3000}},
    "env": {"LOG_LEVEL": {"value": "info"}},
    "readinessProbe": {"kind": "httpGet", "containerPort": 3000, "path": "/healthz"},
}


def python_demo():
    env = rad.Environment("demo-env", compute=rad.KubernetesCompute(namespace="demo"), protect_stateful=False)
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    rad.Container("demo", application=app, container=DEMO_CONTAINER, connections={"redis": {"source": db}})


def dependent(value: Any, *on: pulumi.Resource) -> pulumi.Output:
    """An input as the provider server hands it over when it depends on a resource: an Output
    made from an already resolved value (pulumi/provider/server.py `_select_value`)."""
    return pulumi.Output._from_data(_resolved(value, on))


def _resolved(value: Any, on: tuple[pulumi.Resource, ...]):
    import asyncio

    from pulumi.output import _OutputData
    future: asyncio.Future = asyncio.get_event_loop().create_future()
    future.set_result(_OutputData(resources=set(on), value=value, is_known=True, is_secret=False))
    return future


def provider_demo():
    """The same demo as construct requests, with inputs as the engine delivers them: camelCase
    keys, references already turned into the live components, and a value that depends on a
    resource wrapped in an Output."""
    provider = RadiusProvider()
    opts = pulumi.ResourceOptions()
    env = provider.construct("demo-env", token("Environment"),
                             {"compute": {"kind": "kubernetes", "namespace": "demo"}, "protectStateful": False}, opts)
    env_obj = _last("Environment")
    app = provider.construct("todo", token("Application"), {"environment": env_obj}, opts)
    app_obj = _last("Application")
    provider.construct("db", token("RedisCache"), {"application": app_obj}, opts)
    db_obj = _last("RedisCache")
    provider.construct("demo", token("Container"), {
        "application": app_obj, "container": DEMO_CONTAINER,
        "connections": dependent({"redis": {"source": db_obj}}, db_obj)}, opts)
    return env, app


_CREATED: list[pulumi.Resource] = []


def _last(kind: str) -> pulumi.Resource:
    return next(r for r in reversed(_CREATED) if type(r).__name__ == kind)


@pytest.fixture(autouse=True)
def _track_components(monkeypatch):
    """Remember each component the provider builds (what LIVE resolves URNs to)."""
    _CREATED.clear()
    original = LIVE.add

    def add(component):
        _CREATED.append(component)
        original(component)

    monkeypatch.setattr(LIVE, "add", add)
    yield


def test_a_construct_request_builds_what_the_python_api_builds():
    assert snapshot(provider_demo) == snapshot(python_demo)


def test_references_resolve_to_the_live_component_by_urn():
    seen: dict[str, Any] = {}

    def program():
        provider_demo()
        app = _last("Application")

        def check(urn: str) -> None:
            ref = struct_pb2.Struct()
            ref.update({rpc._special_sig_key: rpc._special_resource_sig, "urn": urn,
                        "type": "radius:index:Application", "name": "todo"})
            seen["resolved"] = rpc.deserialize_property(ref)
            seen["app"] = app
        return app.urn.apply(check)

    run_program(program)
    assert seen["resolved"] is seen["app"]


def test_an_unknown_reference_names_the_rule():
    with pytest.raises(ValueError, match="can only refer to radius components of the same program"):
        LIVE.construct("x", "radius:index:Application", "urn:pulumi:s::p::radius:index:Application::x")


def test_unknown_inputs_and_types_are_refused_before_anything_registers():
    provider = RadiusProvider()

    def program():
        with pytest.raises(ValueError, match="unknown input"):
            provider.construct("e", token("Environment"), {"compute": {"kind": "kubernetes"}, "kinds": 1},
                               pulumi.ResourceOptions())
        with pytest.raises(ValueError, match="unknown resource type"):
            provider.construct("e", "radius:index:Gateway", {}, pulumi.ResourceOptions())

    assert run_program(program).resources == []


def test_bad_input_through_the_provider_is_the_components_error():
    provider = RadiusProvider()

    def program():
        provider.construct("dev", token("Environment"), {"compute": {"kind": "kubernetes", "namespace": "dev"}},
                           pulumi.ResourceOptions())
        app = provider.construct("todo", token("Application"), {"environment": _last("Environment")},
                                 pulumi.ResourceOptions())
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("demo", token("Container"), {
                "application": _last("Application"),
                "container": {"image": "x", "ports": {"web": {"containerPort": 70000.0}}}}, pulumi.ResourceOptions())
        # The engine prints each property error; each is the component's own message.
        assert info.value.message == "Container 'demo': invalid input"
        assert info.value.errors == [{
            "property_path": "container.ports.web.container_port",
            "reason": "Container 'demo': container.ports.web.container_port = 70000: Input should be less than or "
                      "equal to 65535. Fix: give a number <= 65535"}]
        return app.urn

    recording = run_program(program)
    assert not recording.of_type("radius:index:Container")


def test_plain_unwraps_resolved_outputs_and_keeps_secrets_and_unknowns():
    def program():
        resolved = pulumi.Output._from_data(_resolved({"a": [1, {"b": "c"}]}, ()))
        assert plain({"x": resolved}) == {"x": {"a": [1, {"b": "c"}]}}
        # Numbers arrive as doubles; whole ones are the ints the program wrote.
        assert plain({"port": 3000.0, "ratio": 0.5}) == {"port": 3000, "ratio": 0.5}
        assert type(plain(3.0)) is int
        secret = pulumi.Output.secret("s")
        assert plain({"x": secret})["x"] is secret
        # A nested secret arrives as the wire's marker; it becomes a Pulumi secret again.
        nested = plain({"env": {"P": {"value": rpc.wrap_rpc_secret("hunter2")}}})["env"]["P"]["value"]
        assert isinstance(nested, pulumi.Output)
        return pulumi.Output.all(nested, nested.is_secret()).apply(
            lambda v: None if v == ["hunter2", True] else pytest.fail(f"not a secret: {v}"))

    run_program(program)


# ------------------------------------------------------------------------ the real CLI
def _engine_env() -> dict[str, str]:
    sys.path.insert(0, str(REPO / "tests" / "engine"))
    from pulumi_cli import engine_environment
    env = engine_environment()
    env["PULUMI_RADIUS_PYTHON"] = sys.executable
    env["PYTHONPATH"] = str(REPO)
    return env


@pytest.mark.engine
def test_the_cli_gets_the_schema_from_the_plugin(tmp_path):
    env = _engine_env()
    proc = subprocess.run(["pulumi", "package", "get-schema", str(REPO / "providers" / "pulumi-resource-radius")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    served = json.loads(proc.stdout)
    assert served.pop("config") == {}  # the CLI adds the empty section
    assert served == json.loads(json.dumps(SCHEMA))


@pytest.mark.engine
def test_the_schema_binds_and_generates_a_typescript_sdk(tmp_path):
    """`pulumi package gen-sdk --language nodejs` needs pulumi-language-nodejs, which the Go module
    proxy refuses (403); radius-sdkgen runs the same pkg/v3 binding (metaschema + references) and
    the same TypeScript generator. Node is never run."""
    env = _engine_env()
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(SCHEMA))
    proc = subprocess.run(["radius-sdkgen", str(schema_file), str(tmp_path / "sdk"), "nodejs", "go", "python"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ts = tmp_path / "sdk" / "nodejs"
    assert {"container.ts", "environment.ts", "application.ts", "redisCache.ts"} <= {p.name for p in ts.iterdir()}
    inputs = (ts / "types" / "input.ts").read_text()
    assert "source: pulumi.Input<string | RedisCache | Container>;" in inputs
    assert "export interface ContainerSpecArgs" in inputs
    assert "application: pulumi.Input<Application>;" in (ts / "container.ts").read_text()
    # A broken reference is an error, so the check above is a real validation.
    broken = json.loads(json.dumps(SCHEMA))
    broken["resources"][token("Container")]["inputProperties"]["container"] = {"$ref": "#/types/radius:index:Nope"}
    schema_file.write_text(json.dumps(broken))
    proc = subprocess.run(["radius-sdkgen", str(schema_file), str(tmp_path / "bad"), "nodejs"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "radius:index:Nope not found" in proc.stderr


def test_a_whole_number_from_the_engine_is_an_int_in_the_workload():
    """`value: 3` in YAML reaches the provider as 3.0 (protobuf doubles); the container sees "3" and
    the port is 8080 (end to end; the unit of the conversion is the `plain` test above)."""
    provider = RadiusProvider()

    def program():
        provider.construct("dev", token("Environment"), {"compute": {"kind": "kubernetes", "namespace": "dev"}},
                           pulumi.ResourceOptions())
        provider.construct("todo", token("Application"), {"environment": _last("Environment")},
                           pulumi.ResourceOptions())
        provider.construct("w", token("Container"), {
            "application": _last("Application"),
            "container": {"image": "x", "env": {"WORKERS": {"value": 3.0}},
                          "ports": {"web": {"containerPort": 8080.0}}}}, pulumi.ResourceOptions())

    deployment = run_program(program).one("kubernetes:apps/v1:Deployment").plain()
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert {"name": "WORKERS", "value": "3"} in container["env"]
    assert container["ports"][0]["containerPort"] == 8080
