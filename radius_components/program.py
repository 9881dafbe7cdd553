"""Declare, validate the whole application, then expand.

A Pulumi program declares components one by one, but some rules span components (a Gateway
routes to Containers that may come before or after it; two environments may normalise to one
namespace), and a component declared early must not start creating cloud resources when a
later one is invalid. So each component, when constructed, checks its own arguments and
joins the program here (`Program.join`); once the program body has finished declaring
(`graph.program_declared`), `Program.finish` runs the checks across components, expands the
components that wait for the whole application (Containers and Gateways, whose native
resources depend on each other in both directions), and only then opens the gate.

The gate is what keeps a bad program from changing anything: every component registers with
the gate in its `depends_on` (an Output that resolves when the application is valid), and
every native resource is a descendant of a component, whose URN it awaits before it
registers. When anything is invalid the gate fails with the errors, so no native resource is
ever sent to the engine, whatever the order the components were declared in.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar

import pulumi

from .errors import RadiusValidationError, collect, raise_all

F = TypeVar("F", bound=Callable[..., Any])

# Set while the `radius` provider constructs one component for another language: there the
# engine sends each component in its own Construct call and no end of program is signalled,
# so components expand as soon as they are constructed (providers/radius_provider).
_EXPAND_AT_ONCE: ContextVar[bool] = ContextVar("radius_expand_at_once", default=False)


@contextmanager
def expand_at_once() -> Iterator[None]:
    """Within the block, a component expands when constructed instead of at the end of the program."""
    token = _EXPAND_AT_ONCE.set(True)
    try:
        yield
    finally:
        _EXPAND_AT_ONCE.reset(token)


def expands_at_once() -> bool:
    return _EXPAND_AT_ONCE.get()


# The checks on Output values of the component being constructed (see `check_before_registering`).
_GUARDS: ContextVar[Optional[list[pulumi.Output[Any]]]] = ContextVar("radius_output_guards", default=None)


@contextmanager
def collecting_checks() -> Iterator[list[pulumi.Output[Any]]]:
    """Within the block (a component's constructor), `check_before_registering` collects here."""
    guards: list[pulumi.Output[Any]] = []
    token = _GUARDS.set(guards)
    try:
        yield guards
    finally:
        _GUARDS.reset(token)


def check_before_registering(check: pulumi.Output[Any]) -> None:
    """A check that needs an Output's value (it raises a RadiusValidationError when it fails):
    the component being constructed registers only once it has passed, so none of its native
    resources registers when it fails (not only the ones that use the value)."""
    guards = _GUARDS.get()
    if guards is not None:
        guards.append(check)


# One Program per Pulumi program run, keyed on its resource monitor (the engine connection;
# under test mocks each run has its own), as the URN claims are (claims.py).
_PROGRAMS: "weakref.WeakKeyDictionary[Any, Program]" = weakref.WeakKeyDictionary()


class Program:
    """The components of one Pulumi program run, and the gate their registrations wait on."""

    def __init__(self) -> None:
        self.components: list[Any] = []
        # Checks that span components, run once everything is declared (each returns errors).
        self.rules: list[Callable[["Program"], list[RadiusValidationError]]] = []
        loop = asyncio.get_event_loop()
        self.gate: asyncio.Future[None] = loop.create_future()
        self._finishing: Optional[pulumi.Output[None]] = None
        # Errors a component's constructor raised (see `validate_and_expand`).
        self.construction_errors: list[RadiusValidationError] = []  # as raised (one, or several together)

    @staticmethod
    def current() -> "Program":
        monitor = pulumi.runtime.settings.get_monitor()
        program = _PROGRAMS.get(monitor) if monitor is not None else None
        if program is None:
            program = Program()
            if monitor is not None:
                _PROGRAMS[monitor] = program
        return program

    def join(self, component: Any) -> None:
        """Record a constructed component; the first one schedules the end-of-program step."""
        self.components.append(component)
        if self._finishing is None and not expands_at_once():
            loop = asyncio.get_event_loop()
            # An Output, so the runtime waits for it (and reports its error) before the program ends.
            self._finishing = pulumi.Output(set(), loop.create_task(self.finish()), _done(loop, True), _done(loop, False))

    def add_rule(self, rule: Callable[["Program"], list[RadiusValidationError]]) -> None:
        if rule not in self.rules:
            self.rules.append(rule)

    async def finish(self) -> None:
        from .graph import program_declared

        await program_declared()
        try:
            self.validate_and_expand()
        except BaseException as error:
            for component in self.components:
                abandon = getattr(component, "_abandon", None)
                if abandon is not None:
                    abandon(error)
            if not self.gate.done():
                # Every gated registration fails with this same error (so the program reports
                # it, whichever registration the runtime reports first).
                self.gate.set_exception(error)
                self.gate.exception()
            raise
        if not self.gate.done():
            self.gate.set_result(None)

    def validate_and_expand(self) -> None:
        """The checks across components, then the deferred expansions, in dependency order."""
        # A constructor refused its arguments and the program body stopped there: nothing it
        # declared before registers (and the rules below would only report what is missing).
        # An error the program caught and handled (a fallback) is not the program's failure.
        raise_all([one for raised in self.construction_errors if _stopped_the_program(raised)
                   for one in (getattr(raised, "errors", None) or [raised])])
        errors: list[RadiusValidationError] = []
        for rule in self.rules:
            errors += rule(self)
        waiting = [c for c in self.components if getattr(c, "_expansion_pending", False)]
        for component in waiting:
            errors += collect(component._check_declared)
        raise_all(errors)
        # Gateways first: their routes change the routed containers' own resources (an ECS
        # target group registration, Cloud Run ingress, the Container Apps route config).
        for component in sorted(waiting, key=lambda c: getattr(c, "expansion_order", 1)):
            component._run_expansion()

    def gated_depends_on(self, opts: Optional[pulumi.ResourceOptions],
                         checks: Sequence[pulumi.Output[Any]] = ()) -> pulumi.ResourceOptions:
        """`opts` with the gate (and the component's `checks` on Output values) added to its
        `depends_on`; the user's dependencies are kept."""
        opts = opts or pulumi.ResourceOptions()
        if expands_at_once() and not checks:
            return opts
        user = opts.depends_on
        gate = self.gate if not expands_at_once() else None
        loop = asyncio.get_event_loop()
        if isinstance(user, pulumi.Output):
            depends: Any = pulumi.Output.all(_gate_output(loop, gate, checks, []), user).apply(lambda both: both[1])
        else:
            listed = [] if user is None else ([user] if isinstance(user, pulumi.Resource) else list(user))
            depends = _gate_output(loop, gate, checks, listed)
        return _with_depends_on(opts, depends)


def records_errors(init: F) -> F:
    """Decorates a component's `__init__`: a RadiusValidationError it raises is kept by the
    program too (see `Program.construction_errors`)."""

    @functools.wraps(init)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return init(self, *args, **kwargs)
        except RadiusValidationError as error:
            if pulumi.runtime.settings.get_monitor() is not None:
                Program.current().construction_errors.append(error)
            raise

    return wrapper  # type: ignore[return-value]


def _stopped_the_program(error: BaseException) -> bool:
    """Whether `error` ended the program body: it propagated out of it, up to the Pulumi runtime
    frame that runs the program and keeps its error (`run_pulumi_func`, pulumi/runtime/stack.py,
    under the engine and under mocks alike), rather than being caught by the program."""
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "run_pulumi_func" and code.co_filename.replace("\\", "/").endswith("pulumi/runtime/stack.py"):
            return True
        tb = tb.tb_next
    return False


def _done(loop: asyncio.AbstractEventLoop, value: bool) -> "asyncio.Future[bool]":
    future: asyncio.Future[bool] = loop.create_future()
    future.set_result(value)
    return future


def _gate_output(loop: asyncio.AbstractEventLoop, gate: "Optional[asyncio.Future[None]]",
                 checks: Sequence[pulumi.Output[Any]], then: list[Any]) -> pulumi.Output[Any]:
    async def after_gate() -> list[Any]:
        if gate is not None:
            await gate
        for check in checks:  # raises the check's error: nothing of the component registers
            await check.future(with_unknowns=True)
        return then

    return pulumi.Output(set(), loop.create_task(after_gate()), _done(loop, True), _done(loop, False))


def _with_depends_on(opts: pulumi.ResourceOptions, depends_on: Any) -> pulumi.ResourceOptions:
    gated = copy.copy(opts)
    gated.depends_on = depends_on
    return gated

