"""The public path of `Volume` (radius_components/resources/volume/)."""

from .resources.volume.component import Volume

__all__ = ["Volume"]
