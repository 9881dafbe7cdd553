"""The toy kind's compute model: `Environment(compute={"kind": "toy", "cluster": ...})`."""

from __future__ import annotations

from typing import Literal

from radius_components.model import RadiusModel


class ToyCompute(RadiusModel):
    """An environment on a toy cluster."""

    kind: Literal["toy"] = "toy"
    """The compute kind."""
    cluster: str
    """The toy cluster the services run on."""


class OldToyCompute(RadiusModel):
    """An environment of the older-style toy kind (registered as a Platform class)."""

    kind: Literal["oldtoy"] = "oldtoy"
    """The compute kind."""
    cluster: str = "old"
    """The toy cluster the services run on."""
