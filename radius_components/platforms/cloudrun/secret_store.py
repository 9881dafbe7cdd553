"""SecretStore on Cloud Run: Secret Manager, one secret per key, pinned versions.

A created store is a Secret Manager secret per key, `<env>-<app>-<store>_<key>`, with one
version holding the value. A container references `secret` + the version number (pinned, not
`latest`: a new value makes a new version, so the revision changes and rolls out, and a
running revision never changes under the app; "we recommend pinning to a specific version",
cloud.google.com/run/docs/configuring/services/secrets). Each container that references a key
gets `roles/secretmanager.secretAccessor` on exactly that key's secret (SecretIamMember), and
Cloud Run checks at deploy that it can read it, so the service waits for the grant.

An existing store (`resource`) is a Secret Manager secret (an ID in the environment's project
or `projects/<project>/secrets/<id>`); each store key names one of its versions
(`value_from.version`, a number: pinned). Its grant is the one the platform makes for any
secret referenced by name.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...connections import StoreSecretRef
from ...errors import RadiusValidationError, raise_all
from ...model import SecretStoreArgs
from ...names import dns_label, short_hash
from ..secret_stores import NativeStore, store_refs
from .names import keep_name, regional
from .template import SECRET_ACCESSOR

SECRET_ID_MAX = 255  # Secret Manager secret IDs: [A-Za-z0-9_-], 1-255
_SECRET_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_SECRET_NAME = re.compile(r"^projects/[^/]+/secrets/[A-Za-z0-9_-]{1,255}$")


def secret_id(env: str, app: str, store: str, key: str) -> str:
    # '_' between store and key: dns_label never makes one, so store 'a-b' key 'c' and store
    # 'a' key 'b-c' stay two secrets.
    prefix = dns_label(env, app, store) or "store"
    text = f"{prefix}_{key}"
    if len(text) > SECRET_ID_MAX:
        text = text[: SECRET_ID_MAX - 9] + "-" + short_hash(text)
    return text


def validate(label: str, platform: Any, app_name: str, store_name: str, args: SecretStoreArgs) -> None:
    errors = []
    if args.resource is not None:
        if not (_SECRET_ID.match(args.resource) or _SECRET_NAME.match(args.resource)):
            errors.append(RadiusValidationError(label, "resource", args.resource, "not a Secret Manager secret",
                                                "give a secret ID in the environment's project, or "
                                                "'projects/<project>/secrets/<id>'"))
        for key, item in sorted(args.data.items()):
            vf = item.value_from
            if vf is None or vf.version is None or not vf.version.isdigit():
                errors.append(RadiusValidationError(
                    label, f"data.{key}.value_from.version", vf.version if vf else None,
                    "on Cloud Run a store key is a pinned version of the store's secret",
                    "give value_from={'version': '<number>'}; a pinned version rolls a new revision when it changes"))
            if vf is not None and vf.name is not None:
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.name", vf.name,
                                                    "a Secret Manager secret holds one value, it has no keys",
                                                    "remove name; one secret per store, its keys are versions"))
    elif dns_label(platform.environment.resource_name, app_name, store_name) is None:
        errors.append(RadiusValidationError(label, "name", store_name, "cannot be made a Secret Manager secret ID",
                                            "use letters, digits and '-'"))
    raise_all(errors)


def provision(store: Any, platform: Any, args: SecretStoreArgs, values: dict[str, Any]) -> NativeStore:
    if args.resource is not None:
        refs = {key: StoreSecretRef(args.resource, item.value_from.version, store=store, store_key=key)  # type: ignore[union-attr]
                for key, item in sorted(args.data.items())}
        return NativeStore(refs=refs, resource=args.resource)
    env = platform.environment.resource_name
    app = store.application.resource_name
    labels = {"managed-by": "radius-components", "radapp-application": dns_label(app) or "app",
              "radapp-resource": dns_label(store.resource_name) or "store"}
    opts = platform.child_options(store)
    refs, resources, ids = {}, [], {}
    for key in sorted(values):
        secret = gcp.secretmanager.Secret(
            f"{store.resource_name}-{key}", project=platform.project,
            secret_id=regional(secret_id(env, app, store.resource_name, key), platform.region, SECRET_ID_MAX),
            replication={"auto": {}}, labels={k: labels[k] for k in sorted(labels)},
            opts=pulumi.ResourceOptions.merge(opts, keep_name("secretId")))
        version = gcp.secretmanager.SecretVersion(
            f"{store.resource_name}-{key}-version", secret=secret.id,
            secret_data=pulumi.Output.secret(values[key]), opts=opts)
        refs[key] = StoreSecretRef(secret.secret_id, version.version, store=store, store_key=key)
        resources += [secret, version]
        ids[key] = secret.secret_id
    return NativeStore(refs=refs, resources=resources, resource=ids)


def created(ref: Any) -> bool:
    """A key of a store this stack created (its secret ID is an Output)."""
    return isinstance(ref, StoreSecretRef) and not isinstance(ref.name, str)


def grants(container: str, plan: Any, member: Any, project: str, opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    """secretAccessor on exactly the secret of each created-store key the container reads."""
    out: list[pulumi.Resource] = []
    seen: set[tuple[str, str]] = set()
    for ref in store_refs(plan.entries):
        if not created(ref):
            continue  # an existing store's secret: granted with the other secrets named by ID
        key = (ref.store.resource_name, ref.store_key)
        if key in seen:
            continue
        seen.add(key)
        out.append(gcp.secretmanager.SecretIamMember(
            f"{container}-store-{key[0]}-{key[1]}-accessor", project=project, secret_id=ref.name,
            role=SECRET_ACCESSOR, member=member, opts=opts))
    return out
