"""Top-level arguments of a container, and the recipe reference every recipe-provisioned
resource type takes (each type's own arguments are in its folder, radius_components/resources/)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import RadiusModel, problem
from .connection import Connection
from .container import ContainerSpec
from .extensions import Extension
from .runtimes import Runtimes


class ContainerArgs(RadiusModel):
    """Everything a Container takes besides its name and application."""

    container: ContainerSpec
    """The container schema."""
    connections: dict[str, Connection] = Field(default_factory=dict)
    """Connections by name."""
    extensions: list[Extension] = Field(default_factory=list)
    """Extensions (`manualScaling`, `autoScaling`, `kubernetesMetadata`, `daprSidecar`)."""
    runtimes: Runtimes = Field(default_factory=Runtimes)
    """Per-kind punch-through blocks."""
    restart_policy: Literal["Always", "OnFailure", "Never"] = "Always"
    """`Always`, `OnFailure` or `Never`."""

    @model_validator(mode="after")
    def _one_extension_per_kind(self) -> "ContainerArgs":
        seen: set[str] = set()
        for index, extension in enumerate(self.extensions):
            if extension.kind in seen:
                raise problem("this extension kind is given twice", "merge them into one entry",
                              field=f"extensions[{index}].kind", value=extension.kind)
            seen.add(extension.kind)
        if {"manualScaling", "autoScaling"} <= seen:
            index = next(i for i, e in enumerate(self.extensions) if e.kind == "autoScaling")
            raise problem("manualScaling fixes the replica count that autoScaling would change",
                          "give one of manualScaling and autoScaling", field=f"extensions[{index}].kind",
                          value="autoScaling")
        return self

    def extension(self, kind: str) -> Any:
        return next((e for e in self.extensions if e.kind == kind), None)


class RecipeRef(RadiusModel):
    """Which environment recipe provisions a resource."""

    name: str = "default"
    """The recipe name; default `default`."""
    parameters: dict[str, Any] = Field(default_factory=dict)
    """Parameters the recipe takes (each kind's README section lists them)."""

    @model_validator(mode="after")
    def _parameter_text(self) -> "RecipeRef":
        # The built-in recipes' parameters are identifiers the cloud API matches exactly (an
        # image, a node type, an instance class, a tier, a SKU, a version): a value with
        # surrounding spaces, or a bool where a number goes, reaches the API and fails there.
        # Each recipe checks its own names and values (radius_components/recipes/); this is
        # what holds for all of them. (Control characters: radius_components.model.base.)
        for key, value in self.parameters.items():
            # (A multi-line value is a document, a PEM CA bundle for one: its newlines are its own.)
            if isinstance(value, str) and "\n" not in value.strip() and value != value.strip():
                raise problem("a recipe parameter has spaces around it", f"give {value.strip()!r}",
                              field=f"parameters.{key}", value=value)
            if isinstance(value, str) and value == "":
                raise problem("a recipe parameter is empty", "give a value, or leave the parameter out for its default",
                              field=f"parameters.{key}", value=value)
        return self
