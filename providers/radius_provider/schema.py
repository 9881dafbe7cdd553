"""The `radius` package's Pulumi schema, derived from the pydantic model.

One source of truth: the types other languages see are generated from the same pydantic
classes the Python components validate with (`radius_components.model`), so a field added to
the model is in the schema of the next release without a second edit. Property names are the
model's camelCase aliases (Radius's Bicep spelling), which the components accept as input.

What Pulumi schema can express is typed (objects, maps, arrays, enums, discriminated unions,
references to the package's own resources); the rest stays `pulumi.json#/Any` and says why.
Schema reference: https://www.pulumi.com/docs/iac/extending-pulumi/schema/
"""

from __future__ import annotations

import copy
from importlib import metadata
from typing import Any, Optional

from pydantic import BaseModel

from radius_components.model import (AcaCompute, AciCompute, CloudRunCompute, ContainerArgs, EcsCompute,
                                     KubernetesCompute, RedisCacheArgs)

PACKAGE = "radius"
ANY = {"$ref": "pulumi.json#/Any"}
COMPUTE_MODELS = (KubernetesCompute, AciCompute, AcaCompute, EcsCompute, CloudRunCompute)


def package_version() -> str:
    """The schema is versioned with the Python distribution that serves it."""
    try:
        return metadata.version("radius-components")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "0.0.0-dev"


def token(name: str) -> str:
    return f"{PACKAGE}:index:{name}"


def resource_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/resources/{token(name)}"}


# Fields the model types as `Any` because Python accepts a live object there. In the schema they
# are a union of what the components accept (radius_components/connections.py): a portable
# resource or a Container of this package, or a string (a URL, or an existing secret's name).
CONNECTION_SOURCE = {
    "oneOf": [{"type": "string"}, resource_ref("RedisCache"), resource_ref("Container")],
    "description": "What the container connects to: a RedisCache or Container of this package, or a "
                   "`scheme://host:port` URL.",
}
SECRET_SOURCE = {
    "oneOf": [{"type": "string"}, resource_ref("RedisCache")],
    "description": "The secret's source: a RedisCache of this package, or the name of an existing "
                   "platform secret.",
}
SOURCE_OVERRIDES = {("Connection", "source"): CONNECTION_SOURCE, ("SecretRef", "source"): SECRET_SOURCE}


