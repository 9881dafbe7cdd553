"""Punch-through as plain data: a user's `runtimes.<kind>` patch merged over what we generate.

Shared by the kinds whose native inputs are nested mappings (cloudrun, aca). Mappings merge
key by key and a None value deletes the generated field. Lists of named things (containers,
volumes, env vars, ...) merge item by item on `name`, so a patch can add a field to the
generated container or append a sidecar; every other list is replaced. Keys may be spelled
in snake_case or the API's camelCase; `snake_keys`/`camel_keys` bring them to the spelling
the kind's SDK uses, leaving user-keyed maps (labels, tags, ...) alone because their keys are data.
"""

from __future__ import annotations

from typing import Any, Callable, Collection, Optional

from pydantic.alias_generators import to_camel, to_snake


def _rekey(value: Any, convert: Callable[[str], str], map_fields: Collection[str], parent: Optional[str]) -> Any:
    if isinstance(value, dict):
        if parent in map_fields:
            return dict(value)
        return {convert(k): _rekey(v, convert, map_fields, convert(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rekey(v, convert, map_fields, parent if parent not in map_fields else None) for v in value]
    return value


def snake_keys(value: Any, map_fields: Collection[str] = ()) -> Any:
    return _rekey(value, to_snake, map_fields, None)


def camel_keys(value: Any, map_fields: Collection[str] = ()) -> Any:
    # Only keys with '_' change: camelCase input passes through untouched.
    return _rekey(value, lambda k: to_camel(k) if "_" in k else k, map_fields, None)


def merge(original: Any, patch: Any, named_lists: Collection[str] = (), field: Optional[str] = None) -> Any:
    """`original` with `patch` merged in; neither argument is modified."""
    if isinstance(patch, dict):
        result = dict(original) if isinstance(original, dict) else {}
        for key, value in patch.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = merge(result.get(key), value, named_lists, key)
        return result
    if isinstance(patch, list):
        if field in named_lists and isinstance(original, list):
            result = list(original)
            for item in patch:
                name = item.get("name") if isinstance(item, dict) else None
                index = next((i for i, o in enumerate(result) if name is not None and isinstance(o, dict)
                              and o.get("name") == name), None)
                if index is None:
                    result.append(_copy(item))
                else:
                    result[index] = merge(result[index], item, named_lists)
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
