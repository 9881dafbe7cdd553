"""The real engine, Kubernetes render mode: examples/fullstack (PostgreSQL StatefulSet, Redis,
a SecretStore) from `up` to `destroy`.

What mocks cannot show: that the real pulumi-kubernetes provider accepts the StatefulSet with
its volumeClaimTemplates, the headless Service and the store's Secret; that a second run is
clean (no value the provider normalises, such as `clusterIP: None` or the claim template);
that the database password, the generated store key and the configured API key are only in
Secrets (and ciphertext in state); and that `destroy` empties the stack.
"""

from __future__ import annotations

import base64
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.helpers.rendering import KUBERNETES_VERSION, rendered_manifests, revealed

pytestmark = pytest.mark.engine

API_KEY = "fullstack-engine-api-key-93c1"


def test_fullstack_example_lifecycle_on_the_real_engine(project_factory):
    project = project_factory("fullstack")
    render_dir = project.root.parent / "rendered"
    project.config("kind", "kubernetes")
    project.config("renderDir", str(render_dir))
    project.config("protectStateful", "false")
    project.config("apiKey", API_KEY, secret=True)

    project.up()
    docs = rendered_manifests(render_dir)
    kinds = sorted(d["kind"] for _, d in docs)
    assert "StatefulSet" in kinds and kinds.count("Secret") >= 4, kinds
    for _, doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    statefulset = next(d for _, d in docs if d["kind"] == "StatefulSet")
    assert statefulset["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] == "1Gi"
    # The claim's size as a server-side-apply patch of the live claim; rendered, a whole valid claim.
    claim = next(d for _, d in docs if d["kind"] == "PersistentVolumeClaim")
    assert claim["metadata"]["name"] == "data-store-orders-0"
    assert claim["spec"]["resources"]["requests"]["storage"] == "1Gi"
    store = next(d for _, d in docs if d["kind"] == "Secret" and d["metadata"]["name"] == "store-app-secrets-store")
    assert sorted(store.get("stringData") or store.get("data")) == ["api-key", "session-key"]

    state = project.export(show_secrets=True)
    generated = [revealed(r["outputs"]["result"]) for r in state["deployment"]["resources"]
                 if r["type"] == "random:index/randomPassword:RandomPassword"]
    assert len(generated) == 4, "the database's two passwords (its superuser's, the app's), Redis's and the session key"
    secrets = generated + [API_KEY]
    for path, doc in docs:
        text = yaml.safe_dump(doc)
        for secret in secrets:
            if secret in text or base64.b64encode(secret.encode()).decode() in text:
                assert doc["kind"] == "Secret", f"a secret value is in {path} ({doc['kind']})"
    plain_export = project.run("stack", "export").stdout
    for secret in secrets:
        assert secret not in plain_export

    project.run("preview", "--expect-no-changes")

    # A changed env var updates exactly the api Deployment; the database is untouched.
    project.config("logLevel", "debug")
    changes = project.changes()
    assert [op for op, _ in changes] == ["update"] and changes[0][1].endswith("::api-deployment"), changes
    project.up()
    project.run("preview", "--expect-no-changes")

    project.destroy()
    assert project.resources() == []


STORAGE_PROGRAM = '''
import pulumi
import radius_components as rad

config = pulumi.Config()
env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev", render_yaml_to_directory=config.require("renderDir")),
                      protect_stateful=False)
app = rad.Application("shop", environment=env)
orders = rad.SqlDatabase("orders", application=app, recipe={"parameters": {"storage_size": config.require("size")}})
rad.Container("api", application=app, container={"image": "nginx"}, connections={"orders": {"source": orders}})
'''


def test_a_storage_size_change_patches_the_claim_and_keeps_the_statefulset(engine_env, tmp_path):
    """The API server refuses updates of volumeClaimTemplates and the StatefulSet controller never
    resizes an existing claim (KEP-4650), so a changed `storage_size` must neither replace the
    StatefulSet (downtime; with protection, a stuck `up`) nor be lost: it is one update of the
    claim's server-side-apply patch."""
    from tests.helpers.pulumi_cli import Project

    project = Project.of_program(STORAGE_PROGRAM, tmp_path, engine_env, name="radius-sql-storage")
    project.config("renderDir", str(tmp_path / "rendered"))
    project.config("size", "1Gi")
    try:
        project.up()
        project.config("size", "10Gi")
        changes = sorted((op, urn.rsplit("::", 1)[1]) for op, urn in project.changes())
        assert changes == [("update", "orders-claim")], changes
        project.up()
        claim = next(d for _, d in rendered_manifests(tmp_path / "rendered") if d["kind"] == "PersistentVolumeClaim")
        assert claim["spec"]["resources"]["requests"]["storage"] == "10Gi"
    finally:
        project.run("destroy", "--yes", "--skip-preview", check=False)