class SchemaBuilder:
    """Turns pydantic JSON schemas into Pulumi schema `types` and property specs."""

    def __init__(self) -> None:
        self.types: dict[str, dict[str, Any]] = {}

    # ---- models -> object types
    def add_model(self, model: type[BaseModel]) -> dict[str, Any]:
        """Register `model` (and every model it references) as object types; return its ref."""
        js = model.model_json_schema(by_alias=True, mode="validation")
        defs = js.pop("$defs", {})
        for name, definition in defs.items():
            self._add_object(name, definition, defs)
        self._add_object(model.__name__, js, defs)
        return {"$ref": f"#/types/{token(model.__name__)}"}

    def object_properties(self, owner: str, js: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        props = {name: self.spec(owner, name, prop) for name, prop in js.get("properties", {}).items()}
        return props, sorted(js.get("required", []))

    def _add_object(self, name: str, js: dict[str, Any], defs: dict[str, Any]) -> None:
        if token(name) in self.types:
            return
        props, required = self.object_properties(name, js)
        spec: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            spec["required"] = required
        if js.get("description"):
            spec["description"] = js["description"]
        self.types[token(name)] = spec

    # ---- one JSON-schema property -> one Pulumi property spec
    def spec(self, owner: str, name: str, js: dict[str, Any]) -> dict[str, Any]:
        if (owner, name) in SOURCE_OVERRIDES:
            return copy.deepcopy(SOURCE_OVERRIDES[(owner, name)])
        spec = self._type(owner, name, js)
        if "default" in js and js["default"] is not None and isinstance(js["default"], (str, int, float, bool)):
            spec["default"] = js["default"]
        if js.get("description"):
            spec["description"] = js["description"]
        return spec

    def _type(self, owner: str, name: str, js: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in js:
            return {"$ref": f"#/types/{token(js['$ref'].rsplit('/', 1)[-1])}"}
        if "anyOf" in js or "oneOf" in js:
            members = [m for m in js.get("anyOf", js.get("oneOf", [])) if m.get("type") != "null"]
            if len(members) == 1:
                return self._type(owner, name, members[0])
            spec: dict[str, Any] = {"oneOf": [self._type(owner, name, m) for m in members]}
            if "discriminator" in js:
                disc = js["discriminator"]
                spec["discriminator"] = {"propertyName": disc["propertyName"],
                                         "mapping": {k: f"#/types/{token(v.rsplit('/', 1)[-1])}"
                                                     for k, v in disc.get("mapping", {}).items()}}
            return spec
        if "enum" in js and len(js["enum"]) > 1:
            return self._enum(owner, name, js)
        kind = js.get("type")
        if kind in ("string", "integer", "number", "boolean"):
            return {"type": kind}
        if kind == "array":
            return {"type": "array", "items": self._type(owner, name, js.get("items", {}))}
        if kind == "object":
            extra = js.get("additionalProperties")
            if isinstance(extra, dict):
                return {"type": "object", "additionalProperties": self._type(owner, name, extra)}
            # A free-form mapping (`runtimes.kubernetes.pod`, recipe parameters): the platform's
            # own vocabulary, checked by the component, not by the schema.
            return {"type": "object", "additionalProperties": ANY}
        return dict(ANY)

    def _enum(self, owner: str, name: str, js: dict[str, Any]) -> dict[str, Any]:
        # Enums of the components' own inputs are named after the field alone (RestartPolicy).
        prefix = "" if owner.endswith("Args") else owner
        enum_name = f"{prefix}{name[:1].upper()}{name[1:]}"
        if token(enum_name) not in self.types:
            self.types[token(enum_name)] = {
                "type": js.get("type", "string"),
                "enum": [{"name": _enum_member_name(v), "value": v} for v in js["enum"]],
            }
        return {"$ref": f"#/types/{token(enum_name)}"}


def _enum_member_name(value: Any) -> str:
    text = "".join(part[:1].upper() + part[1:] for part in str(value).replace("-", "_").split("_"))
    return text or "Empty"


def _prop(spec: dict[str, Any], description: Optional[str] = None, secret: bool = False) -> dict[str, Any]:
    spec = dict(spec)
    if description:
        spec["description"] = description
    if secret:
        spec["secret"] = True
    return spec


STRING = {"type": "string"}


def build_schema() -> dict[str, Any]:
    """The whole package schema: four components and the types their inputs use."""
    b = SchemaBuilder()
    compute_refs = [b.add_model(m) for m in COMPUTE_MODELS]
    container_args = ContainerArgs.model_json_schema(by_alias=True, mode="validation")
    b.add_model(ContainerArgs)
    container_inputs, _ = b.object_properties("ContainerArgs", container_args)
    redis_args = RedisCacheArgs.model_json_schema(by_alias=True, mode="validation")
    b.add_model(RedisCacheArgs)
    redis_inputs, _ = b.object_properties("RedisCacheArgs", redis_args)
    # The Args types themselves are only used as the components' input lists.
    for helper in ("ContainerArgs", "RedisCacheArgs"):
        b.types.pop(token(helper))
    redis_inputs["password"] = _prop(redis_inputs["password"], secret=True)

    resources = {
        token("Environment"): {
            "isComponent": True,
            "description": "A deployment target: one compute kind (kubernetes, aci, aca, ecs, cloudrun), its "
                           "shared resources and its recipes.",
            "inputProperties": {
                "compute": {"oneOf": compute_refs,
                            "discriminator": {"propertyName": "kind", "mapping": {
                                m.model_fields["kind"].default: f"#/types/{token(m.__name__)}" for m in COMPUTE_MODELS}},
                            "description": "The compute kind and its settings."},
                "protectStateful": {"type": "boolean", "default": True,
                                    "description": "Protect the stateful resources recipes create; false for "
                                                   "throwaway stacks so `pulumi destroy` can remove them."},
            },
            "requiredInputs": ["compute"],
            "properties": {"kind": _prop(STRING, "The compute kind.")},
            "required": ["kind"],
        },
        token("Application"): {
            "isComponent": True,
            "description": "An application: the unit names are derived from, in one environment.",
            "inputProperties": {"environment": _prop(resource_ref("Environment"), "The environment it deploys to.")},
            "requiredInputs": ["environment"],
            "properties": {
                "environmentName": _prop(STRING, "The name of its environment."),
                "namespace": _prop(STRING, "Kubernetes: the namespace its objects are in."),
            },
            "required": ["environmentName"],
        },
        token("Container"): {
            "isComponent": True,
            "description": "A Radius container and everything it needs on the environment's platform.",
            "inputProperties": {"application": _prop(resource_ref("Application"), "The application it belongs to."),
                                **container_inputs},
            "requiredInputs": ["application", "container"],
            "properties": {
                "workloadName": _prop(STRING, "The name of the native workload."),
                "internalUrl": _prop(STRING, "How other containers reach it (none without ports)."),
                "internalHostname": _prop(STRING),
                "internalPort": _prop({"type": "integer"}),
            },
            "required": ["workloadName"],
        },
        token("RedisCache"): {
            "isComponent": True,
            "description": "A Redis cache, provisioned by the environment's recipe or supplied by the user "
                           "(resourceProvisioning: manual).",
            "inputProperties": {"application": _prop(resource_ref("Application"), "The application it belongs to."),
                                **redis_inputs},
            "requiredInputs": ["application"],
            "properties": {
                "host": _prop(STRING), "port": _prop({"type": "integer"}), "username": _prop(STRING),
                "tls": _prop({"type": "boolean"}), "tlsCaCert": _prop(STRING, "The PEM CA a client must trust, or ''."),
                "password": _prop(STRING, secret=True), "url": _prop(STRING, secret=True),
                "connectionString": _prop(STRING, secret=True),
            },
            "required": ["connectionString", "host", "password", "port", "tls", "url", "username"],
        },
    }
    return {
        "name": PACKAGE,
        "displayName": "Radius components",
        "version": package_version(),
        "description": "Radius's application model (Environment, Application, Container, portable resources) "
                       "on Kubernetes, Azure Container Instances/Apps, AWS ECS and Google Cloud Run.",
        "license": "Apache-2.0",
        "meta": {"moduleFormat": "(.*)"},
        "language": {
            "python": {"requires": {"radius-components": package_version()}},
            "nodejs": {"packageName": "@radius/components"},
            "csharp": {"rootNamespace": "Radius", "packageReferences": {"Pulumi": "3.*"}},
            "java": {"basePackage": "io.radius"},
            # No published Go module yet: `pulumi package add` links the generated one with a replace.
            "go": {"importBasePath": "radius-components.local/sdk/go/radius",
                   "generateResourceContainerTypes": True},
        },
        "types": dict(sorted(b.types.items())),
        "resources": resources,
    }
