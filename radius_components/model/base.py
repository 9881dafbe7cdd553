"""Shared pydantic plumbing for the portable model.

Three things every model class needs, kept here so the schema files only say *what* the
fields are:
- input in snake_case or in the camelCase of Radius's Bicep schema (an `app.bicep` block
  pasted as a dict validates unchanged);
- unknown fields rejected, so a typo is an error instead of a silently ignored setting;
- any leaf may be a Pulumi Output, checked against the field's type when it resolves.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import pulumi
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, WrapValidator
from pydantic.alias_generators import to_camel

from ..errors import RadiusValidationError

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
    )


class _OutputOr:
    """`OutputOr[T]`: a T now, or a Pulumi Output validated as a T when it resolves."""

    def __class_getitem__(cls, tp: Any) -> Any:
        adapter: TypeAdapter[Any] = TypeAdapter(tp)

        def check_later(value: Any, handler: Any) -> Any:
            if isinstance(value, pulumi.Output):
                # Unknown until the engine resolves it; check the resolved value then.
                return value.apply(adapter.validate_python)
            return handler(value)

        return Annotated[tp, WrapValidator(check_later)]


OutputOr = _OutputOr


def is_output(value: Any) -> bool:
    return isinstance(value, pulumi.Output)


# ---------------------------------------------------------------------------------------
# pydantic errors -> our errors (component, field path, value, fix)

_FIXES = {
    "missing": "set {field}",
    "extra_forbidden": "remove it or check its spelling; fields are snake_case or Radius's camelCase",
    "literal_error": "use one of the allowed values",
    "union_tag_invalid": "use one of the allowed kinds",
    "union_tag_not_found": "add a 'kind' field",
    "int_parsing": "give a whole number",
    "int_type": "give a whole number",
    "int_from_float": "give a whole number",
    "string_type": "give a string",
    "bool_parsing": "give true or false",
    "bool_type": "give true or false",
    "greater_than_equal": "give a larger number",
    "less_than_equal": "give a smaller number",
    "greater_than": "give a larger number",
    "less_than": "give a smaller number",
    "string_pattern_mismatch": "use the documented format",
    "list_type": "give a list",
    "dict_type": "give a mapping",
    "model_type": "give a mapping with the documented fields",
}


def field_path(prefix: str, loc: tuple[Any, ...]) -> str:
    """`("ports", "web", "containerPort")` -> `container.ports.web.container_port`.

    Model field names are shown in snake_case whatever spelling the user used (the
    models set loc_by_alias=False); keys the user chose (a port or env name) as given. Union branch tags that pydantic
    adds to locations (like `function-wrap[...]` or a discriminator value) are dropped.
    """
    parts = [prefix] if prefix else []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
            continue
        text = str(item)
        if "[" in text and "]" in text and ("function" in text or "union" in text):
            continue
        parts.append(text)
    joined = ".".join(parts).replace(".[", "[")
    return joined


def translate(error: ValidationError, component: str, prefix: str) -> list[RadiusValidationError]:
    out = []
    for item in error.errors(include_url=False):
        loc = tuple(item.get("loc", ()))
        path = field_path(prefix, loc)
        kind = item.get("type", "")
        if kind == "value_error":
            cause = item.get("ctx", {}).get("error")
            if isinstance(cause, ModelProblem):
                if cause.field:
                    path = f"{path}.{cause.field}" if path else cause.field
                value = cause.value if cause.field else item.get("input")
                out.append(RadiusValidationError(component, path, value, cause.text, cause.fix))
                continue
        fix = _FIXES.get(kind, "see the documentation of this field").format(field=path)
        value = item.get("input") if kind != "missing" else None
        out.append(RadiusValidationError(component, path, value, item.get("msg", kind).rstrip("."), fix))
    return out


def parse(model: type[T], data: Any, component: str, prefix: str) -> T:
    """Validate `data` as `model`, raising RadiusValidationError(s) with full field paths."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)  # type: ignore[attr-defined]
    except ValidationError as exc:
        from ..errors import raise_all

        raise_all(translate(exc, component, prefix))
        raise  # unreachable: raise_all always raises for a non-empty list


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
