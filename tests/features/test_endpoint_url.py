"""Connection URLs leave out the scheme's default port, on every kind.

A Cloud Run caller sends an ID token whose audience must be the receiving service's URL
as Cloud Run reports it, `https://<host>` (no port); with `https://<host>:443` as audience
the call is refused with 401 (https://cloud.google.com/run/docs/authenticating/service-to-service).
RFC 3986 section 6.2.3 makes the portless form the normal one for http/80 and https/443, so
every kind emits it; CONNECTION_<NAME>_PORT still has the port.
"""

from __future__ import annotations

import pulumi
import pytest

import radius_components as rad
from radius_components.platforms import Endpoint
from tests.helpers.mocks import run_program


@pytest.mark.parametrize("scheme, port, url", [
    ("https", 443, "https://svc.example"),
    ("http", 80, "http://svc.example"),
    ("HTTPS", 443, "HTTPS://svc.example"),
    ("https", "443", "https://svc.example"),
    ("https", 8443, "https://svc.example:8443"),
    ("http", 443, "http://svc.example:443"),
    ("http", 8080, "http://svc.example:8080"),
    ("grpc", 443, "grpc://svc.example:443"),  # no default port is defined for grpc
    ("tcp", 80, "tcp://svc.example:80"),
])
def test_default_port_is_left_out(scheme, port, url):
    assert Endpoint(scheme=scheme, hostname="svc.example", port=port).url == url


def test_outputs_resolve_to_the_same_form():
    seen = {}

    def program():
        endpoint = Endpoint(scheme="https", hostname=pulumi.Output.from_input("svc.example"),
                            port=pulumi.Output.from_input(443))
        return endpoint.url.apply(lambda url: seen.setdefault("url", url))

    run_program(program)
    assert seen["url"] == "https://svc.example"


def test_kubernetes_service_on_port_80_is_reached_at_a_url_without_port():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        api = rad.Container("api", application=app, container={
            "image": "ghcr.io/example/api:1", "ports": {"web": {"container_port": 8080, "port": 80}}})
        rad.Container("web", application=app, container={"image": "ghcr.io/example/web:1"},
                      connections={"api": {"source": api}})

    run = run_program(program)
    deployment = run.one("kubernetes:apps/v1:Deployment", "web-deployment").plain()
    env = {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["CONNECTION_API_URL"] == "http://api.dev-todo.svc.cluster.local"
    assert env["CONNECTION_API_PORT"] == "80"
    assert env["CONNECTION_API_HOSTNAME"] == "api.dev-todo.svc.cluster.local"
