"""Every class of bad input is a RadiusValidationError naming its field, on every kind.

A test per class of bad input (issue 23, item 5), each run on every declared kind with many
values of the class: whatever the value, the program fails with a RadiusValidationError (never
a TypeError, AttributeError, decimal error or a refusal by the cloud API later) whose field
path names the field. A class is one rule of a platform or of Kubernetes' schema, cited where
the check is:

- control characters: a trailing newline slips through a `^...$` pattern (Python's `$` also
  matches before a final newline); no image, name, host, path or parameter holds one
  (radius_components.model.base.control_character_errors, and `\\Z` in the patterns);
- a Pulumi secret where the platform stores plain text: `command`, `args`, env values in
  `runtimes.<kind>` blocks (radius_components.model.secrets);
- limits below requests (Kubernetes ValidateResourceRequirements);
- Kubernetes label and annotation keys and values (apimachinery IsQualifiedName,
  IsValidLabelValue, the 256 KiB annotation total) and labels on keys a kind manages;
- replicas beyond a kind's bound;
- a bool where a number goes (True is 1 in Python);
- quantities no machine has (`8Ei`, `1e40`: apimachinery's int64 milli-value);
- an empty or blank component name;
- a `runtimes.<kind>` block of the wrong shape, and paths that keep the kind;
- an unknown compute kind, control characters in compute settings, `render_yaml_to_directory=""`,
  and a compute model built directly (a RadiusValidationError, not pydantic's);
- manual endpoints: hosts that are no DNS name or IP address, database names beyond the
  engine's length;
- a Gateway's punch-through numbers (ALB idle timeout and health check, Application Gateway
  autoscale bounds);
- recipe parameters with spaces around or, for the built-in recipes, inside them;
- and, walked from what each kind registers, a user label on any key the kind manages.

Each case is (value id, program fragment, the field path the error must name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import pulumi
import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationError
from radius_components.platforms import kind_names
from radius_components.testing import validation_error_in
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program

KINDS = tuple(kind_names())
IMAGE = "ghcr.io/example/app:1.0"
PORTS = {"web": {"container_port": 8080}}


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Any, str], Any]  # (application, kind) -> declares the bad component
    field: str  # the error's field path starts with this
    kinds: Optional[tuple[str, ...]] = None  # None: every kind


def container(spec: Optional[dict[str, Any]] = None, name: str = "demo", **kwargs: Any) -> Callable[[Any, str], Any]:
    """A Container with a valid base spec, updated with `spec`."""
    def build(app: Any, kind: str) -> Any:
        return rad.Container(name, application=app, container={"image": IMAGE, "ports": PORTS, **(spec or {})},
                             **kwargs)
    return build


def metadata(labels: Optional[dict[str, str]] = None, annotations: Optional[dict[str, str]] = None):
    ext = {"kind": "kubernetesMetadata", "labels": labels or {}, "annotations": annotations or {}}
    return container(extensions=[ext])


def redis(**kwargs: Any) -> Callable[[Any, str], Any]:
    return lambda app, kind: rad.RedisCache("cache", application=app, **kwargs)


def sql(**kwargs: Any) -> Callable[[Any, str], Any]:
    return lambda app, kind: rad.SqlDatabase("orders", application=app, **kwargs)


PUBLIC = ["subnet-0ccc", "subnet-0ddd"]  # an ALB's public subnets (ecs)


def gateway(**kwargs: Any) -> Callable[[Any, str], Any]:
    def build(app: Any, kind: str) -> Any:
        gw = rad.Gateway("public", application=app, **{"routes": [{"path": "/", "destination": "http://demo:8080"}],
                                                       **kwargs})
        rad.Container("demo", application=app, container={"image": IMAGE, "ports": PORTS})
        return gw
    return build


def store(**kwargs: Any) -> Callable[[Any, str], Any]:
    return lambda app, kind: rad.SecretStore("app-secrets", application=app, **kwargs)


def secret(text: str = "s3cret") -> pulumi.Output:
    return pulumi.Output.secret(text)


def own_runtime(block: Callable[[str], dict[str, Any]]) -> Callable[[Any, str], Any]:
    """A Container whose `runtimes` block is the deploying kind's own."""
    def build(app: Any, kind: str) -> Any:
        return rad.Container("demo", application=app, container={"image": IMAGE, "ports": PORTS},
                             runtimes={kind: block(kind)})
    return build


