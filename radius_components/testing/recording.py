"""Run a program under mocks and keep every registration: its type, name, parent and inputs."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pulumi
from pulumi.runtime import mocks as pmocks
from pulumi.runtime import rpc

from ..errors import RadiusValidationError

from .mocks import RadiusMocks

SECRET_SIG = rpc._special_sig_key
SECRET_MARK = rpc._special_secret_sig


@dataclass
class Registered:
    """One registered resource, as the engine received it."""

    type: str
    name: str
    urn: str
    parent: str
    provider: str
    protect: bool
    custom: bool
    inputs: dict[str, Any]  # secrets still wrapped, as the engine receives them
    outputs: Optional[dict[str, Any]] = None  # a component's registered outputs
    delete_before_replace: bool = False
    dependencies: list[str] = field(default_factory=list)  # URNs of its explicit and input dependencies
    ignore_changes: list[str] = field(default_factory=list)
    retain_on_delete: bool = False

    def plain(self) -> dict[str, Any]:
        """Inputs with secret wrappers removed and whole floats turned back into ints."""
        return unwrap(self.inputs)

    def secret_inputs(self) -> set[str]:
        """The top-level inputs the engine receives as secrets."""
        return {k for k, v in self.inputs.items() if isinstance(v, dict) and v.get(SECRET_SIG) == SECRET_MARK}

    def plaintext_paths(self, needle: str) -> list[str]:
        """Where `needle` (a password, say) occurs in an input outside a Pulumi secret."""
        return _plain_paths(self.inputs, needle, "")


def _plain_paths(value: Any, needle: str, path: str) -> list[str]:
    if isinstance(value, dict):
        if value.get(SECRET_SIG) == SECRET_MARK:
            return []  # a secret: encrypted in state, masked in output
        return [p for k, v in value.items() for p in _plain_paths(v, needle, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _plain_paths(v, needle, f"{path}[{i}]")]
    return [path] if isinstance(value, str) and needle in value else []


def unwrap(value: Any) -> Any:
    """A registered value without Pulumi's secret wrappers; whole floats become ints."""
    if isinstance(value, dict):
        if value.get(SECRET_SIG) == SECRET_MARK:
            return unwrap(value["value"])
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class RecordingMonitor(pmocks.MockMonitor):
    """Pulumi's mock monitor, keeping a `Registered` per resource (the stack excluded)."""

    def __init__(self, mocks: pulumi.runtime.Mocks):
        super().__init__(mocks)
        self.registered: list[Registered] = []
        self.by_urn: dict[str, Registered] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            inputs = json.loads(json.dumps(_struct_to_py(request.object)))
            rec = Registered(request.type, request.name, response.urn, request.parent, request.provider,
                             request.protect, request.custom, inputs,
                             delete_before_replace=request.deleteBeforeReplace,
                             dependencies=list(request.dependencies), ignore_changes=list(request.ignoreChanges),
                             retain_on_delete=bool(request.retainOnDelete))
            self.registered.append(rec)
            self.by_urn[response.urn] = rec
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        rec = self.by_urn.get(request.urn)
        if rec is not None:
            rec.outputs = _struct_to_py(request.outputs)
        return super().RegisterResourceOutputs(request)


def _struct_to_py(struct: Any) -> dict[str, Any]:
    from google.protobuf import json_format

    return json_format.MessageToDict(struct)


