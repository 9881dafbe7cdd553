"""What every radius component shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

import pulumi

if TYPE_CHECKING:  # pragma: no cover
    from .program import Program


class RadiusComponent(pulumi.ComponentResource):
    """Base of the public components; `resource_name` is set before registration."""

    resource_name: str

    def _register_in_program(self, token: str, name: str, opts: Optional[pulumi.ResourceOptions],
                             checks: Sequence[pulumi.Output[Any]] = ()) -> "Program":
        """Register this component behind the program's gate (nothing it holds reaches the engine
        before the whole application is valid) and its own `checks` on Output values, and join
        the program (radius_components.program)."""
        from .program import Program

        program = Program.current()
        pulumi.ComponentResource.__init__(self, token, name, None, program.gated_depends_on(opts, checks))
        program.join(self)
        return program

    def __repr__(self) -> str:
        # Shown in error messages that quote a component given in the wrong place.
        return f"{type(self).__name__} '{getattr(self, 'resource_name', '?')}'"
