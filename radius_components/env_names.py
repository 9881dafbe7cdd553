"""Which environment variable names a kind accepts, and how a connection's name becomes one.

Radius names a connection's variables `CONNECTION_<NAME>_<PROPERTY>` with `<NAME>` the
connection's name upper-cased and nothing else changed (`strings.ToUpper(name)` in
radius-project/radius `pkg/corerp/renderers/container/render.go`, so `test-connection` gives
`CONNECTION_TEST-CONNECTION_HOST`). A kind whose platform accepts that name gets it exactly;
a kind whose platform refuses some of its characters declares its own rule
(`KindDeclaration.env_names`), and only there do those characters become `_` (with a warning,
since an app that reads Radius's spelling would not find it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnvNameRule:
    """The environment variable names one platform accepts."""

    name: str  # a whole variable name the platform accepts (a regex, matched in full)
    allowed: str  # its characters in words ("letters, digits and '_'"); every rule starts with a letter or '_'
    source: str  # where the platform says so
    # Characters of a connection name the platform refuses (a regex character class); each
    # run of them becomes '_' in the variable's name.
    refused: str

    def accepts(self, variable: str) -> bool:
        return re.fullmatch(self.name, variable) is not None

    def connection_part(self, connection: str) -> str:
        """`<NAME>` of CONNECTION_<NAME>_<PROPERTY>: Radius's upper-casing, then this platform's
        replacement of what it refuses."""
        return re.sub(self.refused, "_", connection.upper())


# The portable rule: Kubernetes' env var names before 1.30 (`validation.IsEnvVarName`, regex
# `[-._a-zA-Z][-._a-zA-Z0-9]*`; 1.30's RelaxedEnvironmentVariableValidation, GA in 1.34, allows
# any printable ASCII but '=': "May consist of any printable ASCII characters except '='",
# EnvVar.name in the pinned pulumi-kubernetes 4.34.2), which Azure Container Apps applies as
# well ("regex used for validation is '^[-._a-zA-Z][-._a-zA-Z0-9]*$'", ContainerAppInvalidEnvVarName,
# microsoft/aspire#1779), and within what ECS (KeyValuePair.name: no character rule) and Cloud Run
# (no empty key, no '=', no X_GOOGLE_ prefix: Cloud Run "Environment variables for services")
# accept. A name we write also starts with a letter or '_', as a shell needs.
PORTABLE = EnvNameRule(
    name=r"[A-Za-z_][A-Za-z0-9_.-]*",
    allowed="letters, digits, '_', '.' and '-'",
    source="the names written on every kind: Kubernetes' IsEnvVarName before 1.30, Azure Container Apps' rule",
    refused=r"[^A-Z0-9_.-]+",
)


def rule_for(kind: str) -> EnvNameRule:
    """The rule of `kind` (its declaration's `env_names`), the portable one when it has none."""
    from .declarations import declared_kinds

    declared = declared_kinds().get(kind)
    return getattr(declared, "env_names", None) or PORTABLE


def rule_of(environment: Any) -> EnvNameRule:
    kind = getattr(environment, "kind", None)
    return rule_for(kind) if isinstance(kind, str) else PORTABLE
