"""The `container` block of a Radius container: what runs, with which settings.

Field names and shapes follow Radius's `Applications.Core/containers` schema; only the
spelling is snake_case (camelCase is accepted too). Nothing here knows a platform: limits
that belong to one compute kind (Fargate CPU pairs, one Cloud Run port, ...) are checked
by that platform.
"""

from __future__ import annotations

import shlex
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..quantities import is_quantity
from .base import OutputOr, RadiusModel, is_output, problem
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
    key: str = Field(min_length=1)


class EnvValueFrom(RadiusModel):
    secret_ref: SecretRef


class EnvVar(RadiusModel):
    value: Optional[OutputOr[EnvLiteral]] = None
    value_from: Optional[EnvValueFrom] = None

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
    container_port: OutputOr[int] = Field(ge=1, le=65535)
    protocol: Literal["TCP", "UDP"] = "TCP"
    scheme: Optional[Literal["http", "https", "grpc", "tcp"]] = None
    # The port others use to reach it (a Kubernetes Service port); defaults to container_port.
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)

    @field_validator("protocol", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @property
    def exposed_port(self) -> Any:
        return self.port if self.port is not None else self.container_port


class Probe(RadiusModel):
    kind: Literal["httpGet", "tcp", "exec"]
    container_port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    path: Optional[str] = None
    headers: dict[str, str] = Field(default_factory=dict)
    command: Optional[list[str]] = None
    initial_delay_seconds: Optional[int] = Field(default=None, ge=0)
    period_seconds: Optional[int] = Field(default=None, ge=1)
    timeout_seconds: Optional[int] = Field(default=None, ge=1)
    failure_threshold: Optional[int] = Field(default=None, ge=1)

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
    cpu: Optional[str] = None
    memory: Optional[str] = None

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
        return value


class Resources(RadiusModel):
    requests: Quantities = Field(default_factory=Quantities)
    limits: Quantities = Field(default_factory=Quantities)


class Volume(RadiusModel):
    kind: Literal["ephemeral"]
    managed_store: Literal["memory", "disk"] = "disk"
    mount_path: str

    @field_validator("kind", mode="before")
    @classmethod
    def _persistent(cls, value: Any) -> Any:
        if value == "persistent":
            raise problem(
                "persistent volumes are not supported yet",
                "use an ephemeral volume, or attach storage through runtimes.<kind> punch-through",
            )
        return value

    @field_validator("mount_path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise problem("mount_path must be an absolute path", f"use '/{value}'")
        return value


class ContainerSpec(RadiusModel):
    image: OutputOr[ImageReference] = Field(min_length=1)
    image_pull_policy: Optional[Literal["Always", "IfNotPresent", "Never"]] = None
    command: Optional[list[OutputOr[str]]] = None
    args: Optional[list[OutputOr[str]]] = None
    working_dir: Optional[str] = None
    env: dict[str, EnvVar] = Field(default_factory=dict)
    ports: dict[str, Port] = Field(default_factory=dict)
    readiness_probe: Optional[Probe] = None
    liveness_probe: Optional[Probe] = None
    resources: Resources = Field(default_factory=Resources)
    volumes: dict[str, Volume] = Field(default_factory=dict)

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
        declared = {p.container_port for p in self.ports.values() if not is_output(p.container_port)}
        any_unknown = any(is_output(p.container_port) for p in self.ports.values())
        for field in ("readiness_probe", "liveness_probe"):
            probe = getattr(self, field)
            if probe is None or probe.container_port is None or is_output(probe.container_port) or any_unknown:
                continue
            if probe.container_port not in declared:
                raise problem(
                    "the probe's container_port is not one the container declares",
                    f"declare it under ports, or use one of {sorted(declared) or 'no ports (declare one first)'}",
                    field=f"{field}.container_port",
                    value=probe.container_port,
                )
        mounts: dict[str, str] = {}
        for name, volume in self.volumes.items():
            if volume.mount_path in mounts:
                raise problem(
                    f"volumes '{mounts[volume.mount_path]}' and '{name}' both mount there",
                    "give each volume its own mount_path",
                    field=f"volumes.{name}.mount_path",
                    value=volume.mount_path,
                )
            mounts[volume.mount_path] = name
        return self
