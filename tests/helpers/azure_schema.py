"""Checks Pulumi azure-native inputs against an azure-mgmt SDK's msrest-style models (no tests here).

Each azure-mgmt model class describes one REST object:
- `_attribute_map` maps the Python attribute to its wire key and type (`str`, `int`, `[Model]`,
  `{str}`, ...). A key like `properties.x` means the REST body nests it under `properties`
  (the SDK "flattens" it).
- `_validation` holds `required`, `readonly` and value constraints (`pattern`, `max_length`,
  `minimum`, ...).
- The docstrings name the enum an enum-typed string belongs to, and sometimes document ranges
  that appear nowhere else.

The SDK's `Model.deserialize()` silently drops keys it does not know, and this SDK generation
has no `Model.validate()`, so `ModelSchema` supplies the checks:
- `strict` walks the body along `_attribute_map` and reports keys the model does not define,
  readonly properties (the server computes them; a request must not send them), values of the
  wrong JSON type, and enum-typed strings that are not members of the enum the ENUMS table
  names for them;
- `constraints` applies `_validation` to a deserialized model, the checks msrest's
  `Model.validate()` made;
- `serialize` runs the SDK's own request serializer over a deserialized model.
"""

from __future__ import annotations

import enum
import re
import sys
from types import ModuleType
from typing import Any, Mapping

# (model class name, attribute name) -> the SDK enum its value must belong to.
Enums = Mapping[tuple[str, str], type[enum.Enum]]

_PRIMITIVES: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "long": (int,),
                                             "float": (int, float), "bool": (bool,)}


class ModelSchema:
    """The models of one azure-mgmt package (its `models` module) plus the ENUMS table that says
    which string attributes are enum-typed."""

    def __init__(self, models: ModuleType, enums: Enums, serialization: ModuleType):
        self.models = models
        self.enums = enums
        self.serialization = serialization

    def model(self, name: str) -> type | None:
        found = getattr(self.models, name, None)
        return found if isinstance(found, type) and hasattr(found, "_attribute_map") else None

    # -- the strict walk over `_attribute_map` -------------------------------------------------

    def strict(self, model: type, data: Any, path: str, problems: list[str]) -> None:
        """Every key of `data` must be a writable attribute of `model` (following flattened
        keys), of the declared JSON type, and a member of its enum where the attribute has one."""
        if isinstance(data, list):
            for i, item in enumerate(data):
                self.strict(model, item, f"{path}[{i}]", problems)
            return
        if not isinstance(data, dict):
            problems.append(f"{path}: expected an object for {model.__name__}, got {data!r}")
            return
        tree: dict = {}
        for attr, spec in model._attribute_map.items():
            node = tree
            parts = spec["key"].split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = (attr, spec["type"])
        self._walk(model, tree, data, path, problems)

    def _walk(self, model: type, tree: dict, data: dict, path: str, problems: list[str]) -> None:
        for key, value in data.items():
            where = f"{path}.{key}"
            if key not in tree:
                problems.append(f"{where}: not a property of {model.__name__}")
                continue
            entry = tree[key]
            if isinstance(entry, dict):  # a flattening level such as `properties`
                if isinstance(value, dict):
                    self._walk(model, entry, value, where, problems)
                else:
                    problems.append(f"{where}: expected an object, got {value!r}")
                continue
            attr, typ = entry
            if model._validation.get(attr, {}).get("readonly"):
                problems.append(f"{where}: readonly in {model.__name__} (computed by the server, not sent)")
            enum_type = self.enums.get((model.__name__, attr))
            if enum_type is not None:
                allowed = [e.value for e in enum_type]
                for item in value if isinstance(value, list) else [value]:
                    if item not in allowed:
                        problems.append(f"{where}: {item!r} is not one of {enum_type.__name__} {allowed}")
            self._typed(typ, value, where, problems)

    def _typed(self, typ: str, value: Any, path: str, problems: list[str]) -> None:
        if value is None:
            return
        if typ.startswith("["):
            if not isinstance(value, list):
                problems.append(f"{path}: expected a list ({typ}), got {value!r}")
                return
            for i, item in enumerate(value):
                self._typed(typ[1:-1], item, f"{path}[{i}]", problems)
            return
        if typ.startswith("{"):
            if not isinstance(value, dict):
                problems.append(f"{path}: expected a map ({typ}), got {value!r}")
                return
            for k, item in value.items():
                self._typed(typ[1:-1], item, f"{path}.{k}", problems)
            return
        sub = self.model(typ)
        if sub is not None:
            self.strict(sub, value, path, problems)
            return
        expected = _PRIMITIVES.get(typ)
        if expected is None:  # dates, durations, `object`: not checked
            return
        # bool is an int in Python, not in JSON.
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            problems.append(f"{path}: {value!r} is not a {typ}")

    # -- `_validation` over a deserialized model -----------------------------------------------

    def constraints(self, obj: Any, path: str, problems: list[str]) -> None:
        """The model's `_validation` rules: required fields and value constraints."""
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                self.constraints(item, f"{path}[{i}]", problems)
            return
        if isinstance(obj, dict):
            for k, item in obj.items():
                self.constraints(item, f"{path}.{k}", problems)
            return
        if not hasattr(obj, "_attribute_map"):
            return
        for attr in obj._attribute_map:
            value = getattr(obj, attr, None)
            rules = obj._validation.get(attr, {})
            if rules.get("readonly"):
                continue
            if rules.get("required") and value is None:
                problems.append(f"{path}.{attr}: required by {type(obj).__name__}")
            if value is not None:
                if "pattern" in rules and not re.search(rules["pattern"], str(value)):
                    problems.append(f"{path}.{attr}: {value!r} does not match {rules['pattern']}")
                for rule, ok in (("max_length", lambda v, n: len(v) <= n), ("min_length", lambda v, n: len(v) >= n),
                                 ("max_items", lambda v, n: len(v) <= n), ("min_items", lambda v, n: len(v) >= n),
                                 ("maximum", lambda v, n: v <= n), ("minimum", lambda v, n: v >= n)):
                    if rule in rules and not ok(value, rules[rule]):
                        problems.append(f"{path}.{attr}: {value!r} breaks {rule}={rules[rule]}")
            self.constraints(value, f"{path}.{attr}", problems)

    def serialize(self, obj: Any, model_name: str) -> Any:
        """The SDK's own serializer turns the model back into a request body (raises if it can't)."""
        classes = {k: v for k, v in vars(self.models).items() if isinstance(v, type)}
        return self.serialization.Serializer(classes).body(obj, model_name)

    # -- everything at once ----------------------------------------------------------------------

    def check(self, model: type, body: dict) -> list[str]:
        """All problems of `body` as a request for `model`: strict walk, then deserialize and
        apply `_validation`, then the SDK's serializer."""
        problems: list[str] = []
        self.strict(model, body, "", problems)
        obj = model.deserialize(body)
        self.constraints(obj, "", problems)
        self.serialize(obj, model.__name__)
        return problems


