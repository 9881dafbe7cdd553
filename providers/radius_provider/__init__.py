"""The `radius` Pulumi component provider: the Python components, served to every Pulumi language."""
