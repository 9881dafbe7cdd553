"""SqlDatabase: Radius's `Applications.Datastores/sqlDatabases` (see declaration.py)."""
