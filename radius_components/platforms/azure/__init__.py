"""Azure pieces shared by the Azure compute kinds (`aci` now, `aca` later).

- `names`: Azure naming rules (container groups, identities, role assignment GUIDs) and
  ARM ID parsing; pure functions, no SDK.
- `iam`: one user-assigned managed identity per container, and role assignments scoped to
  exactly one resource (built-in role names, GUIDs or role definition IDs).
- `context`: the resource group, location, subscription ID and tags of an environment.

Everything that registers a resource imports pulumi_azure_native, so this package is only
imported by an Azure platform (never by `import radius_components`).
"""
