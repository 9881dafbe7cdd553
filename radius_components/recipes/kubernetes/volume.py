"""Default Volume recipe on Kubernetes (and Knative): a PersistentVolumeClaim.

The claim asks for `size_gib` GiB with the Volume's `access_mode`, from the recipe's
`storage_class` or, without one, the cluster's default StorageClass (a claim without
`storageClassName` gets the default one: kubernetes.io/docs/concepts/storage/persistent-volumes/
#class-1). Whether the class can give the access mode (most block-storage classes give only
ReadWriteOnce) is the class's: a claim it cannot satisfy stays Pending, and the Deployment that
mounts it never becomes Available.

pulumi-kubernetes waits for a claim to bind, except with a `WaitForFirstConsumer` class, where
it waits for Pending (pulumi/pulumi-kubernetes#3130), so the Deployment that is its first
consumer is created.

Data. While the environment protects stateful resources (`protect_stateful`, the default), the
claim is `protect`ed and `retain_on_delete`: removing the Volume from the program, once
unprotected, leaves the claim (and the PersistentVolume bound to it) in the cluster. What
happens to the data when the claim itself is deleted is the StorageClass's `reclaimPolicy`.
Growing `size_gib` expands the claim when the class has `allowVolumeExpansion: true`;
shrinking it is refused by the API server. A changed `storage_class` or `access_mode` replaces
the claim (pulumi-kubernetes replaces on `accessModes`/`storageClassName`, deleting first: the
name is fixed): protected, `up` stops there; unprotected, the data goes with the old claim.
"""

from __future__ import annotations

import re
from typing import Any

from ...errors import RadiusValidationError
from ...platforms.kubernetes import manifests
from ...platforms.kubernetes.objects import register
from .. import RecipeContext, RecipeResult

RESOURCE_TYPE_LABEL = "applications.core-volumes"
# A StorageClass name is a DNS subdomain (kubernetes.io/docs/concepts/overview/working-with-objects/names).
_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")


def _check(label: str, params: dict[str, Any]) -> None:
    storage_class = params.get("storage_class")
    if storage_class is not None and (not isinstance(storage_class, str) or len(storage_class) > 253
                                      or not _SUBDOMAIN.match(storage_class)):
        raise RadiusValidationError(label, "recipe.parameters.storage_class", storage_class,
                                    "not a StorageClass name", "give the name of a StorageClass of the cluster "
                                    "(lowercase letters, digits, '-' and '.')")


def volume_recipe(ctx: RecipeContext) -> RecipeResult:
    _check(f"Volume '{ctx.resource_name}'", dict(ctx.parameters))
    platform = ctx.platform
    args = ctx.resource.args  # type: ignore[attr-defined]
    # The claim goes where the pods that mount it run (a pod mounts only claims of its own
    # namespace): the application's namespace, which is the environment's unless the compute
    # gives applications their own (application_namespaces). Then it is named after the Volume,
    # as Radius names an application's objects.
    namespace = platform.app_namespace(ctx.application.resource_name)
    objects = manifests.recipe_objects(ctx.application.resource_name, ctx.resource_name, namespace,
                                       RESOURCE_TYPE_LABEL)
    if not platform.prefixed:
        objects = manifests.recipe_objects_named(objects, ctx.resource_name)
    spec: dict[str, Any] = {"accessModes": [args.access_mode],
                            "resources": {"requests": {"storage": f"{args.size_gib}Gi"}}}
    storage_class = ctx.parameters.get("storage_class")
    if storage_class:
        spec["storageClassName"] = storage_class
    claim = register({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": objects.metadata,
                      "spec": spec},
                     ctx.name("claim"),
                     platform.app_options(ctx.application, ctx.resource, protect=ctx.protect,
                                          retain_on_delete=ctx.protect))
    return RecipeResult(values={"resource": objects.name}, resources=[claim],
                        outputs={"claim_name": objects.name, "namespace": namespace})


# What the recipe takes; checked before the Volume registers anything.
volume_recipe.parameters = ("storage_class",)  # type: ignore[attr-defined]
volume_recipe.validate = _check  # type: ignore[attr-defined]
