"""`runtimes.<kind>` blocks checked against their kind's schema whatever kind deploys.

A kind applies only its own block, so without this a typo in `runtimes.ecs` would pass
unnoticed on kubernetes and fail only when the program first deploys to ECS. Each block
is checked by its own kind's punch-through checks (`KindDeclaration.runtime_checks`: the
same functions that run when that kind deploys, minus what depends on the environment,
such as a workload profile the ACA environment declares). A kind whose block is a model of
its own (`runtime_model`) needs none: the block is checked when the arguments parse. A check
that needs the kind's SDK, where it is not installed, cannot run: the block is then left for
the day it deploys (`python -m radius_components check` installs nothing).
"""

from __future__ import annotations

from typing import Optional

from .declarations import load_reference
from .errors import RadiusValidationError, raise_all
from .model import ContainerArgs


def runtime_block_errors(label: str, args: ContainerArgs, skip: Optional[str] = None) -> list[RadiusValidationError]:
    """The errors of every non-empty `runtimes.<kind>` block other than `skip`'s."""
    from .platforms import ordered_kinds

    errors: list[RadiusValidationError] = []
    for kind, declaration in ordered_kinds().items():
        if kind == skip or declaration.runtime_checks is None or not getattr(args.runtimes, kind, None):
            continue
        try:
            errors.extend(load_reference(declaration.runtime_checks)(label, args))
        except ImportError:
            continue  # the check needs the kind's SDK, which is not installed
        except (AttributeError, TypeError, KeyError, ValueError) as exc:
            if isinstance(exc, RadiusValidationError):
                raise
            # A kind's check met a shape it did not expect (a list where it reads a mapping):
            # the block is wrong, and the user is told so with the kind in the path, not with
            # a Python error from inside the check.
            errors.append(RadiusValidationError(
                label, f"runtimes.{kind}", getattr(args.runtimes, kind),
                f"this block has a shape the {kind} kind does not take ({type(exc).__name__}: {exc})",
                f"give the fields as docs/kinds/{kind}.md shows them (mappings and lists as in the kind's schema)"))
    return errors


def check_runtime_blocks(label: str, args: ContainerArgs, skip: Optional[str] = None) -> None:
    """Raise every error of the other kinds' `runtimes` blocks at once."""
    raise_all(runtime_block_errors(label, args, skip))
