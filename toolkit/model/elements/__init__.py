"""The element registry: every kind of block the report has, one module each, found without a list.

Each module ``<kind>.py`` of this package (``quote-wall`` → ``quote_wall.py``) holds the element's
model class, its directive's fields and builder (or the Markdown syntax that writes it), its text
view, its checks, and its text alternative when it prints a picture; its :data:`ELEMENT` says all of
it. Every module here is imported and its ``ELEMENT`` registered, in the order of the modules' names:
a new element is its module, nothing else (a helper shared by several elements goes in a module
whose name starts with ``_``). ``tests/test_registry.py`` names every piece a kind still lacks,
in the renderers too.

Registering checks what the registry needs of every element: one module, one kind, a directive name
no other element has; then ``Block`` becomes the union of their classes (:mod:`toolkit.model.block`).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from toolkit.model.base import Node
from toolkit.model.block import complete
from toolkit.model.element import Element, reserved_field_problems


def element_modules() -> list[ModuleType]:
    """Every element module of this package (helpers, ``_*.py``, left out), imported, in name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def registered(modules: list[ModuleType]) -> tuple[Element, ...]:
    """The ``ELEMENT`` of each module that has one (``tests/test_registry.py`` names a module without),
    after checking that no two elements claim one kind or one directive."""
    for module in modules:  # a block class with a reserved name misused is an error even before its ELEMENT
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Node)
                and value.__module__ == module.__name__
                and "kind" in value.model_fields
            ):
                reserved_field_problems(value)
    elements = tuple(module.ELEMENT for module in modules if isinstance(getattr(module, "ELEMENT", None), Element))
    for claimed in ([e.kind for e in elements], [e.directive.name for e in elements if e.directive]):
        twice = sorted({name for name in claimed if claimed.count(name) > 1})
        if twice:
            owners = [
                f"{e.model.__module__}" for e in elements if twice[0] in (e.kind, getattr(e.directive, "name", ""))
            ]
            raise TypeError(
                f"“{twice[0]}” is claimed by {' and '.join(owners)}: each kind and directive is one "
                "element's (see docs/directives.md for the names taken)"
            )
    return elements


ELEMENTS: tuple[Element, ...] = registered(element_modules())
"""Every element, in the order of their modules' names."""
BY_KIND: dict[str, Element] = {element.kind: element for element in ELEMENTS}
"""Each element by its kind (``figure``, ``quote-wall`` ...)."""

complete([element.model for element in ELEMENTS])
