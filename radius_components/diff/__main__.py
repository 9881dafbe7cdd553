"""`python -m radius_components.diff PREVIEW_JSON [--plan PLAN_JSON]`: a PR comment in Markdown.

PREVIEW_JSON is the output of `pulumi preview --json` (`-` for stdin); PLAN_JSON the file of
`--save-plan` from the same preview, which holds the stack outputs the preview computed (the
application graph after the change). Exit status: 0, or 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Optional

from .markdown import render
from .summary import summarize


def _load(path: str):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m radius_components.diff",
                                     description="Summarise `pulumi preview --json` per Radius application resource.")
    parser.add_argument("preview", help="the output of `pulumi preview --json` (- for stdin)")
    parser.add_argument("--plan", help="the `pulumi preview --save-plan` file of the same preview (the graph after)")
    parser.add_argument("--graph-before", help="a JSON file with the application graph before (default: the "
                                               "stack's previous `graph` output, from the preview)")
    parser.add_argument("--graph-after", help="a JSON file with the application graph after (default: from --plan)")
    parser.add_argument("--graph-output", default="graph", help="the stack output holding the graph (default: graph)")
    parser.add_argument("--stack", help="the stack name in the heading (default: from the URNs)")
    parser.add_argument("--output", "-o", help="write the Markdown here instead of stdout")
    args = parser.parse_args(argv)
    try:
        summary = summarize(
            _load(args.preview), _load(args.plan) if args.plan else None, stack=args.stack,
            graph_output=args.graph_output,
            graph_before=_load(args.graph_before) if args.graph_before else None,
            graph_after=_load(args.graph_after) if args.graph_after else None)
    except (OSError, ValueError) as err:  # json.JSONDecodeError is a ValueError
        print(f"radius_components.diff: {err}", file=sys.stderr)
        return 2
    text = render(summary)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
