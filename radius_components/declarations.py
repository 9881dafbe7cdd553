"""What a compute kind and a portable resource type declare about themselves, and the registry
that collects the declarations.

A kind (`platforms/<kind>/kind.py`) or a resource type (its own folder) declares everything the
rest of the library needs to know about it once, here in data; the registries, the capability
matrix, the portability check, the name claims, the graph, the PR summary, the grant scopes,
the provider schema and the documented outputs are derived from these declarations. Built-in
kinds and types register through the same entry point groups a third-party package uses:

    [project.entry-points."radius_components.platforms"]
    mykind = "my_package.kind:KIND"            # a KindDeclaration
    [project.entry-points."radius_components.resource_types"]
    MongoDatabase = "my_package.mongo:TYPE"    # a ResourceTypeDeclaration

A declaration imports no cloud SDK: it names the module that does (`platform`, recipes) as a
`"module:attribute"` string, loaded only when an Environment of that kind deploys.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

KIND_GROUP = "radius_components.platforms"
TYPE_GROUP = "radius_components.resource_types"


def load_reference(reference: str) -> Any:
    """Import `"package.module:attribute"` and return the attribute."""
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@dataclass(frozen=True)
class OutputDeclaration:
    """One output a kind sets on a component (`Container.task_role_arn`) or a type always has."""

    name: str
    doc: str
    component: str = "Container"  # Environment, Application, Container, Gateway, or a resource type
    secret: bool = False
    # Its schema type: "string", "integer", "boolean", "string[]" or "any" (the provider schema,
    # the typed class annotations).
    type: str = "string"
    required: bool = True  # always set (the provider schema's `required`); False: may be null


@dataclass(frozen=True)
class KindDeclaration:
    """Everything about one compute kind. The platform class itself is loaded lazily."""

    name: str  # the `compute.kind` value: "ecs"
    title: str  # for docs and reports: "AWS ECS on Fargate"
    platform: str  # "module:Class" of the Platform subclass (imports the cloud SDK)
    compute_model: type  # the pydantic model of `Environment(compute=...)`
    sample_compute: Callable[[], Any]  # a minimal valid compute, for `check` on other kinds
    extra: Optional[str] = None  # the pip extra that brings its SDK ("aws"); None: core only
    runtime_model: Optional[type] = None  # pydantic model of `runtimes.<kind>`; None: a mapping
    runtime_checks: Optional[str] = None  # "module:function(label, args) -> list[errors]"
    capabilities: Mapping[str, str] = field(default_factory=dict)  # capability row key -> cell
    claims: str = ""  # the native objects its container names claim (collision messages)
    secret_store: Optional[str] = None  # "module" implementing SecretStore on this kind
    gateway: bool = False  # has a Gateway implementation
    recipes: Mapping[str, str] = field(default_factory=dict)  # resource type -> "module:recipe"
    outputs: tuple[OutputDeclaration, ...] = ()
    docs: Optional[str] = None  # its reference page, relative to docs/
    order: int = 1000  # its place among the kinds in tables and reports (matrix columns, `check --kinds all`)
    rejects: frozenset[str] = frozenset()  # capability rows whose probe container it refuses
    mocks: Optional[str] = None  # "module" with OUTPUTS and CALLS: its providers' answers in RadiusMocks
    # The env var names its platform accepts (radius_components.env_names.EnvNameRule); None:
    # the portable rule, under which a connection keeps Radius's name exactly.
    env_names: Any = None


@dataclass(frozen=True)
class ConnectionField:
    """One connection property of a resource type (Radius's values, secrets, computed ones)."""

    name: str  # as the recipe and the model spell it: "host", "connection_string"
    doc: str
    secret: bool = False
    computed: bool = False  # derived from the others by the type, not given by a recipe
    required: bool = True  # a recipe must return it
    type: str = "string"  # "string", "integer" or "boolean": its output's type
    # When the recipe (or the user, manually) gives none: a value, or a function of the values
    # given (name -> value, each maybe an Output). A field left None has no env var and its
    # output is "".
    default: Any = None
    # A computed field: `compute(values, args)` -> its value, from the resolved values of
    # `inputs` (other fields of the type) and the component's parsed arguments.
    compute: Optional[Callable[[Mapping[str, Any], Any], Any]] = None
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourceTypeDeclaration:
    """Everything about one portable resource type."""

    name: str  # the component class name and Pulumi type `radius:index:<name>`: "RedisCache"
    radius_type: str  # Radius's resource type: "Applications.Datastores/redisCaches"
    component: str  # "module:Class" of the component
    args_model: Optional[type] = None  # its pydantic arguments model
    fields: tuple[ConnectionField, ...] = ()
    holds_data: bool = False  # deleting or replacing it loses data: PR summary warns
    # The native types that hold its data or a value that cannot be recreated (a generated
    # password): the ones its recipes `protect`. The PR summary warns when one inside a component
    # of this type is deleted or replaced, also in stacks that turned protection off (protect_stateful).
    data_resources: tuple[str, ...] = ()
    grant_scope: Optional[str] = None  # the recipe output a connection's grants are scoped to
    recipes: Mapping[str, str] = field(default_factory=dict)  # kind -> "module:recipe"
    outputs: tuple[OutputDeclaration, ...] = ()
    docs: Optional[str] = None
    description: str = ""  # one paragraph: the provider schema, generated docs
    takes_recipes: bool = True  # provisioned by a recipe (`Environment(recipes={<name>: ...})`) or manually
    # The typed class its recipes return (a `recipes.TypedRecipeResult` with one attribute per
    # field a recipe gives); None: generated from `fields` (`recipes.result_class`).
    result: Optional[type] = None
    keyed_secrets: bool = False  # a container reads its keys with env value_from.secret_ref (SecretStore)
    # A container may name it in `connections` (False: a Volume, which a container mounts instead).
    connectable: bool = True

    @property
    def values(self) -> tuple[ConnectionField, ...]:
        return tuple(f for f in self.fields if not f.secret)

    @property
    def secrets(self) -> tuple[ConnectionField, ...]:
        return tuple(f for f in self.fields if f.secret)


_kinds: dict[str, KindDeclaration] = {}
_types: dict[str, ResourceTypeDeclaration] = {}
_loaded: set[str] = set()
# Entry points that could not be imported (an older-style kind naming its Platform class, whose
# SDK is not installed): name -> (the entry point's value, the ImportError). Listed as kinds, and
# an Environment of one says which package is missing (radius_components.platforms).
_unloadable: dict[str, tuple[str, ImportError]] = {}


def _load_group(group: str, into: dict[str, Any], expected: type) -> None:
    if group in _loaded:
        return
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=group), key=lambda e: e.name):
        if entry.name in into:
            continue  # registered in code: that wins
        try:
            declared = entry.load()
        except ImportError as exc:
            if group != KIND_GROUP:
                raise
            _unloadable[entry.name] = (entry.value, exc)
            continue
        if not isinstance(declared, expected):
            declared = _adapt(entry.name, declared, expected)
        into.setdefault(entry.name, declared)
    if group == KIND_GROUP:
        _builtin(into, "platforms", "kind:KIND")
    else:
        _builtin(into, "resources", "declaration:TYPE")
    _loaded.add(group)


