"""Volume: Radius's `Applications.Core/volumes`, portable (see declaration.py)."""
