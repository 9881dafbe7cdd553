"""Conformance with Radius's own Kubernetes renderer: its test cases, the same inputs through our
API, the same expected objects.

Each case names the Radius test it comes from (radius-project/radius,
pkg/corerp/renderers/container/render_test.go and testdata/, the kubernetesmetadata, manualscale
and daprextension renderers' tests). They run on `KubernetesCompute(application_namespaces=True)`,
Radius's layout. What differs on purpose is listed in docs/contract.md, "Differences from Radius",
and asserted here as the difference it is.
"""

from __future__ import annotations

from typing import Any

import pytest

import radius_components as rad
from tests.helpers.mocks import run_program

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
SECRET = "kubernetes:core/v1:Secret"
CONFIGMAP = "kubernetes:core/v1:ConfigMap"

# The names Radius's renderer tests use (render_test.go's constants).
APP = "test-app"
RESOURCE = "test-container"


def render(container: dict[str, Any], **kwargs: Any):
    """One container `test-container` of application `test-app`, Radius's layout."""
    def program():
        env = rad.Environment("test-env", compute=rad.KubernetesCompute(namespace="radius-test",
                                                                          application_namespaces=True))
        app = rad.Application(APP, environment=env)
        rad.Container(RESOURCE, application=app, container=container, **kwargs)
    return run_program(program)


def deployment(run) -> dict[str, Any]:
    return run.one(DEPLOYMENT).plain()


def the_container(run) -> dict[str, Any]:
    (container,) = deployment(run)["spec"]["template"]["spec"]["containers"]
    return container


# Radius's labels (kubernetes.MakeDescriptiveLabels / MakeSelectorLabels), but for managed-by:
# Radius writes `radius-rp`, we write `radius-components` (docs/contract.md: the objects are the
# stack's, not Radius's control plane's; a Radius installation must not think it owns them).
RADIUS_LABELS = {
    "app.kubernetes.io/name": RESOURCE, "app.kubernetes.io/part-of": APP,
    "radapp.io/application": APP, "radapp.io/resource": RESOURCE,
    "radapp.io/resource-type": "applications.core-containers",
}
SELECTOR = {"radapp.io/application": APP, "radapp.io/resource": RESOURCE}


def test_basic(recwarn):
    """render_test.go Test_Render_Basic: labels, selector, service links off, the container named
    after the resource, plain values and secretKeyRefs to named Secrets."""
    run = render({"image": "someimage:latest", "env": {
        "TEST_VAR_1": {"value": "TEST_VALUE_1"},
        "TEST_VAR_2": {"value_from": {"secret_ref": {"source": "test-secret", "key": "TEST_KEY_2"}}},
    }})
    dep = deployment(run)
    assert dep["metadata"]["name"] == RESOURCE and dep["metadata"]["namespace"] == "radius-test-test-app"
    labels = dict(dep["metadata"]["labels"])
    assert labels.pop("app.kubernetes.io/managed-by") == "radius-components"  # Radius: radius-rp
    assert labels == RADIUS_LABELS
    assert dep["spec"]["selector"]["matchLabels"] == SELECTOR
    pod = dep["spec"]["template"]
    assert {k: v for k, v in pod["metadata"]["labels"].items() if k != "app.kubernetes.io/managed-by"} == RADIUS_LABELS
    assert pod["spec"]["enableServiceLinks"] is False
    container = the_container(run)
    assert container["name"] == RESOURCE and container["image"] == "someimage:latest"
    assert "imagePullPolicy" not in container and "command" not in container and "workingDir" not in container
    assert container["env"] == [
        {"name": "TEST_VAR_1", "value": "TEST_VALUE_1"},
        {"name": "TEST_VAR_2", "valueFrom": {"secretKeyRef": {"name": "test-secret", "key": "TEST_KEY_2"}}},
    ]


def test_command_args_working_dir():
    """render_test.go Test_Render_WithCommandArgsWorkingDir."""
    run = render({"image": "someimage:latest", "command": ["command1", "command2"], "args": ["arg1", "arg2"],
                  "working_dir": "/some/path/working"})
    container = the_container(run)
    assert container["command"] == ["command1", "command2"]
    assert container["args"] == ["arg1", "arg2"]
    assert container["workingDir"] == "/some/path/working"


