"""Application-level summaries of `pulumi preview` for pull requests.

    pulumi preview --json --save-plan plan.json > preview.json
    python -m radius_components.diff preview.json --plan plan.json > summary.md

`summarize()` groups the preview's steps by Radius component (the URN's parent chain), reads
what each change means for the application (image, env vars, secrets by name only, replicas,
rollouts, connections), and `render_markdown()` writes it as a PR comment with the application
graph before/after in Mermaid and the resource-level steps in a collapsed section.
"""

from .markdown import render as render_markdown
from .summary import Summary, summarize, summarize_files

__all__ = ["Summary", "render_markdown", "summarize", "summarize_files"]
