"""What every radius component shares."""

from __future__ import annotations

import pulumi


class RadiusComponent(pulumi.ComponentResource):
    """Base of the public components; `resource_name` is set before registration."""

    resource_name: str

    def __repr__(self) -> str:
        # Shown in error messages that quote a component given in the wrong place.
        return f"{type(self).__name__} '{getattr(self, 'resource_name', '?')}'"
