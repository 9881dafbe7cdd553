"""Merging `runtimes.cloudrun` over the generated service, as plain data.

Keys are pulumi-gcp's snake_case names; camelCase (the API's spelling) is accepted and
converted, except inside user-keyed maps (labels, annotations, resource limits, tags), whose
keys are data. The merge rules are the shared ones (`platforms/merge.py`); these are the
lists Cloud Run names its items in.
"""

from __future__ import annotations

from typing import Any, Optional

from .. import merge as shared

# Maps whose keys are user data, not field names.
MAP_FIELDS = frozenset({"labels", "annotations", "limits", "tags"})
# Lists merged item by item on `name`.
NAMED_LISTS = frozenset({"containers", "volumes", "envs", "volume_mounts"})


def snake_keys(value: Any, parent: Optional[str] = None) -> Any:
    if parent in MAP_FIELDS:
        return value
    return shared.snake_keys(value, MAP_FIELDS)


def merge(original: Any, patch: Any, field: Optional[str] = None) -> Any:
    """`original` with `patch` merged in; neither argument is modified."""
    return shared.merge(original, patch, NAMED_LISTS, field)
