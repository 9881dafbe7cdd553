"""Pulumi mocks that answer like the providers this library registers resources with.

Pulumi's own `pulumi.runtime.Mocks` examples echo a resource's inputs back as its state.
That is not enough here: the platforms read values only the cloud computes — an ECS
cluster's ARN, a managed identity's principal ID, a container app's identity *map* (the
provider returns `userAssignedIdentities` as a map although the input is a list), a Container
Apps environment's default domain, a Google project number, a generated password — and an
Output of a missing value never resolves into the inputs that depend on it. `RadiusMocks`
fills in each of them, for every resource type and provider function the library uses, in
the shape the provider returns, with fixed values (so snapshot tests stay deterministic).

    pulumi.runtime.set_mocks(RadiusMocks(), preview=False)

Each kind brings its providers' answers (`KindDeclaration.mocks`: a module with `OUTPUTS` and
`CALLS`, e.g. platforms/ecs/mocks.py); this module adds pulumi-random's, which every kind and
recipe uses. Add or replace answers per resource type (`outputs=`) or function token
(`calls=`); the functions receive Pulumi's `MockResourceArgs` / `MockCallArgs` and return the
extra state.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

import pulumi
from pulumi.runtime import mocks as pmocks

from ..declarations import declared_kinds, load_reference
# The account, subscription and project the built-in kinds' mocks pretend to deploy to: their
# own modules hold them, re-exported here where tests have always found them.
from ..platforms.azure.mocks import ACA_DEFAULT_DOMAIN, AZURE_SUBSCRIPTION, AZURE_TENANT
from ..platforms.cloudrun.mocks import GCP_PROJECT_NUMBER
from ..platforms.ecs.mocks import AWS_ACCOUNT, AWS_REGION

# Sentinel results of generated secrets, so tests can look for them in every input.
GENERATED_PASSWORD = "GENERATED-PASSWORD-0123456789abcdef"
GENERATED_HEX = "a1b2c3d4e5f60718"

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]

# What pulumi-random computes (generated passwords and revision IDs, on every kind).
RANDOM_OUTPUTS: dict[str, OutputsFn] = {
    "random:index/randomPassword:RandomPassword": lambda a: {"result": GENERATED_PASSWORD},
    "random:index/randomId:RandomId": lambda a: {"hex": GENERATED_HEX},
}


def kind_answers() -> tuple[dict[str, OutputsFn], dict[str, CallFn]]:
    """The answers every declared kind brings for its providers (`KindDeclaration.mocks`),
    merged: (per resource type token, per function token)."""
    outputs: dict[str, OutputsFn] = {}
    calls: dict[str, CallFn] = {}
    for declaration in declared_kinds().values():
        if declaration.mocks:
            module = load_reference(declaration.mocks)
            outputs.update(getattr(module, "OUTPUTS", {}))
            calls.update(getattr(module, "CALLS", {}))
    return outputs, calls


# What each provider computes, per resource type token, and what each provider function
# (invoke) returns, per function token: the kinds declared when this module is imported.
_KIND_OUTPUTS, PROVIDER_CALLS = kind_answers()
PROVIDER_OUTPUTS: dict[str, OutputsFn] = {**RANDOM_OUTPUTS, **_KIND_OUTPUTS}


class RadiusMocks(pulumi.runtime.Mocks):
    """Mocks whose resources carry what their provider computes.

    :param outputs: extra or replacing answers per resource type token; each function gets
        the `MockResourceArgs` and returns state merged over the inputs and the defaults.
    :param calls: extra or replacing answers per provider function token.

    A resource's ID is `<name>_id`, as in Pulumi's mock examples. The mappings are read at
    each registration, so a test may change them between programs.
    """

    def __init__(self, outputs: Optional[Mapping[str, OutputsFn]] = None,
                 calls: Optional[Mapping[str, CallFn]] = None) -> None:
        self.outputs: Mapping[str, OutputsFn] = outputs if outputs is not None else {}
        self.calls: Mapping[str, CallFn] = calls if calls is not None else {}
        # The answers of kinds declared after this module was imported (register_kind()).
        later_outputs, later_calls = kind_answers()
        self._later_outputs = {t: f for t, f in later_outputs.items() if t not in PROVIDER_OUTPUTS}
        self._later_calls = {t: f for t, f in later_calls.items() if t not in PROVIDER_CALLS}

    def new_resource(self, args: pmocks.MockResourceArgs) -> tuple[Optional[str], dict[str, Any]]:
        state = dict(args.inputs)
        for table in (PROVIDER_OUTPUTS, self._later_outputs, self.outputs):
            compute = table.get(args.typ)
            if compute is not None:
                state.update(compute(args))
        return f"{args.name}_id", state

    def call(self, args: pmocks.MockCallArgs) -> dict[str, Any]:
        handler = (self.calls.get(args.token) or PROVIDER_CALLS.get(args.token)
                   or self._later_calls.get(args.token))
        return handler(args) if handler is not None else {}


__all__ = ["ACA_DEFAULT_DOMAIN", "AWS_ACCOUNT", "AWS_REGION", "AZURE_SUBSCRIPTION", "AZURE_TENANT", "CallFn",
           "GCP_PROJECT_NUMBER", "GENERATED_HEX", "GENERATED_PASSWORD", "OutputsFn", "PROVIDER_CALLS",
           "PROVIDER_OUTPUTS", "RANDOM_OUTPUTS", "RadiusMocks", "kind_answers"]
