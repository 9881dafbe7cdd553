"""Default Volume recipe on ECS (Fargate): an Amazon EFS file system.

- The file system is encrypted at rest (`encrypted`, the AWS-managed key), elastic throughput,
  general purpose; EFS grows as it fills, so `size_gib` is not a limit here. Every access mode is
  served: EFS is mounted by many tasks at once.
- One access point per Volume: every mount goes through it as one POSIX user (`posix_uid`,
  `posix_gid`, default 1000) into its own root directory (`/data`, created owned by that user,
  mode 0755), so a task sees only that directory, whatever user its image runs as.
- A mount target in each of the environment's subnets, or the recipe's `subnet_ids` (EFS
  allows one per Availability Zone: where the environment has two subnets in one zone, give one
  subnet per zone here; tasks in the other subnets of a zone use that zone's mount target; two
  subnets of one zone are refused at preview, naming them, rather than failing the `up` midway),
  behind a security group of the volume's own that admits NFS (TCP 2049) only from the
  security groups of the containers that mount it (the ecs kind adds one ingress rule per
  mounting container), and nothing else.
- A file system policy that denies any access not over TLS or not through a mount target: any
  policy ends EFS's default, which lets every client that reaches a mount target in as root, so
  the task roles' grants are what allows.
- Tasks mount with TLS (`transitEncryption: ENABLED`) and IAM authorization through the access
  point: the task role gets `elasticfilesystem:ClientMount` (and `ClientWrite` for
  `permission: write`) on this file system only, with the condition that the mount goes through
  its access point (`elasticfilesystem:AccessPointArn`). See the ecs platform.

Data kept on delete: the file system is `protect`ed and `retain_on_delete` while the environment
protects stateful resources, and automatic backups are on (`BackupPolicy` ENABLED: AWS Backup's
default EFS plan, daily, recovery points kept 35 days, which outlive the file system).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from ...errors import RadiusValidationError
from ...platforms.ecs.names import describe, recipe_names, security_group_name
from .. import RecipeContext, RecipeResult

NFS_PORT = 2049
ROOT_DIRECTORY = "/data"
DEFAULT_POSIX_ID = 1000
CLIENT_ACTIONS = ("elasticfilesystem:ClientMount", "elasticfilesystem:ClientRootAccess", "elasticfilesystem:ClientWrite")


def file_system_policy(arn: str) -> dict[str, Any]:
    """Deny every access that is not over TLS or not through a mount target."""
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyWithoutTls", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*", "Resource": arn,
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        # Only the NFS client actions: AWS's examples use AccessedViaMountTarget with them, and
        # whether management calls (PutFileSystemPolicy, DeleteFileSystem) carry the key as false
        # is not documented; a Deny of "*" could lock the deployer out (review R-AWS-12).
        {"Sid": "DenyOutsideMountTargets", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": list(CLIENT_ACTIONS),
         "Resource": arn,
         "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "false"}}},
    ]}


def shared_zones(zones: dict[str, Any]) -> dict[str, list[str]]:
    """Availability Zone -> its subnets, for zones holding more than one (zones not known: none)."""
    by_zone: dict[str, list[str]] = {}
    for subnet, zone in zones.items():
        if zone:
            by_zone.setdefault(zone, []).append(subnet)
    return {zone: ids for zone, ids in sorted(by_zone.items()) if len(ids) > 1}


def one_per_zone(label: str, subnets: list[str], opts: pulumi.InvokeOutputOptions) -> pulumi.Output[list[str]]:
    """`subnets`, once their zones (ec2:DescribeSubnets) are known to be distinct.

    EFS takes one mount target per file system and Availability Zone ("You can create one mount
    target in each Availability Zone", docs.aws.amazon.com/efs/latest/ug/accessing-fs.html); a
    second one fails the `up` midway with MountTargetConflict (API_CreateMountTarget). The mount
    targets' logical names must be known when the program runs, and the zones are not (an
    Output), so two subnets of one zone are refused here, at preview, with the fix, rather than
    deduplicated (review R-AWS-11). An Output whose apply raises fails the run."""
    zones = pulumi.Output.all(*[aws.ec2.get_subnet_output(id=s, opts=opts).availability_zone for s in subnets])

    def check(found: list[Any]) -> list[str]:
        shared = shared_zones(dict(zip(subnets, found)))
        if shared:
            zone, ids = next(iter(shared.items()))
            raise RadiusValidationError(
                label, "recipe.parameters.subnet_ids", subnets,
                f"subnets {', '.join(ids)} are both in {zone}: EFS takes one mount target per Availability Zone "
                "(MountTargetConflict)",
                "give the recipe `subnet_ids` with one subnet per zone the tasks run in; tasks in a zone's other "
                "subnets use that zone's mount target")
        return subnets

    return zones.apply(check)


def _check(label: str, params: dict[str, Any]) -> None:
    subnets = params.get("subnet_ids")
    if subnets is not None and (not isinstance(subnets, list) or not subnets
                                or not all(isinstance(x, str) and x for x in subnets)):
        raise RadiusValidationError(label, "recipe.parameters.subnet_ids", subnets, "not a list of subnet IDs",
                                    "give one subnet per Availability Zone the tasks run in, e.g. ['subnet-0a', 'subnet-0b']")
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
        # No creation_token: the provider generates a unique one. A fixed token would make the
        # create of a stack whose earlier file system was retained (retain_on_delete), or any
        # replacement, fail with FileSystemAlreadyExists (CreateFileSystem is idempotent on it).
        ctx.name("file-system"), encrypted=True,
        performance_mode="generalPurpose", throughput_mode="elastic",
        tags={**tags, "Name": f"{env}-{app}-{res}"},
        opts=platform.child_options(ctx.resource, protect=ctx.protect, retain_on_delete=ctx.protect))
    backup = aws.efs.BackupPolicy(ctx.name("backup-policy"), file_system_id=file_system.id,
                                  backup_policy={"status": "ENABLED"}, opts=opts)
    security_group = aws.ec2.SecurityGroup(
        ctx.name("sg"), name=security_group_name(env, app, res, "efs"), vpc_id=compute.vpc_id,
        description=describe(f"EFS of volume {app}/{res}. NFS only from the containers that mount it"),
        revoke_rules_on_delete=True, tags=tags, opts=opts)
    # Named after the subnet, not its place in the list: reordering subnet_ids must not move a
    # mount target to another logical name (subnet_id forces a replacement, created before the
    # old one is deleted, and EFS refuses a second mount target in one zone: MountTargetConflict).
    subnets = list(params.get("subnet_ids") or compute.subnet_ids)
    checked = one_per_zone(label, subnets, pulumi.InvokeOutputOptions(parent=ctx.resource, provider=platform.provider))
    targets = [aws.efs.MountTarget(ctx.name(f"mount-target-{subnet}"), file_system_id=file_system.id,
                                   subnet_id=checked.apply(lambda ids, i=i: ids[i]),
                                   security_groups=[security_group.id], opts=opts)
               for i, subnet in enumerate(subnets)]
    # Without a file system policy EFS lets any client that reaches a mount target mount it
    # read-write as root ("The default EFS file system policy does not use IAM to authenticate,
    # and grants full access to any anonymous client", docs.aws.amazon.com/efs/latest/ug/
    # iam-access-control-nfs-efs.html). Any policy ends that default: then only the task roles'
    # grants (ClientMount/ClientWrite through the access point) allow, and these denies keep
    # every mount on TLS and through a mount target.
    policy = aws.efs.FileSystemPolicy(
        ctx.name("policy"), file_system_id=file_system.id,
        policy=file_system.arn.apply(lambda arn: json.dumps(file_system_policy(arn), sort_keys=True)), opts=opts)
    access_point = aws.efs.AccessPoint(
        ctx.name("access-point"), file_system_id=file_system.id,
        posix_user={"uid": uid, "gid": gid},
        root_directory={"path": ROOT_DIRECTORY,
                        "creation_info": {"owner_uid": uid, "owner_gid": gid, "permissions": "755"}},
        tags=tags, opts=opts)
    return RecipeResult(
        values={"resource": file_system.id},
        resources=[file_system, backup, policy, security_group, *targets, access_point],
        outputs={"arn": file_system.arn, "file_system_id": file_system.id, "access_point_id": access_point.id,
                 "access_point_arn": access_point.arn, "security_group_id": security_group.id, "port": NFS_PORT,
                 # The tasks mount once the mount targets exist (their ids as inputs make them wait).
                 "mount_target_ids": [t.id for t in targets]},
    )


# What the recipe takes; checked before the Volume registers anything.
volume_recipe.parameters = ("posix_uid", "posix_gid", "subnet_ids")  # type: ignore[attr-defined]
volume_recipe.validate = _check  # type: ignore[attr-defined]
