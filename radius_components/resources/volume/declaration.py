"""What Volume declares about itself: a portable resource type (Radius's
`Applications.Core/volumes`) that holds data, mounted by containers through a `persistent`
volume (`container.volumes.<name>.source`). It is no connection target: what a kind mounts is
the recipe's `resource` and `recipe_outputs` (platforms/<kind>/ read them)."""

from __future__ import annotations

from ...declarations import ConnectionField, ResourceTypeDeclaration
from .args import VolumeArgs

TYPE = ResourceTypeDeclaration(
    name="Volume",
    radius_type="Applications.Core/volumes",
    docs="resources/volume.md",
    component="radius_components.resources.volume.component:Volume",
    args_model=VolumeArgs,
    description="Persistent storage a container mounts (`container.volumes.<name>: {kind: persistent, source: "
                "<volume>, mountPath, permission}`), provisioned by the environment's recipe or an existing one "
                "(resourceProvisioning: manual).",
    fields=(
        ConnectionField("resource", "The native storage: a PersistentVolumeClaim's name (kubernetes, knative), "
                                    "an Azure Files share's name (aci, aca), an EFS file system ID (ecs), a Cloud "
                                    "Storage bucket's name (cloudrun)."),
    ),
    holds_data=True,
    connectable=False,
    data_resources=(  # what the built-in recipes protect (recipes/*/volume.py)
        "kubernetes:core/v1:PersistentVolumeClaim",
        "azure-native:storage:StorageAccount",
        "azure-native:storage:FileShare",
        "aws:efs/fileSystem:FileSystem",
        "gcp:storage/bucket:Bucket",
    ),
)
