"""Volumes on the cloudrun kind (issue #28): in-memory empty_dirs with a size limit (disk
refused: no disk on Cloud Run), and a Volume as a Cloud Storage bucket (uniform access, public
access prevention, soft delete; protected and kept on delete) mounted with Cloud Storage FUSE in
the second generation, the service account granted on that bucket only."""

from __future__ import annotations

import pytest

import radius_components as rad

from tests.helpers.cloudrun import compute
from tests.helpers.mocks import run_program

BUCKET = "gcp:storage/bucket:Bucket"
MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
SERVICE = "gcp:cloudrunv2/service:Service"
POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
ACCOUNT = "gcp:serviceaccount/account:Account"


def _program(permission="write", ports=True, resources=None, protect=True, scratch=None):
    def program():
        env = rad.Environment("prod", compute=compute(), protect_stateful=protect)
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app, size_gib=10, access_mode="ReadWriteMany")
        spec = {"image": "ghcr.io/example/api:1.0",
                "volumes": {"uploads": {"kind": "persistent", "source": uploads, "mount_path": "/data/uploads",
                                        "permission": permission},
                            "tmp": scratch or {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/tmp",
                                               "size_limit": "256Mi"}}}
        if ports:
            spec["ports"] = {"web": {"container_port": 8080}}
        if resources:
            spec["resources"] = resources
        rad.Container("api", application=app, container=spec)
    return program


@pytest.fixture(scope="module")
def run():
    return run_program(_program())


def test_the_bucket_is_private_uniform_and_soft_deleted(run):
    bucket = run.one(BUCKET)
    inputs = bucket.plain()
    assert inputs["uniformBucketLevelAccess"] is True
    assert inputs["publicAccessPrevention"] == "enforced"
    assert inputs["forceDestroy"] is False
    assert inputs["softDeletePolicy"]["retentionDurationSeconds"] >= 7 * 24 * 3600
    assert inputs["location"] == compute().region
    assert bucket.protect is True and bucket.retain_on_delete is True
    name = inputs["name"]
    assert 3 <= len(name) <= 63 and name == name.lower()


def test_the_service_mounts_the_bucket_with_fuse_in_the_second_generation(run):
    template = run.one(SERVICE).plain()["template"]
    volumes = {v["name"]: v for v in template["volumes"]}
    assert volumes["uploads"]["gcs"] == {"bucket": run.one(BUCKET).plain()["name"], "readOnly": False}
    assert volumes["tmp"]["emptyDir"] == {"medium": "MEMORY", "sizeLimit": "256Mi"}
    assert template["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    mounts = template["containers"][0]["volumeMounts"]
    assert {"name": "uploads", "mountPath": "/data/uploads"} in mounts


@pytest.mark.parametrize("permission, role", [("write", "roles/storage.objectUser"),
                                              ("read", "roles/storage.objectViewer")])
def test_the_service_account_gets_the_least_role_on_that_bucket_only(permission, role):
    run = run_program(_program(permission=permission))
    (member,) = run.of_type(MEMBER)
    grant = member.plain()
    assert grant["bucket"] == run.one(BUCKET).plain()["name"] and grant["role"] == role
    assert grant["member"].startswith("serviceAccount:") and grant["member"].endswith(".iam.gserviceaccount.com")
    # Granted before the service deploys.
    assert member.urn in run.one(SERVICE).dependencies
    if permission == "read":
        gcs = {v["name"]: v for v in run.one(SERVICE).plain()["template"]["volumes"]}["uploads"]["gcs"]
        assert gcs["readOnly"] is True


def test_a_worker_pool_mounts_the_bucket_too():
    run = run_program(_program(ports=False))
    template = run.one(POOL).plain()["template"]
    volumes = {v["name"]: v for v in template["volumes"]}
    assert volumes["uploads"]["gcs"]["bucket"] == run.one(BUCKET).plain()["name"]
    assert run.one(MEMBER).urn in run.one(POOL).dependencies


def test_a_first_generation_size_is_refused_with_a_storage_mount():
    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program(resources={"limits": {"cpu": "0.5", "memory": "256Mi"}}))
    assert err.value.field == "container.volumes.uploads" and "second generation" in err.value.problem


def test_disk_scratch_is_refused():
    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program(scratch={"kind": "ephemeral", "managed_store": "disk", "mount_path": "/tmp"}))
    assert err.value.field == "container.volumes.tmp.managed_store"


def test_a_throwaway_environment_lets_the_bucket_go():
    bucket = run_program(_program(protect=False)).one(BUCKET)
    assert not bucket.protect and not bucket.retain_on_delete


def test_the_service_is_a_valid_cloud_run_request(run):
    # google-cloud-run's run_v2.Service message: GCSVolumeSource (bucket, read_only),
    # EmptyDirVolumeSource (medium MEMORY, size_limit), as tests/cloudrun/test_cloudrun_schema.py checks.
    from tests.helpers.cloudrun_schema import as_api_service, parse_service

    service = parse_service(as_api_service(run.one(SERVICE).plain()))
    volumes = {v.name: v for v in service.template.volumes}
    assert volumes["uploads"].gcs.bucket and volumes["tmp"].empty_dir.size_limit == "256Mi"


def test_an_existing_bucket_is_mounted_and_granted():
    def program():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("shop", environment=env)
        legacy = rad.Volume("legacy", application=app, resource_provisioning="manual", resource="legacy-uploads")
        rad.Container("api", application=app, container={
            "image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}},
            "volumes": {"legacy": {"kind": "persistent", "source": legacy, "mount_path": "/legacy",
                                   "permission": "read"}}})
    run = run_program(program)
    assert not run.of_type(BUCKET)
    assert run.one(MEMBER).plain()["bucket"] == "legacy-uploads"
    assert run.one(MEMBER).plain()["role"] == "roles/storage.objectViewer"
    gcs = run.one(SERVICE).plain()["template"]["volumes"][0]["gcs"]
    assert gcs == {"bucket": "legacy-uploads", "readOnly": True}
