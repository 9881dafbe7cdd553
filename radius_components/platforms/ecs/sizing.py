"""Fargate task sizes and the quantity maths that maps portable requests onto them.

Nothing here registers a resource or imports the AWS SDK. Limits are AWS's own, cited next to
each rule.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any, Optional

from ...errors import RadiusValidationError
from ...model import ContainerArgs

# ---------------------------------------------------------------------------------------
# Fargate task sizes. RegisterTaskDefinition `cpu`/`memory` for FARGATE: 256 -> 512, 1024,
# 2048; 512 -> 1024..4096; 1024 -> 2048..8192 (1 GB steps); 2048 -> 4096..16384 (1 GB);
# 4096 -> 8192..30720 (1 GB); 8192 -> 16384..61440 (4 GB); 16384 -> 32768..122880 (8 GB)
# (ECS API reference, RegisterTaskDefinition.memory; 8 and 16 vCPU need platform 1.4.0+).


def _steps(lo: int, hi: int, step: int) -> tuple[int, ...]:
    return tuple(range(lo, hi + 1, step))


FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: _steps(1024, 4096, 1024),
    1024: _steps(2048, 8192, 1024),
    2048: _steps(4096, 16384, 1024),
    4096: _steps(8192, 30720, 1024),
    8192: _steps(16384, 61440, 4096),
    16384: _steps(32768, 122880, 8192),
}


# ---------------------------------------------------------------------------------------
# Task size


def parse_cpu_units(value: str) -> Optional[Decimal]:
    """A Kubernetes CPU quantity ('250m', '0.5', '2') in ECS CPU units (1024 per vCPU)."""
    try:
        if value.endswith("m"):
            vcpu = Decimal(value[:-1]) / 1000
        else:
            vcpu = Decimal(value)
    except InvalidOperation:
        return None
    return vcpu * 1024


_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"": 1, "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": 10**3, "M": 10**6,
            "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}


def parse_memory_mib(value: str) -> Optional[int]:
    """A Kubernetes memory quantity ('512Mi', '1Gi', '1G') in whole MiB, rounded up."""
    match = re.match(r"^([+]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$", value)
    if not match:
        return None
    number, suffix = Decimal(match.group(1)), match.group(2) or ""
    if suffix[:1] in ("e", "E"):
        size = number * Decimal(10) ** int(suffix[1:])
    else:
        size = number * Decimal(_BINARY.get(suffix) or _DECIMAL[suffix])
    return int((size / 2**20).to_integral_value(rounding=ROUND_CEILING))


def _show_cpu(units: int) -> str:
    return f"{Decimal(units) / 1024:g}"


def task_size(label: str, args: ContainerArgs, fargate: bool) -> tuple[int, int]:
    """(cpu units, memory MiB) of the task, from the portable requests (limits if no request).

    On Fargate the pair must be one Fargate offers: a given CPU must be exactly a Fargate
    size, a given memory one of that size's values. What is not given is chosen: the
    smallest memory for the CPU, the smallest CPU for the memory, or 0.25 vCPU / 512 MiB.
    """
    res = args.container.resources
    cpu_q = res.requests.cpu or res.limits.cpu
    mem_q = res.requests.memory or res.limits.memory
    cpu_field = "container.resources.requests.cpu" if res.requests.cpu else "container.resources.limits.cpu"
    mem_field = "container.resources.requests.memory" if res.requests.memory else "container.resources.limits.memory"
    cpu: Optional[int] = None
    mem: Optional[int] = None
    if cpu_q is not None:
        units = parse_cpu_units(cpu_q)
        if units is None or units != units.to_integral_value() or units <= 0:
            raise RadiusValidationError(label, cpu_field, cpu_q, "not a whole number of ECS CPU units (1 vCPU = 1024)",
                                        "use a CPU like '0.25', '500m', '1' or '2'")
        cpu = int(units)
    if mem_q is not None:
        mem = parse_memory_mib(mem_q)
        if mem is None or mem <= 0:
            raise RadiusValidationError(label, mem_field, mem_q, "not a memory size", "use a size like '512Mi' or '2Gi'")
    if not fargate:
        # EC2 capacity: ECS takes task CPU 128..196608 units and any memory (RegisterTaskDefinition).
        return cpu or 256, mem or 512
    if cpu is not None and cpu not in FARGATE_SIZES:
        raise RadiusValidationError(label, cpu_field, cpu_q, "Fargate does not offer this task CPU",
                                    f"use one of {[_show_cpu(c) for c in FARGATE_SIZES]} vCPU")
    if cpu is None and mem is None:
        return 256, 512
    if cpu is None:
        fits = [c for c, mems in FARGATE_SIZES.items() if mem in mems]
        if not fits:
            raise RadiusValidationError(label, mem_field, mem_q, f"Fargate offers no task with {mem} MiB of memory",
                                        "use 512Mi, 1Gi, 2Gi, ... up to 120Gi in the steps Fargate offers")
        return fits[0], mem  # type: ignore[return-value]
    if mem is None:
        return cpu, FARGATE_SIZES[cpu][0]
    if mem not in FARGATE_SIZES[cpu]:
        mems = FARGATE_SIZES[cpu]
        cpus = [_show_cpu(c) for c, m in FARGATE_SIZES.items() if mem in m]
        fix = f"with {_show_cpu(cpu)} vCPU use memory from {mems[0]} to {mems[-1]} MiB in steps of {(mems[1] - mems[0]) if len(mems) > 1 else mems[0]} MiB"
        if cpus:
            fix += f", or with {mem} MiB use {' or '.join(cpus)} vCPU"
        raise RadiusValidationError(label, mem_field, mem_q,
                                    f"Fargate offers no task with {_show_cpu(cpu)} vCPU and {mem} MiB", fix)
    return cpu, mem


def check_size_override(label: str, cpu: Any, memory: Any) -> None:
    """A task cpu/memory given through runtimes.ecs.task_definition, checked like the portable one."""
    try:
        cpu_i, mem_i = int(cpu), int(memory)
    except (TypeError, ValueError):
        raise RadiusValidationError(label, "runtimes.ecs.task_definition.cpu", cpu,
                                    "task cpu and memory must be whole numbers (CPU units, MiB)",
                                    "give numbers like cpu='1024', memory='2048'") from None
    if cpu_i not in FARGATE_SIZES or mem_i not in FARGATE_SIZES[cpu_i]:
        valid = FARGATE_SIZES.get(cpu_i)
        raise RadiusValidationError(
            label, "runtimes.ecs.task_definition.memory", memory,
            f"Fargate offers no task with cpu {cpu_i} and memory {mem_i}",
            f"use memory from {valid[0]} to {valid[-1]} MiB for cpu {cpu_i}" if valid else
            f"use a cpu of {sorted(FARGATE_SIZES)}")
