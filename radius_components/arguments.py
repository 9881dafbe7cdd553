"""The first step of every component that belongs to an application: check the application,
then parse the arguments into the component's model (before anything registers)."""

from __future__ import annotations

from typing import Any, Mapping, TypeVar

from .application import Application
from .errors import RadiusValidationError
from .model import parse

T = TypeVar("T")


def parse_component_arguments(label: str, application: Any, model: type[T], given: Mapping[str, Any],
                              optional: Mapping[str, Any], what: str = "this resource") -> T:
    """`given` is always passed to the model; an `optional` argument only when it is not None,
    so the model's own default applies (and its error names the field the user wrote)."""
    if not isinstance(application, Application):
        raise RadiusValidationError(label, "application", application, "not an Application",
                                    f"pass the rad.Application(...) {what} belongs to")
    raw = dict(given)
    raw.update({key: value for key, value in optional.items() if value is not None})
    return parse(model, raw, label, "")
