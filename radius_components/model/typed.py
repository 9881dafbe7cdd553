"""`TypedDict`s of the dict spellings users write, so a type checker checks them too.

Every argument that takes a pydantic model (`container=`, `connections=`, `extensions=`,
`runtimes=`, `compute=`, `recipe=`) also takes a plain dict; these describe those dicts.
Keys are Radius's snake_case; the camelCase of Radius's Bicep schema (`containerPort`),
which the models accept as well, is declared beside each multi-word key, so a block pasted
from `app.bicep` type-checks as it is. Any leaf may be a `pulumi.Output` of its type.

Runtime validation is the pydantic models' job (`radius_components.model`): these types are
for editors and type checkers only, and every key is optional here (`total=False`) so a
partial dict built step by step still type-checks; a missing required key (`image`) is a
`RadiusValidationError` when the component is created.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping, Sequence, TypedDict, TypeVar, Union

import pulumi

T = TypeVar("T")
# A value now, or a Pulumi Output of it (checked when it resolves).
Input = Union[T, pulumi.Output[T]]


class SecretRefDict(TypedDict, total=False):
    """`value_from.secret_ref`: a secret property of a resource (a `RedisCache`, `key` =
    `password`, `url`, ...) or, as a string, a platform secret (`key` = its key/version)."""

    source: Any
    key: str


class EnvValueFromDict(TypedDict, total=False):
    secret_ref: SecretRefDict
    secretRef: SecretRefDict


class EnvVarDict(TypedDict, total=False):
    """One environment variable: a `value`, or `value_from` a secret."""

    value: Input[Union[str, int, float, bool]]
    value_from: EnvValueFromDict
    valueFrom: EnvValueFromDict


class PortDict(TypedDict, total=False):
    """A port the container listens on; `port` is the one others connect to (default
    `container_port`), `scheme` goes into the connection URL."""

    container_port: Input[int]
    containerPort: Input[int]
    protocol: Literal["TCP", "UDP"]
    scheme: Literal["http", "https", "grpc", "tcp"]
    port: Input[int]


class ProbeDict(TypedDict, total=False):
    """A readiness or liveness probe: `httpGet` (`container_port`, `path`, `headers`),
    `tcp` (`container_port`) or `exec` (`command`), with Kubernetes' timings."""

    kind: Literal["httpGet", "tcp", "exec"]
    container_port: Input[int]
    containerPort: Input[int]
    path: str
    headers: Mapping[str, str]
    command: Union[str, Sequence[str]]
    initial_delay_seconds: int
    initialDelaySeconds: int
    period_seconds: int
    periodSeconds: int
    timeout_seconds: int
    timeoutSeconds: int
    failure_threshold: int
    failureThreshold: int


class QuantitiesDict(TypedDict, total=False):
    """Kubernetes quantities: `cpu` ("250m", "1"), `memory` ("512Mi", "2Gi")."""

    cpu: str
    memory: str


class ResourcesDict(TypedDict, total=False):
    requests: QuantitiesDict
    limits: QuantitiesDict


class VolumeDict(TypedDict, total=False):
    """A volume: `ephemeral` (`managed_store` `disk` (default) or `memory`, optional `size_limit`)
    or `persistent` (`source` a `Volume`, `permission` `read` or `write` (default)), at `mount_path`."""

    kind: Literal["ephemeral", "persistent"]
    managed_store: Literal["memory", "disk"]
    managedStore: Literal["memory", "disk"]
    size_limit: str
    sizeLimit: str
    source: Any
    permission: Literal["read", "write"]
    mount_path: str
    mountPath: str


class ContainerSpecDict(TypedDict, total=False):
    """`container=`: Radius's container schema (`image` is required)."""

    image: Input[str]
    image_pull_policy: Literal["Always", "IfNotPresent", "Never"]
    imagePullPolicy: Literal["Always", "IfNotPresent", "Never"]
    command: Sequence[Input[str]]
    args: Sequence[Input[str]]
    working_dir: str
    workingDir: str
    env: Mapping[str, EnvVarDict]
    ports: Mapping[str, PortDict]
    readiness_probe: ProbeDict
    readinessProbe: ProbeDict
    liveness_probe: ProbeDict
    livenessProbe: ProbeDict
    resources: ResourcesDict
    volumes: Mapping[str, VolumeDict]


class IamDict(TypedDict, total=False):
    """Extra grants on the connection's target, in the kind's vocabulary (see the README)."""

    roles: Sequence[str]


class ConnectionDict(TypedDict, total=False):
    """One connection: `source` is a `RedisCache`, a `Container` or a `scheme://host:port`
    URL; it sets `CONNECTION_<NAME>_<PROPERTY>` unless `disable_default_env_vars`."""

    source: Any
    disable_default_env_vars: bool
    disableDefaultEnvVars: bool
    iam: IamDict


class ManualScalingDict(TypedDict):
    kind: Literal["manualScaling"]
    replicas: int


class ScalingTargetDict(TypedDict, total=False):
    average_utilization: int
    averageUtilization: int
    concurrent_requests: int
    concurrentRequests: int


class ScalingMetricDict(TypedDict, total=False):
    kind: Literal["cpu", "memory", "requests", "custom"]
    target: ScalingTargetDict
    type: str
    metadata: Mapping[str, str]


class AutoScalingDict(TypedDict, total=False):
    kind: Literal["autoScaling"]
    min_replicas: int
    minReplicas: int
    max_replicas: int
    maxReplicas: int
    metrics: Sequence[ScalingMetricDict]


class KubernetesMetadataDict(TypedDict, total=False):
    kind: Literal["kubernetesMetadata"]
    labels: Mapping[str, str]
    annotations: Mapping[str, str]


class DaprSidecarDict(TypedDict, total=False):
    kind: Literal["daprSidecar"]
    app_id: str
    appId: str
    app_port: int
    appPort: int
    protocol: Literal["http", "grpc", "https", "grpcs", "h2c"]
    config: str


ExtensionDict = Union[ManualScalingDict, AutoScalingDict, KubernetesMetadataDict, DaprSidecarDict]


class KubernetesRuntimeDict(TypedDict, total=False):
    """`runtimes.kubernetes`: `base` (a YAML manifest the generated objects merge into) and
    `pod` (a strategic-merge patch on the PodSpec)."""

    base: str
    pod: Mapping[str, Any]


class RuntimesDict(TypedDict, total=False):
    """Per-kind punch-through; each kind reads its own block (see the README's kind
    sections for what each takes). Every block is checked against its kind's schema, on
    every kind, so a typo is an error wherever the program deploys."""

    kubernetes: KubernetesRuntimeDict
    aci: Mapping[str, Any]
    aca: Mapping[str, Any]
    ecs: Mapping[str, Any]
    cloudrun: Mapping[str, Any]
    knative: Mapping[str, Any]


class RecipeDict(TypedDict, total=False):
    """Which environment recipe provisions a resource (`name`, default `default`), and its
    `parameters`."""

    name: str
    parameters: Mapping[str, Any]
