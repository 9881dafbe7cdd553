"""The toy kind declares itself (no SDK import: the platform is named, loaded when used)."""

from __future__ import annotations

from radius_components.declarations import KindDeclaration, OutputDeclaration

from .model import ToyCompute

KIND = KindDeclaration(
    name="toy",
    title="A toy cluster",
    platform=f"{__package__}.platform:ToyPlatform",
    compute_model=ToyCompute,
    sample_compute=lambda: ToyCompute(cluster="toy-check"),
    capabilities={"image": "mapped", "working_dir": "rejected", "ports_one": "mapped",
                  "connections": "mapped (as plain variables)", "metadata_labels": "ignored"},
    rejects=frozenset({"working_dir"}),
    claims="toy service",
    outputs=(OutputDeclaration("cluster", "The toy cluster.", "Environment"),
             OutputDeclaration("service_url", "Its toy service's URL.", "Container")),
    mocks=f"{__package__}.mocks",
)
