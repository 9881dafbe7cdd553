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

from radius_components.model import ContainerArgs, GatewayArgs, RedisCacheArgs, SecretStoreArgs, SqlDatabaseArgs
from radius_components.platforms import ordered_kinds

PACKAGE = "radius"
ANY = {"$ref": "pulumi.json#/Any"}


def compute_models() -> tuple[type[BaseModel], ...]:
    """Every declared kind's compute model, in table order: the Environment's compute union."""
    return tuple(declaration.compute_model for declaration in ordered_kinds().values())


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
# are a union of what the components accept (radius_components/connections.py): a resource of
# this package, or a string (a URL, or an existing secret's name). Every component listed here
# is a ConnectionSource (connections.py `resolve_source`) or a secret source (`secret_ref`).
CONNECTION_SOURCE = {
    "oneOf": [{"type": "string"}, resource_ref("RedisCache"), resource_ref("SqlDatabase"), resource_ref("Container"),
              resource_ref("Gateway")],
    "description": "What the container connects to: a RedisCache, SqlDatabase, Container or Gateway of this "
                   "package, or a `scheme://host:port` URL.",
}
SECRET_SOURCE = {
    "oneOf": [{"type": "string"}, resource_ref("RedisCache"), resource_ref("SqlDatabase"),
              resource_ref("SecretStore")],
    "description": "The secret's source: a RedisCache or SqlDatabase of this package (`key`: one of its secret "
                   "connection properties), a SecretStore of this package (`key`: one of its keys), or the name "
                   "of an existing platform secret.",
}
SOURCE_OVERRIDES = {("Connection", "source"): CONNECTION_SOURCE, ("SecretRef", "source"): SECRET_SOURCE}
# A component field whose name alone says too little for a package-wide enum type.
ENUM_NAMES = {("SqlDatabaseArgs", "engine"): "SqlEngine"}
# Inputs inside object types that carry a secret: the engine keeps them encrypted in state.
SECRET_FIELDS = {("SecretValue", "value")}


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
        for name, spec in props.items():
            if (owner, name) in SECRET_FIELDS:
                spec["secret"] = True
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
        # Enums of the components' own inputs are named after the field alone (RestartPolicy), and
        # shared by the components that have the same field (ResourceProvisioning).
        prefix = "" if owner.endswith("Args") else owner
        enum_name = ENUM_NAMES.get((owner, name), f"{prefix}{name[:1].upper()}{name[1:]}")
        spec = {
            "type": js.get("type", "string"),
            "enum": [{"name": _enum_member_name(v), "value": v} for v in js["enum"]],
        }
        existing = self.types.setdefault(token(enum_name), spec)
        if existing != spec:
            raise ValueError(f"enum {enum_name} ({owner}.{name}) differs from the enum of the same name already in the "
                             f"schema: name one of them in ENUM_NAMES")
        return {"$ref": f"#/types/{token(enum_name)}"}


def _enum_member_name(value: Any) -> str:
    text = "".join(part[:1].upper() + part[1:] for part in str(value).replace("-", "_").split("_"))
    # A member name is an identifier in every SDK: "1.2" (a TLS version) becomes V1_2.
    text = text.replace(".", "_")
    if text[:1].isdigit():
        text = f"V{text}"
    return text or "Empty"


def _prop(spec: dict[str, Any], description: Optional[str] = None, secret: bool = False) -> dict[str, Any]:
    spec = dict(spec)
    if description:
        spec["description"] = description
    if secret:
        spec["secret"] = True
    return spec


STRING = {"type": "string"}


def component_inputs(b: SchemaBuilder, args_model: type[BaseModel]) -> dict[str, Any]:
    """A component's input properties: the fields of its pydantic Args model. The types the
    fields use are registered; the Args type itself is only the component's input list."""
    js = args_model.model_json_schema(by_alias=True, mode="validation")
    b.add_model(args_model)
    inputs, _ = b.object_properties(args_model.__name__, js)
    b.types.pop(token(args_model.__name__))
    return inputs


APPLICATION_INPUT = _prop(resource_ref("Application"), "The application it belongs to.")


