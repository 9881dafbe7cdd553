"""The compute settings each kind's own tests use, by kind: what a test runs on every kind with.
Importing this installs every kind's provider answers (each kind's helper module does)."""

from __future__ import annotations

from typing import Any, Callable

import radius_components as rad
from tests.helpers import aca, aci, cloudrun, ecs

class _Computes(dict):  # type: ignore[type-arg]
    """A kind's test compute; a kind without one here (knative, a third party's) gets its declared
    sample compute, the one `check` uses."""

    def __missing__(self, kind: str) -> Callable[[], Any]:
        from radius_components.check import SAMPLE_COMPUTE

        return lambda: SAMPLE_COMPUTE[kind]()


COMPUTE: dict[str, Callable[[], Any]] = _Computes({
    "kubernetes": lambda: rad.KubernetesCompute(namespace="prod"),
    "aci": aci.aci_compute,
    "aca": aca.aca_compute,
    "ecs": ecs.ecs_compute,
    "cloudrun": cloudrun.compute,
})
