"""Kubernetes resource quantities ('250m', '512Mi', '1e3'), the syntax the portable model
uses for cpu and memory, as exact numbers. Platforms convert from here to their own units."""

from __future__ import annotations

import re
from decimal import Decimal

QUANTITY = re.compile(r"^([+]?(?:\d+(?:\.\d*)?|\.\d+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$")
GIB = Decimal(2) ** 30
_SUFFIX = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
           "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"),
           "P": Decimal("1e15"), "E": Decimal("1e18"),
           "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": GIB, "Ti": Decimal(2) ** 40,
           "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60}


def is_quantity(text: str) -> bool:
    return bool(QUANTITY.match(text))


def parse_quantity(text: str) -> Decimal:
    """The number a quantity stands for (cores for cpu, bytes for memory)."""
    m = QUANTITY.match(text)
    if not m:  # the model checks the syntax first, so this is a programming error
        raise ValueError(f"{text!r} is not a resource quantity")
    number, suffix = Decimal(m.group(1)), m.group(2) or ""
    if suffix[:1] in ("e", "E"):
        return number * (Decimal(10) ** int(suffix[1:]))
    return number * _SUFFIX[suffix]
