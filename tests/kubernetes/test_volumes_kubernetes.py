"""Volumes on the kubernetes kind (issue #28): emptyDir (Memory, sizeLimit), a Volume as a
PersistentVolumeClaim mounted by the Deployment, ReadWriteOnce refused with more than one
replica, and the portable checks every kind shares (mount path clashes, another application's
Volume, a ReadOnlyMany volume mounted for writing)."""

from __future__ import annotations

import pytest

import kubernetes_validate
import radius_components as rad

from tests.helpers.kubernetes import KUBERNETES_VERSION
from tests.helpers.mocks import recorded, run_program

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
CLAIM = "kubernetes:core/v1:PersistentVolumeClaim"
IMAGE = "ghcr.io/example/api:1.0"


def _program(volumes=None, access_mode="ReadWriteOnce", replicas=None, protect=True, recipe=None,
             application_namespaces=False, **volume_args):
    def program():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev",
                                              "application_namespaces": application_namespaces},
                              protect_stateful=protect)
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app, size_gib=10, access_mode=access_mode, recipe=recipe,
                             **volume_args)
        extensions = [{"kind": "manualScaling", "replicas": replicas}] if replicas else None
        rad.Container("api", application=app, extensions=extensions, container={
            "image": IMAGE,
            "volumes": volumes if volumes is not None else {
                "scratch": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/scratch",
                            "size_limit": "256Mi"},
                "tmp": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/tmp"},
                "uploads": {"kind": "persistent", "source": uploads, "mount_path": "/data/uploads",
                            "permission": "write"},
            }})
    return program


def _pod(run):
    return run.one(DEPLOYMENT, "api-deployment").plain()["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def run():
    return run_program(_program())


def test_a_volume_is_a_claim_of_its_size_and_access_mode(run):
    claim = run.one(CLAIM).plain()
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}
    assert claim["metadata"]["namespace"] == "dev"
    # Read from the registered claim, not spelled here: kubernetes names may change (parity work).
    assert run.one("radius:index:Volume").outputs["resource"] == claim["metadata"]["name"]


def test_with_application_namespaces_the_claim_is_in_the_namespace_of_the_pods_that_mount_it():
    # A pod mounts only claims of its own namespace (PersistentVolumeClaimVolumeSource has no
    # namespace: kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes); with
    # Radius's layout the Deployment is in `dev-shop`, so the claim is too, named after the Volume.
    run = run_program(_program(application_namespaces=True))
    claim = run.one(CLAIM).plain()
    deployment = run.one(DEPLOYMENT).plain()
    assert claim["metadata"]["namespace"] == deployment["metadata"]["namespace"] == "dev-shop"
    assert claim["metadata"]["name"] == "uploads"
    volumes = deployment["spec"]["template"]["spec"]["volumes"]
    assert {"name": "uploads", "persistentVolumeClaim": {"claimName": "uploads"}} in volumes
    namespace = next(r for r in run.resources if r.type == "kubernetes:core/v1:Namespace"
                     and r.inputs["metadata"]["name"] == "dev-shop")
    assert namespace.urn in run.one(CLAIM).dependencies


def test_the_deployment_mounts_the_claim_and_the_empty_dirs(run):
    pod = _pod(run)
    claim_name = run.one(CLAIM).plain()["metadata"]["name"]
    assert pod["volumes"] == [
        {"name": "scratch", "emptyDir": {"medium": "Memory", "sizeLimit": "256Mi"}},
        {"name": "tmp", "emptyDir": {}},
        {"name": "uploads", "persistentVolumeClaim": {"claimName": claim_name}},
    ]
    assert pod["containers"][0]["volumeMounts"] == [
        {"name": "scratch", "mountPath": "/scratch"}, {"name": "tmp", "mountPath": "/tmp"},
        {"name": "uploads", "mountPath": "/data/uploads"}]


def test_a_read_write_once_claim_replaces_pods_instead_of_rolling(run):
    # A rolling update starts the new pod before the old one stops; with a claim attached to one
    # node the new pod waits forever when scheduled on another (kubernetes.io/docs/concepts/
    # storage/persistent-volumes/#access-modes).
    assert run.one(DEPLOYMENT, "api-deployment").plain()["spec"]["strategy"] == {"type": "Recreate"}


