"""Entry point of the plugin: `python -m radius_provider <engine address>` (see ../pulumi-resource-radius)."""

import sys

from pulumi.provider import main

from .provider import RadiusProvider

if __name__ == "__main__":
    main(RadiusProvider(), sys.argv[1:])
