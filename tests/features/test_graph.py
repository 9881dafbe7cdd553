"""The application graph: resources, connections both ways, native resources; text rendering."""

from __future__ import annotations

from radius_components.graph import render_text
from tests.helpers.mocks import run_program
from tests.helpers.programs import demo, everything, graph_of


def test_demo_graph():
    graph = run_program(graph_of(demo)).result
    import pulumi  # noqa: F401

    value = _resolve(graph)
    assert value["application"] == "todo" and value["environment"] == "dev" and value["kind"] == "kubernetes"
    nodes = {n["name"]: n for n in value["resources"]}
    assert set(nodes) == {"db", "demo"}
    assert nodes["demo"]["type"] == "Applications.Core/containers"
    assert nodes["demo"]["connections"]["outbound"] == [
        {"name": "redis", "target": "db", "type": "Applications.Datastores/redisCaches"}]
    assert nodes["db"]["connections"]["inbound"] == [
        {"name": "redis", "source": "demo", "type": "Applications.Core/containers"}]
    assert {"type": "kubernetes:apps/v1:Deployment", "name": "demo-deployment"} in nodes["demo"]["native"]
    assert {"type": "random:index/randomPassword:RandomPassword", "name": "db-password"} in nodes["db"]["native"]


def test_graph_text_looks_like_rad_app_graph():
    text = render_text(_resolve(run_program(graph_of(everything)).result))
    assert text.startswith("Displaying application: shop")
    assert "Name: frontend (Applications.Core/containers)" in text
    assert "  frontend -> backend (Applications.Core/containers)  [backend]" in text
    assert "  frontend -> https://payments.example.com:8443 (url)  [payments]" in text
    assert "  backend-deployment (kubernetes:apps/v1:Deployment)" in text


def test_disabled_env_vars_still_show_the_connection():
    value = _resolve(run_program(graph_of(everything)).result)
    front = next(n for n in value["resources"] if n["name"] == "frontend")
    assert {"name": "quiet", "target": "cache", "type": "Applications.Datastores/redisCaches"} in front["connections"]["outbound"]


def _resolve(output):
    from pulumi.runtime.sync_await import _sync_await

    return _sync_await(output.future())


def test_graph_read_before_the_last_resource_still_lists_everything():
    import radius_components as rad

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        graph = app.graph  # read first: nothing is declared yet
        text = app.graph_text
        db = rad.RedisCache("db", application=app)
        rad.Container("demo", application=app,
                      container={"image": "ghcr.io/example/demo:1.0", "ports": {"web": {"container_port": 3000}}},
                      connections={"redis": {"source": db}})
        return pulumi.Output.all(graph, text)

    import pulumi

    graph, text = _resolve(run_program(program).result)
    assert [n["name"] for n in graph["resources"]] == ["db", "demo"]
    assert "  demo -> db (Applications.Datastores/redisCaches)  [redis]" in text


def test_graph_as_mermaid():
    from radius_components.graph import render_mermaid

    text = render_mermaid(_resolve(run_program(graph_of(everything)).result))
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  n0_backend["backend<br/>Applications.Core/containers"]' in lines
    assert '  n1_cache[("cache<br/>Applications.Datastores/redisCaches")]' in lines
    assert '  n2_frontend -->|"backend"| n0_backend' in lines
    # A URL target is an external node, declared once.
    assert sum(1 for line in lines if 'payments.example.com' in line and ">\"" in line) == 1
    assert text == render_mermaid(_resolve(run_program(graph_of(everything)).result))  # deterministic


def test_the_examples_export_the_graph():
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    for main in sorted(examples.glob("*/__main__.py")):
        source = main.read_text(encoding="utf-8")
        assert 'pulumi.export("graph"' in source and "graph_mermaid" in source, main
