"""The compute settings each kind's own tests use, by kind: what a test runs on every kind with.
Importing this installs every kind's provider answers (each kind's helper module does)."""

from __future__ import annotations

from typing import Any, Callable

import radius_components as rad
from tests.helpers import aca, aci, cloudrun, ecs

COMPUTE: dict[str, Callable[[], Any]] = {
    "kubernetes": lambda: rad.KubernetesCompute(namespace="prod"),
    "aci": aci.aci_compute,
    "aca": aca.aca_compute,
    "ecs": ecs.ecs_compute,
    "cloudrun": cloudrun.compute,
}
