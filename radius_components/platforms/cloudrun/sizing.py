"""Cloud Run CPU and memory limits, and the quantity maths that checks a container against them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from ...errors import MISSING, RadiusValidationError
from ...model import ContainerArgs
from ...quantities import is_quantity, parse_quantity

# CPU and memory (cloud.google.com/run/docs/configuring/services/cpu and .../memory-limits):
#  - CPU below 1 is any value from 0.08 in steps of 0.001; above 1 only 1, 2, 4, 6, 8.
#  - 4 CPU needs at least 2 GiB; 6 and 8 CPU need at least 4 GiB.
#  - more than 4/8/16/24 GiB needs at least 2/4/6/8 CPU; at most 32 GiB.
#  - below 1 CPU: more than 512 MiB needs 0.5 CPU, more than 1 GiB needs 1 CPU, and the
#    revision must use concurrency 1, request-based billing and the first generation.
#  - memory at least 128 MiB (first generation) or 512 MiB (second generation).
CPU_MIN = Decimal("0.08")
CPU_WHOLE = (1, 2, 4, 6, 8)
MIB = 1024 * 1024
GIB = 1024 * MIB
MEMORY_MAX = 32 * GIB
MEMORY_MIN_GEN1 = 128 * MIB
MEMORY_MIN_GEN2 = 512 * MIB
MEMORY_NEEDS_CPU = ((24 * GIB, 8), (16 * GIB, 6), (8 * GIB, 4), (4 * GIB, 2))
CPU_NEEDS_MEMORY = {4: 2 * GIB, 6: 4 * GIB, 8: 4 * GIB}
# Cloud Run's default limits: 1 CPU ("By default, each Cloud Run instance is allocated 1 CPU",
# .../configuring/services/cpu) and 512 MiB (.../configuring/services/memory-limits).
DEFAULT_CPU = Decimal(1)
DEFAULT_MEMORY = 512 * MIB
DEFAULT_CPU_LIMIT, DEFAULT_MEMORY_LIMIT = "1", "512Mi"


# ---------------------------------------------------------------------------------------
# Quantities


def quantity(text: str) -> Optional[Decimal]:
    return parse_quantity(text) if is_quantity(text) else None


def _show_bytes(n: Decimal | int) -> str:
    n = int(n)
    return f"{n // GIB}Gi" if n % GIB == 0 else f"{n // MIB}Mi" if n % MIB == 0 else f"{n} bytes"


@dataclass(frozen=True)
class Sizing:
    cpu: Optional[str]  # the quantity string as given, for limits
    memory: Optional[str]
    cpu_value: Decimal
    memory_bytes: int
    cpu_field: str
    memory_field: str

    @property
    def fractional(self) -> bool:
        return self.cpu_value < 1


def sizing(args: ContainerArgs) -> Sizing:
    """Cloud Run gives an instance exactly its limit: limits win, requests fill in."""
    res = args.container.resources
    cpu, cpu_field = (res.requests.cpu, "container.resources.requests.cpu") if res.requests.cpu and not res.limits.cpu \
        else (res.limits.cpu, "container.resources.limits.cpu")
    memory, memory_field = (res.requests.memory, "container.resources.requests.memory") \
        if res.requests.memory and not res.limits.memory else (res.limits.memory, "container.resources.limits.memory")
    cpu_value = quantity(cpu) if cpu else DEFAULT_CPU
    memory_value = quantity(memory) if memory else Decimal(DEFAULT_MEMORY)
    return Sizing(cpu, memory, cpu_value if cpu_value is not None else DEFAULT_CPU,
                  int(memory_value if memory_value is not None else DEFAULT_MEMORY), cpu_field, memory_field)


def check_sizing(label: str, s: Sizing, generation: Optional[str], concurrency: Any, cpu_idle: Any) -> list[RadiusValidationError]:
    errors: list[RadiusValidationError] = []
    cpu, mem = s.cpu_value, s.memory_bytes
    if cpu < CPU_MIN:
        errors.append(RadiusValidationError(label, s.cpu_field, s.cpu, "Cloud Run's smallest CPU limit is 0.08",
                                            "use at least '0.08' (or '80m')"))
    elif cpu < 1 and (cpu * 1000) != int(cpu * 1000):
        errors.append(RadiusValidationError(label, s.cpu_field, s.cpu, "CPU below 1 goes in steps of 0.001",
                                            "round to three decimals, e.g. '0.25'"))
    elif cpu > 1 and cpu not in [Decimal(c) for c in CPU_WHOLE]:
        errors.append(RadiusValidationError(label, s.cpu_field, s.cpu, "Cloud Run offers 1, 2, 4, 6 or 8 CPU above 1",
                                            f"use one of {list(CPU_WHOLE)}"))
    if mem > MEMORY_MAX:
        errors.append(RadiusValidationError(label, s.memory_field, s.memory, "Cloud Run's largest memory limit is 32Gi",
                                            "use at most '32Gi'"))
    minimum = MEMORY_MIN_GEN2 if generation == "EXECUTION_ENVIRONMENT_GEN2" else MEMORY_MIN_GEN1
    if mem < minimum:
        errors.append(RadiusValidationError(label, s.memory_field, s.memory,
                                            f"below Cloud Run's minimum of {_show_bytes(minimum)}"
                                            + (" for the second generation" if minimum == MEMORY_MIN_GEN2 else ""),
                                            f"use at least '{_show_bytes(minimum)}'"))
    for threshold, needed in MEMORY_NEEDS_CPU:
        if mem > threshold and cpu < needed:
            errors.append(RadiusValidationError(label, s.memory_field, s.memory or MISSING,
                                                f"more than {_show_bytes(threshold)} needs at least {needed} CPU (CPU is {cpu})",
                                                f"set {s.cpu_field.replace('requests', 'limits')} to '{needed}' or more, or use less memory"))
            break
    whole = int(cpu) if cpu == int(cpu) else None
    if whole in CPU_NEEDS_MEMORY and mem < CPU_NEEDS_MEMORY[whole]:
        errors.append(RadiusValidationError(label, s.memory_field, s.memory or MISSING,
                                            f"{whole} CPU needs at least {_show_bytes(CPU_NEEDS_MEMORY[whole])} of memory"
                                            + ("" if s.memory else " (Cloud Run's default is 512Mi)"),
                                            f"set {s.memory_field.replace('requests', 'limits')} to '{_show_bytes(CPU_NEEDS_MEMORY[whole])}' or more"))
    if cpu < 1:
        if mem > GIB:
            errors.append(RadiusValidationError(label, s.memory_field, s.memory, "more than 1Gi needs at least 1 CPU",
                                                "use 1 CPU or more, or at most '1Gi'"))
        elif mem > 512 * MIB and cpu < Decimal("0.5"):
            errors.append(RadiusValidationError(label, s.memory_field, s.memory, "more than 512Mi needs at least 0.5 CPU",
                                                "use 0.5 CPU or more, or at most '512Mi'"))
        if generation == "EXECUTION_ENVIRONMENT_GEN2":
            errors.append(RadiusValidationError(label, "runtimes.cloudrun.execution_environment", generation,
                                                "CPU below 1 runs only in the first generation execution environment",
                                                "remove execution_environment (it is set to GEN1), or use 1 CPU or more"))
        if concurrency not in (None, 1):
            errors.append(RadiusValidationError(label, "runtimes.cloudrun.max_instance_request_concurrency", concurrency,
                                                "CPU below 1 requires a concurrency of 1",
                                                "remove it (it is set to 1), or use 1 CPU or more"))
        if cpu_idle is False:
            errors.append(RadiusValidationError(label, "runtimes.cloudrun.containers[].resources.cpu_idle", cpu_idle,
                                                "CPU below 1 requires request-based billing (cpu_idle true)",
                                                "remove cpu_idle, or use 1 CPU or more"))
    return errors
