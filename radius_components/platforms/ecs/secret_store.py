"""SecretStore on ECS: Secrets Manager secrets, read by the task execution role.

A created store is one Secrets Manager secret per key, `radius/<env>/<app>/<store>/<key>`,
holding the value as its SecretString: a container's `secrets[].valueFrom` is that secret's
ARN, and its execution role may `secretsmanager:GetSecretValue` on exactly the ARNs of the
keys it references (a secret per key is what makes "exactly that key" possible: IAM scopes
GetSecretValue to a secret, not to a JSON key inside one). An existing store (`resource`) is
one secret's full ARN; its keys are JSON keys of that secret (`value_from.name`, default the
store key) and `value_from.version` pins a version ID; valueFrom is then
`<arn>:<json key>:<version stage>:<version id>` (docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
Values are encrypted with the account's `aws/secretsmanager` key, which the execution role
may use without a KMS grant.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_aws as aws

from ...connections import PlatformSecretRef, StoreSecretRef
from ...errors import RadiusValidationError, raise_all
from ...model import SecretStoreArgs
from ..secret_stores import NativeStore
from .names import SECRET_NAME_MAX, ecs_part, shorten
from .validate import SECRET_ARN

MANAGED_BY = "radius-components"

# A complete ARN, with its 6-character suffix: see validate.SECRET_ARN.
_SECRET_ARN = SECRET_ARN
# A Secrets Manager version ID (a UUID, 32-64 characters).
_VERSION_ID = re.compile(r"^[A-Za-z0-9-]{32,64}$")


def secret_name(env: str, app: str, store: str, key: str) -> str:
    return shorten(f"radius/{env}/{app}/{store}/{key}", SECRET_NAME_MAX)


def validate(label: str, platform: Any, app_name: str, store_name: str, args: SecretStoreArgs) -> None:
    errors = []
    ecs_part(label, "name", store_name)
    if args.resource is not None:
        if not _SECRET_ARN.match(args.resource):
            errors.append(RadiusValidationError(
                label, "resource", args.resource,
                "on ECS an existing store is a Secrets Manager secret, by its full ARN (with the 6-character "
                "suffix: IAM grants on a partial ARN match no secret)",
                "give arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>"))
        for key, item in sorted(args.data.items()):
            version = item.value_from.version if item.value_from else None
            if version is not None and not _VERSION_ID.match(version):
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.version", version,
                                                    "not a Secrets Manager version ID",
                                                    "give the secret version's ID (a UUID), or remove it for AWSCURRENT"))
    raise_all(errors)


def provision(store: Any, platform: Any, args: SecretStoreArgs, values: dict[str, Any]) -> NativeStore:
    if args.resource is not None:
        refs = {}
        for key, item in sorted(args.data.items()):
            vf = item.value_from
            refs[key] = StoreSecretRef(args.resource, vf.name if vf and vf.name else key, store=store, store_key=key,
                                       version=vf.version if vf else None)
        return NativeStore(refs=refs, resource=args.resource)
    label = f"SecretStore '{store.resource_name}'"
    env = ecs_part(label, "environment name", platform.environment.resource_name)
    app = ecs_part(label, "application name", store.application.resource_name)
    res = ecs_part(label, "name", store.resource_name)
    tags = {"app.kubernetes.io/managed-by": MANAGED_BY, "radapp.io/application": store.application.resource_name,
            "radapp.io/environment": platform.environment.resource_name, "radapp.io/resource": store.resource_name}
    opts = platform.child_options(store)
    refs, resources, arns = {}, [], {}
    for key in sorted(values):
        secret = aws.secretsmanager.Secret(
            f"{store.resource_name}-{key}", name=secret_name(env, app, res, key),
            description=f"Key '{key}' of radius secret store {store.application.resource_name}/{store.resource_name}",
            # No recovery window: the same deterministic name can be created again right
            # after a destroy (a pending deletion keeps the name taken for 7-30 days).
            recovery_window_in_days=0, tags=tags, opts=opts)
        version = aws.secretsmanager.SecretVersion(
            f"{store.resource_name}-{key}-version", secret_id=secret.id,
            secret_string=pulumi.Output.secret(values[key]), opts=opts)
        # The whole SecretString: no JSON key.
        refs[key] = StoreSecretRef(secret.arn, "", store=store, store_key=key, version=version.version_id)
        resources += [secret, version]
        arns[key] = secret.arn
    return NativeStore(refs=refs, resources=resources, resource=arns)


def value_from(ref: PlatformSecretRef) -> Any:
    """`secrets[].valueFrom`: the ARN, or `<arn>:<json key>:<stage>:<version id>`."""
    if isinstance(ref, StoreSecretRef):
        if not ref.key:
            # A created store's version: its (AWS-assigned) version ID pins the value, so a new
            # value registers a new task definition revision and the tasks roll.
            return pulumi.Output.concat(ref.name, ":::", ref.version) if ref.version is not None else ref.name
        return f"{ref.name}:{ref.key}::{ref.version or ''}"
    return f"{ref.name}:{ref.key}::"


def is_store_ref(ref: Any) -> bool:
    return isinstance(ref, StoreSecretRef)
