"""The summary as Markdown for a pull-request comment."""

from __future__ import annotations

from collections import Counter
from typing import Optional

from . import mermaid
from .grouping import OTHER
from .preview import Diagnostic
from .summary import ComponentSummary, Summary

# Hidden in the comment; the workflow finds its earlier comment for the same stack by it.
MARKER = "<!-- radius-components preview: {stack} -->"
# GitHub rejects an issue comment body over 65536 characters; the steps table gives way first.
MAX_CHARS = 65000


def _component_line(c: ComponentSummary) -> str:
    head = f"**{c.key}**" if c.key != OTHER else "**Resources outside any Radius component**"
    if c.status in ("added", "removed", "unchanged"):
        return f"- {head}: {c.status}"
    how = ", ".join(c.ops) + (", rolls" if c.rolls else "")
    body = "; ".join(c.lines) if c.lines else "native resources change"
    return f"- {head} ({how}): {body}"


def _steps_table(summary: Summary) -> list[str]:
    rows = ["| op | resource | type | component | changed properties |", "|---|---|---|---|---|"]
    for key, step in summary.steps:
        fields = ", ".join(f"`{p}`" for p in step.changed_paths()) if step.op not in ("create", "delete") else ""
        component = str(key) if key != OTHER else "—"
        rows.append(f"| {step.op} | `{step.name}` | `{step.type}` | {component} | {fields} |")
    return rows


MAX_MESSAGE = 1000  # characters of one diagnostic's text
MAX_DIAGNOSTICS = 20  # with MAX_MESSAGE, well below the comment limit


def _message(text: str) -> list[str]:
    text = text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …"
    return ["```text", text.replace("```", "\'\'\'"), "```"]


def _diagnostics(diagnostics: list[Diagnostic]) -> list[str]:
    """Warnings and errors per resource (the stack's own first), each message once, in a code
    block: Pulumi's text is not Markdown."""
    out: list[str] = []
    by_where: dict[str, list[Diagnostic]] = {}
    for d in sorted(diagnostics, key=lambda d: (d.urn != "", d.urn, d.severity != "error"))[:MAX_DIAGNOSTICS]:
        by_where.setdefault(d.where, []).append(d)
    for where, found in by_where.items():
        for d in found:
            out += [f"- **{d.severity}**" + (f" on {where}" if where else "") + ":", *("  " + line for line in _message(d.message))]
    if len(diagnostics) > MAX_DIAGNOSTICS:
        out.append(f"- … and {len(diagnostics) - MAX_DIAGNOSTICS} more: see the workflow run.")
    return out


def render(summary: Summary, max_chars: int = MAX_CHARS) -> str:
    text = _render(summary, None)
    rows = len(summary.steps)
    while len(text) > max_chars and rows > 0:
        rows = rows // 2
        text = _render(summary, rows)
    return text


def _render(summary: Summary, max_rows: Optional[int]) -> str:
    title = f"### Preview of stack `{summary.stack}`" if summary.stack else "### Preview"
    if summary.application:
        title += f": application `{summary.application}`"
        if summary.kind:
            title += f" ({summary.kind})"
    if summary.failed:
        title += " **failed**"
    out = [MARKER.format(stack=summary.stack or ""), title, ""]
    errors = [d for d in summary.diagnostics if d.severity == "error"]
    if errors:
        # The preview stopped: its error is what the reviewer needs (review C.3), and the steps
        # below are only those before it.
        out += ["> [!CAUTION]", "> The preview failed; the changes below are those found before the error.", ""]
        out += _diagnostics(errors) + [""]
    counts = Counter(c.status for c in summary.components if c.key.kind not in ("Environment", "Application", ""))
    ops = Counter(step.op for _, step in summary.steps)
    out.append(", ".join(f"{counts[s]} {s}" for s in ("changed", "added", "removed", "unchanged") if counts[s])
               + (" · resource steps: " + ", ".join(f"{n} {op}" for op, n in sorted(ops.items())) if ops else
                  " · no resource changes"))
    out.append("")
    if summary.warnings:
        out += ["> [!WARNING]"] + [f"> - {w}" for w in summary.warnings] + [""]
    if summary.notes:
        out += ["> [!NOTE]"] + [f"> - {n}" for n in summary.notes] + [""]
    for c in summary.components:
        if c.key.kind in ("Environment", "Application") and c.status == "unchanged":
            continue
        out.append(_component_line(c))
    for status, edge in summary.connections:
        out.append(f"- connection {edge} {status}")
    out.append("")

    node_before = {c.key.name: c.status for c in summary.components if c.status in ("removed", "changed")}
    node_after = {c.key.name: c.status for c in summary.components if c.status in ("added", "changed")}
    edges_before = {(e.source, e.target, e.name): s for s, e in summary.connections if s == "removed"}
    edges_after = {(e.source, e.target, e.name): s for s, e in summary.connections if s == "added"}
    out += ["<details open><summary>Application graph, before and after</summary>", "",
            mermaid.render(summary.graph_before, node_before, edges_before, "before"), "",
            mermaid.render(summary.graph_after, node_after, edges_after, "after"
                           + (" (estimated: no plan file)" if summary.graph_after_estimated else "")),
            "", "</details>", ""]
    warned = [d for d in summary.diagnostics if d.severity == "warning"]
    if warned:
        out += [f"<details><summary>Diagnostics: {len(warned)} warning{'s' if len(warned) != 1 else ''}</summary>", ""]
        out += _diagnostics(warned) + ["", "</details>", ""]
    out += [f"<details><summary>Resource-level steps ({len(summary.steps)})</summary>", ""]
    table = _steps_table(summary)
    if max_rows is not None and len(summary.steps) > max_rows:
        table = table[:2 + max_rows] + ["", f"… and {len(summary.steps) - max_rows} more steps: run `pulumi preview` "
                                            "for all of them."]
    out += table if summary.steps else ["No resource changes."]
    out += ["", "</details>", ""]
    return "\n".join(out)
