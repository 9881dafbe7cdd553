"""The whole application is validated before anything registers, and order does not matter
(radius_components.program): under the shipped mocks, on every kind."""

from __future__ import annotations

from typing import Any, Callable

import pulumi
import pytest

import radius_components as rad
import radius_components.testing.recording as recording
from radius_components.check import SAMPLE_COMPUTE
from radius_components.platforms import kind_names
from tests.helpers import aca, aci, cloudrun, ecs, kubernetes  # noqa: F401 - each kind's mock answers
from tests.helpers.mocks import recorded, run_program, snapshot

KINDS = kind_names()
# The ALB's public subnets (ecs): the one gateway setting a sample compute cannot hold.
GATEWAY_RUNTIMES = {"ecs": {"subnet_ids": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]}}


def app_on(kind: str, name: str = "shop") -> rad.Application:
    return rad.Application(name, environment=rad.Environment("dev", compute=SAMPLE_COMPUTE[kind]()))


def web_and_api(app: rad.Application) -> tuple[rad.Container, rad.Container]:
    web = rad.Container("web", application=app, container={
        "image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 3000}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"}})
    api = rad.Container("api", application=app, container={
        "image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}}})
    return web, api


@pytest.mark.parametrize("kind", KINDS)
def test_the_gateway_before_or_after_its_containers_registers_the_same(kind):
    """Byte for byte: a route changes the routed containers' resources on several kinds, and
    it does so whichever comes first in the program."""
    def gateway_first() -> None:
        app = app_on(kind)
        rad.Gateway("public", application=app, runtimes=GATEWAY_RUNTIMES, routes=[{"path": "/", "destination": "http://web:3000"}])
        web_and_api(app)

    def gateway_last() -> None:
        app = app_on(kind)
        web, api = web_and_api(app)
        rad.Gateway("public", application=app, runtimes=GATEWAY_RUNTIMES,
                    routes=[{"path": "/", "destination": {"container": web, "port": "http"}}])

    first, last = snapshot(_program(gateway_first)), snapshot(_program(gateway_last))
    assert first == last
    assert any(not t.startswith(("radius:", "random:")) for t, *_ in last)  # native resources, not only components


@pytest.mark.parametrize("kind", KINDS)
def test_a_program_whose_last_component_is_invalid_registers_nothing(kind):
    def program() -> None:
        app = app_on(kind)
        cache = rad.RedisCache("cache", application=app)
        web, _ = web_and_api(app)
        rad.Container("worker", application=app, container={"image": "ghcr.io/example/worker:1.0",
                                                            "ports": {"metrics": {"container_port": 9100}}},
                      connections={"cache": {"source": cache}, "web": {"source": web}})
        rad.Gateway("public", application=app, runtimes=GATEWAY_RUNTIMES,
                    routes=[{"path": "/", "destination": "http://wbe:3000"}])

    with recorded() as registered, pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    assert error.value.component == "Gateway 'public'" and error.value.field == "routes[0].destination"
    assert "never declared" in error.value.problem
    assert registered == [], [(r.type, r.name) for r in registered]


@pytest.mark.parametrize("kind", KINDS)
def test_an_error_raised_by_a_constructor_keeps_the_earlier_components_unregistered(kind):
    def program() -> None:
        app = app_on(kind)
        rad.RedisCache("cache", application=app)
        web_and_api(app)
        rad.Container("bad", application=app, container={"image": "ghcr.io/example/bad:1.0", "ports": {"http": {"container_port": 0}}})

    with recorded() as registered, pytest.raises(rad.RadiusValidationError):
        run_program(_program(program))
    assert registered == [], [(r.type, r.name) for r in registered]


def test_an_error_the_program_catches_is_its_own_business():
    """A fallback (try a component, catch its refusal, declare another) deploys: only an error
    that stops the program body keeps everything unregistered."""
    def program() -> None:
        app = app_on("aci")
        try:
            rad.Container("web", application=app, container={"image": "ghcr.io/example/web:1.0"},
                          extensions=[{"kind": "daprSidecar", "app_id": "web"}])
        except rad.RadiusValidationError:
            rad.Container("web", application=app, container={"image": "ghcr.io/example/web:1.0"})

    run = run_program(_program(program))
    assert run.one("radius:index:Container", "web")


@pytest.mark.parametrize("kind", KINDS)
def test_a_secret_given_as_a_plain_value_registers_nothing_of_its_container(kind):
    """The check needs the Output's value; the container registers only once it has passed, so
    none of its resources (its identity, its secrets) is created either."""
    def program() -> None:
        app = app_on(kind)
        rad.Container("leaky", application=app, container={
            "image": "ghcr.io/example/api:1.0", "env": {"TOKEN": {"value": pulumi.Output.secret("s3cret")}}})

    with recorded() as registered, pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    assert error.value.field == "container.env.TOKEN.value"
    containers = [r for r in registered if r.type == "radius:index:Container"]
    assert containers == []
    assert not [r for r in registered if "radius:index:Container" in (r.parent or "")]


@pytest.mark.parametrize("kind", KINDS)
def test_a_route_to_a_container_without_ports_is_refused(kind):
    def program() -> None:
        app = app_on(kind)
        worker = rad.Container("worker", application=app, container={"image": "ghcr.io/example/worker:1.0"})
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": worker}])

    with pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    # (A kind that runs no port-less container refuses the container itself, which is as good.)
    assert (error.value.field == "routes[0].destination" and "declares no ports" in error.value.problem) or \
        (error.value.component == "Container 'worker'" and error.value.field.startswith("container.ports"))


def test_a_container_of_another_application_is_refused_as_a_destination():
    def program() -> None:
        env = rad.Environment("dev", compute=SAMPLE_COMPUTE["kubernetes"]())
        other = rad.Application("other", environment=env)
        web, _ = web_and_api(other)
        rad.Gateway("public", application=rad.Application("shop", environment=env), routes=[{"path": "/", "destination": web}])

    with pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    assert "belongs to application 'other'" in error.value.problem


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "kubernetes"])
def test_environments_whose_names_normalise_alike_are_refused(kind):
    def program() -> None:
        rad.Environment("dev_1", compute=SAMPLE_COMPUTE[kind]())
        rad.Environment("dev-1", compute=SAMPLE_COMPUTE[kind]())

    with recorded() as registered, pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    assert error.value.component == "Environment 'dev-1'" and "Environment 'dev_1'" in error.value.problem
    assert registered == []


