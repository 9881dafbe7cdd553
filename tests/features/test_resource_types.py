"""Each portable resource type declares itself once (radius_components/resources/<type>/declaration.py)
and the rest is derived from the declarations: the registry (through the entry point group, as a
third-party type registers), the components' typed outputs, the recipes' typed results, the types
`Environment(recipes=...)` takes, the PR summary's data-holding types, the Azure grant scopes."""

from __future__ import annotations

import dataclasses
import sys
import typing
from importlib.metadata import entry_points
from typing import Any

import pulumi
import pytest

import radius_components as rad
from radius_components.declarations import TYPE_GROUP, declared_resource_types, load_reference
from radius_components.diff import render_markdown, summarize
from radius_components.graph import render_mermaid
from radius_components.recipes import RecipeResult, TypedRecipeResult, result_class
from radius_components.redis_cache import RedisCacheResult
from radius_components.resources.registry import declared_outputs
from radius_components.testing import RadiusMocks, run_program

BUILT_IN = {"Gateway": rad.Gateway, "RedisCache": rad.RedisCache, "SecretStore": rad.SecretStore,
            "SqlDatabase": rad.SqlDatabase}
# A declared output's type -> what its annotation on the component says (inside pulumi.Output[...]).
ANNOTATION = {"string": str, "integer": int, "boolean": bool, "string[]": list[str], "any": Any}


