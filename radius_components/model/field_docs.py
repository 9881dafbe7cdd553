"""Field docstrings (the string literal under a field) of a model class, read from its source.

The same reading as pydantic's `use_attribute_docstrings`, done once per module instead of
once per class: pydantic finds each class's block by tokenizing the module's source from the
class statement on, which made extracting the docstrings cost more than the rest of
importing the models. Here a module's source is parsed once, every class body in it is read,
and only the docstrings are kept (not the syntax tree, which would stay in memory for the
garbage collector to walk).
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from types import FrameType
from typing import Optional

_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)

# One class definition: its first line (a decorator's, if any), its last line, its field docstrings.
_ClassDocs = tuple[int, int, dict[str, str]]
# module name -> (the source lines read, {class path: its definitions}); the class path is the
# qualified name without `<locals>` ("Outer.Inner", "function.Local").
_MODULES: dict[str, tuple[list[str], dict[str, list[_ClassDocs]]]] = {}


def field_docstrings(cls: type) -> dict[str, str]:
    """`{field name: docstring}` for the annotated names of `cls`'s own body."""
    module = sys.modules.get(cls.__module__)
    if module is None:
        return {}
    definitions = _module_classes(module).get(".".join(p for p in cls.__qualname__.split(".") if p != "<locals>"))
    if not definitions:
        return {}
    # The definition being executed is the one around the line its defining frame is at (a
    # name may be defined twice, and a class made by a call, not a class statement, has none).
    frame: Optional[FrameType] = sys._getframe(1)
    while frame is not None:
        if frame.f_globals is module.__dict__:
            for first, last, docs in definitions:
                if first <= frame.f_lineno <= last:
                    return dict(docs)
        frame = frame.f_back
    return {}


def _module_classes(module: object) -> dict[str, list[_ClassDocs]]:
    name = getattr(module, "__name__", "")
    filename = getattr(module, "__file__", None)
    if not filename:
        return {}
    lines = linecache.getlines(filename, getattr(module, "__dict__", None))
    cached = _MODULES.get(name)
    if cached is not None and cached[0] is lines:
        return cached[1]
    classes: dict[str, list[_ClassDocs]] = {}
    try:
        tree = ast.parse("".join(lines)) if lines else None
    except SyntaxError:
        tree = None
    if tree is not None:
        _index(tree.body, "", classes)
    _MODULES[name] = (lines, classes)
    return classes


def _index(body: list[ast.stmt], prefix: str, classes: dict[str, list[_ClassDocs]]) -> None:
    for statement in _flatten(body):
        if isinstance(statement, _DEFINITIONS):
            path = prefix + statement.name
            if isinstance(statement, ast.ClassDef):
                first = min([statement.lineno] + [d.lineno for d in statement.decorator_list])
                classes.setdefault(path, []).append(
                    (first, statement.end_lineno or statement.lineno, _docstrings(statement.body)))
            _index(statement.body, path + ".", classes)


def _flatten(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a block in order, those inside compound statements (if, try, with,
    for, while, match) included, not those inside nested classes or functions. A compound
    statement is listed after what it contains."""
    out: list[ast.stmt] = []
    for statement in body:
        if not isinstance(statement, _DEFINITIONS):
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(statement, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    out += _flatten(inner)
            for part in [*(getattr(statement, "handlers", None) or ()), *(getattr(statement, "cases", None) or ())]:
                out += _flatten(part.body)
        out.append(statement)
    return out


def _docstrings(body: list[ast.stmt]) -> dict[str, str]:
    # A string expression right after an annotated assignment to a name documents that name.
    docs: dict[str, str] = {}
    previous: Optional[ast.stmt] = None
    for statement in _flatten(body):
        if (isinstance(statement, ast.Expr) and isinstance(previous, ast.AnnAssign)
                and isinstance(previous.target, ast.Name) and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
        previous = statement
    return docs
