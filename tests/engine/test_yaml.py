"""The Pulumi YAML demo (examples/yaml) on the real engine, through the `radius` provider.

What it proves: a program in another Pulumi language gets the same components. The YAML
language host (built by scripts/engine from github.com/pulumi/pulumi-yaml) reads the provider's
schema, registers the components remotely (the demo's five), and the provider (providers/, the Python code of
this repository) constructs them; the Kubernetes manifests it renders are those of the Python
demo (examples/demo), byte for byte except the values generated per stack.
"""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.helpers.pulumi_cli import REPO, Project
from tests.helpers.rendering import KUBERNETES_VERSION, rendered_manifests, revealed, setup

pytestmark = pytest.mark.engine

SECRETS_REVISION = "radapp.io/secrets-revision"  # a random ID per stack that rolls pods on secret changes


@pytest.fixture
def yaml_project(engine_env, tmp_path_factory):
    """A copy of examples/yaml with its own stack; the provider is this checkout's providers/."""
    workdir = tmp_path_factory.mktemp("yaml")
    root = workdir / "program"
    shutil.copytree(REPO / "examples" / "yaml", root, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "rendered"))
    project_file = root / "Pulumi.yaml"
    text = project_file.read_text()
    assert "path: ../../providers" in text
    project_file.write_text(text.replace("path: ../../providers", f"path: {REPO / 'providers'}"))
    (workdir / "state").mkdir()
    env = dict(engine_env, PULUMI_BACKEND_URL=f"file://{workdir / 'state'}",
               PULUMI_RADIUS_PYTHON=sys.executable, PYTHONPATH=str(REPO))
    project = Project(root=root, env=env)
    project.run("stack", "init", project.stack)
    yield project
    if project.resources():
        project.run("destroy", "--yes", "--skip-preview", check=False)


def normalised(docs: list[tuple[Path, dict]], root: Path, state: dict) -> dict[str, dict]:
    """Manifests by file, with the values generated per stack replaced by placeholders: the Redis
    password (in Secrets, alone and inside the URL/connection string) and the secrets revision."""
    passwords = [revealed(r["outputs"]["result"]) for r in state["deployment"]["resources"]
                 if r["type"] == "random:index/randomPassword:RandomPassword"]
    assert len(passwords) == 1, passwords
    out = {}
    for path, doc in docs:
        doc = yaml.safe_load(yaml.safe_dump(doc))
        if doc["kind"] == "Secret":
            for key, value in (doc.get("data") or {}).items():
                doc["data"][key] = base64.b64decode(value).decode().replace(passwords[0], "<password>")
        annotations = doc.get("spec", {}).get("template", {}).get("metadata", {}).get("annotations", {})
        if SECRETS_REVISION in annotations:
            annotations[SECRETS_REVISION] = "<revision>"
        out[str(path.relative_to(root))] = doc
    return out


def test_yaml_demo_renders_the_python_demo_and_is_clean(yaml_project, project_factory):
    yaml_dir = yaml_project.root.parent / "rendered"
    yaml_project.config("renderDir", str(yaml_dir))
    yaml_project.config("protectStateful", "false")
    python_project, python_dir = setup(project_factory, "demo")

    yaml_project.up()
    python_project.up()

    # The real pulumi-kubernetes provider rendered every object; each is valid Kubernetes.
    yaml_docs = rendered_manifests(yaml_dir)
    for _, doc in yaml_docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    assert normalised(yaml_docs, yaml_dir, yaml_project.export(show_secrets=True)) == \
        normalised(rendered_manifests(python_dir), python_dir, python_project.export(show_secrets=True))

    # The components are the provider's (remote) components, with their outputs.
    types = sorted({r["type"] for r in yaml_project.resources() if r["type"].startswith("radius:")})
    assert types == ["radius:index:Application", "radius:index:Container", "radius:index:Environment",
                     "radius:index:Gateway", "radius:index:RedisCache"]
    # The demo's gateway (an Ingress on Kubernetes by default) is in the manifests compared above,
    # routing to the demo's Service: the YAML program declared it before the container.
    ingresses = [doc for _, doc in yaml_docs if doc["kind"] == "Ingress"]
    # Radius's layout (the default): the application's namespace `demo-todo`, objects named after
    # their resource.
    assert [i["metadata"]["name"] for i in ingresses] == ["public"], ingresses
    backend = ingresses[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "demo", "port": {"number": 3000}}, backend
    assert yaml_project.outputs() == {"namespace": "demo-todo",
                                      "demo_internal_url": "http://demo.demo-todo.svc.cluster.local:3000"}

    # Secrets stay ciphertext in a plain export.
    plain_export = yaml_project.run("stack", "export").stdout
    password = [revealed(r["outputs"]["result"]) for r in yaml_project.export(show_secrets=True)["deployment"]
                ["resources"] if r["type"] == "random:index/randomPassword:RandomPassword"][0]
    assert password not in plain_export

    # A second run changes nothing; one changed value updates exactly the Deployment that uses it.
    yaml_project.run("preview", "--expect-no-changes")
    yaml_project.config("logLevel", "debug")
    changes = yaml_project.changes()
    assert [op for op, _ in changes] == ["update"], changes
    assert changes[0][1].endswith("::demo-deployment"), changes
    # `up` with its preview: preview and update construct every component in one CLI run.
    yaml_project.run("up", "--yes")
    yaml_project.run("preview", "--expect-no-changes")

    yaml_project.destroy()
    assert yaml_project.resources() == []
    python_project.destroy()


def test_bad_input_in_yaml_is_the_components_error(yaml_project):
    """A port out of range fails the `up` with the component, field path and fix, and nothing of
    the bad container is created."""
    project_file = yaml_project.root / "Pulumi.yaml"
    project_file.write_text(project_file.read_text().replace("containerPort: 3000\n        env:",
                                                             "containerPort: 70000\n        env:"))
    yaml_project.config("renderDir", str(yaml_project.root.parent / "rendered"))
    yaml_project.config("protectStateful", "false")
    proc = yaml_project.run("up", "--yes", "--skip-preview", check=False)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "Container 'demo'" in output and "container.ports.web.container_port" in output, output[-3000:]
    assert not [r for r in yaml_project.resources() if r["type"] == "radius:index:Container"]
