"""The `radius` provider's construct, under the recording mocks: a request builds exactly what the
Python API builds, references resolve to the live components, bad input is the components' error.

Run by tests/features/test_provider_schema.py in an interpreter of its own (it imports `pulumi.provider`;
see `test_construct_checks_in_their_own_interpreter` there for why). Not named test_*.py, so the
main session does not collect it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest
from google.protobuf import struct_pb2
from pulumi.errors import InputPropertiesError
from pulumi.runtime import rpc

import radius_components as rad
from radius_components.component import RadiusComponent
from tests.helpers.mocks import run_program, snapshot

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "providers"))

from radius_provider.provider import COMPONENTS as SERVED, LIVE, RadiusProvider, plain  # noqa: E402
from radius_provider.schema import build_schema, token  # noqa: E402

SCHEMA = build_schema()



def python_snapshot(program):
    """The Python program's registrations less its expansion marks: the provider expands each
    component as it is constructed, so it needs none (radius_components.program)."""
    return [r for r in snapshot(program) if not r[0].startswith("radius:internal:")]


def test_every_public_component_is_served():
    public = {name for name in rad.__all__
              if isinstance(getattr(rad, name), type) and issubclass(getattr(rad, name), RadiusComponent)}
    assert {token(name) for name in public} == set(SERVED) == set(SCHEMA["resources"])


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
                             {"kubernetes": {"namespace": "demo"}, "protectStateful": False}, opts)
    env_obj = _last("Environment")
    app = provider.construct("todo", token("Application"), {"environment": env_obj}, opts)
    app_obj = _last("Application")
    provider.construct("db", token("RedisCache"), {"application": app_obj}, opts)
    db_obj = _last("RedisCache")
    provider.construct("demo", token("Container"), {
        "application": app_obj, "container": DEMO_CONTAINER,
        "connections": dependent({"redis": {"sourceRedisCache": db_obj}}, db_obj)}, opts)
    return env, app


_CREATED: list[pulumi.Resource] = []


def _last(kind: str) -> pulumi.Resource:
    return next(r for r in reversed(_CREATED) if type(r).__name__ == kind)


@pytest.fixture(autouse=True)
def _track_components(monkeypatch):
    """Remember each component the provider builds (what LIVE resolves URNs to)."""
    _CREATED.clear()
    original = LIVE.add

    def add(component, type_token=""):
        _CREATED.append(component)
        original(component, type_token)

    monkeypatch.setattr(LIVE, "add", add)
    yield


def test_a_construct_request_builds_what_the_python_api_builds():
    assert snapshot(provider_demo) == python_snapshot(python_demo)


STORE_DATA = {"api-key": {"value": "k-123"}, "session": {"generate": {"length": 24}}}
API_CONTAINER = {"image": "ghcr.io/example/api:1", "ports": {"web": {"containerPort": 8080}},
                 "env": {"API_KEY": {"valueFrom": {"secretRef": {"source": None, "key": "api-key"}}},
                         "DB_PASSWORD": {"valueFrom": {"secretRef": {"source": None, "key": "password"}}}}}


def _api_container(store: Any, sql: Any, schema_shape: bool = False) -> dict[str, Any]:
    """The API container's spec; in the schema's shape a secret's source is `source<Type>`."""
    spec = json.loads(json.dumps(API_CONTAINER))
    for var, source in (("API_KEY", store), ("DB_PASSWORD", sql)):
        ref = spec["env"][var]["valueFrom"]["secretRef"]
        del ref["source"]
        ref[f"source{type(source).__name__}" if schema_shape else "source"] = source
    return spec


def python_data_and_gateway():
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    sql = rad.SqlDatabase("orders", application=app, resource_provisioning="manual", server="pg.example.com",
                          database="orders", username="shop", password=pulumi.Output.secret("pw"), tls=True)
    store = rad.SecretStore("keys", application=app, data=STORE_DATA)
    gateway = rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://api:8080"}])
    rad.Container("api", application=app, container=_api_container(store, sql),
                  connections={"orders": {"source": sql}})
    rad.Container("probe", application=app, container={"image": "ghcr.io/example/probe:1"},
                  connections={"public": {"source": gateway}})


