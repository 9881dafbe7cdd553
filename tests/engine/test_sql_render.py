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
    store = next(d for _, d in docs if d["kind"] == "Secret" and d["metadata"]["name"] == "store-app-secrets-store")
    assert sorted(store.get("stringData") or store.get("data")) == ["api-key", "session-key"]

    state = project.export(show_secrets=True)
    generated = [revealed(r["outputs"]["result"]) for r in state["deployment"]["resources"]
                 if r["type"] == "random:index/randomPassword:RandomPassword"]
    assert len(generated) == 3, "the database and Redis passwords and the session key"
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
