"""`KnativeCompute(application_namespaces=True)`: the kubernetes kind's Radius layout
(tests/kubernetes/test_application_namespaces.py) on Knative: each application's Knative
Services in its own namespace, named after their container; a DomainMapping beside the Service
it maps to."""

from __future__ import annotations

import radius_components as rad
from tests.helpers.mocks import run_program

KSVC = "kubernetes:serving.knative.dev/v1:Service"
MAPPING = "kubernetes:serving.knative.dev/v1beta1:DomainMapping"
NAMESPACE = "kubernetes:core/v1:Namespace"


def test_knative_services_and_domain_mappings_in_the_application_namespace():
    def program():
        env = rad.Environment("dev", compute=rad.KnativeCompute(namespace="dev", application_namespaces=True),
                              extensions=[{"kind": "kubernetesMetadata", "labels": {"team": "web"}}])
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "img", "ports": {"http": {"container_port": 3000}}})
        rad.Gateway("public", application=app, hostname={"fully_qualified_hostname": "shop.example.com"},
                    routes=[{"path": "/", "destination": "http://web:3000"}])

    run = run_program(program)
    (service,) = [r.plain() for r in run.resources if r.type == KSVC]
    assert (service["metadata"]["namespace"], service["metadata"]["name"]) == ("dev-shop", "web")
    assert service["metadata"]["labels"]["team"] == "web"
    (mapping,) = [r.plain() for r in run.resources if r.type == MAPPING]
    assert mapping["metadata"]["namespace"] == "dev-shop"
    assert mapping["spec"]["ref"]["name"] == "web" and mapping["spec"]["ref"]["namespace"] == "dev-shop"
    assert "dev-shop" in [r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)]
