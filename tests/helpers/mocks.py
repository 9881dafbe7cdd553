"""Pulumi mocks that record every registration, so tests can inspect type, name and inputs
(radius_components.testing, with per-module answers in MOCK_OUTPUTS / MOCK_CALLS).

The answer tables are shared by the whole session: each kind's helper module
(tests/helpers/<kind>.py) fills them when it is first imported."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from pulumi.runtime import mocks as pmocks

# The recording mocks are the ones the package ships for users' tests; this suite uses them
# as they are, so what users get is what every test here runs under.
from radius_components.testing import (GENERATED_HEX, GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG,  # noqa: F401
                                       RadiusMocks, RecordingMonitor, Registered, Run, unwrap)
from radius_components.testing import run_program as _run_program

# The shipped mocks (radius_components.testing) are the base; these two tables add or
# replace answers for one test module's values, e.g.
# MOCK_OUTPUTS["aws:ecs/cluster:Cluster"] = lambda args: {"arn": ...}.
MOCK_OUTPUTS: dict[str, Callable[[pmocks.MockResourceArgs], dict[str, Any]]] = {}
# Results of provider functions (invokes), per function token.
MOCK_CALLS: dict[str, Callable[[pmocks.MockCallArgs], dict[str, Any]]] = {}


def _mocks() -> RadiusMocks:
    return RadiusMocks(outputs=MOCK_OUTPUTS, calls=MOCK_CALLS)


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
    """Run `program` under the shipped recording mocks plus this suite's tables."""
    return _run_program(program, preview=preview, mocks=_mocks())


@contextmanager
def recorded() -> Iterator[list[Registered]]:
    """Every registration the next mocked run receives, kept even when the run raises (to show
    that a refused program registered nothing)."""
    import radius_components.testing.recording as recording

    monitors: list[RecordingMonitor] = []
    original = recording.RecordingMonitor

    class Keeping(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            monitors.append(self)

    registered: list[Registered] = []
    recording.RecordingMonitor = Keeping  # type: ignore[misc]
    try:
        yield registered
    finally:
        recording.RecordingMonitor = original  # type: ignore[misc]
        for monitor in monitors:
            registered.extend(monitor.registered)


def run_recording_containers(platform_class: type, program: Callable[[], Any]) -> tuple[Run, dict[str, Any], dict[str, list[str]]]:
    """`program`'s registrations, the arguments each container was deployed with by
    `platform_class` (by container name), and each registration's dependencies (by its name)."""
    containers: dict[str, Any] = {}
    original = platform_class.deploy_container

    def record(self: Any, container: Any, args: Any, plan: Any) -> Any:
        containers[container.resource_name] = args
        return original(self, container, args, plan)

    platform_class.deploy_container = record  # type: ignore[method-assign]
    try:
        run = run_program(program)
    finally:
        platform_class.deploy_container = original  # type: ignore[method-assign]
    return run, containers, {r.name: list(r.dependencies) for r in run.resources}