# The env list of each kind's punch-through schema, holding one entry whose value is a secret.
def _punch_through_env(kind: str) -> dict[str, Any]:
    entry = {"name": "TOKEN", "value": secret()}
    return {
        "kubernetes": {"pod": {"containers": [{"name": "demo", "env": [entry]}]}},
        "ecs": {"container": {"environment": [entry]}},
        "aca": {"template": {"containers": [{"name": "demo", "env": [entry]}]}},
        "aci": {"containers": [{"name": "demo", "properties": {"environmentVariables": [entry]}}]},
        "cloudrun": {"containers": [{"name": "demo", "envs": [entry]}]},
    }[kind]


CLASSES: dict[str, list[Case]] = {
    "control_characters": [
        Case("image-newline", container({"image": "nginx\n"}), "container.image"),
        Case("image-tag-newline", container({"image": "nginx:1.27\n"}), "container.image"),
        Case("image-tab", container({"image": "nginx\t"}), "container.image"),
        Case("env-name-newline", container({"env": {"LOG_LEVEL\n": {"value": "info"}}}), "container.env"),
        Case("port-name-newline", container({"ports": {"web\n": {"container_port": 8080}}}), "container.ports"),
        Case("probe-path-newline", container({"readiness_probe": {"kind": "httpGet", "container_port": 8080,
                                                                 "path": "/healthz\n"}}),
             "container.readiness_probe.path"),
        Case("mount-path-newline", container({"volumes": {"tmp": {"kind": "ephemeral", "mount_path": "/tmp\n"}}}),
             "container.volumes.tmp.mount_path"),
        Case("working-dir-newline", container({"working_dir": "/app\n"}), "container.working_dir"),
        Case("container-name-newline", container(name="demo\n"), "name"),
        Case("manual-redis-host-newline", redis(resource_provisioning="manual", host="redis.example.com\n", port=6379),
             "host"),
        Case("manual-sql-server-newline", sql(resource_provisioning="manual", server="db.example.com\n",
                                              database="orders"), "server"),
        Case("manual-sql-database-newline", sql(resource_provisioning="manual", server="db.example.com",
                                                database="orders\n"), "database"),
        Case("gateway-path-newline", gateway(routes=[{"path": "/api\n", "destination": "http://demo:8080"}]),
             "routes[0].path"),
        Case("gateway-destination-newline", gateway(routes=[{"path": "/", "destination": "http://demo:8080\n"}]),
             "routes[0].destination"),
        Case("gateway-hostname-newline", gateway(hostname={"fully_qualified_hostname": "shop.example.com\n"}),
             "hostname.fully_qualified_hostname"),
        Case("secret-key-newline", store(data={"api-key\n": {"generate": {"length": 32}}}), "data"),
        Case("recipe-parameter-newline", redis(recipe={"name": "default", "parameters": {"sku": "x\n"}}),
             "recipe.parameters.sku"),
    ],
    "secret_in_a_plain_field": [
        Case("command", container({"command": [secret()]}), "container.command[0]"),
        Case("args", container({"args": ["--token", secret()]}), "container.args[1]"),
        # (knative's runtimes block holds scaling settings only: no env to punch through.)
        Case("punch-through-env", own_runtime(_punch_through_env), "runtimes.",
             kinds=("kubernetes", "ecs", "aca", "aci", "cloudrun")),
    ],
    "limits_below_requests": [
        Case("cpu", container({"resources": {"requests": {"cpu": "1"}, "limits": {"cpu": "500m"}}}),
             "container.resources.limits.cpu"),
        Case("memory", container({"resources": {"requests": {"memory": "1Gi"}, "limits": {"memory": "512Mi"}}}),
             "container.resources.limits.memory"),
    ],
    "kubernetes_labels_and_annotations": [
        Case("key-starts-with-dash", metadata(labels={"-team": "shop"}), "extensions[0].labels"),
        Case("key-two-slashes", metadata(labels={"a/b/c": "shop"}), "extensions[0].labels"),
        Case("key-upper-case-prefix", metadata(labels={"Example.com/team": "shop"}), "extensions[0].labels"),
        Case("key-name-64", metadata(labels={"t" * 64: "shop"}), "extensions[0].labels"),
        Case("key-prefix-254", metadata(labels={("a" * 63 + ".") * 3 + "a" * 62 + "/team": "x"}),
             "extensions[0].labels"),
        Case("key-empty-name", metadata(labels={"example.com/": "shop"}), "extensions[0].labels"),
        Case("value-64", metadata(labels={"team": "s" * 64}), "extensions[0].labels.team"),
        Case("value-space", metadata(labels={"team": "the shop"}), "extensions[0].labels.team"),
        Case("value-ends-with-dash", metadata(labels={"team": "shop-"}), "extensions[0].labels.team"),
        Case("annotation-key-space", metadata(annotations={"owner name": "x"}), "extensions[0].annotations"),
        Case("annotations-over-256KiB", metadata(annotations={"blob": "x" * (256 * 1024)}),
             "extensions[0].annotations"),
    ],
    "bool_for_a_number": [
        Case("container-port", container({"ports": {"web": {"container_port": True}}}), "container.ports.web"),
        Case("port", container({"ports": {"web": {"container_port": 8080, "port": True}}}), "container.ports.web"),
        Case("probe-period", container({"readiness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/",
                                                           "period_seconds": True}}),
             "container.readiness_probe.period_seconds"),
        Case("replicas", container(extensions=[{"kind": "manualScaling", "replicas": True}]),
             "extensions[0].replicas"),
        Case("dapr-app-port", container(extensions=[{"kind": "daprSidecar", "app_id": "demo", "app_port": True}]),
             "extensions[0].app_port"),
        Case("manual-redis-port", redis(resource_provisioning="manual", host="redis.example.com", port=True), "port"),
        Case("generated-secret-length", store(data={"k": {"generate": {"length": True}}}), "data.k.generate.length"),
    ],
    "quantity_out_of_range": [
        Case("memory-8Ei", container({"resources": {"limits": {"memory": "8Ei"}}}), "container.resources.limits.memory"),
        Case("cpu-1e40", container({"resources": {"limits": {"cpu": "1e40"}}}), "container.resources.limits.cpu"),
        Case("cpu-huge-exponent", container({"resources": {"requests": {"cpu": "1e999999999"}}}),
             "container.resources.requests.cpu"),
        Case("memory-100Pi", container({"resources": {"requests": {"memory": "100Pi"}}}),
             "container.resources.requests.memory"),
        Case("cpu-trailing-newline", container({"resources": {"requests": {"cpu": "1\n"}}}),
             "container.resources.requests.cpu"),
    ],
    "empty_component_name": [
        Case("application", lambda app, kind: rad.Application("", environment=app.environment), "name"),
        # (An Environment's empty name is Pulumi's TypeError until environment.py calls
        # arguments.check_component_name: tests/features/test_bad_input.py, strict xfail.)
        Case("container", container(name=""), "name"),
        Case("container-blank", container(name="  "), "name"),
        Case("redis", lambda app, kind: rad.RedisCache("", application=app), "name"),
        Case("sql", lambda app, kind: rad.SqlDatabase("", application=app), "name"),
        Case("secret-store", lambda app, kind: rad.SecretStore("", application=app,
                                                               data={"k": {"generate": {"length": 32}}}), "name"),
        Case("gateway", lambda app, kind: rad.Gateway("", application=app,
                                                      routes=[{"path": "/", "destination": "http://demo:8080"}]),
             "name"),
    ],
    "punch_through_shape": [
        Case("block-is-a-list", lambda app, kind: rad.Container(
            "demo", application=app, container={"image": IMAGE, "ports": PORTS}, runtimes={kind: [1, 2]}), "runtimes."),
        Case("block-is-a-string", lambda app, kind: rad.Container(
            "demo", application=app, container={"image": IMAGE, "ports": PORTS}, runtimes={kind: "x"}), "runtimes."),
        Case("ecs-service-list", container(runtimes={"ecs": {"service": [{"desired_count": 2}]}}), "runtimes.ecs"),
        Case("ecs-task-definition-string", container(runtimes={"ecs": {"task_definition": "big"}}), "runtimes.ecs"),
        Case("ecs-container-list", container(runtimes={"ecs": {"container": ["x"]}}), "runtimes.ecs"),
        Case("aca-template-list", container(runtimes={"aca": {"template": ["x"]}}), "runtimes.aca"),
        Case("aca-configuration-string", container(runtimes={"aca": {"configuration": "x"}}), "runtimes.aca"),
        Case("aci-containers-string", container(runtimes={"aci": {"containers": "x"}}), "runtimes.aci"),
        Case("cloudrun-service-list", container(runtimes={"cloudrun": {"service": ["x"]}}), "runtimes.cloudrun"),
        Case("kubernetes-pod-list", container(runtimes={"kubernetes": {"pod": ["x"]}}), "runtimes.kubernetes"),
        Case("ecs-typo-keeps-the-kind", container(runtimes={"ecs": {"servce": {}}}), "runtimes.ecs"),
        Case("aca-typo-keeps-the-kind", container(runtimes={"aca": {"templat": {}}}), "runtimes.aca"),
    ],
    "replicas_out_of_bounds": [
        # Kubernetes' replicas is an int32 (apps/v1 DeploymentSpec); every kind's bound is lower.
        Case("beyond-int32", container(extensions=[{"kind": "manualScaling", "replicas": 2**31}]),
             "extensions"),
        Case("negative", container(extensions=[{"kind": "manualScaling", "replicas": -1}]), "extensions"),
        # ECS: 5,000 tasks per service (not adjustable); Container Apps: 1,000 replicas.
        Case("ecs-5001", container(extensions=[{"kind": "manualScaling", "replicas": 5001}]), "extensions",
             kinds=("ecs", "aca")),
    ],
    "manual_endpoint_text": [
        Case("redis-host-with-space", redis(resource_provisioning="manual", host="redis host", port=6379), "host"),
        Case("redis-host-url", redis(resource_provisioning="manual", host="redis://cache.example.com", port=6379),
             "host"),
        Case("redis-host-with-port", redis(resource_provisioning="manual", host="cache.example.com:6379", port=6379),
             "host"),
        Case("redis-host-bang", redis(resource_provisioning="manual", host="not-a-host!", port=6379), "host"),
        Case("sql-server-with-space", sql(resource_provisioning="manual", server="db example", database="orders"),
             "server"),
        Case("sql-server-label-64", sql(resource_provisioning="manual", server="d" * 64 + ".example.com",
                                        database="orders"), "server"),
        Case("sql-database-64-bytes", sql(resource_provisioning="manual", server="db.example.com", database="o" * 64),
             "database"),
        Case("sql-database-empty", sql(resource_provisioning="manual", server="db.example.com", database=""),
             "database"),
    ],
    "environment_settings": [
        Case("unknown-compute-kind", lambda app, kind: rad.Environment("other", compute={"kind": "nomad"}),
             "compute.kind"),
        Case("compute-string-newline", lambda app, kind: rad.Environment("other", compute={
            "kubernetes": {"kind": "kubernetes", "namespace": "shop\n"},
            "aci": {"kind": "aci", "resource_group": "rg-shop\n", "location": "westeurope"},
            "aca": {"kind": "aca", "resource_group": "rg-shop", "location": "westeurope\n"},
            "ecs": {"kind": "ecs", "vpc_id": "vpc-0abc\n", "subnet_ids": ["subnet-0a", "subnet-0b"]},
            "cloudrun": {"kind": "cloudrun", "project": "shop-prod\n", "region": "europe-west4"},
            "knative": {"kind": "knative", "namespace": "shop\n"},
        }[kind]), "compute."),
        Case("render-to-empty-directory", lambda app, kind: rad.Environment(
            "other", compute={"kind": "kubernetes", "namespace": "other", "render_yaml_to_directory": ""}),
             "compute.render_yaml_to_directory", kinds=("kubernetes",)),
        Case("model-built-directly", lambda app, kind: rad.KubernetesCompute(render_yaml_to_directory=""),
             "render_yaml_to_directory", kinds=("kubernetes",)),
    ],
    "gateway_punch_through_numbers": [
        # ALB idle timeout 1-4000 s; target health check interval 5-300, timeout 2-120 and below
        # the interval, thresholds 2-10 (ELB API).
        Case("ecs-idle-timeout-0", gateway(runtimes={"ecs": {"subnet_ids": PUBLIC, "idle_timeout": 0}}),
             "runtimes.ecs.idle_timeout", kinds=("ecs",)),
        Case("ecs-idle-timeout-bool", gateway(runtimes={"ecs": {"subnet_ids": PUBLIC, "idle_timeout": True}}),
             "runtimes.ecs.idle_timeout", kinds=("ecs",)),
        Case("ecs-interval-1", gateway(runtimes={"ecs": {"subnet_ids": PUBLIC, "health_check": {"interval": 1}}}),
             "runtimes.ecs.health_check.interval", kinds=("ecs",)),
        Case("ecs-threshold-11", gateway(runtimes={"ecs": {"subnet_ids": PUBLIC,
                                                           "health_check": {"healthy_threshold": 11}}}),
             "runtimes.ecs.health_check.healthy_threshold", kinds=("ecs",)),
        Case("ecs-timeout-not-below-interval", gateway(runtimes={"ecs": {
            "subnet_ids": PUBLIC, "health_check": {"interval": 10, "timeout": 10}}}),
             "runtimes.ecs.health_check.timeout", kinds=("ecs",)),
        Case("ecs-health-check-list", gateway(runtimes={"ecs": {"subnet_ids": PUBLIC, "health_check": [5]}}),
             "runtimes.ecs.health_check", kinds=("ecs",)),
        # Application Gateway v2 autoscale: min 0-125, max 2-125, max >= min.
        Case("aci-min-capacity-200", gateway(runtimes={"aci": {"min_capacity": 200}}), "runtimes.aci.min_capacity",
             kinds=("aci",)),
        Case("aci-max-capacity-1", gateway(runtimes={"aci": {"max_capacity": 1}}), "runtimes.aci.max_capacity",
             kinds=("aci",)),
        Case("aci-max-below-min", gateway(runtimes={"aci": {"min_capacity": 5, "max_capacity": 3}}),
             "runtimes.aci.max_capacity", kinds=("aci",)),
        Case("aci-capacity-string", gateway(runtimes={"aci": {"max_capacity": "10"}}), "runtimes.aci.max_capacity",
             kinds=("aci",)),
    ],
    "recipe_parameter_text": [
        Case("leading-space", redis(recipe={"name": "default", "parameters": {"sku": " Balanced_B0"}}),
             "recipe.parameters.sku"),
        Case("trailing-space", sql(recipe={"name": "default", "parameters": {"tier": "db-f1-micro "}}),
             "recipe.parameters.tier"),
        Case("empty", redis(recipe={"name": "default", "parameters": {"sku": ""}}), "recipe.parameters.sku"),
        # Inside the value: each kind's built-in recipe, with a parameter it takes.
        Case("space-inside", lambda app, kind: rad.RedisCache("cache", application=app, recipe={"parameters": {
            "kubernetes": {"image": "redis latest"}, "ecs": {"node_type": "cache t4g micro"},
            "aci": {"sku": "Balanced B0"}, "aca": {"sku": "Balanced B0"}, "cloudrun": {"tier": "STANDARD HA"},
            "knative": {"image": "redis latest"}}[kind]}),
             "recipe.parameters."),
        Case("space-inside-sql", lambda app, kind: rad.SqlDatabase("orders", application=app, recipe={"parameters": {
            "kubernetes": {"memory": "1 Gi"}, "ecs": {"instance_class": "db t4g micro"},
            "aci": {"sku": "Standard B1ms"}, "aca": {"sku": "Standard B1ms"}, "cloudrun": {"tier": "db f1 micro"}}[kind]}),
             "recipe.parameters.", kinds=("kubernetes", "ecs", "aci", "cloudrun")),
    ],
}


