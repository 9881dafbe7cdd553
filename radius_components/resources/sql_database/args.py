"""The arguments of `SqlDatabase`: Radius's `Applications.Datastores/sqlDatabases`; field names
follow its schema (snake_case here, the camelCase of Bicep accepted too)."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, model_validator

from ...errors import MISSING
from ...model.base import OutputOr, RadiusModel, problem
from ...model.endpoint import HostName
from ...model.resources import RecipeRef

# Engines the portable model names. Only PostgreSQL has recipes today; the others are
# accepted by the model so a recipe registered for them (or manual mode) works, and the
# built-in recipes reject them with a clear error.
SQL_ENGINES = ("postgresql", "mysql", "sqlserver")
SQL_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "sqlserver": 1433}
# The longest database name each engine keeps: PostgreSQL NAMEDATALEN - 1 = 63 bytes (a longer
# name is silently truncated, so the client would name another database), MySQL 64 characters,
# SQL Server 128 (sysname).
DATABASE_NAME_MAX = {"postgresql": 63, "mysql": 64, "sqlserver": 128}


class SqlDatabaseArgs(RadiusModel):
    """The arguments of `rad.SqlDatabase` (Radius's `Applications.Datastores/sqlDatabases`)."""

    resource_provisioning: Literal["recipe", "manual"] = "recipe"
    """`recipe` (default): the environment's recipe creates the database; `manual`: an existing one
    given below."""
    recipe: RecipeRef = Field(default_factory=RecipeRef)
    """Which recipe (by name) and its parameters."""
    engine: Literal["postgresql", "mysql", "sqlserver"] = "postgresql"
    """The database engine; the built-in recipes create PostgreSQL."""
    server: Optional[OutputOr[HostName]] = None
    """Manual: the server's host name of the existing database."""
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    """Manual: the port (default: the engine's)."""
    database: Optional[OutputOr[str]] = None
    """Manual: the database name."""
    username: Optional[OutputOr[str]] = None
    """Manual: the user name."""
    password: Optional[OutputOr[str]] = None
    """Manual: the password (made a Pulumi secret)."""
    tls: Optional[OutputOr[bool]] = None
    """Manual: whether clients must use TLS (sslmode=require), and the PEM CA they must trust when
    the server's certificate is not publicly trusted."""
    tls_ca_cert: Optional[OutputOr[str]] = None
    """Manual: the PEM CA clients must trust, when the server's certificate is not publicly trusted."""

    @model_validator(mode="after")
    def _manual_fields(self) -> "SqlDatabaseArgs":
        manual_fields = ("server", "port", "database", "username", "password", "tls", "tls_ca_cert")
        if self.resource_provisioning == "manual":
            missing = [f for f in ("server", "database") if getattr(self, f) is None]
            if missing:
                raise problem(
                    f"resource_provisioning='manual' needs {' and '.join(missing)}",
                    f"pass {', '.join(f'{m}=...' for m in missing)} of the existing database, "
                    "or use resource_provisioning='recipe'",
                    field=missing[0], value=MISSING)
            longest = DATABASE_NAME_MAX[self.engine]
            if isinstance(self.database, str) and not 1 <= len(self.database.encode()) <= longest:
                raise problem(f"a {self.engine} database name is 1 to {longest} bytes", "give the existing database's name",
                              field="database", value=self.database)
        else:
            given = [f for f in manual_fields if getattr(self, f) is not None]
            if given:
                raise problem(
                    "only used with resource_provisioning='manual'",
                    "remove it to let the recipe provision the database, or set resource_provisioning='manual'",
                    field=given[0], value=getattr(self, given[0]))
        return self
