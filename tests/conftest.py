"""Pulumi mocks that record every registration, so tests can inspect type, name and inputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pulumi
import pytest
from pulumi.runtime import mocks as pmocks
from pulumi.runtime import rpc

SECRET_SIG = rpc._special_sig_key
SECRET_MARK = rpc._special_secret_sig

# Sentinel results of generated secrets, so tests can look for them in every input.
GENERATED_PASSWORD = "GENERATED-PASSWORD-0123456789abcdef"
GENERATED_HEX = "a1b2c3d4e5f60718"


@dataclass
class Registered:
    type: str
    name: str
    urn: str
    parent: str
    provider: str
    protect: bool
    custom: bool
    inputs: dict[str, Any]  # secrets still wrapped, as the engine receives them
    outputs: Optional[dict[str, Any]] = None
    delete_before_replace: bool = False

    def plain(self) -> dict[str, Any]:
        """Inputs with secret wrappers removed and whole floats turned back into ints."""
        return unwrap(self.inputs)


def unwrap(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(SECRET_SIG) == SECRET_MARK:
            return unwrap(value["value"])
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Extra state a provider would compute, per resource type: platform test modules add
# entries, e.g. MOCK_OUTPUTS["aws:ecs/cluster:Cluster"] = lambda args: {"arn": ...}.
MOCK_OUTPUTS: dict[str, Callable[[pmocks.MockResourceArgs], dict[str, Any]]] = {}
# Results of provider functions (invokes), per function token.
MOCK_CALLS: dict[str, Callable[[pmocks.MockCallArgs], dict[str, Any]]] = {}


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pmocks.MockResourceArgs):
        state = dict(args.inputs)
        extra = MOCK_OUTPUTS.get(args.typ)
        if extra is not None:
            state.update(extra(args))
        if args.typ == "random:index/randomPassword:RandomPassword":
            state["result"] = GENERATED_PASSWORD
        if args.typ == "random:index/randomId:RandomId":
            state["hex"] = GENERATED_HEX
        return f"{args.name}_id", state

    def call(self, args: pmocks.MockCallArgs):
        handler = MOCK_CALLS.get(args.token)
        return handler(args) if handler is not None else {}


class RecordingMonitor(pmocks.MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks):
        super().__init__(mocks)
        self.registered: list[Registered] = []
        self.by_urn: dict[str, Registered] = {}

    def RegisterResource(self, request):
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            inputs = json.loads(json.dumps(_struct_to_py(request.object)))
            rec = Registered(request.type, request.name, response.urn, request.parent, request.provider,
                             request.protect, request.custom, inputs,
                           delete_before_replace=request.deleteBeforeReplace)
            self.registered.append(rec)
            self.by_urn[response.urn] = rec
        return response

    def RegisterResourceOutputs(self, request):
        rec = self.by_urn.get(request.urn)
        if rec is not None:
            rec.outputs = _struct_to_py(request.outputs)
        return super().RegisterResourceOutputs(request)


def _struct_to_py(struct: Any) -> dict[str, Any]:
    from google.protobuf import json_format

    return json_format.MessageToDict(struct)


@dataclass
class Run:
    resources: list[Registered]
    result: Any = None
    warnings: list[str] = field(default_factory=list)

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.type == typ]

    def one(self, typ: str, name: Optional[str] = None) -> Registered:
        found = [r for r in self.of_type(typ) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {typ} {name or ''}, got {[r.name for r in found]}"
        return found[0]

    def named(self, name: str) -> Registered:
        found = [r for r in self.resources if r.name == name]
        assert len(found) == 1, f"expected one resource named {name}, got {len(found)}"
        return found[0]

    def k8s(self, kind: str) -> list[Registered]:
        return [r for r in self.resources if r.type.startswith("kubernetes:") and r.type.endswith(f":{kind}")]


def secret_leaks(run: "Run", secret_values: list[str], allowed: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(type, name, value) for every secret value found in an input outside `allowed`
    (resource type -> the top-level inputs where secrets belong: the platform's secret store)."""
    leaks = []
    for r in run.resources:
        inputs = r.plain()
        for key in allowed.get(r.type, ()):
            inputs.pop(key, None)
        text = json.dumps(inputs)
        leaks += [(r.type, r.name, value) for value in secret_values if value in text]
    return leaks


def snapshot(program: Callable[[], Any]) -> list[tuple[str, str, str, str]]:
    """Every registration as (type, name, parent, inputs as sorted JSON), sorted: what two
    runs of a deterministic program must agree on byte for byte. (Registration order across
    RPC threads is the engine's business, so it is not compared.)"""
    run = run_program(program)
    return sorted((r.type, r.name, r.parent, json.dumps(r.inputs, sort_keys=True)) for r in run.resources)


def run_program(program: Callable[[], Any], preview: bool = False) -> Run:
    """Run `program` under recording mocks and wait for every registration."""
    monitor = RecordingMonitor(_Mocks())
    pmocks.set_mocks(_Mocks(), preview=preview, monitor=monitor)
    warnings: list[str] = []

    import logging

    class _Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = _Capture()
    logging.getLogger().addHandler(handler)
    holder: dict[str, Any] = {}
    try:
        @pulumi.runtime.test
        def _run():
            holder["result"] = program()
            value = holder["result"]
            return value if isinstance(value, pulumi.Output) else pulumi.Output.from_input(None)

        _run()
    finally:
        logging.getLogger().removeHandler(handler)
    return Run(resources=list(monitor.registered), result=holder.get("result"), warnings=warnings)


@pytest.fixture
def run():
    return run_program


def pytest_unconfigure(config):
    # Tests that make an Output fail on purpose leave asyncio Futures whose finalizers log
    # "exception was never retrieved" when the interpreter exits, after pytest's summary;
    # keep the summary the last thing the run prints.
    import logging

    logging.getLogger("asyncio").disabled = True
