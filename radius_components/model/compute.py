"""Environment compute: each kind's compute model lives in its own folder
(`platforms/<kind>/model.py`) and is declared by its `KindDeclaration`; the built-in ones are
re-exported here so `radius_components.model.EcsCompute` keeps its import path.

`Compute`, the discriminated union of every declared kind's compute model, is derived from
the declarations when it is first read (a kind registered later is in the next read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..platforms.aca.model import AcaCompute, AcaWorkloadProfile
from ..platforms.aci.model import AciCompute
from ..platforms.cloudrun.model import CloudRunCompute
from ..platforms.ecs.model import EcsCompute
from ..platforms.kubernetes.model import KubernetesCompute

if TYPE_CHECKING:  # pragma: no cover - a type checker sees the built-in kinds' union
    from typing import Annotated, Union

    from pydantic import Field

    Compute = Annotated[Union[KubernetesCompute, AciCompute, AcaCompute, EcsCompute, CloudRunCompute],
                        Field(discriminator="kind")]


def compute_union() -> Any:
    """`Annotated[Union[<each declared kind's compute model>], Field(discriminator="kind")]`."""
    from typing import Annotated, Union

    from pydantic import Field

    from ..platforms import ordered_kinds

    models = tuple(declaration.compute_model for declaration in ordered_kinds().values())
    return Annotated[Union[models], Field(discriminator="kind")]  # type: ignore[valid-type]


def __getattr__(name: str) -> Any:
    if name == "Compute":
        return compute_union()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AcaCompute", "AcaWorkloadProfile", "AciCompute", "CloudRunCompute", "Compute", "EcsCompute",
           "KubernetesCompute", "compute_union"]
