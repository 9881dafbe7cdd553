"""The public path of `Gateway` (radius_components/resources/gateway/)."""

from .resources.gateway.component import Gateway

__all__ = ["Gateway"]
