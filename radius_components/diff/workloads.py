"""What a step changes, in the application's words: images, env vars, secrets, replicas, rollouts.

Works on the step's old and new inputs, on every compute kind, by shape rather than by type: a
container is a map with an `image` (Kubernetes/ACA/ACI `containers[]`, Cloud Run
`template.containers[]`, the JSON string of ECS `containerDefinitions`), and its env vars are the
named entries of `env`, `envs`, `environment`, `environmentVariables` or `secrets`. No value of an
env var is ever printed, only its name; a secret (`[secret]` in the preview) is "secret changed".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from .preview import Step, contains_secret, is_secret, is_unknown, split_path, walk

ENV_KEYS = ("env", "envs", "environment", "environmentVariables", "secrets")
# Keys whose change starts new pods/tasks/revisions (a rollout) when they change in a workload.
ROLLOUT_KEYS = {"template", "containers", "containerDefinitions", "initContainers", "taskDefinition"}
REPLICA_KEYS = {"replicas", "desiredCount", "minReplicas", "maxReplicas", "minInstanceCount", "maxInstanceCount"}
# Where the platforms keep secret values (the connection contract, docs/architecture.md section 4).
SECRET_STORE_TYPES = {
    "kubernetes:core/v1:Secret",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "gcp:secretmanager/secretVersion:SecretVersion",
    "azure-native:keyvault:Secret",
}
SECRET_DATA_KEYS = {"data", "stringData"}  # Kubernetes Secret: the key after it names the secret


@dataclass
class Change:
    """The application-level reading of one step."""

    lines: list[str] = field(default_factory=list)
    rolls: bool = False
    explained: bool = False  # the lines say all the step does (no need to list it as a native change)


def _maybe_json(value: Any) -> Any:
    # ECS containerDefinitions is a JSON string input (pulumi-aws ecs.TaskDefinition).
    if isinstance(value, str) and value[:1] in "[{" and '"image"' in value:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def container_specs(inputs: Any) -> dict[str, dict[str, Any]]:
    """Every container spec in a resource's inputs, by container name (or position)."""
    found: dict[str, dict[str, Any]] = {}

    def visit(value: Any) -> None:
        value = _maybe_json(value)
        if isinstance(value, dict):
            image = value.get("image")
            if isinstance(image, str) or is_secret(image):
                name = value.get("name")
                found[name if isinstance(name, str) else f"#{len(found)}"] = value
                return
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)

    visit(inputs)
    return found


def _secret_entry(list_key: str, item: dict[str, Any]) -> bool:
    """An env entry that carries a secret: a secret value, or a reference to the platform's
    secret store (ECS `secrets[]`, ACA `secretRef`, ACI `secureValue`, Kubernetes
    `valueFrom.secretKeyRef`, Cloud Run `valueSource.secretKeyRef`)."""
    if list_key == "secrets" or "secretRef" in item or "secureValue" in item or contains_secret(item):
        return True
    return any(isinstance(item.get(k), dict) and "secretKeyRef" in item[k] for k in ("valueFrom", "valueSource"))


def env_of(spec: dict[str, Any]) -> dict[str, tuple[dict[str, Any], bool]]:
    """name -> (the entry without its name, whether it carries a secret)."""
    env: dict[str, tuple[dict[str, Any], bool]] = {}
    for key in ENV_KEYS:
        items = spec.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    env[item["name"]] = ({k: v for k, v in item.items() if k != "name"}, _secret_entry(key, item))
    return env


def _show(value: Any) -> str:
    if is_secret(value):
        return "(secret)"
    if is_unknown(value):
        return "(known after apply)"
    if value is None:
        return "(unset)"
    return f"`{value}`"


def _env_lines(old: dict[str, Any], new: dict[str, Any], secret_only_changes: set[str]) -> list[str]:
    lines = []
    for name in sorted(set(old) | set(new)):
        secret = any(entry[1] for entry in (old.get(name), new.get(name)) if entry)
        what = "secret" if secret else "env"
        if name not in old:
            lines.append(f"{what} `{name}` added")
        elif name not in new:
            lines.append(f"{what} `{name}` removed")
        elif old[name] != new[name] or name in secret_only_changes:
            lines.append(f"{what} `{name}` changed")
    return lines


def _secret_entries_touched(step: Step) -> set[str]:
    """Env entries whose value is a secret on both sides and that detailedDiff says changed.

    Equal `[secret]` markers hide a change; the provider's detailedDiff does not. Index paths
    (`env[7]`) shift when an entry is added before them, so they are trusted only for entries
    whose plain parts are identical on both sides.
    """
    touched = set()
    for path in step.detailed_diff:
        keys = split_path(path)
        for inputs in (step.new_inputs, step.old_inputs):
            for value in walk(inputs, keys):
                if isinstance(value, dict) and isinstance(value.get("name"), str) and contains_secret(value):
                    touched.add(value["name"])
    return touched


