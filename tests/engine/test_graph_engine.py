"""`app.graph` under the real engine: read before anything is declared, it still lists every
resource (the Output resolves after the program body, when the Stack registers its outputs)."""

from __future__ import annotations


import pytest

from tests.helpers.pulumi_cli import REPO, Project, engine_environment  # noqa: F401

pytestmark = pytest.mark.engine

PROGRAM = """
import pulumi
import radius_components as rad

env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="graph-test",
                      render_yaml_to_directory=pulumi.Config().require("renderDir")), protect_stateful=False)
app = rad.Application("early", environment=env)
# Exported before any resource of the application is declared.
pulumi.export("graph", app.graph)
pulumi.export("graph_mermaid", app.graph_mermaid)
db = rad.RedisCache("db", application=app)
rad.Container("web", application=app,
              container={"image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 8080}}},
              connections={"cache": {"source": db}})
"""


def test_graph_exported_first_lists_everything(tmp_path, engine_env):
    project = Project.of_program(PROGRAM, tmp_path, engine_env, name="radius-graph")
    project.config("renderDir", str(tmp_path / "rendered"))
    project.up()
    outputs = project.outputs()
    assert [n["name"] for n in outputs["graph"]["resources"]] == ["db", "web"]
    assert '-->|"cache"|' in outputs["graph_mermaid"]
    project.destroy()
