"""The documented python examples, read from the pages of docs/ and run under the mocks of a kind."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program

DOCS = Path(__file__).resolve().parents[2] / "docs"


def example(name: str) -> str:
    """The ```python block after `<!-- example: name -->` in a page of docs/."""
    text = "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.rglob("*.md")))
    match = re.search(r"<!-- example: " + re.escape(name) + r" -->\s*```python\n(.*?)```", text, re.DOTALL)
    assert match, f"no page of docs/ has a '<!-- example: {name} -->' python block"
    return match.group(1)


def run_examples(kind: str, *names: str):
    def program():
        scope: dict[str, Any] = {"compute": COMPUTE[kind]()}
        for name in names:
            exec(compile(example(name), f"docs ({name} example)", "exec"), scope)

    return run_program(program)
