"""The gateway example of docs/resources/gateway.md, run as written on all five kinds: one definition, a public
entry point on each (only `compute` differs)."""

from __future__ import annotations

import pytest

from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import MOCK_OUTPUTS
from tests.helpers.doc_examples import run_examples

# Provider-computed values the URL is built from, in the clouds' shapes.
MOCK_OUTPUTS.setdefault("gcp:compute/globalAddress:GlobalAddress", lambda a: {"address": "34.120.0.10"})

# The native resource each kind's gateway is.
ENTRY = {
    "kubernetes": "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    "aci": "azure-native:network:ApplicationGateway",
    "aca": "azure-native:app:HttpRouteConfig",
    "ecs": "aws:lb/loadBalancer:LoadBalancer",
    "cloudrun": "gcp:compute/uRLMap:URLMap",
}


@pytest.mark.parametrize("kind", sorted(COMPUTE))
def test_gateway_example_deploys_on_every_kind(kind):
    from tests.helpers import aci  # noqa: F401  (Application Gateway and public IP answers)

    run = run_examples(kind, "gateway")
    assert [r.name for r in run.of_type("radius:index:Gateway")] == ["public"]
    assert run.of_type(ENTRY[kind]), f"no {ENTRY[kind]} on {kind}"
    gateway = run.one("radius:index:Gateway")
    if kind == "kubernetes":
        # A Gateway API Gateway's address is in its status, which the program cannot read
        # (documented): without a hostname the URL is not known.
        assert gateway.outputs.get("url") is None
    else:
        assert gateway.outputs["url"].startswith("http"), gateway.outputs
