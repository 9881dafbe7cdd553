"""The real engine, Kubernetes render mode: every Kubernetes example from `up` to `destroy`.

What mocks cannot show: that the engine and the real pulumi-kubernetes provider accept what we
register, that a second run is clean (no value the provider normalises), that one config change
touches one resource, and that secrets are only ciphertext in state.
"""

from __future__ import annotations

import base64

import kubernetes_validate
import pytest
import yaml

from tests.helpers.rendering import KUBERNETES_VERSION, LOCAL_CACHE_PASSWORD, rendered_manifests, revealed, setup

pytestmark = pytest.mark.engine

# The Deployment each example's `logLevel` config feeds.
LOG_LEVEL_WORKLOAD = {"demo": "demo-deployment", "kubernetes": "api-deployment"}


@pytest.mark.parametrize("example", ["demo", "kubernetes"])
def test_example_lifecycle_on_the_real_engine(project_factory, example):
    project, render_dir = setup(project_factory, example)

    # up: the real provider accepts every object and renders it.
    project.up()
    docs = rendered_manifests(render_dir)
    kinds = sorted(d["kind"] for _, d in docs)
    assert "Deployment" in kinds and "Secret" in kinds and "Service" in kinds, kinds
    for path, doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)  # raises, naming the field

    # Secrets: the generated Redis password (and the example's own secret) appear only in Secrets,
    # in manifests as in state; a plain `stack export` holds ciphertext only.
    state = project.export(show_secrets=True)
    passwords = [revealed(r["outputs"]["result"]) for r in state["deployment"]["resources"]
                 if r["type"] == "random:index/randomPassword:RandomPassword"]
    assert passwords, "the Redis recipe generates a password"
    secrets = passwords + ([LOCAL_CACHE_PASSWORD] if example == "kubernetes" else [])
    for path, doc in docs:
        text = yaml.safe_dump(doc)
        for secret in secrets:
            encoded = base64.b64encode(secret.encode()).decode()
            if secret in text or encoded in text:
                assert doc["kind"] == "Secret", f"a secret value is in {path} ({doc['kind']})"
    plain_export = project.run("stack", "export").stdout
    for secret in secrets:
        assert secret not in plain_export
        assert base64.b64encode(secret.encode()).decode() not in plain_export

    # A second run right after changes nothing.
    project.run("preview", "--expect-no-changes")

    # One env var changed: exactly the Deployment that uses it is updated, nothing is replaced.
    project.config("logLevel", "debug")
    changes = project.changes()
    assert [op for op, _ in changes] == ["update"], changes
    assert changes[0][1].endswith(f"::{LOG_LEVEL_WORKLOAD[example]}"), changes
    project.up()
    project.run("preview", "--expect-no-changes")

    # destroy empties the stack (stateful resources are not protected in these stacks).
    project.destroy()
    assert project.resources() == []


def test_readme_demo_command_runs_a_real_up_and_changes_no_tracked_file(engine_env, tmp_path):
    import subprocess

    from tests.helpers.pulumi_cli import REPO

    before = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    state = tmp_path / "state"
    env = dict(engine_env, RADIUS_DEMO_STATE=str(state))
    env.pop("PULUMI_CONFIG_PASSPHRASE")
    proc = subprocess.run([str(REPO / "scripts" / "demo")], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    # It says where the manifests are, and they are there.
    # (./rendered is ignored by git: it is the demo's output, and this test overwrites it.)
    assert f"manifests rendered into {REPO / 'rendered'}" in proc.stdout
    assert len(list((REPO / "rendered").rglob("*.yaml"))) >= 8
    assert "demo" in proc.stdout and "db" in proc.stdout, "the application graph is printed"
    after = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    assert after == before, "scripts/demo changed tracked files"
    destroy = subprocess.run([str(REPO / "scripts" / "demo"), "destroy"], cwd=REPO, env=env, capture_output=True,
                             text=True, timeout=900)
    assert destroy.returncode == 0, destroy.stdout[-4000:] + destroy.stderr[-4000:]