def provider_data_and_gateway():
    """The same program as construct requests: the three newer components and references to them
    as connection and secret sources (inputs as the engine delivers them, see provider_demo)."""
    provider = RadiusProvider()
    opts = pulumi.ResourceOptions()
    provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"},
                                                     "protectStateful": False}, opts)
    provider.construct("shop", token("Application"), {"environment": _last("Environment")}, opts)
    app = _last("Application")
    provider.construct("orders", token("SqlDatabase"), {
        "application": app, "resourceProvisioning": "manual", "server": "pg.example.com", "database": "orders",
        "username": "shop", "password": rpc.wrap_rpc_secret("pw"), "tls": True}, opts)
    sql = _last("SqlDatabase")
    provider.construct("keys", token("SecretStore"), {"application": app, "data": STORE_DATA}, opts)
    store = _last("SecretStore")
    provider.construct("public", token("Gateway"), {
        "application": app, "routes": [{"path": "/", "destination": "http://api:8080"}]}, opts)
    gateway = _last("Gateway")
    provider.construct("api", token("Container"), {
        "application": app, "container": dependent(_api_container(store, sql, schema_shape=True), store, sql),
        "connections": dependent({"orders": {"sourceSqlDatabase": sql}}, sql)}, opts)
    provider.construct("probe", token("Container"), {
        "application": app, "container": {"image": "ghcr.io/example/probe:1"},
        "connections": dependent({"public": {"sourceGateway": gateway}}, gateway)}, opts)


def test_sql_database_secret_store_and_gateway_are_served_as_in_python():
    """Gateway, SqlDatabase and SecretStore through the provider build what the Python API builds,
    with references to them as a connection source and a secret_ref source."""
    provider_run = snapshot(provider_data_and_gateway)
    assert provider_run == python_snapshot(python_data_and_gateway)
    types = {t for t, *_ in provider_run}
    assert {"radius:index:SqlDatabase", "radius:index:SecretStore", "radius:index:Gateway"} <= types


def python_volume():
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    files = rad.Volume("files", application=app, size_gib=5, access_mode="ReadWriteMany")
    rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1", "volumes": {
        "files": {"kind": "persistent", "source": files, "mount_path": "/files", "permission": "read"},
        "tmp": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/tmp", "size_limit": "64Mi"}}})


def provider_volume():
    """The same program as construct requests: a Volume, and a container whose volumes are spelled
    one property per kind (`persistent`, `ephemeral`), the persistent one's `source` the Volume."""
    provider = RadiusProvider()
    opts = pulumi.ResourceOptions()
    provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"},
                                                     "protectStateful": False}, opts)
    provider.construct("shop", token("Application"), {"environment": _last("Environment")}, opts)
    app = _last("Application")
    provider.construct("files", token("Volume"), {"application": app, "sizeGib": 5,
                                                  "accessMode": "ReadWriteMany"}, opts)
    files = _last("Volume")
    provider.construct("api", token("Container"), {"application": app, "container": dependent({
        "image": "ghcr.io/example/api:1", "volumes": {
            "files": {"persistent": {"source": files, "mountPath": "/files", "permission": "read"}},
            "tmp": {"ephemeral": {"managedStore": "memory", "mountPath": "/tmp", "sizeLimit": "64Mi"}}}}, files)},
        opts)


def test_a_volume_and_its_mount_are_served_as_in_python():
    provider_run = snapshot(provider_volume)
    assert provider_run == python_snapshot(python_volume)
    assert "radius:index:Volume" in {t for t, *_ in provider_run}


