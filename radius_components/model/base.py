"""Shared pydantic plumbing for the portable model.

Three things every model class needs, kept here so the schema files only say *what* the
fields are:
- input in snake_case or in the camelCase of Radius's Bicep schema (an `app.bicep` block
  pasted as a dict validates unchanged);
- unknown fields rejected, so a typo is an error instead of a silently ignored setting;
- any leaf may be a Pulumi Output, checked against the field's type when it resolves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union

import pulumi
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, WrapValidator, model_validator
from pydantic.alias_generators import to_camel

from ..errors import MISSING, RadiusValidationError, raise_all
from .field_docs import field_docstrings

T = TypeVar("T")


class RadiusModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        arbitrary_types_allowed=True,
        frozen=True,
        # Error locations use our snake_case field names, whichever spelling came in.
        loc_by_alias=False,
        # A field's docstring (the string under it) is its description, shown by help() and in
        # the JSON schema: set by __pydantic_init_subclass__ below (what pydantic's
        # use_attribute_docstrings does, at a fraction of its cost; see field_docs.py).
        # Each model builds its validator when it first validates (or gives its JSON schema),
        # not at import: a program pays only for the models it uses, e.g. its own kind's
        # compute model and not the four others.
        defer_build=True,
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        docs = field_docstrings(cls)
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
        # help(rad.EcsCompute) lists every argument with its description, as `:param:`
        # lines like the components' docstrings (pydantic's __init__ takes **data).
        params = []
        for name, info in cls.model_fields.items():
            if info.description:
                text = " ".join(info.description.split())
                params.append(f":param {name}: {text}")
        if params and ":param " not in (cls.__doc__ or ""):
            head = (cls.__doc__ or f"{cls.__name__}.").rstrip()
            cls.__doc__ = head + "\n\n" + "\n".join(params) + "\n"

    def __init__(self, **data: Any) -> None:
        # A model built directly (`rad.KubernetesCompute(render_yaml_to_directory="")`) reports
        # its bad input as every other does, a RadiusValidationError naming the field, not
        # pydantic's ValidationError. (A dict given to a component is validated by parse().)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise_all(translate(exc, type(self).__name__, ""))
            raise

    # Marked as pydantic's own __init__ (pydantic checks this attribute), so a model nested in
    # another is still validated by pydantic's core, not through this __init__ (which would
    # turn a nested field's error into the parent's).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_a_number(cls, data: Any) -> Any:
        # Python's bool is an int, and pydantic's lax mode takes True for 1 in an int or float
        # field: `replicas=True` or `port=True` would deploy one replica or port 1. Refused,
        # naming the field; a field that takes bools as well (an env value) is not a number field.
        if isinstance(data, dict):
            for name in number_fields(cls):
                for key in (name, to_camel(name)):
                    if isinstance(data.get(key), bool):
                        raise problem("a bool where a number is expected (True and False are 1 and 0 in Python)",
                                      "give the number itself", field=name, value=data[key])
        return data


class _OutputOr:
    """`OutputOr[T]`: a T now, or a Pulumi Output checked as a T when it resolves.

    The check of a resolved value runs the field's full validator (type and limits such
    as ports' 1-65535), and a failure names the component and field like any other error.
    """

    def __class_getitem__(cls, tp: Any) -> Any:
        def check_later(value: Any, handler: Any, info: ValidationInfo) -> Any:
            if not isinstance(value, pulumi.Output):
                return handler(value)
            context = info.context or {}
            component = context.get("component", "radius component")
            # parse() replaces the field name with the full path once validation is done.
            where = {"field": info.field_name or "value"}

            def check(resolved: Any) -> Any:
                try:
                    return handler(resolved)
                except ValidationError as exc:
                    raise_all(translate(exc, component, f"{where['field']} (from a Pulumi Output)"))
                    raise

            checked = value.apply(check)
            context.setdefault("deferred", {})[id(checked)] = where
            return checked

        return Annotated[tp, WrapValidator(check_later)]


if TYPE_CHECKING:
    # What a type checker sees: the value or an Output of it (the runtime alias above adds
    # the deferred check, which a type checker cannot follow through __class_getitem__).
    OutputOr = Union[T, pulumi.Output[T]]
else:
    OutputOr = _OutputOr


def is_output(value: Any) -> bool:
    return isinstance(value, pulumi.Output)


_NUMBER_FIELDS: dict[type, tuple[str, ...]] = {}


def _takes_number_only(annotation: Any) -> bool:
    """Whether a field's type admits int or float and no bool or str (an `OutputOr[int]`, an
    `Optional[int]`); a union that takes bools too (an env value) does not count."""
    import typing

    seen: set[Any] = set()
    stack = [annotation]
    while stack:
        tp = stack.pop()
        if tp is pulumi.Output or typing.get_origin(tp) is pulumi.Output:
            continue
        origin = typing.get_origin(tp)
        if origin in (Union, Annotated) or (origin is not None and str(origin) == "types.UnionType"):
            stack.extend(typing.get_args(tp)[:1] if origin is Annotated else typing.get_args(tp))
            continue
        if origin is not None:  # list[int], dict[str, int]: the items are checked where they are models
            continue
        seen.add(tp)
    return bool(seen & {int, float}) and not seen & {bool, str, Any}


def number_fields(model: type) -> tuple[str, ...]:
    """The fields of `model` that take numbers only (cached per model class)."""
    fields = _NUMBER_FIELDS.get(model)
    if fields is None:
        fields = tuple(name for name, info in model.model_fields.items()  # type: ignore[attr-defined]
                       if _takes_number_only(info.annotation))
        _NUMBER_FIELDS[model] = fields
    return fields


# Control characters (a newline, a tab, NUL, DEL): no identifier, name, host, image, path or
# parameter any kind takes holds one. The common way one gets in is a value read from a file
# or a command's output with its trailing newline, which a `^...$` pattern lets through (Python's
# `$` also matches before a final newline), so the platform API is the first to refuse it.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Fields whose strings are free text, where a newline is part of the value: env and secret
# values (a PEM certificate), the Kubernetes `base` manifest, a command line and its
# arguments, a password, a CA certificate and a kubeconfig (its YAML may be given inline). `runtimes` blocks are the kinds' own schemas,
# checked by each kind (radius_components.runtime_blocks). A connection's `source` is looked
# at only when it is a string (a URL); a component there is not walked.
FREE_TEXT_FIELDS = frozenset({"value", "base", "command", "args", "password", "tls_ca_cert", "kubeconfig", "runtimes"})
# Mappings whose values are free text but whose keys are names: annotations, and recipe
# parameters (a PEM CA bundle is one; each recipe checks its own values, and RecipeRef refuses a
# single-line value padded with whitespace).
FREE_TEXT_VALUES = frozenset({"annotations", "parameters"})


def control_character_errors(value: Any, component: str, path: str) -> list[RadiusValidationError]:
    """An error for each string of a parsed model (field values and mapping keys) holding a
    control character, except in free-text fields."""
    errors: list[RadiusValidationError] = []

    def refuse(where: str, text: str) -> None:
        errors.append(RadiusValidationError(
            component, where, text, "holds a control character (a newline, tab or other non-printing character) "
            "that no platform takes here",
            "remove it; a value read from a file or a command keeps its trailing newline: strip() it"))

    def walk(item: Any, where: str, free: bool) -> None:
        if isinstance(item, str):
            if not free and _CONTROL.search(item):
                refuse(where, item)
        elif isinstance(item, BaseModel):
            for name in type(item).model_fields:
                if name in FREE_TEXT_FIELDS:
                    continue
                walk(getattr(item, name), f"{where}.{name}" if where else name, name in FREE_TEXT_VALUES)
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and _CONTROL.search(key):
                    refuse(child_path, key)
                walk(child, child_path, free)
        elif isinstance(item, (list, tuple)):
            for index, child in enumerate(item):
                walk(child, f"{where}[{index}]", free)

    walk(value, path, False)
    return errors


# ---------------------------------------------------------------------------------------
# pydantic errors -> our errors (component, field path, value, fix)

_FIXES = {
    "missing": "set {field}",
    "extra_forbidden": "remove it or check its spelling; fields are snake_case or Radius's camelCase",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of {expected_tags}",
    "union_tag_not_found": "add a 'kind' field",
    "int_parsing": "give a whole number",
    "int_type": "give a whole number",
    "int_from_float": "give a whole number",
    "float_type": "give a number",
    "float_parsing": "give a number",
    "string_type": "give a string",
    "string_too_short": "give a non-empty value",
    "too_short": "give at least {min_length} item(s)",
    "bool_parsing": "give true or false",
    "bool_type": "give true or false",
    "greater_than_equal": "give a number >= {ge}",
    "less_than_equal": "give a number <= {le}",
    "greater_than": "give a number > {gt}",
    "less_than": "give a number < {lt}",
    "string_pattern_mismatch": "use the documented format",
    "list_type": "give a list",
    "dict_type": "give a mapping",
    "model_type": "give a mapping with the documented fields",
}

# Location parts pydantic adds for union members: discriminator values and member types. The
# compute kinds' names (the `kind` discriminator of compute, and the keys of `runtimes`) are
# dropped too: `_union_member_parts()` adds the declared kinds.
_UNION_MEMBER_PARTS = {
    "manualScaling", "autoScaling", "kubernetesMetadata", "daprSidecar", "ephemeral", "persistent",
    "str", "int", "float", "bool", "none", "list", "dict", "is-instance[Output]",
}


def _union_member_parts() -> set[str]:
    from ..declarations import declared_kinds

    return _UNION_MEMBER_PARTS | set(declared_kinds())


def field_path(prefix: str, loc: tuple[Any, ...]) -> str:
    """`("ports", "web", "container_port")` -> `container.ports.web.container_port`.

    Field names are our snake_case names whatever spelling came in (loc_by_alias=False);
    keys the user chose (a port or env name) are kept as given. Parts pydantic adds for
    union members (a discriminator value, `str`, `function-wrap[...]`) are dropped.
    """
    parts = [prefix] if prefix else []
    dropped = _union_member_parts()
    for index, item in enumerate(loc):
        if isinstance(item, int):
            parts.append(f"[{item}]")
            continue
        text = str(item)
        # Under `runtimes` a kind's name is the block's key, not a union tag: it stays
        # (`runtimes.ecs.service`, not `runtimes.service`).
        if "[" in text or (text in dropped and index > 0 and loc[index - 1] != "runtimes"):
            continue
        parts.append(text)
    return ".".join(parts).replace(".[", "[")


def translate(error: ValidationError, component: str, prefix: str) -> list[RadiusValidationError]:
    """One RadiusValidationError per field; union members failing together become one."""
    by_path: dict[str, RadiusValidationError] = {}
    for item in error.errors(include_url=False):
        path = field_path(prefix, tuple(item.get("loc", ())))
        kind = item.get("type", "")
        ctx = item.get("ctx", {}) or {}
        cause = ctx.get("error")
        if kind == "value_error" and isinstance(cause, ModelProblem):
            if cause.field:
                path = f"{path}.{cause.field}" if path else cause.field
            value = cause.value if cause.field else item.get("input")
            converted = RadiusValidationError(component, path, value, cause.text, cause.fix)
        else:
            value = MISSING if kind == "missing" else item.get("input")
            if kind == "union_tag_invalid":
                path += f".{ctx.get('discriminator', 'kind').strip(chr(39))}"
                value = ctx.get("tag", value)
            try:
                fix = _FIXES.get(kind, "see the documentation of this field").format(field=path, **ctx)
            except (KeyError, IndexError):
                fix = _FIXES.get(kind, "see the documentation of this field").split("{")[0].strip()
            converted = RadiusValidationError(component, path, value, item.get("msg", kind).rstrip("."), fix)
        earlier = by_path.get(path)
        if earlier is None:
            by_path[path] = converted
        elif converted.problem not in earlier.problem:
            # Several union members rejected the same value: one error listing them.
            by_path[path] = RadiusValidationError(
                component, path, earlier.value, f"{earlier.problem}; or {converted.problem}",
                "give a value of one of those types")
    return list(by_path.values())


def parse(model: type[T], data: Any, component: str, prefix: str) -> T:
    """Validate `data` as `model`, raising RadiusValidationError(s) with full field paths."""
    if isinstance(data, model):
        # A model built directly (`rad.KubernetesCompute(namespace=...)`) was validated by its
        # constructor; the control characters are looked for here, as for a dict.
        raise_all(control_character_errors(data, component, prefix))
        return data
    context: dict[str, Any] = {"component": component}
    try:
        result = model.model_validate(data, context=context)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise_all(translate(exc, component, prefix))
        raise  # unreachable: raise_all always raises for a non-empty list
    raise_all(control_character_errors(result, component, prefix))
    deferred = context.get("deferred")
    if deferred:
        _name_deferred(result, prefix, deferred)
    return result


def _name_deferred(value: Any, path: str, deferred: dict[int, dict[str, str]]) -> None:
    """Give each Output checked later the full field path of where it sits."""
    if isinstance(value, pulumi.Output):
        where = deferred.get(id(value))
        if where is not None:
            where["field"] = path
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _name_deferred(getattr(value, name), f"{path}.{name}" if path else name, deferred)
    elif isinstance(value, dict):
        for key, item in value.items():
            _name_deferred(item, f"{path}.{key}" if path else str(key), deferred)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _name_deferred(item, f"{path}[{index}]", deferred)


class ModelProblem(ValueError):
    """Raised by our model validators; carries the parts translate() puts in the message.

    `field` (relative to the model being validated) and `value` point the message at the
    exact leaf when the check spans several fields.
    """

    def __init__(self, text: str, fix: str, field: str | None = None, value: Any = None):
        super().__init__(f"{text}. Fix: {fix}")
        self.text, self.fix, self.field, self.value = text, fix, field, value


def problem(text: str, fix: str, field: str | None = None, value: Any = None) -> ModelProblem:
    return ModelProblem(text, fix, field, value)
