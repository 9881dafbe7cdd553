"""Merging `runtimes.cloudrun` over the generated service, as plain data.

Keys are pulumi-gcp's snake_case names; camelCase (the API's spelling) is accepted and
converted, except inside user-keyed maps (labels, annotations, resource limits, tags), whose
keys are data. Lists of named things (containers, volumes, env vars, mounts) merge item by
item on `name`, so a patch can add a field to the generated container or append a sidecar;
other lists are replaced. A None value deletes the generated field.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic.alias_generators import to_snake

# Maps whose keys are user data, not field names.
MAP_FIELDS = frozenset({"labels", "annotations", "limits", "tags"})
# Lists merged item by item on `name`.
NAMED_LISTS = frozenset({"containers", "volumes", "envs", "volume_mounts"})


def snake_keys(value: Any, parent: Optional[str] = None) -> Any:
    if isinstance(value, dict):
        if parent in MAP_FIELDS:
            return dict(value)
        return {to_snake(k): snake_keys(v, to_snake(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [snake_keys(v, parent if parent not in MAP_FIELDS else None) for v in value]
    return value


def merge(original: Any, patch: Any, field: Optional[str] = None) -> Any:
    """`original` with `patch` merged in; neither argument is modified."""
    if isinstance(patch, dict):
        result = dict(original) if isinstance(original, dict) else {}
        for key, value in patch.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = merge(result.get(key), value, key)
        return result
    if isinstance(patch, list):
        if field in NAMED_LISTS and isinstance(original, list):
            result = list(original)
            for item in patch:
                name = item.get("name") if isinstance(item, dict) else None
                index = next((i for i, o in enumerate(result) if name is not None and isinstance(o, dict)
                              and o.get("name") == name), None)
                if index is None:
                    result.append(_copy(item))
                else:
                    result[index] = merge(result[index], item)
            return result
        return _copy(patch)
    return patch


def _copy(value: Any) -> Any:
    # Copies containers only: leaves (including Pulumi Outputs) are shared, never deep-copied.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
