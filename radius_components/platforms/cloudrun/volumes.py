"""A container's volumes on Cloud Run, as template pieces (the platform registers the grants).

- `ephemeral` volumes are in-memory `empty_dir`s (Cloud Run instances have no disk: `disk` is
  refused), sized by `size_limit` (EmptyDirVolumeSource.sizeLimit); they count against the
  container's memory limit.
- `persistent` volumes are the Volume's Cloud Storage bucket mounted with Cloud Storage FUSE
  (`gcs: {bucket, read_only}`), which needs the second generation execution environment
  (cloud.google.com/run/docs/configuring/services/cloud-storage-volume-mounts: "Cloud Storage
  volume mounts ... require the second generation execution environment"), and a role for the
  service account on that bucket: `roles/storage.objectViewer` to read, `roles/storage.objectUser`
  (read, create, overwrite and delete objects; no bucket or IAM administration) to write.
"""

from __future__ import annotations

from typing import Any

OBJECT_VIEWER = "roles/storage.objectViewer"
OBJECT_USER = "roles/storage.objectUser"


def bucket_role(permission: str) -> str:
    return OBJECT_VIEWER if permission == "read" else OBJECT_USER


def template_volume(name: str, volume: Any) -> dict[str, Any]:
    if volume.kind == "persistent":
        # The Volume's `resource` is its bucket's name, the recipe's or an existing one (manual).
        return {"name": name, "gcs": {"bucket": volume.source.resource,
                                      "read_only": volume.permission == "read"}}
    empty_dir: dict[str, Any] = {"medium": "MEMORY"}
    if volume.size_limit is not None:
        empty_dir["size_limit"] = volume.size_limit
    return {"name": name, "empty_dir": empty_dir}


def mounts_storage(args: Any) -> bool:
    return any(v.kind == "persistent" for v in args.container.volumes.values())