def test_the_outputs_of_the_new_components_are_their_state():
    provider = RadiusProvider()
    seen: dict[str, Any] = {}

    def program():
        provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}},
                           pulumi.ResourceOptions())
        provider.construct("shop", token("Application"), {"environment": _last("Environment")},
                           pulumi.ResourceOptions())
        app = _last("Application")
        seen["sql"] = provider.construct("orders", token("SqlDatabase"), {
            "application": app, "resourceProvisioning": "manual", "server": "pg", "database": "orders"},
            pulumi.ResourceOptions()).state
        seen["store"] = provider.construct("keys", token("SecretStore"), {
            "application": app, "data": {"k": {"value": "v"}}}, pulumi.ResourceOptions()).state
        seen["gateway"] = provider.construct("public", token("Gateway"), {
            "application": app, "routes": [{"path": "/", "destination": "http://api:8080"}]},
            pulumi.ResourceOptions()).state

    run_program(program)
    assert set(seen["sql"]) == set(SCHEMA["resources"][token("SqlDatabase")]["properties"])
    assert set(seen["store"]) == set(SCHEMA["resources"][token("SecretStore")]["properties"])
    assert {"url", "hostname"} <= set(seen["gateway"]) <= set(SCHEMA["resources"][token("Gateway")]["properties"])
    assert seen["sql"]["engine"] == "postgresql" and seen["store"]["keys"] == ["k"]


def test_a_gateway_after_its_container_is_the_components_error():
    """Another language registers independent resources in any order, so the YAML demo lists the
    gateway in the container's `gateways`; without that, the provider reports the component's rule."""
    provider = RadiusProvider()

    def program():
        provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}},
                           pulumi.ResourceOptions())
        provider.construct("shop", token("Application"), {"environment": _last("Environment")},
                           pulumi.ResourceOptions())
        app = _last("Application")
        provider.construct("api", token("Container"), {"application": app, "container": {"image": "x"}},
                           pulumi.ResourceOptions())
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("public", token("Gateway"), {
                "application": app, "routes": [{"path": "/", "destination": "http://api:8080"}]},
                pulumi.ResourceOptions())
        assert info.value.errors[0]["property_path"] == "routes[0].destination"
        assert "list Gateway 'public' in Container 'api''s gateways" in info.value.errors[0]["reason"]

    run_program(program)


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
            provider.construct("e", token("Environment"), {"kubernetes": {}, "kinds": 1},
                               pulumi.ResourceOptions())
        with pytest.raises(ValueError, match="unknown resource type"):
            provider.construct("e", "radius:index:Nope", {}, pulumi.ResourceOptions())

    assert run_program(program).resources == []


def test_bad_input_through_the_provider_is_the_components_error():
    provider = RadiusProvider()

    def program():
        provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}},
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




def test_a_whole_number_from_the_engine_is_an_int_in_the_workload():
    """`value: 3` in YAML reaches the provider as 3.0 (protobuf doubles); the container sees "3" and
    the port is 8080 (end to end; the unit of the conversion is the `plain` test above)."""
    provider = RadiusProvider()

    def program():
        provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}},
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


# ------------------------------------------------------------------------ unions as choices
# The schema spells each union of the model as one optional property per member (Go's generator
# types a union as `pulumi.Input`: pkg/codegen/go/gen.go "TODO(pdg): union types"); the provider
# puts the member the program chose back into the model's field. Exactly one must be set.
def _env_app(provider: RadiusProvider) -> pulumi.Resource:
    provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}}, pulumi.ResourceOptions())
    provider.construct("todo", token("Application"), {"environment": _last("Environment")}, pulumi.ResourceOptions())
    return _last("Application")


def test_each_kind_input_becomes_the_compute_of_that_kind():
    """Every declared kind is its own Environment input, named by the kind; the provider hands the
    component `compute` with that `kind` (what the Python API takes)."""
    provider = RadiusProvider()
    kinds = [c.prop for c in provider.reshaper.splits[token("Environment")][0].choices]
    from radius_components.platforms import kind_names

    assert kinds == list(kind_names())
    for kind in kinds:
        shaped = provider.reshaper.inputs(token("Environment"), "Environment 'e'", {kind: {"x": 1}})
        assert shaped == {"compute": {"x": 1, "kind": kind}}


