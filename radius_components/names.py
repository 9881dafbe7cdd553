"""Deterministic platform names.

Every platform name is derived from application and resource names. When a name must be
shortened to fit a platform's limit, the cut part is replaced by a short hash of the full
name, so two long names that share a prefix stay distinct and the result never changes
between runs.
"""

from __future__ import annotations

import functools
import hashlib
import re

_HASH_CHARS = 8
_NOT_LABEL = re.compile(r"[^a-z0-9-]+")
_DASHES = re.compile(r"-{2,}")
_NOT_ENV = re.compile(r"[^A-Z0-9_]")


def short_hash(text: str, length: int = _HASH_CHARS) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# Pure, and asked for the same names many times while a program registers (each container's
# names are derived when it is validated, when others connect to it and when it deploys).
@functools.lru_cache(maxsize=4096)
def dns_label(*parts: str, max_length: int = 63) -> str | None:
    """A DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric).

    Returns None when the parts contain no usable character at all, so the caller can
    raise an error that names the field.
    """
    full = "-".join(p for p in parts if p)
    label = _NOT_LABEL.sub("-", full.lower())
    label = _DASHES.sub("-", label).strip("-")
    if not label:
        return None
    if len(label) > max_length:
        keep = max_length - _HASH_CHARS - 1
        label = label[:keep].rstrip("-") + "-" + short_hash(full)
    if not label[0].isalnum():
        return None
    return label


def env_name_part(text: str) -> str:
    """A property's spelling in env names (`connectionString` -> CONNECTIONSTRING with the '_'
    dropped by connections.property_key): upper-case, anything outside [A-Z0-9_] becomes '_'.
    A connection's own name is not spelled this way (radius_components.env_names)."""
    return _NOT_ENV.sub("_", text.upper())
