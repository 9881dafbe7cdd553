"""Strategic merge of Kubernetes manifests, for `runtimes.kubernetes.base` and `.pod`.

Kubernetes merges lists of named things (containers, env, volumes, ...) item by item on a
merge key instead of replacing the list; users writing a pod patch expect exactly that, so
`{"containers": [{"name": "demo", "securityContext": {...}}]}` adds a field to our
container instead of replacing every container. Supported directives: a `null` value
deletes a key; `$patch: delete` on a list item removes the matching item; `$patch: replace`
on a mapping replaces it whole. Leaves (including Pulumi Outputs) are taken from the patch.
"""

from __future__ import annotations

import copy
from typing import Any, Optional

# Merge keys of the PodSpec/ObjectMeta/Service lists, from the Kubernetes API's
# x-kubernetes-patch-merge-key markers. Lists not named here are replaced by the patch.
MERGE_KEYS: dict[str, tuple[str, ...]] = {
    "containers": ("name",),
    "initContainers": ("name",),
    "ephemeralContainers": ("name",),
    "volumes": ("name",),
    "env": ("name",),
    "volumeMounts": ("mountPath",),
    "volumeDevices": ("devicePath",),
    # Container ports merge on containerPort; Service ports on port.
    "ports": ("containerPort", "port"),
    "imagePullSecrets": ("name",),
    "hostAliases": ("ip",),
    "topologySpreadConstraints": ("topologyKey",),
    "resourceClaims": ("name",),
    "readinessGates": ("conditionType",),
    "ownerReferences": ("uid",),
}

PATCH = "$patch"


def strategic_merge(original: Any, patch: Any, field: Optional[str] = None) -> Any:
    """Return `original` with `patch` merged in. Neither argument is modified."""
    if isinstance(patch, dict):
        if patch.get(PATCH) == "replace":
            return {k: copy.deepcopy(v) for k, v in patch.items() if k != PATCH}
        if not isinstance(original, dict):
            original = {}
        result = dict(original)
        for key, value in patch.items():
            if key == PATCH:
                continue
            if value is None:
                result.pop(key, None)
            elif key in result:
                result[key] = strategic_merge(result[key], value, key)
            else:
                result[key] = strategic_merge(None, value, key)
        return result
    if isinstance(patch, list):
        keys = MERGE_KEYS.get(field or "")
        if keys and isinstance(original, list):
            return _merge_keyed_list(original, patch, keys)
        return [strategic_merge(None, item, None) if isinstance(item, dict) else item for item in patch if not _is_delete(item)]
    return patch


def _is_delete(item: Any) -> bool:
    return isinstance(item, dict) and item.get(PATCH) == "delete"


def _key_of(item: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(item, dict):
        return None
    for key in keys:
        if key in item and isinstance(item[key], (str, int, float)):
            return (key, item[key])
    return None


def _merge_keyed_list(original: list, patch: list, keys: tuple[str, ...]) -> list:
    result = list(original)
    for item in patch:
        key = _key_of(item, keys)
        index = next((i for i, o in enumerate(result) if key is not None and _key_of(o, keys) == key), None)
        if _is_delete(item):
            if index is not None:
                result.pop(index)
            continue
        if index is None:
            result.append(strategic_merge(None, item, None))
        else:
            result[index] = strategic_merge(result[index], item, None)
    return result
