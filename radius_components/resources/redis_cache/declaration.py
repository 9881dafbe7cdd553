"""What RedisCache declares about itself: everything the rest of the library derives (the
connection values and env vars, the outputs, the recipes' typed result, the PR summary's
data-loss warning, the Azure grant scope, the provider schema)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

import pulumi

from ...declarations import ConnectionField, ResourceTypeDeclaration
from ...recipes import TypedRecipeResult
from .args import RedisCacheArgs
from .formatting import redis_connection_string, redis_url, tls_by_port

_URL_INPUTS = ("host", "port", "username", "password", "tls")


@dataclass(kw_only=True)
class RedisCacheResult(TypedRecipeResult):
    """What a RedisCache recipe returns (tests/features check it against TYPE.fields)."""

    resource_type: ClassVar[str] = "RedisCache"
    host: pulumi.Input[str]
    port: pulumi.Input[int]
    username: Optional[pulumi.Input[str]] = None
    tls: Optional[pulumi.Input[bool]] = None
    tls_ca_cert: Optional[pulumi.Input[str]] = None
    password: Optional[pulumi.Input[str]] = None


def _url(values: Any, args: Any) -> str:
    return redis_url(*(values[name] for name in _URL_INPUTS))


def _connection_string(values: Any, args: Any) -> str:
    return redis_connection_string(*(values[name] for name in _URL_INPUTS))


TYPE = ResourceTypeDeclaration(
    name="RedisCache",
    radius_type="Applications.Datastores/redisCaches",
    docs="resources/redis-cache.md",
    component="radius_components.resources.redis_cache.component:RedisCache",
    args_model=RedisCacheArgs,
    description="A Redis cache, provisioned by the environment's recipe or supplied by the user "
                "(resourceProvisioning: manual).",
    fields=(
        ConnectionField("host", "The Redis host name."),
        ConnectionField("port", "Its port.", type="integer"),
        ConnectionField("username", "The ACL user; \"\" when there is none.", required=False, default=""),
        ConnectionField("tls", "Whether clients connect with TLS (default: on for port 6380).", required=False,
                        type="boolean", default=tls_by_port),
        ConnectionField("tls_ca_cert", "The PEM CA a client must trust, or ''.", required=False),
        ConnectionField("password", "The password, or \"\" when there is none.", secret=True, required=False),
        ConnectionField("url", "`redis[s]://[user][:password@]host:port/0`.", secret=True, computed=True,
                        compute=_url, inputs=_URL_INPUTS),
        ConnectionField("connection_string", "The StackExchange.Redis form: `host:port,abortConnect=False,...`.",
                        secret=True, computed=True, compute=_connection_string, inputs=_URL_INPUTS),
    ),
    holds_data=True,
    data_resources=(  # what the built-in recipes protect (recipes/*/redis.py)
        "random:index/randomPassword:RandomPassword",  # its generated password
        "kubernetes:apps/v1:Deployment",  # the Redis server (recipes/kubernetes/redis.py)
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "azure-native:redisenterprise:RedisEnterprise",
        "azure-native:redisenterprise:Database",
        "gcp:redis/instance:Instance",
    ),
    grant_scope="azure_resource_id",
    result=RedisCacheResult,
)
