"""Every Kubernetes object we emit passes kubernetes-validate --strict for a pinned version."""

from __future__ import annotations

import kubernetes_validate
import pytest

from tests.helpers.kubernetes import KUBERNETES_VERSION
from tests.helpers.mocks import run_program
from tests.helpers.programs import as_program, demo, everything


def emitted_objects(build):
    run = run_program(as_program(build))
    objects = [r for r in run.resources if r.type.startswith("kubernetes:") and r.custom]
    assert objects
    return objects


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_every_emitted_object_is_valid_kubernetes(build):
    for obj in emitted_objects(build):
        manifest = obj.plain()
        assert manifest["kind"] and manifest["apiVersion"], obj.name
        # Raises ValidationError naming the path of the first problem.
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_validator_rejects_what_kubernetes_would(tmp_path):
    # Guard: strict mode really catches an unknown field, so the test above means something.
    bad = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "x"}, "automountToken": True}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, KUBERNETES_VERSION, strict=True)
