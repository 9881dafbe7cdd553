"""The preview summary (radius_components.diff) on recorded `pulumi preview --json` documents.

tests/data/diff/kubernetes-*.json were recorded from the real engine (pulumi v3.274.1 and
pulumi-kubernetes in render mode) by tests/engine/test_diff.py with
RADIUS_RECORD_DIFF_FIXTURES=tests/data/diff: `pulumi preview --json --diff --save-plan`,
trimmed of stack traces and source positions, the plan cut down to the stack's outputs.

tests/data/diff/{ecs,aca,aci,cloudrun}-*.json are written by hand: the AWS, Azure and Google
providers cannot run here. They follow the real format observed from the engine (same keys,
`[secret]` for secrets, the unknown sentinel for values known after apply, the root stack's
`same` step carrying the previous `graph` output) with the inputs the library registers for
each kind under mocks (containerDefinitions as a JSON string, ACA app secrets + secretRef,
ACI secureValue, Cloud Run envs + valueSource), and the replace rules of those providers
(an ECS task definition is immutable: a new revision replaces it; a Memorystore tier change
replaces the instance).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from radius_components.diff import render_markdown, summarize
from radius_components.diff.grouping import ComponentKey, assign
from radius_components.diff.preview import Step, Urn, split_path
from radius_components.diff.summary import is_stateful

DATA = Path(__file__).parents[1] / "data" / "diff"
IMAGE = "ghcr.io/radius-project/samples/demo:latest"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def summary_text(name: str, plan: bool = True) -> str:
    preview = load(f"{name}.preview.json")
    plan_file = DATA / f"{name}.plan.json"
    return render_markdown(summarize(preview, json.loads(plan_file.read_text()) if plan and plan_file.exists() else None))


def headline(text: str) -> list[str]:
    top = text.split("<details")[0]
    return [line for line in top.splitlines() if line.startswith("- ") or line.startswith("> - ")]


# -- the recorded Kubernetes previews ---------------------------------------------------------


def test_image_change():
    assert headline(summary_text("kubernetes-image")) == [
        f"- **Container `demo`** (update, rolls): image `{IMAGE}` → `ghcr.io/radius-project/samples/demo:2.0.1`",
        "- **RedisCache `db`**: unchanged",
        "- **RedisCache `legacy`**: unchanged",
    ]


def test_env_change_names_the_variable_and_hides_the_value():
    text = summary_text("kubernetes-env")
    assert headline(text)[0] == "- **Container `demo`** (update, rolls): env `LOG_LEVEL` changed"
    assert "debug-level-value" in json.dumps(load("kubernetes-env.preview.json"))  # the value is in the preview...
    assert "debug-level-value" not in text  # ...and not in the summary


def test_added_container_and_connection_from_the_plan():
    text = summary_text("kubernetes-add")
    assert headline(text) == [
        "- **Container `api`**: added",
        "- **Container `demo`**: unchanged",
        "- **RedisCache `db`**: unchanged",
        "- **RedisCache `legacy`**: unchanged",
        "- connection `api → db` (redis) added",
    ]


def test_rotated_secret():
    """Review C.2: a routine rotation replaces the Container's connection Secret and the state-only
    secrets revision (random:index/randomId); nothing is lost, so they are info lines, not
    warnings (at most one warning for a rotation: here none)."""
    text = summary_text("kubernetes-rotate")
    lines = headline(text)
    assert ("- **Container `demo`** (replace, update, rolls): secrets `CONNECTION_LEGACY_CONNECTIONSTRING`, "
            "`CONNECTION_LEGACY_PASSWORD`, `CONNECTION_LEGACY_URL` changed") in lines
    assert "[!WARNING]" not in text
    assert "> [!NOTE]" in text
    notes = [line for line in lines if line.startswith("> - ")]
    assert notes == [
        "> - Container `demo`: Secret `demo-secrets` (kubernetes:core/v1:Secret) is replaced (its values are written "
        "again from the connections; nothing is lost); because of `data.CONNECTION_LEGACY_CONNECTIONSTRING`, "
        "`data.CONNECTION_LEGACY_PASSWORD`, `data.CONNECTION_LEGACY_URL`",
        "> - Container `demo`: RandomId `demo-secrets-revision` (random:index/randomId:RandomId) is replaced "
        "(a state-only revision hash of the secrets; nothing is lost); because of `keepers`",
    ]


def test_removed_connection_with_and_without_the_plan():
    for plan in (True, False):
        text = summary_text("kubernetes-disconnect", plan=plan)
        lines = headline(text)
        assert "- **Container `demo`** (replace, update, rolls): env `CONNECTION_REDIS_*` removed (connection `redis`)" in lines
        assert "- connection `demo → db` (redis) removed" in lines
        assert ("estimated: no plan file" in text) is not plan


def test_no_change():
    text = summary_text("kubernetes-nochange")
    assert "no resource changes" in text and "No resource changes." in text
    assert all(line.endswith("unchanged") for line in headline(text))


@pytest.mark.parametrize("name", sorted(p.name[:-len(".preview.json")] for p in DATA.glob("*.preview.json")))
def test_no_secret_value_ever_reaches_the_summary(name):
    text = summary_text(name)
    assert "[secret]" not in text and "4dabf18193072939515e22adb298388d" not in text
    # Env values are never printed, secret or not: only names.
    assert "legacy-cache.example.internal" not in text and "todo-db.demo.svc.cluster.local" not in text


def test_resource_steps_are_in_a_collapsed_section():
    text = summary_text("kubernetes-rotate")
    details = text.split("<details><summary>Resource-level steps (3)</summary>")[1].split("</details>")[0]
    assert "| replace | `demo-secrets` | `kubernetes:core/v1:Secret` | Container `demo` |" in details
    assert "`data.CONNECTION_LEGACY_PASSWORD`" in details


# -- the cloud kinds (hand-written documents, see the module docstring) -------------------------


def test_ecs_image_env_and_replicas():
    lines = headline(summary_text("ecs-image"))
    assert lines == [
        "> - Container `demo`: TaskDefinition `demo-task` (aws:ecs/taskDefinition:TaskDefinition) is **replaced** "
        "(deleted and created again); because of `containerDefinitions`",
        "- **Container `demo`** (replace, update, rolls): image `ghcr.io/example/demo:1.4.0` → "
        "`ghcr.io/example/demo:1.5.0`; env `LOG_LEVEL` changed; replicas `2` → `3`",
        "- **RedisCache `db`**: unchanged",
    ]


def test_ecs_removed_redis_warns_about_its_data():
    text = summary_text("ecs-remove-redis")
    lines = headline(text)
    assert "- **RedisCache `db`**: removed" in lines
    assert "- connection `demo → db` (redis) removed" in lines
    assert ("- **Container `demo`** (replace, update, rolls): env `CONNECTION_REDIS_*` removed (connection `redis`); "
            "secret `demo-secrets-version` changed") in lines
    warnings = [line for line in lines if line.startswith("> - ")]
    assert any("ReplicationGroup `db-replication-group`" in w and "**deleted**" in w for w in warnings)
    assert any("RandomPassword `db-auth-token`" in w and "**deleted**" in w for w in warnings)
    assert "> - RedisCache `db` is **removed**: the data it holds is lost" in warnings
    # No warning for the stateless subnet and security groups.
    assert not any("db-sg" in w or "db-subnet-group" in w for w in warnings)
    assert '[("− RedisCache db")]:::removed' in text


def test_aca_rotation_and_scale():
    assert headline(summary_text("aca-rotate-and-scale"))[0] == (
        "- **Container `demo`** (update, rolls): secrets `CONNECTION_REDIS_PASSWORD`, `CONNECTION_REDIS_URL` changed; "
        "replicas `1` → `2`")


def test_aci_secure_values_that_look_equal_are_found_by_the_detailed_diff():
    assert headline(summary_text("aci-env-and-secure-value"))[0] == (
        "- **Container `demo`** (update, rolls): env `LOG_LEVEL` changed; "
        "secrets `CONNECTION_REDIS_PASSWORD`, `CONNECTION_REDIS_URL` changed")


def test_cloudrun_added_container_and_replaced_memorystore():
    text = summary_text("cloudrun-add-container")
    lines = headline(text)
    assert "- **Container `api`**: added" in lines
    assert "- connection `api → db` (redis) added" in lines
    assert ("> - RedisCache `db`: Instance `db-memorystore` (gcp:redis/instance:Instance) is **replaced** (deleted and "
            "created again) — it is stateful: its data or generated credential is lost; because of `tier`") in lines
    after = text.split("title: after")[1]
    assert '["+ Container api"]:::added' in after and '==>|"redis"|' in after


# -- building blocks ----------------------------------------------------------------------------


def test_urn_type_chain_and_names_with_colons():
    urn = Urn.parse("urn:pulumi:prod::shop::radius:index:Container$kubernetes:apps/v1:Deployment::demo::x")
    assert urn.type_chain == ("radius:index:Container", "kubernetes:apps/v1:Deployment")
    assert (urn.stack, urn.project, urn.name) == ("prod", "shop", "demo::x")


def test_detailed_diff_paths():
    assert split_path('spec.template.metadata.annotations["radapp.io/secrets-revision"]') == [
        "spec", "template", "metadata", "annotations", "radapp.io/secrets-revision"]
    assert split_path("spec.template.spec.containers[0].env[7].value") == [
        "spec", "template", "spec", "containers", 0, "env", 7, "value"]


def _step(urn: str, parent: str | None) -> Step:
    state = {"type": Urn.parse(urn).type, **({"parent": parent} if parent else {})}
    return Step(op="update", urn=urn, new=state)


def test_grouping_follows_the_parent_chain_through_nested_components():
    base = "urn:pulumi:s::p::"
    nested = base + "radius:index:Container$my:index:Sidecar::demo-sidecar"
    steps = [
        _step(nested, base + "radius:index:Container::demo"),
        _step(base + "radius:index:Container$my:index:Sidecar$kubernetes:core/v1:ConfigMap::demo-sidecar-config", nested),
    ]
    owners = assign(steps)
    assert set(owners.values()) == {ComponentKey("Container", "demo")}


def test_grouping_by_name_when_the_parent_is_not_in_the_preview():
    base = "urn:pulumi:s::p::"
    step = _step(base + "radius:index:Container$my:index:Sidecar$kubernetes:core/v1:ConfigMap::web-api-config",
                 base + "radius:index:Container$my:index:Sidecar::web-api-sidecar")
    owners = assign([step], known=[ComponentKey("Container", "web"), ComponentKey("Container", "web-api")])
    assert owners[step.urn] == ComponentKey("Container", "web-api")  # the longest name that prefixes it


def test_cli_writes_the_markdown(tmp_path):
    out = tmp_path / "summary.md"
    proc = subprocess.run([sys.executable, "-m", "radius_components.diff", str(DATA / "kubernetes-add.preview.json"),
                           "--plan", str(DATA / "kubernetes-add.plan.json"), "--stack", "dev", "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert text.startswith("<!-- radius-components preview: dev -->\n### Preview of stack `dev`: application `todo`")
    bad = subprocess.run([sys.executable, "-m", "radius_components.diff", str(DATA / "kubernetes-add.plan.json")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "pulumi preview --json" in bad.stderr


# -- the stateful list follows the recipes ------------------------------------------------------


def _protected(program) -> set[tuple[str, str]]:
    """(component kind, native type) of every resource the program `protect`s."""
    from tests.helpers.mocks import run_program

    found = set()
    for r in run_program(program).resources:
        if r.protect:
            chain = [t for t in Urn.parse(r.urn).type_chain[:-1] if t.startswith("radius:index:")]
            found.add((chain[-1].rsplit(":", 1)[-1] if chain else "", r.type))
    return found


def test_every_resource_a_recipe_protects_is_stateful_for_the_summary():
    """The recipes protect what holds data (docs/architecture.md section 5); the summary must warn when any
    of those is deleted or replaced, also in stacks that turned protection off. Review C.2: the SQL
    recipes' RDS, Cloud SQL and PostgreSQL servers were missing; found, as the review did, by running
    examples/fullstack (SqlDatabase, RedisCache, a SecretStore with a generated key) on every kind."""
    from tests.helpers import aca, aci, cloudrun, ecs
    from tests.helpers.programs import demo, fullstack_program

    protected = set()
    protected |= _protected(lambda: demo())
    for module, build in ((ecs, ecs.demo), (cloudrun, cloudrun.demo), (aci, aci.demo), (aca, aca.demo)):
        protected |= _protected(module.as_program(build))
    for kind in ("kubernetes", "ecs", "cloudrun", "aci", "aca"):
        protected |= _protected(fullstack_program(kind, protectStateful="true"))
    assert {kind for kind, _ in protected} >= {"RedisCache", "SqlDatabase", "SecretStore"}
    assert {"aws:rds/instance:Instance", "gcp:sql/databaseInstance:DatabaseInstance",
            "azure-native:dbforpostgresql:Server"} <= {t for _, t in protected}
    missed = {(kind, t) for kind, t in protected
              if not is_stateful(ComponentKey(kind, "x"), Step("delete", f"urn:pulumi:s::p::{t}::x", old={"type": t}))}
    assert not missed


def test_a_huge_preview_still_fits_in_one_github_comment():
    preview = load("kubernetes-add.preview.json")
    template = next(s for s in preview["steps"] if s["op"] == "create" and s["urn"].endswith("::api-service"))
    for i in range(3000):
        step = json.loads(json.dumps(template))
        step["urn"] = step["urn"].replace("::api-service", f"::api-service-{i}")
        preview["steps"].append(step)
    text = render_markdown(summarize(preview, load("kubernetes-add.plan.json")))
    assert len(text) <= 65000
    assert "- **Container `api`**: added" in text and "more steps" in text


def _radius_component_classes() -> list[type]:
    import radius_components
    from radius_components.component import RadiusComponent

    for name in radius_components.__all__:  # the package is lazy: import every built-in component
        getattr(radius_components, name)

    found, todo = [], [RadiusComponent]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            # The package's own classes: other tests define (and unregister) types of their own.
            if getattr(sub, "resource_type", None) and sub.__module__.startswith("radius_components."):
                found.append(sub)
    return found


def test_every_component_type_has_its_kind_in_the_graph_table():
    """Graph nodes name Radius resource types; the summary maps each back to its component token, or
    a node becomes a second, always "unchanged" component beside the steps' one (review C.1: Gateway,
    SqlDatabase and SecretStore were listed twice). Every declared type and every component class."""
    from radius_components.declarations import declared_resource_types
    from radius_components.diff.grouping import GRAPH_TYPES

    declared = declared_resource_types()
    assert {"Gateway", "RedisCache", "SecretStore", "SqlDatabase"} <= set(declared)
    for name, declaration in declared.items():
        assert GRAPH_TYPES[declaration.radius_type] == name
    classes = _radius_component_classes()
    assert {c.__name__ for c in classes} >= {"Container", *declared}
    for component in classes:
        assert GRAPH_TYPES[component.resource_type] == component.__name__


def _every_type_graph() -> dict:
    """A graph with a Container connected to one node of every declared resource type."""
    from radius_components.declarations import declared_resource_types

    nodes = [{"name": "web", "type": "Applications.Core/containers", "native": [],
              "connections": {"inbound": [], "outbound": []}}]
    for name, declaration in declared_resource_types().items():
        node = name.lower()
        nodes.append({"name": node, "type": declaration.radius_type, "native": [],
                      "connections": {"inbound": [{"name": node, "source": "web", "type": "Applications.Core/containers"}],
                                      "outbound": []}})
        nodes[0]["connections"]["outbound"].append({"name": node, "target": node, "type": declaration.radius_type})
    return {"application": "shop", "environment": "dev", "kind": "kubernetes", "resources": nodes}


def _synthetic_preview(*steps: dict, graph: dict | None = None, diagnostics: list | None = None) -> dict:
    root = {"op": "same", "urn": "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev",
            "oldState": {"type": "pulumi:pulumi:Stack", "outputs": {"graph": graph} if graph else {}}}
    preview = {"config": {}, "steps": [root, *steps], "changeSummary": {}}
    if diagnostics is not None:
        preview["diagnostics"] = diagnostics
    return preview


def _native_step(op: str, component: str, native_type: str, name: str, owner: str = "", **old: object) -> dict:
    urn = f"urn:pulumi:dev::shop::radius:index:{component}${native_type}::{name}"
    parent = f"urn:pulumi:dev::shop::radius:index:{component}::{owner or name.split('-')[0]}"
    state = {"type": native_type, "inputs": {}, "parent": parent, **old}
    return {"op": op, "urn": urn, "oldState": state, "newState": state if op != "delete" else None,
            "diffReasons": ["spec"] if op == "update" else [], "detailedDiff": {}}


def test_every_declared_type_appears_once_in_the_summary():
    """Review C.1: one line per component of every declared type, none as an extra "unchanged" ghost
    (the node type's last segment, `gateways`), and the counts are not inflated."""
    from radius_components.declarations import declared_resource_types

    graph = _every_type_graph()
    steps = [_native_step("update", name, "kubernetes:core/v1:ConfigMap", f"{name.lower()}-config")
             for name in declared_resource_types()]
    summary = summarize(_synthetic_preview(*steps, graph=graph), graph_after=graph)
    keys = [c.key for c in summary.components if c.key.kind not in ("Environment", "Application")]
    assert len(keys) == len(set(keys)) == len(declared_resource_types()) + 1, keys
    assert {c.key.kind for c in summary.components} <= {"Environment", "Application", "Container",
                                                        *declared_resource_types()}
    text = render_markdown(summary)
    assert f"{len(declared_resource_types())} changed, 1 unchanged" in text
    for name in declared_resource_types():
        assert sum(line.startswith(f"- **{name} `") for line in headline(text)) == 1, name


def test_only_data_holding_types_are_drawn_as_cylinders():
    """Review C.1: the Mermaid cylinder `[( )]` means a datastore; a Gateway or a SecretStore is not one.
    Derived from the declarations' `holds_data`."""
    from radius_components.declarations import declared_resource_types

    graph = _every_type_graph()
    text = render_markdown(summarize(_synthetic_preview(graph=graph), graph_after=graph))
    for name, declaration in declared_resource_types().items():
        cylinder = f'[("{name} {name.lower()}")]' in text
        assert cylinder == declaration.holds_data, name
    assert '["Container web"]' in text and '["Gateway gateway"]' in text


def _removed(component: str, name: str, *children: tuple[str, str]) -> str:
    """A preview in which `component` and its `children` ((native type, name)) are deleted, with
    protect off (protect_stateful=False, or a PR that turns it off)."""
    steps = [_native_step("delete", component, native_type, child, owner=name) for native_type, child in children]
    steps.append({"op": "delete", "urn": f"urn:pulumi:dev::shop::radius:index:{component}::{name}",
                  "oldState": {"type": f"radius:index:{component}"}})
    return render_markdown(summarize(_synthetic_preview(*steps)))


@pytest.mark.parametrize("native_type", ["aws:rds/instance:Instance", "gcp:sql/databaseInstance:DatabaseInstance",
                                         "azure-native:dbforpostgresql:Server", "kubernetes:apps/v1:StatefulSet"])
def test_a_removed_sql_database_warns_about_its_data(native_type):
    """Review C.2: removing a SqlDatabase said only "removed" while a RedisCache warned; every type
    that declares holds_data warns, and its server is named, whatever the kind."""
    lines = headline(_removed("SqlDatabase", "orders", (native_type, "orders-server"),
                              ("kubernetes:core/v1:Service", "orders-service")))
    assert "> - SqlDatabase `orders` is **removed**: the data it holds is lost" in lines
    assert any("`orders-server`" in w and "**deleted**" in w for w in lines)
    assert not any("orders-service" in line for line in lines if line.startswith("> - "))


def test_a_removed_secret_store_warns_only_when_it_generated_its_values():
    """Review C.2: a SecretStore's generated keys (pulumi-random) cannot be recreated, so removing
    it loses them; a store of values the program gives is written again on the next deploy."""
    generated = headline(_removed("SecretStore", "app-secrets",
                                  ("random:index/randomPassword:RandomPassword", "app-secrets-session-key"),
                                  ("kubernetes:core/v1:Secret", "app-secrets")))
    assert "> - SecretStore `app-secrets` is **removed**: the generated values it holds cannot be recreated" in generated
    given = headline(_removed("SecretStore", "app-secrets", ("kubernetes:core/v1:Secret", "app-secrets")))
    assert "- **SecretStore `app-secrets`**: removed" in given
    assert not any(line.startswith("> - ") for line in given)


def test_a_replaced_data_resource_warns_but_a_rotation_does_not():
    """Review C.2: a replaced database server loses its data (a warning); a replaced connection Secret
    of a Container loses nothing (a note)."""
    text = render_markdown(summarize(_synthetic_preview(
        _native_step("replace", "SqlDatabase", "aws:rds/instance:Instance", "orders-instance"),
        _native_step("replace", "Container", "gcp:secretmanager/secretVersion:SecretVersion", "web-redis-url"))))
    warnings = text.split("> [!WARNING]")[1].split("\n\n")[0]
    assert "`orders-instance`" in warnings and "it is stateful" in warnings
    assert "web-redis-url" not in warnings
    assert "web-redis-url" in text.split("> [!NOTE]")[1].split("\n\n")[0]


def test_the_preview_diagnostics_are_in_a_collapsed_section_each_once():
    """Review C.3: the preview's `diagnostics` (recorded from the engine: a plugin version warning and
    "rendered YAML will contain a secret value in plaintext" twice for one Secret) reach the comment,
    once per message and resource, collapsed; the program's own output (info) does not."""
    preview = load("kubernetes-rotate.preview.json")
    preview["diagnostics"].append({"message": "hello from the program\n", "severity": "info"})
    text = render_markdown(summarize(preview, load("kubernetes-rotate.plan.json")))
    section = text.split("<details><summary>Diagnostics: 3 warnings</summary>")[1].split("</details>")[0]
    assert section.count("rendered YAML will contain a secret value in plaintext") == 2  # two Secrets, once each
    assert "- **warning** on Secret `demo-secrets` (kubernetes:core/v1:Secret):" in section
    assert "- **warning** on Secret `db-password-secret` (kubernetes:core/v1:Secret):" in section
    assert "resource plugin kubernetes is expected to have version" in section
    assert "warning: rendered" not in section  # Pulumi's prefix is said by the bold severity
    assert "hello from the program" not in text
    assert "[!CAUTION]" not in text and "failed" not in text.splitlines()[1]


def test_no_diagnostics_section_without_warnings():
    text = summary_text("ecs-image")
    assert "Diagnostics" not in text


def test_a_failed_preview_shows_its_error():
    """Review C.3: when the preview fails the comment says why, not only "failed": Pulumi still
    writes the JSON digest, its `steps` those before the error (omitted when there are none) and
    the error in `diagnostics`."""
    preview = load("kubernetes-image.preview.json")
    error = {"urn": "urn:pulumi:test::radius-diff-demo::pulumi:pulumi:Stack::radius-diff-demo-test",
             "message": "error: Program failed with an unhandled exception:\nValueError: bad port 'http'\n",
             "severity": "error"}
    preview["diagnostics"] = preview["diagnostics"] + [error, error]
    text = render_markdown(summarize(preview, stack="dev"))
    assert text.splitlines()[1].endswith("**failed**")
    caution = text.split("> [!CAUTION]")[1].split("<details")[0]
    assert caution.count("ValueError: bad port 'http'") == 1
    assert "- **error** on Stack `radius-diff-demo-test` (pulumi:pulumi:Stack):" in caution
    del preview["steps"]  # failed before any step
    out = render_markdown(summarize(preview, stack="dev"))
    assert out.startswith("<!-- radius-components preview: dev -->\n### Preview of stack `dev` **failed**")
    assert "ValueError: bad port 'http'" in out


def test_the_cli_summarises_a_failed_preview(tmp_path):
    failed = tmp_path / "preview.json"
    failed.write_text(json.dumps({"config": {}, "diagnostics": [
        {"message": "error: getting secrets manager: passphrase must be set\n", "severity": "error"}]}))
    out = tmp_path / "summary.md"
    proc = subprocess.run([sys.executable, "-m", "radius_components.diff", str(failed), "--stack", "dev", "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "passphrase must be set" in out.read_text()


def test_the_github_workflow_asks_for_exactly_the_permissions_it_uses():
    """Reading the code and writing the PR comment; id-token only where a cloud login needs OIDC
    (commented out in the example, like the logins themselves)."""
    import yaml

    workflow = yaml.safe_load((Path(__file__).parents[2] / "examples" / "github" / "preview-summary.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    job = workflow["jobs"]["preview"]
    assert "permissions" not in job
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "pulumi preview" in runs and "--json" in runs and "--save-plan plan.json" in runs
    assert "python -m radius_components diff preview.json --plan plan.json" in runs
    assert job["strategy"]["matrix"]["stack"], "one job (and one comment) per stack"


def _workflow() -> dict:
    import yaml

    return yaml.safe_load((Path(__file__).parents[2] / "examples" / "github" / "preview-summary.yml").read_text())


def test_the_pulumi_token_reaches_only_the_preview_step():
    """Review C.4: in the job env the token reached every step, including `pip install` of the pull
    request's requirements (its build code); only the step that runs `pulumi preview` needs it."""
    workflow = _workflow()
    job = workflow["jobs"]["preview"]
    assert "PULUMI_ACCESS_TOKEN" not in json.dumps(workflow.get("env") or {})
    assert "PULUMI_ACCESS_TOKEN" not in json.dumps(job.get("env") or {})
    holders = [step.get("name") for step in job["steps"] if "secrets." in json.dumps(step)]
    assert holders == ["Preview"]
    assert "pulumi preview" in next(step["run"] for step in job["steps"] if step.get("name") == "Preview")


def test_the_workflow_pins_its_actions_and_the_cli():
    """Review C.4/C.5(d): actions by commit SHA (checked against the actions' repositories: the
    commits of tags v4.4.0, v5.6.0 and v6.6.1), the Pulumi CLI by version, because the summary reads
    the --save-plan file, a flag that was experimental in older CLIs."""
    import re

    steps = _workflow()["jobs"]["preview"]["steps"]
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    pulumi = next(step for step in steps if step.get("uses", "").startswith("pulumi/actions@"))
    assert re.fullmatch(r"3\.\d+\.\d+", pulumi["with"]["pulumi-version"])


def test_the_workflow_skips_forks_and_dependabot_and_survives_cancellation():
    """Review C.5: (c) fork and Dependabot pull requests skip the job instead of failing; (b) a run
    cancelled by a newer push must not write "failed" over the comment: !cancelled(), not
    always(); (a) only the bot's own comment is edited; a failed preview is still summarised (C.3)."""
    job = _workflow()["jobs"]["preview"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"]
    assert "github.actor != 'dependabot[bot]'" in job["if"]
    text = json.dumps(job)
    assert "always()" not in text
    by_name = {step.get("name"): step for step in job["steps"]}
    assert by_name["Summarise"]["if"] == by_name["Comment on the pull request (one per stack)"]["if"] == "${{ !cancelled() }}"
    comment = by_name["Comment on the pull request (one per stack)"]["run"]
    assert 'select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(' in comment


def test_the_package_command_dispatches_diff_and_check():
    # `python -m radius_components diff` is the documented command (README, examples/github).
    import subprocess
    import sys

    for command in ("diff", "check"):
        proc = subprocess.run([sys.executable, "-m", "radius_components", command, "--help"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "usage:" in proc.stdout


@pytest.mark.parametrize("native_type", ["kubernetes:core/v1:PersistentVolumeClaim", "azure-native:storage:FileShare",
                                         "aws:efs/fileSystem:FileSystem", "gcp:storage/bucket:Bucket"])
def test_a_removed_volume_warns_about_its_data(native_type):
    """A Volume holds data (issue #28): removing it, or its storage, warns like a database."""
    lines = headline(_removed("Volume", "uploads", (native_type, "uploads-storage")))
    assert "> - Volume `uploads` is **removed**: the data it holds is lost" in lines
    assert any("`uploads-storage`" in w and "**deleted**" in w for w in lines)


def test_every_resource_a_volume_recipe_protects_is_stateful_for_the_summary():
    """What each kind's Volume recipe protects is what the summary warns about (data_resources)."""
    import radius_components as rad
    from tests.helpers.mocks import run_program

    def protected_types(kind, compute):
        def program():
            env = rad.Environment("prod", compute=compute, protect_stateful=True)
            app = rad.Application("shop", environment=env)
            rad.Volume("uploads", application=app, access_mode="ReadWriteMany")
        return {r.type for r in run_program(program).resources if r.protect and r.custom}

    from tests.helpers import aca, aci, cloudrun, ecs

    found = set()
    for kind, compute in (("kubernetes", {"kind": "kubernetes", "namespace": "dev"}), ("aci", aci.aci_compute()),
                          ("aca", aca.aca_compute()), ("ecs", ecs.ecs_compute()), ("cloudrun", cloudrun.compute())):
        types = protected_types(kind, compute)
        assert types, kind
        found |= types
    missed = {t for t in found
              if not is_stateful(ComponentKey("Volume", "x"), Step("delete", f"urn:pulumi:s::p::{t}::x", old={"type": t}))}
    assert not missed
