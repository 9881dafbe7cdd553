"""A namespace an application is told to use (its `kubernetesNamespace` extension): adopted if it
exists, created if it does not, and never deleted by the stack.

Radius's `kubernetesNamespace` is how an application is put into a namespace a platform team
prepared (quotas, policies, RBAC). pulumi-kubernetes does not adopt on create: with server-side
apply on (its default) a `Namespace` resource is still created with a POST, and one that exists
fails the `up` with `AlreadyExists` unless the provider sets `upsertExistingObjects`
(pulumi/pulumi-kubernetes provider/pkg/await/await.go, Creation: the apply-patch path is taken
only for `c.UpsertExistingObjects || kinds.IsPatchResource(...)`); and a `Namespace` the stack
owns is deleted on `destroy`, with everything in it. Turning `upsertExistingObjects` on for the
environment's provider would adopt every object the stack creates, silently taking over any
same-named object, so it is not used.

A `NamespacePatch` is pulumi-kubernetes' documented way to manage an object it does not own:
created or updated by a server-side apply patch (so it is created when missing and adopted when
present), and on delete the provider only relinquishes the fields it applied (await.go, Deletion:
`ssa.Relinquish` for a patch resource): the namespace, and whatever else is in it, stays. It needs
server-side apply, pulumi-kubernetes' default (the library's provider never turns it off; a stack
that sets `kubernetes:enableServerSideApply: false` is refused by the provider: "patch resources
require Server-Side Apply mode"). Only the `radapp.io/` labels are applied: a prepared namespace
often carries its own `app.kubernetes.io/managed-by`, which a different value here would conflict
with.

Stacks that registered such a namespace as a `Namespace` (before this module) keep it through an
alias of the old type: the engine updates it in place into the patch instead of deleting it.
"""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s

# The type the kubernetesNamespace namespace was registered as before it was adopted.
_OWNED_TYPE = "kubernetes:core/v1:Namespace"


def adopted_namespace(logical_name: str, namespace: str, labels: dict[str, str],
                      opts: pulumi.ResourceOptions) -> k8s.core.v1.NamespacePatch:
    """The namespace `namespace`, applied (created or adopted) and never deleted by the stack."""
    return k8s.core.v1.NamespacePatch(
        logical_name,
        metadata={"name": namespace, "labels": {k: labels[k] for k in sorted(labels)}},
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=_OWNED_TYPE)])))
