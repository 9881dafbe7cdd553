"""What every kind checks about a container's `persistent` volumes, before anything registers,
and what the kinds read about them (the mounted Volumes, how many replicas may mount one)."""

from __future__ import annotations

from typing import Any, Iterator

from ...errors import RadiusValidationError
from ...model.container import PersistentVolume


def persistent_volumes(args: Any) -> Iterator[tuple[str, PersistentVolume]]:
    """(name, volume) for each `persistent` volume of the container, in the given order."""
    for name, volume in args.container.volumes.items():
        if isinstance(volume, PersistentVolume):
            yield name, volume


def most_replicas(args: Any) -> int:
    """The most replicas that can run at once: `manualScaling.replicas`, or an autoscaling
    extension's maximum (read by name, so a scaling extension added later counts too)."""
    most = 1
    scaling = args.extension("manualScaling")
    if scaling is not None and isinstance(scaling.replicas, int):
        most = max(most, scaling.replicas)
    auto = args.extension("autoScaling")
    for field in ("max_replicas", "maxReplicas"):
        bound = getattr(auto, field, None) if auto is not None else None
        if isinstance(bound, int):
            most = max(most, bound)
    return most


def mount_errors(label: str, application: Any, args: Any) -> list[RadiusValidationError]:
    """A Volume of another application (or environment) is refused: its recipe created it for
    that application's platform objects (a claim in its namespace, a share in its storage), and
    Radius scopes a volume to one application. A `ReadOnlyMany` volume mounted for writing is
    refused: no kind can honour it."""
    errors: list[RadiusValidationError] = []
    for name, volume in persistent_volumes(args):
        where = f"container.volumes.{name}"
        source = volume.source
        owner = getattr(source, "application", None)
        if owner is not application:
            owner_name = getattr(owner, "resource_name", "?")
            errors.append(RadiusValidationError(
                label, f"{where}.source", getattr(source, "resource_name", source),
                f"the Volume belongs to application '{owner_name}', this container to "
                f"'{application.resource_name}'",
                "mount only Volumes of the container's own application (declare one there)"))
            continue
        if source.args.access_mode == "ReadOnlyMany" and volume.permission == "write":
            errors.append(RadiusValidationError(
                label, f"{where}.permission", "write",
                f"Volume '{source.resource_name}' is ReadOnlyMany: no replica may write to it",
                "set permission='read', or give the Volume access_mode='ReadWriteOnce' or 'ReadWriteMany'"))
    return errors


def read_write_once_errors(label: str, args: Any, reason: str) -> list[RadiusValidationError]:
    """A `ReadWriteOnce` volume mounted by a container that may run more than one replica: the
    kind (`reason`) attaches it to one node or replica only."""
    replicas = most_replicas(args)
    if replicas <= 1:
        return []
    return [RadiusValidationError(
        label, f"container.volumes.{name}.source", volume.source.resource_name,
        f"Volume '{volume.source.resource_name}' is ReadWriteOnce and this container may run {replicas} replicas: "
        f"{reason}",
        "give the Volume access_mode='ReadWriteMany' (or 'ReadOnlyMany' with permission='read'), or run one replica")
        for name, volume in persistent_volumes(args) if volume.source.args.access_mode == "ReadWriteOnce"]


def ephemeral_size_errors(label: str, args: Any, reason: str) -> list[RadiusValidationError]:
    """A kind whose scratch volumes have no size of their own refuses `size_limit` (`reason`)."""
    return [RadiusValidationError(label, f"container.volumes.{name}.size_limit", volume.size_limit, reason,
                                  "remove size_limit on this kind")
            for name, volume in args.container.volumes.items()
            if volume.kind == "ephemeral" and volume.size_limit is not None]


def recipe_output_errors(label: str, args: Any, needed: tuple[str, ...], kind: str) -> list[RadiusValidationError]:
    """A Volume whose recipe (a custom one, say) did not return what `kind` mounts it with."""
    errors = []
    for name, volume in persistent_volumes(args):
        outputs = getattr(volume.source, "recipe_outputs", None) or {}
        missing = [key for key in needed if key not in outputs]
        if missing:
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.source", volume.source.resource_name,
                f"the {kind} kind mounts a Volume with its recipe's outputs {list(needed)}; "
                f"Volume '{volume.source.resource_name}' has no {', '.join(missing)}",
                f"return {', '.join(missing)} in the Volume recipe's outputs (see docs/resources/volume.md)"))
    return errors
