"""Every AWS name a container (and a recipe) uses, derived once, deterministically.

Nothing here registers a resource or imports the AWS SDK. Limits are AWS's own, cited next to
each rule. Recipes (recipes/aws/*) import this module, never the platform package's `__init__`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import RadiusValidationError, raise_all
from ...model import ContainerArgs
from ...names import dns_label, short_hash

# Name limits.
ECS_NAME_MAX = 255  # cluster, service, task family, container: letters, digits, '-', '_' (ECS API reference)
CLOUD_MAP_SERVICE_MAX = 63  # a DNS label: Cloud Map service names in a DNS namespace
IAM_ROLE_MAX = 64  # IAM CreateRole RoleName: [\w+=,.@-]{1,64}
SECURITY_GROUP_MAX = 255  # EC2 CreateSecurityGroup GroupName; may not start with "sg-"
LOG_GROUP_MAX = 512  # CloudWatch Logs CreateLogGroup logGroupName: [.\-_/#A-Za-z0-9]{1,512}
SECRET_NAME_MAX = 512  # Secrets Manager CreateSecret Name: letters, digits, /_+=.@-
ELASTICACHE_ID_MAX = 40  # CreateReplicationGroup ReplicationGroupId: 1-40, letter first, no '--', no trailing '-'

_ECS_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


def shorten(name: str, max_length: int, sep: str = "-") -> str:
    """`name` cut to `max_length`, the cut part replaced by a hash of the full name."""
    if len(name) <= max_length:
        return name
    digest = short_hash(name)
    return name[: max_length - len(digest) - len(sep)].rstrip("-_./") + sep + digest


def ecs_part(label: str, field: str, value: str) -> str:
    part = _ECS_CHARS.sub("-", value).strip("-_")
    part = re.sub(r"-{2,}", "-", part)
    if not part:
        raise RadiusValidationError(label, field, value, "has no letter or digit to build an AWS name from",
                                    "use a name with letters, digits, '-' or '_'")
    return part


def ecs_name(*parts: str) -> str:
    """An ECS name (service, family, container, cluster): letters, digits, '-', '_' <= 255."""
    return shorten("-".join(parts), ECS_NAME_MAX)


def iam_role_name(*parts: str) -> str:
    return shorten("-".join(parts), IAM_ROLE_MAX)


def regional_iam_role_name(base: str, region: str, role: str) -> str:
    """The name of IAM role `role` (task, exec) of `base` (`env-app-name`) for a stack in `region`.

    IAM is global to an account ("IAM is a global service": IAM user guide, and CreateRole's
    RoleName is unique in the account), while everything else an environment creates is
    regional: the same environment name deployed in two regions of one account would share
    `base` and the second `up` fails with EntityAlreadyExists. The region is what tells two such
    stacks apart (accounts do not share IAM names), so it is part of the name, cut with a hash
    to IAM's 64 characters like every other name.
    """
    return iam_role_name(base, region, role)


def elasticache_id(*parts: str) -> str:
    """A ReplicationGroupId / subnet group name: lowercase, letter first, <= 40, no '--'."""
    text = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    if not text or not text[0].isalpha():
        text = "r-" + text
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > ELASTICACHE_ID_MAX:
        text = text[: ELASTICACHE_ID_MAX - 9].rstrip("-") + "-" + short_hash("-".join(parts))
    return text


def security_group_name(*parts: str) -> str:
    name = "-".join(parts)
    if name.lower().startswith("sg-"):
        name = "radius-" + name
    return shorten(name, SECURITY_GROUP_MAX)


@dataclass(frozen=True)
class EcsNames:
    """Every AWS name one container uses; derived once, deterministically."""

    env: str
    app: str
    resource: str
    service: str  # ECS service, task definition family
    container: str  # container definition name
    discovery: str  # Cloud Map service (a DNS label)
    namespace: str  # Cloud Map namespace (DNS name)
    security_group: str
    iam_base: str  # IAM role names: regional_iam_role_name(iam_base, region, "task" | "exec")
    log_group: str
    secret: str
    volumes: dict[str, str]

    @property
    def hostname(self) -> str:
        return f"{self.discovery}.{self.namespace}"


def default_namespace(env: str) -> str:
    return f"{dns_label(env) or 'radius'}.internal"


def container_names(label: str, env: str, namespace: str, app: str, resource: str, args: ContainerArgs) -> EcsNames:
    env_p = ecs_part(label, "environment name", env)
    app_p = ecs_part(label, "application name", app)
    res_p = ecs_part(label, "name", resource)
    full = f"{env_p}-{app_p}-{res_p}"
    discovery = dns_label(app_p, res_p, max_length=CLOUD_MAP_SERVICE_MAX)
    if discovery is None or not discovery[0].isalpha():
        raise RadiusValidationError(label, "name", resource, f"'{app}-{resource}' cannot be made a DNS label for Cloud Map",
                                    "use application and container names that start with a letter")
    volumes: dict[str, str] = {}
    errors = []
    for volume_name in args.container.volumes:
        v = _ECS_CHARS.sub("-", volume_name).strip("-_")[:ECS_NAME_MAX]
        if not v or v in volumes.values():
            errors.append(RadiusValidationError(label, f"container.volumes.{volume_name}", volume_name,
                                                "cannot be made a distinct ECS volume name",
                                                "use distinct names with letters, digits, '-' or '_'"))
        volumes[volume_name] = v
    raise_all(errors)
    return EcsNames(
        env=env_p, app=app_p, resource=res_p,
        service=ecs_name(app_p, res_p),
        container=shorten(res_p, ECS_NAME_MAX),
        discovery=discovery, namespace=namespace,
        security_group=security_group_name(full),
        iam_base=full,
        log_group=shorten(f"/radius/{env_p}/{app_p}/{res_p}", LOG_GROUP_MAX),
        secret=shorten(f"radius/{env_p}/{app_p}/{res_p}", SECRET_NAME_MAX),
        volumes=volumes,
    )


@dataclass(frozen=True)
class RecipeNames:
    """The environment, application and resource name parts of one recipe-provisioned resource,
    and the tags every AWS resource of it carries."""

    env: str
    app: str
    resource: str
    tags: dict[str, str]


def recipe_names(label: str, env_name: str, app_name: str, resource_name: str) -> RecipeNames:
    return RecipeNames(
        env=ecs_part(label, "environment name", env_name), app=ecs_part(label, "application name", app_name),
        resource=ecs_part(label, "name", resource_name),
        tags={"app.kubernetes.io/managed-by": "radius-components", "radapp.io/application": app_name,
              "radapp.io/environment": env_name, "radapp.io/resource": resource_name})


def describe(text: str) -> str:
    """Only the characters EC2 accepts in security group (rule) descriptions (max 255)."""
    return re.sub(r"[^a-zA-Z0-9. _\-:/()#,@\[\]+=&;{}!$*]", "-", text)[:255]
