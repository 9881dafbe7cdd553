"""The `container` block of a Radius container: what runs, with which settings.

Field names and shapes follow Radius's `Applications.Core/containers` schema; only the
spelling is snake_case (camelCase is accepted too). Nothing here knows a platform: limits
that belong to one compute kind (Fargate CPU pairs, one Cloud Run port, ...) are checked
by that platform.
"""

from __future__ import annotations

import posixpath
import shlex
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..quantities import is_quantity, parse_quantity, quantity_bound_problem
from .base import OutputOr, RadiusModel, is_output, problem
from .secrets import refuse_secret
from .image import image_problem


EnvLiteral = Union[str, int, float, bool]


def _valid_image(value: str) -> str:
    found = image_problem(value)
    if found is not None:
        raise problem(*found)
    return value


# An image reference, checked against distribution's reference grammar (see .image); as an
# OutputOr leaf, an image given as an Output is checked when it resolves.
ImageReference = Annotated[str, AfterValidator(_valid_image)]


class SecretRef(RadiusModel):
    """Where a secret env value comes from.

    `source` is a resource that exposes connection secrets (a RedisCache: `key` is one of
    its connection properties, like `password`), or the name of a secret that already
    exists on the platform (on Kubernetes: a Secret in the application's namespace).
    """

    source: Any
    """A resource with connection secrets (a RedisCache), or the name of an existing platform secret."""
    key: str = Field(min_length=1)
    """The secret property (`password`, `url`, ...) or the existing secret's key or version."""


class EnvValueFrom(RadiusModel):
    """Where an environment value comes from instead of `value`."""

    secret_ref: SecretRef
    """A secret: a resource's secret property or an existing platform secret."""


