"""`python -m radius_components check|diff ...`.

- `check PROGRAM --kinds all`: expand a program on each compute kind under the shipped mocks
  (radius_components.check).
- `diff PREVIEW.json [--plan plan.json]`: summarise a `pulumi preview --json` per application
  resource, as Markdown for a pull request (radius_components.diff).
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["diff"]:
        from .diff.__main__ import main as diff_main

        return diff_main(args[1:])
    from .check import main as check_main

    return check_main(args)


if __name__ == "__main__":
    sys.exit(main())
