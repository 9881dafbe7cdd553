"""The application-level summary of a preview: per Radius component, connections, warnings."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .grouping import OTHER, ComponentKey, assign, datastore_kinds, graph_types, kind_of_graph_type
from .preview import CHANGE_OPS, INTERNAL_PREFIX, STACK_TYPE, Diagnostic, Step, load_diagnostics, load_steps, stack_outputs_before, stack_outputs_planned
from ..declarations import declared_resource_types
from .workloads import SECRET_STORE_TYPES, container_specs, describe, env_of, native_line

# Native types that hold data or a value that cannot be recreated wherever they are (a generated
# password, a volume). What a data-holding type's recipes protect is declared by the type
# (`ResourceTypeDeclaration.data_resources`: RDS, Cloud SQL, ElastiCache, ...) and counts inside
# its components; tests/features/test_diff_summary.py checks both against what the recipes
# `protect` on every kind.
STATEFUL_TYPES = {
    "random:index/randomPassword:RandomPassword",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:apps/v1:StatefulSet",
}
# Kept for callers of the old name: inside a RedisCache, its server Deployment holds the data
# (now declared in RedisCache's data_resources).
DATASTORE_WORKLOAD_TYPES = {"kubernetes:apps/v1:Deployment"}
# Replaced on every routine secret rotation, with nothing lost (review C.2): the secrets revision
# is a state-only hash of the container's secrets, and a Container's connection secrets are
# written again from their sources. Their replacement is an info line, not a warning.
REVISION_TYPES = {"random:index/randomId:RandomId"}

COMPONENT_ORDER = {"Environment": 0, "Application": 1, "Container": 2}


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    name: str

    def __str__(self) -> str:
        return f"`{self.source} → {self.target}` ({self.name})"


@dataclass
class ComponentSummary:
    key: ComponentKey
    status: str  # added | removed | changed | unchanged
    lines: list[str] = field(default_factory=list)
    ops: list[str] = field(default_factory=list)  # the ops of its resources' steps, e.g. ["update"]
    rolls: bool = False
    steps: list[Step] = field(default_factory=list)


@dataclass
class Summary:
    stack: Optional[str]
    application: Optional[str]
    environment: Optional[str]
    kind: Optional[str]
    components: list[ComponentSummary]
    connections: list[tuple[str, Edge]]  # (added | removed, edge)
    warnings: list[str]
    steps: list[tuple[ComponentKey, Step]]  # every non-`same` step, with its component
    graph_before: Optional[dict[str, Any]]
    graph_after: Optional[dict[str, Any]]
    graph_after_estimated: bool  # no plan: the after-graph is the before-graph with the steps applied
    notes: list[str] = field(default_factory=list)  # replacements that lose nothing (a secret rotation)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the preview's warnings and errors, each once

    @property
    def failed(self) -> bool:
        """The preview reported an error (it failed: its steps are only those before the error)."""
        return any(d.severity == "error" for d in self.diagnostics)

    @property
    def changed(self) -> list[ComponentSummary]:
        return [c for c in self.components if c.status != "unchanged"]


def _edges(graph: Optional[dict[str, Any]]) -> set[Edge]:
    edges = set()
    for node in (graph or {}).get("resources") or []:
        for conn in node.get("connections", {}).get("outbound") or []:
            edges.add(Edge(node["name"], conn["target"], conn["name"]))
    return edges


def _nodes(graph: Optional[dict[str, Any]]) -> dict[ComponentKey, dict[str, Any]]:
    return {ComponentKey(kind_of_graph_type(n["type"]), n["name"]): n for n in (graph or {}).get("resources") or []}


def env_var_prefix(connection: str) -> str:
    """CONNECTION_<NAME>_: the connection contract's env var names (docs/architecture.md section 4)."""
    return "CONNECTION_" + re.sub(r"[^A-Z0-9_]", "_", connection.upper()) + "_"


_NAMED_LINE = re.compile(r"^(env|secret) `([^`]+)` (added|removed|changed)$")


def tidy_lines(lines: list[str], connections: set[tuple[str, str]]) -> list[str]:
    """One line per connection added/removed instead of one per CONNECTION_<NAME>_* variable,
    and secrets with the same verb on one line."""
    out: list[str] = []
    secrets: dict[str, list[str]] = {}
    covered: dict[str, str] = {}
    for name, status in sorted(connections):
        covered[env_var_prefix(name)] = f"env `{env_var_prefix(name)}*` {status} (connection `{name}`)"
    for line in lines:
        match = _NAMED_LINE.match(line)
        if match:
            prefix = next((p for p in covered if match.group(2).startswith(p)), None)
            if prefix is not None:
                line = covered[prefix]
            elif match.group(1) == "secret":
                secrets.setdefault(match.group(3), []).append(match.group(2))
                continue
        if line not in out:
            out.append(line)
    for verb, names in sorted(secrets.items()):
        names = sorted(set(names))
        listed = ", ".join(f"`{n}`" for n in names)
        out.append(f"secret {listed} {verb}" if len(names) == 1 else f"secrets {listed} {verb}")
    return sorted(out, key=_line_rank)  # stable: the steps' order within a rank


