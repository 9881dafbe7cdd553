"""What the Kubernetes provider computes for the objects the `kubernetes` kind registers, for
`radius_components.testing.RadiusMocks` (declared by `KindDeclaration.mocks`).

Most objects need nothing: the provider returns them as applied. An Ingress is the exception:
the provider waits until the ingress controller has written an address into its status
(`status.loadBalancer.ingress`), and a rad.Gateway's `url` is read from there. Fixed values
(a documentation address, RFC 5737), so snapshot tests stay deterministic."""

from __future__ import annotations

from typing import Any, Callable

from pulumi.runtime import mocks as pmocks

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]

INGRESS_IP = "203.0.113.10"

# What the provider computes, per resource type token.
OUTPUTS: dict[str, OutputsFn] = {
    "kubernetes:networking.k8s.io/v1:Ingress": lambda a: {
        "status": {"loadBalancer": {"ingress": [{"ip": INGRESS_IP}]}}},
}

# What each provider function (invoke) returns, per function token.
CALLS: dict[str, CallFn] = {}
