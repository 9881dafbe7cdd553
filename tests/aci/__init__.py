"""Azure Container Instances: what the aci kind emits, validated against the Azure SDK models."""
