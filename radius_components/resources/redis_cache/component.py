"""`RedisCache`: a portable Redis, provisioned by a recipe or supplied by the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Optional, Union

import pulumi

from ...application import Application
from ..recipe_resource import RecipeResource
from .declaration import TYPE

if TYPE_CHECKING:  # pragma: no cover
    from ...model import RecipeRef
    from ...model.typed import RecipeDict


class RedisCache(RecipeResource):
    """A Redis cache, provisioned by the environment's recipe or an existing one.

    :param name: the Pulumi name, unique among RedisCaches in the stack.
    :param application: the `Application` it belongs to.
    :param resource_provisioning: `recipe` (default: the environment's recipe creates it)
        or `manual` (an existing Redis: give `host`, `port` and the credentials).
    :param recipe: `{"name": ..., "parameters": {...}}`: which of the environment's recipes
        provisions it (default `default`) and its parameters (see the kind's README section).
    :param host: (manual) the Redis host name.
    :param port: (manual) its port; TLS is assumed on 6380 unless `tls` says otherwise.
    :param username: (manual) the ACL user, if any.
    :param tls: (manual) whether clients connect with TLS.
    :param password: (manual) the password; it travels only as a secret.
    :param opts: Pulumi resource options.

    Outputs: `host`, `port`, `username`, `tls`, `tls_ca_cert` (the PEM CA a client must
    trust when the server's certificate is not publicly trusted; else ""), and the Pulumi
    secrets `password`, `url`, `connection_string`. `recipe_outputs` holds what the recipe
    returned besides (e.g. `arn` on ecs), `native_resources` the resources it created.
    """

    declaration = TYPE

    # The outputs, one per declared connection field (tests/features check them against TYPE).
    host: pulumi.Output[str]
    port: pulumi.Output[int]
    username: pulumi.Output[str]
    tls: pulumi.Output[bool]
    tls_ca_cert: pulumi.Output[str]
    password: pulumi.Output[str]
    url: pulumi.Output[str]
    connection_string: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        application: Application,
        resource_provisioning: Literal["recipe", "manual"] = "recipe",
        recipe: Optional[Union["RecipeRef", "RecipeDict"]] = None,
        host: Optional[pulumi.Input[str]] = None,
        port: Optional[pulumi.Input[int]] = None,
        username: Optional[pulumi.Input[str]] = None,
        tls: Optional[pulumi.Input[bool]] = None,
        password: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        self._declare(name, application, {"resource_provisioning": resource_provisioning},
                      {"recipe": recipe, "host": host, "port": port, "username": username, "tls": tls,
                       "password": password}, opts)