def test_an_extension_item_names_its_kind_by_its_property():
    provider = RadiusProvider()

    def program():
        app = _env_app(provider)
        provider.construct("w", token("Container"), {
            "application": app, "container": {"image": "x"},
            "extensions": [{"manualScaling": {"replicas": 3.0}},
                           {"kubernetesMetadata": {"labels": {"team": "a"}}}]}, pulumi.ResourceOptions())

    deployment = run_program(program).one("kubernetes:apps/v1:Deployment").plain()
    assert deployment["spec"]["replicas"] == 3
    assert deployment["metadata"]["labels"]["team"] == "a"


def _kinds() -> str:
    from radius_components.platforms import kind_names

    names = list(kind_names())
    return f"{', '.join(names[:-1])} or {names[-1]}"


@pytest.mark.parametrize("inputs, path, fix", [
    ({}, "compute", "set exactly one of {kinds}"),
    ({"kubernetes": {}, "aca": {}}, "kubernetes|aca", "set only one of {kinds}"),
])
def test_no_kind_or_two_kinds_is_an_input_error(inputs, path, fix):
    fix = fix.format(kinds=_kinds())  # every declared kind, in the declared order
    provider = RadiusProvider()

    def program():
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("e", token("Environment"), inputs, pulumi.ResourceOptions())
        assert info.value.errors[0]["property_path"] == path
        assert info.value.errors[0]["reason"].startswith("Environment 'e': ")
        assert f"Fix: {fix}" in info.value.errors[0]["reason"]

    assert run_program(program).resources == []


def test_a_connection_or_secret_without_a_source_or_with_two_is_an_input_error():
    provider = RadiusProvider()

    def program():
        app = _env_app(provider)
        provider.construct("db", token("RedisCache"), {"application": app}, pulumi.ResourceOptions())
        db = _last("RedisCache")
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("w", token("Container"), {
                "application": app,
                "container": {"image": "x", "env": {"P": {"valueFrom": {"secretRef": {"key": "password"}}}}},
                "connections": {"a": {"sourceRedisCache": db, "sourceUrl": "redis://r:6379"}, "b": {}}},
                pulumi.ResourceOptions())
        errors = {e["property_path"]: e["reason"] for e in info.value.errors}
        assert set(errors) == {"container.env.P.valueFrom.secretRef.source", "connections.a.sourceUrl|sourceRedisCache",
                               "connections.b.source"}, errors
        assert "Fix: set exactly one of sourceUrl, sourceRedisCache, sourceSqlDatabase, sourceContainerUrn or " \
               "sourceGateway" in errors["connections.b.source"]

    recording = run_program(program)
    assert not recording.of_type("radius:index:Container")


# ------------------------------------------------------------------------ the private field read
def test_the_pulumi_sdk_still_has_the_private_field_the_provider_reads():
    """`plain` reads `Output._data` (a finished asyncio future of `_OutputData` with `value`,
    `is_known`, `is_secret`): a private field of the Pulumi SDK (pulumi/output.py), so the plugin's
    environment pins the SDK (providers/requirements.txt) and this fails loudly, naming the field,
    on an SDK where it is gone or changed shape."""
    from pulumi.output import _OutputData

    def program():
        out = pulumi.Output._from_data(_resolved({"a": 1}, ()))
        assert isinstance(getattr(out, "_data", None), __import__("asyncio").Future), "pulumi.Output._data is gone"
        data = out._data.result()
        assert isinstance(data, _OutputData) and data.value == {"a": 1} and data.is_known and not data.is_secret

    run_program(program)


def test_an_sdk_without_the_field_fails_every_construct_loudly():
    from radius_provider import provider as provider_module

    class Gone:
        def __getattr__(self, name):
            raise AttributeError(name)

    with pytest.raises(RuntimeError, match=r"Output has no `_data`.*providers/requirements.txt"):
        provider_module.resolved_data(Gone())


def python_container_to_container():
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    backend = rad.Container("backend", application=app,
                            container={"image": "ghcr.io/example/backend:1", "ports": {"api": {"containerPort": 8080}}})
    rad.Container("frontend", application=app, container={"image": "ghcr.io/example/frontend:1"},
                  connections={"backend": {"source": backend}})


