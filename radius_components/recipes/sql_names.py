"""Names the SqlDatabase recipes share: the default database name and the checks of names
they create (no cloud SDK here, so every recipe may import it)."""

from __future__ import annotations

import re
from typing import Any, Optional

from ..errors import RadiusValidationError

# A PostgreSQL identifier created unquoted: a lower-case letter or '_' first, then letters,
# digits and '_', at most 63 bytes (NAMEDATALEN - 1). RDS, Cloud SQL and Azure accept these.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def default_database_name(resource_name: str) -> str:
    """The SqlDatabase's name made an identifier: `orders-db` -> `orders_db`."""
    name = re.sub(r"[^a-z0-9_]", "_", resource_name.lower())
    return (name if name[:1].isalpha() else f"db_{name}")[:63]


def identifier_error(label: str, key: str, value: Any, reserved: tuple[str, ...] = ()) -> Optional[RadiusValidationError]:
    if value is None:
        return None
    if not (isinstance(value, str) and IDENTIFIER.match(value)):
        return RadiusValidationError(label, f"recipe.parameters.{key}", value,
                                     "not a PostgreSQL identifier the recipe can create",
                                     "use 1-63 lower-case letters, digits and '_', starting with a letter")
    if value in reserved:
        return RadiusValidationError(label, f"recipe.parameters.{key}", value, "reserved by the service",
                                     f"use another name than {list(reserved)}, such as 'app'")
    return None


def default_login(database: str, administrator: str) -> str:
    """The workload's own role by default: `<database>_user` (63 bytes at most), never the
    administrator's name (recipes/aws/db_login.py, recipes/gcp/db_login.py)."""
    login = f"{database[:58]}_user"
    return login if login != administrator else f"{database[:57]}_login"