def test_a_read_write_many_claim_keeps_rolling_updates():
    run = run_program(_program(access_mode="ReadWriteMany", replicas=3))
    assert "strategy" not in run.one(DEPLOYMENT, "api-deployment").plain()["spec"]
    assert run.one(CLAIM).plain()["spec"]["accessModes"] == ["ReadWriteMany"]


def test_read_permission_mounts_read_only():
    def volumes(uploads):
        return {"uploads": {"kind": "persistent", "source": uploads, "mount_path": "/data", "permission": "read"}}
    run = run_program(_with_source(volumes, access_mode="ReadOnlyMany"))
    pod = _pod(run)
    assert pod["volumes"][0]["persistentVolumeClaim"]["readOnly"] is True
    assert pod["containers"][0]["volumeMounts"][0] == {"name": "uploads", "mountPath": "/data", "readOnly": True}


def _with_source(volumes, **volume_args):
    def program():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev"})
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app, **volume_args)
        rad.Container("api", application=app, container={"image": IMAGE, "volumes": volumes(uploads)})
    return program


def test_the_claim_keeps_its_data_while_protected(run):
    # protect_stateful (default): protected, and left in the cluster when removed from the program.
    claim = run.one(CLAIM)
    assert claim.protect is True and claim.retain_on_delete is True


def test_a_throwaway_environment_deletes_the_claim():
    claim = run_program(_program(protect=False)).one(CLAIM)
    assert not claim.protect and not claim.retain_on_delete


def test_the_recipe_takes_a_storage_class():
    run = run_program(_program(recipe={"parameters": {"storage_class": "fast-rwx"}}))
    assert run.one(CLAIM).plain()["spec"]["storageClassName"] == "fast-rwx"


def test_an_existing_claim_is_mounted_and_nothing_created():
    run = run_program(_program(resource_provisioning="manual", resource="legacy-uploads"))
    assert not run.of_type(CLAIM)
    assert _pod(run)["volumes"][2] == {"name": "uploads", "persistentVolumeClaim": {"claimName": "legacy-uploads"}}


def test_the_emitted_objects_are_valid_kubernetes(run):
    for r in run.resources:
        if r.type in (DEPLOYMENT, CLAIM):
            kubernetes_validate.validate(r.plain(), KUBERNETES_VERSION, strict=True)


# -- refused before anything registers ---------------------------------------------------------


def _refused(program):
    with recorded() as registered, pytest.raises(rad.RadiusValidationError) as err:
        run_program(program)
    natives = [r for r in registered if r.type.startswith("kubernetes:")]
    return err.value, natives


def test_read_write_once_with_several_replicas_is_refused():
    error, natives = _refused(_program(replicas=2))
    assert error.field == "container.volumes.uploads.source"
    assert "ReadWriteOnce" in error.problem and "2 replicas" in error.problem
    assert "ReadWriteMany" in error.fix
    assert not [r for r in natives if r.type == DEPLOYMENT]


@pytest.mark.parametrize("first, second", [("/data", "/data/"), ("/data", "/data/uploads"), ("/a/b/c", "/a/b")])
def test_nested_or_equal_mount_paths_are_refused(first, second):
    error, _ = _refused(_program(volumes={
        "a": {"kind": "ephemeral", "mount_path": first}, "b": {"kind": "ephemeral", "mount_path": second}}))
    assert error.field == "container.volumes.b.mount_path" and error.value == second


@pytest.mark.parametrize("path", ["data", "/", "//"])
def test_a_mount_path_must_be_an_absolute_directory(path):
    error, _ = _refused(_program(volumes={"a": {"kind": "ephemeral", "mount_path": path}}))
    assert error.field == "container.volumes.a.mount_path"


def test_a_persistent_volume_needs_a_volume_as_source():
    error, _ = _refused(_program(volumes={"a": {"kind": "persistent", "source": "uploads", "mount_path": "/d"}}))
    assert error.field == "container.volumes.a.source" and "rad.Volume" in error.fix


def test_a_read_only_many_volume_mounted_for_writing_is_refused():
    def volumes(uploads):
        return {"u": {"kind": "persistent", "source": uploads, "mount_path": "/d"}}  # permission: write (default)
    error, _ = _refused(_with_source(volumes, access_mode="ReadOnlyMany"))
    assert error.field == "container.volumes.u.permission" and "permission='read'" in error.fix