@dataclass
class Run:
    """What a program registered, in order, with the warnings it logged."""

    resources: list[Registered]
    result: Any = None
    warnings: list[str] = field(default_factory=list)

    def of_type(self, typ: str) -> list[Registered]:
        """Every registration of one type token (`aws:ecs/service:Service`)."""
        return [r for r in self.resources if r.type == typ]

    def one(self, typ: str, name: Optional[str] = None) -> Registered:
        """The only registration of a type (and name); an AssertionError otherwise."""
        found = [r for r in self.of_type(typ) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {typ} {name or ''}, got {[r.name for r in found]}"
        return found[0]

    def named(self, name: str) -> Registered:
        """The only registration with this Pulumi name."""
        found = [r for r in self.resources if r.name == name]
        assert len(found) == 1, f"expected one resource named {name}, got {len(found)}"
        return found[0]

    def k8s(self, kind: str) -> list[Registered]:
        """Kubernetes objects of one kind (`Deployment`), any API version."""
        return [r for r in self.resources if r.type.startswith("kubernetes:") and r.type.endswith(f":{kind}")]

    def component(self, name: str, typ: Optional[str] = None) -> Registered:
        """The registration of a radius component by its name (`Container 'web'` is
        `component("web", "Container")`); the type may be left out when the name is unique."""
        found = [r for r in self.resources if r.type.startswith("radius:index:") and r.name == name
                 and (typ is None or r.type == f"radius:index:{typ}")]
        assert len(found) == 1, f"expected one radius component named {name}, got {[r.type for r in found]}"
        return found[0]

    def children_of(self, component: Registered, typ: Optional[str] = None) -> list[Registered]:
        """Every resource registered under `component` (children, their children, ...),
        optionally of one type: what a Container or RedisCache expanded into."""
        below: set[str] = {component.urn}
        found: list[Registered] = []
        for r in self.resources:  # parents register before their children
            if r.parent in below:
                below.add(r.urn)
                found.append(r)
        return [r for r in found if typ is None or r.type == typ]

    def plaintext(self, needle: str) -> list[tuple[str, str, str]]:
        """(type, name, input path) of every place `needle` is registered as plain text."""
        return [(r.type, r.name, p) for r in self.resources for p in r.plaintext_paths(needle)]

    def resources_of(self, name: str, typ: Optional[str] = None) -> list[Registered]:
        """The native resources of the radius component `name` (shortcut of `children_of`)."""
        return [r for r in self.children_of(self.component(name)) if typ is None or r.type == typ]


def run_program(program: Callable[[], Any], preview: bool = False,
                mocks: Optional[pulumi.runtime.Mocks] = None,
                project: Optional[str] = None, stack: Optional[str] = None) -> Run:
    """Run `program` (a function declaring resources) under recording mocks (default
    `RadiusMocks()`) and wait for every registration; what it returns is awaited too."""
    mocks = mocks if mocks is not None else RadiusMocks()
    monitor = RecordingMonitor(mocks)
    pmocks.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
    warnings: list[str] = []

    class _Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = _Capture()
    logging.getLogger().addHandler(handler)
    holder: dict[str, Any] = {}
    try:
        @pulumi.runtime.test
        def _run() -> Any:
            holder["result"] = program()
            value = holder["result"]
            return value if isinstance(value, pulumi.Output) else pulumi.Output.from_input(None)

        try:
            _run()
        except ValueError as error:
            # A whole-application error fails the registrations waiting on it, and the SDK
            # wraps what a registration raises ("While processing resource: ..."): raise the
            # RadiusValidationError itself, as a constructor's own check would.
            cause = validation_error_in(error)
            if cause is not None and cause is not error:
                raise cause from None
            raise
    finally:
        logging.getLogger().removeHandler(handler)
    return Run(resources=list(monitor.registered), result=holder.get("result"), warnings=warnings)


def validation_error_in(error: BaseException) -> Optional[RadiusValidationError]:
    """The RadiusValidationError an exception was raised from, if any (through its causes)."""
    seen: set[int] = set()
    current: Optional[BaseException] = error
    while current is not None and id(current) not in seen:
        if isinstance(current, RadiusValidationError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def resolve(output: Any) -> Any:
    """The value of an Output (or a plain value) once a mocked program has run."""
    from pulumi.runtime.sync_await import _sync_await

    if not isinstance(output, pulumi.Output):
        return output
    return _sync_await(output.future())
