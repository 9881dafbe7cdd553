"""The `radius` package's Pulumi schema, derived from the pydantic model and the declarations.

One source of truth: the types other languages see are generated from the same pydantic
classes the Python components validate with (`radius_components.model`), so a field added to
the model is in the schema of the next release without a second edit; each resource type's
component (its inputs, outputs, description) comes from its `ResourceTypeDeclaration`, so a
declared type, a third party's too, is in the schema. Property names are the
model's camelCase aliases (Radius's Bicep spelling), which the components accept as input.

What Pulumi schema can express is typed (objects, maps, arrays, enums, discriminated unions,
references to the package's own resources); the rest stays `pulumi.json#/Any` and says why.
Schema reference: https://www.pulumi.com/docs/iac/extending-pulumi/schema/
"""

from __future__ import annotations

from importlib import metadata
from typing import Any, Callable, Iterator, Optional

from pydantic import BaseModel

from radius_components.declarations import ResourceTypeDeclaration, declared_resource_types
from radius_components.model import ContainerArgs
from radius_components.platforms import ordered_kinds
from radius_components.resources.registry import connection_targets, declared_outputs, secret_sources

from .choices import Choice, Split

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


# Fields the model types as `Any` because Python accepts a live object there: what the components
# accept (radius_components/connections.py) is a resource of this package or a string (a URL, or
# an existing secret's name). Each is one optional property (choices.py says why not a union):
# `source<Type>` per declared resource type (resources/registry.py: every type with connection
# fields, data stores first, and the Container, as a connection's source; every type with secret
# fields, then the stores of keys, as a secret's source), and one for the string.
def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def connection_source_members() -> list[str]:
    targets = [d.name for d in connection_targets()]
    data, others = [n for n in targets if declared_resource_types()[n].holds_data], \
        [n for n in targets if not declared_resource_types()[n].holds_data]
    return data + ["Container"] + others


def _source_choices(string_prop: str, string_doc: str, members: list[str],
                    member_doc: Callable[[str], str]) -> dict[str, dict[str, Any]]:
    props = {string_prop: _prop(STRING, string_doc)}
    props.update({f"source{name}": _prop(resource_ref(name), member_doc(name)) for name in members})
    return props


def connection_source() -> dict[str, dict[str, Any]]:
    members = connection_source_members()
    one_of = f"Exactly one of `sourceUrl`, {', '.join(f'`source{m}`' for m in members)}."
    return _source_choices(
        "sourceUrl", f"What the container connects to, outside this program: a `scheme://host:port` URL. {one_of}",
        members, lambda name: f"What the container connects to: a {name} of this package. {one_of}")


def secret_source() -> dict[str, dict[str, Any]]:
    sources = secret_sources()
    one_of = f"Exactly one of `sourceExistingSecret`, {', '.join(f'`source{d.name}`' for d in sources)}."

    def doc(name: str) -> str:
        keyed = declared_resource_types()[name].keyed_secrets
        return (f"The secret's source: a {name} of this package (`key`: "
                f"{'one of its keys' if keyed else 'one of its secret connection properties'}). {one_of}")

    return _source_choices("sourceExistingSecret",
                           f"The secret's source: the name of an existing platform secret (`key`: its key or version). "
                           f"{one_of}", [d.name for d in sources], doc)


def volume_source() -> dict[str, dict[str, Any]]:
    """A persistent volume's `source`: always a Volume of this package (typed, not `Any`)."""
    return {"source": _prop(resource_ref("Volume"), "The Volume to mount (of the container's own application).")}


SOURCE_OVERRIDES: dict[tuple[str, str], Callable[[], dict[str, dict[str, Any]]]] = {
    ("Connection", "source"): connection_source, ("SecretRef", "source"): secret_source,
    ("PersistentVolume", "source"): volume_source}
