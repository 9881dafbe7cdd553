"""The connection contract (docs/architecture.md, section 4), in one place for every platform.

Given a container's own `env` and its `connections`, compute the final environment: each
entry's name, and whether it travels as a plain value, as a secret the platform must carry
through its own secret mechanism, or as a reference to a secret that already exists on the
platform. Platforms only translate the result; none of them names or formats a variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Protocol, runtime_checkable
from urllib.parse import urlsplit

import pulumi

from .errors import RadiusValidationError, raise_all
from .model import Connection, EnvVar
from .env_names import PORTABLE, EnvNameRule, rule_of
from .names import env_name_part
from .program import check_before_registering

# ---------------------------------------------------------------------------------------
# What a connection source offers


@dataclass(frozen=True)
class ConnectionValue:
    """One connection property of a source: its value and whether it is secret."""

    value: Any  # a plain value or a pulumi Output
    secret: bool = False
    # True when `value` is already the env string (and, if secret, a secret Output), so
    # every connecting container reuses it instead of wrapping it again.
    formatted: bool = False


@runtime_checkable
class ConnectionSource(Protocol):
    """A component a container can connect to (RedisCache, Container, Gateway, ...)."""

    resource_type: str
    resource_name: str

    @property
    def application(self) -> Any: ...

    def connection_values(self) -> Mapping[str, ConnectionValue]: ...


_DEFAULT_PORTS = {"http": 80, "https": 443, "grpc": 443, "redis": 6379, "rediss": 6380}


def url_source_values(url: str) -> Optional[dict[str, ConnectionValue]]:
    """SCHEME, HOSTNAME, PORT of a `scheme://host:port` URL; None when it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname or parts.path not in ("", "/"):
        return None
    if port is None:
        port = _DEFAULT_PORTS.get(parts.scheme)
        if port is None:
            return None
    return {
        "SCHEME": ConnectionValue(parts.scheme),
        "HOSTNAME": ConnectionValue(parts.hostname),
        "PORT": ConnectionValue(port),
    }


# ---------------------------------------------------------------------------------------
# Value formatting: every env value is a string