def test_a_volume_of_another_application_is_refused():
    def program():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev"})
        shop, blog = rad.Application("shop", environment=env), rad.Application("blog", environment=env)
        uploads = rad.Volume("uploads", application=blog)
        rad.Container("api", application=shop, container={"image": IMAGE, "volumes": {
            "u": {"kind": "persistent", "source": uploads, "mount_path": "/d"}}})
    error, natives = _refused(program)
    assert error.field == "container.volumes.u.source" and "application 'blog'" in error.problem
    assert not [r for r in natives if r.type == DEPLOYMENT]


@pytest.mark.parametrize("arguments, field", [
    ({"size_gib": 0}, "size_gib"),
    ({"access_mode": "ReadWriteOncePod"}, "access_mode"),
    ({"resource_provisioning": "manual"}, "resource"),
    ({"resource": "x"}, "resource"),
    ({"recipe": {"parameters": {"storageClass": "x"}}}, "recipe.parameters.storageClass"),
])
def test_bad_volume_arguments_are_refused(arguments, field):
    def program():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev"})
        app = rad.Application("shop", environment=env)
        rad.Volume("uploads", application=app, **arguments)
    error, natives = _refused(program)
    assert error.component == "Volume 'uploads'" and error.field == field
    assert not [r for r in natives if r.type == CLAIM]


def test_a_connection_to_a_volume_is_refused():
    def program():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev"})
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app)
        rad.Container("api", application=app, container={"image": IMAGE}, connections={"files": {"source": uploads}})
    error, _ = _refused(program)
    assert error.field == "connections.files.source" and "mounted, not connected to" in error.problem


def test_an_ephemeral_size_limit_must_be_a_quantity():
    error, _ = _refused(_program(volumes={"a": {"kind": "ephemeral", "mount_path": "/a", "size_limit": "lots"}}))
    assert error.field == "container.volumes.a.size_limit"


def test_a_volume_is_data_in_the_graph_and_the_pr_summary():
    from radius_components.diff.grouping import datastore_kinds
    from radius_components.resources.registry import data_holding_types

    assert "Volume" in {d.name for d in data_holding_types()}
    assert "Volume" in datastore_kinds()


def test_a_storage_class_must_be_a_storage_class_name():
    error, natives = _refused(_program(recipe={"parameters": {"storage_class": "Fast RWX"}}))
    assert error.field == "recipe.parameters.storage_class"
    assert not [r for r in natives if r.type == CLAIM]


def test_the_graph_shows_the_volume_as_data_mounted_by_the_container():
    from radius_components.graph import render_mermaid
    from radius_components.testing import resolve

    captured = {}

    def with_graph():
        env = rad.Environment("dev", compute={"kind": "kubernetes", "namespace": "dev"})
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app)
        rad.Container("api", application=app, container={"image": IMAGE, "volumes": {
            "files": {"kind": "persistent", "source": uploads, "mount_path": "/files"}}})
        captured["graph"] = app.graph

    run_program(with_graph)
    graph = resolve(captured["graph"])
    nodes = {n["name"]: n for n in graph["resources"]}
    assert nodes["api"]["connections"]["outbound"] == [
        {"name": "files", "target": "uploads", "type": "Applications.Core/volumes"}]
    assert nodes["uploads"]["native"] == [{"type": CLAIM, "name": "uploads-claim"}]
    mermaid = render_mermaid(graph)
    assert '[("uploads<br/>Applications.Core/volumes")]' in mermaid  # a cylinder: it holds data


def test_a_deployment_switching_to_recreate_is_replaced_deleted_first(run):
    # The API server refuses `type: Recreate` on a Deployment whose defaulted `rollingUpdate` no
    # field manager owns (kubernetes/kubernetes#24198): replaced instead, deleted first (its name
    # is fixed); tests/engine/test_volumes_cluster.py shows it on a real API server.
    assert run.one(DEPLOYMENT, "api-deployment").delete_before_replace is True
    rwx = run_program(_program(access_mode="ReadWriteMany"))
    assert rwx.one(DEPLOYMENT, "api-deployment").delete_before_replace is False