def test_image_pull_policy():
    """render_test.go Test_Render_ImagePullPolicySpecified."""
    run = render({"image": "someimage:latest", "image_pull_policy": "Always"})
    assert the_container(run)["imagePullPolicy"] == "Always"


def test_readiness_probe_http_get_on_an_undeclared_port():
    """render_test.go Test_Render_ReadinessProbeHttpGet: every timing given, a header, port 8080
    which the container does not declare (a warning here, as Radius renders it as given)."""
    run = render({"image": "someimage:latest", "readiness_probe": {
        "kind": "httpGet", "container_port": 8080, "path": "/healthz", "headers": {"header1": "value1"},
        "initial_delay_seconds": 30, "failure_threshold": 10, "period_seconds": 2, "timeout_seconds": 5}})
    assert the_container(run)["readinessProbe"] == {
        "httpGet": {"path": "/healthz", "port": 8080, "httpHeaders": [{"name": "header1", "value": "value1"}]},
        "initialDelaySeconds": 30, "failureThreshold": 10, "periodSeconds": 2, "timeoutSeconds": 5}
    assert any("container.readiness_probe.container_port 8080" in w for w in run.warnings)


def test_readiness_probe_tcp():
    """render_test.go Test_Render_ReadinessProbeTcp."""
    run = render({"image": "someimage:latest", "readiness_probe": {
        "kind": "tcp", "container_port": 8080,
        "initial_delay_seconds": 30, "failure_threshold": 10, "period_seconds": 2, "timeout_seconds": 5}})
    assert the_container(run)["readinessProbe"] == {
        "tcpSocket": {"port": 8080}, "initialDelaySeconds": 30, "failureThreshold": 10, "periodSeconds": 2,
        "timeoutSeconds": 5}


def test_liveness_probe_with_defaults():
    """render_test.go Test_Render_LivenessProbeWithDefaults: an exec probe given as one string,
    no timings: Radius's defaults (render.go DefaultInitialDelaySeconds and the three after it)."""
    run = render({"image": "someimage:latest", "liveness_probe": {"kind": "exec", "command": "a b c"}})
    assert the_container(run)["livenessProbe"] == {
        "exec": {"command": ["a", "b", "c"]},
        "failureThreshold": 3, "periodSeconds": 10, "timeoutSeconds": 5}


def test_service_named_after_the_container():
    """render_test.go Test_DNS_Service_Generation: a port `web` (container 3000, Service 80)
    gives a ClusterIP Service named after the container, selecting its pods."""
    run = render({"image": "someimage:latest", "ports": {"web": {"container_port": 3000, "port": 80}}})
    service = run.one(SERVICE).plain()
    assert service["metadata"]["name"] == RESOURCE
    assert service["spec"]["selector"] == SELECTOR and service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["ports"] == [{"name": "web", "port": 80, "targetPort": 3000, "protocol": "TCP"}]


def test_no_ports_no_service():
    """render_test.go Test_Render_Basic renders no Service for a container without ports."""
    assert not render({"image": "someimage:latest"}).of_type(SERVICE)


def test_manual_scaling():
    """manualscale/render_test.go Test_Render_Success: replicas from the extension."""
    run = render({"image": "someimage:latest"}, extensions=[{"kind": "manualScaling", "replicas": 2}])
    assert deployment(run)["spec"]["replicas"] == 2


def test_dapr_sidecar():
    """daprextension/renderer_test.go Test_Render_Success: the sidecar injector's annotations
    (dapr.io/enabled, app-id, app-port, config, protocol). One deliberate difference
    (docs/contract.md): the protocol is `dapr.io/app-protocol`, the annotation Dapr reads, where
    Radius writes `dapr.io/protocol`."""
    run = render({"image": "someimage:latest"}, extensions=[{
        "kind": "daprSidecar", "app_id": "testAppId", "app_port": 5000, "protocol": "grpc", "config": "test-config"}])
    annotations = deployment(run)["spec"]["template"]["metadata"]["annotations"]
    assert {k: v for k, v in annotations.items() if k.startswith("dapr.io/")} == {
        "dapr.io/enabled": "true", "dapr.io/app-id": "testAppId", "dapr.io/app-port": "5000",
        "dapr.io/config": "test-config", "dapr.io/app-protocol": "grpc"}


