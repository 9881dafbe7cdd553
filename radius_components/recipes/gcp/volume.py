"""Default Volume recipe on Cloud Run: a Cloud Storage bucket, mounted with Cloud Storage FUSE.

Cloud Run has no block or file volumes of its own besides NFS (Filestore, which needs Direct VPC
egress and a Filestore instance of at least 1 TiB); a Cloud Storage volume mount
(cloud.google.com/run/docs/configuring/services/cloud-storage-volume-mounts) is the managed,
serverless one, so this recipe makes a bucket:

- in the environment's region, uniform bucket-level access (no object ACLs: access is IAM only),
  public access prevention `enforced` (no allUsers/allAuthenticatedUsers grant can be added);
- a soft delete policy of 7 days: deleted objects (and the bucket itself) stay restorable;
- `force_destroy` off: a bucket that still holds objects is never deleted by `pulumi destroy`;
- `protect`ed and `retain_on_delete` while the environment protects stateful resources.

Cloud Storage is elastic (`size_gib` is no limit) and mounted by many instances at once, so
every access mode is served. A mount is not a POSIX file system: no file locking, and concurrent
writers to one object are last-writer-wins (the Cloud Run page above, "Limitations"). Each
mounting container's service account gets a role on this bucket only (the cloudrun kind):
`roles/storage.objectViewer` to read, `roles/storage.objectUser` to write.

The bucket name is global to Cloud Storage: a hash of the project, environment, application and
volume keeps two stacks apart.
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from ...names import dns_label, short_hash
from ...platforms.cloudrun.names import keep_name
from .. import RecipeContext, RecipeResult

SOFT_DELETE_SECONDS = 7 * 24 * 3600


def bucket_name(project: str, region: str, environment: str, app: str, volume: str) -> str:
    """3-63 lowercase letters, digits and '-', starting and ending with a letter or digit;
    unique across Cloud Storage (a hash of where it belongs, the region included: one
    environment in two regions of a project gets two buckets, review R-GCP-6/R-GCP-3).

    Deterministic on purpose: a bucket retained by a destroy (protect_stateful) is found again
    under the same name. The next `up` of that stack then fails with 409 "you already own this
    bucket" until it is adopted: `pulumi import gcp:storage/bucket:Bucket <logical name>
    <project>/<bucket>` (docs/resources/volume.md); a name new with each stack would leave the
    data behind instead."""
    base = dns_label(app, volume, max_length=50) or "volume"
    return f"{base}-{short_hash(f'{project}/{region}/{environment}/{app}/{volume}', 12)}"


def volume_recipe(ctx: RecipeContext) -> RecipeResult:
    platform = ctx.platform
    app = dns_label(ctx.application.resource_name) or ctx.application.resource_name
    resource = dns_label(ctx.resource_name) or ctx.resource_name
    labels = {"managed-by": "radius-components", "radapp-application": app, "radapp-resource": resource}
    name = pulumi.Output.from_input(platform.project).apply(
        lambda project: bucket_name(project, platform.region, ctx.environment.resource_name,
                                    ctx.application.resource_name, ctx.resource_name))
    bucket = gcp.storage.Bucket(
        ctx.name("bucket"), name=name, project=platform.project, location=platform.region,
        uniform_bucket_level_access=True, public_access_prevention="enforced", force_destroy=False,
        soft_delete_policy={"retention_duration_seconds": SOFT_DELETE_SECONDS},
        labels={k: labels[k] for k in sorted(labels)},
        # A bucket from before the region was in the name keeps it (and its data): platforms/cloudrun/names.keep_name.
        opts=pulumi.ResourceOptions.merge(
            platform.child_options(ctx.resource, protect=ctx.protect, retain_on_delete=ctx.protect), keep_name("name")))
    return RecipeResult(values={"resource": bucket.name}, resources=[bucket],
                        outputs={"bucket": bucket.name, "bucket_url": bucket.url})


volume_recipe.parameters = ()  # type: ignore[attr-defined]
