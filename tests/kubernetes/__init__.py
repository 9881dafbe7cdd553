"""Kubernetes: what the kubernetes kind emits, validated against the Kubernetes schemas."""
