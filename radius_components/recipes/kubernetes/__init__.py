"""Built-in recipes of the `kubernetes` compute kind."""
