"""The provider process: `python -m radius_provider <engine address>` (../__main__.py runs it when Pulumi runs the plugin folder)."""

import sys

from pulumi.provider import main

from .provider import RadiusProvider

if __name__ == "__main__":
    main(RadiusProvider(), sys.argv[1:])
