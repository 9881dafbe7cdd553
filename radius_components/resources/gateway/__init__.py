"""Gateway: Radius's `Applications.Core/gateways` (see declaration.py)."""
