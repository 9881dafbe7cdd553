"""Cloud Run: what the cloudrun kind emits, validated against the Cloud Run API."""