def _builtin(into: dict[str, Any], folder: str, reference: str) -> None:
    """The built-in kinds and types register through the entry point groups like any other; a
    checkout run without being installed (the provider plugin's fallback, scripts/) has no entry
    points, so their own folders are read instead: each `platforms/<kind>/kind.py` and
    `resources/<type>/declaration.py`."""
    import pkgutil

    parent = importlib.import_module(f"{__package__}.{folder}")
    module, _, attribute = reference.partition(":")
    for package in pkgutil.iter_modules(parent.__path__):
        name = f"{parent.__name__}.{package.name}"
        if not package.ispkg or importlib.util.find_spec(f"{name}.{module}") is None:
            continue
        declared = load_reference(f"{name}.{module}:{attribute}")
        if declared.name not in into and declared.name not in _unloadable:
            into[declared.name] = declared


def unloadable_kinds() -> Mapping[str, tuple[str, ImportError]]:
    """Kinds whose entry point could not be imported: name -> (its value, the ImportError)."""
    declared_kinds()
    return dict(_unloadable)


def _adapt(name: str, declared: Any, expected: type) -> Any:
    """A third-party entry point that names a Platform class (the group's older form)."""
    if expected is KindDeclaration and isinstance(declared, type) and hasattr(declared, "compute_model"):
        return KindDeclaration(name=name, title=name, platform=f"{declared.__module__}:{declared.__qualname__}",
                               compute_model=declared.compute_model,
                               sample_compute=getattr(declared, "sample_compute", lambda: None))
    raise TypeError(f"entry point '{name}' is a {type(declared).__name__}, not a {expected.__name__}")


def register_kind(declaration: KindDeclaration) -> None:
    """Register (or replace) a compute kind from code (tests, a program's own kind)."""
    _kinds[declaration.name] = declaration


def register_resource_type(declaration: ResourceTypeDeclaration) -> None:
    """Register (or replace) a portable resource type from code."""
    _types[declaration.name] = declaration


def declared_kinds() -> Mapping[str, KindDeclaration]:
    """Every kind: registered in code, or through the entry point group; sorted by name."""
    _load_group(KIND_GROUP, _kinds, KindDeclaration)
    return dict(sorted(_kinds.items()))


def declared_resource_types() -> Mapping[str, ResourceTypeDeclaration]:
    """Every portable resource type, sorted by name."""
    _load_group(TYPE_GROUP, _types, ResourceTypeDeclaration)
    return dict(sorted(_types.items()))
