"""The public path of `SqlDatabase` and its connection-value formatting (radius_components/resources/sql_database/)."""

from .resources.sql_database.component import SqlDatabase
from .resources.sql_database.declaration import SqlDatabaseResult
from .resources.sql_database.formatting import sql_connection_string, sql_url

__all__ = ["SqlDatabase", "SqlDatabaseResult", "sql_connection_string", "sql_url"]
