"""Kubernetes object, port and volume names derived from component names."""

from __future__ import annotations

import re

from ...errors import RadiusValidationError, raise_all
from ...model import ContainerArgs
from ...names import dns_label
from ..naming import distinct_names
from .manifests import ContainerNames

_DNS_1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_PORT_NAME_MAX = 15  # IANA_SVC_NAME

_NAME_FIX = "use a name that starts with a letter and contains letters, digits or '-'"


def name_part(label: str, name: str) -> str:
    """A component name as a DNS label part (also a valid label value), or an error."""
    part = dns_label(name)
    if part is None:
        raise RadiusValidationError(label, "name", name, "has no letter or digit to build a Kubernetes name from", _NAME_FIX)
    return part


def workload_name(label: str, field: str, app: str, resource: str) -> str:
    """`<app>-<resource>` as a DNS-1035 label (Service names must start with a letter)."""
    name = dns_label(name_part(label, app), name_part(label, resource))
    if name is None or not _DNS_1035.match(name):
        raise RadiusValidationError(label, field, resource, f"'{app}-{resource}' cannot be made a valid Kubernetes name",
                                    _NAME_FIX)
    return name


def object_name(label: str, field: str, app: str, resource: str, prefixed: bool = True) -> str:
    """The name of a container's or gateway's objects: `<app>-<resource>` (the environment's
    namespace holds every application), or, with application namespaces, the resource's own
    name, as Radius names them (so `http://<container>:<port>` reaches the container)."""
    if prefixed:
        return workload_name(label, field, app, resource)
    name = name_part(label, resource)
    if not _DNS_1035.match(name):
        raise RadiusValidationError(label, field, resource, f"'{name}' is not a valid Kubernetes Service name "
                                    "(it must start with a letter)", _NAME_FIX)
    return name


def _port_name(name: str) -> str | None:
    candidate = dns_label(name, max_length=_PORT_NAME_MAX)
    if candidate and not any(ch.isalpha() for ch in candidate):
        candidate = dns_label("p", candidate, max_length=_PORT_NAME_MAX)
    return candidate


def container_names(label: str, app: str, resource: str, namespace: str, args: ContainerArgs,
                    prefixed: bool = True) -> ContainerNames:
    errors: list[RadiusValidationError] = []
    workload = object_name(label, "name", app, resource, prefixed)
    ports: dict[str, str] = {}
    for port_name in args.container.ports:
        k8s_name = _port_name(port_name)
        if k8s_name is None:
            errors.append(RadiusValidationError(label, f"container.ports.{port_name}", port_name,
                                                "cannot be made a Kubernetes port name",
                                                "use a name with letters, digits and '-'"))
        elif k8s_name in ports.values():
            errors.append(RadiusValidationError(label, f"container.ports.{port_name}", port_name,
                                                f"becomes the Kubernetes port name '{k8s_name}', like another port",
                                                "rename one of the ports"))
        else:
            ports[port_name] = k8s_name
    raise_all(errors)
    volumes = distinct_names(label, "container.volumes", args.container.volumes, dns_label, "Kubernetes volume name")
    resource_part = name_part(label, resource)
    return ContainerNames(
        app=name_part(label, app), resource=resource_part, namespace=namespace,
        workload=workload, secret=dns_label(workload, "secrets") or workload,
        container=resource_part, ports=ports, volumes=volumes,
    )