# The RadiusValidationError an exception is or wraps (a check that waits on an Output raises
# inside Pulumi's registration, which wraps it).
radius_error = validation_error_in


def outcome(kind: str, build: Callable[[Any, str], Any]) -> str:
    """'' when `build` fails with a RadiusValidationError, else what happened instead."""
    caught: dict[str, Any] = {}

    def program() -> None:
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("todo", environment=env)
        caught["app"] = app
        build(app, kind)

    try:
        run_program(program)
    except Exception as exc:  # noqa: BLE001 - the point is which type
        found = radius_error(exc)
        if found is None:
            return f"{type(exc).__name__}: {str(exc)[:300]}"
        caught["error"] = found
        return ""
    return "accepted"


def error_of(kind: str, build: Callable[[Any, str], Any]) -> RadiusValidationError:
    caught: dict[str, Any] = {}

    def program() -> None:
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("todo", environment=env)
        build(app, kind)

    try:
        run_program(program)
    except Exception as exc:  # noqa: BLE001
        found = radius_error(exc)
        if found is None:
            raise AssertionError(f"{type(exc).__name__} instead of a RadiusValidationError: {exc}") from exc
        return found
    raise AssertionError("accepted")


def _fields(error: RadiusValidationError) -> list[str]:
    return [e.field for e in getattr(error, "errors", [error])]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bad_class", sorted(CLASSES))
