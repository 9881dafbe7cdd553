"""What SqlDatabase declares about itself: everything the rest of the library derives (the
connection values and env vars, the outputs, the recipes' typed result, the PR summary's
data-loss warning, the Azure grant scope, the provider schema)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

import pulumi

from ...declarations import ConnectionField, OutputDeclaration, ResourceTypeDeclaration
from ...recipes import TypedRecipeResult
from .args import SqlDatabaseArgs
from .formatting import sql_connection_string, sql_url

_INPUTS = ("server", "port", "database", "username", "password", "tls")


@dataclass(kw_only=True)
class SqlDatabaseResult(TypedRecipeResult):
    """What a SqlDatabase recipe returns (tests/features check it against TYPE.fields). The
    engine is the resource's (`ctx.resource.engine`); a recipe lists the ones it provisions in
    its `engines` attribute."""

    resource_type: ClassVar[str] = "SqlDatabase"
    server: pulumi.Input[str]
    port: pulumi.Input[int]
    database: pulumi.Input[str]
    username: Optional[pulumi.Input[str]] = None
    tls: Optional[pulumi.Input[bool]] = None
    tls_ca_cert: Optional[pulumi.Input[str]] = None
    password: Optional[pulumi.Input[str]] = None


def _connection_string(values: Any, args: Any) -> str:
    return sql_connection_string(args.engine, *(values[name] for name in _INPUTS))


def _url(values: Any, args: Any) -> str:
    return sql_url(args.engine, *(values[name] for name in _INPUTS))


TYPE = ResourceTypeDeclaration(
    name="SqlDatabase",
    radius_type="Applications.Datastores/sqlDatabases",
    docs="resources/sql-database.md",
    component="radius_components.resources.sql_database.component:SqlDatabase",
    args_model=SqlDatabaseArgs,
    description="A SQL database, provisioned by the environment's recipe or supplied by the user "
                "(resourceProvisioning: manual).",
    fields=(
        ConnectionField("server", "The server's host name."),
        ConnectionField("port", "Its port.", type="integer"),
        ConnectionField("database", "The database name."),
        ConnectionField("username", "The user name.", required=False, default=""),
        ConnectionField("tls", "Whether clients must use TLS.", required=False, type="boolean", default=False),
        ConnectionField("tls_ca_cert", "The PEM CA a client must trust, or ''.", required=False),
        ConnectionField("password", "The password.", secret=True, required=False),
        ConnectionField("connection_string", "The engine's native connection string (libpq keyword/value, "
                        "ADO.NET, MySQL Connector).", secret=True, computed=True, compute=_connection_string,
                        inputs=_INPUTS),
        ConnectionField("url", "`<scheme>://user:password@host:port/database`, every part percent-encoded.",
                        secret=True, computed=True, compute=_url, inputs=_INPUTS),
    ),
    outputs=(OutputDeclaration("engine", "The database engine: postgresql, mysql or sqlserver.",
                               component="SqlDatabase"),),
    holds_data=True,
    data_resources=(  # what the built-in recipes protect (recipes/*/postgres.py)
        "random:index/randomPassword:RandomPassword",  # its generated password
        "kubernetes:apps/v1:StatefulSet",
        "kubernetes:core/v1:PersistentVolumeClaim",
        "aws:rds/instance:Instance",
        "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:sql/database:Database",
        "azure-native:dbforpostgresql:Server",
        "azure-native:dbforpostgresql:Database",
    ),
    grant_scope="azure_resource_id",
    result=SqlDatabaseResult,
)
