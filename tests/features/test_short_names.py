"""`http://<container>:<port>` as a connection source, as Radius apps write it (Radius's Kubernetes
renderer names container `web`'s Service `web` in the application's namespace).

The class: on every kind, every short-name URL that names a container of the application either
resolves by construction (the container's endpoint there is that name, or that name under a DNS
search domain the kind gives its containers) or the connecting container warns, naming the
container and the portable fix; `check` reports the warning per kind.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

import radius_components as rad
from radius_components.check import run_on_kind
from radius_components.platforms import kind_names
from radius_components.platforms.base import Endpoint
from radius_components.short_names import resolves, short_target
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run(kind: str, connections: dict[str, Any], seen: dict[str, Any]) -> list[str]:
    def program():
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("shop", environment=env)
        api = rad.Container("api", application=app,
                            container={"image": "api:1", "ports": {"http": {"container_port": 3000}}})
        rad.Container("worker", application=app, container={"image": "w:1"}) if kind != "knative" else None
        rad.Container("web", application=app, container={"image": "web:1", "ports": {"http": {"container_port": 8080}}},
                      connections=connections)
        seen["api"], seen["platform"], seen["app"] = api, env.platform, app

    handler = _Messages()
    logging.getLogger().addHandler(handler)
    try:
        run_program(program)
    finally:
        logging.getLogger().removeHandler(handler)
    return [m for m in handler.messages if "by its short name" in m]


@pytest.mark.parametrize("kind", kind_names())
def test_a_short_name_resolves_by_construction_or_is_warned_about(kind):
    seen: dict[str, Any] = {}
    warnings = _run(kind, {"api": {"source": "http://api:3000"}}, seen)
    endpoint = seen["api"].endpoint
    if resolves(endpoint, "api", 3000, seen["platform"].search_domains(seen["app"])):
        assert warnings == [], f"{kind}: 'api' resolves there, yet a warning: {warnings}"
    else:
        assert len(warnings) == 1, f"{kind}: no warning for a short name that does not resolve ({endpoint})"
        text = warnings[0]
        assert "Container 'web': connections.api.source = 'http://api:3000' names Container 'api'" in text
        assert f"does not resolve on {kind}" in text and f"docs/kinds/{kind}.md" in text
        assert "{'api': {'source': <Container 'api'>}}" in text


@pytest.mark.parametrize("kind", ["ecs", "cloudrun", "aci", "aca"])
def test_the_kinds_that_cannot_resolve_a_short_name_say_so(kind):
    # ECS on Fargate: Service Connect / Cloud Map names are `<name>.<namespace>`; Cloud Run
    # services are https://<service>-<hash>.run.app; container apps are `<app>-<container>` behind
    # ingress on 80/443; ACI records are `<app>-<container>.<zone>`.
    assert len(_run(kind, {"api": {"source": "http://api:3000"}}, {})) == 1


def test_no_warning_for_what_names_no_container_or_is_no_short_name():
    connections = {"ext": {"source": "http://backend:3000"}, "fq": {"source": "http://api.example.com:80"},
                   "ip": {"source": "http://10.0.0.5:3000"}, "own": {"source": "http://localhost:3000"}}
    assert _run("ecs", connections, {}) == []


def test_a_container_without_ports_is_named_in_the_warning():
    (text,) = _run("ecs", {"w": {"source": "http://worker:9000"}}, {})
    assert "names Container 'worker'" in text and "it declares no ports" in text


def test_search_domains_make_the_fqdn_of_a_short_name_resolve():
    # A pod resolves `api` as `api.<namespace>.svc.cluster.local` (its resolv.conf search list):
    # a kind whose containers get search domains says so with Platform.search_domains.
    endpoint = Endpoint(scheme="http", hostname="api.prod-shop.svc.cluster.local", port=3000)
    assert resolves(endpoint, "api", 3000, ("prod-shop.svc.cluster.local", "svc.cluster.local"))
    assert not resolves(endpoint, "api", 3000, ())
    assert not resolves(endpoint, "api", 8080, ("prod-shop.svc.cluster.local",)), "the port must match too"
    assert resolves(Endpoint(scheme="http", hostname="api", port=80), "api", None)


def _run_on(compute: Any, source: str) -> list[str]:
    seen: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=compute)
        app = rad.Application("shop", environment=env)
        rad.Container("api", application=app, container={"image": "api:1", "ports": {"http": {"container_port": 3000}}})
        rad.Container("web", application=app, container={"image": "web:1", "ports": {"http": {"container_port": 8080}}},
                      connections={"api": {"source": source}})
        seen["platform"], seen["app"] = env.platform, app

    handler = _Messages()
    logging.getLogger().addHandler(handler)
    try:
        run_program(program)
    finally:
        logging.getLogger().removeHandler(handler)
    return [m for m in handler.messages if "by its short name" in m], seen


def test_a_pod_searches_its_own_namespace_first():
    # kubelet writes `search <namespace>.svc.cluster.local svc.cluster.local cluster.local` into a
    # pod's resolv.conf under the default dnsPolicy ClusterFirst (kubernetes.io/docs/concepts/
    # services-networking/dns-pod-service/, "Namespaces of Services").
    _, seen = _run_on(rad.KubernetesCompute(namespace="dev"), "http://api:3000")
    assert seen["platform"].search_domains(seen["app"]) == (
        "dev-shop.svc.cluster.local", "svc.cluster.local", "cluster.local")


def test_radius_layout_resolves_a_short_name_and_the_earlier_layout_warns():
    # Radius's layout (the default): container `api` is the Service `api` in the application's
    # namespace, the connecting pod's own.
    assert _run_on(rad.KubernetesCompute(namespace="dev"), "http://api:3000")[0] == []
    # The earlier layout: the Service is `shop-api`, so `api` names nothing.
    (text,), _ = _run_on(rad.KubernetesCompute(namespace="dev", application_namespaces=False), "http://api:3000")
    assert "does not resolve on kubernetes" in text and "shop-api.dev.svc.cluster.local:3000" in text


def test_knative_resolves_a_short_name_on_port_80_only():
    # Knative serves every Service on port 80 of `<service>.<namespace>.svc.cluster.local`.
    assert _run_on(rad.KnativeCompute(namespace="dev"), "http://api")[0] == []
    assert _run_on(rad.KnativeCompute(namespace="dev"), "http://api:80")[0] == []
    assert len(_run_on(rad.KnativeCompute(namespace="dev"), "http://api:3000")[0]) == 1
    assert len(_run_on(rad.KnativeCompute(namespace="dev", application_namespaces=False), "http://api")[0]) == 1


def test_short_targets():
    assert short_target("http://web:3000") == ("web", 3000)
    assert short_target("http://web") == ("web", None)
    assert short_target("http://web.shop.svc.cluster.local:3000") is None
    assert short_target("http://127.0.0.1:3000") is None


def test_check_reports_the_warning_per_kind():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        rad.Container("api", application=app, container={"image": "api:1", "ports": {"http": {"container_port": 3000}}})
        rad.Container("web", application=app, container={"image": "web:1", "ports": {"http": {"container_port": 8080}}},
                      connections={"api": {"source": "http://api:3000"}})

    result = run_on_kind(program, "ecs")
    assert result.ok
    assert any("names Container 'api' by its short name, which does not resolve on ecs" in w for w in result.warnings)


def test_a_gateway_route_by_short_name_needs_no_warning():
    # Routes name their container (`http://api:3000`) and the gateway maps that to the container
    # on every kind (resources/gateway/destinations.py): nothing resolves a DNS name.
    from radius_components.short_names import unresolved_short_names

    seen: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=COMPUTE["ecs"]())
        app = rad.Application("shop", environment=env)
        api = rad.Container("api", application=app, container={"image": "api:1", "ports": {"http": {"container_port": 3000}}})
        rad.Gateway("gw", application=app, routes=[{"path": "/", "destination": "http://api:3000"}])
        seen["api"] = api

    run_program(program)
    assert unresolved_short_names(seen["api"]) == []
