"""The portability check: does a program deploy on each compute kind?

    python -m radius_components check PROGRAM [--kinds all|kubernetes,ecs,...] [--config key=value ...]
                                      [--stack-config KIND=Pulumi.<stack>.yaml ...]

PROGRAM is a Pulumi project directory (its `Pulumi.yaml` `main`, else `__main__.py`) or a
Python file. For each kind the program runs once under the shipped mocks
(`radius_components.testing`) with every Environment's compute swapped for that kind:

- How the kind is swapped: `radius_components.environment.compute_override()` makes each
  `Environment` take the compute the check gives it. A compute already of the kind being
  checked is kept as written (its settings matter: workload profiles, key vaults, ...);
  any other is replaced by `SAMPLE_COMPUTE[kind]`, a minimal valid compute of that kind
  (the kind's declaration gives it: `KindDeclaration.sample_compute`).
  Nothing else in the program changes, so what fails is what the definition itself asks.
- Each kind's own stack settings: `--stack-config aca=Pulumi.aca.yaml` (repeatable, one per
  kind) runs the program on that kind with the config of that stack file, the way
  `pulumi up` on that stack would: a program that picks its compute from the stack (a subnet,
  a Key Vault) is then checked with those settings instead of a sample compute, so what
  needs them (a SqlDatabase or SecretStore on aca) can be OK. `--config` is applied over it.
  A `secure:` value cannot be decrypted here; it is given as a placeholder string.
- What is reported per kind: OK, or each RadiusValidationError (component, field path,
  value, problem, fix); the warnings the program logs (`pulumi.log.warn`); for the fields
  its containers use, what that kind ignores or maps differently
  (`radius_components.capabilities`); and, for every other component (gateways, databases,
  caches, secret stores), the native resources it became on that kind in this run.

A program that needs configuration gets it with `--config key=value` (the project's
namespace is added when the key has none). Exit status: 0 when every kind is OK, 1 when
one has errors, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import runpy
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

import pulumi
import yaml

from .capabilities import notes_for
from .declarations import declared_kinds
from .environment import _kind_of, compute_override
from .errors import PlatformNotAvailableError, RadiusValidationError
from .platforms import kind_names


class _SampleComputes(Mapping[str, Callable[[], Any]]):
    """kind -> a minimal valid compute of that kind (`KindDeclaration.sample_compute`): what an
    Environment of another kind becomes when the program is checked on this kind. A view of
    the declared kinds, so a kind registered later is in it."""

    def __getitem__(self, kind: str) -> Callable[[], Any]:
        return declared_kinds()[kind].sample_compute

    def __iter__(self) -> Iterator[str]:
        return iter(kind_names())

    def __len__(self) -> int:
        return len(declared_kinds())


SAMPLE_COMPUTE: Mapping[str, Callable[[], Any]] = _SampleComputes()


@dataclass
class KindResult:
    """What checking one kind found."""

    kind: str
    errors: list[RadiusValidationError] = field(default_factory=list)
    failure: Optional[str] = None  # the kind could not run the program for another reason
    warnings: list[str] = field(default_factory=list)
    # (component, field, what the kind does): "Container 'api'", "image_pull_policy", "ignored";
    # for the other components, "SqlDatabase 'orders'", "expands into", the native types.
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    resources: int = 0
    stack_config: Optional[str] = None  # the stack file whose config this kind ran with

    @property
    def ok(self) -> bool:
        return not self.errors and self.failure is None


def sample_override(kind: str) -> Callable[[str, Any], Any]:
    """The compute replacement used when checking `kind`."""

    def replace(name: str, compute: Any) -> Any:
        try:
            if _kind_of(f"Environment '{name}'", compute) == kind:
                return compute
        except RadiusValidationError:
            pass  # no kind given: the sample decides
        return SAMPLE_COMPUTE[kind]()

    return replace


def run_on_kind(program: Callable[[], Any], kind: str, project: Optional[str] = None) -> KindResult:
    """Run `program` (a function declaring resources) with every Environment on `kind`;
    `project` is the Pulumi project name its `pulumi.Config()` reads under."""
    from .testing import run_program

    result = KindResult(kind)
    environments: list[Any] = []
    warnings: list[str] = []

    class _Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = _Capture()
    logging.getLogger().addHandler(handler)
    run = None
    try:
        with compute_override(sample_override(kind), environments):
            run = run_program(program, project=project)
        result.resources = len(run.resources)
    except RadiusValidationError as exc:
        result.errors = list(getattr(exc, "errors", [exc]))
    except PlatformNotAvailableError as exc:
        result.failure = str(exc)
    except Exception as exc:  # noqa: BLE001 - reported as this kind's failure, the others still run
        result.failure = f"{type(exc).__name__}: {exc}"
    finally:
        logging.getLogger().removeHandler(handler)
    result.warnings = sorted(set(w for w in warnings if not _noise(w)))
    for env in environments:
        for app in env.applications:
            for member in app.members:
                args = getattr(member, "args", None)
                if args is not None and hasattr(args, "container"):
                    result.notes += [(f"Container '{member.resource_name}'", f, what)
                                     for f, what in notes_for(args, kind)]
                    result.notes += _sizing_notes(member.resource_name, args)
                elif run is not None:
                    result.notes += _expansion_notes(run, member)
    return result


# Said wherever a container's requests and limits differ (docs/check.md, the Resources model).
PORTABLE_SIZE_RULE = ("requests and limits differ, and the kinds size a container from different ones (ecs from "
                      "requests, aca and cloudrun from limits; kubernetes and aci reserve the requests and cap at "
                      "the limits), so its size differs by kind. Portable rule: give requests and limits the same values")


def _sizing_notes(name: str, args: Any) -> list[tuple[str, str, str]]:
    resources = args.container.resources
    differ = [r for r in ("cpu", "memory") if getattr(resources.requests, r) is not None
              and getattr(resources.limits, r) is not None
              and getattr(resources.requests, r) != getattr(resources.limits, r)]
    return [(f"Container '{name}'", f"container.resources ({', '.join(differ)})", PORTABLE_SIZE_RULE)] if differ else []


def _expansion_notes(run: Any, member: Any) -> list[tuple[str, str, str]]:
    """What a gateway, database, cache or secret store became on this kind, read from the run
    (the native types registered under it), so a reader sees e.g. that a SqlDatabase is an
    Azure PostgreSQL flexible server on aca and an RDS instance on ecs."""
    typ = type(member).__name__
    label = f"{typ} '{member.resource_name}'"
    try:
        component = run.component(member.resource_name, typ)
    except AssertionError:
        return []  # not registered (the run stopped before it)
    # (The library's own bookkeeping, radius:internal:*, is no native resource.)
    natives = sorted({_short_type(r.type) for r in run.children_of(component) if not r.type.startswith("radius:internal:")})
    if not natives:
        return [(label, "expands into", "no native resource (an existing or manually provisioned one is used)")]
    return [(label, "expands into", ", ".join(natives))]


def _short_type(token: str) -> str:
    """`aws:elasticache/replicationGroup:ReplicationGroup` -> `aws elasticache.ReplicationGroup`."""
    provider, _, rest = token.partition(":")
    module, _, name = rest.partition(":")
    return f"{provider} {module.split('/')[0]}.{name}"


def _noise(message: str) -> bool:
    # Deprecation notices of the cloud SDKs' own modules are not about the program.
    return "deprecated" in message and "radius" not in message.lower()


def program_function(path: Path, config: dict[str, str]) -> tuple[Callable[[], None], Optional[str]]:
    """A function that runs the Pulumi program at `path` (a project directory or a file),
    and the project name from its Pulumi.yaml (None without one)."""
    path = path.resolve()
    project = None
    if path.is_dir():
        main = path / "__main__.py"
        pulumi_yaml = path / "Pulumi.yaml"
        if pulumi_yaml.exists():
            spec = yaml.safe_load(pulumi_yaml.read_text(encoding="utf-8")) or {}
            project = spec.get("name")
            if spec.get("main"):
                main = (path / spec["main"]).resolve()
                if main.is_dir():
                    main = main / "__main__.py"
        workdir = path
    else:
        main, workdir = path, path.parent
    if not main.exists():
        raise FileNotFoundError(f"no Pulumi program at {main}")

    def program() -> None:
        # Only the given config, whatever an earlier run set (the map is a context variable).
        namespace = project or pulumi.get_project()
        pulumi.runtime.set_all_config({key if ":" in key else f"{namespace}:{key}": value
                                       for key, value in config.items()})
        cwd = os.getcwd()
        sys.path.insert(0, str(main.parent))
        os.chdir(workdir)
        try:
            runpy.run_path(str(main), run_name="__main__")
        finally:
            os.chdir(cwd)
            sys.path.remove(str(main.parent))

    return program, project


# What a `secure:` stack value is replaced with: the check cannot decrypt it (no Pulumi
# service, no passphrase), and the program only needs a string there.
SECURE_PLACEHOLDER = "radius-check-secret-placeholder"


def stack_config(path: Path) -> dict[str, str]:
    """The `config:` of a Pulumi stack file as Pulumi hands it to a program: full keys
    (`project:key`), strings as they are, objects and lists as JSON, `secure:` values as
    SECURE_PLACEHOLDER."""
    import json

    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}
    for key, value in (spec.get("config") or {}).items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            out[key] = SECURE_PLACEHOLDER
        elif isinstance(value, str):
            out[key] = value
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = json.dumps(value)
    return out


def check_program(path: Path, kinds: Sequence[str], config: Optional[dict[str, str]] = None,
                  stack_configs: Optional[Mapping[str, Path]] = None) -> list[KindResult]:
    """Run the program at `path` once per kind; `config` is its Pulumi config (key -> value),
    applied over the config of the kind's stack file in `stack_configs` (kind -> file)."""
    results = []
    for kind in kinds:
        stack_file = (stack_configs or {}).get(kind)
        merged = {**(stack_config(stack_file) if stack_file else {}), **(config or {})}
        program, project = program_function(path, merged)
        result = run_on_kind(program, kind, project)
        result.stack_config = str(stack_file) if stack_file else None
        results.append(result)
    return results


