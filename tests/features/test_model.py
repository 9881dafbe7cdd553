"""The portable model (radius_components.model): what input it accepts and how it normalises it.

Most tests call `parse(ContainerArgs, data, "Container 'x'", "")` directly; the tests about
Pulumi Outputs as leaves run a program under the recording mocks of tests/helpers/mocks.py, because an
Output is only validated when it resolves.
"""

from __future__ import annotations

import gc
import logging

import pulumi
import pytest

import radius_components as rad
from radius_components import RadiusValidationError
from radius_components.model import (
    Connection,
    ContainerArgs,
    ContainerSpec,
    DaprSidecar,
    EnvValueFrom,
    EnvVar,
    Iam,
    KubernetesMetadata,
    KubernetesRuntime,
    ManualScaling,
    Port,
    Probe,
    Quantities,
    RedisCacheArgs,
    Resources,
    Runtimes,
    SecretRef,
    Volume,
    parse,
)

LABEL = "Container 'x'"


def parse_args(data):
    return parse(ContainerArgs, data, LABEL, "")


def container_only(**spec):
    return parse_args({"container": {"image": "img", **spec}})


# A block as it would be pasted from an app.bicep, in Radius's camelCase.
BICEP = {
    "container": {
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "imagePullPolicy": "IfNotPresent",
        "workingDir": "/app",
        "ports": {"web": {"containerPort": 3000, "protocol": "TCP", "scheme": "http", "port": 80}},
        "readinessProbe": {"kind": "httpGet", "containerPort": 3000, "path": "/healthz", "initialDelaySeconds": 3},
        "livenessProbe": {"kind": "tcp", "containerPort": 3000, "periodSeconds": 10, "failureThreshold": 3,
                          "timeoutSeconds": 2},
        "env": {
            "A": {"value": "x"},
            "B": {"valueFrom": {"secretRef": {"source": "my-secret", "key": "k"}}},
        },
        "volumes": {"cache": {"kind": "ephemeral", "managedStore": "memory", "mountPath": "/cache"}},
        "resources": {"requests": {"cpu": "0.5", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
    },
    "connections": {"api": {"source": "http://api:8080", "disableDefaultEnvVars": True, "iam": {"roles": ["view"]}}},
    "extensions": [{"kind": "manualScaling", "replicas": 2}],
    "runtimes": {"aci": {"sku": "Confidential"}},
    "restartPolicy": "Always",
}

# The same settings in snake_case.
SNAKE = {
    "container": {
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "image_pull_policy": "IfNotPresent",
        "working_dir": "/app",
        "ports": {"web": {"container_port": 3000, "protocol": "TCP", "scheme": "http", "port": 80}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz", "initial_delay_seconds": 3},
        "liveness_probe": {"kind": "tcp", "container_port": 3000, "period_seconds": 10, "failure_threshold": 3,
                           "timeout_seconds": 2},
        "env": {
            "A": {"value": "x"},
            "B": {"value_from": {"secret_ref": {"source": "my-secret", "key": "k"}}},
        },
        "volumes": {"cache": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/cache"}},
        "resources": {"requests": {"cpu": "0.5", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
    },
    "connections": {"api": {"source": "http://api:8080", "disable_default_env_vars": True, "iam": {"roles": ["view"]}}},
    "extensions": [{"kind": "manualScaling", "replicas": 2}],
    "runtimes": {"aci": {"sku": "Confidential"}},
    "restart_policy": "Always",
}


def as_model_instances() -> ContainerArgs:
    """The same settings built from the pydantic classes."""
    return ContainerArgs(
        container=ContainerSpec(
            image="ghcr.io/radius-project/samples/demo:latest",
            image_pull_policy="IfNotPresent",
            working_dir="/app",
            ports={"web": Port(container_port=3000, protocol="TCP", scheme="http", port=80)},
            readiness_probe=Probe(kind="httpGet", container_port=3000, path="/healthz", initial_delay_seconds=3),
            liveness_probe=Probe(kind="tcp", container_port=3000, period_seconds=10, failure_threshold=3,
                                 timeout_seconds=2),
            env={
                "A": EnvVar(value="x"),
                "B": EnvVar(value_from=EnvValueFrom(secret_ref=SecretRef(source="my-secret", key="k"))),
            },
            volumes={"cache": Volume(kind="ephemeral", managed_store="memory", mount_path="/cache")},
            resources=Resources(requests=Quantities(cpu="0.5", memory="512Mi"), limits=Quantities(cpu="1", memory="1Gi")),
        ),
        connections={"api": Connection(source="http://api:8080", disable_default_env_vars=True, iam=Iam(roles=["view"]))},
        extensions=[ManualScaling(kind="manualScaling", replicas=2)],
        runtimes=Runtimes(aci={"sku": "Confidential"}),
        restart_policy="Always",
    )


# ---------------------------------------------------------------------------------------
# Spellings and shapes of the same input


def test_bicep_camel_case_dict_equals_snake_case_dict():
    assert parse_args(BICEP) == parse_args(SNAKE)


def test_model_instances_equal_dict_input():
    assert as_model_instances() == parse_args(SNAKE)


def test_bicep_dict_values_land_in_snake_case_fields():
    args = parse_args(BICEP)
    c = args.container
    assert c.image_pull_policy == "IfNotPresent"
    assert c.working_dir == "/app"
    assert c.ports["web"].container_port == 3000
    assert c.ports["web"].exposed_port == 80
    assert c.readiness_probe.kind == "httpGet"
    assert c.readiness_probe.initial_delay_seconds == 3
    assert c.env["A"].value == "x"
    assert c.env["B"].value_from.secret_ref.source == "my-secret"
    assert c.env["B"].value_from.secret_ref.key == "k"
    assert c.volumes["cache"].managed_store == "memory"
    assert c.volumes["cache"].mount_path == "/cache"
    assert c.resources.requests.memory == "512Mi"
    assert args.connections["api"].disable_default_env_vars is True
    assert args.connections["api"].iam.roles == ["view"]


def test_model_instances_nested_in_dicts_are_accepted():
    mixed = {
        "container": {
            "image": "ghcr.io/radius-project/samples/demo:latest",
            "imagePullPolicy": "IfNotPresent",
            "working_dir": "/app",
            "ports": {"web": Port(containerPort=3000, scheme="http", port=80)},
            "readinessProbe": Probe(kind="httpGet", container_port=3000, path="/healthz", initialDelaySeconds=3),
            "liveness_probe": {"kind": "tcp", "containerPort": 3000, "periodSeconds": 10, "failure_threshold": 3,
                               "timeout_seconds": 2},
            "env": {"A": EnvVar(value="x"), "B": {"valueFrom": {"secret_ref": SecretRef(source="my-secret", key="k")}}},
            "volumes": {"cache": Volume(kind="ephemeral", managedStore="memory", mountPath="/cache")},
            "resources": Resources(requests={"cpu": "0.5", "memory": "512Mi"}, limits=Quantities(cpu="1", memory="1Gi")),
        },
        "connections": {"api": Connection(source="http://api:8080", disableDefaultEnvVars=True, iam={"roles": ["view"]})},
        "extensions": [ManualScaling(kind="manualScaling", replicas=2)],
        "runtimes": Runtimes(aci={"sku": "Confidential"}),
        "restart_policy": "Always",
    }
    assert parse_args(mixed) == parse_args(SNAKE)


def test_container_spec_instance_is_accepted_as_container():
    spec = ContainerSpec(image="img", ports={"web": Port(container_port=80)})
    assert parse_args({"container": spec}).container is spec


def test_parse_returns_a_model_instance_unchanged():
    args = as_model_instances()
    assert parse(ContainerArgs, args, LABEL, "") is args


def test_error_paths_are_snake_case_when_input_is_camel_case():
    with pytest.raises(RadiusValidationError) as info:
        parse_args({"container": {"image": "img", "ports": {"web": {"containerPort": 0}}}})
    assert info.value.field == "container.ports.web.container_port"
    assert "Container 'x': container.ports.web.container_port = 0" in str(info.value)


def test_defaults():
    args = parse_args({"container": {"image": "img"}})
    assert args.restart_policy == "Always"
    assert args.connections == {}
    assert args.extensions == []
    assert args.runtimes == Runtimes()
    assert args.container.env == {}
    assert args.container.ports == {}
    assert args.container.readiness_probe is None


# ---------------------------------------------------------------------------------------
# env


def test_env_shorthand_equals_value_form():
    short = container_only(env={"A": "x", "N": 3, "F": 1.5, "T": True})
    long = container_only(env={"A": {"value": "x"}, "N": {"value": 3}, "F": {"value": 1.5}, "T": {"value": True}})
    assert short == long
    assert short.container.env["A"] == EnvVar(value="x")


def test_env_shorthand_keeps_value_types():
    env = container_only(env={"N": 3, "T": True, "F": 1.5}).container.env
    assert type(env["N"].value) is int
    assert type(env["T"].value) is bool
    assert type(env["F"].value) is float


def test_env_entry_needs_exactly_one_of_value_and_value_from():
    for entry in ({}, {"value": "x", "valueFrom": {"secretRef": {"source": "s", "key": "k"}}}):
        with pytest.raises(RadiusValidationError) as info:
            container_only(env={"A": entry})
        assert info.value.field == "container.env.A"
        assert "exactly one of 'value' and 'value_from'" in str(info.value)
        assert "Fix:" in str(info.value)


# ---------------------------------------------------------------------------------------
# probes


@pytest.mark.parametrize(
    "probe, kind",
    [
        ({"kind": "httpGet", "containerPort": 80, "path": "/healthz"}, "httpGet"),
        ({"kind": "tcp", "containerPort": 80}, "tcp"),
        ({"kind": "exec", "command": ["cat", "/tmp/healthy"]}, "exec"),
    ],
)
def test_probe_kinds(probe, kind):
    args = container_only(ports={"web": {"containerPort": 80}}, readinessProbe=probe, livenessProbe=probe)
    assert args.container.readiness_probe.kind == kind
    assert args.container.liveness_probe.kind == kind


@pytest.mark.parametrize("alias, kind", [("http_get", "httpGet"), ("http", "httpGet"), ("tcpSocket", "tcp")])
def test_probe_kind_aliases(alias, kind):
    args = container_only(ports={"web": {"containerPort": 80}}, readiness_probe={"kind": alias, "container_port": 80})
    assert args.container.readiness_probe.kind == kind


def test_exec_probe_command_string_is_split_shell_style():
    args = container_only(readiness_probe={"kind": "exec", "command": "sh -c 'redis-cli ping | grep -q PONG'"})
    assert args.container.readiness_probe.command == ["sh", "-c", "redis-cli ping | grep -q PONG"]


def test_exec_probe_command_list_is_kept_as_given():
    args = container_only(liveness_probe={"kind": "exec", "command": ["cat", "/tmp/a b"]})
    assert args.container.liveness_probe.command == ["cat", "/tmp/a b"]


@pytest.mark.parametrize(
    "probe, needle",
    [
        ({"kind": "httpGet"}, "a httpGet probe needs container_port"),
        ({"kind": "tcp"}, "a tcp probe needs container_port"),
        ({"kind": "exec"}, "an exec probe needs a command"),
        ({"kind": "httpGet", "containerPort": 80, "path": "healthz"}, "use '/healthz'"),
        ({"kind": "grpc", "containerPort": 80}, "readiness_probe.kind = 'grpc'"),
    ],
)
def test_probe_missing_or_wrong_fields_for_its_kind(probe, needle):
    with pytest.raises(RadiusValidationError) as info:
        container_only(ports={"web": {"containerPort": 80}}, readinessProbe=probe)
    assert needle in str(info.value)
    assert "Container 'x': container.readiness_probe" in str(info.value)
    assert "Fix:" in str(info.value)


# ---------------------------------------------------------------------------------------
# ports, resources, volumes


def test_port_protocol_is_case_insensitive_and_defaults_to_tcp():
    ports = container_only(ports={"dns": {"containerPort": 53, "protocol": "udp"}, "web": {"containerPort": 80}}).container.ports
    assert ports["dns"].protocol == "UDP"
    assert ports["web"].protocol == "TCP"


def test_same_port_number_with_different_protocols_is_allowed():
    ports = container_only(ports={"dns-tcp": {"containerPort": 53}, "dns-udp": {"containerPort": 53, "protocol": "UDP"}}).container.ports
    assert {p.protocol for p in ports.values()} == {"TCP", "UDP"}


def test_exposed_port_defaults_to_container_port():
    port = container_only(ports={"web": {"containerPort": 3000}}).container.ports["web"]
    assert port.port is None
    assert port.exposed_port == 3000


def test_numeric_quantities_become_strings():
    res = container_only(resources={"requests": {"cpu": 0.5}, "limits": {"cpu": 2, "memory": "1Gi"}}).container.resources
    assert res.requests.cpu == "0.5"
    assert res.limits.cpu == "2"
    assert res.limits.memory == "1Gi"


@pytest.mark.parametrize("quantity", ["500m", "0.5", "1", "512Mi", "1Gi", "1e9", "2k"])
def test_kubernetes_quantity_syntax_is_accepted(quantity):
    assert container_only(resources={"limits": {"memory": quantity}}).container.resources.limits.memory == quantity


def test_volume_managed_store_defaults_to_disk():
    volume = container_only(volumes={"tmp": {"kind": "ephemeral", "mountPath": "/tmp"}}).container.volumes["tmp"]
    assert volume.managed_store == "disk"


def test_volume_mount_path_must_be_absolute():
    with pytest.raises(RadiusValidationError) as info:
        container_only(volumes={"tmp": {"kind": "ephemeral", "mountPath": "tmp"}})
    assert "Container 'x': container.volumes.tmp.mount_path = 'tmp'" in str(info.value)
    assert "Fix: use '/tmp'" in str(info.value)


def test_two_volumes_on_one_mount_path_are_rejected():
    with pytest.raises(RadiusValidationError) as info:
        container_only(volumes={"a": {"kind": "ephemeral", "mountPath": "/x"}, "b": {"kind": "ephemeral", "mountPath": "/x"}})
    assert "Container 'x': container.volumes.b.mount_path = '/x'" in str(info.value)
    assert "Fix:" in str(info.value)


# ---------------------------------------------------------------------------------------
# extensions


def test_extensions_in_camel_case():
    args = parse_args({
        "container": {"image": "img"},
        "extensions": [
            {"kind": "manualScaling", "replicas": 3},
            {"kind": "kubernetesMetadata", "labels": {"team": "web"}, "annotations": {"note": "x"}},
            {"kind": "daprSidecar", "appId": "frontend", "appPort": 3000, "protocol": "grpc", "config": "tracing"},
        ],
    })
    assert args.extension("manualScaling") == ManualScaling(kind="manualScaling", replicas=3)
    assert args.extension("kubernetesMetadata") == KubernetesMetadata(
        kind="kubernetesMetadata", labels={"team": "web"}, annotations={"note": "x"})
    assert args.extension("daprSidecar") == DaprSidecar(
        kind="daprSidecar", app_id="frontend", app_port=3000, protocol="grpc", config="tracing")


def test_extension_lookup_of_an_absent_kind_is_none():
    assert parse_args({"container": {"image": "img"}}).extension("daprSidecar") is None


def test_extension_without_kind_is_rejected():
    with pytest.raises(RadiusValidationError) as info:
        parse_args({"container": {"image": "img"}, "extensions": [{"replicas": 3}]})
    assert "Container 'x': extensions[0] = {'replicas': 3}" in str(info.value)
    assert "Fix: add a 'kind' field" in str(info.value)


# ---------------------------------------------------------------------------------------
# runtimes and restart policy


def test_runtimes_kubernetes_block_is_typed_and_other_kinds_are_mappings():
    base = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  minReadySeconds: 5\n"
    args = parse_args({
        "container": {"image": "img"},
        "runtimes": {
            "kubernetes": {"base": base, "pod": {"nodeSelector": {"disk": "ssd"}}},
            "aci": {"sku": "Confidential"},
            "aca": {"template": {"revisionSuffix": "v2"}},
            "ecs": {"launchType": "FARGATE"},
            "cloudrun": {"executionEnvironment": "EXECUTION_ENVIRONMENT_GEN2"},
        },
    })
    assert args.runtimes.kubernetes == KubernetesRuntime(base=base, pod={"nodeSelector": {"disk": "ssd"}})
    assert args.runtimes.aci == {"sku": "Confidential"}
    assert args.runtimes.aca == {"template": {"revisionSuffix": "v2"}}
    assert args.runtimes.ecs == {"launchType": "FARGATE"}
    assert args.runtimes.cloudrun == {"executionEnvironment": "EXECUTION_ENVIRONMENT_GEN2"}


def test_runtimes_for_an_unknown_kind_is_rejected():
    with pytest.raises(RadiusValidationError) as info:
        parse_args({"container": {"image": "img"}, "runtimes": {"gke": {}}})
    assert "Container 'x': runtimes.gke = {}" in str(info.value)
    assert "Fix:" in str(info.value)


@pytest.mark.parametrize("policy", ["Always", "OnFailure", "Never"])
def test_restart_policies_the_model_accepts(policy):
    # The model accepts all three; a platform may reject one (see test_bad_input).
    assert parse_args({"container": {"image": "img"}, "restartPolicy": policy}).restart_policy == policy


def test_unknown_restart_policy_is_rejected():
    with pytest.raises(RadiusValidationError) as info:
        parse_args({"container": {"image": "img"}, "restart_policy": "Sometimes"})
    assert "Container 'x': restart_policy = 'Sometimes'" in str(info.value)
    assert "'Always', 'OnFailure' or 'Never'" in str(info.value)
    assert "Fix:" in str(info.value)


# ---------------------------------------------------------------------------------------
# RedisCache arguments


def test_redis_cache_args_in_camel_case():
    args = parse(RedisCacheArgs, {"resourceProvisioning": "manual", "host": "redis.example", "port": 6380},
                 "RedisCache 'c'", "")
    assert (args.resource_provisioning, args.host, args.port) == ("manual", "redis.example", 6380)
    assert args.recipe.name == "default"


# ---------------------------------------------------------------------------------------
# Pulumi Outputs as leaves


def test_outputs_are_accepted_as_leaves_without_being_checked_yet():
    args = container_only(
        image=pulumi.Output.from_input("img"),
        env={"O": pulumi.Output.from_input("v")},
        ports={"web": {"containerPort": pulumi.Output.from_input(80)}},
        command=[pulumi.Output.from_input("serve")],
    )
    assert isinstance(args.container.image, pulumi.Output)
    assert isinstance(args.container.env["O"].value, pulumi.Output)  # the shorthand takes an Output too
    assert isinstance(args.container.ports["web"].container_port, pulumi.Output)
    assert isinstance(args.container.command[0], pulumi.Output)


def test_probe_port_check_waits_when_a_port_is_an_output():
    # The declared ports are unknown until the Output resolves, so the probe is not rejected now.
    args = container_only(ports={"web": {"containerPort": pulumi.Output.from_input(80)}},
                          readiness_probe={"kind": "tcp", "container_port": 81})
    assert args.container.readiness_probe.container_port == 81


def _deploy(container: dict):
    """A program with one Container 'demo' in a kubernetes environment."""
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container=container)
    return program


def _pod_container(run) -> dict:
    deployment = run.one("kubernetes:apps/v1:Deployment", "demo-deployment")
    return deployment.plain()["spec"]["template"]["spec"]["containers"][0]


def test_output_image_resolves_into_the_deployment(run):
    result = run(_deploy({"image": pulumi.Output.from_input("ghcr.io/example/web:1.2")}))
    assert _pod_container(result)["image"] == "ghcr.io/example/web:1.2"


def test_output_port_resolves_into_the_deployment_and_service(run):
    result = run(_deploy({"image": "img", "ports": {"web": {"containerPort": pulumi.Output.from_input(8080)}}}))
    assert _pod_container(result)["ports"] == [{"name": "web", "containerPort": 8080, "protocol": "TCP"}]
    service = result.one("kubernetes:core/v1:Service", "demo-service").plain()
    assert service["spec"]["ports"][0]["port"] == 8080
    assert service["spec"]["ports"][0]["targetPort"] == 8080


def test_output_port_given_as_numeric_string_resolves_to_an_int(run):
    result = run(_deploy({"image": "img", "ports": {"web": {"containerPort": pulumi.Output.from_input("8080")}}}))
    assert _pod_container(result)["ports"][0]["containerPort"] == 8080


def test_output_env_value_resolves_into_the_deployment(run):
    result = run(_deploy({"image": "img", "env": {"O": pulumi.Output.from_input("from-output")}}))
    assert {"name": "O", "value": "from-output"} in _pod_container(result)["env"]


def test_env_shorthand_values_reach_the_deployment_as_strings(run):
    result = run(_deploy({"image": "img", "env": {"A": "x", "N": 3, "T": True, "F": False}}))
    assert _pod_container(result)["env"] == [
        {"name": "A", "value": "x"}, {"name": "F", "value": "false"},
        {"name": "N", "value": "3"}, {"name": "T", "value": "true"},
    ]


def _failure_of(run, program) -> tuple[type, str]:
    """Run a program that must fail; return the error's type and message.

    The failed registration leaves an asyncio Future whose finalizer logs "exception was
    never retrieved" with a traceback. Left to a later, random garbage collection, that
    logging can run inside pytest's own ast.parse of a report and break it (CPython 3.11
    "AST constructor recursion depth mismatch", an INTERNALERROR), so the failed run is
    released and collected here, with that log silenced.
    """
    with pytest.raises(Exception) as info:
        run(program)
    kind, message = type(info.value), str(info.value)
    del info
    asyncio_log = logging.getLogger("asyncio")
    disabled, asyncio_log.disabled = asyncio_log.disabled, True
    try:
        run(lambda: None)  # resets Pulumi's global runtime state, which still refers to the failed run
        gc.collect()
    finally:
        asyncio_log.disabled = disabled
    return kind, message


def test_output_image_of_the_wrong_type_fails_when_it_resolves(run):
    kind, message = _failure_of(run, _deploy({"image": pulumi.Output.from_input(5)}))
    assert issubclass(kind, ValueError)
    assert "Input should be a valid string" in message


def test_output_of_the_wrong_type_names_component_and_field_when_it_resolves(run):
    _, message = _failure_of(run, _deploy({"image": pulumi.Output.from_input(5)}))
    assert "Container 'demo'" in message
    assert "container.image" in message
    assert "Fix:" in message


def test_output_port_outside_range_fails_when_it_resolves(run):
    _failure_of(run, _deploy({"image": "img", "ports": {"web": {"containerPort": pulumi.Output.from_input(70000)}}}))


# ---------------------------------------------------------------------------------------
# Image references: distribution/reference's grammar (radius_components/model/image.py)

DIGEST = "sha256:" + "0123456789abcdef" * 4


@pytest.mark.parametrize("image", [
    "nginx", "nginx:1.27", "library/nginx", "ghcr.io/radius-project/samples/demo:latest",
    "localhost:5000/x", "localhost/x", "registry.example.com:5000/team/sub/app:v1.2.3-rc.1",
    f"repo/app@{DIGEST}", f"ghcr.io/org/app:1.0@{DIGEST}", f"quay.io/org/app@sha512:{'ab' * 64}",
    "[::1]:5000/app:dev", "192.168.1.10:5000/app", "my_org__x/a-b--c.d:T_1.x", "Registry.Example.COM/app:Latest",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/backend:1.2.3", "mcr.microsoft.com/azuredocs/aci-helloworld",
    "app:" + "t" * 128,
])
def test_every_valid_image_reference_form_is_accepted(image):
    assert container_only(image=image).container.image == image


@pytest.mark.parametrize("image, problem", [
    ("ngi nx", "whitespace"),
    (" nginx", "whitespace"),
    ("Nginx", "must be lower case"),
    ("ghcr.io/Org/app:1", "must be lower case"),
    ("app:", "tag after ':' is empty"),
    ("app:-x", "tag '-x' is not valid"),
    ("app:" + "t" * 129, "not valid"),
    ("app@", "digest after '@' is empty"),
    ("app@sha256:abc", "is not a digest"),
    (f"app@{DIGEST.upper().replace('SHA', 'sha')}", "64 lower-case hex"),
    ("app@sha256:" + "a" * 63 + "g", "is not a digest"),
    ("app@sha256:" + "a" * 32, "64 lower-case hex"),
    ("app@md5:" + "a" * 32, "not supported"),
    ("https://ghcr.io/org/app", "no URL scheme"),
    ("/app", "not a valid image reference"),
    ("app/", "not a valid image reference"),
    ("a//b", "not a valid image reference"),
    # reference.Parse measures the path after the first component, which it takes as the domain.
    ("a/" + "b" * 256, "more than the 255"),
])
def test_an_image_reference_no_registry_accepts_is_rejected(image, problem):
    with pytest.raises(RadiusValidationError) as info:
        container_only(image=image)
    error = info.value
    assert error.component == LABEL and error.field == "container.image" and error.value == image
    assert problem in error.problem, error.problem
    assert error.fix


def test_upper_case_repository_fix_keeps_the_registry_and_tag():
    with pytest.raises(RadiusValidationError) as info:
        container_only(image="Registry.io:5000/Org/App:V1")
    assert "'Registry.io:5000/org/app:V1'" in info.value.fix


def test_output_image_that_is_not_a_reference_fails_when_it_resolves(run):
    _, message = _failure_of(run, _deploy({"image": pulumi.Output.from_input("ghcr.io/Org/App:1")}))
    assert "Container 'demo'" in message and "container.image (from a Pulumi Output)" in message
    assert "must be lower case" in message
