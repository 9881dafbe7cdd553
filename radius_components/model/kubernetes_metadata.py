"""Kubernetes label and annotation rules (apimachinery), for `kubernetesMetadata`.

The rules are k8s.io/apimachinery/pkg/util/validation (IsQualifiedName, IsValidLabelValue)
and pkg/api/validation/objectmeta.go (ValidateAnnotations, totalAnnotationSizeLimitB):

- a key is `[prefix/]name`: the name at most 63 characters, `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
  the optional prefix a DNS-1123 subdomain of at most 253 characters;
- a label value is empty or at most 63 characters of the same form as a name;
- annotation keys are qualified names (checked lower-cased, as ValidateAnnotations does), and
  all annotations together (keys and values) are at most 256 KiB.

The extension is Kubernetes' own schema, so its rules hold on every kind: a program that
passes on one kind does not fail on Kubernetes later.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from ..errors import RadiusValidationError

_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\Z")
_DNS_1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
NAME_MAX = 63
PREFIX_MAX = 253
LABEL_VALUE_MAX = 63
ANNOTATIONS_TOTAL_MAX = 256 * 1024  # totalAnnotationSizeLimitB

KEY_FIX = ("use '[prefix/]name': a name of at most 63 letters, digits, '-', '_' and '.', starting and ending "
           "with a letter or digit, and an optional prefix that is a lower-case DNS subdomain (like 'example.com/team')")


def qualified_name_problem(key: str) -> Optional[str]:
    """Why `key` is no qualified name (IsQualifiedName); None when it is one."""
    prefix, slash, name = key.rpartition("/")
    if key.count("/") > 1:
        return "a key has at most one '/' (between its prefix and its name)"
    if slash:
        if not prefix:
            return "the prefix before '/' is empty"
        if len(prefix) > PREFIX_MAX:
            return f"the prefix is {len(prefix)} characters, more than {PREFIX_MAX}"
        if not _DNS_1123_SUBDOMAIN.match(prefix):
            return "the prefix is not a lower-case DNS subdomain"
    if not name:
        return "the name is empty"
    if len(name) > NAME_MAX:
        return f"the name is {len(name)} characters, more than {NAME_MAX}"
    if not _NAME.match(name):
        return "the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
    return None


def label_value_problem(value: str) -> Optional[str]:
    """Why `value` is no label value (IsValidLabelValue); None when it is one."""
    if value == "":
        return None
    if len(value) > LABEL_VALUE_MAX:
        return f"a label value is at most {LABEL_VALUE_MAX} characters, this one {len(value)}"
    if not _NAME.match(value):
        return "a label value must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
    return None


def annotations_size(annotations: dict[str, str]) -> int:
    return sum(len(k.encode()) + len(v.encode()) for k, v in annotations.items())


def managed_key_errors(label: str, args: Any, labels: Iterable[str], annotations: Iterable[str] = (),
                       where: str = "labels") -> list[RadiusValidationError]:
    """A user label or annotation (`kubernetesMetadata`) on a key the kind sets itself would be
    overwritten without a word (the kind's own value wins, since selectors and ownership depend
    on it): refused instead, naming the key. `labels` and `annotations` are the keys the kind
    manages (each kind passes its own, from its validate.py); `where` names what labels become
    on the kind (tags, GCP labels)."""
    errors: list[RadiusValidationError] = []
    for index, extension in enumerate(getattr(args, "extensions", [])):
        if extension.kind != "kubernetesMetadata":
            continue
        for field, managed in (("labels", frozenset(labels)), ("annotations", frozenset(annotations))):
            for key in sorted(getattr(extension, field)):
                if key in managed or any(m.endswith("/*") and key.startswith(m[:-1]) for m in managed):
                    errors.append(RadiusValidationError(
                        label, f"extensions[{index}].{field}.{key}", key,
                        f"this kind sets {field if field == 'annotations' else where} '{key}' itself (it identifies "
                        "what the library manages), so yours would be silently replaced",
                        f"use another key; the keys this kind manages are {sorted(managed)}"))
    return errors