def annotations(cls: type) -> dict[str, Any]:
    """The class's annotations, and its radius_components bases' (pulumi's own are not ours)."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("radius_components"):
            namespace = vars(sys.modules[klass.__module__])
            for key, value in klass.__dict__.get("__annotations__", {}).items():
                out[key] = eval(value, namespace) if isinstance(value, str) else value
    return out


def program_of(build):
    def program():
        build()
        return pulumi.Output.from_input(None)
    return program


# -- the registry ---------------------------------------------------------------------------------


def test_the_built_in_types_register_through_the_entry_point_group():
    """Exactly as a third-party package would: pyproject.toml names each declaration."""
    points = {ep.name: ep.value for ep in entry_points(group=TYPE_GROUP)}
    assert set(BUILT_IN) <= set(points)
    for name in BUILT_IN:
        declared = load_reference(points[name])
        assert declared is declared_resource_types()[name] and declared.name == name


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_a_declaration_names_its_component_and_radius_type(name):
    declaration = declared_resource_types()[name]
    component = load_reference(declaration.component)
    assert component is BUILT_IN[name]
    assert component.resource_type == declaration.radius_type
    assert declaration.args_model is not None and declaration.description


# -- typed outputs: the class annotations are checked against the declarations ----------------------


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_the_component_annotates_exactly_its_declared_outputs(name):
    declaration = declared_resource_types()[name]
    hints = annotations(BUILT_IN[name])
    declared = {o.name: o for o in declared_outputs(declaration)}
    annotated = {k for k, v in hints.items() if typing.get_origin(v) is pulumi.Output}
    assert annotated <= set(declared), f"annotated but not declared: {annotated - set(declared)}"
    for output in declared.values():
        hint = hints.get(output.name)
        assert hint is not None, f"{name}.{output.name} is declared but not annotated"
        inner = typing.get_args(hint)[0] if typing.get_origin(hint) is pulumi.Output else hint
        expected = ANNOTATION[output.type]
        assert inner in (expected, typing.Optional[expected]), (output.name, hint)
        if not output.required and expected is not Any and typing.get_origin(hint) is pulumi.Output:
            assert inner == typing.Optional[expected], f"{name}.{output.name} may be null: Optional"


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_the_registered_outputs_are_the_declared_ones(name):
    """What the component registers (and the provider serves) is what it declares."""
    def build():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        if name == "Gateway":
            rad.Gateway("edge", application=app, routes=[{"path": "/", "destination": "http://web:80"}])
            rad.Container("web", application=app, container={"image": "nginx:1.27", "ports": {"http": {"container_port": 80}}})
        elif name == "SecretStore":
            rad.SecretStore("keys", application=app, data={"token": {"value": "t"}})
        else:
            BUILT_IN[name]("db", application=app)

    run = run_program(program_of(build))
    registered = next(r for r in run.resources if r.type == f"radius:index:{name}")
    outputs = declared_outputs(declared_resource_types()[name])
    registered_names = set(registered.outputs or {})  # (a null output is not registered)
    assert {o.name for o in outputs if o.required} <= registered_names
    if name != "Gateway":  # a gateway also has its kind's own outputs (KindDeclaration.outputs)
        assert registered_names <= {o.name for o in outputs}


# -- typed recipe results ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["RedisCache", "SqlDatabase"])
def test_the_typed_result_has_one_attribute_per_given_field(name):
    declaration = declared_resource_types()[name]
    cls = result_class(declaration)
    assert cls is declaration.result and issubclass(cls, TypedRecipeResult) and cls.resource_type == name
    attributes = {f.name: f for f in dataclasses.fields(cls) if f.name not in ("resources", "outputs")}
    given = [f for f in declaration.fields if not f.computed]
    assert list(attributes) == [f.name for f in given]
    for f in given:
        has_default = attributes[f.name].default is not dataclasses.MISSING
        assert has_default is not f.required, f"{name}Result.{f.name}: required iff declared required"


def test_a_generated_result_class_follows_the_fields():
    cls = result_class(declared_resource_types()["RedisCache"].__class__(
        name="Toy", radius_type="Toy.Things/toys", component="x:Y", fields=(
            *declared_resource_types()["RedisCache"].fields,)))
    result = cls(host="h", port=1)
    assert result.field_values()["host"] == "h" and result.password is None
    with pytest.raises(TypeError):
        cls(port=1)  # host is required


def _redis_program(recipe):
    def build():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"),
                              recipes={"RedisCache": {"default": recipe}})
        app = rad.Application("shop", environment=env)
        db = rad.RedisCache("db", application=app)
        rad.Container("web", application=app, container={"image": "nginx:1.27"}, connections={"cache": {"source": db}})
    return program_of(build)


def _env_of(run) -> dict[str, Any]:
    deployment = next(r for r in run.k8s("Deployment") if r.name == "web-deployment").plain()
    return {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}


def test_a_user_recipe_may_return_the_typed_result():
    run = run_program(_redis_program(lambda ctx: RedisCacheResult(host="cache.internal", port=6380, password="pw")))
    env = _env_of(run)
    assert env["CONNECTION_CACHE_HOST"]["value"] == "cache.internal"
    assert env["CONNECTION_CACHE_TLS"]["value"] == "true"  # the declared default: TLS on 6380
    assert env["CONNECTION_CACHE_USERNAME"]["value"] == ""
    assert "valueFrom" in env["CONNECTION_CACHE_PASSWORD"] and "valueFrom" in env["CONNECTION_CACHE_URL"]
    assert "CONNECTION_CACHE_TLSCACERT" not in env  # not given: no variable


def test_the_untyped_result_still_works_and_reads_the_same():
    typed = _env_of(run_program(_redis_program(lambda ctx: RedisCacheResult(host="h", port=6379, password="pw"))))
    untyped = _env_of(run_program(_redis_program(
        lambda ctx: RecipeResult(values={"host": "h", "port": 6379}, secrets={"password": "pw"}))))
    assert typed == untyped


def test_a_missing_required_field_names_the_field_and_the_fix():
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(_redis_program(lambda ctx: RecipeResult(values={"hostname": "h", "port": 6379})))
    error = info.value
    assert error.component == "RedisCache 'db' (recipe 'default')" and error.field == "host"
    assert "RedisCache requires host, port" in error.problem
    assert "RedisCacheResult(host=...)" in error.fix and "hostname is no field of RedisCache" in error.fix


def test_the_result_of_another_type_or_no_result_is_refused():
    from radius_components.sql_database import SqlDatabaseResult

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(_redis_program(lambda ctx: SqlDatabaseResult(server="s", port=1, database="d")))
    assert "not of a RedisCache recipe" in info.value.problem and "RedisCacheResult" in info.value.fix
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(_redis_program(lambda ctx: {"host": "h", "port": 1}))
    assert "must return its resource type's result" in info.value.problem


def test_a_typed_result_reads_as_the_untyped_one():
    result = RedisCacheResult(host="h", port=1, password="pw")
    assert result.values == {"host": "h", "port": 1} and result.secrets == {"password": "pw"}


# -- what Environment(recipes=...) takes -------------------------------------------------------------


def test_recipes_are_taken_for_exactly_the_types_that_declare_them():
    from radius_components.environment import _RESOURCE_TYPES

    assert list(_RESOURCE_TYPES) == sorted(n for n, d in declared_resource_types().items() if d.takes_recipes)
    assert list(_RESOURCE_TYPES) == ["RedisCache", "SqlDatabase", "Volume"]
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(program_of(lambda: rad.Environment(
            "dev", compute=rad.KubernetesCompute(namespace="dev"), recipes={"Gateway": {"default": lambda ctx: None}})))
    assert info.value.field == "recipes.Gateway" and "['RedisCache', 'SqlDatabase', 'Volume']" in info.value.fix


# -- the PR summary: a deleted SqlDatabase loses its data ---------------------------------------------


def removal_preview(component: str, name: str, radius_type: str, children: list[str]) -> dict[str, Any]:
    """A `pulumi preview --json` document in which `component` `name` (and its native children,
    type tokens) is deleted, the previous graph listing it beside a container connected to it;
    the shape of tests/data/diff/*.preview.json."""
    base = "urn:pulumi:prod::shop::"
    parent = f"{base}radius:index:{component}::{name}"
    graph = {"application": "shop", "environment": "prod", "kind": "kubernetes", "resources": [
        {"name": name, "type": radius_type, "native": [{"name": f"{name}-{t.rsplit(':', 1)[-1].lower()}", "type": t}
                                                       for t in children],
         "connections": {"inbound": [{"name": "db", "source": "api", "type": "Applications.Core/containers"}],
                         "outbound": []}},
        {"name": "api", "type": "Applications.Core/containers", "native": [],
         "connections": {"inbound": [], "outbound": [{"name": "db", "target": name, "type": radius_type}]}},
    ]}
    steps: list[dict[str, Any]] = [{"op": "same", "urn": f"{base}pulumi:pulumi:Stack::shop-prod",
                                    "oldState": {"type": "pulumi:pulumi:Stack", "outputs": {"graph": graph}},
                                    "newState": {"type": "pulumi:pulumi:Stack"}}]
    for t in children:
        child = f"{name}-{t.rsplit(':', 1)[-1].lower()}"
        steps.append({"op": "delete", "urn": f"{base}radius:index:{component}${t}::{child}",
                      "oldState": {"type": t, "parent": parent, "inputs": {}}})
    steps.append({"op": "delete", "urn": parent, "oldState": {"type": f"radius:index:{component}", "inputs": {}}})
    return {"steps": steps}


def test_a_deleted_sql_database_warns_that_its_data_is_lost():
    preview = removal_preview("SqlDatabase", "orders", "Applications.Datastores/sqlDatabases",
                              ["kubernetes:core/v1:Service", "kubernetes:apps/v1:StatefulSet"])
    summary = summarize(preview)
    assert "SqlDatabase `orders` is **removed**: the data it holds is lost" in summary.warnings
    # One component, not a graph node and a component of two different names.
    assert [str(c.key) for c in summary.components if c.key.name == "orders"] == ["SqlDatabase `orders`"]
    assert "> - SqlDatabase `orders` is **removed**: the data it holds is lost" in render_markdown(summary)


def test_a_deleted_secret_store_or_gateway_is_no_data_loss():
    for component, radius_type in (("SecretStore", "Applications.Core/secretStores"),
                                   ("Gateway", "Applications.Core/gateways")):
        summary = summarize(removal_preview(component, "x", radius_type, ["kubernetes:core/v1:Service"]))
        assert not any("data it holds" in w for w in summary.warnings), component
        assert [str(c.key) for c in summary.components if c.key.name == "x"] == [f"{component} `x`"]


def test_the_graph_draws_what_holds_data_as_a_cylinder():
    graph = removal_preview("SqlDatabase", "orders", "Applications.Datastores/sqlDatabases", [])
    text = render_mermaid(graph["steps"][0]["oldState"]["outputs"]["graph"])
    assert '[("orders<br/>Applications.Datastores/sqlDatabases")]' in text
    assert '["api<br/>Applications.Core/containers"]' in text


# -- Azure: iam.roles on a SqlDatabase connection is scoped to the server -------------------------------

SERVER = "azure-native:dbforpostgresql:Server"
ROLE = "azure-native:authorization:RoleAssignment"
SUBNETS = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets"
AZURE_COMPUTES = {
    "aci": lambda: rad.AciCompute(resource_group="rg-prod", location="westeurope"),
    "aca": lambda: rad.AcaCompute(resource_group="rg-prod", location="westeurope", subnet_id=f"{SUBNETS}/aca",
                                  private_endpoint_subnet_id=f"{SUBNETS}/private-endpoints"),
}


@pytest.mark.parametrize("kind", sorted(AZURE_COMPUTES))
def test_azure_roles_on_a_sql_connection_are_scoped_to_the_server(kind):
    def build():
        env = rad.Environment("prod", compute=AZURE_COMPUTES[kind]())
        app = rad.Application("shop", environment=env)
        db = rad.SqlDatabase("orders", application=app)
        rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}}},
                      connections={"orders": {"source": db, "iam": {"roles": ["Reader"]}}})

    run = run_program(program_of(build), mocks=RadiusMocks())
    server = run.one(SERVER)
    roles = [r.plain() for r in run.of_type(ROLE) if r.name.startswith("api-orders-")]
    assert len(roles) == 1
    assert roles[0]["scope"] == f"{server.name}_id"  # the server's own ARM ID (the mocks' IDs)
    assert roles[0]["roleDefinitionId"].endswith("/acdd72a7-3385-48ef-bd42-f606fba81ae7")


def test_azure_roles_on_a_manual_database_are_refused():
    """A manual database has no ARM ID to scope to: the error names the types that have one."""
    def build():
        env = rad.Environment("prod", compute=AZURE_COMPUTES["aci"]())
        app = rad.Application("shop", environment=env)
        db = rad.SqlDatabase("orders", application=app, resource_provisioning="manual", server="pg", database="d")
        rad.Container("api", application=app, container={"image": "nginx:1.27"},
                      connections={"orders": {"source": db, "iam": {"roles": ["Reader"]}}})

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(program_of(build))
    error = getattr(info.value, "errors", [info.value])[0]
    assert error.field == "connections.orders.iam.roles"
    assert "recipe-provisioned RedisCache or SqlDatabase, a Container" in error.fix


def test_a_checkout_that_is_not_installed_finds_the_builtin_types_in_their_folders(monkeypatch):
    """Without the distribution's metadata there are no entry points (the provider plugin may run
    the checkout beside it): the types' own folders (resources/<type>/declaration.py) are read."""
    import importlib.metadata

    import radius_components.declarations as declarations

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kwargs: [])
    monkeypatch.setattr(declarations, "_types", {})
    monkeypatch.setattr(declarations, "_loaded", set())
    assert sorted(declarations.declared_resource_types()) == ["Gateway", "RedisCache", "SecretStore", "SqlDatabase",
                                                              "Volume"]