def format_value(value: Any) -> str:
    """Radius's formatting: booleans true/false, numbers in decimal, lists comma-joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ",".join(format_value(v) for v in value)
    return str(value)


def as_env_string(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        return value.apply(format_value)
    return format_value(value)


def as_secret_string(value: Any) -> pulumi.Output:
    # Output.secret marks the value secret in state whatever it was before.
    return pulumi.Output.secret(pulumi.Output.from_input(value).apply(format_value))


# ---------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class PlatformSecretRef:
    """A secret that already exists on the platform (on Kubernetes: Secret name + key)."""

    name: str
    key: str


@dataclass(frozen=True, eq=False)
class StoreSecretRef(PlatformSecretRef):
    """A key of a `SecretStore`, in the platform's terms: `name` is the native secret (a
    Kubernetes Secret name, a Secrets Manager ARN, a Secret Manager secret ID; an Output when
    the store creates it) and `key` the key or version inside it ("" for the whole secret).
    `store` and `store_key` say which store and key it is, so the platform grants the
    container read access to exactly that secret. Compared by identity (values may be Outputs)."""

    store: Any = None
    store_key: str = ""
    version: Any = None
    # A kind whose containers cannot read a store natively (aci) hands over the value itself:
    # the container then carries it as its own secret.
    value: Any = None


@dataclass(frozen=True)
class EnvEntry:
    """One variable of the final environment. Exactly one of value/secret/secret_ref is set."""

    name: str
    value: Any = None
    secret: Any = None
    secret_ref: Optional[PlatformSecretRef] = None
    origin: str = "env"  # "env" or "connection:<name>"

    @property
    def is_secret(self) -> bool:
        return self.secret is not None


@dataclass(frozen=True)
class ResolvedConnection:
    name: str
    source: Any  # a ConnectionSource, or the URL string
    roles: tuple[str, ...]

    @property
    def target_name(self) -> str:
        return self.source if isinstance(self.source, str) else self.source.resource_name

    @property
    def target_type(self) -> str:
        return "url" if isinstance(self.source, str) else self.source.resource_type


@dataclass(frozen=True)
class EnvPlan:
    entries: tuple[EnvEntry, ...]
    connections: tuple[ResolvedConnection, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def plain(self) -> tuple[EnvEntry, ...]:
        return tuple(e for e in self.entries if e.secret is None and e.secret_ref is None)

    @property
    def secrets(self) -> tuple[EnvEntry, ...]:
        return tuple(e for e in self.entries if e.secret is not None)


def connection_env_name(connection: str, prop: str, rule: EnvNameRule = PORTABLE) -> str:
    """CONNECTION_<NAME>_<PROPERTY>: Radius's names (the connection's name upper-cased, nothing
    else changed), so Radius apps run unchanged; only characters the kind's platform refuses
    (`rule`) become '_' (radius_components.env_names)."""
    return f"CONNECTION_{rule.connection_part(connection)}_{prop.upper()}"


def earlier_env_name(entry: EnvEntry) -> Optional[str]:
    """The name a connection's variable had before Radius's spelling was kept (every character
    outside [A-Z0-9_] of the connection's name was '_'), when that differs: for aliases of
    resources named after the variable, so the rename is an update, not a replacement."""
    conn = entry.origin.partition("connection:")[2]
    if not conn or not entry.name.startswith(f"CONNECTION_{conn.upper()}_"):
        return None
    earlier = f"CONNECTION_{env_name_part(conn)}_{entry.name[len(conn) + 12:]}"
    return earlier if earlier != entry.name else None


def property_key(key: str) -> str:
    # `connectionString` -> CONNECTIONSTRING: the property spelling env names use.
    return env_name_part(key).replace("_", "")


# ---------------------------------------------------------------------------------------
# Planning


def plan_environment(
    component: str,
    env: Mapping[str, EnvVar],
    connections: Mapping[str, Connection],
    environment: Any,
) -> EnvPlan:
    """The final, name-sorted environment of one container, or errors naming each problem.

    `component` labels messages ("Container 'demo'"); `environment` is the container's
    Environment, which every connection source must share.
    """
    errors: list[RadiusValidationError] = []
    warnings: list[str] = []
    by_name: dict[str, EnvEntry] = {}
    resolved: list[ResolvedConnection] = []

    rule = rule_of(environment)
    clashes: dict[tuple[str, str], list[str]] = {}
    for conn_name in sorted(connections):
        conn = connections[conn_name]
        where = f"connections.{conn_name}.source"
        values = _source_values(component, where, conn.source, environment, errors)
        if values is None:
            continue
        resolved.append(ResolvedConnection(conn_name, conn.source, tuple(conn.iam.roles)))
        if conn.disable_default_env_vars:
            continue
        radius_part = conn_name.upper()
        if rule.connection_part(conn_name) != radius_part:
            warnings.append(
                f"{component}: connection '{conn_name}' sets CONNECTION_{rule.connection_part(conn_name)}_* here, not "
                f"Radius's CONNECTION_{radius_part}_*: this platform's variable names take only {rule.allowed} "
                f"({rule.source}); an app that reads Radius's name does not find it. Portable: a connection name of "
                "letters, digits and '_'")
        for prop in sorted(values):
            name = connection_env_name(conn_name, prop, rule)
            other = by_name.get(name)
            if other is not None:
                clashes.setdefault((other.origin, conn_name), []).append(name)
                continue
            by_name[name] = _entry(name, values[prop], origin=f"connection:{conn_name}")
    for (origin, conn_name), names in clashes.items():
        errors.append(RadiusValidationError(
            component, f"connections.{conn_name}", conn_name,
            f"produces {', '.join(names)}, which {origin.replace(':', ' ')} produces too",
            "rename one of the connections so their names differ after upper-casing"
            + ("" if rule is PORTABLE else f" (and, on this kind, replacing characters other than {rule.allowed} "
               "with '_')"),
        ))

    for env_name in sorted(env):
        var = env[env_name]
        entry = _user_entry(component, env_name, var, environment, errors, rule)
        if entry is None:
            continue
        if env_name in by_name:
            warnings.append(
                f"{component}: container.env.{env_name} overrides the value that "
                f"{by_name[env_name].origin.replace(':', ' ')} provides; the env entry wins"
            )
        by_name[env_name] = entry

    raise_all(errors)
    entries = tuple(by_name[name] for name in sorted(by_name))
    return EnvPlan(entries=entries, connections=tuple(resolved), warnings=tuple(warnings))


def _entry(name: str, value: ConnectionValue, origin: str) -> EnvEntry:
    if value.formatted:
        if value.secret:
            return EnvEntry(name, secret=value.value, origin=origin)
        return EnvEntry(name, value=value.value, origin=origin)
    if value.secret:
        return EnvEntry(name, secret=as_secret_string(value.value), origin=origin)
    return EnvEntry(name, value=as_env_string(value.value), origin=origin)


def _source_values(
    component: str, where: str, source: Any, environment: Any, errors: list[RadiusValidationError]
) -> Optional[Mapping[str, ConnectionValue]]:
    if isinstance(source, str):
        values = url_source_values(source)
        if values is None:
            errors.append(
                RadiusValidationError(
                    component, where, source, "a connection string source must be a URL",
                    "give 'scheme://host:port' (for example 'http://backend:8080'), or pass the component itself",
                )
            )
        return values
    if not isinstance(source, ConnectionSource):
        errors.append(
            RadiusValidationError(
                component, where, source, "this is not something a container can connect to",
                "pass a RedisCache or Container component (or a Gateway), or a 'scheme://host:port' URL",
            )
        )
        return None
    source_env = source.application.environment
    if source_env is not environment:
        errors.append(
            RadiusValidationError(
                component, where, f"{source.resource_type} '{source.resource_name}'",
                f"it belongs to environment '{source_env.resource_name}', this container to "
                f"'{environment.resource_name}'",
                "connect only to resources of applications in the same environment",
            )
        )
        return None
    try:
        return source.connection_values()
    except RadiusValidationError as exc:
        # The mistake is in this connection, not in the target: say so from here.
        errors.append(RadiusValidationError(component, where, f"{source.resource_type} '{source.resource_name}'",
                                            exc.problem, exc.fix))
        return None


def _refuse_secret(component: str, env_name: str, value: pulumi.Output) -> pulumi.Output:
    """A plain env value that is an Output, refused at once if the Output is a Pulumi secret.

    Whether an Output is secret is known only asynchronously, after the plan is made; a secret
    here would land in plain text in a manifest, task definition or app template, so it is an
    error (raised as soon as the engine knows, in preview too) rather than a silent downgrade.
    """
    def check(is_secret: bool) -> bool:
        if is_secret:
            raise RadiusValidationError(
                component, f"container.env.{env_name}.value", "[secret]",
                "a Pulumi secret given as a plain value would reach the container in plain text",
                f"use container.env.{env_name}.value_from.secret_ref (source: the resource, key: its property), "
                "or a connection, so it travels through the platform's secret mechanism")
        return is_secret

    guard = pulumi.Output.from_input(value.is_secret()).apply(check)
    check_before_registering(guard)
    return pulumi.Output.all(guard, value).apply(lambda checked_value: format_value(checked_value[1]))


def _user_entry(
    component: str, env_name: str, var: EnvVar, environment: Any, errors: list[RadiusValidationError],
    rule: EnvNameRule = PORTABLE,
) -> Optional[EnvEntry]:
    if not (PORTABLE.accepts(env_name) and rule.accepts(env_name)):
        errors.append(
            RadiusValidationError(
                component, f"container.env.{env_name}", env_name,
                "not a valid environment variable name" + ("" if rule is PORTABLE or not PORTABLE.accepts(env_name)
                                                            else f" on this kind ({rule.source})"),
                f"start with a letter or '_' and use only {rule.allowed}",
            )
        )
        return None
    if var.value_from is None:
        if isinstance(var.value, pulumi.Output):
            return EnvEntry(env_name, value=_refuse_secret(component, env_name, var.value))
        return EnvEntry(env_name, value=as_env_string(var.value))
    ref = var.value_from.secret_ref
    where = f"container.env.{env_name}.value_from.secret_ref"
    if isinstance(ref.source, str):
        # The name of a secret the platform already has; the platform checks it can use one.
        return EnvEntry(env_name, secret_ref=PlatformSecretRef(ref.source, ref.key))
    if hasattr(ref.source, "store_secret_ref"):
        return _store_entry(component, env_name, where, ref.source, ref.key, environment, errors)
    values = _source_values(component, f"{where}.source", ref.source, environment, errors)
    if values is None:
        return None
    prop = property_key(ref.key)
    if prop not in values:
        errors.append(
            RadiusValidationError(
                component, f"{where}.key", ref.key, f"{ref.source.resource_type} '{ref.source.resource_name}' has no such property",
                f"use one of {', '.join(k.lower() for k in sorted(values))}",
            )
        )
        return None
    chosen = values[prop]
    return EnvEntry(env_name, secret=chosen.value if chosen.formatted and chosen.secret else as_secret_string(chosen.value))


def _store_entry(component: str, env_name: str, where: str, store: Any, key: str, environment: Any,
                 errors: list[RadiusValidationError]) -> Optional[EnvEntry]:
    """`value_from.secret_ref.source = <SecretStore>`: a reference to that store's key, which
    the platform resolves natively (and grants read access to exactly that secret)."""
    store_env = store.application.environment
    if store_env is not environment:
        errors.append(RadiusValidationError(
            component, f"{where}.source", f"{store.resource_type} '{store.resource_name}'",
            f"it belongs to environment '{store_env.resource_name}', this container to '{environment.resource_name}'",
            "reference only secret stores of applications in the same environment"))
        return None
    try:
        ref = store.store_secret_ref(key)
        return EnvEntry(env_name, secret=ref.value) if ref.value is not None else EnvEntry(env_name, secret_ref=ref)
    except RadiusValidationError as exc:
        errors.append(RadiusValidationError(component, f"{where}.key", key, exc.problem, exc.fix))
        return None