def build_schema() -> dict[str, Any]:
    """The whole package schema: the seven components and the types their inputs use."""
    b = SchemaBuilder()
    models = compute_models()
    compute_refs = [b.add_model(m) for m in models]
    container_inputs = component_inputs(b, ContainerArgs)
    redis_inputs = component_inputs(b, RedisCacheArgs)
    redis_inputs["password"] = _prop(redis_inputs["password"], secret=True)
    sql_inputs = component_inputs(b, SqlDatabaseArgs)
    sql_inputs["password"] = _prop(sql_inputs["password"], secret=True)
    gateway_inputs = component_inputs(b, GatewayArgs)
    store_inputs = component_inputs(b, SecretStoreArgs)

    resources = {
        token("Environment"): {
            "isComponent": True,
            "description": f"A deployment target: one compute kind ({', '.join(ordered_kinds())}), its "
                           "shared resources and its recipes.",
            "inputProperties": {
                "compute": {"oneOf": compute_refs,
                            "discriminator": {"propertyName": "kind", "mapping": {
                                m.model_fields["kind"].default: f"#/types/{token(m.__name__)}" for m in models}},
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
            "inputProperties": {"application": APPLICATION_INPUT, **container_inputs},
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
            "inputProperties": {"application": APPLICATION_INPUT, **redis_inputs},
            "requiredInputs": ["application"],
            "properties": {
                "host": _prop(STRING), "port": _prop({"type": "integer"}), "username": _prop(STRING),
                "tls": _prop({"type": "boolean"}), "tlsCaCert": _prop(STRING, "The PEM CA a client must trust, or ''."),
                "password": _prop(STRING, secret=True), "url": _prop(STRING, secret=True),
                "connectionString": _prop(STRING, secret=True),
            },
            "required": ["connectionString", "host", "password", "port", "tls", "url", "username"],
        },
        token("SqlDatabase"): {
            "isComponent": True,
            "description": "A SQL database, provisioned by the environment's recipe or supplied by the user "
                           "(resourceProvisioning: manual).",
            "inputProperties": {"application": APPLICATION_INPUT, **sql_inputs},
            "requiredInputs": ["application"],
            "properties": {
                "engine": _prop(STRING), "server": _prop(STRING), "port": _prop({"type": "integer"}),
                "database": _prop(STRING), "username": _prop(STRING), "tls": _prop({"type": "boolean"}),
                "tlsCaCert": _prop(STRING, "The PEM CA a client must trust, or ''."),
                "password": _prop(STRING, secret=True), "url": _prop(STRING, secret=True),
                "connectionString": _prop(STRING, secret=True),
            },
            "required": ["connectionString", "database", "engine", "password", "port", "server", "tls",
                         "tlsCaCert", "url", "username"],
        },
        token("Gateway"): {
            "isComponent": True,
            "description": "Public (or, with internal, private) HTTP ingress that routes path prefixes to containers "
                           "of its application. Declare it before the containers it routes to: make them depend on "
                           "it (`dependsOn`), as a program in another language registers independent resources in "
                           "any order.",
            "inputProperties": {"application": APPLICATION_INPUT, **gateway_inputs},
            "requiredInputs": ["application", "routes"],
            "properties": {
                "url": _prop(STRING, "The gateway's URL (a connection to the gateway gets it as CONNECTION_<NAME>_URL)."),
                "hostname": _prop(STRING, "The host name it serves."),
            },
            # No `required`: both can be null (a Kubernetes Gateway API gateway without a hostname
            # has its address only in its status: radius_components/platforms/kubernetes/gateway.py).
        },
        token("SecretStore"): {
            "isComponent": True,
            "description": "A named set of secret keys; a container reads one with "
                           "`env.<NAME>.valueFrom.secretRef: {source: <store>, key: <key>}`.",
            "inputProperties": {"application": APPLICATION_INPUT, **store_inputs},
            "requiredInputs": ["application", "data"],
            "properties": {
                "keys": _prop({"type": "array", "items": STRING}, "The key names."),
                # A name (Kubernetes Secret, an existing store) or, per key, the native secret's ID:
                # its shape is the platform's, so the schema cannot type it.
                "resource": _prop(ANY, "The native store: a Kubernetes Secret name, or per key a Secrets "
                                       "Manager ARN / Secret Manager or Key Vault secret ID."),
            },
            "required": ["keys"],
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