def _line_rank(line: str) -> int:
    """What a reviewer reads first: containers and images, env, secrets, replicas, other fields, native steps."""
    text = re.sub(r"^container `[^`]+`: ", "", line)  # a pod with several containers
    for rank, start in enumerate(("container ", "image ", "env ", "secret", "replicas ", "`")):
        if text.startswith(start):
            return rank
    return 6


def data_resources() -> dict[str, set[str]]:
    """Component kind -> the native types that hold its data (declared by each resource type)."""
    return {name: set(d.data_resources) for name, d in declared_resource_types().items() if d.data_resources}


def is_stateful(key: ComponentKey, step: Step, datastores: Optional[set[str]] = None,
                declared: Optional[dict[str, set[str]]] = None) -> bool:
    """Deleting or replacing the step's resource loses data or a value that cannot be recreated:
    the state says `protect`, its type is stateful anywhere, or its component's type declares it
    among its `data_resources`."""
    if step.old.get("protect") or step.type in STATEFUL_TYPES:
        return True
    declared = data_resources() if declared is None else declared
    if step.type in declared.get(key.kind, ()):
        return True
    return key.kind in (datastore_kinds() if datastores is None else datastores) and step.type in DATASTORE_WORKLOAD_TYPES


def is_routine_replacement(key: ComponentKey, step: Step) -> bool:
    """A replacement a secret rotation makes, losing nothing: the secrets revision hash, or a
    Container's connection secret (its values come from the connections, not from state)."""
    return step.type in REVISION_TYPES or (key.kind == "Container" and step.type in SECRET_STORE_TYPES)


def _estimate_after(before: Optional[dict[str, Any]], components: list[ComponentSummary],
                    steps: list[tuple[ComponentKey, Step]]) -> dict[str, Any]:
    """The after-graph without a plan: before's nodes and edges, with components added or
    removed, and a connection dropped where its CONNECTION_<NAME>_* env vars all disappear."""
    after = copy.deepcopy(before) if before else {"resources": []}
    graph_type_of_kind = {kind: graph_type for graph_type, kind in graph_types().items()}
    status = {c.key: c.status for c in components}
    nodes = [n for n in after.get("resources") or []
             if status.get(ComponentKey(kind_of_graph_type(n["type"]), n["name"])) != "removed"]
    present = {n["name"] for n in nodes}
    for key, st in sorted(status.items()):
        if st == "added" and key.kind in graph_type_of_kind and key.name not in present:
            nodes.append({"name": key.name, "type": graph_type_of_kind[key.kind],
                          "connections": {"outbound": [], "inbound": []}, "native": []})
    new_env: dict[str, set[str]] = {}
    for key, step in steps:
        for spec in container_specs(step.new_inputs).values():
            new_env.setdefault(key.name, set()).update(env_of(spec))
    names = {n["name"] for n in nodes}
    for node in nodes:
        conns = node.setdefault("connections", {"outbound": [], "inbound": []})
        conns["outbound"] = [
            c for c in conns.get("outbound") or []
            if c["target"] in names and not (
                node["name"] in new_env and not any(e.startswith(env_var_prefix(c["name"])) for e in new_env[node["name"]]))
        ]
        conns["inbound"] = [c for c in conns.get("inbound") or [] if c["source"] in names]
    after["resources"] = sorted(nodes, key=lambda n: n["name"])
    return after


