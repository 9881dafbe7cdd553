"""Inputs in the schema's shape -> inputs in the model's shape.

The schema spells each union of the model as exclusive optional properties (choices.py); this
walks a construct request's inputs along the schema and puts the one choice the program set back
into the model's field: `kubernetes: {...}` -> `compute: {kind: kubernetes, ...}`,
`sourceRedisCache: <RedisCache>` -> `source: <RedisCache>`, an extension `{manualScaling: {...}}`
-> `{kind: manualScaling, ...}`. None or several choices set is the components' kind of error
(a RadiusValidationError naming the component, the property path, the value and the fix).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import pulumi

from radius_components.errors import RadiusValidationError, raise_all

from .choices import Split


# (URN, component type name) -> the live component of that type, or None
UrnResolver = Callable[[str, str], Any]


class Reshaper:
    def __init__(self, schema: Mapping[str, Any], splits: Mapping[str, list[Split]],
                 resolve_urn: UrnResolver = lambda urn, typ: None) -> None:
        self.schema = schema
        self.splits = splits
        self.resolve_urn = resolve_urn

    def inputs(self, resource_token: str, label: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """A component's top-level inputs, reshaped (unknown names are left for the caller to refuse)."""
        specs = self.schema["resources"][resource_token]["inputProperties"]
        errors: list[RadiusValidationError] = []
        out = {name: self._value(specs[name], value, name, label, errors) if name in specs else value
               for name, value in inputs.items()}
        out = self._join(self.splits.get(resource_token, []), out, "", label, errors)
        raise_all(errors)
        return out

    def _value(self, spec: Mapping[str, Any], value: Any, path: str, label: str,
               errors: list[RadiusValidationError]) -> Any:
        if value is None or isinstance(value, (pulumi.Output, pulumi.Resource)):
            return value  # unknown until deployment, or a resource reference: nothing inside to reshape
        ref = spec.get("$ref", "")
        if ref.startswith("#/types/"):
            type_token = ref[len("#/types/"):]
            typ = self.schema["types"][type_token]
            if "properties" not in typ or not isinstance(value, Mapping):
                return value  # an enum, or a value the component will refuse with its own error
            props = typ["properties"]
            obj = {k: self._value(props[k], v, f"{path}.{k}", label, errors) if k in props else v
                   for k, v in value.items()}
            return self._join(self.splits.get(type_token, []), obj, path, label, errors)
        if spec.get("type") == "array" and isinstance(value, (list, tuple)):
            return [self._value(spec["items"], v, f"{path}[{i}]", label, errors) for i, v in enumerate(value)]
        extra = spec.get("additionalProperties")
        if spec.get("type") == "object" and isinstance(extra, Mapping) and isinstance(value, Mapping):
            return {k: self._value(extra, v, f"{path}.{k}", label, errors) for k, v in value.items()}
        return value

    def _join(self, splits: list[Split], obj: dict[str, Any], path: str, label: str,
              errors: list[RadiusValidationError]) -> Any:
        for split in splits:
            chosen = [c for c in split.choices if obj.get(c.prop) is not None]
            where = f"{path}." if path else ""
            if len(chosen) > 1:
                errors.append(RadiusValidationError(
                    label, where + "|".join(c.prop for c in chosen), {c.prop: obj[c.prop] for c in chosen},
                    "these exclude each other", f"set only one of {split.names()}"))
                continue
            if not chosen:
                if split.required:
                    errors.append(RadiusValidationError(
                        label, f"{where}{split.field}" if split.field else path, {k: v for k, v in obj.items() if v is not None}, "none of its choices is set",
                        f"set exactly one of {split.names()}"))
                continue
            choice = chosen[0]
            value = obj.pop(choice.prop)
            for other in split.choices:
                obj.pop(other.prop, None)  # given as null
            if choice.urn_of and isinstance(value, str):
                component = self.resolve_urn(value, choice.urn_of)
                if component is None:
                    errors.append(RadiusValidationError(
                        label, f"{where}{choice.prop}", value, f"no {choice.urn_of} of this program has this URN",
                        f"pass the `urn` output of a {choice.urn_of} declared in the same program"))
                    continue
                value = component
            if choice.discriminator and isinstance(value, Mapping):
                key, kind = choice.discriminator
                value = {**value, key: kind}  # the property's name says the kind
            if split.field is None:
                return value
            obj[split.field] = value
        return obj
