"""``Block``: any block of a chapter, a section or a case, one of the registered elements.

The union of the elements' model classes cannot be written before they exist, and several of
them hold blocks themselves. So ``Block`` is declared here, below every element and below the
structure that holds blocks, as a marker pydantic resolves once the registry is complete:
:func:`complete` (called by :mod:`toolkit.model.elements` when it has found every element) makes
it the union of their classes, tagged by ``kind``, and rebuilds the classes that hold blocks.
Until then such a class is incomplete; the package :mod:`toolkit.model` completes the registry
on import, so no module using the model meets one. No module of the model imports another
above it, not even for type hints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Union

from pydantic import Field, GetCoreSchemaHandler
from pydantic.errors import PydanticUndefinedAnnotation
from pydantic_core import CoreSchema

from toolkit.model.base import Node

_union: Any = None
"""The tagged union of the registered elements' classes, once :func:`complete` has made it."""


class _Registered:
    """The pydantic schema of ``Block``: the registry's union, or "not yet" while it is incomplete."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        if _union is None:  # the class holding blocks is completed by complete(), once every element exists
            raise PydanticUndefinedAnnotation("Block", "the element registry (toolkit.model.elements) is not complete")
        return handler(_union)


Block = Annotated[Node, _Registered()]
"""Any block of a chapter, a section or a case: one of the registered elements (its ``kind`` tells which)."""


def complete(models: Sequence[type[Node]]) -> None:
    """Make ``Block`` the union of ``models`` (tagged by ``kind``) and complete every class holding blocks."""
    global _union
    _union = Annotated[Union[tuple(models)], Field(discriminator="kind")]  # noqa: UP007 - a union built at run time
    for model in _subclasses(Node):
        if not model.__pydantic_complete__:
            model.model_rebuild()


def block_union() -> Any:
    """The union ``Block`` stands for (``None`` before :func:`complete`)."""
    return _union


def _subclasses(cls: type[Node]) -> Iterator[type[Node]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