def test_two_kubernetes_environments_in_one_namespace_of_one_cluster_are_refused():
    def program() -> None:
        rad.Environment("blue", compute=rad.KubernetesCompute(namespace="shop"))
        rad.Environment("green", compute=rad.KubernetesCompute(namespace="shop"))
        rad.Environment("other-cluster", compute=rad.KubernetesCompute(namespace="shop", context="eu"))

    with pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    errors = getattr(error.value, "errors", [error.value])
    assert [(e.component, e.field) for e in errors] == [("Environment 'green'", "compute.namespace")]


def test_one_name_for_a_container_and_a_gateway_is_refused():
    def program() -> None:
        app = app_on("kubernetes")
        web, _ = web_and_api(app)
        rad.Gateway("web", application=app, routes=[{"path": "/", "destination": web}])

    with pytest.raises(rad.RadiusValidationError) as error:
        run_program(_program(program))
    assert error.value.component == "Gateway 'web'" and error.value.field == "name"


def test_outputs_read_before_the_expansion_resolve_to_the_expanded_values():
    def program() -> Any:
        app = app_on("kubernetes")
        web, api = web_and_api(app)
        gateway = rad.Gateway("public", application=app, routes=[{"path": "/", "destination": web}])
        return pulumi.Output.all(web.workload_name, web.service_name, api.internal_url, gateway.url, app.graph)

    run = run_program(_program(program, returns=True))
    workload, service, url, gateway_url, graph = recording.resolve(run.result)
    names = {r.name: r.plain()["metadata"] for r in run.resources if r.name in ("web-deployment", "web-service", "api-service")}
    assert (workload, service) == (names["web-deployment"]["name"], names["web-service"]["name"])
    api_service = names["api-service"]
    assert url == f"http://{api_service['name']}.{api_service['namespace']}.svc.cluster.local:8080"
    assert {n["name"]: bool(n["native"]) for n in graph["resources"]} == {"api": True, "public": True, "web": True}


def test_workload_is_there_once_the_program_body_has_run():
    seen: dict[str, Any] = {}

    def program() -> Any:
        app = app_on("kubernetes")
        web, _ = web_and_api(app)
        with pytest.raises(RuntimeError, match="depends_on=\\[container\\]"):
            web.workload  # noqa: B018 - reading it is the test
        seen["web"] = web
        return web.workload_name

    run_program(_program(program, returns=True))
    assert seen["web"].workload is not None and seen["web"].workload._name == "web-deployment"


def _program(build: Callable[[], Any], returns: bool = False) -> Callable[[], Any]:
    def program() -> Any:
        result = build()
        return result if returns else pulumi.Output.from_input(None)
    return program



def test_an_env_value_read_from_a_secret_store_is_an_edge_of_the_graph():
    def program() -> Any:
        app = app_on("kubernetes")
        store = rad.SecretStore("keys", application=app, data={"api-key": {"value": pulumi.Output.secret("k")}})
        rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1.0", "env": {
            "API_KEY": {"value_from": {"secret_ref": {"source": store, "key": "api-key"}}}}})
        return app.graph

    graph = recording.resolve(run_program(_program(program, returns=True)).result)
    nodes = {n["name"]: n for n in graph["resources"]}
    assert nodes["api"]["connections"]["outbound"] == [
        {"name": "API_KEY", "target": "keys", "type": "Applications.Core/secretStores"}]
    assert nodes["keys"]["connections"]["inbound"] == [
        {"name": "API_KEY", "source": "api", "type": "Applications.Core/containers"}]
