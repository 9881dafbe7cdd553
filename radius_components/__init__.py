"""radius-components: Radius's application model as Pulumi components.

    import radius_components as rad
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    rad.Container("demo", application=app, container={...}, connections={"redis": {"source": db}})

Importing this package loads no cloud SDK: a platform is imported when an Environment of
its kind is created.
"""

from .application import Application
from .container import Container
from .environment import Environment
from .errors import PlatformNotAvailableError, RadiusValidationError
from .model import AcaCompute, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute
from .recipes import RecipeContext, RecipeResult
from .redis_cache import RedisCache
from .secret_store import SecretStore
from .sql_database import SqlDatabase

__all__ = [
    "AcaCompute", "AciCompute", "Application", "CloudRunCompute", "Container", "EcsCompute",
    "Environment", "KubernetesCompute", "PlatformNotAvailableError", "RadiusValidationError",
    "RecipeContext", "RecipeResult", "RedisCache", "SecretStore", "SqlDatabase",
]
