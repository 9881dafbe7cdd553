"""radius-components: Radius's application model as Pulumi components.

    import radius_components as rad
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    rad.Container("demo", application=app, container={...}, connections={"redis": {"source": db}})

Importing this package loads no cloud SDK: a platform is imported when an Environment of
its kind is created. The arguments and outputs are typed (`py.typed`; the dict spellings are
the TypedDicts of `radius_components.model`). Unit tests of a program use the mocks of
`radius_components.testing`; `python -m radius_components check PROGRAM --kinds all` runs a
program on every compute kind under them (`radius_components.check`).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what a type checker sees; at run time each name is imported on first use
    from .application import Application
    from .container import Container
    from .environment import Environment
    from .errors import PlatformNotAvailableError, RadiusValidationError
    from .gateway import Gateway
    from .model import AcaCompute, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute
    from .platforms.knative.model import KnativeCompute
    from .recipes import RecipeContext, RecipeResult
    from .redis_cache import RedisCache
    from .secret_store import SecretStore
    from .sql_database import SqlDatabase
    from .volume import Volume

# The module each public name comes from. `import radius_components` imports none of them:
# pulumi, pydantic and the models load when a program first uses a name (`rad.Environment`),
# so tools that only import the package (a CLI's --help, a test collector) do not pay for them.
_PUBLIC = {
    "Application": ".application",
    "Container": ".container",
    "Environment": ".environment",
    "Gateway": ".gateway",
    "PlatformNotAvailableError": ".errors",
    "RadiusValidationError": ".errors",
    "AcaCompute": ".model",
    "AciCompute": ".model",
    "CloudRunCompute": ".model",
    "EcsCompute": ".model",
    "KubernetesCompute": ".model",
    "KnativeCompute": ".platforms.knative.model",
    "RecipeContext": ".recipes",
    "RecipeResult": ".recipes",
    "RedisCache": ".redis_cache",
    "SecretStore": ".secret_store",
    "SqlDatabase": ".sql_database",
    "Volume": ".volume",
}

__all__ = [
    "AcaCompute", "AciCompute", "Application", "CloudRunCompute", "Container", "EcsCompute",
    "Environment", "Gateway", "KnativeCompute", "KubernetesCompute", "PlatformNotAvailableError", "RadiusValidationError",
    "RecipeContext", "RecipeResult", "RedisCache", "SecretStore", "SqlDatabase", "Volume",
]

if not TYPE_CHECKING:  # a module __getattr__ would make a type checker accept any name

    def __getattr__(name: str) -> Any:
        module = _PUBLIC.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module, __name__), name)
        elif name.isidentifier() and importlib.util.find_spec(f"{__name__}.{name}") is not None:
            # A submodule read as an attribute (`rad.model`), as when the package imported it eagerly.
            value = importlib.import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # the next read is a plain module attribute
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
