"""The portable resource types, one folder each: its declaration (`declaration.py`: `TYPE`, a
`ResourceTypeDeclaration` registered through the `radius_components.resource_types` entry point
group), its arguments model (`args.py`), its component (`component.py`) and, for a type with
connection values built from others, their formatting (`formatting.py`).

`recipe_resource.py` is the base of a type provisioned by a recipe; `registry.py` answers what
the rest of the library asks about the declared types (which take recipes, which hold data, ...).
"""
