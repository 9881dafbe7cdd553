"""Azure Container Apps: what the aca kind emits, validated against the Azure SDK models."""
