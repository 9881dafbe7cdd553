"""`SecretStore`: a named set of secret keys a container reads through its platform's own
secret mechanism.

Radius's `Applications.Core/secretStores`. A container reads a key with
`env: {"NAME": {"value_from": {"secret_ref": {"source": store, "key": "<key>"}}}}`. The
store's keys come from the program (Pulumi secrets), are generated once (pulumi-random), or
live in an existing store on the platform (`resource`). What the store becomes is the
platform's business, in `platforms/<kind>/secret_store.py`:

| kind | created store | existing store (`resource`) |
|---|---|---|
| kubernetes | one Secret, a key per key | a Secret name (`value_from.name`: its key) |
| ecs | a Secrets Manager secret per key | a secret ARN (`value_from.name`: a JSON key) |
| cloudrun | a Secret Manager secret + version per key (pinned) | a secret (`value_from.version`: pinned version) |

Each container that references a key may read exactly that key's secret and nothing else.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Mapping, Optional

import pulumi

from ...application import Application
from ...arguments import parse_component_arguments
from ...claims import Claim, claim_names
from ...component import RadiusComponent
from ...connections import StoreSecretRef
from ...errors import RadiusValidationError
from ...secret_store import store_module
from .args import SecretStoreArgs
from .declaration import TYPE
from ...program import records_errors

def _decode(label: str, key: str, value: Any) -> Any:
    """base64 -> text; a plain value is checked now, before anything registers."""
    def decode(text: str) -> str:
        try:
            return base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise RadiusValidationError(label, f"data.{key}.value", "(secret)",
                                        f"encoding='base64' but the value is not base64 of UTF-8 text ({type(exc).__name__})",
                                        "give base64 of the text (environment variables hold text), or encoding='raw'") from None
    if not isinstance(value, pulumi.Output):
        return pulumi.Output.secret(decode(value))
    return pulumi.Output.secret(value.apply(decode))


class SecretStore(RadiusComponent):
    """A secret store. Outputs: `keys` (the key names), `resource` (the native store: a
    Kubernetes Secret name, Secrets Manager ARNs per key, Secret Manager secret IDs per key).

    :param name: the resource's name in the application (its Pulumi name; platform names derive from it).
    :param application: the `rad.Application` it belongs to.
    :param data: key -> `{value}` (a Pulumi secret), `{generate: {length}}` or, with `resource`,
        `{value_from: {name, version}}`.
    :param resource: an existing store on the platform (a Kubernetes Secret name, a Secrets Manager
        ARN, a Secret Manager secret, a Key Vault); None: the store is created.
    :param type: Radius's store type; only `generic` is portable.
    :param opts: Pulumi resource options for the component.
    """

    resource_type = TYPE.radius_type

    # The outputs (tests/features check them against TYPE).
    keys: list[str]
    resource: pulumi.Output[Any]
    native_resources: list[pulumi.Resource]

    @records_errors
    def __init__(
        self,
        name: str,
        application: Application,
        data: Optional[Mapping[str, Any]] = None,
        resource: Optional[str] = None,
        type: str = "generic",  # noqa: A002  (Radius's field name)
        opts: Optional[pulumi.ResourceOptions] = None,
    ):
        label = f"SecretStore '{name}'"
        args = parse_component_arguments(label, application, SecretStoreArgs,
                                         {"type": type, "data": data if data is not None else {}},
                                         {"resource": resource})
        environment = application.environment
        module = store_module(label, environment.kind)
        module.validate(label, environment.platform, application.resource_name, name, args)

        decoded = {key: _decode(label, key, item.value) for key, item in sorted(args.data.items())
                   if item.value is not None and item.encoding == "base64"}

        self.resource_name = name
        self.application = application
        self.args = args
        self.radius_qualified_type = claim_names(label, Claim("SecretStore", name, application.resource_name),
                                                 "radius:index:SecretStore", opts, environment.native_names)
        self._register_in_program("radius:index:SecretStore", name, opts)

        resources: list[pulumi.Resource] = []
        values: dict[str, Any] = {}
        if args.resource is None:
            for key in sorted(args.data):
                item = args.data[key]
                if item.generate is not None:
                    import pulumi_random as random  # only when a value is generated

                    generated = random.RandomPassword(
                        f"{name}-{key}", length=item.generate.length, special=item.generate.special,
                        # Generated once and kept: losing it would change the secret under running apps.
                        opts=environment.platform.child_options(self, protect=environment.protect_stateful))
                    resources.append(generated)
                    values[key] = pulumi.Output.secret(generated.result)
                elif key in decoded:
                    values[key] = decoded[key]
                else:
                    values[key] = pulumi.Output.secret(item.value)
        native = module.provision(self, environment.platform, args, values)
        self._refs: dict[str, StoreSecretRef] = native.refs
        self.native_resources = resources + list(native.resources)
        self.keys = sorted(args.data)
        self.resource = pulumi.Output.from_input(native.resource)
        application._add(self)
        self.register_outputs({"keys": self.keys, "resource": self.resource})

    def store_secret_ref(self, key: str) -> StoreSecretRef:
        """The native reference to one key; an error naming the keys when there is no such key."""
        ref = self._refs.get(key)
        if ref is None:
            raise RadiusValidationError(f"SecretStore '{self.resource_name}'", "key", key, "the store has no such key",
                                        f"use one of {sorted(self._refs)}, or add it to the store's data")
        return ref

    def connection_values(self) -> dict[str, Any]:
        # A store is read through env value_from, not through `connections`.
        raise RadiusValidationError(f"SecretStore '{self.resource_name}'", "connections", self.resource_name,
                                    "a secret store is not a connection target",
                                    "read its keys with container.env.<NAME>.value_from.secret_ref "
                                    "{'source': store, 'key': '<key>'}")
