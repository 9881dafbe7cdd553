"""The real engine, knative kind in render mode: examples/demo with a KnativeCompute, from `up`
to `destroy`, on the real pulumi-kubernetes provider (scripts/engine).

What mocks cannot show: that the provider accepts a Knative Service registered as a
CustomResource that also reads back `status` (platforms/knative/objects.py), that a second run
is clean, and that the rendered Service is what Knative itself accepts (tools/knative-validate,
when built). No cluster: render mode writes the manifests; an `up` against Knative Serving is
not covered here.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from tests.helpers.pulumi_cli import REPO, Project, engine_environment
from tests.helpers.rendering import rendered_manifests, revealed

pytestmark = pytest.mark.engine


@pytest.fixture
def demo(tmp_path):
    project = Project.copy_of(REPO / "examples" / "demo", tmp_path, engine_environment(), name="radius-demo")
    render_dir = tmp_path / "rendered"
    project.config("kind", "knative")
    project.run("config", "set", "--path", "compute.namespace", "demo")
    project.run("config", "set", "--path", "compute.render_yaml_to_directory", str(render_dir))
    project.config("protectStateful", "false")
    yield project, render_dir
    if project.resources():
        project.run("destroy", "--yes", "--skip-preview", check=False)


def test_the_demo_on_knative_renders_on_the_real_engine(demo):
    project, render_dir = demo
    project.up()
    docs = [doc for _, doc in rendered_manifests(render_dir)]
    services = [d for d in docs if d.get("apiVersion") == "serving.knative.dev/v1" and d["kind"] == "Service"]
    assert [s["metadata"]["name"] for s in services] == ["demo"]  # Radius's layout, the default, in render mode too
    assert not [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "demo"]
    template = services[0]["spec"]["template"]
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "0"

    # Secrets only in Secrets.
    state = project.export(show_secrets=True)
    passwords = [revealed(r["outputs"]["result"]) for r in state["deployment"]["resources"]
                 if r["type"] == "random:index/randomPassword:RandomPassword"]
    assert passwords
    for doc in docs:
        if doc["kind"] != "Secret":
            assert not any(p in yaml.safe_dump(doc) for p in passwords), doc["kind"]

    # Knative's own SetDefaults + Validate on the rendered Service, when the validator is built.
    binary = os.environ.get("RADIUS_KNATIVE_VALIDATE") or os.path.expanduser("~/.cache/radius-knative/bin/knative-validate")
    if os.access(binary, os.X_OK):
        done = subprocess.run([binary], input="".join(json.dumps(s) + "\n" for s in services), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    # In render mode nothing reads the cluster: the gateway URL (the Service's status.url) is unknown.
    assert project.outputs().get("public_url") is None

    project.run("preview", "--expect-no-changes")
    project.destroy()
    assert project.resources() == []
