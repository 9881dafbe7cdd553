"""The whole application is validated before anything registers, on the real engine.

What mocks cannot show: that the engine itself receives no native resource (and `pulumi up`
creates nothing) when the last component of a program is invalid; that `depends_on=[container]`
still waits for the container's native resources when they are created after the program body,
however late (the expansion is delayed here by 3 s, longer than the dependent takes to prepare);
and that the natural order (containers first, then the Gateway naming them) deploys and is
stable.
"""

from __future__ import annotations


import pytest

from tests.helpers.pulumi_cli import PulumiError, Project

pytestmark = pytest.mark.engine

HEADER = """
import asyncio

import pulumi
import pulumi_kubernetes as k8s
import radius_components as rad

render = pulumi.Config().require("renderDir")
env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="whole-app", render_yaml_to_directory=render),
                      protect_stateful=False)
app = rad.Application("shop", environment=env)
"""

NATURAL_ORDER = HEADER + """
web = rad.Container("web", application=app,
                    container={"image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 8080}}})
api = rad.Container("api", application=app,
                    container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 3000}}})
gateway = rad.Gateway("public", application=app,
                      routes=[{"path": "/", "destination": web}, {"path": "/api", "destination": api}])
pulumi.export("url", gateway.url)
pulumi.export("web", web.workload_name)
"""

LAST_ONE_INVALID = HEADER + """
cache = rad.RedisCache("cache", application=app)
web = rad.Container("web", application=app,
                    container={"image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 8080}}},
                    connections={"cache": {"source": cache}})
# Never declared: the whole program is refused, the cache and web included.
rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://wbe:8080"}])
"""

DELAYED_EXPANSION = HEADER + """
import radius_components.graph as graph

# Delay the end-of-program step (and so the expansion) by 3 s: longer than the dependent
# below takes to register, so it would miss the container's resources if Pulumi's walk of the
# component's children were what it relied on.
declared = graph.program_declared


async def later() -> None:
    await declared()
    await asyncio.sleep(3)

graph.program_declared = later

web = rad.Container("web", application=app,
                    container={"image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 8080}}})
renderer = k8s.Provider("after", render_yaml_to_directory=render + "-after")
k8s.core.v1.ConfigMap("after-web", metadata={"name": "after-web", "namespace": "whole-app"}, data={"a": "b"},
                      opts=pulumi.ResourceOptions(provider=renderer, depends_on=[web]))
"""


def project_of(tmp_path, engine_env, program: str, name: str) -> Project:
    project = Project.of_program(program, tmp_path, engine_env, name=name)
    project.config("renderDir", str(tmp_path / "rendered"))
    return project


def test_natural_order_deploys_and_is_stable(tmp_path, engine_env):
    project = project_of(tmp_path, engine_env, NATURAL_ORDER, "radius-natural-order")
    project.up()
    types = sorted(r["type"] for r in project.resources())
    assert "kubernetes:networking.k8s.io/v1:Ingress" in types and types.count("kubernetes:apps/v1:Deployment") == 2
    assert project.outputs()["web"] == "web"  # Radius's layout (the default): named after the container
    project.run("preview", "--expect-no-changes")
    project.destroy()


def test_a_program_whose_last_component_is_invalid_creates_nothing(tmp_path, engine_env):
    project = project_of(tmp_path, engine_env, LAST_ONE_INVALID, "radius-last-invalid")
    with pytest.raises(PulumiError) as failed:
        project.up()
    assert "routes[0].destination" in str(failed.value) and "never declared" in str(failed.value)
    # Not one resource reached the engine: the stack holds nothing but itself.
    assert [r["type"] for r in project.resources() if r["type"] != "pulumi:pulumi:Stack"] == []
    assert not (tmp_path / "rendered").exists() or not any((tmp_path / "rendered").rglob("*.yaml"))


def test_depends_on_a_container_waits_for_its_resources_when_the_expansion_is_late(tmp_path, engine_env):
    project = project_of(tmp_path, engine_env, DELAYED_EXPANSION, "radius-late-expansion")
    project.up()
    resources = {r["urn"]: r for r in project.resources()}
    dependent = next(r for r in resources.values() if r["type"] == "kubernetes:core/v1:ConfigMap")
    deployment = next(urn for urn, r in resources.items() if r["type"] == "kubernetes:apps/v1:Deployment")

    def reaches(urn: str, target: str, seen: frozenset[str] = frozenset()) -> bool:
        if urn == target:
            return True
        return any(reaches(d, target, seen | {urn}) for d in resources[urn].get("dependencies", []) if d not in seen)

    # The dependent depends (through the container's expansion mark) on its Deployment, so the
    # engine created it after the Deployment and deletes it first.
    assert reaches(dependent["urn"], deployment), dependent.get("dependencies")
    assert list(resources).index(dependent["urn"]) > list(resources).index(deployment)
    project.destroy()