class EnvVar(RadiusModel):
    """One environment variable: a `value` or `value_from` a secret (a bare value is shorthand for `value`)."""

    value: Optional[OutputOr[EnvLiteral]] = None
    """The value: a string, number or bool (numbers and bools become strings), or an Output of one."""
    value_from: Optional[EnvValueFrom] = None
    """A secret the value is read from; it reaches the container only through the platform's secret store."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # Radius also accepts `env: {NAME: "value"}`; keep pasted Bicep working.
        if isinstance(data, (str, int, float, bool)) or is_output(data):
            return {"value": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> "EnvVar":
        if (self.value is None) == (self.value_from is None):
            raise problem(
                "an env entry needs exactly one of 'value' and 'value_from'",
                "give {'value': ...} or {'value_from': {'secret_ref': {'source': ..., 'key': ...}}}",
            )
        return self


class Port(RadiusModel):
    """A port the container listens on."""

    container_port: OutputOr[int] = Field(ge=1, le=65535)
    """The port the process listens on (1-65535)."""
    protocol: Literal["TCP", "UDP"] = "TCP"
    """`TCP` (default) or `UDP`."""
    scheme: Optional[Literal["http", "https", "grpc", "tcp"]] = None
    """The scheme in connection URLs (`http`, `https`, `grpc`, `tcp`); default `http`."""
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    """The port others use to reach it (a Kubernetes Service port); defaults to container_port."""

    @field_validator("protocol", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @property
    def exposed_port(self) -> Any:
        return self.port if self.port is not None else self.container_port


class Probe(RadiusModel):
    """A readiness or liveness probe, with Kubernetes' timings."""

    kind: Literal["httpGet", "tcp", "exec"]
    """`httpGet`, `tcp` or `exec`."""
    container_port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    """The port an httpGet or tcp probe targets."""
    path: Optional[str] = None
    """The path of an httpGet probe."""
    headers: dict[str, str] = Field(default_factory=dict)
    """Extra HTTP headers of an httpGet probe."""
    command: Optional[list[str]] = None
    """The command of an exec probe (a list, or a string split like a shell would)."""
    initial_delay_seconds: Optional[int] = Field(default=None, ge=0)
    """Seconds to wait after start before the first probe."""
    period_seconds: Optional[int] = Field(default=None, ge=1)
    """Seconds between probes."""
    timeout_seconds: Optional[int] = Field(default=None, ge=1)
    """Seconds a probe may take."""
    failure_threshold: Optional[int] = Field(default=None, ge=1)
    """Failures in a row that count as failed."""

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_aliases(cls, value: Any) -> Any:
        # Radius spells it httpGet; accept the snake form as well.
        return {"http_get": "httpGet", "http": "httpGet", "tcpSocket": "tcp"}.get(value, value)

    @field_validator("command", mode="before")
    @classmethod
    def _command_string(cls, value: Any) -> Any:
        # Radius's exec probe takes one string; split it like a shell would, without
        # needing a shell in the image.
        return shlex.split(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _fields_for_kind(self) -> "Probe":
        if self.kind in ("httpGet", "tcp") and self.container_port is None:
            raise problem(f"a {self.kind} probe needs container_port", "set container_port to one of the container's declared ports")
        if self.kind == "exec" and not self.command:
            raise problem("an exec probe needs a command", "set command, for example ['cat', '/tmp/healthy']")
        if self.kind == "httpGet" and self.path is not None and not self.path.startswith("/"):
            raise problem("an httpGet probe path must start with '/'", f"use '/{self.path}'")
        return self


class Quantities(RadiusModel):
    """CPU and memory as Kubernetes quantities."""

    cpu: Optional[str] = None
    """CPU: `250m`, `0.5`, `2`."""
    memory: Optional[str] = None
    """Memory: `512Mi`, `2Gi`."""

    @field_validator("cpu", "memory", mode="before")
    @classmethod
    def _quantity(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and not is_quantity(value):
            raise problem(
                f"{value!r} is not a resource quantity",
                "use Kubernetes quantity syntax, like '0.5' or '500m' for cpu and '512Mi' or '1Gi' for memory",
            )
        if isinstance(value, str):
            found = quantity_bound_problem(value)
            if found is not None:
                raise problem(*found)
        return value


class Resources(RadiusModel):
    """CPU and memory the container requests and is limited to; each kind maps them to its sizes.

    The kinds size from different ones: ECS sizes a task from requests, Container Apps and Cloud
    Run from limits, Kubernetes and ACI reserve the requests and cap at the limits. The portable
    rule is to give requests and limits the same values; a limit below its request is refused."""

    requests: Quantities = Field(default_factory=Quantities)
    """What the container asks for."""
    limits: Quantities = Field(default_factory=Quantities)
    """What the container may use at most."""

    @model_validator(mode="after")
    def _limits_not_below_requests(self) -> "Resources":
        # Kubernetes refuses a pod whose request exceeds its limit ("must be less than or equal
        # to <resource> limit": apimachinery ValidateResourceRequirements, pkg/apis/core/validation),
        # and the other kinds size from one of the two (ECS from requests, Container Apps and
        # Cloud Run from limits), so the same program would get a different size per kind.
        for resource in ("cpu", "memory"):
            request, limit = getattr(self.requests, resource), getattr(self.limits, resource)
            if request is not None and limit is not None and parse_quantity(limit) < parse_quantity(request):
                raise problem(
                    f"the {resource} limit {limit!r} is below the request {request!r}",
                    f"give a limit >= the request; portable rule: set requests and limits to the same values, since "
                    f"ecs sizes a task from requests and aca and cloudrun from limits",
                    field=f"limits.{resource}", value=limit)
        return self


def _absolute_mount_path(value: str) -> str:
    if not value.startswith("/"):
        raise problem("mount_path must be an absolute path", f"use '/{value}'")
    if not value.strip("/"):
        raise problem("a volume cannot be mounted over the container's root", "mount it under a directory, e.g. /data")
    return value


# An absolute directory in the container (a volume's mount point).
MountPath = Annotated[str, AfterValidator(_absolute_mount_path)]


class EphemeralVolume(RadiusModel):
    """An ephemeral volume, emptied when the container (its pod, task or instance) stops."""

    kind: Literal["ephemeral"]
    """`ephemeral`: scratch space that lives as long as the replica."""
    managed_store: Literal["memory", "disk"] = "disk"
    """`disk` (default) or `memory`."""
    mount_path: MountPath
    """Where it is mounted in the container."""
    size_limit: Optional[str] = None
    """The most it may hold, a Kubernetes quantity (`512Mi`, `2Gi`); default: the platform's. A
    memory volume counts against the container's memory limit on every kind that has one."""

    @field_validator("size_limit")
    @classmethod
    def _quantity(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and (not is_quantity(value) or parse_quantity(value) <= 0):
            raise problem("size_limit must be a positive Kubernetes quantity", "use e.g. '512Mi' or '2Gi'")
        return value


class PersistentVolume(RadiusModel):
    """A persistent volume: a `Volume` resource of the same application, mounted at `mount_path`."""

    kind: Literal["persistent"]
    """`persistent`: storage that outlives the container (a `Volume`)."""
    source: Any
    """The `Volume` resource to mount."""
    mount_path: MountPath
    """Where it is mounted in the container."""
    permission: Literal["read", "write"] = "write"
    """`write` (default, as Radius mounts a volume without `permission`) or `read` (mounted read-only)."""

    @field_validator("source")
    @classmethod
    def _a_volume(cls, value: Any) -> Any:
        if getattr(value, "resource_type", None) != VOLUME_RESOURCE_TYPE:
            raise problem("the source of a persistent volume must be a Volume",
                          "create one with rad.Volume(\"<name>\", application=app, size_gib=...) and pass it")
        return value


VOLUME_RESOURCE_TYPE = "Applications.Core/volumes"  # resources/volume/declaration.py

# `kind` tells them apart, as in Radius's schema.
AnyVolume = Annotated[Union[EphemeralVolume, PersistentVolume], Field(discriminator="kind")]
# The model's name for an ephemeral volume before persistent ones existed; kept for programs
# that build `Volume(kind="ephemeral", ...)`.
Volume = EphemeralVolume


def mount_clash(first: str, second: str) -> bool:
    """Whether two mount paths are the same directory or one is inside the other (a mount
    inside another volume would be hidden by it, or hide part of it, depending on the order
    the runtime mounts them)."""
    a, b = posixpath.normpath(first), posixpath.normpath(second)
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


class ContainerSpec(RadiusModel):
    """Radius's container schema: what runs and how it is reached, probed and sized."""

    image: OutputOr[ImageReference] = Field(min_length=1)
    """The image reference (`[registry[:port]/]repository[:tag][@digest]`)."""
    image_pull_policy: Optional[Literal["Always", "IfNotPresent", "Never"]] = None
    """`Always`, `IfNotPresent` or `Never` (Kubernetes only; see the capability matrix)."""
    command: Optional[list[OutputOr[str]]] = None
    """The entrypoint, replacing the image's."""
    args: Optional[list[OutputOr[str]]] = None
    """Arguments to the entrypoint."""
    working_dir: Optional[str] = None
    """The working directory."""
    env: dict[str, EnvVar] = Field(default_factory=dict)
    """Environment variables by name."""
    ports: dict[str, Port] = Field(default_factory=dict)
    """Ports by name."""
    readiness_probe: Optional[Probe] = None
    """When the container may receive traffic."""
    liveness_probe: Optional[Probe] = None
    """When the container must be restarted."""
    resources: Resources = Field(default_factory=Resources)
    """CPU and memory."""
    volumes: dict[str, AnyVolume] = Field(default_factory=dict)
    """Volumes by name: `ephemeral` (scratch space) or `persistent` (a `Volume` resource)."""

    @field_validator("command", "args", mode="after")
    @classmethod
    def _no_secret_in_command_line(cls, value: Optional[list[Any]], info: Any) -> Optional[list[Any]]:
        # A command line is a plain field on every kind (a Deployment's `command`, a task
        # definition's `command`, a container app's `args`): a Pulumi secret there would be
        # stored in plain text, as a secret given as a plain env value would.
        if not value:
            return value
        component = (info.context or {}).get("component", "radius component")
        return [refuse_secret(item, component, f"container.{info.field_name}[{index}]",
                              "read it from an env var with value_from.secret_ref and expand it in the command "
                              "(`$(NAME)` on Kubernetes, or through a shell)")
                if is_output(item) else item for index, item in enumerate(value)]

    def undeclared_probe_ports(self) -> list[tuple[str, Any]]:
        """(field, port) of each probe on a port the container does not list under `ports`.

        Not an error: Radius's own probe tests probe undeclared ports, and every kind can (a
        kubelet probes the pod's IP on any port, ECS runs the check inside the container); it
        is usually a mistake, so the container logs a warning (undeclared_probe_warnings)."""
        if any(is_output(p.container_port) for p in self.ports.values()):
            return []
        declared = {p.container_port for p in self.ports.values()}
        out = []
        for field in ("readiness_probe", "liveness_probe"):
            probe = getattr(self, field)
            if probe is None or probe.container_port is None or is_output(probe.container_port):
                continue
            if probe.container_port not in declared:
                out.append((field, probe.container_port))
        return out

    def undeclared_probe_warnings(self, label: str) -> list[str]:
        declared = sorted(p.container_port for p in self.ports.values())
        return [f"{label}: container.{field}.container_port {port} is not one of the container's ports "
                f"({declared or 'none declared'}); the probe still runs against it: declare it under ports if "
                f"the container listens there, or probe one of the declared ports"
                for field, port in self.undeclared_probe_ports()]

    @model_validator(mode="after")
    def _ports_and_probes_agree(self) -> "ContainerSpec":
        seen: dict[tuple[Any, str], str] = {}
        for name, port in self.ports.items():
            if is_output(port.container_port):
                continue
            key = (port.container_port, port.protocol)
            if key in seen:
                raise problem(
                    f"ports '{seen[key]}' and '{name}' both declare {port.protocol} port {port.container_port}",
                    "give each port a different container_port, or remove one",
                    field=f"ports.{name}.container_port",
                    value=port.container_port,
                )
            seen[key] = name
        mounts: dict[str, str] = {}
        for name, volume in self.volumes.items():
            for other, path in mounts.items():
                if mount_clash(volume.mount_path, path):
                    same = posixpath.normpath(volume.mount_path) == posixpath.normpath(path)
                    raise problem(
                        f"volumes '{other}' and '{name}' both mount there" if same else
                        f"the mount path of volume '{name}' and that of '{other}' ({path}) are nested: "
                        f"one volume would hide part of the other",
                        "give each volume its own directory, neither inside the other",
                        field=f"volumes.{name}.mount_path",
                        value=volume.mount_path,
                    )
            mounts[name] = volume.mount_path
        return self