def test_every_value_of_the_class_is_a_clear_error(bad_class: str, kind: str) -> None:
    wrong = []
    for case in CLASSES[bad_class]:
        if case.kinds is not None and kind not in case.kinds:
            continue
        try:
            error = error_of(kind, case.build)
        except AssertionError as exc:
            wrong.append(f"{case.id}: {exc}")
            continue
        fields = _fields(error)
        if not any(f.startswith(case.field) for f in fields):
            wrong.append(f"{case.id}: the error names {fields}, not {case.field!r}: {error}")
        elif "Fix: " not in str(error):
            wrong.append(f"{case.id}: no fix in {error}")
    assert not wrong, "\n".join(wrong)


# -- our managed labels never silently overwrite the user's --------------------------------------


def _managed_keys(run: Any, component: str) -> dict[str, set[str]]:
    """{"labels": keys, "annotations": keys} of every tag, label and annotation map the
    component's native resources carry when the user gives none: the keys the kind manages."""
    found: dict[str, set[str]] = {"labels": set(), "annotations": set()}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("tags", "labels") and isinstance(item, dict):
                    found["labels"] |= set(item)
                elif key == "annotations" and isinstance(item, dict):
                    found["annotations"] |= set(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for resource in run.resources_of(component):
        walk(resource.plain())
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_a_user_label_on_any_key_the_kind_manages_is_refused(kind: str) -> None:
    # Guard the class: whatever keys a kind writes on a container's resources (tags, labels,
    # annotations), a kubernetesMetadata entry on that key is refused, naming it, instead of
    # being replaced without a word (each kind's validate.py lists its managed keys).
    def plain(app: Any, kind: str) -> Any:
        return rad.Container("demo", application=app, container={"image": IMAGE, "ports": PORTS})

    caught: dict[str, Any] = {}

    def program() -> None:
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("todo", environment=env)
        plain(app, kind)

    managed = _managed_keys(run_program(program), "demo")
    assert managed["labels"], f"{kind}: the container's resources carry no tags or labels to protect"
    wrong = []
    for where, keys in managed.items():
        for key in sorted(keys):
            build = metadata(**{where: {key: "x"}})
            try:
                error = error_of(kind, build)
            except AssertionError as exc:
                wrong.append(f"{where} {key!r}: {exc}")
                continue
            if not any(key in f for f in _fields(error)):
                wrong.append(f"{where} {key!r}: the error names {_fields(error)}")
    assert not wrong, "\n".join(wrong)
