"""Name derivation every platform shares: user-chosen keys -> distinct platform names."""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from ..errors import RadiusValidationError, raise_all


def distinct_names(label: str, field: str, keys: Iterable[str], derive: Callable[[str], Optional[str]],
                   what: str) -> dict[str, str]:
    """Map each key (a volume name, ...) to `derive(key)`, or raise one error per key that
    derives to nothing or to a name another key already took.

    `field` is the model path of the mapping (`container.volumes`); `what` names the
    platform object in the message ("Kubernetes volume name").
    """
    errors: list[RadiusValidationError] = []
    out: dict[str, str] = {}
    for key in keys:
        name = derive(key)
        if name is None or name in out.values():
            errors.append(RadiusValidationError(label, f"{field}.{key}", key, f"cannot be made a distinct {what}",
                                                "use distinct names with letters, digits and '-'"))
        else:
            out[key] = name
    raise_all(errors)
    return out