def _doc(cls: type) -> str:
    return " ".join((cls.__doc__ or "").split())


def ivar_docs(cls: type) -> dict[str, str]:
    """Each `:ivar name:` description of a model's docstring, whitespace normalised."""
    return dict(re.findall(r":ivar (\w+): (.*?)(?= :vartype |$)", _doc(cls)))


def documented_ranges(cls: type) -> dict[str, tuple[int, int]]:
    """attribute -> (minimum, maximum) for every `:ivar:` that says "Minimum value is X. Maximum
    value is Y." (limits the service enforces but `_validation` does not carry)."""
    ranges = {}
    for attr, text in ivar_docs(cls).items():
        found = re.search(r"Minimum value is (\d+)\. Maximum value is (\d+)\.", text)
        if found:
            ranges[attr] = (int(found.group(1)), int(found.group(2)))
    return ranges


def documented_enums(models: ModuleType, roots: list[type]) -> dict[tuple[str, str], type[enum.Enum]]:
    """(model, attribute) -> enum for every writable attribute reachable from `roots` whose
    `:vartype:` names an enum of `models`; what an ENUMS table should hold."""
    found: dict[tuple[str, str], type[enum.Enum]] = {}
    seen: set[str] = set()

    def visit(cls: type) -> None:
        if cls.__name__ in seen:
            return
        seen.add(cls.__name__)
        types = dict(re.findall(r":vartype (\w+): (.*?)(?= :ivar |$)", _doc(cls)))
        for attr, spec in cls._attribute_map.items():
            if cls._validation.get(attr, {}).get("readonly"):
                continue
            for name in re.findall(r"models\.(\w+)", types.get(attr, "")):
                candidate = getattr(models, name, None)
                if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
                    found[(cls.__name__, attr)] = candidate
            sub = getattr(models, spec["type"].strip("[]{}"), None)
            if isinstance(sub, type) and hasattr(sub, "_attribute_map"):
                visit(sub)

    for root in roots:
        visit(root)
    return found


# -- Pulumi azure-native input types, for resources no azure-mgmt SDK here describes ----------


def pulumi_strict(cls: type, inputs_module: ModuleType, data: dict, path: str, problems: list[str]) -> None:
    """Every key of `data` must be a property of the pulumi-azure-native input class `cls`
    (its `_pulumi_name`s, the API's camelCase), recursively into the nested `*Args` types
    its getters return. The provider passes unknown keys on to ARM, which rejects them."""
    names: dict[str, Any] = {}
    for name, member in vars(cls).items():
        if isinstance(member, property):
            api = getattr(member.fget, "_pulumi_name", name)
            names[api] = member.fget.__annotations__.get("return", "")
    for key, value in data.items():
        if key not in names:
            problems.append(f"{path}.{key}: not a property of {cls.__name__}")
            continue
        hint = str(names[key])
        inner = next((n for n in dir(inputs_module) if n.endswith("Args") and f"'{n}'" in hint), None)
        if inner is None:
            continue
        sub = getattr(inputs_module, inner)
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, dict):
                pulumi_strict(sub, inputs_module, item, f"{path}.{key}[{i}]", problems)


def resource_args(resource_cls: type) -> type:
    """A resource's own arguments class. Where a nested input type has the same name (a NAT
    gateway, a public IP as sub-resources) the provider names it `<Resource>InitArgs`, so the
    class is looked up in the resource's module, not the package."""
    module = sys.modules[resource_cls.__module__]
    return getattr(module, next(n for n in module.__all__ if n.endswith("Args")))


# Microsoft.Network resource names: 1-80 characters, alphanumerics, '_', '.', '-'; starting with
# an alphanumeric, ending with an alphanumeric or '_'.
NETWORK_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")
