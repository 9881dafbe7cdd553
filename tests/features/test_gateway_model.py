"""rad.Gateway's portable part: the model (Radius's field names), the ordering rule, the
routed container's port check, the connection source and the graph."""

from __future__ import annotations

import pulumi
import pytest

import radius_components as rad
from radius_components.graph import build_graph
from radius_components.model import GatewayArgs, parse
from tests.helpers.mocks import run_program, snapshot

ROUTE = {"path": "/", "destination": "http://demo:3000"}


def k8s_app(name: str = "todo"):
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    return rad.Application(name, environment=env)


def demo(app, **extra):
    return rad.Container("demo", application=app,
                         container={"image": "nginx", "ports": {"web": {"container_port": 3000}}}, **extra)


def test_radius_camel_case_and_snake_case_are_one_model():
    camel = parse(GatewayArgs, {"routes": [{"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}],
                                "hostname": {"fullyQualifiedHostname": "app.example.com"},
                                "tls": {"certificateFrom": "app-tls", "minimumProtocolVersion": "1.3"}}, "Gateway 'g'", "")
    snake = parse(GatewayArgs, {"routes": [{"path": "/api", "destination": "http://api:8080", "replace_prefix": "/"}],
                                "hostname": {"fully_qualified_hostname": "app.example.com"},
                                "tls": {"certificate_from": "app-tls", "minimum_protocol_version": "1.3"}}, "Gateway 'g'", "")
    assert camel == snake
    assert (camel.routes[0].container, camel.routes[0].port) == ("api", 8080)


@pytest.mark.parametrize("raw, field, text", [
    ({"routes": []}, "routes", "at least 1"),
    ({"routes": [{"path": "api", "destination": "http://a:1"}]}, "routes[0].path", "must start with '/'"),
    ({"routes": [{"path": "/api/", "destination": "http://a:1"}]}, "routes[0].path", "must not end with '/'"),
    ({"routes": [{"path": "/a*", "destination": "http://a:1"}]}, "routes[0].path", "wildcard"),
    ({"routes": [{"path": "/", "destination": "a:3000"}]}, "routes[0].destination", "http://<container>:<port>"),
    ({"routes": [{"path": "/", "destination": "http://a:70000"}]}, "routes[0].destination", "http://<container>:<port>"),
    ({"routes": [ROUTE, ROUTE]}, "routes[1].path", "same path"),
    ({"routes": [ROUTE], "hostname": {}}, "hostname.fully_qualified_hostname", "exactly one"),
    ({"routes": [ROUTE], "hostname": {"fullyQualifiedHostname": "App.Example.com"}}, "hostname.fully_qualified_hostname", "lower-case"),
    ({"routes": [ROUTE], "tls": {}}, "tls.certificate_from", "exactly one certificate source"),
    ({"routes": [ROUTE], "tls": {"managed": True, "certificateFrom": "x"}}, "tls.certificate_from", "exactly one"),
    ({"routes": [ROUTE], "tls": {"managed": True}}, "tls.managed", "fully qualified hostname"),
    ({"routes": [ROUTE], "tls": {"managed": True}, "hostname": {"prefix": "app"}}, "tls.managed", "fully qualified"),
    ({"routes": [ROUTE], "tls": {"certificateFrom": "x", "minimumProtocolVersion": "1.0"}}, "tls.minimum_protocol_version", ""),
    ({"routes": [ROUTE], "runtimes": {"nomad": {}}}, "runtimes.nomad", ""),
    ({"routes": [ROUTE], "replicas": 2}, "replicas", ""),
])
def test_bad_input_names_the_field(raw, field, text):
    with pytest.raises(rad.RadiusValidationError) as exc:
        parse(GatewayArgs, raw, "Gateway 'public'", "")
    errors = getattr(exc.value, "errors", [exc.value])
    assert any(e.field == field and text in e.problem for e in errors), [str(e) for e in errors]
    assert all(e.component == "Gateway 'public'" for e in errors)


def test_a_gateway_after_its_containers_routes_to_them_by_object():
    """The natural order (containers, then the gateway naming them by object) deploys: the
    application is expanded once it is all declared (radius_components.program)."""
    def program():
        app = k8s_app()
        web = demo(app)
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": web}])

    run = run_program(program)
    backend = run.one("kubernetes:networking.k8s.io/v1:Ingress").plain()["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    service = run.one("kubernetes:core/v1:Service", "demo-service").plain()["metadata"]["name"]
    assert backend == {"service": {"name": service, "port": {"number": 3000}}}


def test_a_route_to_a_container_never_declared_is_an_error():
    def program():
        app = k8s_app()
        demo(app)
        rad.Gateway("public", application=app, routes=[ROUTE, {"path": "/api", "destination": "http://DEMO:3000"}])

    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program)
    assert exc.value.field == "routes[1].destination"
    assert "never declared" in exc.value.problem and "differs only in case" in exc.value.problem


def test_a_routed_container_must_listen_on_the_routed_port():
    def program():
        app = k8s_app()
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://demo:8080"}])
        demo(app)

    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program)
    assert exc.value.component == "Container 'demo'" and exc.value.field == "container.ports"
    assert "routes / to port 8080" in exc.value.problem


def test_the_destination_port_is_the_port_other_containers_use():
    # `port` (the Service port) 80 in front of container_port 3000: the gateway names 80.
    def program():
        app = k8s_app()
        rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://demo:80"}])
        rad.Container("demo", application=app,
                      container={"image": "nginx", "ports": {"web": {"container_port": 3000, "port": 80}}})

    run = run_program(program)
    backend = run.one("kubernetes:networking.k8s.io/v1:Ingress").plain()["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    service = run.one("kubernetes:core/v1:Service", "demo-service").plain()["metadata"]["name"]
    assert backend == {"service": {"name": service, "port": {"number": 80}}}


def test_a_connection_to_a_gateway_is_its_url_and_it_is_in_the_graph():
    def program():
        app = k8s_app()
        gw = rad.Gateway("public", application=app, routes=[ROUTE], hostname={"fullyQualifiedHostname": "todo.example.com"})
        demo(app)
        rad.Container("probe", application=app, container={"image": "curl"}, connections={"entry": {"source": gw}})
        return pulumi.Output.from_input(build_graph(app))

    run = run_program(program)
    env = {e["name"]: e.get("value") for e in
           run.one("kubernetes:apps/v1:Deployment", "probe-deployment").plain()["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env == {"CONNECTION_ENTRY_URL": "http://todo.example.com"}

    graph = {}

    def capture():
        app = k8s_app()
        rad.Gateway("public", application=app, routes=[ROUTE])
        demo(app)
        return app.graph.apply(graph.update)

    run_program(capture)
    nodes = {n["name"]: n for n in graph["resources"]}
    assert nodes["public"]["type"] == "Applications.Core/gateways"
    assert nodes["public"]["connections"]["outbound"] == [{"name": "/", "target": "demo", "type": "Applications.Core/containers"}]
    assert nodes["demo"]["connections"]["inbound"] == [{"name": "/", "source": "public", "type": "Applications.Core/gateways"}]
    assert nodes["public"]["native"] == [{"type": "kubernetes:networking.k8s.io/v1:Ingress", "name": "public-ingress"}]


def test_the_url_is_an_output_of_the_component():
    def program():
        app = k8s_app()
        gw = rad.Gateway("public", application=app, routes=[ROUTE], hostname={"fullyQualifiedHostname": "todo.example.com"},
                         tls={"certificateFrom": "todo-tls"})
        demo(app)
        return gw.url

    run = run_program(program)
    outputs = run.one("radius:index:Gateway").outputs
    assert outputs["url"] == "https://todo.example.com" and outputs["hostname"] == "todo.example.com"


def test_a_raw_tcp_port_cannot_be_routed():
    def program():
        app = k8s_app()
        rad.Gateway("public", application=app, routes=[ROUTE])
        rad.Container("demo", application=app,
                      container={"image": "nginx", "ports": {"db": {"container_port": 3000, "scheme": "tcp"}}})

    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program)
    assert exc.value.field == "container.ports" and "HTTP-capable" in exc.value.problem


def test_a_program_with_gateways_is_deterministic():
    from tests.helpers.ecs import gateway_program as ecs_program

    assert snapshot(ecs_program()) == snapshot(ecs_program())