def format_report(results: Sequence[KindResult]) -> str:
    """A table of the results (one line per kind), then the details of each kind."""
    width = max(len(r.kind) for r in results)
    lines = [f"{'kind'.ljust(width)}  result", f"{'-' * width}  ------"]
    for r in results:
        if r.failure:
            status = "NOT CHECKED" if "not available" in r.failure or "pip install" in r.failure else "FAILED"
        else:
            status = "OK" if r.ok else f"{len(r.errors)} error{'s' if len(r.errors) != 1 else ''}"
        extra = []
        if r.warnings:
            extra.append(f"{len(r.warnings)} warning{'s' if len(r.warnings) != 1 else ''}")
        if r.notes:
            extra.append(f"{len(r.notes)} mapped differently or ignored")
        if r.stack_config:
            extra.append(f"settings of {r.stack_config}")
        lines.append(f"{r.kind.ljust(width)}  {status}" + (f" ({', '.join(extra)})" if extra else ""))
    for r in results:
        if r.ok and not r.warnings and not r.notes:
            continue
        lines += ["", f"{r.kind}:"]
        if r.failure:
            lines.append(f"  failed: {r.failure}")
        for e in r.errors:
            lines.append(f"  error   {e.component}: {e.field} = {_short(e.value)}: {e.problem}")
            lines.append(f"          fix: {e.fix}")
        for w in r.warnings:
            lines.append(f"  warning {w}")
        for component, field_, what in r.notes:
            lines.append(f"  note    {component}: {field_}: {what}")
    return "\n".join(lines) + "\n"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m radius_components",
                                     description="Tools for programs built with radius_components.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="expand a program on each compute kind under mocks and report what fails")
    sub.add_parser("diff", help="summarise `pulumi preview --json` per application resource (see `diff --help`)")
    check.add_argument("program", type=Path, help="a Pulumi project directory or a Python program file")
    known = kind_names()
    check.add_argument("--kinds", default="all", help=f"'all' or a comma-separated list of {', '.join(known)}")
    check.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                       help="Pulumi config the program reads (repeatable)")
    check.add_argument("--stack-config", action="append", default=[], metavar="KIND=FILE",
                       help="run KIND with the config of this Pulumi stack file, e.g. aca=Pulumi.aca.yaml "
                            "(repeatable, one per kind)")
    options = parser.parse_args(argv)
    kinds = list(known) if options.kinds == "all" else [k.strip() for k in options.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in known]
    if unknown:
        parser.error(f"unknown kind(s) {unknown}: use 'all' or some of {', '.join(known)}")
    config = {}
    for item in options.config:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--config takes KEY=VALUE, not {item!r}")
        config[key] = value
    stack_configs: dict[str, Path] = {}
    for item in options.stack_config:
        kind, sep, file = item.partition("=")
        if not sep or not file:
            parser.error(f"--stack-config takes KIND=FILE, not {item!r}")
        if kind not in known:
            parser.error(f"--stack-config {item!r}: unknown kind {kind!r}: use one of {', '.join(known)}")
        if kind in stack_configs:
            parser.error(f"--stack-config: kind {kind!r} is given twice")
        if not Path(file).is_file():
            parser.error(f"--stack-config {item!r}: no file {file}")
        stack_configs[kind] = Path(file)
    try:
        results = check_program(options.program, kinds, config, stack_configs)
    except FileNotFoundError as exc:
        parser.error(str(exc))
    sys.stdout.write(format_report(results))
    return 0 if all(r.ok for r in results) else 1
