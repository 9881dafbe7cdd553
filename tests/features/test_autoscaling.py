"""`autoScaling` (issue #27) on every kind under mocks: what each kind registers, and what each
refuses before anything registers. Names are read from the registered resources, not assumed."""

from __future__ import annotations

from typing import Any, Optional

import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationError
from radius_components.testing import validation_error_in
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import recorded, run_program

SIZED = {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}}
CPU = {"kind": "cpu", "target": {"average_utilization": 70}}
MEMORY = {"kind": "memory", "target": {"average_utilization": 80}}
REQUESTS = {"kind": "requests", "target": {"concurrent_requests": 50}}
PROMETHEUS = {"kind": "custom", "type": "prometheus", "metadata": {
    "serverAddress": "http://prometheus.monitoring:9090", "query": "sum(rate(http_requests_total[1m]))",
    "threshold": "100"}}


def scaling(*metrics: dict[str, Any], low: int = 1, high: int = 8) -> dict[str, Any]:
    return {"kind": "autoScaling", "min_replicas": low, "max_replicas": high, "metrics": list(metrics)}


def program(compute: Any, extension: dict[str, Any], resources: Optional[dict[str, Any]] = SIZED,
            gateway: bool = False, ports: bool = True):
    def body() -> None:
        env = rad.Environment("prod", compute=compute, protect_stateful=False)
        app = rad.Application("shop", environment=env)
        spec: dict[str, Any] = {"image": "ghcr.io/example/web:1.0"}
        if ports:
            spec["ports"] = {"web": {"container_port": 8080}}
        if resources is not None:
            spec["resources"] = resources
        web = rad.Container("web", application=app, container=spec, extensions=[extension])
        if gateway:
            rad.Gateway("public", application=app, routes=[{"path": "/", "destination": web}])
    return body


def refused(body) -> RadiusValidationError:
    """The validation error a program raises; nothing may have registered before it."""
    with recorded() as registrations:
        with pytest.raises(Exception) as info:
            run_program(body)
    error = validation_error_in(info.value)
    assert error is not None, info.value
    assert [r for r in registrations if not r.type.startswith(("pulumi:", "radius:"))] == []
    return error


# -- the model ------------------------------------------------------------------------------

@pytest.mark.parametrize("extension,field", [
    (scaling(CPU, low=5, high=2), "max_replicas"),
    ({"kind": "autoScaling", "max_replicas": 3, "metrics": []}, "metrics"),
    (scaling({"kind": "cpu", "target": {"concurrent_requests": 5}}), "metrics[0].target"),
    (scaling({"kind": "requests", "target": {"average_utilization": 5}}), "metrics[0].target"),
    (scaling({"kind": "custom", "metadata": {"a": "b"}}), "metrics[0].type"),
    (scaling({"kind": "cpu", "target": {"average_utilization": 70}, "type": "cpu"}), "metrics[0].type"),
    (scaling(CPU, CPU), "metrics[1].kind"),
])
def test_bad_shapes_are_refused_naming_the_field(extension, field):
    error = refused(program(COMPUTE["kubernetes"](), extension))
    assert field in error.field, error


def test_autoscaling_and_manual_scaling_exclude_each_other():
    def body() -> None:
        env = rad.Environment("prod", compute=COMPUTE["kubernetes"]())
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "ghcr.io/example/web:1.0", "resources": SIZED},
                      extensions=[{"kind": "manualScaling", "replicas": 2}, scaling(CPU)])
    error = refused(body)
    assert "autoScaling" in str(error) and "manualScaling" in str(error)


