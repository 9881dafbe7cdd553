"""Container Apps CPU and memory allocations: the Consumption table, Dedicated profile nodes,
and the quantity maths that maps a container's requests and limits onto them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Optional

from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...quantities import GIB, parse_quantity

CONSUMPTION = "Consumption"
# Consumption workload profile (workload profiles environments): "the total CPU and memory
# allocations requested for all the containers in a container app must add up to one of"
# 0.25 vCPU/0.5Gi, 0.5/1.0Gi, ... 4.0/8.0Gi, in steps of 0.25 vCPU with twice as many Gi
# (Containers in Azure Container Apps, "allocations":
# https://learn.microsoft.com/azure/container-apps/containers#allocations).
CPU_STEP = Decimal("0.25")
MAX_CONSUMPTION_CPU = Decimal(4)
# An existing environment may be Consumption-only (v1), where apps get at most 2 vCPU /
# 4Gi, and a workload-profiles one rejects more than 2 vCPU from an app that names no
# profile; without a profile name, apps in an existing environment stay within 2 vCPU.
EXISTING_DEFAULT = "existing environment's default"
MAX_EXISTING_DEFAULT_CPU = Decimal(2)
# The API takes cpu and memory (Gi) "to no more than 2 decimal places".
PRECISION = Decimal("0.01")
# `az containerapp create`'s default when a container asks for nothing.
DEFAULT_CPU = Decimal("0.5")
# Dedicated profile sizes (Workload profiles in Azure Container Apps, profile types):
# D<n> general purpose has n vCPU and 4n GiB, E<n> memory optimized n vCPU and 8n GiB. The
# GPU types (NC..., Consumption-GPU-...) are checked by Azure.
_DEDICATED = re.compile(r"^(D|E)(4|8|16|32)$")


# ---------------------------------------------------------------------------------------
# CPU and memory


@dataclass(frozen=True)
class Sizing:
    cpu: Decimal  # vCPU
    memory_gi: Decimal

    @property
    def memory(self) -> str:
        return f"{self.memory_gi.normalize():f}Gi"


def _node(kind: Optional[str]) -> Optional[tuple[Decimal, Decimal]]:
    """(vCPU, Gi) of one node of a Dedicated D<n>/E<n> profile; None for other kinds."""
    m = _DEDICATED.match(kind or "")
    if not m:
        return None
    cores = Decimal(m.group(2))
    return cores, cores * (4 if m.group(1) == "D" else 8)


def sizing(args: ContainerArgs, kind: Optional[str] = CONSUMPTION) -> tuple[Sizing, str, str]:
    """The container's allocation and the fields it came from.

    Container Apps gives a replica exactly what it allocates, which is also its ceiling, so
    limits win and requests fill in (as on Cloud Run). What is not given follows the
    Consumption rule of twice as many Gi as vCPU (on a Dedicated profile, at most one
    node's worth); nothing given is 0.5 vCPU / 1Gi.
    """
    res = args.container.resources
    cpu_q, cpu_field = ((res.limits.cpu, "container.resources.limits.cpu") if res.limits.cpu
                        else (res.requests.cpu, "container.resources.requests.cpu"))
    mem_q, mem_field = ((res.limits.memory, "container.resources.limits.memory") if res.limits.memory
                        else (res.requests.memory, "container.resources.requests.memory"))
    cpu = parse_quantity(cpu_q) if cpu_q else None
    mem = parse_quantity(mem_q) / GIB if mem_q else None
    if cpu is None and mem is None:
        cpu = DEFAULT_CPU
    node = _node(kind)
    if cpu is None:
        cpu = mem / 2 if node is None else min(mem / 2, node[0])  # type: ignore[operator]
        derived = "cpu"
    elif mem is None:
        mem = cpu * 2 if node is None else min(cpu * 2, node[1])
        derived = "memory"
    else:
        derived = None
    if derived and kind not in (CONSUMPTION, EXISTING_DEFAULT):
        # Off the Consumption table any allocation goes: round what we chose up to the two
        # decimals the API takes (on Consumption the table check names the nearest pair).
        if derived == "cpu":
            cpu = cpu.quantize(PRECISION, ROUND_CEILING)
        else:
            mem = mem.quantize(PRECISION, ROUND_CEILING)
    return Sizing(cpu=cpu, memory_gi=mem), (cpu_field if cpu_q else mem_field), (mem_field if mem_q else cpu_field)


def _check_sizing(label: str, args: ContainerArgs, kind: Optional[str]) -> list[RadiusValidationError]:
    size, cpu_field, mem_field = sizing(args, kind)
    res = args.container.resources
    shown = {"container.resources.limits.cpu": res.limits.cpu, "container.resources.requests.cpu": res.requests.cpu,
             "container.resources.limits.memory": res.limits.memory,
             "container.resources.requests.memory": res.requests.memory}
    if size.cpu <= 0 or size.memory_gi <= 0:
        field = cpu_field if size.cpu <= 0 else mem_field
        return [RadiusValidationError(label, field, shown.get(field), "must be more than zero", "give a positive quantity")]
    if kind in (CONSUMPTION, EXISTING_DEFAULT):
        top = MAX_CONSUMPTION_CPU if kind == CONSUMPTION else MAX_EXISTING_DEFAULT_CPU
        valid_cpu = size.cpu % CPU_STEP == 0 and size.cpu <= top
        if not valid_cpu or size.memory_gi != size.cpu * 2:
            near = min(max((size.cpu / CPU_STEP).to_integral_value() * CPU_STEP, CPU_STEP), top)
            field = cpu_field if not valid_cpu else mem_field
            offers = (f"an allocation the Consumption workload profile offers (0.25 to {top} vCPU in steps of 0.25, "
                      "with twice as many Gi of memory)")
            if kind == EXISTING_DEFAULT:
                offers += ("; in an existing environment an app that names no workload profile stays within 2 vCPU, "
                           "which a Consumption-only environment allows")
            return [RadiusValidationError(
                label, field, shown.get(field), f"{size.cpu.normalize():f} vCPU with {size.memory} memory is not {offers}",
                f"use a pair such as cpu '{near.normalize():f}' with memory '{(near * 2).normalize():f}Gi', or run on a "
                "Dedicated workload profile (runtimes.aca.workload_profile_name)")]
        return []
    for value, field, unit in ((size.cpu, cpu_field, "vCPU"), (size.memory_gi, mem_field, "Gi")):
        if value % PRECISION != 0:
            return [RadiusValidationError(
                label, field, shown.get(field),
                f"{value.normalize():f} {unit}: Container Apps takes cpu and memory (in Gi) with at most two decimals",
                f"round it, e.g. to {value.quantize(PRECISION).normalize():f}{'Gi' if unit == 'Gi' else ''}")]
    node = _node(kind)
    if node is not None:
        cores, max_mem = node
        if size.cpu > cores:
            return [RadiusValidationError(label, cpu_field, shown.get(cpu_field),
                                          f"more than a {kind} workload profile node has ({cores} vCPU)",
                                          f"give at most {cores} vCPU, or use a larger profile")]
        if size.memory_gi > max_mem:
            return [RadiusValidationError(label, mem_field, shown.get(mem_field),
                                          f"more than a {kind} workload profile node has ({max_mem}Gi)",
                                          f"give at most {max_mem}Gi, or use a larger profile")]
    return []
