"""The application graph: resources, connections both ways, native resources; text rendering."""

from __future__ import annotations

from conftest import run_program
from programs import demo, everything, graph_of
from radius_components.graph import render_text


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
