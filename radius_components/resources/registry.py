"""What the rest of the library asks about the declared resource types, answered from their
declarations (`declarations.declared_resource_types()`), never from a table of its own. Each
answer is computed when asked, so a type registered later (`register_resource_type()`) is in it."""

from __future__ import annotations

from typing import Optional

from ..declarations import OutputDeclaration, ResourceTypeDeclaration, declared_resource_types


def recipe_types() -> tuple[str, ...]:
    """The types `Environment(recipes={<type>: ...})` takes."""
    return tuple(name for name, d in declared_resource_types().items() if d.takes_recipes)


def by_radius_type(radius_type: str) -> Optional[ResourceTypeDeclaration]:
    """The declaration of Radius's type `Applications.Datastores/redisCaches`; None when undeclared."""
    return next((d for d in declared_resource_types().values() if d.radius_type == radius_type), None)


def data_holding_types() -> tuple[ResourceTypeDeclaration, ...]:
    """The types whose deletion or replacement loses data."""
    return tuple(d for d in declared_resource_types().values() if d.holds_data)


def connection_targets() -> tuple[ResourceTypeDeclaration, ...]:
    """The types a container connects to (`connections.<x>.source`): those with connection fields,
    data stores first."""
    targets = [d for d in declared_resource_types().values() if d.fields and d.connectable]
    return tuple(sorted(targets, key=lambda d: not d.holds_data))


def secret_sources() -> tuple[ResourceTypeDeclaration, ...]:
    """The types an env var's `value_from.secret_ref.source` may name: those with secret fields,
    then the stores of keys."""
    with_secrets = [d for d in declared_resource_types().values() if d.secrets and not d.keyed_secrets]
    return tuple(with_secrets + [d for d in declared_resource_types().values() if d.keyed_secrets])


def declared_outputs(declaration: ResourceTypeDeclaration) -> tuple[OutputDeclaration, ...]:
    """Every output of a type's component: its declared `outputs`, then one per connection field.
    A recipe-provisioned type sets each field's output ("" when absent); another type's field is
    always set only when the field is required."""
    fields = tuple(OutputDeclaration(f.name, f.doc, component=declaration.name, secret=f.secret, type=f.type,
                                     required=declaration.takes_recipes or f.required)
                   for f in declaration.fields)
    return tuple(declaration.outputs) + fields


class RecipeTypeNames:
    """`recipe_types()` as a collection read when used (`name in ...`, `list(...)`), for a table
    that must not be fixed at import time."""

    def __contains__(self, name: object) -> bool:
        return name in recipe_types()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(recipe_types())
