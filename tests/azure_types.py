"""Pulumi type tokens of the azure-native resources both Azure kinds' tests look for."""

IDENTITY = "azure-native:managedidentity:UserAssignedIdentity"
ROLE = "azure-native:authorization:RoleAssignment"
ACCESS = "azure-native:redisenterprise:AccessPolicyAssignment"
WORKSPACE = "azure-native:operationalinsights:Workspace"
KV_SECRET = "azure-native:keyvault:Secret"
# Built-in role definition GUIDs (the same in every tenant).
KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
