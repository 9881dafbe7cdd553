"""`RedisCache`: a portable Redis, provisioned by a recipe or supplied by the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import pulumi

from .claims import Claim, claim_names
from .component import RadiusComponent

from .application import Application
from .arguments import parse_component_arguments
from .connections import ConnectionValue
from .model import RedisCacheArgs
from .provisioning import provision, require, shared_connection_values
from .recipes import check_parameters, resolve_recipe

if TYPE_CHECKING:  # pragma: no cover
    from .model import RecipeRef
    from .model.typed import RecipeDict

REDIS_TLS_PORT = 6380  # Radius: TLS is on when nothing says otherwise and the port is 6380


def redis_url(host: str, port: Any, username: Optional[str], password: Optional[str], tls: bool) -> str:
    """`redis[s]://[user][:password@]host:port/0`, as Radius computes it.

    Unlike Radius, a username without a password still gets its '@' so the URL parses.
    """
    auth = (username or "") + (f":{password}" if password else "")
    return f"{'rediss' if tls else 'redis'}://{auth + '@' if auth else ''}{host}:{port}/0"


def redis_connection_string(host: str, port: Any, username: Optional[str], password: Optional[str], tls: bool) -> str:
    """StackExchange.Redis form, as Radius computes it: `host:port,abortConnect=False[,ssl=True]...`."""
    text = f"{host}:{port},abortConnect=False"
    if tls:
        text += ",ssl=True"
    if username:
        text += f",user={username}"
    if password:
        text += f",password={password}"
    return text


class RedisCache(RadiusComponent):
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

    resource_type = "Applications.Datastores/redisCaches"

    host: pulumi.Output[str]
    port: pulumi.Output[int]
    username: pulumi.Output[str]
    tls: pulumi.Output[bool]
    tls_ca_cert: pulumi.Output[str]
    password: pulumi.Output[str]
    url: pulumi.Output[str]
    connection_string: pulumi.Output[str]
    recipe_outputs: dict[str, Any]
    native_resources: list[pulumi.Resource]

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
        label = f"RedisCache '{name}'"
        args = parse_component_arguments(
            label, application, RedisCacheArgs, {"resource_provisioning": resource_provisioning},
            {"recipe": recipe, "host": host, "port": port, "username": username, "tls": tls, "password": password})
        environment = application.environment
        run_recipe = None
        if args.resource_provisioning == "recipe":
            run_recipe = resolve_recipe(label, environment, "RedisCache", args.recipe.name)
            check_parameters(label, run_recipe, args.recipe.parameters)

        self.resource_name = name
        self.application = application
        self.args = args
        self.radius_qualified_type = claim_names(label, Claim("RedisCache", name, application.resource_name),
                                                 "radius:index:RedisCache", opts, environment.native_names)
        super().__init__("radius:index:RedisCache", name, None, opts)

        values, recipe_label = provision(self, label, "RedisCache", run_recipe, args.recipe,
                                         {k: getattr(args, k) for k in ("host", "port", "username", "tls", "password")})
        require(values, ("host", "port"), recipe_label)

        host_, port_ = values["host"], values["port"]
        username_ = values.get("username") or ""
        password_ = values.get("password")
        tls_ = values.get("tls")
        if tls_ is None:
            tls_ = _apply(port_, lambda p: int(p) == REDIS_TLS_PORT)

        self.host = pulumi.Output.from_input(host_)
        self.port = pulumi.Output.from_input(port_)
        self.username = pulumi.Output.from_input(username_)
        self.tls = pulumi.Output.from_input(tls_)
        # A recipe whose server certificate chains to a private CA (Memorystore's per-instance
        # CA) returns it as `tls_ca_cert`; it is public, so it travels as a plain value.
        tls_ca_cert_ = values.get("tls_ca_cert")
        self.tls_ca_cert = pulumi.Output.from_input(tls_ca_cert_ if tls_ca_cert_ is not None else "")
        self.password = pulumi.Output.secret(password_ or "")
        parts = pulumi.Output.all(self.host, self.port, self.username, self.password, self.tls)
        self.url = pulumi.Output.secret(parts.apply(lambda a: redis_url(*a)))
        self.connection_string = pulumi.Output.secret(parts.apply(lambda a: redis_connection_string(*a)))
        self._connection_values = shared_connection_values(
            plain={"HOST": host_, "PORT": port_, "USERNAME": username_, "TLS": tls_},
            secrets={"URL": self.url, "CONNECTIONSTRING": self.connection_string},
            tls_ca_cert=tls_ca_cert_, password=password_)
        application._add(self)
        self.register_outputs({
            "host": self.host, "port": self.port, "username": self.username, "tls": self.tls,
            "tls_ca_cert": self.tls_ca_cert, "password": self.password, "url": self.url, "connection_string": self.connection_string,
        })

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        return dict(self._connection_values)


def _apply(value: Any, fn: Any) -> Any:
    return value.apply(fn) if isinstance(value, pulumi.Output) else fn(value)
