"""The done-test of a new resource type: `MongoDatabase` (tests/features/mongo_type.py) is
declared entirely outside radius_components and registered with `register_resource_type()` (and,
in the last test, through the `radius_components.resource_types` entry point group, as an
installed package registers it). Nothing else is needed for it to work on kubernetes with its own
recipe, to give a connected container its CONNECTION_<NAME>_* variables from the declared fields,
and to appear in the graph, the PR summary (with the data-loss warning, as it holds data), the
provider schema and `check`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pulumi
import pytest

import radius_components as rad
from radius_components import declarations
from radius_components.check import check_program, format_report
from radius_components.diff import render_markdown, summarize
from radius_components.graph import render_mermaid
from radius_components.testing import resolve, run_program

REPO = Path(__file__).resolve().parents[2]
MONGO = "Applications.Datastores/mongoDatabases"

# The toy type is a top-level module, as an installed package's would be (its declaration names
# "mongo_type:MongoDatabase"), whatever import mode the suite runs in.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))
import mongo_type  # noqa: E402


def _forget(name: str) -> None:
    declarations._types.pop(name, None)


@pytest.fixture
def mongo():
    """MongoDatabase registered for one test; the registry is as it was afterwards."""
    declarations.register_resource_type(mongo_type.TYPE)
    yield mongo_type
    _forget("MongoDatabase")


def shop(kind_compute: Any = None) -> dict[str, Any]:
    env = rad.Environment("dev", compute=kind_compute or rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("shop", environment=env)
    db = mongo_type.MongoDatabase("catalog", application=app)
    api = rad.Container("api", application=app,
                        container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}}},
                        connections={"catalog": {"source": db}})
    return {"app": app, "db": db, "api": api}


def graph_program():
    return shop()["app"].graph


def test_a_container_connects_to_it_with_the_declared_fields(mongo):
    run = run_program(lambda: shop() and pulumi.Output.from_input(None))
    deployment = run.one("kubernetes:apps/v1:Deployment", "api-deployment").plain()
    env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["CONNECTION_CATALOG_HOST"]["value"] == "shop-catalog.dev.svc.cluster.local"
    assert env["CONNECTION_CATALOG_PORT"]["value"] == "27017"
    assert env["CONNECTION_CATALOG_DATABASE"]["value"] == "app"
    assert env["CONNECTION_CATALOG_USERNAME"]["value"] == "app"
    # Declared secrets travel through the platform's secret store, never as plain values.
    for secret in ("CONNECTION_CATALOG_PASSWORD", "CONNECTION_CATALOG_URL"):
        assert "secretKeyRef" in env[secret]["valueFrom"], secret
    assert run.plaintext("toy-password") == []
    # Its recipe ran on kubernetes: its resources are the component's children, the server protected.
    component = run.component("catalog", "MongoDatabase")
    children = {r.type: r for r in run.children_of(component)}
    assert set(children) == {"kubernetes:core/v1:Service", "kubernetes:apps/v1:StatefulSet"}
    assert children["kubernetes:apps/v1:StatefulSet"].protect
    # Its outputs are its declared fields.
    assert set(component.outputs) == {"host", "port", "database", "username", "password", "url"}


def test_its_outputs_and_computed_url(mongo):
    def program():
        parts = shop()
        return pulumi.Output.all(parts["db"].url, parts["db"].port, parts["db"].password)

    url, port, password = resolve(run_program(program).result)
    assert url == "mongodb://app:toy-password@shop-catalog.dev.svc.cluster.local:27017/app"
    assert port == 27017 and password == "toy-password"


def test_environment_recipes_take_it(mongo):
    def recipe(ctx):
        return mongo_type.MongoDatabaseResult(host="mongo.internal", port=27017, database="d")

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"),
                              recipes={"MongoDatabase": {"default": recipe}})
        app = rad.Application("shop", environment=env)
        db = mongo_type.MongoDatabase("catalog", application=app)
        assert db.connection_values()["HOST"].value == "mongo.internal"
        assert "PASSWORD" not in db.connection_values()  # not given: no variable

    run_program(lambda: program() or pulumi.Output.from_input(None))


def test_a_kind_without_its_recipe_says_how_to_add_one(mongo):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(lambda: shop(rad.EcsCompute(cluster_name="c", vpc_id="vpc-0123456789abcdef0",
                                                subnet_ids=["subnet-0aaaaaaaaaaaaaaaa"])))
    assert info.value.field == "recipe.name" and "no MongoDatabase recipe" in info.value.problem
    assert "recipes={'MongoDatabase'" in info.value.fix


def test_it_is_in_the_graph(mongo):
    graph = resolve(run_program(graph_program).result)
    nodes = {n["name"]: n for n in graph["resources"]}
    assert nodes["catalog"]["type"] == MONGO
    assert nodes["catalog"]["connections"]["inbound"] == [
        {"name": "catalog", "source": "api", "type": "Applications.Core/containers"}]
    assert {"type": "kubernetes:apps/v1:StatefulSet", "name": "catalog-statefulset"} in nodes["catalog"]["native"]
    assert f'[("catalog<br/>{MONGO}")]' in render_mermaid(graph)  # it holds data: a cylinder


def test_it_is_in_the_pr_summary_and_its_deletion_warns(mongo):
    """The preview of deleting it (the shape of tests/data/diff/*.preview.json), with the graph
    the program exported before as the stack's previous `graph` output."""
    graph = resolve(run_program(graph_program).result)
    base = "urn:pulumi:dev::shop::"
    parent = f"{base}radius:index:MongoDatabase::catalog"
    steps: list[dict[str, Any]] = [{"op": "same", "urn": f"{base}pulumi:pulumi:Stack::shop-dev",
                                    "oldState": {"type": "pulumi:pulumi:Stack", "outputs": {"graph": graph}},
                                    "newState": {"type": "pulumi:pulumi:Stack"}}]
    for native in next(n for n in graph["resources"] if n["name"] == "catalog")["native"]:
        steps.append({"op": "delete", "urn": f"{base}radius:index:MongoDatabase${native['type']}::{native['name']}",
                      "oldState": {"type": native["type"], "parent": parent, "inputs": {}}})
    steps.append({"op": "delete", "urn": parent, "oldState": {"type": "radius:index:MongoDatabase", "inputs": {}}})

    summary = summarize(json.loads(json.dumps({"steps": steps})))
    removed = [c for c in summary.components if c.key.name == "catalog"]
    assert [(str(c.key), c.status) for c in removed] == [("MongoDatabase `catalog`", "removed")]
    assert "MongoDatabase `catalog` is **removed**: the data it holds is lost" in summary.warnings
    text = render_markdown(summary)
    assert "> - MongoDatabase `catalog` is **removed**: the data it holds is lost" in text
    assert '[("− MongoDatabase catalog")]:::removed' in text


def test_it_is_in_the_provider_schema_and_served(mongo):
    sys.path.insert(0, str(REPO / "providers"))
    try:
        from radius_provider.schema import build_schema, token
    finally:
        sys.path.remove(str(REPO / "providers"))
    schema = build_schema()
    spec = schema["resources"][token("MongoDatabase")]
    assert spec["isComponent"] is True and spec["description"] == mongo_type.TYPE.description
    assert set(spec["inputProperties"]) == {"application", "resourceProvisioning", "recipe", "host", "port",
                                            "database", "username", "password"}
    assert spec["inputProperties"]["password"]["secret"] is True
    assert spec["requiredInputs"] == ["application"]
    assert spec["properties"]["port"]["type"] == "integer"
    assert spec["properties"]["url"]["secret"] is True and spec["properties"]["password"]["secret"] is True
    assert spec["required"] == ["database", "host", "password", "port", "url", "username"]

    # One input per source type (the typed SDKs get no union: providers/radius_provider/schema.py).
    connection = schema["types"][token("Connection")]["properties"]
    assert connection["sourceMongoDatabase"]["$ref"] == f"#/resources/{token('MongoDatabase')}"
    assert schema["types"][token("SecretRef")]["properties"]["sourceMongoDatabase"]["$ref"] == \
        f"#/resources/{token('MongoDatabase')}"


SERVED = """
import json, sys
sys.path[:0] = [{features!r}, {providers!r}]
import mongo_type
from radius_components.declarations import register_resource_type
register_resource_type(mongo_type.TYPE)
from radius_provider.provider import COMPONENTS
print(json.dumps(COMPONENTS["radius:index:MongoDatabase"][1]))
"""


def test_the_provider_serves_it():
    """In an interpreter of its own, like tests/features/provider_construct.py: `pulumi.provider` and the
    Cloud Run vendor-schema tests load clashing copies of google.rpc.Status."""
    code = SERVED.format(features=str(Path(__file__).parent), providers=str(REPO / "providers"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {name: name for name in ("host", "port", "database", "username", "password",
                                                               "url")}


PROGRAM = """
import mongo_type
import radius_components as rad

env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
app = rad.Application("shop", environment=env)
db = mongo_type.MongoDatabase("catalog", application=app, recipe={"parameters": {"image": "mongo:8.0"}})
rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1.0"},
              connections={"catalog": {"source": db}})
"""


def test_check_runs_it(mongo, tmp_path):
    program = tmp_path / "__main__.py"
    program.write_text(textwrap.dedent(PROGRAM))
    kubernetes, ecs = check_program(program, ["kubernetes", "ecs"])
    assert kubernetes.ok and kubernetes.resources > 0, format_report([kubernetes])
    # On a kind with no MongoDatabase recipe, the check reports it (a kind of its own would bring one).
    assert [e.field for e in ecs.errors] == ["recipe.name"], format_report([ecs])


def test_registered_through_the_entry_point_group(tmp_path, monkeypatch):
    """An installed distribution that names the declaration in the entry point group is all it takes."""
    dist = tmp_path / "mongo_type-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mongo-type\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{declarations.TYPE_GROUP}]\nMongoDatabase = mongo_type:TYPE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _forget("MongoDatabase")
    declarations._loaded.discard(declarations.TYPE_GROUP)
    try:
        assert declarations.declared_resource_types()["MongoDatabase"] is mongo_type.TYPE
        run = run_program(lambda: shop() and pulumi.Output.from_input(None))
        assert run.component("catalog", "MongoDatabase").outputs["host"] == "shop-catalog.dev.svc.cluster.local"
    finally:
        _forget("MongoDatabase")
        declarations._loaded.discard(declarations.TYPE_GROUP)  # the next reader loads the group without it