def test_camel_case_spelling_is_radius_own():
    ext = {"kind": "autoScaling", "minReplicas": 2, "maxReplicas": 5,
           "metrics": [{"kind": "cpu", "target": {"averageUtilization": 60}}]}
    run = run_program(program(COMPUTE["kubernetes"](), ext))
    hpa = run.k8s("HorizontalPodAutoscaler")[0].plain()["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (2, 5)


# -- kubernetes -------------------------------------------------------------------------------

def _deployment(run) -> dict[str, Any]:
    return run.k8s("Deployment")[0]


def test_kubernetes_cpu_and_memory_become_an_hpa_owning_the_replicas():
    run = run_program(program(COMPUTE["kubernetes"](), scaling(CPU, MEMORY)))
    deployment = _deployment(run)
    manifest = deployment.plain()
    assert "replicas" not in manifest["spec"]
    # Client-side apply would diff the live count against the program's; ignored either way.
    assert deployment.ignore_changes == ["spec.replicas"]
    [hpa] = run.k8s("HorizontalPodAutoscaler")
    spec = hpa.plain()["spec"]
    assert hpa.type == "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                      "name": manifest["metadata"]["name"]}
    assert hpa.plain()["metadata"]["namespace"] == manifest["metadata"]["namespace"]
    [app_container] = manifest["spec"]["template"]["spec"]["containers"]
    # ContainerResource: the app container's utilization, not the pod's sum, which fails on an
    # injected sidecar without requests (review R-K8S-1; kubernetes pkg/controller/podautoscaler/
    # replica_calculator.go "missing request for cpu in container daprd", dapr/dapr#7813).
    assert spec["metrics"] == [
        {"type": "ContainerResource", "containerResource": {"name": "cpu", "container": app_container["name"],
                                                            "target": {"type": "Utilization", "averageUtilization": 70}}},
        {"type": "ContainerResource", "containerResource": {"name": "memory", "container": app_container["name"],
                                                            "target": {"type": "Utilization", "averageUtilization": 80}}}]
    # KEDA's webhook skips an HPA annotated so when a ScaledObject for the same workload is created
    # (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyHpas; review R-K8S-3).
    assert hpa.plain()["metadata"]["annotations"]["validations.keda.sh/hpa-ownership"] == "false"
    assert deployment.urn in hpa.dependencies
    assert not run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")


def test_kubernetes_without_autoscaling_keeps_its_replicas_managed():
    run = run_program(program(COMPUTE["kubernetes"](), {"kind": "manualScaling", "replicas": 3}))
    deployment = _deployment(run)
    assert deployment.plain()["spec"]["replicas"] == 3 and deployment.ignore_changes == []
    # After autoScaling, kube-controller-manager owns spec.replicas: an apply without force is a
    # field conflict; pulumi-kubernetes forces only with this annotation (provider/pkg/await/
    # await.go patchForce; pulumi/pulumi-kubernetes#2491; review R-K8S-2).
    assert deployment.plain()["metadata"]["annotations"]["pulumi.com/patchForce"] == "true"


def test_kubernetes_every_autoscaler_of_every_example_goes_through_on_a_live_cluster():
    """The class of R-K8S-1/3/4 over every kubernetes program the guards walk, plus the KEDA
    program above: HPA metrics per container, the ownership annotation KEDA's webhook reads, and
    ScaledObjects that restore the count on delete."""
    from tests.kubernetes.examples import PROGRAMS, run_of
    runs = [run_of(example) for example in PROGRAMS]
    runs.append(run_program(program(rad.KubernetesCompute(namespace="prod", keda=True), scaling(CPU, PROMETHEUS))))
    runs.append(run_program(program(COMPUTE["kubernetes"](), scaling(CPU, MEMORY))))
    hpas = [h for run in runs for h in run.k8s("HorizontalPodAutoscaler")]
    scaled = [s for run in runs for s in run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")]
    assert hpas and scaled
    for hpa in hpas:
        manifest = hpa.plain()
        assert {m["type"] for m in manifest["spec"]["metrics"]} == {"ContainerResource"}
        assert manifest["metadata"]["annotations"]["validations.keda.sh/hpa-ownership"] == "false"
    for so in scaled:
        spec = so.plain()["spec"]
        assert spec["advanced"]["restoreToOriginalReplicaCount"] is True
        assert all("containerName" in t["metadata"] for t in spec["triggers"] if t["type"] in ("cpu", "memory"))


def test_kubernetes_every_manual_count_is_applied_with_force():
    """The class of R-K8S-2: every container's Deployment that declares replicas, in every example,
    is applied with force (a count an autoscaler wrote before would otherwise be refused). Recipe
    Deployments are never autoscaled."""
    from tests.kubernetes.examples import PROGRAMS, run_of
    for example in PROGRAMS:
        for deployment in run_of(example).k8s("Deployment"):
            manifest = deployment.plain()
            container = manifest["metadata"]["labels"]["radapp.io/resource-type"] == "applications.core-containers"
            if container and "replicas" in manifest["spec"]:
                assert manifest["metadata"].get("annotations", {}).get("pulumi.com/patchForce") == "true", \
                    (example, manifest["metadata"]["name"])


def test_kubernetes_custom_and_scale_to_zero_become_a_keda_scaled_object():
    compute = rad.KubernetesCompute(namespace="prod", keda=True)
    run = run_program(program(compute, scaling(CPU, PROMETHEUS, low=0)))
    [so] = run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")
    manifest = so.plain()
    deployment = _deployment(run)
    assert manifest["spec"]["scaleTargetRef"]["name"] == deployment.plain()["metadata"]["name"]
    assert manifest["spec"]["minReplicaCount"] == 0 and manifest["spec"]["maxReplicaCount"] == 8
    # keda.sh/docs/2.20/scalers/cpu/: metricType Utilization, metadata.value a percent;
    # containerName: that container's utilization alone (review R-K8S-1).
    [app_container] = deployment.plain()["spec"]["template"]["spec"]["containers"]
    assert manifest["spec"]["triggers"] == [
        {"type": "cpu", "metricType": "Utilization", "metadata": {"containerName": app_container["name"], "value": "70"}},
        {"type": "prometheus", "metadata": dict(sorted(PROMETHEUS["metadata"].items()))}]
    # On delete KEDA sets the count back to the one before it (controllers/keda/
    # scaledobject_finalizer.go), else a Deployment at zero stays there (review R-K8S-4).
    assert manifest["spec"]["advanced"] == {"restoreToOriginalReplicaCount": True}
    assert "replicas" not in deployment.plain()["spec"] and deployment.ignore_changes == ["spec.replicas"]
    # KEDA's webhook reads the Deployment's pod template: it must exist first.
    assert deployment.urn in so.dependencies
    assert not run.k8s("HorizontalPodAutoscaler")


@pytest.mark.parametrize("extension,field,words", [
    (scaling(PROMETHEUS), "extensions.autoScaling.metrics", "KEDA"),
    (scaling(PROMETHEUS, low=0), "extensions.autoScaling.min_replicas", "KEDA"),
    (scaling(REQUESTS), "extensions.autoScaling.metrics[0].kind", "request"),
])
def test_kubernetes_refuses_what_it_cannot_run_without_keda(extension, field, words):
    error = refused(program(COMPUTE["kubernetes"](), extension))
    assert error.field == field and words in error.problem


def test_kubernetes_refuses_a_utilization_target_without_a_request():
    """KEDA's webhook: "the scaledobject has a cpu trigger but the container ... doesn't have the cpu
    request defined" (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go); the HPA reports
    `missing request for cpu` and never scales."""
    error = refused(program(COMPUTE["kubernetes"](), scaling(CPU), resources=None))
    assert error.field == "extensions.autoScaling.metrics[0].kind" and "request" in error.problem


def test_kubernetes_refuses_scale_to_zero_on_cpu_alone_even_with_keda():
    """KEDA's webhook: "scaledobject has only cpu/memory triggers AND minReplica is 0"."""
    error = refused(program(rad.KubernetesCompute(namespace="prod", keda=True), scaling(CPU, low=0)))
    assert error.field == "extensions.autoScaling.min_replicas"


def test_kubernetes_long_names_give_keda_a_short_hpa_name():
    """KEDA names its HPA keda-hpa-<name> and refuses one over 63 characters (verifyName)."""
    def body() -> None:
        env = rad.Environment("prod", compute=rad.KubernetesCompute(namespace="prod", keda=True))
        app = rad.Application("a" * 30, environment=env)
        rad.Container("b" * 60, application=app, container={"image": "ghcr.io/example/web:1.0", "resources": SIZED},
                      extensions=[scaling(PROMETHEUS)])
    [so] = run_program(body).of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")
    spec = so.plain()["spec"]
    assert spec["advanced"]["restoreToOriginalReplicaCount"] is True
    name = spec["advanced"]["horizontalPodAutoscalerConfig"]["name"]
    assert len(f"keda-hpa-{so.plain()['metadata']['name']}") > 63 and len(name) <= 63


def test_kubernetes_autoscaling_beside_an_injected_sidecar_measures_the_app_container():
    """daprd gets no requests from Dapr's injector by default: a pod-level `Resource` target fails
    (`missing request for cpu in container daprd`, dapr/dapr#7813); KEDA's webhook only sees the
    template's containers and admits it. Both target the app container (review R-K8S-1)."""
    for compute, extension in ((COMPUTE["kubernetes"](), scaling(CPU)),
                               (rad.KubernetesCompute(namespace="prod", keda=True), scaling(CPU, PROMETHEUS))):
        def body() -> None:
            env = rad.Environment("prod", compute=compute, protect_stateful=False)
            app = rad.Application("shop", environment=env)
            rad.Container("web", application=app,
                          container={"image": "ghcr.io/example/web:1.0", "resources": SIZED,
                                     "ports": {"web": {"container_port": 8080}}},
                          extensions=[extension, {"kind": "daprSidecar", "app_id": "web"}])
        run = run_program(body)
        [container] = _deployment(run).plain()["spec"]["template"]["spec"]["containers"]
        [scaler] = [*run.k8s("HorizontalPodAutoscaler"), *run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")]
        spec = scaler.plain()["spec"]
        if "metrics" in spec:
            assert [m["containerResource"]["container"] for m in spec["metrics"]] == [container["name"]]
        else:
            assert spec["triggers"][0]["metadata"]["containerName"] == container["name"]


@pytest.mark.parametrize("extension", [scaling(CPU), {"kind": "manualScaling", "replicas": 2}])
def test_kubernetes_base_manifest_cannot_set_replicas_beside_a_scaling_extension(extension):
    """Review R-K8S-14: with autoScaling the Deployment leaves replicas to the autoscaler; a base
    count would be what a new Deployment starts at (and the library's until the HPA writes)."""
    def body() -> None:
        env = rad.Environment("prod", compute=COMPUTE["kubernetes"](), protect_stateful=False)
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "ghcr.io/example/web:1.0", "resources": SIZED},
                      extensions=[extension],
                      runtimes={"kubernetes": {"base": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n"}})
    error = refused(body)
    assert error.field == "runtimes.kubernetes.base[0].spec.replicas" and error.value == 3


# -- knative ----------------------------------------------------------------------------------

def _revision_annotations(run) -> dict[str, str]:
    [svc] = run.of_type("kubernetes:serving.knative.dev/v1:Service")
    return svc.plain()["spec"]["template"]["metadata"]["annotations"]


def test_knative_requests_use_knative_own_autoscaler():
    annotations = _revision_annotations(run_program(program(COMPUTE["knative"](), scaling(REQUESTS, low=0, high=5))))
    scale = {k: v for k, v in annotations.items() if k.startswith("autoscaling.knative.dev/")}
    assert scale == {"autoscaling.knative.dev/min-scale": "0", "autoscaling.knative.dev/max-scale": "5",
                     "autoscaling.knative.dev/metric": "concurrency", "autoscaling.knative.dev/target": "50"}


def _with_serving_hpa() -> rad.KnativeCompute:
    return rad.KnativeCompute(namespace="prod", serving_hpa=True, await_ready=False)


def test_knative_cpu_uses_the_hpa_class():
    annotations = _revision_annotations(run_program(program(_with_serving_hpa(), scaling(CPU, low=2))))
    assert annotations["autoscaling.knative.dev/class"] == "hpa.autoscaling.knative.dev"
    assert annotations["autoscaling.knative.dev/metric"] == "cpu"
    assert annotations["autoscaling.knative.dev/target"] == "70"
    assert annotations["autoscaling.knative.dev/min-scale"] == "2"


def test_knative_memory_target_is_mib_of_the_request():
    """Knative's HPA class reads a memory target as MiB (serving pkg/reconciler/autoscaling/hpa/
    resources/hpa.go: AverageValue = target * 1024 * 1024): 80% of 2Gi = 1639 MiB (rounded up)."""
    annotations = _revision_annotations(run_program(program(_with_serving_hpa(), scaling(MEMORY))))
    assert annotations["autoscaling.knative.dev/metric"] == "memory"
    assert annotations["autoscaling.knative.dev/target"] == "1639"


@pytest.mark.parametrize("extension,field", [
    (scaling(CPU, REQUESTS), "extensions.autoScaling.metrics"),
    (scaling(PROMETHEUS), "extensions.autoScaling.metrics[0].kind"),
    (scaling(CPU, low=0), "extensions.autoScaling.min_replicas"),
])
def test_knative_refusals(extension, field):
    assert refused(program(_with_serving_hpa(), extension)).field == field


@pytest.mark.parametrize("extension,runtime,field", [
    (scaling(CPU), None, "extensions.autoScaling.metrics[0].kind"),
    (scaling(MEMORY), None, "extensions.autoScaling.metrics[0].kind"),
    ({"kind": "manualScaling", "replicas": 2}, None, None),
    (None, {"autoscaling_class": "hpa.autoscaling.knative.dev", "min_scale": 1},
     "runtimes.knative.autoscaling_class"),
])
def test_knative_hpa_class_needs_serving_hpa(extension, runtime, field):
    """Knative's HPA class is the optional serving-hpa.yaml component ("Knative Serving installation
    files", knative.dev/docs/install/yaml-install/serving/install-serving-with-yaml/); without it a
    revision's PodAutoscaler is never Ready and neither is the revision (knative/serving
    pkg/apis/serving/v1/revision_lifecycle.go PropagateAutoscalerStatus): review R-K8S-5."""
    def body(compute):
        def run() -> None:
            env = rad.Environment("prod", compute=compute, protect_stateful=False)
            app = rad.Application("shop", environment=env)
            rad.Container("web", application=app,
                          container={"image": "ghcr.io/example/web:1.0", "ports": {"web": {"container_port": 8080}},
                                     "resources": SIZED},
                          extensions=[extension] if extension else [],
                          runtimes={"knative": runtime} if runtime else None)
        return run
    if field is not None:
        error = refused(body(rad.KnativeCompute(namespace="prod", await_ready=False)))
        assert error.field == field and "serving-hpa" in error.fix
    run_program(body(_with_serving_hpa()))


# -- aca --------------------------------------------------------------------------------------

def _app_template(run) -> dict[str, Any]:
    [app] = run.of_type("azure-native:app:ContainerApp")
    return app.plain()["template"]


def test_aca_rules_per_metric():
    run = run_program(program(COMPUTE["aca"](), scaling(CPU, MEMORY, REQUESTS, PROMETHEUS, low=0, high=30)))
    scale = _app_template(run)["scale"]
    assert (scale["minReplicas"], scale["maxReplicas"]) == (0, 30)
    # Microsoft.App ScaleRule (pulumi_azure_native.app.ScaleRuleArgs): http.metadata.concurrentRequests,
    # custom.type cpu / memory with metadata type Utilization (learn.microsoft.com/azure/container-apps/scale-app).
    assert scale["rules"] == [
        {"name": "cpu", "custom": {"type": "cpu", "metadata": {"type": "Utilization", "value": "70"}}},
        {"name": "memory", "custom": {"type": "memory", "metadata": {"type": "Utilization", "value": "80"}}},
        {"name": "http", "http": {"metadata": {"concurrentRequests": "50"}}},
        {"name": "prometheus-0", "custom": {"type": "prometheus", "metadata": dict(sorted(PROMETHEUS["metadata"].items()))}},
    ]


def test_aca_custom_rules_keep_their_names_when_metrics_move():
    """Review R-AZ-1: a rule's auth comes from a runtimes.aca patch merged by rule name
    (Microsoft.App CustomScaleRule `auth`), so a custom rule is named after its scaler type and
    its place among that type's metrics: adding or reordering other metrics renames nothing."""
    queue = {"kind": "custom", "type": "azure-servicebus", "metadata": {"queueName": "jobs", "messageCount": "5"}}
    def names(*metrics):
        return [r["name"] for r in _app_template(run_program(program(COMPUTE["aca"](), scaling(*metrics, high=30))))["scale"]["rules"]]
    assert names(PROMETHEUS, queue) == ["prometheus-0", "azure-servicebus-0"]
    assert names(CPU, queue, MEMORY, PROMETHEUS, PROMETHEUS) == [
        "cpu", "azure-servicebus-0", "memory", "prometheus-0", "prometheus-1"]


@pytest.mark.parametrize("extension,ports,field", [
    (scaling(CPU, low=0), True, "extensions.autoScaling.min_replicas"),
    (scaling(REQUESTS), False, "extensions.autoScaling.metrics"),
    (scaling(CPU, high=1001), True, "extensions.autoScaling.max_replicas"),
])
def test_aca_refusals(extension, ports, field):
    assert refused(program(COMPUTE["aca"](), extension, ports=ports)).field == field


# -- ecs --------------------------------------------------------------------------------------

def test_ecs_target_tracking_per_metric_and_the_service_ignores_desired_count():
    run = run_program(program(COMPUTE["ecs"](), scaling(CPU, MEMORY, REQUESTS, low=2, high=6), gateway=True))
    [service] = run.of_type("aws:ecs/service:Service")
    assert service.plain()["desiredCount"] == 2 and service.ignore_changes == ["desiredCount"]
    [target] = run.of_type("aws:appautoscaling/target:Target")
    inputs = target.plain()
    assert (inputs["minCapacity"], inputs["maxCapacity"]) == (2, 6)
    assert inputs["scalableDimension"] == "ecs:service:DesiredCount" and inputs["serviceNamespace"] == "ecs"
    [cluster] = run.of_type("aws:ecs/cluster:Cluster")
    # Application Auto Scaling's ECS resource id: service/<cluster name>/<service name>.
    assert inputs["resourceId"] == f"service/{cluster.plain()['name']}/{service.plain()['name']}"
    policies = {p.plain()["targetTrackingScalingPolicyConfiguration"]["predefinedMetricSpecification"][
        "predefinedMetricType"]: p.plain() for p in run.of_type("aws:appautoscaling/policy:Policy")}
    assert set(policies) == {"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization",
                             "ALBRequestCountPerTarget"}
    assert policies["ECSServiceAverageCPUUtilization"]["targetTrackingScalingPolicyConfiguration"]["targetValue"] == 70
    requests = policies["ALBRequestCountPerTarget"]
    assert requests["targetTrackingScalingPolicyConfiguration"]["targetValue"] == 50 * 60
    [lb] = run.of_type("aws:lb/loadBalancer:LoadBalancer")
    label = requests["targetTrackingScalingPolicyConfiguration"]["predefinedMetricSpecification"]["resourceLabel"]
    # "app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>" (PredefinedMetricSpecification).
    assert label.startswith(f"app/{lb.plain()['name']}/") and "/targetgroup/" in label
    assert all(p["policyType"] == "TargetTrackingScaling" and p["resourceId"] == inputs["resourceId"]
               for p in policies.values())


@pytest.mark.parametrize("extension,field", [
    (scaling(REQUESTS), "extensions.autoScaling.metrics[0].kind"),  # no Gateway routes to it
    (scaling(PROMETHEUS), "extensions.autoScaling.metrics[0].kind"),
    (scaling(CPU, low=0), "extensions.autoScaling.min_replicas"),
    (scaling(CPU, high=5001), "extensions.autoScaling.max_replicas"),
])
def test_ecs_refusals(extension, field):
    assert refused(program(COMPUTE["ecs"](), extension)).field == field


# -- cloudrun ---------------------------------------------------------------------------------

def test_cloudrun_min_max_cpu_target_and_concurrency():
    run = run_program(program(COMPUTE["cloudrun"](), scaling(CPU, REQUESTS, low=0, high=20)))
    [service] = run.of_type("gcp:cloudrunv2/service:Service")
    template = service.plain()["template"]
    # RevisionScaling.cpuUtilization is a fraction (cloud.google.com/run/docs/reference/rest/v2/RevisionScaling).
    assert template["scaling"] == {"minInstanceCount": 0, "maxInstanceCount": 20, "cpuUtilization": 0.7}
    assert template["maxInstanceRequestConcurrency"] == 50


@pytest.mark.parametrize("extension,ports,field", [
    (scaling(MEMORY), True, "extensions[0].metrics[0].kind"),
    (scaling(PROMETHEUS), True, "extensions[0].metrics[0].kind"),
    (scaling({"kind": "cpu", "target": {"average_utilization": 95}}), True,
     "extensions[0].metrics[0].target.average_utilization"),
    (scaling(CPU), False, "extensions[0].kind"),  # a worker pool
])
def test_cloudrun_refusals(extension, ports, field):
    assert refused(program(COMPUTE["cloudrun"](), extension, ports=ports)).field == field


# -- aci --------------------------------------------------------------------------------------

def test_aci_refuses_autoscaling_pointing_to_manual_scaling():
    error = refused(program(COMPUTE["aci"](), scaling(CPU)))
    assert error.field == "extensions.autoScaling" and "manualScaling" in error.fix


# -- check ------------------------------------------------------------------------------------

def test_check_reports_how_each_kind_maps_autoscaling():
    from radius_components.capabilities import notes_for
    from radius_components.model import ContainerArgs

    args = ContainerArgs.model_validate({"container": {"image": "x", "resources": SIZED},
                                         "extensions": [scaling(REQUESTS)]})
    ecs = dict(notes_for(args, "ecs"))
    assert "ALBRequestCountPerTarget" in ecs["autoScaling: requests"]
    assert "autoScaling: requests" in dict(notes_for(args, "cloudrun"))
