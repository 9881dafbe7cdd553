"""One error type for bad input, so every message has the same four parts.

A user reading a failed `pulumi preview` should see which component, which field, what
value and how to fix it, without reading our code. Errors are raised before any resource
is registered, so a bad program changes nothing.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

_MAX_VALUE_CHARS = 120


class _Missing:
    def __repr__(self) -> str:
        return "(not set)"


# The value of a field that was not given at all.
MISSING: Any = _Missing()


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


class RadiusValidationError(ValueError):
    """Bad input to a radius component: names the component, field path, value and fix."""

    def __init__(self, component: str, field: str, value: Any, problem: str, fix: str):
        self.component = component
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
        super().__init__(f"{component}: {field} = {_show(value)}: {problem}. Fix: {fix}")


class RadiusValidationErrors(RadiusValidationError):
    """Several problems found in one pass; reported together so one run shows them all."""

    def __init__(self, errors: Iterable[RadiusValidationError]):
        self.errors = list(errors)
        first = self.errors[0]
        ValueError.__init__(self, "\n".join(str(e) for e in self.errors))
        self.component, self.field, self.value = first.component, first.field, first.value
        self.problem, self.fix = first.problem, first.fix


def raise_all(errors: list[RadiusValidationError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise RadiusValidationErrors(errors)


class PlatformNotAvailableError(ImportError):
    """A compute kind whose platform or cloud SDK is not installed."""


class UnknownComputeKindError(RadiusValidationError, PlatformNotAvailableError):
    """A compute kind no platform declares: bad input (a RadiusValidationError naming
    `compute.kind`), and, as before, a PlatformNotAvailableError for code that catches that."""


def collect(check: Callable[[], Any]) -> list[RadiusValidationError]:
    """Run a check that raises, and return its errors instead (one or many), so a caller can
    add its own and report everything at once."""
    try:
        check()
    except RadiusValidationError as exc:
        return list(getattr(exc, "errors", [exc]))
    return []
