"""`SqlDatabase`: a portable relational database, provisioned by a recipe or supplied by the user.

Radius's `Applications.Datastores/sqlDatabases`. The engine (PostgreSQL by default) decides
the connection string and URL forms; the connection contract is Radius's: DATABASE, SERVER,
PORT, USERNAME as values, PASSWORD and CONNECTIONSTRING (and URL) as secrets, plus TLS and,
when the server's certificate chains to a private CA, TLSCACERT.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional
from urllib.parse import quote

import pulumi

from .application import Application
from .arguments import parse_component_arguments
from .claims import Claim, claim_names
from .component import RadiusComponent
from .connections import ConnectionValue
from .errors import RadiusValidationError
from .model import SqlDatabaseArgs
from .model.data import SQL_DEFAULT_PORTS
from .provisioning import provision, require, shared_connection_values
from .recipes import check_parameters, resolve_recipe

_URL_SCHEMES = {"postgresql": "postgresql", "mysql": "mysql", "sqlserver": "sqlserver"}


def _libpq_quote(value: Any) -> str:
    """A libpq keyword/value: single-quoted when empty or with spaces/quotes/backslashes
    ("To write an empty value, or a value containing spaces, surround it with single quotes
    ... Single quotes and backslashes within a value must be escaped with a backslash",
    postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-KEYWORD-VALUE)."""
    text = str(value)
    if text and not any(c in text for c in " '\\\t\n"):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_connection_string(engine: str, server: str, port: Any, database: str, username: str, password: str,
                          tls: bool) -> str:
    """The engine's native connection string: libpq keyword/value (PostgreSQL), ADO.NET
    (SQL Server, as Radius writes it), MySQL Connector key=value."""
    if engine == "postgresql":
        parts = [("host", server), ("port", port), ("dbname", database), ("user", username)]
        if password:
            parts.append(("password", password))
        parts.append(("sslmode", "require" if tls else "prefer"))
        return " ".join(f"{k}={_libpq_quote(v)}" for k, v in parts)
    if engine == "sqlserver":
        return (f"Data Source=tcp:{server},{port};Initial Catalog={database};User Id={username};"
                f"Password={password};Encrypt={'True' if tls else 'False'}")
    return (f"Server={server};Port={port};Database={database};Uid={username};Pwd={password};"
            f"SslMode={'Required' if tls else 'Preferred'}")


def sql_url(engine: str, server: str, port: Any, database: str, username: str, password: str, tls: bool) -> str:
    """`<scheme>://user:password@host:port/database[?sslmode=require]`, every part percent-encoded."""
    auth = quote(str(username or ""), safe="") + (f":{quote(str(password), safe='')}" if password else "")
    host = f"{server}:{port}"
    if engine == "sqlserver":
        return f"sqlserver://{auth}@{host}?database={quote(str(database), safe='')}&encrypt={'true' if tls else 'false'}"
    query = ("?sslmode=require" if tls else "") if engine == "postgresql" else ("?ssl-mode=REQUIRED" if tls else "")
    return f"{_URL_SCHEMES[engine]}://{auth + '@' if auth else ''}{host}/{quote(str(database), safe='')}{query}"


class SqlDatabase(RadiusComponent):
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

    resource_type = "Applications.Datastores/sqlDatabases"

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
        label = f"SqlDatabase '{name}'"
        args = parse_component_arguments(
            label, application, SqlDatabaseArgs, {"resource_provisioning": resource_provisioning, "engine": engine},
            {"recipe": recipe, "server": server, "port": port, "database": database, "username": username,
             "password": password, "tls": tls, "tls_ca_cert": tls_ca_cert})
        environment = application.environment
        run_recipe = None
        if args.resource_provisioning == "recipe":
            run_recipe = resolve_recipe(label, environment, "SqlDatabase", args.recipe.name)
            parameters = dict(args.recipe.parameters)
            check_parameters(label, run_recipe, parameters)
            engine_check = getattr(run_recipe, "engines", None)
            if engine_check is not None and args.engine not in engine_check:
                raise RadiusValidationError(
                    label, "engine", args.engine,
                    f"the {environment.kind} recipe '{args.recipe.name}' provisions only {', '.join(engine_check)}",
                    "use engine='postgresql', register a recipe for this engine, or use resource_provisioning='manual'")

        self.resource_name = name
        self.application = application
        self.args = args
        self.engine = args.engine
        self.radius_qualified_type = claim_names(label, Claim("SqlDatabase", name, application.resource_name),
                                                 "radius:index:SqlDatabase", opts, environment.native_names)
        super().__init__("radius:index:SqlDatabase", name, None, opts)

        manual = {k: getattr(args, k) for k in ("server", "port", "database", "username", "password", "tls",
                                                "tls_ca_cert")}
        if manual["port"] is None:
            manual["port"] = SQL_DEFAULT_PORTS[args.engine]
        # The engine is `ctx.resource.engine` in a recipe; built-in recipes list theirs in `engines`.
        values, recipe_label = provision(self, label, "SqlDatabase", run_recipe, args.recipe, manual)
        require(values, ("server", "port", "database"), recipe_label)

        server_, port_, database_ = values["server"], values["port"], values["database"]
        username_ = values.get("username") or ""
        password_ = values.get("password")
        tls_ = values.get("tls")
        if tls_ is None:
            tls_ = False
        tls_ca_cert_ = values.get("tls_ca_cert")

        self.server = pulumi.Output.from_input(server_)
        self.port = pulumi.Output.from_input(port_)
        self.database = pulumi.Output.from_input(database_)
        self.username = pulumi.Output.from_input(username_)
        self.tls = pulumi.Output.from_input(tls_)
        self.tls_ca_cert = pulumi.Output.from_input(tls_ca_cert_ if tls_ca_cert_ is not None else "")
        self.password = pulumi.Output.secret(password_ or "")
        engine_ = args.engine
        parts = pulumi.Output.all(self.server, self.port, self.database, self.username, self.password, self.tls)
        self.connection_string = pulumi.Output.secret(parts.apply(lambda a: sql_connection_string(engine_, *a)))
        self.url = pulumi.Output.secret(parts.apply(lambda a: sql_url(engine_, *a)))
        self._connection_values = shared_connection_values(
            plain={"SERVER": server_, "PORT": port_, "DATABASE": database_, "USERNAME": username_, "TLS": tls_},
            secrets={"CONNECTIONSTRING": self.connection_string, "URL": self.url},
            tls_ca_cert=tls_ca_cert_, password=password_)
        application._add(self)
        self.register_outputs({
            "engine": engine_, "server": self.server, "port": self.port, "database": self.database,
            "username": self.username, "tls": self.tls, "tls_ca_cert": self.tls_ca_cert, "password": self.password,
            "connection_string": self.connection_string, "url": self.url,
        })

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        return dict(self._connection_values)
