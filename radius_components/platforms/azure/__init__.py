"""Azure pieces shared by the Azure compute kinds (`aci`, `aca`).

- `names`: Azure naming rules (container groups, container apps, identities, role
  assignment GUIDs, Key Vault secrets) and ARM ID parsing; pure functions, no SDK.
- `validate`: environment settings both kinds take (resource group, location, registries).
- `iam`: one user-assigned managed identity per container, and role assignments scoped to
  exactly one resource (built-in role names, GUIDs or role definition IDs).
- `grants`: what each connection asks for (`iam.roles`), image pulls with the identity,
  and the Azure tag rules labels must meet.
- `private_link`: private endpoints for recipe resources and the `privatelink.*` DNS zones
  linked to the environment's network.
- `logs`: the Log Analytics workspace an environment's logs go to.
- `context`: the resource group, location, subscription ID and tags of an environment.

Everything that registers a resource imports pulumi_azure_native, so this package is only
imported by an Azure platform (never by `import radius_components`).

Import rule (no circles): the built-in recipes are imported only lazily (through each kind's
declaration, `recipes`, when an Environment asks for one), and the recipes (recipes/azure/*)
import only `platforms.azure.names` and `platforms.azure.private_link`, never `platform.py`
or a name defined in an `__init__`. `mocks.py` answers for the Azure resources in
`radius_components.testing.RadiusMocks` (both kinds declare it).
"""
