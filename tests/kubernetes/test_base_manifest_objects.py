"""`runtimes.kubernetes.base`: its ConfigMaps and Secrets are deployed as given, before the
workload, and a Service document of a port-less container is skipped, as Radius does
(radius-project/radius, pkg/corerp/renderers/container/manifest.go populateAllBaseResources;
render.go makes a Service only for a container with ports)."""

from __future__ import annotations

import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationError
from tests.helpers.mocks import run_program

CONFIGMAP = "kubernetes:core/v1:ConfigMap"
SECRET = "kubernetes:core/v1:Secret"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"

BASE = """
apiVersion: v1
kind: Service
metadata:
  annotations:
    source: base-manifest-test
---
apiVersion: v1
kind: Secret
metadata:
  name: extra-secret
type: Opaque
stringData:
  secret1: test-secret-1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: extra-config
data:
  TEST_CONFIGMAP: test-configmap
"""


def _run(container):
    def program():
        environment = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=environment)
        rad.Container("demo", application=app, container=container, runtimes={"kubernetes": {"base": BASE}})
    return run_program(program)


def test_configmaps_and_secrets_of_the_base_are_deployed_as_given_before_the_deployment():
    run = _run({"image": "img", "ports": {"web": {"container_port": 3000}}})
    config = run.one(CONFIGMAP).plain()
    assert config["metadata"] == {"name": "extra-config", "namespace": run.one(DEPLOYMENT).plain()["metadata"]["namespace"]}
    assert config["data"] == {"TEST_CONFIGMAP": "test-configmap"}
    secret = run.one(SECRET).plain()
    assert secret["metadata"]["name"] == "extra-secret" and secret["stringData"] == {"secret1": "test-secret-1"}
    deployment = run.one(DEPLOYMENT)
    depends = set(deployment.dependencies)
    assert run.one(CONFIGMAP).urn in depends and run.one(SECRET).urn in depends
    # The Service document still merges into the generated Service.
    assert run.one(SERVICE).plain()["metadata"]["annotations"]["source"] == "base-manifest-test"


def test_a_service_document_of_a_container_without_ports_is_skipped_with_a_warning():
    run = _run({"image": "img"})
    assert not run.of_type(SERVICE)
    assert run.one(CONFIGMAP) and run.one(SECRET)
    assert any("has a Service document" in w and "ignored" in w for w in run.warnings), run.warnings


@pytest.mark.parametrize("doc, field, why", [
    ("kind: ConfigMap\napiVersion: v1\ndata: {a: b}\n", "runtimes.kubernetes.base[0].metadata.name", "needs a valid"),
    ("kind: ConfigMap\napiVersion: v1\nmetadata: {name: c, namespace: other}\n",
     "runtimes.kubernetes.base[0].metadata.namespace", "application's namespace"),
    ("kind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n",
     "runtimes.kubernetes.base[1].metadata.name", "a second ConfigMap"),
    ("kind: Secret\napiVersion: v1\nstringData: {a: b}\n", "runtimes.kubernetes.base[0].metadata.name",
     "no Secret of its own"),
    ("kind: Job\napiVersion: batch/v1\n", "runtimes.kubernetes.base[0].kind", "adds ConfigMaps and Secrets"),
])
def test_base_documents_that_cannot_be_deployed_are_refused(doc, field, why):
    def program():
        environment = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=environment)
        with pytest.raises(RadiusValidationError) as info:
            rad.Container("demo", application=app, container={"image": "img"},
                          runtimes={"kubernetes": {"base": doc}})
        assert field in str(info.value) and why in str(info.value), str(info.value)

    run = run_program(program)
    assert not run.of_type(DEPLOYMENT)