def provider_container_to_container():
    provider = RadiusProvider()
    app = _env_app_named(provider, "shop")
    provider.construct("backend", token("Container"), {
        "application": app,
        "container": {"image": "ghcr.io/example/backend:1", "ports": {"api": {"containerPort": 8080.0}}}},
        pulumi.ResourceOptions())
    backend = _last("Container")
    # As the engine delivers `sourceContainerUrn: backend.urn`: the URN, once the backend has one.
    return backend.urn.apply(lambda urn: provider.construct("frontend", token("Container"), {
        "application": app, "container": {"image": "ghcr.io/example/frontend:1"},
        "connections": dependent({"backend": {"sourceContainerUrn": urn}}, backend)}, pulumi.ResourceOptions()).urn)


def _env_app_named(provider: RadiusProvider, app_name: str) -> pulumi.Resource:
    provider.construct("dev", token("Environment"), {"kubernetes": {"namespace": "dev"}, "protectStateful": False},
                       pulumi.ResourceOptions())
    provider.construct(app_name, token("Application"), {"environment": _last("Environment")}, pulumi.ResourceOptions())
    return _last("Application")


def test_a_container_connects_to_another_by_its_urn_as_in_python():
    """A Container's inputs cannot refer to a Container in the schema (the TypeScript generator
    imports the class into its own file, pulumi/pulumi#24750), so another container is named by
    its URN; the provider resolves it to the live Container and builds what Python builds."""
    assert snapshot(provider_container_to_container) == python_snapshot(python_container_to_container)


def test_a_urn_that_is_not_a_container_of_the_program_is_an_input_error():
    provider = RadiusProvider()

    def program():
        app = _env_app(provider)
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("w", token("Container"), {
                "application": app, "container": {"image": "x"},
                "connections": {"b": {"sourceContainerUrn": "urn:pulumi:s::p::radius:index:Container::nope"}}},
                pulumi.ResourceOptions())
        assert info.value.errors[0]["property_path"] == "connections.b.sourceContainerUrn"
        assert "no Container of this program has this URN" in info.value.errors[0]["reason"]

    run_program(program)


# ------------------------------------------------------------------------ gateways: order as data
def provider_gateway_listed():
    provider = RadiusProvider()
    app = _env_app_named(provider, "shop")
    provider.construct("public", token("Gateway"), {
        "application": app, "routes": [{"path": "/", "destination": "http://api:8080"}]}, pulumi.ResourceOptions())
    gateway = _last("Gateway")
    provider.construct("api", token("Container"), {
        "application": app, "gateways": dependent([gateway], gateway),
        "container": {"image": "ghcr.io/example/api:1", "ports": {"web": {"containerPort": 8080.0}}}},
        pulumi.ResourceOptions())


def python_gateway_first():
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://api:8080"}])
    rad.Container("api", application=app,
                  container={"image": "ghcr.io/example/api:1", "ports": {"web": {"containerPort": 8080}}})


def test_gateways_orders_the_constructs_and_builds_what_python_builds():
    """`gateways` is a list of resource references, so the engine constructs the gateway first in
    every language (an SDK waits for a referenced resource); the container is what Python builds."""
    assert snapshot(provider_gateway_listed) == python_snapshot(python_gateway_first)


def test_a_listed_gateway_that_does_not_route_to_the_container_is_an_input_error():
    provider = RadiusProvider()

    def program():
        app = _env_app(provider)
        provider.construct("public", token("Gateway"), {
            "application": app, "routes": [{"path": "/", "destination": "http://other:8080"}]}, pulumi.ResourceOptions())
        with pytest.raises(InputPropertiesError) as info:
            provider.construct("api", token("Container"), {
                "application": app, "gateways": [_last("Gateway")], "container": {"image": "x"}},
                pulumi.ResourceOptions())
        assert info.value.errors[0]["property_path"] == "gateways[0]"
        assert "Gateway 'public' has no route to Container 'api'" in info.value.errors[0]["reason"]

    run_program(program)
