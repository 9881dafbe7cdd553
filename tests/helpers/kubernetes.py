"""Shared by the kubernetes tests."""

# The Kubernetes version emitted objects are validated against (kubernetes-validate ships its
# schemas); bump deliberately.
KUBERNETES_VERSION = "1.34.0"
