"""`python -m radius_components check PROGRAM --kinds all`: see radius_components.check."""

import sys

from .check import main

if __name__ == "__main__":
    sys.exit(main())
