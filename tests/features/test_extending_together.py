"""Issue 22's done-test, both halves at once: a third-party compute kind (tests/features/toy_kind)
and a third-party resource type (tests/features/mongo_type.py), neither touching a file of
radius_components. The kind brings a recipe for the type through its own declaration
(`KindDeclaration.recipes`), so one application on the toy kind uses the toy type, and both
appear in `check`, the capability matrix, the graph, the PR summary and the provider schema."""

from __future__ import annotations

import dataclasses
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the toys are top-level modules, as installed packages' would be
    sys.path.insert(0, str(HERE))

import radius_components as rad  # noqa: E402
from radius_components import declarations  # noqa: E402
from radius_components.capabilities import render_matrix  # noqa: E402
from radius_components.check import check_program  # noqa: E402
from radius_components.diff import render_markdown, summarize  # noqa: E402
from radius_components.recipes import RecipeContext  # noqa: E402
from radius_components.testing import resolve, run_program  # noqa: E402

import mongo_type  # noqa: E402
from toy_kind.kind import KIND as TOY  # noqa: E402
from toy_kind.platform import ToyService  # noqa: E402

MONGO = "Applications.Datastores/mongoDatabases"


def toy_mongo_recipe(ctx: RecipeContext) -> Any:
    """The toy kind's MongoDatabase: one toy service running MongoDB."""
    server = ToyService(ctx.name("server"), {"image": "mongo:8", "host": "mongo.toy.internal", "port": 27017, "env": {}},
                        opts=ctx.opts(stateful=True))
    return mongo_type.MongoDatabaseResult(host="mongo.toy.internal", port=27017, database="app", username="app",
                                          password="toy-password", resources=[server])


@pytest.fixture
def toys(monkeypatch):
    """The toy kind (with its recipe for the toy type) and the toy type, registered for one test."""
    declarations.declared_kinds()
    declarations.declared_resource_types()
    monkeypatch.setattr(declarations, "_kinds", dict(declarations._kinds))
    monkeypatch.setattr(declarations, "_types", dict(declarations._types))
    monkeypatch.setattr(sys.modules[__name__], "toy_mongo_recipe", toy_mongo_recipe)
    kind = dataclasses.replace(TOY, recipes={"MongoDatabase": f"{__name__}:toy_mongo_recipe"})
    declarations.register_kind(kind)
    declarations.register_resource_type(mongo_type.TYPE)
    return kind


def shop() -> Any:
    env = rad.Environment("dev", compute={"kind": "toy", "cluster": "toy-1"})
    app = rad.Application("shop", environment=env)
    db = mongo_type.MongoDatabase("catalog", application=app)
    rad.Container("api", application=app,
                  container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}}},
                  connections={"catalog": {"source": db}})
    return app.graph


def test_the_kind_runs_the_types_recipe_and_the_container_gets_its_fields(toys):
    run = run_program(shop)
    server = next(r for r in run.resources if r.type == "toy:index/service:Service" and r.name == "catalog-server")
    assert server.inputs["image"] == "mongo:8"
    api = next(r for r in run.resources if r.type == "toy:index/service:Service" and r.name == "api-service")
    env = api.plain()["env"]
    assert env["CONNECTION_CATALOG_HOST"] == "mongo.toy.internal"
    assert env["CONNECTION_CATALOG_PORT"] == "27017"
    assert env["CONNECTION_CATALOG_DATABASE"] == "app"


def test_both_are_in_the_graph(toys):
    graph = resolve(run_program(shop).result)
    nodes = {n["name"]: n for n in graph["resources"]}
    assert nodes["catalog"]["type"] == MONGO
    assert {"type": "toy:index/service:Service", "name": "catalog-server"} in nodes["catalog"]["native"]
    assert {"type": "toy:index/service:Service", "name": "api-service"} in nodes["api"]["native"]


def test_check_runs_the_program_on_the_toy_kind(toys, tmp_path):
    program = tmp_path / "__main__.py"
    program.write_text(textwrap.dedent('''
        import sys
        sys.path.insert(0, %r)
        import mongo_type
        import radius_components as rad

        env = rad.Environment("dev", compute={"kind": "toy", "cluster": "toy-1"})
        app = rad.Application("shop", environment=env)
        db = mongo_type.MongoDatabase("catalog", application=app)
        rad.Container("api", application=app,
                      container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}}},
                      connections={"catalog": {"source": db}})
    ''' % str(HERE)), encoding="utf-8")
    [result] = check_program(program, ["toy"])
    assert result.ok, (result.errors, result.failure)
    assert result.resources > 0


def test_the_toy_kind_has_a_column_of_the_capability_matrix(toys):
    header = next(line for line in render_matrix().splitlines() if line.startswith("|"))
    assert "toy" in header


def test_deleting_the_toy_type_on_the_toy_kind_warns_in_the_pr_summary(toys):
    graph = resolve(run_program(shop).result)
    base = "urn:pulumi:dev::shop::"
    parent = f"{base}radius:index:MongoDatabase::catalog"
    steps: list[dict[str, Any]] = [{"op": "same", "urn": f"{base}pulumi:pulumi:Stack::shop-dev",
                                    "oldState": {"type": "pulumi:pulumi:Stack", "outputs": {"graph": graph}},
                                    "newState": {"type": "pulumi:pulumi:Stack"}}]
    steps.append({"op": "delete", "urn": f"{parent}$toy:index/service:Service::catalog-server",
                  "oldState": {"type": "toy:index/service:Service", "parent": parent, "inputs": {}}})
    steps.append({"op": "delete", "urn": parent, "oldState": {"type": "radius:index:MongoDatabase", "inputs": {}}})
    summary = summarize(json.loads(json.dumps({"steps": steps})))
    assert "MongoDatabase `catalog` is **removed**: the data it holds is lost" in summary.warnings
    assert "toy:index/service:Service" in render_markdown(summary)


def test_both_are_in_the_provider_schema(toys):
    sys.path.insert(0, str(HERE.parents[1] / "providers"))
    try:
        from radius_provider.schema import build_schema
    finally:
        sys.path.remove(str(HERE.parents[1] / "providers"))
    schema = build_schema()
    assert "radius:index:MongoDatabase" in schema["resources"]
    assert schema["resources"]["radius:index:Environment"]["inputProperties"]["toy"]["$ref"] == \
        "#/types/radius:compute:ToyCompute"
