"""Kubernetes resource quantities ('250m', '512Mi', '1e3'), the syntax the portable model
uses for cpu and memory, as exact numbers. Platforms convert from here to their own units."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

# Full match (\Z, not $: Python's $ also matches before a trailing newline).
QUANTITY = re.compile(r"([+]?(?:\d+(?:\.\d*)?|\.\d+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?\Z")
# The largest quantity Kubernetes represents exactly: apimachinery's resource.Quantity gives
# Value() and MilliValue() as int64, and resource.MaxMilliValue = (2^63 - 1) / 1000 is the bound
# of a milli-value (k8s.io/apimachinery/pkg/api/resource/quantity.go); beyond it the int64
# readings saturate, so '8Ei' of memory or '1e40' cpu is no size any kind has (and the kinds'
# sizing arithmetic would meet it as a raw decimal error).
MAX_VALUE = Decimal(2) ** 63 - 1
MAX_MILLI_VALUE = MAX_VALUE // 1000
# An exponent this long is no quantity of a real machine, and Decimal would spend memory on it.
_MAX_EXPONENT = 30
GIB = Decimal(2) ** 30
_SUFFIX = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
           "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"),
           "P": Decimal("1e15"), "E": Decimal("1e18"),
           "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": GIB, "Ti": Decimal(2) ** 40,
           "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60}


def is_quantity(text: str) -> bool:
    return bool(QUANTITY.match(text))


def quantity_bound_problem(text: str) -> Optional[tuple[str, str]]:
    """(problem, fix) when a well-formed quantity is larger than Kubernetes represents (see
    MAX_VALUE); None when it fits."""
    m = QUANTITY.match(text)
    if m is None:
        return None
    exponent = m.group(4)
    too_large = (f"{text!r} is larger than any machine offers (Kubernetes reads a quantity's milli-value "
                 "as a 64-bit integer, so at most about 9.2e15 cores or bytes)",
                 "give the size the container needs, like '2' or '500m' cpu and '4Gi' memory")
    if exponent and abs(int(exponent[1:])) > _MAX_EXPONENT:
        return too_large
    try:
        value = parse_quantity(text)
    except (InvalidOperation, ValueError, OverflowError):
        return too_large
    if value * 1000 > MAX_VALUE:
        return too_large
    return None


def parse_quantity(text: str) -> Decimal:
    """The number a quantity stands for (cores for cpu, bytes for memory)."""
    m = QUANTITY.match(text)
    if not m:  # the model checks the syntax first, so this is a programming error
        raise ValueError(f"{text!r} is not a resource quantity")
    number, suffix, exponent = Decimal(m.group(1)), m.group(2) or "", m.group(4)
    # The exponent group, not the suffix's first letter: 'Ei' (exbibytes) starts with an E too.
    if exponent:
        return number * (Decimal(10) ** int(exponent[1:]))
    return number * _SUFFIX[suffix]
