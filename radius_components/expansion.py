"""The side of a component that expands with the whole application (Containers, Gateways).

Such a component checks its own arguments and registers itself when constructed, then waits:
its native resources are created by `Program.finish` once the program body has declared
everything (radius_components.program). Until then its outputs are `deferred_output`s, and an
`ExpansionMark` child keeps `depends_on=[component]` waiting for the resources to come.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, ClassVar

import pulumi

from .program import Program, expands_at_once


def deferred_output(ready: "asyncio.Future[Any]", read: Callable[[], Any]) -> pulumi.Output[Any]:
    """An Output, available now, of a value that exists once `ready` is done (the component
    expanded): its value, whether it is known or secret, and the resources it depends on are
    those of `read()` then, so a resource taking it as an input waits for the right ones."""
    loop = asyncio.get_event_loop()

    async def inner() -> pulumi.Output[Any]:
        await ready
        return pulumi.Output.from_input(read())

    source = loop.create_task(inner())

    async def resources() -> set[pulumi.Resource]:
        return await (await source).resources()

    async def value() -> Any:
        return await (await source).future(with_unknowns=True)

    async def known() -> bool:
        return await (await source).is_known()

    async def secret() -> bool:
        return await (await source).is_secret()

    parts = [loop.create_task(part()) for part in (resources, value, known, secret)]
    for task in (source, *parts):
        # Marks a failure retrieved (the program reports it once, not per unread part).
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
    return pulumi.Output(*parts)


class ExpansionMark(pulumi.ComponentResource):
    """What a `depends_on=[component]` waits for when the component expands after the program body.

    Pulumi turns a dependency on a component into dependencies on its children, read at the
    moment the dependent registers (pulumi/runtime/rpc.py `_add_dependency`); a component that
    expands after the program body may have no children yet at that moment. This child is
    registered at construction and treated as a remote component would be (awaited by its URN,
    not walked), and it registers only after every native resource of its component has been
    created, so the dependent waits for all of them and the state records the chain
    dependent -> mark -> native resources (which also orders `destroy`).
    """

    def __init__(self, owner: pulumi.Resource, name: str, natives: pulumi.Output[list[pulumi.Resource]]):
        super().__init__("radius:internal:Expanded", name, None, pulumi.ResourceOptions(parent=owner, depends_on=natives))
        # Awaited by URN rather than walked (the SDK's rule for remote components); set after
        # registration, which has already been sent as a local component.
        self._remote = True


class ExpandsWithTheApplication:
    """Mixed into a component whose native resources wait for the whole application."""

    # Gateways (0) expand before Containers (1): routes change the routed containers' resources.
    expansion_order: ClassVar[int] = 1
    resource_name: str

    def _check_declared(self) -> None:
        """Checks that need the whole application (raise RadiusValidationError)."""

    def _expand(self) -> None:
        """Create the native resources."""
        raise NotImplementedError

    def _native_resources(self) -> list[pulumi.Resource]:
        raise NotImplementedError

    def _check_now(self) -> None:
        """Call before registering: where components expand at once, the whole-application
        checks of this one run now (there is no end of the program to wait for)."""
        if expands_at_once():
            self._check_declared()

    def _wait_for_application(self, program: Program) -> None:
        """Call once registered: expand now (inside the provider) or at the end of the program."""
        self._expanded: asyncio.Future[None] = asyncio.get_event_loop().create_future()
        self._expansion_pending = True
        if expands_at_once():  # checked before registering (`_check_now`)
            self._run_expansion()
            return
        natives = deferred_output(self._expanded, self._native_resources)
        ExpansionMark(self, self.resource_name, natives)  # type: ignore[arg-type]

    @property
    def expanded(self) -> bool:
        return not self._expansion_pending

    def _run_expansion(self) -> None:
        self._expand()
        self._expansion_pending = False
        if not self._expanded.done():
            self._expanded.set_result(None)

    def _abandon(self, error: BaseException) -> None:
        if not self._expanded.done():
            self._expanded.set_exception(error)
            self._expanded.exception()  # marks it retrieved: the program reports the error
