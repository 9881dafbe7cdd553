"""Shared by the engine tests in Kubernetes render mode: an example set up to render its
manifests into a folder, the manifests read back, and secrets as `stack export` shows them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

# The version of the local control plane (scripts/cluster); kubernetes-validate ships its schema.
KUBERNETES_VERSION = "1.37.0"
LOCAL_CACHE_PASSWORD = "legacy-cache-password-0042"


def rendered_manifests(directory: Path) -> list[tuple[Path, dict]]:
    docs = []
    for path in sorted(directory.rglob("*.yaml")):
        docs.extend((path, d) for d in yaml.safe_load_all(path.read_text()) if d)
    return docs


def setup(project_factory, example: str):
    project = project_factory(example)
    render_dir = project.root.parent / "rendered"
    project.config("renderDir", str(render_dir))
    if example == "kubernetes":
        project.config("cachePassword", LOCAL_CACHE_PASSWORD, secret=True)
    if example == "demo":
        project.config("protectStateful", "false")  # as Pulumi.local.yaml: a throwaway stack
    return project, render_dir


def revealed(value):
    """A secret output of `stack export --show-secrets`: {<sig>: <secret sig>, "plaintext": <json>}."""
    return json.loads(value["plaintext"]) if isinstance(value, dict) and "plaintext" in value else value
