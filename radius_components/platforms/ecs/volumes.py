"""A container's volumes on ECS (Fargate): task volumes, ephemeral storage and the EFS mount's
grants, as plain data (the platform registers them).

- `ephemeral` `disk` volumes are task volumes with no host: bind mounts on the task's ephemeral
  storage (20 GiB by default, shared with the image layers). A `size_limit` is no per-volume
  limit on Fargate: their sum is added to that default in the task's `ephemeralStorage`
  (21-200 GiB: RegisterTaskDefinition EphemeralStorage.sizeInGiB).
- `persistent` volumes mount the Volume's EFS file system through its access point, with TLS and
  IAM authorization (EFSVolumeConfiguration: `transitEncryption: ENABLED`, `authorizationConfig:
  {accessPointId, iam: ENABLED}`; IAM authorization needs transit encryption).
"""

from __future__ import annotations

import math
from typing import Any, Optional

from ...errors import RadiusValidationError
from ...quantities import parse_quantity
from ...resources.volume.mounts import persistent_volumes

FARGATE_DEFAULT_EPHEMERAL_GIB = 20
FARGATE_EPHEMERAL_MIN_GIB, FARGATE_EPHEMERAL_MAX_GIB = 21, 200
GIB = 1024 ** 3
# What the recipe returns for a task to mount its file system (recipes/aws/volume.py).
EFS_OUTPUTS = ("arn", "file_system_id", "access_point_id", "access_point_arn", "security_group_id")


def _disk_limits(args: Any) -> list[tuple[str, Any]]:
    return [(name, v) for name, v in args.container.volumes.items()
            if v.kind == "ephemeral" and v.managed_store == "disk" and v.size_limit is not None]


def ephemeral_storage_gib(args: Any) -> Optional[int]:
    """The task's ephemeral storage when its scratch volumes ask for room; None: Fargate's default."""
    limits = _disk_limits(args)
    if not limits:
        return None
    wanted = sum(parse_quantity(v.size_limit) for _, v in limits)
    return max(FARGATE_EPHEMERAL_MIN_GIB, FARGATE_DEFAULT_EPHEMERAL_GIB + math.ceil(wanted / GIB))


def ephemeral_errors(label: str, args: Any) -> list[RadiusValidationError]:
    size = ephemeral_storage_gib(args)
    if size is None or size <= FARGATE_EPHEMERAL_MAX_GIB:
        return []
    name, volume = _disk_limits(args)[-1]
    return [RadiusValidationError(
        label, f"container.volumes.{name}.size_limit", volume.size_limit,
        f"the scratch volumes' size limits need {size} GiB of task ephemeral storage (their sum plus Fargate's "
        f"{FARGATE_DEFAULT_EPHEMERAL_GIB} GiB for the image); Fargate gives at most {FARGATE_EPHEMERAL_MAX_GIB}",
        "lower the size limits, or use a persistent Volume (EFS)")]


def task_volume(name: str, volume: Any) -> dict[str, Any]:
    if volume.kind != "persistent":
        return {"name": name}
    efs = volume.source.recipe_outputs
    return {"name": name, "efs_volume_configuration": {
        "file_system_id": efs["file_system_id"], "transit_encryption": "ENABLED",
        "authorization_config": {"access_point_id": efs["access_point_id"], "iam": "ENABLED"}}}


def efs_statements(args: Any) -> list[dict[str, Any]]:
    """The task role's grants on each mounted file system: ClientMount, and ClientWrite for a
    writable mount, on that file system only, and only through the Volume's access point
    (docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html: the
    `elasticfilesystem:AccessPointArn` condition key)."""
    out = []
    for i, (_, volume) in enumerate(persistent_volumes(args)):
        efs = volume.source.recipe_outputs
        actions = ["elasticfilesystem:ClientMount"]
        if volume.permission == "write":
            actions.append("elasticfilesystem:ClientWrite")
        out.append({"Sid": f"MountVolume{i}", "Effect": "Allow", "Action": actions, "Resource": efs["arn"],
                    "Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": efs["access_point_arn"]}}})
    return out
