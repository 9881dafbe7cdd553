"""The README's python examples, read from README.md and run under the mocks of a kind."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program

README = Path(__file__).resolve().parents[2] / "README.md"


def example(name: str) -> str:
    """The ```python block after `<!-- example: name -->` in README.md."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: " + re.escape(name) + r" -->\s*```python\n(.*?)```", text, re.DOTALL)
    assert match, f"README.md has no '<!-- example: {name} -->' python block"
    return match.group(1)


def run_examples(kind: str, *names: str):
    def program():
        scope: dict[str, Any] = {"compute": COMPUTE[kind]()}
        for name in names:
            exec(compile(example(name), f"README.md ({name} example)", "exec"), scope)

    return run_program(program)
