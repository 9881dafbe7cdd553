"""The `aca` compute kind: Azure Container Apps.

Per environment: a resource group (adopted or created) and a Container Apps managed
environment with the built-in Consumption workload profile (plus any Dedicated ones), its
logs going to a Log Analytics workspace, internal-only when it is given a subnet; or an
existing managed environment by ARM ID. Per container: a user-assigned managed identity,
role assignments scoped to exactly what it connects to, and one container app in single
revision mode with internal ingress on its port. Other containers reach it at
`<app>.internal.<environment default domain>` (HTTPS on 443, or the exposed TCP port).

Secrets are container app secrets referenced by `secretRef`, or, when the Environment names
a Key Vault, Key Vault secrets the app reads through its identity (which may read exactly
those secrets). Changing a secret does not make Container Apps start a new revision, so the
secrets' names carry a suffix that changes with their values: the env references change,
and that rolls the revision.

Recipe resources (Azure Managed Redis) get a private endpoint in `private_endpoint_subnet_id`
with their `privatelink.*` zone linked to the apps' network; an environment on no virtual
network has no private path, so there they keep their public endpoint (with a warning).

Layout: `kind.py` declares the kind (`KIND`, imports no cloud SDK: the registry, `check` and
the capability matrix read it), `model.py` holds its compute model, `platform.py` the
`AcaPlatform`, imported only when an Environment of this kind is created (it loads
pulumi_azure_native). Import rule (no circles): this `__init__` is only this docstring; the
platform reaches its built-in recipes through the declaration's `recipes`, lazily, and the
recipes (recipes/azure/*) import only `platforms.azure.names` and `platforms.azure.private_link`,
never this package.
"""
