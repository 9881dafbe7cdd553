"""Default Volume recipe on ECS (Fargate): an Amazon EFS file system.

- The file system is encrypted at rest (`encrypted`, the AWS-managed key), elastic throughput,
  general purpose; EFS grows as it fills, so `size_gib` is not a limit here. Every access mode is
  served: EFS is mounted by many tasks at once.
- One access point per Volume: every mount goes through it as one POSIX user (`posix_uid`,
  `posix_gid`, default 1000) into its own root directory (`/data`, created owned by that user,
  mode 0755), so a task sees only that directory, whatever user its image runs as.
- A mount target in each of the environment's subnets (EFS allows one per Availability Zone:
  give subnets in distinct zones), behind a security group of the volume's own that admits NFS
  (TCP 2049) only from the security groups of the containers that mount it (the ecs kind adds
  one ingress rule per mounting container), and nothing else.
- Tasks mount with TLS (`transitEncryption: ENABLED`) and IAM authorization through the access
  point: the task role gets `elasticfilesystem:ClientMount` (and `ClientWrite` for
  `permission: write`) on this file system only, with the condition that the mount goes through
  its access point (`elasticfilesystem:AccessPointArn`). See the ecs platform.

Data kept on delete: the file system is `protect`ed and `retain_on_delete` while the environment
protects stateful resources, and automatic backups are on (`BackupPolicy` ENABLED: AWS Backup's
default EFS plan, daily, recovery points kept 35 days, which outlive the file system).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from ...errors import RadiusValidationError
from ...platforms.ecs.names import describe, recipe_names, security_group_name
from .. import RecipeContext, RecipeResult

NFS_PORT = 2049
ROOT_DIRECTORY = "/data"
DEFAULT_POSIX_ID = 1000


def _check(label: str, params: dict[str, Any]) -> None:
    for key in ("posix_uid", "posix_gid"):
        value = params.get(key, DEFAULT_POSIX_ID)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 4294967295:
            raise RadiusValidationError(label, f"recipe.parameters.{key}", value, "not a POSIX user or group id",
                                        "give an integer from 0 to 4294967295")


def volume_recipe(ctx: RecipeContext) -> RecipeResult:
    label = f"Volume '{ctx.resource_name}'"
    params = dict(ctx.parameters)
    _check(label, params)
    platform, compute = ctx.platform, ctx.compute
    names = recipe_names(label, ctx.environment.resource_name, ctx.application.resource_name, ctx.resource_name)
    env, app, res, tags = names.env, names.app, names.resource, names.tags
    opts = platform.child_options(ctx.resource)
    uid, gid = params.get("posix_uid", DEFAULT_POSIX_ID), params.get("posix_gid", DEFAULT_POSIX_ID)

    file_system = aws.efs.FileSystem(
        ctx.name("file-system"), creation_token=f"radius-{env}-{app}-{res}"[:64], encrypted=True,
        performance_mode="generalPurpose", throughput_mode="elastic",
        tags={**tags, "Name": f"{env}-{app}-{res}"},
        opts=platform.child_options(ctx.resource, protect=ctx.protect, retain_on_delete=ctx.protect))
    backup = aws.efs.BackupPolicy(ctx.name("backup-policy"), file_system_id=file_system.id,
                                  backup_policy={"status": "ENABLED"}, opts=opts)
    security_group = aws.ec2.SecurityGroup(
        ctx.name("sg"), name=security_group_name(env, app, res, "efs"), vpc_id=compute.vpc_id,
        description=describe(f"EFS of volume {app}/{res}. NFS only from the containers that mount it"),
        revoke_rules_on_delete=True, tags=tags, opts=opts)
    targets = [aws.efs.MountTarget(ctx.name(f"mount-target-{i}"), file_system_id=file_system.id, subnet_id=subnet,
                                   security_groups=[security_group.id], opts=opts)
               for i, subnet in enumerate(compute.subnet_ids)]
    access_point = aws.efs.AccessPoint(
        ctx.name("access-point"), file_system_id=file_system.id,
        posix_user={"uid": uid, "gid": gid},
        root_directory={"path": ROOT_DIRECTORY,
                        "creation_info": {"owner_uid": uid, "owner_gid": gid, "permissions": "755"}},
        tags=tags, opts=opts)
    return RecipeResult(
        values={"resource": file_system.id},
        resources=[file_system, backup, security_group, *targets, access_point],
        outputs={"arn": file_system.arn, "file_system_id": file_system.id, "access_point_id": access_point.id,
                 "access_point_arn": access_point.arn, "security_group_id": security_group.id, "port": NFS_PORT,
                 # The tasks mount once the mount targets exist (their ids as inputs make them wait).
                 "mount_target_ids": [t.id for t in targets]},
    )


# What the recipe takes; checked before the Volume registers anything.
volume_recipe.parameters = ("posix_uid", "posix_gid")  # type: ignore[attr-defined]
volume_recipe.validate = _check  # type: ignore[attr-defined]