# A component field whose name alone says too little for a package-wide enum type.
ENUM_NAMES = {("SqlDatabaseArgs", "engine"): "SqlEngine"}
# A union of object types (told apart by a discriminator) inside a field, e.g. an `extensions`
# item: the name of the object type holding one property per member.
UNION_NAMES = {("ContainerArgs", "extensions"): "Extension"}
# Inputs inside object types that carry a secret: the engine keeps them encrypted in state.
SECRET_FIELDS = {("SecretValue", "value")}
SCALARS = ("string", "integer", "number", "boolean")


class SchemaBuilder:
    """Turns pydantic JSON schemas into Pulumi schema `types` and property specs."""

    def __init__(self) -> None:
        self.types: dict[str, dict[str, Any]] = {}
        # schema type or resource token -> its unions spelled as choices (read by the provider)
        self.splits: dict[str, list[Split]] = {}
        self.descriptions: dict[str, str] = {}  # type token -> its description, known before it is built
        self.discriminators: set[tuple[str, str]] = set()  # (member type token, property) to drop in finish()

    # ---- models -> object types
    def add_model(self, model: type[BaseModel]) -> dict[str, Any]:
        """Register `model` (and every model it references) as object types; return its ref."""
        js = model.model_json_schema(by_alias=True, mode="validation")
        defs = js.pop("$defs", {})
        self.descriptions.update({token(name): d["description"] for name, d in defs.items() if d.get("description")})
        for name, definition in defs.items():
            self._add_object(name, definition, defs)
        self._add_object(model.__name__, js, defs)
        return {"$ref": f"#/types/{token(model.__name__)}"}

    def object_properties(self, owner: str, js: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        props: dict[str, Any] = {}
        required = set(js.get("required", []))
        for name, prop in js.get("properties", {}).items():
            if (owner, name) in SOURCE_OVERRIDES:
                choices = SOURCE_OVERRIDES[(owner, name)]()
                props.update(choices)
                self.splits.setdefault(token(owner), []).append(
                    Split(name, tuple(Choice(c) for c in choices), required=name in required))
                required.discard(name)
                continue
            props[name] = self.spec(owner, name, prop)
            if (owner, name) in SECRET_FIELDS:
                props[name]["secret"] = True
        return props, sorted(required)

    # ---- a discriminated union -> one property per member
    def discriminated_choices(self, discriminator: str, mapping: dict[str, str]) -> tuple[dict[str, Any], tuple[Choice, ...]]:
        """{discriminator value: member type token} -> a property per value, typed by its member
        (whose own discriminator property is dropped: the property name says it)."""
        props, choices = {}, []
        for value, member in mapping.items():
            self.discriminators.add((member, discriminator))
            summary = self.descriptions.get(member, value).split("\n\n")[0]  # not the `:param` list
            props[value] = {"$ref": f"#/types/{member}", "description": summary}
            choices.append(Choice(value, (discriminator, value)))
        return props, tuple(choices)

    def finish(self) -> dict[str, dict[str, Any]]:
        """The types, with the discriminators of split unions' members dropped."""
        for member, discriminator in self.discriminators:
            member_type = self.types[member]
            member_type["properties"].pop(discriminator, None)
            required = [r for r in member_type.get("required", []) if r != discriminator]
            if required:
                member_type["required"] = required
            else:
                member_type.pop("required", None)
        return dict(sorted(self.types.items()))

    def _add_object(self, name: str, js: dict[str, Any], defs: dict[str, Any]) -> None:
        if token(name) in self.types:
            return
        props, required = self.object_properties(name, js)
        spec: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            spec["required"] = required
        if js.get("description"):
            spec["description"] = js["description"]
            self.descriptions[token(name)] = js["description"]
        self.types[token(name)] = spec

    # ---- one JSON-schema property -> one Pulumi property spec
    def spec(self, owner: str, name: str, js: dict[str, Any]) -> dict[str, Any]:
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
            return self._union(owner, name, js, members)
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

    def _union(self, owner: str, name: str, js: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
        """No `oneOf` in the schema (choices.py): scalars become the string they end up as; a
        discriminated union of objects becomes an object type with one property per member."""
        kinds = {m.get("type") for m in members}
        if kinds <= set(SCALARS) and "string" in kinds:
            return {"type": "string"}  # an env value: numbers and bools become strings anyway
        if "discriminator" in js:
            disc = js["discriminator"]
            mapping = {k: token(v.rsplit("/", 1)[-1]) for k, v in disc["mapping"].items()}
            type_name = UNION_NAMES.get((owner, name), f"{owner.removesuffix('Args')}{name[:1].upper()}{name[1:]}")
            props, choices = self.discriminated_choices(disc["propertyName"], mapping)
            self.types[token(type_name)] = {
                "type": "object", "properties": props,
                "description": f"One of: {_names([f'`{c.prop}`' for c in choices])} (set exactly one)."}
            self.splits[token(type_name)] = [Split(None, choices, required=True)]
            return {"$ref": f"#/types/{token(type_name)}"}
        raise ValueError(f"{owner}.{name}: a union the typed SDKs cannot express ({members}); spell it as choices "
                         "(providers/radius_provider/choices.py)")

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
# Order as data: a Gateway must be constructed before the containers it routes to (it changes
# their resources on several kinds), and outside Python independent resources are constructed
# concurrently; a resource reference is a dependency every SDK waits for. Provider-only: the
# Python component takes no such argument (declaration order does it there).
GATEWAYS_INPUT = {"type": "array", "items": resource_ref("Gateway"),
                  "description": "The gateways whose routes name this container. Required for each such gateway: "
                                 "a gateway is constructed before the containers it routes to, and listing it here "
                                 "makes the engine wait for it (otherwise the gateway may come second and fail)."}


OUTPUT_TYPES = {"string": STRING, "integer": {"type": "integer"}, "boolean": {"type": "boolean"},
                "string[]": {"type": "array", "items": STRING}, "any": ANY}


def resource_type_spec(b: SchemaBuilder, declaration: ResourceTypeDeclaration) -> dict[str, Any]:
    """A declared resource type's component: its inputs are its arguments model's fields (those
    named like a secret connection field are secret), its outputs its declared outputs."""
    assert declaration.args_model is not None, f"{declaration.name} declares no arguments model"
    inputs = component_inputs(b, declaration.args_model)
    for f in declaration.secrets:
        if f.name in inputs:
            inputs[f.name] = _prop(inputs[f.name], secret=True)
    js = declaration.args_model.model_json_schema(by_alias=True, mode="validation")
    outputs = declared_outputs(declaration)
    spec: dict[str, Any] = {
        "isComponent": True,
        "description": declaration.description,
        "inputProperties": {"application": APPLICATION_INPUT, **inputs},
        "requiredInputs": ["application", *sorted(js.get("required", []))],
        "properties": {output_name(o.name): _prop(OUTPUT_TYPES[o.type], o.doc, secret=o.secret) for o in outputs},
    }
    required = sorted(output_name(o.name) for o in outputs if o.required)
    if required:  # the CLI drops an empty list when it serves the schema, so none is written
        spec["required"] = required
    return spec


def output_name(name: str) -> str:
    """An output's schema name: the attribute's snake_case in camelCase (`tls_ca_cert` -> `tlsCaCert`)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def build_schema() -> dict[str, Any]:
    """The whole package schema: Environment, Application, Container, every declared resource
    type, and the types their inputs use."""
    return build_package()[0]


def build_package() -> tuple[dict[str, Any], dict[str, list[Split]]]:
    """The schema, and where it spells a model union as choices (what the provider undoes)."""
    b = SchemaBuilder()
    models = compute_models()
    for m in models:
        b.add_model(m)
    # One optional input per kind, named by the kind (choices.py: no union for the typed SDKs).
    compute_inputs, compute_choices = b.discriminated_choices(
        "kind", {m.model_fields["kind"].default: token(m.__name__) for m in models})
    kinds = ", ".join(f"`{kind}`" for kind in compute_inputs)
    for kind, spec in compute_inputs.items():
        spec["description"] = f"{spec['description']} Set exactly one of {kinds}: the environment's compute kind."
    b.splits[token("Environment")] = [Split("compute", compute_choices, required=True)]
    container_inputs = component_inputs(b, ContainerArgs)

    resources = {
        token("Environment"): {
            "isComponent": True,
            "description": f"A deployment target: one compute kind ({', '.join(ordered_kinds())}), its "
                           "shared resources and its recipes.",
            "inputProperties": {
                **compute_inputs,
                "protectStateful": {"type": "boolean", "default": True,
                                    "description": "Protect the stateful resources recipes create; false for "
                                                   "throwaway stacks so `pulumi destroy` can remove them."},
            },
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
            "inputProperties": {"application": APPLICATION_INPUT, **container_inputs,
                                **({"gateways": GATEWAYS_INPUT} if "Gateway" in declared_resource_types() else {})},
            "requiredInputs": ["application", "container"],
            "properties": {
                "workloadName": _prop(STRING, "The name of the native workload."),
                "internalUrl": _prop(STRING, "How other containers reach it (none without ports)."),
                "internalHostname": _prop(STRING),
                "internalPort": _prop({"type": "integer"}),
            },
            "required": ["workloadName"],
        },
    }
    resources.update({token(name): resource_type_spec(b, declaration)
                      for name, declaration in declared_resource_types().items()})
    schema = {
        "name": PACKAGE,
        "displayName": "Radius components",
        "version": package_version(),
        "description": "Radius's application model (Environment, Application, Container, portable resources) "
                       "on Kubernetes, Azure Container Instances/Apps, AWS ECS and Google Cloud Run.",
        "license": "Apache-2.0",
        "keywords": ["radius", "kubernetes", "azure", "aws", "gcp", "category/infrastructure", "kind/component"],
        "meta": {"moduleFormat": "(.*)"},
        # Every generated SDK is versioned with the schema (else TypeScript's package.json says
        # "${VERSION}", the codegen's placeholder for a release pipeline to fill in).
        "language": {
            # No `requires`: the SDK is an RPC client of the plugin and needs only the Pulumi SDK
            # the codegen adds. (A `requires` entry is written as name + constraint verbatim,
            # pkg/codegen/python/gen.go `setDependencies`: {"radius-components": "0.1.0"} made the
            # SDK require the distribution `radius-components0.1.0`, which does not exist.)
            "python": {"respectSchemaVersion": True, "pyproject": {"enabled": True}},
            "nodejs": {"packageName": "@radius/components", "respectSchemaVersion": True},
            # No published Go module yet: `pulumi package add` links the generated one with a replace.
            "go": {"importBasePath": "radius-components.local/sdk/go/radius",
                   "generateResourceContainerTypes": True, "respectSchemaVersion": True},
        },
        "types": b.finish(),
        "resources": resources,
    }
    schema.update(release_metadata())
    break_self_references(schema, b.splits)
    move_to_module(schema, types_of(schema, token("Environment")), "compute")
    return schema, b.splits


def _refs(spec: Any, prefix: str) -> Iterator[str]:
    if isinstance(spec, dict):
        ref = spec.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            yield ref[len(prefix):]
        for value in spec.values():
            yield from _refs(value, prefix)
    elif isinstance(spec, list):
        for value in spec:
            yield from _refs(value, prefix)


def types_of(schema: dict[str, Any], resource: str) -> set[str]:
    """Every object type a component's inputs use, transitively."""
    seen: set[str] = set()
    todo = list(_refs(schema["resources"][resource]["inputProperties"], "#/types/"))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(schema["types"][name], "#/types/"))
    return seen


def break_self_references(schema: dict[str, Any], splits: dict[str, list[Split]]) -> None:
    """A component whose input types refer to the component itself (a Container's connection to
    another Container) makes the TypeScript SDK uncompilable: the generator imports the class into
    its own file (TS2440/TS2395, pulumi/pulumi#24750). Such a choice is the other component's URN
    instead (`sourceContainerUrn: backend.urn`): still a dependency the engine orders by (an
    Output of that component), resolved by the provider to the live component."""
    for resource in schema["resources"]:
        name = resource.rsplit(":", 1)[-1]
        for type_token in types_of(schema, resource):
            props = schema["types"][type_token].get("properties", {})
            selfish = [p for p, spec in props.items() if spec.get("$ref") == f"#/resources/{resource}"]
            if not selfish:
                continue
            renamed = {p: f"{p}Urn" for p in selfish}

            def described(text: str) -> str:
                for old, new in renamed.items():
                    text = text.replace(f"`{old}`", f"`{new}`")
                return text

            schema["types"][type_token]["properties"] = {
                renamed.get(p, p): (
                    {"type": "string", "description": described(
                        f"The URN of a {name} of this program (`<{name.lower()}>.urn`), what the {name.lower()} "
                        f"connects to. " + spec.get("description", "").split(". ", 1)[-1])}
                    if p in selfish else {**spec, **({"description": described(spec["description"])}
                                                     if "description" in spec else {})})
                for p, spec in props.items()}
            splits[type_token] = [Split(split.field, tuple(
                Choice(f"{c.prop}Urn", c.discriminator, urn_of=name) if c.prop in selfish else c
                for c in split.choices), split.required) for split in splits.get(type_token, [])]


def move_to_module(schema: dict[str, Any], type_tokens: set[str], module: str) -> None:
    """Put types in a module of their own (`radius:compute:KubernetesCompute`). The Environment's
    compute types go there: the Python SDK imports a module's types (`_inputs.py`) at the top of
    every resource of the module, and the index types refer to resources (a connection's
    `sourceRedisCache`) whose modules import the Application, whose module imports the
    Environment: with the compute types in the index module, `import pulumi_radius` was circular.
    Nothing in them refers back to the index module, so the Go package `radius/compute` does not
    import `radius` either."""
    renamed = {old: old.replace(f"{PACKAGE}:index:", f"{PACKAGE}:{module}:", 1) for old in type_tokens}

    def rewrite(spec: Any) -> Any:
        if isinstance(spec, dict):
            return {k: (f"#/types/{renamed[v[8:]]}" if k == "$ref" and isinstance(v, str) and v.startswith("#/types/")
                        and v[8:] in renamed else rewrite(v)) for k, v in spec.items()}
        if isinstance(spec, list):
            return [rewrite(v) for v in spec]
        return spec

    schema["types"] = dict(sorted((renamed.get(k, k), rewrite(v)) for k, v in schema["types"].items()))
    schema["resources"] = rewrite(schema["resources"])


def repository_url() -> Optional[str]:
    """The project's `Repository` URL (pyproject.toml `[project.urls]`), from the installed metadata."""
    try:
        entries = metadata.metadata("radius-components").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip().removesuffix(".git").rstrip("/")
    return None


def release_metadata() -> dict[str, str]:
    """Where the engine gets the plugin an SDK asks for: the plugin is the source-based plugin
    package in this repository's `providers/` folder (PulumiPlugin.yaml), so the download URL is
    the repository's git URL with that folder (`git://github.com/<owner>/<repo>/providers`, the
    form `pulumi package add` records; the version is the release tag `v<version>`,
    sdk/go/common/workspace/plugins.go `IsGitPlugin`, gitutil `GetLatestTagOrHash`)."""
    url = repository_url()
    if not url:
        return {}
    host_path = url.split("://", 1)[-1]
    return {"repository": url, "homepage": url, "publisher": "radius-components",
            "pluginDownloadURL": f"git://{host_path}/{PLUGIN_FOLDER}"}


PLUGIN_FOLDER = "providers"
