"""Pulumi secrets where a platform stores the value in plain text: refused, as a secret given as
a plain env value is (radius_components.connections).

Whether an Output is secret is known only when it resolves, so the refusal is an Output: the
value a platform registers waits on the check, and the check raises a RadiusValidationError
(naming the component and field, never the secret) as soon as the engine knows, in preview
too. Used for `container.command` / `container.args` and for env values in `runtimes.<kind>`
punch-through blocks.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..errors import RadiusValidationError
from ..program import check_before_registering


def refuse_secret(value: pulumi.Output, component: str, field: str, fix: str) -> pulumi.Output:
    """`value`, or a RadiusValidationError when it resolves to a Pulumi secret."""

    def check(is_secret: bool) -> bool:
        if is_secret:
            raise RadiusValidationError(
                component, field, "[secret]",
                "a Pulumi secret here would be stored in plain text in the platform's definition "
                "(a manifest, task definition or app template)", fix)
        return is_secret

    guard = pulumi.Output.from_input(value.is_secret()).apply(check)
    # The component registers only once the check has passed (radius_components.program).
    check_before_registering(guard)
    return pulumi.Output.all(guard, value).apply(lambda checked: checked[1])


def _is_env_list_key(key: Any) -> bool:
    return isinstance(key, str) and "env" in key.lower()


def guard_punch_through_env(block: Any, component: str, path: str) -> Any:
    """A copy of a punch-through block whose env entries' Output values refuse Pulumi secrets.

    An env entry is a mapping with a `value` inside a list under a key that names env vars,
    which is how every kind's schema spells them: Kubernetes `containers[].env[].value`, ECS
    `environment[].value`, Container Apps `containers[].env[].value`, ACI
    `environmentVariables[].value` (its `secureValue` is the secret one, left alone) and
    Cloud Run `envs[].value`. Each kind carries secrets by reference (secretKeyRef, `secrets`,
    secretRef, secureValue, value_source), which stays possible.
    """

    def walk(item: Any, where: str, in_env_list: bool) -> Any:
        if isinstance(item, dict):
            out = {}
            for key, child in item.items():
                child_path = f"{where}.{key}"
                if in_env_list and key == "value" and isinstance(child, pulumi.Output):
                    out[key] = refuse_secret(
                        child, component, child_path,
                        "carry it with the kind's secret reference in the same entry, or with "
                        "container.env.<NAME>.value_from.secret_ref")
                else:
                    out[key] = walk(child, child_path, False)
                    if _is_env_list_key(key) and isinstance(child, list):
                        out[key] = [walk(entry, f"{child_path}[{i}]", True) for i, entry in enumerate(child)]
            return out
        if isinstance(item, list):
            return [walk(child, f"{where}[{i}]", False) for i, child in enumerate(item)]
        return item

    return walk(block, path, False)