def _secret_store_lines(step: Step) -> list[str]:
    keys = set()
    for path in step.changed_paths():
        parts = split_path(path)
        if len(parts) >= 2 and parts[0] in SECRET_DATA_KEYS and isinstance(parts[1], str):
            keys.add(parts[1])
    verb = {"create": "added", "delete": "removed"}.get(step.op, "changed")
    if keys:
        return [f"secret `{k}` {_verb_of(step, k, verb)}" for k in sorted(keys)]
    return [f"secret `{step.name}` {verb}"]


def _verb_of(step: Step, key: str, default: str) -> str:
    # detailedDiff kinds: add, delete, update, and their -replace forms (sdk/go/common/.../plugin/provider.go).
    for path, diff in step.detailed_diff.items():
        parts = split_path(path)
        if len(parts) >= 2 and parts[1] == key:
            kind = str(diff.get("kind", "")).replace("-replace", "")
            return {"add": "added", "delete": "removed"}.get(kind, "changed")
    return default


def _paths_with(step: Step, wanted: set[str]) -> list[list[Any]]:
    return [keys for keys in map(split_path, step.changed_paths()) if wanted & {k for k in keys if isinstance(k, str)}]


def describe(step: Step) -> Change:
    """The application-level changes of one non-`same` step of a component's child."""
    change = Change()
    if step.type in SECRET_STORE_TYPES:
        change.lines = _secret_store_lines(step)
        change.explained = True
        return change
    if step.type == "random:index/randomId:RandomId" and set(step.changed_paths()) <= {"keepers"} and step.op != "delete":
        # The secrets revision: a hash whose keepers are the container's secrets. It changes when
        # a secret does, and that change is reported where the secret lives.
        change.explained = True
        return change

    old_specs, new_specs = container_specs(step.old_inputs), container_specs(step.new_inputs)
    if step.op in ("update", "replace") and (old_specs or new_specs):
        secret_touched = _secret_entries_touched(step)
        for name in sorted(set(old_specs) | set(new_specs)):
            old, new = old_specs.get(name), new_specs.get(name)
            prefix = "" if len(set(old_specs) | set(new_specs)) == 1 else f"container `{name}`: "
            if old is None or new is None:
                change.lines.append(f"container `{name}` {'added' if old is None else 'removed'}")
                continue
            if old.get("image") != new.get("image"):
                change.lines.append(f"{prefix}image {_show(old.get('image'))} → {_show(new.get('image'))}")
            change.lines += [prefix + line for line in _env_lines(env_of(old), env_of(new), secret_touched)]
            for key in sorted((set(old) | set(new)) - {"name", "image", *ENV_KEYS}):
                if old.get(key) != new.get(key):
                    change.lines.append(f"{prefix}`{key}` changed")
    if step.op in ("update", "replace") and (old_specs or new_specs or _paths_with(step, ROLLOUT_KEYS)):
        change.rolls = bool(_paths_with(step, ROLLOUT_KEYS)) or step.op == "replace"

    for keys in _paths_with(step, REPLICA_KEYS):
        before = list(walk(step.old_inputs, keys))
        after = list(walk(step.new_inputs, keys))
        old_value = before[-1] if len(before) == len(keys) + 1 else None
        new_value = after[-1] if len(after) == len(keys) + 1 else None
        change.lines.append(f"replicas {_show(old_value)} → {_show(new_value)}")

    # A changed path that ends at a secret (an ACA app secret, a secret input): name it, not its value.
    if not change.lines:
        for path in step.changed_paths():
            keys = split_path(path)
            for inputs in (step.new_inputs, step.old_inputs):
                along = list(walk(inputs, keys))
                if len(along) == len(keys) + 1 and is_secret(along[-1]):
                    named = [v["name"] for v in along if isinstance(v, dict) and isinstance(v.get("name"), str)]
                    change.lines.append(f"secret `{named[-1] if named else path}` changed")
                    break
    change.lines = list(dict.fromkeys(change.lines))
    # A workload update that only rolls (the secrets-revision annotation) is said by "rolls".
    change.explained = (bool(change.lines) or change.rolls) and (step.op != "replace" or change.rolls)
    return change


def native_line(step: Step, fields: Optional[list[str]] = None) -> str:
    fields = step.changed_paths() if fields is None else fields
    shown = ", ".join(f"`{f}`" for f in fields[:4]) + (f" (+{len(fields) - 4})" if len(fields) > 4 else "")
    short_type = step.type.rsplit(":", 1)[-1]
    return f"{short_type} `{step.name}` {step.op}" + (f": {shown}" if shown and step.op != "create" else "")
