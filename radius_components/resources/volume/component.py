"""`Volume`: persistent storage a container mounts, provisioned by a recipe or supplied by the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import pulumi

from ...application import Application
from ...errors import RadiusValidationError, raise_all
from ..recipe_resource import RecipeResource
from .declaration import TYPE

if TYPE_CHECKING:  # pragma: no cover
    from ...model import RecipeRef
    from ...model.typed import RecipeDict
    from ...recipes import Recipe


class Volume(RecipeResource):
    """Persistent storage, created by the environment's recipe or an existing one, that a
    container mounts: `container={"volumes": {"data": {"kind": "persistent", "source": volume,
    "mount_path": "/data", "permission": "write"}}}`.

    :param name: the Pulumi name, unique among Volumes in the stack.
    :param application: the `Application` it belongs to (only its containers mount it).
    :param size_gib: its size in GiB (default 1): a claim's request, a share's quota (EFS and
        Cloud Storage are elastic and ignore it).
    :param access_mode: `ReadWriteOnce` (default), `ReadWriteMany` or `ReadOnlyMany`.
    :param resource_provisioning: `recipe` (default) or `manual` (an existing volume: `resource`).
    :param recipe: `{"name": ..., "parameters": {...}}`: which recipe creates it and its parameters
        (`storage_class` on kubernetes; see docs/resources/volume.md).
    :param resource: (manual) the existing storage in the kind's terms (a claim name on kubernetes).
    :param opts: Pulumi resource options.

    Its data is protected like a database's (`Environment(protect_stateful=...)`): `protect` and
    `retain_on_delete` while protected, so removing it from the program keeps the data.

    Outputs: `resource` (the claim, share, file system or bucket), `recipe_outputs` (the details
    a kind mounts it with), `native_resources`.
    """

    declaration = TYPE

    resource: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        application: Application,
        size_gib: Optional[int] = None,
        access_mode: Optional[Literal["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"]] = None,
        resource_provisioning: Literal["recipe", "manual"] = "recipe",
        recipe: Optional[Union["RecipeRef", "RecipeDict"]] = None,
        resource: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        self._declare(name, application, {"resource_provisioning": resource_provisioning},
                      {"size_gib": size_gib, "access_mode": access_mode, "recipe": recipe, "resource": resource},
                      opts)

    def connection_values(self) -> dict[str, Any]:
        raise RadiusValidationError(
            f"Volume '{self.resource_name}'", "connections", self.resource_name,
            "a Volume is mounted, not connected to",
            "mount it: container.volumes.<name> = {kind: 'persistent', source: <the Volume>, mount_path: ...}")

    def _check_arguments(self, label: str, application: Application, args: Any,
                         run_recipe: Optional["Recipe"]) -> None:
        # A kind that cannot mount an existing volume says so before anything registers.
        manual = getattr(application.environment.platform, "manual_volume_problem", None)
        if args.resource_provisioning == "manual" and manual is not None:
            found = manual()
            if found is not None:
                raise_all([RadiusValidationError(label, "resource_provisioning", "manual", *found)])
