"""The `radius` component provider (providers/): its schema follows the pydantic model, and a
construct request builds exactly what the Python API builds.

Pulumi schema reference: https://www.pulumi.com/docs/iac/extending-pulumi/schema/ (object types,
`$ref` to `#/types/...` and `#/resources/...`, `oneOf` + `discriminator`, `isComponent`).
The CLI-side checks (the CLI serves this schema; it binds and generates a TypeScript SDK) are
engine tests at the end of this file. What the provider does with a construct request is tested in
tests/features/provider_construct.py, in an interpreter of its own (see the last test here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import radius_components as rad
from radius_components import model
from radius_components.component import RadiusComponent

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "providers"))

from radius_provider.schema import ANY, build_schema, package_version, token, types_of  # noqa: E402

SCHEMA = build_schema()


def type_token(name: str) -> str:
    """A type's token, whichever module it is in (`radius:compute:KubernetesCompute`)."""
    found = [t for t in SCHEMA["types"] if t.rsplit(":", 1)[-1] == name]
    assert len(found) == 1, (name, found)
    return found[0]
COMPONENTS = ("Environment", "Application", "Container", "RedisCache", "SqlDatabase", "Gateway", "SecretStore",
              "Volume")

# Every object type of the schema and the pydantic class it must mirror.
MODELS: dict[str, type[BaseModel]] = {
    name: getattr(model, name) for name in (
        "KubernetesCompute", "AciCompute", "AcaCompute", "AcaWorkloadProfile", "EcsCompute", "CloudRunCompute",
        "ContainerSpec", "EnvVar", "EnvValueFrom", "SecretRef", "Port", "Probe", "Resources", "Quantities",
        "EphemeralVolume", "PersistentVolume", "Connection", "Iam", "ManualScaling", "KubernetesMetadata", "DaprSidecar", "Runtimes",
        "KubernetesRuntime", "RecipeRef", "GatewayRoute", "GatewayHostname", "GatewayTls", "SecretValue",
        "SecretGenerate", "SecretValueFrom")
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
        assert set(spec.get("requiredInputs", [])) <= set(spec["inputProperties"])
        assert set(spec.get("required", [])) <= set(spec["properties"])
        # The CLI drops an empty list when it serves the schema, so none is written.
        assert spec.get("required", None) != []


# Members of a union the schema spells as one property per member (radius_provider/choices.py):
# their discriminator is the property's name, so the type does not carry it.
UNION_MEMBERS = {"KubernetesCompute", "AciCompute", "AcaCompute", "EcsCompute", "CloudRunCompute",
                 "ManualScaling", "KubernetesMetadata", "DaprSidecar", "EphemeralVolume", "PersistentVolume"}
# Model fields that take a resource or a string: one property per member (`source<Type>`).
SOURCE_CHOICES = {"Connection": ("source", {"sourceUrl", "sourceRedisCache", "sourceSqlDatabase", "sourceContainerUrn",
                                            "sourceGateway"}),
                  "SecretRef": ("source", {"sourceExistingSecret", "sourceRedisCache", "sourceSqlDatabase",
                                           "sourceSecretStore"}),
                  # Always a Volume: one typed property, under the model's own name.
                  "PersistentVolume": ("source", {"source"})}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_object_type_has_exactly_the_model_fields(name):
    """A field added to the model appears in the schema (camelCase, as Radius spells it)."""
    spec = SCHEMA["types"][type_token(name)]
    cls = MODELS[name]
    expected = aliases(cls) - ({"kind"} if name in UNION_MEMBERS else set())
    required = {f.alias or n for n, f in cls.model_fields.items() if f.is_required()}
    required -= {"kind"} if name in UNION_MEMBERS else set()
    if name in SOURCE_CHOICES:
        field, choices = SOURCE_CHOICES[name]
        expected = expected - {field} | choices
        required.discard(field)
    assert set(spec["properties"]) == expected
    assert set(spec.get("required", [])) == required


def test_no_union_reaches_the_typed_sdks():
    """Pulumi's Go generator types any `oneOf` as `pulumi.Input` / `interface{}`
    (pkg/codegen/go/gen.go `inputType`: "TODO(pdg): union types"), so a union in the schema is an
    untyped input in Go (and a loose one in C#). The schema has none: every union of the model is
    one optional property per member, which the provider folds back (radius_provider/reshape.py)."""
    unions = [spec for spec in walk(SCHEMA) if "oneOf" in spec or "anyOf" in spec]
    assert unions == []


def _resource_refs(spec):
    return {s["$ref"][len("#/resources/"):] for s in walk(spec) if str(s.get("$ref", "")).startswith("#/resources/")}


def test_no_component_refers_to_itself_in_its_inputs():
    """The TypeScript generator imports every component a resource's input types refer to into the
    resource's own file; a reference to the resource itself then clashes with its class
    (TS2440/TS2395, pulumi/pulumi#24750) and the SDK does not compile. Such a reference is a URN
    string instead (`sourceContainerUrn`)."""
    for resource, spec in SCHEMA["resources"].items():
        refs = _resource_refs(spec["inputProperties"])
        for name in types_of(SCHEMA, resource):
            refs |= _resource_refs(SCHEMA["types"][name])
        assert resource not in refs, resource


def test_the_environment_types_are_a_module_that_refers_to_no_component():
    """The Environment's compute types live in module `compute` (radius_provider.schema.move_to_module):
    the Python SDK imports a module's types at the top of each of its resources, and index types
    refer to components whose modules import the Environment's; and the Go package they become
    must not import the index package (Go refuses import cycles)."""
    compute = types_of(SCHEMA, token("Environment"))
    assert compute and all(t.startswith("radius:compute:") for t in compute)
    for name in compute:
        assert all(ref.startswith("radius:compute:") for ref in
                   (s["$ref"][len("#/types/"):] for s in walk(SCHEMA["types"][name]) if str(s.get("$ref", "")).startswith("#/types/")))
        assert not _resource_refs(SCHEMA["types"][name])
    assert not [t for t in SCHEMA["types"] if t.startswith("radius:compute:") and t not in compute]


def test_each_compute_kind_is_its_own_environment_input():
    from radius_components.platforms import ordered_kinds
    env = SCHEMA["resources"][token("Environment")]
    kinds = list(ordered_kinds())
    assert [k for k in env["inputProperties"] if k != "protectStateful"] == kinds
    for kind, declaration in ordered_kinds().items():
        assert env["inputProperties"][kind]["$ref"] == f"#/types/{type_token(declaration.compute_model.__name__)}"
    assert "requiredInputs" not in env  # exactly one of them: checked by the provider (an input error)
    extension = SCHEMA["types"][token("Extension")]
    assert set(extension["properties"]) == {"manualScaling", "autoScaling", "kubernetesMetadata", "daprSidecar"}


def test_component_inputs_are_the_model_fields():
    resources = SCHEMA["resources"]
    # `gateways`: provider-only, it orders the constructs (a gateway before the containers it routes to)
    assert set(resources[token("Container")]["inputProperties"]) == {"application", "gateways"} | aliases(model.ContainerArgs)
    assert resources[token("Container")]["inputProperties"]["gateways"]["items"] == {"$ref": f"#/resources/{token('Gateway')}"}
    assert set(resources[token("RedisCache")]["inputProperties"]) == {"application"} | aliases(model.RedisCacheArgs)
    assert resources[token("RedisCache")]["inputProperties"]["password"]["secret"] is True
    assert set(resources[token("SqlDatabase")]["inputProperties"]) == {"application"} | aliases(model.SqlDatabaseArgs)
    assert resources[token("SqlDatabase")]["inputProperties"]["password"]["secret"] is True
    assert set(resources[token("Gateway")]["inputProperties"]) == {"application"} | aliases(model.GatewayArgs)
    assert set(resources[token("SecretStore")]["inputProperties"]) == {"application"} | aliases(model.SecretStoreArgs)
    # A secret store's values are secrets in state from the moment the engine sees them.
    assert SCHEMA["types"][token("SecretValue")]["properties"]["value"]["secret"] is True
    for name in ("SqlDatabase", "RedisCache"):
        outputs = resources[token(name)]["properties"]
        assert all(outputs[k]["secret"] for k in ("password", "url", "connectionString")), name


def test_nested_objects_are_typed_not_any():
    """Any only for the free-form blocks listed in FREE_FORM; every other object is a type."""
    for name, spec in SCHEMA["types"].items():
        for prop_name, prop in spec.get("properties", {}).items():
            owner = name.split(":")[-1]
            any_inside = any(s.get("$ref") == ANY["$ref"] for s in walk(prop))
            assert any_inside == ((owner, prop_name) in FREE_FORM), (owner, prop_name, prop)
    container = SCHEMA["resources"][token("Container")]["inputProperties"]
    assert container["container"]["$ref"] == f"#/types/{token('ContainerSpec')}"
    assert container["connections"]["additionalProperties"] == {"$ref": f"#/types/{token('Connection')}"}
    assert container["extensions"]["items"] == {"$ref": f"#/types/{token('Extension')}"}
    gateway = SCHEMA["resources"][token("Gateway")]["inputProperties"]
    assert gateway["routes"]["items"] == {"$ref": f"#/types/{token('GatewayRoute')}"}
    assert gateway["tls"]["$ref"] == f"#/types/{token('GatewayTls')}"  # (and its description)
    store = SCHEMA["resources"][token("SecretStore")]["inputProperties"]
    assert store["data"]["additionalProperties"] == {"$ref": f"#/types/{token('SecretValue')}"}
    compute = SCHEMA["resources"][token("Environment")]["inputProperties"]["kubernetes"]
    assert compute["$ref"] == "#/types/radius:compute:KubernetesCompute"


def test_references_between_components_are_resource_refs():
    inputs = {c: SCHEMA["resources"][token(c)]["inputProperties"] for c in COMPONENTS}
    assert inputs["Application"]["environment"]["$ref"] == f"#/resources/{token('Environment')}"
    assert inputs["Container"]["application"]["$ref"] == f"#/resources/{token('Application')}"
    for c in ("SqlDatabase", "Gateway", "SecretStore"):
        assert inputs[c]["application"]["$ref"] == f"#/resources/{token('Application')}"

    def sources(type_name):
        props = SCHEMA["types"][token(type_name)]["properties"]
        return {name: props[name].get("type") or props[name]["$ref"] for name in props if name.startswith("source")}

    # Every connection source the components accept (radius_components/connections.py), each typed ...
    assert sources("Connection") == {"sourceUrl": "string", "sourceContainerUrn": "string", **{
        f"source{n}": f"#/resources/{token(n)}" for n in ("RedisCache", "SqlDatabase", "Gateway")}}
    # ... and every secret source (a resource with secret connection values, or a store).
    assert sources("SecretRef") == {"sourceExistingSecret": "string", **{
        f"source{n}": f"#/resources/{token(n)}" for n in ("RedisCache", "SqlDatabase", "SecretStore")}}


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
    engine = SCHEMA["types"][token("SqlEngine")]
    assert [e["value"] for e in engine["enum"]] == ["postgresql", "mysql", "sqlserver"]
    # A member name is an identifier in every SDK, even for a value like "1.2".
    tls = SCHEMA["types"][token("GatewayTlsMinimumProtocolVersion")]
    assert [(e["name"], e["value"]) for e in tls["enum"]] == [("V1_2", "1.2"), ("V1_3", "1.3")]


# ------------------------------------------------------------------------ the real CLI
def _engine_env() -> dict[str, str]:
    from tests.helpers.pulumi_cli import engine_environment
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
def test_the_schema_binds_and_a_broken_one_does_not(tmp_path):
    """radius-sdkgen binds the schema with pkg/v3's validation (metaschema + references), as
    `pulumi package gen-sdk` does; the SDKs it generates are compiled by
    tests/engine/test_provider_sdks.py. A broken reference is an error, so binding is a real check."""
    env = _engine_env()
    sdkgen = os.environ.get("RADIUS_SDKGEN", "radius-sdkgen")
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(SCHEMA))
    proc = subprocess.run([sdkgen, str(schema_file), str(tmp_path / "sdk")], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = json.loads(json.dumps(SCHEMA))
    broken["resources"][token("Container")]["inputProperties"]["container"] = {"$ref": "#/types/radius:index:Nope"}
    schema_file.write_text(json.dumps(broken))
    proc = subprocess.run([sdkgen, str(schema_file), str(tmp_path / "bad"), "nodejs"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "radius:index:Nope not found" in proc.stderr


def test_construct_checks_in_their_own_interpreter():
    """tests/features/provider_construct.py, run in a fresh interpreter: importing `pulumi.provider` loads the
    Pulumi SDK's own copy of `google.rpc.Status` (pulumi/runtime/proto/status_pb2.py), which the
    protobuf runtime refuses once googleapis-common-protos' copy is loaded, as it is in this session
    by the Cloud Run vendor-schema tests ("duplicate symbol 'google.rpc.Status'"; the same clash as
    connectrpc/connect-py#75). The provider process itself loads only Pulumi's copy."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(REPO / "tests" / "features" / "provider_construct.py")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]


# ------------------------------------------------------------------------ the plugin package
def test_every_sdk_is_versioned_with_the_schema_and_the_python_one_requires_only_pulumi():
    """Without `respectSchemaVersion` the TypeScript SDK's package.json says "${VERSION}" (the
    codegen's placeholder). A Python `requires` entry is written as name + constraint verbatim
    (pkg/codegen/python/gen.go `setDependencies`): {"radius-components": "0.1.0"} made the SDK
    require the distribution `radius-components0.1.0`; the SDK, an RPC client of the plugin, needs
    only the Pulumi SDK the codegen adds itself."""
    language = SCHEMA["language"]
    # The SDKs tests/engine/test_provider_sdks.py builds; C# and Java generators do not run here.
    assert set(language) == {"python", "nodejs", "go"}
    assert all(options["respectSchemaVersion"] is True for options in language.values())
    assert "requires" not in language["python"] and language["python"]["pyproject"] == {"enabled": True}


def test_the_sdks_name_the_plugin_package_as_their_plugin_server(monkeypatch):
    """An SDK asks the engine for plugin `radius` at the schema's version from `pluginDownloadURL`;
    a `git://<host>/<owner>/<repo>/<folder>` URL is a source-based plugin in that folder of the
    repository, at the tag `v<version>` (sdk/go/common/workspace/plugins.go `IsGitPlugin`,
    gitutil `GetLatestTagOrHash`). The repository is pyproject.toml's `[project.urls] Repository`."""
    from radius_provider import schema as schema_module
    monkeypatch.setattr(schema_module, "repository_url", lambda: "https://github.com/acme/radius-components")
    released = schema_module.build_schema()
    assert released["pluginDownloadURL"] == "git://github.com/acme/radius-components/providers"
    assert released["repository"] == "https://github.com/acme/radius-components"
    monkeypatch.setattr(schema_module, "repository_url", lambda: None)
    assert "pluginDownloadURL" not in schema_module.build_schema()  # no URL: no made-up server


def test_the_plugin_folder_is_a_source_based_python_plugin_package():
    """`pulumi package add <repo>/providers@<tag>` needs a PulumiPlugin.yaml there (else it looks
    for a pulumi-resource-radius binary and runs it with a bare python3), and the virtualenv it
    creates gets exactly requirements.txt: the library of the same checkout with every kind's SDK,
    and the Pulumi SDK pinned exactly (the provider reads a private field of it, see
    provider_construct.py)."""
    import yaml
    folder = REPO / "providers"
    plugin = yaml.safe_load((folder / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python"
    # Options reach the 2023 language host of scripts/engine as flags; it knows `virtualenv` only.
    assert plugin["runtime"]["options"] == {"virtualenv": "venv"}
    assert (folder / "__main__.py").is_file()  # `python <folder>` is how the runtime runs a plugin
    requirements = [line.strip() for line in (folder / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    assert requirements[0] == "..[all]"
    pins = [r for r in requirements if r.startswith("pulumi")]
    assert len(pins) == 1 and pins[0].startswith("pulumi==")
    from packaging.specifiers import SpecifierSet
    range_ = next(d for d in _pyproject()["project"]["dependencies"] if d.startswith("pulumi>"))
    assert pins[0].split("==")[1] in SpecifierSet(range_[len("pulumi"):])  # a version the library allows


def _pyproject() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads((REPO / "pyproject.toml").read_text())
