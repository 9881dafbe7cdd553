"""SecretStore: Radius's `Applications.Core/secretStores` (see declaration.py)."""
