"""The application graph: every resource of an app, its connections both ways, and the
native resources it expanded into. `render_text()` prints it the way `rad app graph` does.

The graph holds names and types only (no Outputs), so it is known at preview time and is
the same on every run.
"""

from __future__ import annotations

from typing import Any


def _native(member: Any) -> list[dict[str, str]]:
    if hasattr(member, "deployment"):
        resources = member.deployment.resources
    else:
        resources = getattr(member, "native_resources", [])
    return sorted(
        ({"type": r.pulumi_resource_type, "name": r.pulumi_resource_name} for r in resources),
        key=lambda n: (n["type"], n["name"]),
    )


def build_graph(app: Any) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    for member in app.members:
        outbound = []
        plan = getattr(member, "plan", None)
        for conn in plan.connections if plan else ():
            outbound.append({"name": conn.name, "target": conn.target_name, "type": conn.target_type})
        # A gateway's routes are its outbound edges (named by path), as `rad app graph` shows them.
        outbound.extend(getattr(member, "graph_routes", ()))
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
