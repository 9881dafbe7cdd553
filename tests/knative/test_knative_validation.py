"""What Knative Serving cannot run gets a RadiusValidationError naming the field, the value, the
reason and a fix, and nothing of the container (or gateway) registers.

Each case cites Knative's rule (knative.dev/serving v0.42.2); test_knative_validate.py shows
Knative's own Validate refuses the manifests these would have become.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import radius_components as rad
from radius_components import RadiusValidationError
from tests.helpers.mocks import run_program
from tests.helpers.mocks import recorded

WEB = {"web": {"container_port": 8080}}


def fail(build: Callable[[Any], Any]) -> RadiusValidationError:
    """Run env 'dev' + app 'todo' + `build(app)`, which must raise: the program stops there and
    nothing at all registers (the whole application is checked first)."""
    def program():
        env = rad.Environment("dev", compute=rad.KnativeCompute(namespace="dev"))
        build(rad.Application("todo", environment=env))

    with recorded() as registered, pytest.raises(RadiusValidationError) as info:
        run_program(program)
    assert registered == [], [(r.type, r.name) for r in registered]
    return info.value


def assert_message(error: Exception, field: str, *words: str, component: str = "Container 'demo'") -> None:
    text = str(error)
    assert f"{component}: {field} = " in text, text
    assert "Fix: " in text, text
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"


def container(app: Any, spec: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return rad.Container("demo", application=app, container={"image": "img", "ports": WEB, **(spec or {})}, **kwargs)


@pytest.mark.parametrize("spec, kwargs, field, words", [
    # A Service is reached, scaled and scaled to zero through its container's one port.
    ({"ports": {}}, {}, "container.ports", "request-driven"),
    # validateContainerPorts: Knative routes to exactly one port.
    ({"ports": {"a": {"container_port": 8080}, "b": {"container_port": 8081}}}, {}, "container.ports", "exactly one port"),
    # validateContainerPorts: protocol must be empty or TCP.
    ({"ports": {"dns": {"container_port": 5353, "protocol": "UDP"}}}, {}, "container.ports.dns.protocol", "TCP only"),
    # The queue-proxy speaks HTTP/1 or h2c to the container; TLS ends at the ingress.
    ({"ports": {"web": {"container_port": 8443, "scheme": "https"}}}, {}, "container.ports.web.scheme", "plain HTTP"),
    ({"ports": {"db": {"container_port": 5432, "scheme": "tcp"}}}, {}, "container.ports.db.scheme", "not raw TCP"),
    # Every Knative Service answers on port 80 of its cluster-local address.
    ({"ports": {"web": {"container_port": 8080, "port": 8081}}}, {}, "container.ports.web.port", "port 80"),
    # reservedPorts: the queue-proxy's.
    ({"ports": {"web": {"container_port": 9090}}}, {}, "container.ports.web.container_port", "queue-proxy"),
    ({"ports": {"web": {"container_port": 8012}}}, {}, "container.ports.web.container_port", "queue-proxy"),
    # reservedEnvVars.
    ({"env": {"PORT": {"value": "1"}}}, {}, "container.env.PORT", "Knative sets this variable"),
    ({"env": {"K_SERVICE": {"value": "x"}}}, {}, "container.env.K_SERVICE", "Knative sets this variable"),
    # reservedPaths.
    ({"volumes": {"dev": {"kind": "ephemeral", "mount_path": "/dev"}}}, {}, "container.volumes.dev.mount_path", "reserves"),
    # PodSpecMask has no restartPolicy.
    ({}, {"restart_policy": "OnFailure"}, "restart_policy", "always restart"),
    ({}, {"extensions": [{"kind": "daprSidecar", "app_id": "demo", "app_port": 8080}]}, "extensions.daprSidecar", "activator"),
    ({}, {"extensions": [{"kind": "manualScaling", "replicas": 0}]}, "extensions.manualScaling.replicas", "zero"),
    ({}, {"extensions": [{"kind": "manualScaling", "replicas": 2}], "runtimes": {"knative": {"max_scale": 4}}},
     "runtimes.knative.min_scale", "manualScaling"),
    # ValidateHasNoAutoscalingAnnotation: not on the Service's own metadata.
    ({}, {"extensions": [{"kind": "kubernetesMetadata", "annotations": {"autoscaling.knative.dev/window": "60s"}}]},
     "extensions.kubernetesMetadata.annotations.autoscaling.knative.dev/window", "autoscaling group"),
    ({}, {"extensions": [{"kind": "kubernetesMetadata", "labels": {"networking.knative.dev/visibility": "cluster-local"}}]},
     "extensions.kubernetesMetadata.labels.networking.knative.dev/visibility", "visibility"),
    # validateMinMaxScale, validateMetric.
    ({}, {"runtimes": {"knative": {"min_scale": 3, "max_scale": 2}}}, "runtimes.knative.max_scale", "max-scale < min-scale"),
    ({}, {"runtimes": {"knative": {"metric": "cpu"}}}, "runtimes.knative.metric", "concurrency or rps"),
    ({}, {"runtimes": {"knative": {"autoscaling_class": "hpa.autoscaling.knative.dev", "min_scale": 0}}},
     "runtimes.knative.min_scale", "cannot scale to zero"),
    ({}, {"runtimes": {"knative": {"target": 0.001}}}, "runtimes.knative.target", "0.01"),
    ({}, {"connections": {"x": {"source": "http://x.example.com:80", "iam": {"roles": ["Deployment/x"]}}}},
     "connections.x.iam.roles[0]", "role reference"),
])
def test_refused_before_anything_registers(spec, kwargs, field, words):
    error = fail(lambda app: container(app, spec, **kwargs))
    assert_message(error, field, words)


def test_a_container_named_like_knatives_sidecar_is_refused():
    error = fail(lambda app: rad.Container("queue-proxy", application=app, container={"image": "img", "ports": WEB}))
    assert_message(error, "name", "reserves", component="Container 'queue-proxy'")


def test_the_runtime_block_is_checked_on_every_kind():
    """A typo in `runtimes.knative` is an error wherever the program deploys (its model)."""
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        container(rad.Application("todo", environment=env), runtimes={"knative": {"min_scal": 1}})

    with pytest.raises(RadiusValidationError, match="min_scal"):
        run_program(program)


def gateway(app: Any, routes: list[dict[str, Any]] | None = None, **kwargs: Any) -> Any:
    web = container(app)
    return rad.Gateway("public", application=app, routes=routes or [{"path": "/", "destination": web}], **kwargs)


@pytest.mark.parametrize("routes, kwargs, field, words", [
    # Knative's ingress routes hosts to Services, not paths.
    ([{"path": "/", "destination": "http://demo:8080"}, {"path": "/api", "destination": "http://demo:8080"}], {},
     "routes", "one Service"),
    ([{"path": "/api", "destination": "http://demo:8080"}], {}, "routes[0].path", "one Service"),
    ([{"path": "/", "destination": "http://demo:8080", "replace_prefix": "/v1"}], {}, "routes[0].replace_prefix",
     "unchanged"),
    (None, {"internal": True}, "internal", "cluster-local"),
    (None, {"hostname": {"prefix": "shop"}}, "hostname.prefix", "config-domain"),
    (None, {"hostname": {"fully_qualified_hostname": "shop.dev.svc.cluster.local"}}, "hostname.fully_qualified_hostname",
     "cluster-local domain"),
    (None, {"hostname": {"fully_qualified_hostname": "shop.example.com"}, "tls": {"managed": True}}, "tls.managed",
     "external-domain-tls"),
    (None, {"tls": {"certificate_from": "shop-tls"}}, "tls", "external-domain-tls"),
    (None, {"hostname": {"fully_qualified_hostname": "shop.example.com"},
            "tls": {"certificate_from": "shop-tls", "minimum_protocol_version": "1.3"}}, "tls.minimum_protocol_version",
     "no minimum TLS version"),
    (None, {"runtimes": {"knative": {"api": "Ingress"}}}, "runtimes.knative.api", "not a Knative gateway setting"),
])
def test_a_gateway_knative_cannot_route_is_refused(routes, kwargs, field, words):
    error = fail(lambda app: gateway(app, routes, **kwargs))
    assert_message(error, field, words, component="Gateway 'public'")