def test_kubernetes_metadata_on_the_container():
    """kubernetesmetadata/render_test.go (the container-level case): labels and annotations on the
    Deployment and its pod template; the reserved radapp.io labels stay Radius's."""
    run = render({"image": "someimage:latest"}, extensions=[{
        "kind": "kubernetesMetadata", "labels": {"test.lbl.1": "lbl.val.1"},
        "annotations": {"test.ann.1": "ann.val.1"}}])
    dep = deployment(run)
    for meta in (dep["metadata"], dep["spec"]["template"]["metadata"]):
        assert meta["labels"]["test.lbl.1"] == "lbl.val.1"
        assert meta["annotations"]["test.ann.1"] == "ann.val.1"
        assert meta["labels"]["radapp.io/resource"] == RESOURCE


def test_kubernetes_metadata_cascades_from_environment_and_application():
    """kubernetesmetadata/render_test.go (environment, application and container metadata):
    precedence environment < application < container, on the Deployment and its pod template.
    A reserved key (radapp.io/*, app.kubernetes.io/*) given at any level is refused here, where
    Radius silently keeps its own value (docs/contract.md)."""
    def program():
        env = rad.Environment("test-env", compute=rad.KubernetesCompute(namespace="radius-test",
                                                                          application_namespaces=True),
                              extensions=[{"kind": "kubernetesMetadata",
                                           "labels": {"env.lbl": "env", "shared.lbl": "env"},
                                           "annotations": {"env.ann": "env", "shared.ann": "env"}}])
        app = rad.Application(APP, environment=env, extensions=[{
            "kind": "kubernetesMetadata", "labels": {"app.lbl": "app", "shared.lbl": "app"},
            "annotations": {"shared.ann": "app"}}])
        rad.Container(RESOURCE, application=app, container={"image": "img"}, extensions=[{
            "kind": "kubernetesMetadata", "labels": {"shared.lbl": "container"}}])

    dep = deployment(run_program(program))
    for meta in (dep["metadata"], dep["spec"]["template"]["metadata"]):
        assert {k: meta["labels"][k] for k in ("env.lbl", "app.lbl", "shared.lbl")} == {
            "env.lbl": "env", "app.lbl": "app", "shared.lbl": "container"}
        assert meta["labels"]["radapp.io/resource"] == RESOURCE
        assert {k: meta["annotations"][k] for k in ("env.ann", "shared.ann")} == {"env.ann": "env", "shared.ann": "app"}


# The fixture's input, testdata/basemanifest-input-merge.yaml, restated: a Deployment with
# replicas, selector and template labels, a secret volume and env from a Secret and a ConfigMap;
# a Service, a ServiceAccount, two Secrets and a ConfigMap.
BASE_MERGE = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: test-container, labels: {app: test-container}, annotations: {source: base-manifest-test}}
spec:
  replicas: 3
  selector: {matchLabels: {app: test-container, basemanifest: default}}
  template:
    metadata: {labels: {app: test-container, basemanifest: default}}
    spec:
      serviceAccountName: test-container
      volumes: [{name: secret-vol, secret: {secretName: test-container-secret0}}]
      containers:
      - name: test-container
        ports: [{containerPort: 80, protocol: TCP}]
        volumeMounts: [{name: secret-vol, readOnly: true, mountPath: /etc/secret-vol}]
        env:
        - {name: TEST_SECRET_KEY, valueFrom: {secretKeyRef: {name: test-container-secret1, key: secret1}}}
        - {name: TEST_CONFIGMAP_KEY, valueFrom: {configMapKeyRef: {name: test-container-config, key: TEST_CONFIGMAP}}}
---
apiVersion: v1
kind: Service
metadata: {name: test-container, annotations: {source: base-manifest-test}}
spec:
  selector: {app.kubernetes.io/name: test-container}
  ports: [{protocol: TCP, port: 3000, targetPort: 3000}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: test-container, annotations: {source: base-manifest-test}}
