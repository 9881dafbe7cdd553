"""The application graph as a Mermaid flowchart, with changed nodes and connections marked.

GitHub renders ```mermaid blocks in comments. Node ids are generated (n0, n1, ...), so resource
names never have to be valid Mermaid identifiers; labels are quoted with `"` escaped.
"""

from __future__ import annotations

from typing import Any, Optional

from .grouping import datastore_kinds, kind_of_graph_type

CLASSES = {
    "added": "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px",
    "removed": "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5",
    "changed": "fill:#fff8c5,stroke:#9a6700,stroke-width:2px",
}
MARK = {"added": "+ ", "removed": "− ", "changed": "~ "}


def _label(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def render(graph: Optional[dict[str, Any]], node_status: dict[str, str], edge_status: dict[tuple[str, str, str], str],
           title: str) -> str:
    """One flowchart; node_status: name -> added|removed|changed; edge_status: (source, target, name) -> status."""
    nodes = (graph or {}).get("resources") or []
    lines = ["```mermaid", "---", f"title: {title}", "---", "flowchart LR"]
    if not nodes:
        lines.append('  empty["(no application resources)"]')
    ids = {node["name"]: f"n{i}" for i, node in enumerate(nodes)}
    used = set()
    cylinders = datastore_kinds()  # the types that declare `holds_data`
    for node in nodes:
        status = node_status.get(node["name"])
        kind = kind_of_graph_type(node["type"])
        label = _label(f"{MARK.get(status, '')}{kind} {node['name']}")
        # Only what holds data is a cylinder (a Gateway or a SecretStore is not a datastore).
        shape = f"[({label})]" if kind in cylinders else f"[{label}]"
        lines.append(f"  {ids[node['name']]}{shape}" + (f":::{status}" if status else ""))
        used.add(status)
    link = 0
    styles = []
    for node in nodes:
        for conn in node.get("connections", {}).get("outbound") or []:
            if conn["target"] not in ids:
                continue
            status = edge_status.get((node["name"], conn["target"], conn["name"]))
            arrow = {"added": "==>", "removed": "-.->"}.get(status, "-->")
            lines.append(f"  {ids[node['name']]} {arrow}|{_label(conn['name'])}| {ids[conn['target']]}")
            if status in CLASSES:
                colour = "#1a7f37" if status == "added" else "#cf222e"
                styles.append(f"  linkStyle {link} stroke:{colour}")
            link += 1
    lines += styles
    for status, style in CLASSES.items():
        if status in used:
            lines.append(f"  classDef {status} {style}")
    lines.append("```")
    return "\n".join(lines)
