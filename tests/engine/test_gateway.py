"""rad.Gateway on the real engine, Kubernetes render mode: the real pulumi-kubernetes provider
accepts the demo's Ingress and a Gateway API Gateway + HTTPRoute (as CustomResources: render
mode needs no CRD), renders them valid, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.helpers.pulumi_cli import Project

pytestmark = pytest.mark.engine

KUBERNETES_VERSION = "1.37.0"


def rendered(directory: Path) -> list[dict]:
    docs = []
    for path in sorted(directory.rglob("*.yaml")):
        docs.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return docs


def test_the_demos_ingress_on_the_real_engine(project_factory):
    project = project_factory("demo")
    render_dir = project.root.parent / "rendered"
    project.config("renderDir", str(render_dir))
    project.config("protectStateful", "false")
    project.up()
    docs = rendered(render_dir)
    ingresses = [d for d in docs if d["kind"] == "Ingress"]
    assert len(ingresses) == 1
    ingress = ingresses[0]
    kubernetes_validate.validate(ingress, KUBERNETES_VERSION, strict=True)
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    # It names the Service the demo container renders, on the port that Service exposes.
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
    assert backend["name"] in services
    assert backend["port"]["number"] in [p["port"] for p in services[backend["name"]]["spec"]["ports"]]
    assert ingress["metadata"]["namespace"] == services[backend["name"]]["metadata"]["namespace"]
    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert project.resources() == []


GATEWAY_API_PROGRAM = '''
import pulumi
import radius_components as rad

config = pulumi.Config()
env = rad.Environment("gw", compute=rad.KubernetesCompute(namespace="shop", render_yaml_to_directory=config.require("renderDir")),
                      protect_stateful=False)
app = rad.Application("shop", environment=env)
gateway = rad.Gateway("public", application=app,
                      routes=[{"path": "/", "destination": "http://web:3000"},
                              {"path": "/api", "destination": "http://api:8080", "replacePrefix": "/"}],
                      hostname={"fullyQualifiedHostname": "shop.example.com"},
                      tls={"certificateFrom": "shop-tls"},
                      runtimes={"kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}})
rad.Container("web", application=app, container={"image": "nginx", "ports": {"http": {"container_port": 3000}}})
rad.Container("api", application=app, container={"image": "nginx", "ports": {"http": {"container_port": 8080}}})
pulumi.export("url", gateway.url)
'''


def test_gateway_api_objects_render_without_their_crds(engine_env, tmp_path):
    project = Project.of_program(GATEWAY_API_PROGRAM, tmp_path, engine_env, name="radius-gateway-api")
    render_dir = tmp_path / "rendered"
    project.config("renderDir", str(render_dir))
    try:
        project.up()
        docs = {(d["kind"], d["metadata"]["name"]): d for d in rendered(render_dir)}
        # Radius's layout (the default): named after the Gateway and the containers.
        gateway, route = docs[("Gateway", "public")], docs[("HTTPRoute", "public")]
        assert gateway["apiVersion"] == route["apiVersion"] == "gateway.networking.k8s.io/v1"
        listeners = {l["name"]: l for l in gateway["spec"]["listeners"]}
        assert listeners["https"]["tls"]["certificateRefs"] == [{"kind": "Secret", "name": "shop-tls"}]
        # Plain HTTP stays open, answered by a redirect to https.
        redirect = docs[("HTTPRoute", "public-https-redirect")]
        assert redirect["spec"]["parentRefs"] == [{"name": "public", "sectionName": "http"}]
        assert route["spec"]["rules"][0]["filters"][0]["urlRewrite"]["path"] == {
            "type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}
        assert {("Service", "web"), ("Service", "api")} <= set(docs)
        assert project.outputs()["url"] == "https://shop.example.com"
        project.run("preview", "--expect-no-changes")
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)
