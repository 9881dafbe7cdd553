"""`runtimes.<kind>` blocks checked against their kind's schema whatever kind deploys.

A kind applies only its own block, so without this a typo in `runtimes.ecs` would pass
unnoticed on kubernetes and fail only when the program first deploys to ECS. Each block
is checked by its own kind's punch-through checks (the same functions that run when that
kind deploys), minus what depends on the environment (a workload profile the ACA
environment declares). A kind whose SDK is not installed cannot be checked: its block is
then left for the day it deploys (`python -m radius_components check` installs nothing).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Optional

from .errors import RadiusValidationError, raise_all
from .model import ContainerArgs


def _aci(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    checks: Any = importlib.import_module("radius_components.platforms.aci.validate")
    return list(checks._check_runtime(label, args, checks.runtime(args)))


def _aca(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    checks: Any = importlib.import_module("radius_components.platforms.aca.validate")
    from .model import AcaCompute

    # Any environment: the profile a block names is checked against the real one on aca.
    sample = AcaCompute(resource_group="check", location="check")
    errors = checks._check_runtime(label, args, checks.runtime(args), sample)
    return [e for e in errors if e.field != "runtimes.aca.workload_profile_name"]


def _ecs(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    checks: Any = importlib.import_module("radius_components.platforms.ecs.validate")
    from .model import EcsCompute

    return list(checks._check_runtime(label, args, EcsCompute(vpc_id="check", subnet_ids=["check"])))


def _cloudrun(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    checks: Any = importlib.import_module("radius_components.platforms.cloudrun.validate")
    errors: list[RadiusValidationError] = []
    try:
        runtime = checks.runtime_of(label, args)
    except RadiusValidationError as exc:
        return list(getattr(exc, "errors", [exc]))
    known, service_known = checks.template_fields(), checks.service_fields()
    for key, value in runtime.template.items():
        if checks._snake(key) not in known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.{key}", value,
                                                "not a field of a Cloud Run v2 service template",
                                                f"use one of {sorted(known)}, or 'service', 'sidecar_ports', 'invokers'"))
    for key in runtime.service:
        if checks._snake(key) not in service_known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.service.{key}", runtime.service[key],
                                                "not an argument of a Cloud Run v2 service that the platform lets you set",
                                                f"use one of {sorted(service_known)}"))
    return errors


# kubernetes needs no entry: its block is a pydantic model, checked when the args parse.
CHECKS: dict[str, Callable[[str, ContainerArgs], list[RadiusValidationError]]] = {
    "aci": _aci, "aca": _aca, "ecs": _ecs, "cloudrun": _cloudrun,
}


def runtime_block_errors(label: str, args: ContainerArgs, skip: Optional[str] = None) -> list[RadiusValidationError]:
    """The errors of every non-empty `runtimes.<kind>` block other than `skip`'s."""
    errors: list[RadiusValidationError] = []
    for kind, check in CHECKS.items():
        if kind == skip or not getattr(args.runtimes, kind):
            continue
        try:
            errors.extend(check(label, args))
        except ImportError:
            continue  # the kind's SDK is not installed: nothing to check the block against
    return errors


def check_runtime_blocks(label: str, args: ContainerArgs, skip: Optional[str] = None) -> None:
    """Raise every error of the other kinds' `runtimes` blocks at once."""
    raise_all(runtime_block_errors(label, args, skip))
