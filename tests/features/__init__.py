"""What holds on every kind: the model, connections, check, capabilities, graph, PR summary,
provider schema, packaging, typing and documentation."""
