"""`SqlDatabase`: a portable relational database, provisioned by a recipe or supplied by the user.

Radius's `Applications.Datastores/sqlDatabases`. The engine (PostgreSQL by default) decides
the connection string and URL forms; the connection contract is Radius's: DATABASE, SERVER,
PORT, USERNAME as values, PASSWORD and CONNECTIONSTRING (and URL) as secrets, plus TLS and,
when the server's certificate chains to a private CA, TLSCACERT.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

from ...application import Application
from ...errors import RadiusValidationError
from ...recipes import Recipe
from ..recipe_resource import RecipeResource
from .args import SQL_DEFAULT_PORTS
from .declaration import TYPE


class SqlDatabase(RecipeResource):
    """A SQL database. Outputs: engine, server, port, database, username, tls, tls_ca_cert
    (PEM, "" when the server's certificate is publicly trusted or TLS is off), and the secrets
    password, connection_string, url (Pulumi secrets).

    :param name: the resource's name in the application (its Pulumi name; platform names derive from it).
    :param application: the `rad.Application` it belongs to.
    :param resource_provisioning: `recipe` (default: the environment's recipe creates it) or `manual`.
    :param recipe: `{name, parameters}` of the environment's recipe to use (default: `default`).
    :param engine: `postgresql` (default; the built-in recipes), `mysql` or `sqlserver`.
    :param server: manual: the host name of the existing database.
    :param port: manual: its port (default: the engine's).
    :param database: manual: the database name.
    :param username: manual: the user name.
    :param password: manual: the password (made a Pulumi secret).
    :param tls: manual: whether clients must use TLS.
    :param tls_ca_cert: manual: the PEM CA clients must trust, when not publicly trusted.
    :param opts: Pulumi resource options for the component.
    """

    declaration = TYPE

    # The outputs: the declared `engine` and one per declared connection field (tests/features
    # check them against TYPE).
    engine: str
    server: pulumi.Output[str]
    port: pulumi.Output[int]
    database: pulumi.Output[str]
    username: pulumi.Output[str]
    tls: pulumi.Output[bool]
    tls_ca_cert: pulumi.Output[str]
    password: pulumi.Output[str]
    connection_string: pulumi.Output[str]
    url: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        application: Application,
        resource_provisioning: str = "recipe",
        recipe: Optional[Mapping[str, Any]] = None,
        engine: str = "postgresql",
        server: Any = None,
        port: Any = None,
        database: Any = None,
        username: Any = None,
        password: Any = None,
        tls: Any = None,
        tls_ca_cert: Any = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ):
        self._declare(name, application, {"resource_provisioning": resource_provisioning, "engine": engine},
                      {"recipe": recipe, "server": server, "port": port, "database": database, "username": username,
                       "password": password, "tls": tls, "tls_ca_cert": tls_ca_cert}, opts)

    def _check_arguments(self, label: str, application: Application, args: Any, run_recipe: Optional[Recipe]) -> None:
        # The engine is `ctx.resource.engine` in a recipe; built-in recipes list theirs in `engines`.
        engine_check = getattr(run_recipe, "engines", None)
        if engine_check is not None and args.engine not in engine_check:
            raise RadiusValidationError(
                label, "engine", args.engine,
                f"the {application.environment.kind} recipe '{args.recipe.name}' provisions only "
                f"{', '.join(engine_check)}",
                "use engine='postgresql', register a recipe for this engine, or use resource_provisioning='manual'")
        self.engine = args.engine

    def _manual_values(self, args: Any) -> dict[str, Any]:
        manual = super()._manual_values(args)
        if manual["port"] is None:
            manual["port"] = SQL_DEFAULT_PORTS[args.engine]
        return manual
