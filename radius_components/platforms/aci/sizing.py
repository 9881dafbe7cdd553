"""ACI's CPU and memory limits and defaults, and the quantity maths that maps requests onto them."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from ...quantities import GIB, parse_quantity

# Resource availability & quota limits for ACI
# (https://learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits):
# Linux container groups, standard and confidential SKUs, in a virtual network:
# "VNET Max CPU 4, VNET Max Memory (GB) 16"; hard limits "Ports per IP: 5",
# "Number of volumes per container group: 20".
MAX_CPU = Decimal(4)
MAX_MEMORY_GB = Decimal(16)
MAX_PORTS_PER_IP = 5
MAX_VOLUMES = 20
# az container create's defaults when a container requests nothing.
DEFAULT_CPU = Decimal(1)
DEFAULT_MEMORY_GB = Decimal("1.5")


def quantity(text: str) -> Decimal:
    """A Kubernetes quantity ('250m', '512Mi', '1e3') as a number."""
    return parse_quantity(text)


def cpu_cores(text: str) -> Decimal:
    # ACI takes cores as a decimal; keep two decimals, rounding up so a request never shrinks.
    return quantity(text).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def memory_gb(text: str) -> Decimal:
    # ACI's memoryInGB; Kubernetes' Gi is 2^30 bytes. Rounded up to 0.1 GB.
    return (quantity(text) / GIB).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
