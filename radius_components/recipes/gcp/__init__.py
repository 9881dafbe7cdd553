"""Recipes for portable resources on Google Cloud (the `cloudrun` kind)."""
