"""Volumes on the knative kind (issue #28): a Volume's claim mounted by the Knative Service; a
ReadWriteOnce one refused (Knative starts a new revision's pods before the old ones stop)."""

from __future__ import annotations

import pytest

import radius_components as rad

from tests.helpers.mocks import run_program
from tests.knative.helpers import KNATIVE_SERVICE

CLAIM = "kubernetes:core/v1:PersistentVolumeClaim"


FLAGS = {"podspec_persistent_volume_claim": True, "podspec_persistent_volume_write": True}


def _program(access_mode, permission="write", flags=FLAGS):
    def program():
        env = rad.Environment("dev", compute={"kind": "knative", "namespace": "dev", **flags})
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app, size_gib=5, access_mode=access_mode)
        rad.Container("api", application=app, container={
            "image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}},
            "volumes": {"uploads": {"kind": "persistent", "source": uploads, "mount_path": "/data",
                                    "permission": permission},
                        "tmp": {"kind": "ephemeral", "mount_path": "/tmp", "size_limit": "1Gi"}}})
    return program


def test_a_read_write_many_volume_is_mounted_as_its_claim():
    run = run_program(_program("ReadWriteMany"))
    claim = run.one(CLAIM).plain()
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    pod = run.one(KNATIVE_SERVICE).plain()["spec"]["template"]["spec"]
    assert pod["volumes"] == [
        {"name": "uploads", "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]}},
        {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}]
    assert pod["containers"][0]["volumeMounts"][0] == {"name": "uploads", "mountPath": "/data"}


def test_a_read_only_mount_is_read_only():
    pod = run_program(_program("ReadOnlyMany", "read")).one(KNATIVE_SERVICE).plain()["spec"]["template"]["spec"]
    assert pod["volumes"][0]["persistentVolumeClaim"]["readOnly"] is True


def test_a_read_write_once_volume_is_refused():
    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program("ReadWriteOnce"))
    assert err.value.field == "container.volumes.uploads.source" and "ReadWriteMany" in err.value.fix


@pytest.mark.parametrize("flags, permission, field", [
    ({}, "read", "container.volumes.uploads"),
    ({"podspec_persistent_volume_claim": True}, "write", "container.volumes.uploads.permission"),
])
def test_a_claim_is_refused_where_knatives_feature_flags_are_off(flags, permission, field):
    # Knative's own validator (tools/knative-validate, default config-features) refuses such a
    # Service: "Persistent volume claim support is disabled", "Persistent volume write support is disabled".
    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program("ReadWriteMany", permission, flags))
    assert err.value.field == field and "kubernetes.podspec-persistent-volume" in err.value.problem


def test_a_read_mount_needs_only_the_claim_flag():
    run = run_program(_program("ReadOnlyMany", "read", {"podspec_persistent_volume_claim": True}))
    assert run.of_type(KNATIVE_SERVICE)
