"""The first step of every component that belongs to an application: check the application,
then parse the arguments into the component's model (before anything registers)."""

from __future__ import annotations

import re
from typing import Any, Mapping, TypeVar

from .application import Application
from .errors import RadiusValidationError
from .model import parse

T = TypeVar("T")

# `<Type> '<name>'`: how every component labels itself in its messages.
_LABEL = re.compile(r"(?P<kind>[A-Za-z]+) '(?P<name>.*)'\Z", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_component_name(label_kind: str, name: Any) -> None:
    """Refuse a component name no kind can derive native names from: not a string, empty, only
    spaces, or holding a control character (a trailing newline from a file). Pulumi itself
    raises a bare TypeError for an empty name, after the component has started registering.

    `label_kind` is the component's type as its messages name it ("Container", "Environment").
    """
    label = f"{label_kind} {name!r}" if not isinstance(name, str) else f"{label_kind} '{name}'"
    fix = "give a name such as 'web' (letters, digits and '-'; each kind derives its native names from it)"
    if not isinstance(name, str):
        raise RadiusValidationError(label, "name", name, "a component's name must be a string", fix)
    if not name.strip():
        raise RadiusValidationError(label, "name", name, "a component's name must not be empty", fix)
    if _CONTROL.search(name) or name != name.strip():
        raise RadiusValidationError(label, "name", name,
                                    "a component's name must not hold a control character or surrounding spaces",
                                    "remove them (a name read from a file keeps its trailing newline: strip() it)")


def parse_component_arguments(label: str, application: Any, model: type[T], given: Mapping[str, Any],
                              optional: Mapping[str, Any], what: str = "this resource") -> T:
    """`given` is always passed to the model; an `optional` argument only when it is not None,
    so the model's own default applies (and its error names the field the user wrote)."""
    named = _LABEL.match(label)
    if named is not None:
        check_component_name(named["kind"], named["name"])
    if not isinstance(application, Application):
        raise RadiusValidationError(label, "application", application, "not an Application",
                                    f"pass the rad.Application(...) {what} belongs to")
    raw = dict(given)
    raw.update({key: value for key, value in optional.items() if value is not None})
    return parse(model, raw, label, "")