def summarize(preview: dict[str, Any], plan: Optional[dict[str, Any]] = None, stack: Optional[str] = None,
              graph_output: str = "graph", graph_before: Optional[dict[str, Any]] = None,
              graph_after: Optional[dict[str, Any]] = None) -> Summary:
    """Summarise `pulumi preview --json` per Radius component.

    plan: the `--save-plan` file of the same preview (gives the application graph after the
    change); graph_before/graph_after: the graphs themselves, overriding the stack output
    `graph_output` of the preview (before) and of the plan (after).
    """
    steps = load_steps(preview)
    if graph_before is None:
        graph_before = stack_outputs_before(steps).get(graph_output)
    if graph_after is None and plan is not None:
        graph_after = stack_outputs_planned(plan).get(graph_output)
    if stack is None:
        stack = next((s.parsed.stack for s in steps), None)

    before_nodes, after_nodes = _nodes(graph_before), _nodes(graph_after)
    owner = assign(steps, known=list(before_nodes) + list(after_nodes))
    # The engine registers in parallel, so the preview's step order varies from run to run; a
    # stable order keeps the comment the same for the same change.
    changed_steps = sorted(((owner[s.urn], s) for s in steps if s.type != STACK_TYPE and not s.type.startswith(INTERNAL_PREFIX)
                            and s.op in CHANGE_OPS),
                           key=lambda ks: (ks[0] == OTHER, COMPONENT_ORDER.get(ks[0].kind, 3), ks[0], ks[1].urn, ks[1].op))

    keys = set(before_nodes) | set(after_nodes) | {k for k, _ in changed_steps}
    for graph in (graph_before, graph_after):
        for field_name, kind in (("environment", "Environment"), ("application", "Application")):
            if graph and graph.get(field_name):
                keys.add(ComponentKey(kind, graph[field_name]))
    components: list[ComponentSummary] = []
    warnings: list[str] = []
    notes: list[str] = []
    datastores = datastore_kinds()
    declared = data_resources()
    for key in sorted(keys, key=lambda k: (k == OTHER, COMPONENT_ORDER.get(k.kind, 3), k.kind, k.name)):
        own = [s for k, s in changed_steps if k == key]
        itself = [s for s in own if s.type.endswith(":" + key.kind) and s.name == key.name and s.type.startswith("radius:")]
        status = "changed" if own else "unchanged"
        if any(s.op == "create" for s in itself) or (key in after_nodes and before_nodes and key not in before_nodes):
            status = "added"
        elif any(s.op == "delete" for s in itself) or (key in before_nodes and graph_after and key not in after_nodes):
            status = "removed"
        summary = ComponentSummary(key, status, steps=own)
        summary.ops = sorted({s.op for s in own if s not in itself})
        if status == "changed":
            for step in own:
                change = describe(step)
                summary.lines += [line for line in change.lines if line not in summary.lines]
                summary.rolls |= change.rolls
                if not change.explained:
                    summary.lines.append(native_line(step))
        lost = False  # a resource holding its data (or an uncreatable value) goes
        for step in own:
            where = f"{key}: " if key != OTHER else ""
            what = f"{step.type.rsplit(':', 1)[-1]} `{step.name}` ({step.type})"
            stateful = is_stateful(key, step, datastores, declared)
            lost |= stateful and (step.op == "delete" or step.is_replacement)
            if step.is_replacement:
                reasons = ", ".join(f"`{r}`" for r in sorted(step.replace_reasons or step.diff_reasons)[:6])
                because = f"; because of {reasons}" if reasons else ""
                if not stateful and is_routine_replacement(key, step):
                    why = ("a state-only revision hash of the secrets" if step.type in REVISION_TYPES
                           else "its values are written again from the connections")
                    notes.append(f"{where}{what} is replaced ({why}; nothing is lost){because}")
                    continue
                loss = " — it is stateful: its data or generated credential is lost" if stateful else ""
                warnings.append(f"{where}{what} is **replaced** (deleted and created again){loss}{because}")
            elif step.op == "delete" and stateful:
                warnings.append(f"{where}{what} is stateful (data or a generated credential) and is **deleted**")
        if status == "removed" and key.kind in datastores:
            warnings.append(f"{key} is **removed**: the data it holds is lost")
        elif status == "removed" and lost:
            warnings.append(f"{key} is **removed**: the generated values it holds cannot be recreated")
        components.append(summary)

    estimated = graph_after is None
    if estimated:
        graph_after = _estimate_after(graph_before, components, changed_steps)
    before_edges, after_edges = _edges(graph_before), _edges(graph_after)
    connections = [("added", e) for e in sorted(after_edges - before_edges)]
    connections += [("removed", e) for e in sorted(before_edges - after_edges)]
    for c in components:
        c.lines = tidy_lines(c.lines, {(e.name, status) for status, e in connections if e.source == c.key.name})
    graph_meta = graph_after or graph_before or {}
    return Summary(stack=stack, application=graph_meta.get("application"), environment=graph_meta.get("environment"),
                   kind=graph_meta.get("kind"), components=components, connections=connections, warnings=warnings, notes=notes,
                   diagnostics=load_diagnostics(preview),
                   steps=changed_steps, graph_before=graph_before, graph_after=graph_after,
                   graph_after_estimated=estimated)


def summarize_files(preview_path: str, plan_path: Optional[str] = None, **kwargs: Any) -> Summary:
    import json

    with open(preview_path, encoding="utf-8") as f:
        preview = json.load(f)
    plan = None
    if plan_path:
        with open(plan_path, encoding="utf-8") as f:
            plan = json.load(f)
    return summarize(preview, plan, **kwargs)
