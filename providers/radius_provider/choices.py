"""Unions of the model, spelled as one optional property per member in the schema.

Why: Pulumi's statically typed SDK generators cannot type a union. Go's generator
(pkg/codegen/go/gen.go `inputType`: "TODO(pdg): union types", `return "pulumi.Input"`) gives
`Compute pulumi.Input` and `Extensions []interface{}` for the `oneOf`s the model's unions
translate to, so a Go user gets no completion and no type check exactly at the central inputs.
So the schema has no `oneOf`: a union field becomes one optional property per member
(`Environment.kubernetes`, `Connection.sourceRedisCache`, an extension's `manualScaling`), each
typed, and the provider puts the one the program set back into the model's field (`compute`,
`source`, the extension itself) before the component sees it.

A `Split` is that record: the schema side (schema.py) writes it while it builds the types, the
provider side (reshape.py) reads it to rebuild the model's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Choice:
    """One member of a union, as its own optional property."""

    prop: str
    """The schema property (`kubernetes`, `sourceRedisCache`, `manualScaling`)."""
    discriminator: Optional[tuple[str, str]] = None
    """(`kind`, `kubernetes`): the discriminator the member's value gets back, since the
    property name already says it and the member type does not carry it in the schema."""
    urn_of: Optional[str] = None
    """A component type (`Container`): the value is the URN of one of this program, which the
    provider resolves to the component (schema.py `break_self_references` says why not a reference)."""


@dataclass(frozen=True)
class Split:
    """A model field (or a whole union-typed object) spelled as exclusive optional properties."""

    field: Optional[str]
    """The model field the chosen member's value goes to; None: the object holding the
    choices is itself the union's value (an `extensions` item)."""
    choices: tuple[Choice, ...]
    required: bool
    """The model field is required: exactly one choice must be set (else at most one)."""

    def names(self) -> str:
        props = [c.prop for c in self.choices]
        return ", ".join(props[:-1]) + f" or {props[-1]}" if len(props) > 1 else props[0]
