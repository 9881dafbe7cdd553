"""`Gateway` arguments: Radius's `Applications.Core/gateways` (public HTTP ingress).

The field names are Radius's (https://docs.radapp.io/reference/resource-schema/core-schema/gateway/):
`routes[].path`, `routes[].destination` (`http://<container>:<port>`), `routes[].replacePrefix`,
`hostname.fullyQualifiedHostname` / `hostname.prefix`, `tls.certificateFrom`,
`tls.minimumProtocolVersion`, `internal`. Plus `tls.managed` (a certificate the platform
issues for the hostname) and `runtimes.<kind>` for kind-specific settings of the gateway.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

from pydantic import Field, field_validator, model_validator

from ...errors import MISSING
from ...model.base import RadiusModel, problem

# `http://<container name>:<port>`: the form Radius writes a route's destination in.
_DESTINATION = re.compile(r"^http://(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*):(?P<port>[0-9]{1,5})$")
# A path prefix as every kind's router takes it: starts with '/', no query, fragment,
# wildcard or whitespace (ALB, URL maps and Application Gateway match literal prefixes).
_PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()+,;=:@%/-]*$")
_HOST_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_FQDN = re.compile(rf"^({_HOST_LABEL}\.)+[a-z][a-z0-9-]*[a-z0-9]$")
_PREFIX = re.compile(rf"^{_HOST_LABEL}$")


class GatewayRoute(RadiusModel):
    """One route of a gateway: a path prefix and the container it forwards to."""

    path: str
    """The path prefix this route matches ("/" matches everything no longer route matches)."""
    destination: str
    """The container and port requests go to: `http://<container>:<port>`, the container's name in
    this application and the port other containers reach it on (its `port`, which defaults to
    `container_port`)."""
    replace_prefix: Optional[str] = None
    """Replaces the matched `path` prefix before the request is forwarded ("/" strips it)."""

    @field_validator("path", "replace_prefix")
    @classmethod
    def _path(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        if not _PATH.match(value):
            raise problem("a path must start with '/' and hold no query, fragment, wildcard or space",
                          "give a literal prefix such as '/' or '/api'")
        if len(value) > 1 and value.endswith("/"):
            raise problem("a path prefix must not end with '/' (a route to '/api' already covers '/api/...')",
                          f"give '{value.rstrip('/')}'")
        return value

    @field_validator("destination")
    @classmethod
    def _destination(cls, value: str) -> str:
        match = _DESTINATION.match(value)
        if match is None or not 1 <= int(match["port"]) <= 65535:
            raise problem("a destination is 'http://<container>:<port>'",
                          "name a container of this application and the port it listens on, e.g. 'http://frontend:3000'")
        return value

    @property
    def container(self) -> str:
        match = _DESTINATION.match(self.destination)
        assert match is not None
        return match["name"]

    @property
    def port(self) -> int:
        match = _DESTINATION.match(self.destination)
        assert match is not None
        return int(match["port"])


class GatewayHostname(RadiusModel):
    """The gateway's public name: a full name, or a prefix on the platform's domain."""

    fully_qualified_hostname: Optional[str] = None
    """The full public name (DNS is yours: point it at the gateway's address)."""
    prefix: Optional[str] = None
    """A label in front of the platform's own domain, where it has one (aca, aci)."""

    @field_validator("fully_qualified_hostname")
    @classmethod
    def _fqdn(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and (len(value) > 253 or not _FQDN.match(value)):
            raise problem("not a fully qualified lower-case DNS name", "give a name such as 'app.example.com'")
        return value

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _PREFIX.match(value):
            raise problem("not a DNS label", "give lower-case letters, digits and '-', at most 63 characters")
        return value

    @model_validator(mode="after")
    def _one(self) -> "GatewayHostname":
        if (self.fully_qualified_hostname is None) == (self.prefix is None):
            raise problem("give exactly one of fully_qualified_hostname and prefix",
                          "set fully_qualified_hostname='app.example.com' or prefix='app'",
                          field="fully_qualified_hostname", value=self.fully_qualified_hostname or MISSING)
        return self


class GatewayTls(RadiusModel):
    """TLS on the gateway: a certificate the platform holds, or one it manages."""

    certificate_from: Optional[str] = Field(default=None, min_length=1)
    """A certificate the platform already holds, in its own vocabulary: a Kubernetes TLS Secret
    name, an ACM certificate ARN (ecs), a Key Vault secret ID (aci) or a Container Apps environment
    certificate ID (aca), a Certificate Manager or SSL certificate ID (cloudrun)."""
    managed: bool = False
    """A certificate the platform issues and renews for the fully qualified hostname (aca managed
    certificate, Google-managed SSL certificate; ecs/aci/kubernetes have none)."""
    minimum_protocol_version: Literal["1.2", "1.3"] = "1.2"
    """The oldest TLS version clients may use: `1.2` (default) or `1.3`."""

    @model_validator(mode="after")
    def _one_source(self) -> "GatewayTls":
        if (self.certificate_from is None) == (not self.managed):
            raise problem("give exactly one certificate source: certificate_from or managed=True",
                          "name an existing certificate in certificate_from, or set managed=True",
                          field="certificate_from", value=self.certificate_from or MISSING)
        return self


class GatewayArgs(RadiusModel):
    """The arguments of `rad.Gateway` (Radius's `Applications.Core/gateways`)."""

    routes: list[GatewayRoute] = Field(min_length=1)
    """The routes, at least one: a path prefix each, and where it goes."""
    hostname: Optional[GatewayHostname] = None
    """The public name (a full name or a platform prefix); None: the platform's address."""
    tls: Optional[GatewayTls] = None
    """TLS settings; None: plain HTTP."""
    internal: bool = False
    """A private gateway: reachable only from the environment's network."""
    runtimes: dict[Literal["kubernetes", "aci", "aca", "ecs", "cloudrun", "knative"], dict[str, Any]] = Field(default_factory=dict)
    """Kind-specific settings of this gateway (see README "Gateway"), for kinds other than the
    environment's ignored, like a container's runtimes."""

    @model_validator(mode="after")
    def _consistent(self) -> "GatewayArgs":
        seen: dict[str, int] = {}
        for index, route in enumerate(self.routes):
            if route.path in seen:
                raise problem(f"routes[{seen[route.path]}] has the same path", "give each route its own path",
                              field=f"routes[{index}].path", value=route.path)
            seen[route.path] = index
        if self.tls is not None and self.tls.managed and (self.hostname is None or self.hostname.fully_qualified_hostname is None):
            raise problem("a managed certificate is issued for a fully qualified hostname, and none is given",
                          "set hostname={'fully_qualified_hostname': 'app.example.com'}, or use tls.certificate_from",
                          field="tls.managed", value=True)
        return self

    def runtime(self, kind: str) -> dict[str, Any]:
        return dict(self.runtimes.get(kind) or {})  # type: ignore[call-overload]
