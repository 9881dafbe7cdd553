"""What an Azure Volume recipe returns for the aci and aca kinds to mount its share (no cloud SDK
imported: the kinds' validation reads it)."""

AZURE_FILE_OUTPUTS = ("storage_account_name", "share_name", "storage_account_key")
