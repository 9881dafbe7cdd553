"""Names the components take, checked before they register, so two never become one.

Two kinds of collision would otherwise surface only in the middle of `pulumi up`:

- **Pulumi URNs.** Pulumi identifies a resource by its type, its parent's type chain and
  its name, not by its application (https://www.pulumi.com/docs/iac/concepts/resources/names/#urns).
  Two `Container("web")` in one stack, even in two applications, have one URN, and the
  engine stops at the second with "Duplicate resource URN". These claims are kept per stack.
- **Platform names.** Every kind names a resource's objects `<app>-<resource>` made
  lower-case with each run of other characters than letters and digits turned into '-'
  (radius_components.names.dns_label, platforms/azure/names.py, and the Cloud Map service
  name in platforms/ecs/names.py). So `my_api` and `my-api`, or application `a` with `b-c`
  and application `a-b` with `c`, deploy onto the same Kubernetes Deployment, container
  group, container app, Cloud Map service (ECS) or Cloud Run service.
  A Container and a RedisCache of one name are the same Deployment and Service on
  Kubernetes; they are refused on every kind, so a definition that deploys on one kind
  deploys on all. These claims are kept per environment (its namespace, resource group,
  cluster or project is where the names live).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from .declarations import declared_kinds
from .errors import RadiusValidationError


def _native_objects(kind: str) -> str:
    """What a colliding resource would share on `kind`, for the message (`KindDeclaration.claims`)."""
    declared = declared_kinds().get(kind)
    return declared.claims if declared is not None and declared.claims else "platform objects"


def native_key(app: str, resource: str) -> str:
    """The platform name `<app>-<resource>` becomes on every kind, before any shortening.

    Shortened names keep a hash of the full name, so two different keys never shorten to
    one name; two equal keys always give one name.
    """
    key = re.sub(r"[^a-z0-9]+", "-", f"{app}-{resource}".lower()).strip("-")
    # Container Apps put an 'a' in front of a name that would start with a digit
    # (platforms/azure/names.py container_app_name), so '1x' and 'a1x' are one app there.
    return "a" + key if key[:1].isdigit() else key


@dataclass(frozen=True)
class Claim:
    kind: str  # "Container", "RedisCache", "Application", "Environment"
    name: str
    application: Optional[str] = None

    def __str__(self) -> str:
        where = f" of application '{self.application}'" if self.application else ""
        return f"{self.kind} '{self.name}'{where}"


# URN claims per Pulumi program run: keyed on the program's resource monitor (the engine
# connection; under test mocks, each program gets its own).
_URN_CLAIMS: "weakref.WeakKeyDictionary[Any, dict[tuple[str, str], Claim]]" = weakref.WeakKeyDictionary()


def _stack_claims() -> dict[tuple[str, str], Claim]:
    monitor = pulumi.runtime.settings.get_monitor()
    if monitor is None:  # no program running: nothing registers, so nothing can collide
        return {}
    return _URN_CLAIMS.setdefault(monitor, {})


def _qualified_type(token: str, opts: Optional[pulumi.ResourceOptions]) -> str:
    # The URN's type part is the parent's type chain + '$' + the type; a component we
    # created records its chain, any other parent contributes its own type.
    parent = opts.parent if opts is not None else None
    if parent is None:
        return token
    chain = getattr(parent, "radius_qualified_type", None) or getattr(parent, "_type", "")
    return f"{chain}${token}"


def claim_names(label: str, claim: Claim, token: str, opts: Optional[pulumi.ResourceOptions],
                native: Optional["NativeNames"] = None) -> str:
    """Check the component's URN (and, with `native`, its platform names) are free, then take
    them; returns the URN's qualified type. Call it last before registering: a component
    that fails validation takes nothing."""
    qualified = _qualified_type(token, opts)
    claims = _stack_claims()
    other = claims.get((qualified, claim.name))
    if other is not None:
        raise RadiusValidationError(
            label, "name", claim.name,
            f"{other} already has this name, and Pulumi tells components apart by type and name only (not by "
            f"application), so both would have one URN and `pulumi up` would stop at 'Duplicate resource URN'",
            f"give each {claim.kind} its own name in the stack, for example "
            f"'{claim.application or 'other'}-{claim.name}'",
        )
    if native is not None:
        native.check(label, claim)
        native.take(claim)
    claims[(qualified, claim.name)] = claim
    return qualified


class NativeNames:
    """The platform names the resources of one environment have taken."""

    def __init__(self, kind: str):
        self.kind = kind
        self._taken: dict[str, Claim] = {}

    def check(self, label: str, claim: Claim) -> None:
        key = native_key(claim.application or "", claim.name)
        other = self._taken.get(key)
        if other is None:
            return
        objects = _native_objects(self.kind)
        if other.kind == claim.kind:
            why = f"both would deploy to the one {objects} '{key}' of this {self.kind} environment"
        else:
            why = (f"on Kubernetes both would be the Deployment and Service '{key}', and names stay distinct on "
                   f"every kind so the definition deploys to all of them")
        raise RadiusValidationError(
            label, "name", claim.name,
            f"it makes the same platform name as {other}: '<application>-<name>' is '{key}' for both "
            f"(names are lower-cased and each run of characters other than letters and digits becomes '-'); {why}",
            f"rename {claim} or {other} so that their '<application>-<name>' differ in more than case and "
            f"punctuation",
        )

    def take(self, claim: Claim) -> None:
        self._taken[native_key(claim.application or "", claim.name)] = claim
