"""The `radius` component provider (providers/): its schema follows the pydantic model, and a
construct request builds exactly what the Python API builds.

Pulumi schema reference: https://www.pulumi.com/docs/iac/extending-pulumi/schema/ (object types,
`$ref` to `#/types/...` and `#/resources/...`, `oneOf` + `discriminator`, `isComponent`).
The CLI-side checks (the CLI serves this schema; it binds and generates a TypeScript SDK) are
engine tests at the end of this file. What the provider does with a construct request is tested in
tests/provider_construct.py, in an interpreter of its own (see the last test here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import radius_components as rad
from radius_components import model
from radius_components.component import RadiusComponent

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "providers"))

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


def test_every_public_component_is_in_the_schema():
    """A portable type added to radius_components must be added to the provider too."""
    public = {name for name in rad.__all__
              if isinstance(getattr(rad, name), type) and issubclass(getattr(rad, name), RadiusComponent)}
    assert {token(name) for name in public} == set(SCHEMA["resources"])


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


def test_construct_checks_in_their_own_interpreter():
    """tests/provider_construct.py, run in a fresh interpreter: importing `pulumi.provider` loads the
    Pulumi SDK's own copy of `google.rpc.Status` (pulumi/runtime/proto/status_pb2.py), which the
    protobuf runtime refuses once googleapis-common-protos' copy is loaded, as it is in this session
    by the Cloud Run vendor-schema tests ("duplicate symbol 'google.rpc.Status'"; the same clash as
    connectrpc/connect-py#75). The provider process itself loads only Pulumi's copy."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(REPO / "tests" / "provider_construct.py")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
