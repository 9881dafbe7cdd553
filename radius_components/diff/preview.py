"""Reading `pulumi preview --json`: steps, URNs, and the markers Pulumi puts in place of values.

The shape is Pulumi's PreviewDigest (pkg/backend/display/json.go, `ShowPreviewDigest`):
`{"config", "steps": [{"op", "urn", "provider", "oldState", "newState", "diffReasons",
"replaceReasons", "detailedDiff"}], "diagnostics", "changeSummary"}`. A state holds `type`,
`parent`, `protect`, `inputs` and (old states only) `outputs`. Steps whose op is `same` are left
out, except the root stack's, whose `oldState.outputs` carries the previous stack outputs (the
examples export the application `graph` there).

Secrets never reach the JSON as values: `stateForJSONOutput` replaces each with the string
`[secret]`; serialized state elsewhere (`stack export`, plan files) uses the signature object
`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext"|"plaintext": ...}`.
Both count as secrets here, and no value under either is ever read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
SECRET_TEXT = "[secret]"
# The engine's sentinel for a value known only after the update (resource/properties.go).
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

STACK_TYPE = "pulumi:pulumi:Stack"
RADIUS_PREFIX = "radius:index:"
# The library's own bookkeeping resources (radius_components.expansion.ExpansionMark): no cloud
# object, no inputs of the user's; left out of what the summary counts.
INTERNAL_PREFIX = "radius:internal:"

# Ops that destroy the old object (replace is create-then-delete or delete-then-create).
REPLACE_OPS = {"replace", "create-replacement", "delete-replaced", "read-replacement", "import-replacement",
               "discard-replaced"}
CHANGE_OPS = {"create", "update", "delete", "replace", "create-replacement", "read", "read-replacement",
              "import", "import-replacement", "discard", "remove-pending-replace"}


def is_secret(value: Any) -> bool:
    return value == SECRET_TEXT or (isinstance(value, dict) and value.get(SECRET_SIG_KEY) == SECRET_SIG)


def is_unknown(value: Any) -> bool:
    return value == UNKNOWN


def contains_secret(value: Any) -> bool:
    if is_secret(value):
        return True
    if isinstance(value, dict):
        return any(contains_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_secret(v) for v in value)
    return False


@dataclass(frozen=True)
class Urn:
    """`urn:pulumi:<stack>::<project>::<parent types $ ... $ type>::<name>` (the name may hold `::`)."""

    stack: str
    project: str
    type_chain: tuple[str, ...]
    name: str

    @property
    def type(self) -> str:
        return self.type_chain[-1]

    @classmethod
    def parse(cls, urn: str) -> "Urn":
        parts = urn.split("::", 3)
        if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
            raise ValueError(f"not a Pulumi URN: {urn!r}")
        return cls(parts[0][len("urn:pulumi:"):], parts[1], tuple(parts[2].split("$")), parts[3])


@dataclass
class Step:
    op: str
    urn: str
    old: dict[str, Any] = field(default_factory=dict)  # oldState (may be empty)
    new: dict[str, Any] = field(default_factory=dict)  # newState (may be empty)
    diff_reasons: list[str] = field(default_factory=list)
    replace_reasons: list[str] = field(default_factory=list)
    detailed_diff: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def parsed(self) -> Urn:
        return Urn.parse(self.urn)

    @property
    def type(self) -> str:
        return self.new.get("type") or self.old.get("type") or self.parsed.type

    @property
    def name(self) -> str:
        return self.parsed.name

    @property
    def parent(self) -> Optional[str]:
        return self.new.get("parent") or self.old.get("parent")

    @property
    def old_inputs(self) -> dict[str, Any]:
        return self.old.get("inputs") or {}

    @property
    def new_inputs(self) -> dict[str, Any]:
        return self.new.get("inputs") or {}

    @property
    def is_replacement(self) -> bool:
        return self.op in REPLACE_OPS

    def changed_paths(self) -> list[str]:
        """The property paths that change: detailedDiff keys, else the top-level diffReasons."""
        if self.detailed_diff:
            return sorted(self.detailed_diff)
        return sorted(set(self.diff_reasons) | set(self.replace_reasons))

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Step":
        return cls(op=raw["op"], urn=raw["urn"], old=raw.get("oldState") or {}, new=raw.get("newState") or {},
                   diff_reasons=list(raw.get("diffReasons") or []),
                   replace_reasons=list(raw.get("replaceReasons") or []),
                   detailed_diff=dict(raw.get("detailedDiff") or {}))


def load_steps(preview: dict[str, Any]) -> list[Step]:
    """The steps; a failed preview's digest may have none (`steps` is omitted when empty) but
    still has its `diagnostics`."""
    if isinstance(preview, dict) and "steps" not in preview and isinstance(preview.get("diagnostics"), list):
        return []
    if not isinstance(preview, dict) or not isinstance(preview.get("steps"), list):
        raise ValueError("not the output of `pulumi preview --json`: it has no `steps` list")
    return [Step.from_json(s) for s in preview["steps"]]


# Severities worth a reviewer's attention. `info` is the program's stdout (ShowPreviewDigest
# appends it as info diagnostics) and `info#err` its stderr; debug and ephemeral messages are
# left out by Pulumi itself.
SHOWN_SEVERITIES = ("error", "warning")


@dataclass(frozen=True, order=True)
class Diagnostic:
    severity: str  # error | warning
    urn: str  # "" for the stack as a whole (a plugin version warning)
    message: str  # without Pulumi's "warning: " / "error: " prefix

    @property
    def where(self) -> str:
        if not self.urn:
            return ""
        try:
            parsed = Urn.parse(self.urn)
        except ValueError:
            return self.urn
        return f"{parsed.type.rsplit(':', 1)[-1]} `{parsed.name}` ({parsed.type})"


def load_diagnostics(preview: dict[str, Any]) -> list[Diagnostic]:
    """The preview's warnings and errors (`diagnostics`: `{urn, message, severity}`,
    pkg/backend/display/json.go), each once: the engine repeats a resource's warning for every
    step that touches it. Pulumi's JSON digest leaves policy events out (PolicyViolationEvent
    is skipped there); a mandatory violation fails the preview with an error diagnostic."""
    found: dict[Diagnostic, None] = {}
    for raw in (preview.get("diagnostics") if isinstance(preview, dict) else None) or []:
        if not isinstance(raw, dict) or raw.get("severity") not in SHOWN_SEVERITIES:
            continue
        message = str(raw.get("message") or "").strip()
        prefix = f"{raw['severity']}: "
        if message.startswith(prefix):
            message = message[len(prefix):].strip()
        if message:
            found.setdefault(Diagnostic(raw["severity"], str(raw.get("urn") or ""), message), None)
    return list(found)


def stack_outputs_before(steps: list[Step]) -> dict[str, Any]:
    """The stack outputs of the last update (the root stack step's old outputs)."""
    for step in steps:
        if step.type == STACK_TYPE:
            return step.old.get("outputs") or {}
    return {}


def stack_outputs_planned(plan: dict[str, Any]) -> dict[str, Any]:
    """The stack outputs the preview computed, from a `pulumi preview --save-plan` file.

    The preview JSON leaves new stack outputs out (ShowPreviewDigest keeps outputs events only
    for refreshes); the plan records them: the step executor sets `resourcePlan.Outputs` on
    RegisterResourceOutputs when generating a plan (pkg/resource/deploy/step_executor.go), and
    the plan file serialises them as the resource plan's `state`.
    """
    for urn, resource_plan in (plan.get("resourcePlans") or {}).items():
        try:
            if Urn.parse(urn).type == STACK_TYPE:
                return resource_plan.get("state") or {}
        except ValueError:
            continue
    return {}


# `spec.template.spec.containers[0].env[7].value`, `metadata.annotations["radapp.io/x"]`
_PATH_TOKEN = re.compile(r'\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.\[\]]+)')


def split_path(path: str) -> list[Any]:
    """A detailedDiff property path as keys (str) and list indexes (int)."""
    keys: list[Any] = []
    for index, quoted, plain in _PATH_TOKEN.findall(path):
        if index:
            keys.append(int(index))
        elif quoted:
            keys.append(quoted.replace('\\"', '"'))
        else:
            keys.append(plain)
    return keys


def walk(value: Any, keys: list[Any]) -> Iterator[Any]:
    """Every value along `keys` from `value` (the root first); stops where the path leaves it."""
    yield value
    for key in keys:
        if isinstance(key, int) and isinstance(value, list) and 0 <= key < len(value):
            value = value[key]
        elif isinstance(key, str) and isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return
        yield value
