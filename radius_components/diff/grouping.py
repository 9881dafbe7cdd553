"""Which Radius component a step belongs to.

Every resource a component creates is registered with the component as `parent`, so its URN's
type chain starts with the component's token (`radius:index:Container$kubernetes:apps/v1:Deployment`)
on every compute kind. The chain names the type, not the component, so the component's name comes
from the step's `parent` URN (walked up through nested parents the preview shows), and, where the
parent is not in the preview, from the naming rule: child names start with the component's name
(docs/architecture.md section 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional

from ..declarations import declared_resource_types
from .preview import RADIUS_PREFIX, STACK_TYPE, Step, Urn

CONTAINER_GRAPH_TYPE = "Applications.Core/containers"


def graph_types() -> dict[str, str]:
    """Graph node types (the components' Radius resource types) -> the component tokens: the
    Container and every declared resource type."""
    return {CONTAINER_GRAPH_TYPE: "Container",
            **{d.radius_type: name for name, d in declared_resource_types().items()}}


def datastore_kinds() -> set[str]:
    """Components that hold data (declared `holds_data`): deleting or replacing them (or their
    stateful children) loses it."""
    return {name for name, d in declared_resource_types().items() if d.holds_data}


def __getattr__(name: str) -> Any:
    # The tables as they were named when they were constants; computed when read, so a type
    # registered after this module is imported is in them.
    if name == "GRAPH_TYPES":
        return graph_types()
    if name == "DATASTORE_KINDS":
        return datastore_kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, order=True)
class ComponentKey:
    kind: str  # the token's last part: Container, RedisCache, Environment, Application
    name: str

    def __str__(self) -> str:
        return f"{self.kind} `{self.name}`"


OTHER = ComponentKey("", "")  # resources outside any Radius component


def kind_of_graph_type(graph_type: str) -> str:
    return graph_types().get(graph_type, graph_type.rsplit("/", 1)[-1])


def _radius_kind(type_token: str) -> Optional[str]:
    return type_token[len(RADIUS_PREFIX):] if type_token.startswith(RADIUS_PREFIX) else None


def assign(steps: list[Step], known: Iterable[ComponentKey] = ()) -> dict[str, ComponentKey]:
    """URN -> component, for every step but the root stack's."""
    parents = {s.urn: s.parent for s in steps}
    components = set(known)
    for step in steps:
        kind = _radius_kind(step.type)
        if kind:
            components.add(ComponentKey(kind, step.name))

    def by_parent(urn: Optional[str]) -> Optional[ComponentKey]:
        seen = set()
        while urn and urn not in seen:
            seen.add(urn)
            parsed = Urn.parse(urn)
            kind = _radius_kind(parsed.type)
            if kind:
                return ComponentKey(kind, parsed.name)
            urn = parents.get(urn)
        return None

    def by_name(step: Step) -> Optional[ComponentKey]:
        # The nearest Radius token in the chain and the longest component name the child's name starts with.
        chain_kinds = [k for k in (_radius_kind(t) for t in step.parsed.type_chain[:-1]) if k]
        if not chain_kinds:
            return None
        kind = chain_kinds[-1]
        matches = [c for c in components if c.kind == kind and (step.name == c.name or step.name.startswith(c.name + "-"))]
        return max(matches, key=lambda c: len(c.name)) if matches else None

    result: dict[str, ComponentKey] = {}
    for step in steps:
        if step.type == STACK_TYPE:
            continue
        kind = _radius_kind(step.type)
        if kind:
            result[step.urn] = ComponentKey(kind, step.name)
            continue
        result[step.urn] = by_parent(step.parent) or by_name(step) or OTHER
    return result
