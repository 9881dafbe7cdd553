"""What SecretStore declares about itself. A store is no connection target: a container reads
one of its keys with `env.<NAME>.value_from.secret_ref` (`keyed_secrets`); what it becomes is each
kind's (`KindDeclaration.secret_store`)."""

from __future__ import annotations

from ...declarations import OutputDeclaration, ResourceTypeDeclaration
from .args import SecretStoreArgs

TYPE = ResourceTypeDeclaration(
    name="SecretStore",
    radius_type="Applications.Core/secretStores",
    docs="resources/secret-store.md",
    component="radius_components.resources.secret_store.component:SecretStore",
    args_model=SecretStoreArgs,
    description="A named set of secret keys; a container reads one with "
                "`env.<NAME>.valueFrom.secretRef: {source: <store>, key: <key>}`.",
    outputs=(
        OutputDeclaration("keys", "The key names.", component="SecretStore", type="string[]"),
        # A name (Kubernetes Secret, an existing store) or, per key, the native secret's ID: its
        # shape is the platform's, so the schema cannot type it.
        OutputDeclaration("resource", "The native store: a Kubernetes Secret name, or per key a Secrets "
                                      "Manager ARN / Secret Manager or Key Vault secret ID.",
                          component="SecretStore", type="any", required=False),
    ),
    takes_recipes=False,
    keyed_secrets=True,
    # Not holds_data: values from the program or an existing store are given again on the next
    # deploy. A generated key (`generate`) cannot be recreated: removing the store loses it.
    data_resources=("random:index/randomPassword:RandomPassword",),
)
