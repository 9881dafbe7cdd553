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

from .application import Application
from .container import Container
from .environment import Environment
from .gateway import Gateway
from .errors import PlatformNotAvailableError, RadiusValidationError
from .model import AcaCompute, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute
from .recipes import RecipeContext, RecipeResult
from .redis_cache import RedisCache
from .secret_store import SecretStore
from .sql_database import SqlDatabase

__all__ = [
    "AcaCompute", "AciCompute", "Application", "CloudRunCompute", "Container", "EcsCompute",
    "Environment", "Gateway", "KubernetesCompute", "PlatformNotAvailableError", "RadiusValidationError",
    "RecipeContext", "RecipeResult", "RedisCache", "SecretStore", "SqlDatabase",
]
