"""A container with scratch space and a persistent `Volume`.

- `uploads` is a `Volume` (1 GiB, `ReadWriteOnce` unless `accessMode` says otherwise): on
  kubernetes a PersistentVolumeClaim from the cluster's default StorageClass (or the recipe's
  `storage_class`), protected and kept on delete unless `protectStateful` is false.
- `files` mounts it at /data/uploads (read-write), and a scratch directory at /scratch (in
  memory, at most 64Mi, where the kind has memory volumes); one replica, since a ReadWriteOnce
  volume attaches to one node on kubernetes.

Stack config:
  kind            kubernetes (default), or a kind that mounts Volumes (the capability matrix)
  compute         the compute settings of a cloud kind (an object)
  renderDir       kubernetes: write manifests there instead of talking to a cluster
  namespace       kubernetes: the namespace (default `files`)
  accessMode      the Volume's access mode (default ReadWriteOnce)
  storageClass    kubernetes: the StorageClass of the claim (default: the cluster's default)
  mountUploads    false: declare the Volume without mounting it (default true)
  protectStateful false for a throwaway stack (lets `pulumi destroy` delete the volume)
"""

from typing import Any, Union

import pulumi

import radius_components as rad
from radius_components.model import VolumeDict

config = pulumi.Config()
kind = config.get("kind") or "kubernetes"
compute: Union[rad.KubernetesCompute, dict[str, Any]]
if kind == "kubernetes":
    compute = rad.KubernetesCompute(namespace=config.get("namespace") or "files",
                                    render_yaml_to_directory=config.get("renderDir"),
                                    context=config.get("kubeContext"))
else:
    compute = {"kind": kind, **(config.get_object("compute") or {})}

env = rad.Environment("files", compute=compute, protect_stateful=config.get_bool("protectStateful") is not False)
app = rad.Application("files", environment=env)

storage_class = config.get("storageClass")
uploads = rad.Volume("uploads", application=app, size_gib=1,
                     access_mode=config.get("accessMode") or "ReadWriteOnce",  # type: ignore[arg-type]
                     recipe={"parameters": {"storage_class": storage_class}} if storage_class else None)

# Scratch space: in memory (at most 64Mi) where the kind has memory volumes (kubernetes; Cloud
# Run has nothing else), on the replica's disk where it has only that (aci, aca, ecs).
scratch: VolumeDict = {"kind": "ephemeral", "mount_path": "/scratch"}
if kind in ("kubernetes", "knative", "cloudrun"):
    scratch = {"kind": "ephemeral", "mount_path": "/scratch", "managed_store": "memory", "size_limit": "64Mi"}

volumes: dict[str, VolumeDict] = {"scratch": scratch}
if config.get_bool("mountUploads") is not False:  # false: the Volume exists, nothing mounts it (yet)
    volumes["uploads"] = {"kind": "persistent", "source": uploads, "mount_path": "/data/uploads", "permission": "write"}

files = rad.Container(
    "files",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"http": {"container_port": 3000}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
        "volumes": volumes,
    },
)

pulumi.export("volume", uploads.resource)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
pulumi.export("graph_mermaid", app.graph_mermaid)
