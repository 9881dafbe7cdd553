"""Rules that span components, checked once the whole program is declared (`Program.finish`),
so they hold whatever order the components were declared in. Rules about one application's
routes live with the Gateway (resources/gateway/destinations.py) and the Container
(routing.check_routed_container); the names components take are claimed at construction
(claims.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import RadiusValidationError

if TYPE_CHECKING:  # pragma: no cover
    from .program import Program


def environments_apart(program: "Program") -> list[RadiusValidationError]:
    """Two environments of one kind never share the platform objects an environment owns.

    Each kind says what those are (`Platform.environment_scope`): the names derived from the
    environment's name (normalised as every platform name is, so `dev_1` and `dev-1` are one),
    or, on Kubernetes, the namespace. Two environments sharing them would create the same
    objects twice, or deploy their applications onto each other's.
    """
    from .environment import Environment

    errors = []
    seen: dict[tuple[str, str], Environment] = {}
    for env in (c for c in program.components if isinstance(c, Environment)):
        for what, key in env.platform.environment_scope():
            other = seen.get((env.kind, f"{what}:{key}"))
            if other is None:
                seen[(env.kind, f"{what}:{key}")] = env
                continue
            errors.append(RadiusValidationError(
                f"Environment '{env.resource_name}'", "name" if what == "name" else f"compute.{what}",
                env.resource_name if what == "name" else key,
                f"Environment '{other.resource_name}' has the same {env.kind} {what} '{key}' (platform names are "
                "lower-cased, and each run of characters other than letters and digits becomes '-'), so both would "
                "create, and deploy into, the same platform objects",
                f"give the two environments {what}s that differ in more than case and punctuation"))
    return errors


def application_namespaces_apart(program: "Program") -> list[RadiusValidationError]:
    """An application's own namespace (the kubernetes kind's `application_namespaces`:
    `<environment namespace>-<application>`) is never another environment's namespace, nor another
    application's: environment `dev` with application `shop` and an environment whose namespace is
    `dev-shop`, on one cluster, would deploy into one namespace. A platform that gives applications
    their own scope says so with `application_scope(app_name)`, in `environment_scope`'s form."""
    from .application import Application
    from .environment import Environment

    taken: dict[tuple[str, str], str] = {}
    for env in (c for c in program.components if isinstance(c, Environment)):
        for what, key in env.platform.environment_scope():
            taken[(env.kind, f"{what}:{key}")] = f"Environment '{env.resource_name}'"
    errors = []
    for app in (c for c in program.components if isinstance(c, Application)):
        scope = getattr(app.environment.platform, "application_scope", None)
        for what, key in (scope(app.resource_name) if scope is not None else ()):
            owner = f"Application '{app.resource_name}'"
            other = taken.setdefault((app.environment.kind, f"{what}:{key}"), owner)
            if other != owner:
                errors.append(RadiusValidationError(
                    owner, "name", app.resource_name,
                    f"its {what} '{key}' is also {other}'s, so both would deploy into it",
                    "rename the application, or give the environments namespaces that do not start with each other"))
    return errors

