"""The plugin's entry point: Pulumi's Python runtime runs this folder (`python <folder> <engine
address>`, PulumiPlugin.yaml), which puts the folder first on the path, so `radius_provider` is
importable; `radius_components` comes from the virtualenv (requirements.txt installs it from `..`)."""

import runpy
import sys
from pathlib import Path

try:
    import radius_components  # noqa: F401
except ImportError:  # a checkout used without installing it: the library beside this folder
    sys.path.append(str(Path(__file__).resolve().parent.parent))

runpy.run_module("radius_provider", run_name="__main__", alter_sys=True)
