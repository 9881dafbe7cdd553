"""Review R-K8S-15: a namespace an application names with its `kubernetesNamespace` extension is
adopted (created when missing), never owned: pulumi-kubernetes creates a `Namespace` with a POST
even with server-side apply on, so one that exists fails with `AlreadyExists`, and an owned one is
deleted on `destroy` (pulumi/pulumi-kubernetes provider/pkg/await/await.go, Creation and Deletion:
the apply-patch create and the relinquishing delete are a patch resource's). The engine half:
tests/engine/test_autoscaling_cluster.py (an existing namespace adopted, kept on destroy)."""

from __future__ import annotations

import radius_components as rad
from tests.helpers.mocks import run_program

NAMESPACE = "kubernetes:core/v1:Namespace"
PATCH = "kubernetes:core/v1:NamespacePatch"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def _run(given: bool):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev", application_namespaces=True))
        extensions = [{"kind": "kubernetesNamespace", "namespace": "team-shop"}] if given else []
        app = rad.Application("shop", environment=env, extensions=extensions)
        rad.Container("web", application=app, container={"image": "img"})
    return run_program(program)


def test_a_named_namespace_is_a_patch_with_only_radius_labels_and_the_workload_waits_for_it():
    run = _run(given=True)
    [patch] = run.of_type(PATCH)
    metadata = patch.plain()["metadata"]
    assert metadata["name"] == "team-shop"
    # A prepared namespace's own app.kubernetes.io/managed-by is left alone (a different value would
    # be a server-side apply conflict).
    assert sorted(metadata["labels"]) == ["radapp.io/application", "radapp.io/environment"]
    assert [r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)] == ["dev"]
    assert patch.urn in run.one(DEPLOYMENT).dependencies


def test_the_default_application_namespace_stays_owned():
    """`<namespace>-<application>` is the stack's own (created, deleted on destroy), as Radius's."""
    run = _run(given=False)
    assert not run.of_type(PATCH)
    assert sorted(r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)) == ["dev", "dev-shop"]


def test_every_named_namespace_in_the_examples_is_adopted():
    """The class: no example registers an owned Namespace of a kubernetesNamespace extension."""
    from tests.kubernetes.examples import PROGRAMS, run_of
    for example in PROGRAMS:
        run = run_of(example)
        owned = {r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)}
        adopted = {r.plain()["metadata"]["name"] for r in run.of_type(PATCH)}
        assert not owned & adopted, example
