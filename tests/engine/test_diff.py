"""The preview summary on the real engine (Kubernetes render mode).

Deploys tests/engine/programs/diff_demo (examples/demo with config knobs), then makes the
changes a pull request carries — change the image, add a container, rotate a secret, remove a
connection — and checks that the summary of the real `pulumi preview --json` (with the plan of
`--save-plan`, which holds the graph after the change) says exactly that, and never a secret value.

RADIUS_RECORD_DIFF_FIXTURES=<dir> also writes each preview and plan there, trimmed (no stack
traces or source positions, the plan reduced to the stack's outputs): that is how
tests/data/diff/kubernetes-*.json were recorded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from radius_components.diff import render_markdown, summarize
from tests.helpers.pulumi_cli import REPO, Project

pytestmark = pytest.mark.engine

PROGRAM = REPO / "tests" / "engine" / "programs" / "diff_demo"
IMAGE = "ghcr.io/radius-project/samples/demo:latest"
NEW_IMAGE = "ghcr.io/radius-project/samples/demo:2.0.1"
PASSWORD = "legacy-pass-0001-aaaa"
ROTATED = "legacy-pass-0002-bbbb"


def trimmed(value):
    """The document without stack traces and source positions (paths of the recording machine)."""
    if isinstance(value, dict):
        return {k: trimmed(v) for k, v in value.items() if k not in ("stackTrace", "sourcePosition")}
    if isinstance(value, list):
        return [trimmed(v) for v in value]
    return value


def stack_plan_only(plan: dict) -> dict:
    """The plan's stack resource only: the other resource plans carry secret ciphertexts."""
    return {"resourcePlans": {urn: p for urn, p in plan["resourcePlans"].items() if "::pulumi:pulumi:Stack::" in urn}}


def preview(project: Project, name: str) -> tuple[dict, dict, str]:
    plan_path = project.root.parent / f"{name}.plan.json"
    proc = project.run("preview", "--json", "--diff", f"--save-plan={plan_path}")
    document, plan = json.loads(proc.stdout), json.loads(plan_path.read_text())
    record = os.environ.get("RADIUS_RECORD_DIFF_FIXTURES")
    if record:
        # The throwaway folder (renderDir) becomes a fixed path, so the recordings do not depend on the machine.
        text = json.dumps(trimmed(document), indent=2).replace(str(project.root.parent), "/tmp/radius-diff-demo")
        Path(record, f"kubernetes-{name}.preview.json").write_text(text + "\n")
        Path(record, f"kubernetes-{name}.plan.json").write_text(json.dumps(stack_plan_only(plan), indent=2) + "\n")
    text = render_markdown(summarize(document, plan))
    for secret in (PASSWORD, ROTATED):
        assert secret not in text and secret not in proc.stdout
    return document, plan, text


def headline(text: str) -> list[str]:
    """The summary's bullet lines (above the graph)."""
    top = text.split("<details")[0]
    return [line for line in top.splitlines() if line.startswith("- ") or line.startswith("> - ")]


@pytest.fixture
def deployed(engine_env, tmp_path):
    project = Project.copy_of(PROGRAM, tmp_path, engine_env, name="radius-diff-demo")
    project.config("renderDir", str(tmp_path / "rendered"))
    project.config("legacyPassword", PASSWORD, secret=True)
    project.up()
    yield project
    project.run("destroy", "--yes", "--skip-preview", check=False)


def test_image_change_is_one_container_update_that_rolls(deployed):
    deployed.config("image", NEW_IMAGE)
    _, _, text = preview(deployed, "image")
    assert headline(text) == [
        f"- **Container `demo`** (update, rolls): image `{IMAGE}` → `{NEW_IMAGE}`",
        "- **RedisCache `db`**: unchanged",
        "- **RedisCache `legacy`**: unchanged",
    ]
    assert "| update | `demo-deployment` | `kubernetes:apps/v1:Deployment` | Container `demo` |" in text


def test_env_change_names_the_variable_not_its_value(deployed):
    deployed.config("logLevel", "debug-level-value")
    _, _, text = preview(deployed, "env")
    assert headline(text)[0] == "- **Container `demo`** (update, rolls): env `LOG_LEVEL` changed"
    assert "debug-level-value" not in text


def test_added_container_and_its_connection(deployed):
    deployed.config("extraContainer", "true")
    _, _, text = preview(deployed, "add")
    assert headline(text) == [
        "- **Container `api`**: added",
        "- **Container `demo`**: unchanged",
        "- **RedisCache `db`**: unchanged",
        "- **RedisCache `legacy`**: unchanged",
        "- connection `api → db` (redis) added",
    ]
    after = text.split("title: after")[1]
    assert '["+ Container api"]:::added' in after and "==>" in after


def test_rotated_secret_is_named_never_shown(deployed):
    deployed.config("legacyPassword", ROTATED, secret=True)
    document, _, text = preview(deployed, "rotate")
    lines = headline(text)
    assert ("- **Container `demo`** (replace, update, rolls): secrets `CONNECTION_LEGACY_CONNECTIONSTRING`, "
            "`CONNECTION_LEGACY_PASSWORD`, `CONNECTION_LEGACY_URL` changed") in lines
    # The Kubernetes provider replaces a Secret whose data changes, and the revision hash with it.
    # Neither loses anything (the connection Secret is written again from the connections, the
    # revision is a state-only hash), so a routine rotation is two info lines and no warning
    # (review C.2; it used to be two `[!WARNING]` lines).
    replaced = sorted(s["urn"].rsplit("::", 1)[1] for s in document["steps"] if s["op"] == "replace")
    assert replaced == ["demo-secrets", "demo-secrets-revision"]
    assert "[!WARNING]" not in text
    notes = [line for line in lines if line.startswith("> - ")]
    assert len(notes) == 2 and all("is replaced (" in n and "nothing is lost" in n for n in notes)
    assert "[secret]" not in text


def test_removed_connection(deployed):
    deployed.config("connectRedis", "false")
    _, _, text = preview(deployed, "disconnect")
    lines = headline(text)
    # The container also drops the NetworkPolicy that admitted it to the Redis (a delete).
    assert ("- **Container `demo`** (delete, replace, update, rolls): env `CONNECTION_REDIS_*` removed (connection `redis`); "
            "NetworkPolicy `demo-to-redis-network-policy` delete") in lines, lines
    assert "- connection `demo → db` (redis) removed" in lines
    assert "- **RedisCache `db`**: unchanged" in lines
    before = text.split("title: before")[1].split("title: after")[0]
    assert '-.->|"redis"|' in before


def test_no_change_says_so(deployed):
    _, _, text = preview(deployed, "nochange")
    assert "no resource changes" in text
    assert all(line.endswith("unchanged") for line in headline(text))