---
apiVersion: v1
kind: Secret
metadata: {name: test-container-secret0, annotations: {source: base-manifest-test}}
type: Opaque
stringData: {secret0: test-secret-0}
---
apiVersion: v1
kind: Secret
metadata: {name: test-container-secret1, annotations: {source: base-manifest-test}}
type: Opaque
stringData: {secret1: test-secret-1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: test-container-config, annotations: {source: base-manifest-test}}
data: {TEST_CONFIGMAP: test-configmap}
"""


def test_base_manifest_merge():
    """render_test.go Test_Render_BaseManifest, "merge container, envvars, and volumes"
    (testdata/basemanifest-output-merge.json): the base's replicas, selector and pod labels,
    volume, port and env merged under the generated ones; its Secrets and ConfigMap deployed."""
    run = render({"image": "someimage:latest",
                  "env": {"TEST_VAR_1": {"value": "TEST_VALUE_1"}, "TEST_VAR_2": {"value": "81"}},
                  "volumes": {"ephemeralVolume": {"kind": "ephemeral", "mount_path": "/mnt/ephemeral",
                                                  "managed_store": "memory"}}},
                 runtimes={"kubernetes": {"base": BASE_MERGE}})
    dep = deployment(run)
    assert dep["metadata"]["name"] == RESOURCE
    assert dep["metadata"]["annotations"] == {"source": "base-manifest-test"}
    assert dep["metadata"]["labels"]["app"] == "test-container"
    spec = dep["spec"]
    assert spec["replicas"] == 3
    assert spec["selector"]["matchLabels"] == {"app": "test-container", "basemanifest": "default", **SELECTOR}
    assert {"app": "test-container", "basemanifest": "default"}.items() <= spec["template"]["metadata"]["labels"].items()
    pod = spec["template"]["spec"]
    assert pod["serviceAccountName"] == RESOURCE and pod["enableServiceLinks"] is False
    # Radius keeps the volume name `ephemeralVolume` as written; we make it a DNS label (a
    # Kubernetes volume name must be one: the API server refuses `ephemeralVolume`).
    assert pod["volumes"] == [{"name": "secret-vol", "secret": {"secretName": "test-container-secret0"}},
                              {"name": "ephemeralvolume", "emptyDir": {"medium": "Memory"}}]
    (container,) = pod["containers"]
    assert container["image"] == "someimage:latest"
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert container["env"] == [
        {"name": "TEST_SECRET_KEY", "valueFrom": {"secretKeyRef": {"name": "test-container-secret1", "key": "secret1"}}},
        {"name": "TEST_CONFIGMAP_KEY", "valueFrom": {"configMapKeyRef": {"name": "test-container-config",
                                                                         "key": "TEST_CONFIGMAP"}}},
        {"name": "TEST_VAR_1", "value": "TEST_VALUE_1"},
        {"name": "TEST_VAR_2", "value": "81"},
    ]
    assert container["volumeMounts"] == [{"name": "secret-vol", "readOnly": True, "mountPath": "/etc/secret-vol"},
                                         {"name": "ephemeralvolume", "mountPath": "/mnt/ephemeral"}]
    # populateAllBaseResources: the Secrets and the ConfigMap, in the application's namespace,
    # before the Deployment.
    assert sorted(r.plain()["metadata"]["name"] for r in run.of_type(SECRET)) == [
        "test-container-secret0", "test-container-secret1"]
    assert run.one(CONFIGMAP).plain()["metadata"]["namespace"] == "radius-test-test-app"
    dependencies = set(run.one(DEPLOYMENT).dependencies)
    assert {r.urn for r in run.of_type(SECRET)} | {run.one(CONFIGMAP).urn} <= dependencies
    # A container without ports has no Service: the base's Service document is skipped.
    assert not run.of_type(SERVICE)


def test_reserved_labels_in_environment_metadata_are_refused():
    def program():
        with pytest.raises(Exception) as info:
            rad.Environment("test-env", compute=rad.KubernetesCompute(namespace="radius-test"),
                            extensions=[{"kind": "kubernetesMetadata", "labels": {"radapp.io/resource": "x"}}])
        assert "Environment 'test-env'" in str(info.value) and "radapp.io/resource" in str(info.value)
    run_program(program)

