"""Built-in recipes of the `ecs` compute kind (AWS)."""
