"""The application graph: every resource of an app, its connections both ways, and the
native resources it expanded into. `render_text()` prints it the way `rad app graph` does,
`render_mermaid()` as a Mermaid flowchart (GitHub renders it in PR comments and READMEs).

The graph holds names and types only (no Outputs), so it is known at preview time and is
the same on every run. `Application.graph` is an Output that resolves only once the whole
program has been declared, so reading it early (before the last Container) misses nothing.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pulumi

from .declarations import declared_resource_types


def _native(member: Any) -> list[dict[str, str]]:
    if hasattr(member, "deployment"):
        resources = member.deployment.resources
    else:
        resources = getattr(member, "native_resources", [])
    return sorted(
        ({"type": r.pulumi_resource_type, "name": r.pulumi_resource_name} for r in resources),
        key=lambda n: (n["type"], n["name"]),
    )


def _secret_reads(member: Any) -> list[dict[str, str]]:
    """A container's env values read from a resource (`value_from.secret_ref.source`): edges
    named after the variable, like connections (the container depends on that resource)."""
    container = getattr(getattr(member, "args", None), "container", None)
    edges = []
    for name, var in sorted((getattr(container, "env", None) or {}).items()):
        value_from = getattr(var, "value_from", None)
        source = getattr(getattr(value_from, "secret_ref", None), "source", None)
        if hasattr(source, "resource_name") and hasattr(source, "resource_type"):
            edges.append({"name": name, "target": source.resource_name, "type": source.resource_type})
    return edges


def _volume_mounts(member: Any) -> list[dict[str, str]]:
    """A container's `persistent` volumes: edges named after the volume, to the Volume it mounts
    (the container depends on it, and its data is the Volume's)."""
    container = getattr(getattr(member, "args", None), "container", None)
    edges = []
    for name, volume in sorted((getattr(container, "volumes", None) or {}).items()):
        source = getattr(volume, "source", None)
        if hasattr(source, "resource_name") and hasattr(source, "resource_type"):
            edges.append({"name": name, "target": source.resource_name, "type": source.resource_type})
    return edges


def build_graph(app: Any) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    for member in app.members:
        outbound = []
        plan = getattr(member, "plan", None)
        for conn in plan.connections if plan else ():
            outbound.append({"name": conn.name, "target": conn.target_name, "type": conn.target_type})
        # A gateway's routes are its outbound edges (named by path), as `rad app graph` shows them.
        outbound.extend(getattr(member, "graph_routes", ()))
        outbound.extend(_secret_reads(member))
        outbound.extend(_volume_mounts(member))
        nodes[member.resource_name] = {
            "name": member.resource_name,
            "type": member.resource_type,
            "connections": {"outbound": outbound, "inbound": []},
            "native": _native(member),
        }
    for node in nodes.values():
        for conn in node["connections"]["outbound"]:
            target = nodes.get(conn["target"])
            if target is not None:
                target["connections"]["inbound"].append({"name": conn["name"], "source": node["name"], "type": node["type"]})
    for node in nodes.values():
        node["connections"]["inbound"].sort(key=lambda c: (c["source"], c["name"]))
    return {
        "application": app.resource_name,
        "environment": app.environment.resource_name,
        "kind": app.environment.kind,
        "resources": [nodes[name] for name in sorted(nodes)],
    }


def render_text(graph: dict[str, Any]) -> str:
    """A plain-text rendering like `rad app graph`."""
    lines = [f"Displaying application: {graph['application']} (environment {graph['environment']}, {graph['kind']})", ""]
    for node in graph["resources"]:
        lines.append(f"Name: {node['name']} ({node['type']})")
        conns = node["connections"]
        if conns["outbound"] or conns["inbound"]:
            lines.append("Connections:")
            for c in conns["outbound"]:
                lines.append(f"  {node['name']} -> {c['target']} ({c['type']})  [{c['name']}]")
            for c in conns["inbound"]:
                lines.append(f"  {c['source']} ({c['type']}) -> {node['name']}  [{c['name']}]")
        if node["native"]:
            lines.append("Resources:")
            for n in node["native"]:
                lines.append(f"  {n['name']} ({n['type']})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def graph_text(app: Any) -> str:
    """The text rendering of an application's graph, from Python."""
    return render_text(build_graph(app))


def render_mermaid(graph: dict[str, Any]) -> str:
    """A Mermaid flowchart: resources as nodes (containers as boxes, the types that declare
    `holds_data` as cylinders, URLs as external nodes), connections as labelled edges."""
    ids: dict[str, str] = {}

    def node_id(name: str) -> str:
        if name not in ids:
            ids[name] = f"n{len(ids)}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}"
        return ids[name]

    def label(*parts: str) -> str:
        return "<br/>".join(p.replace('"', "#quot;") for p in parts)

    lines = ["flowchart LR", f"  %% application {graph['application']} "
                             f"(environment {graph['environment']}, {graph['kind']})"]
    names = {node["name"] for node in graph["resources"]}
    data_holding = {d.radius_type for d in declared_resource_types().values() if d.holds_data}
    for node in graph["resources"]:
        text = label(node["name"], node["type"])
        # What holds data is a cylinder: the declared data-holding types, and any Radius datastore
        # type this program does not declare (a graph read from another program's output).
        cylinder = node["type"] in data_holding or "Datastores" in node["type"]
        shape = f'[("{text}")]' if cylinder else f'["{text}"]'
        lines.append(f"  {node_id(node['name'])}{shape}")
    for node in graph["resources"]:
        for conn in node["connections"]["outbound"]:
            if conn["target"] not in names:
                lines.append(f'  {node_id(conn["target"])}>"{label(conn["target"])}"]')
                names.add(conn["target"])
            lines.append(f'  {node_id(node["name"])} -->|"{label(conn["name"])}"| {node_id(conn["target"])}')
    return "\n".join(lines) + "\n"


def graph_mermaid(app: Any) -> str:
    """The Mermaid rendering of an application's graph, from Python."""
    return render_mermaid(build_graph(app))


async def program_declared() -> None:
    """Return once the Pulumi program body has finished declaring resources.

    A Python program's body runs synchronously, before the event loop runs any task, so a
    task scheduled while it runs starts after it returns, except when a synchronous invoke
    (`aws.get_region()`) pumps the loop from inside the body. Under the engine the root
    Stack marks the end of the body (it registers its outputs right after), so wait for
    that mark; under mocks the stack is finished before the program starts, and the first
    turn of the loop after the body is the point.
    """
    await asyncio.sleep(0)
    root = pulumi.runtime.get_root_resource()
    while root is not None and getattr(root, "_outputs_registered", True) is False:
        await asyncio.sleep(0.01)


def graph_output(app: Any) -> "pulumi.Output[dict[str, Any]]":
    """`app.graph`: the graph as an Output computed after the whole program is declared."""

    async def build() -> dict[str, Any]:
        from .program import Program

        program = Program.current()
        await program_declared()
        # After the containers and gateways have expanded (their native resources are in the graph);
        # when the application is invalid the program fails with that error, reported once.
        await asyncio.wait([program.gate])
        return build_graph(app)

    async def known() -> bool:
        return True

    async def secret() -> bool:
        return False

    loop = asyncio.get_event_loop()
    return pulumi.Output(set(), loop.create_task(build()), loop.create_task(known()), loop.create_task(secret()))
