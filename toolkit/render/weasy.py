"""WeasyPrint, imported without running ``ldconfig`` and ``gcc`` a few dozen times.

WeasyPrint opens its C libraries (GObject, Pango, HarfBuzz, fontconfig) by trying several
names for each, to suit Linux, macOS and Windows (``_dlopen`` in ``weasyprint/text/ffi.py``).
cffi's ``dlopen`` loads a name that holds a dot directly; for any other name (``gobject-2.0-0``,
``harfbuzz``) it first asks :func:`ctypes.util.find_library`, which on Linux runs
``/sbin/ldconfig -p`` and then ``gcc`` and ``ld`` to look for it: 22 ``ldconfig`` and 16 ``gcc``
runs, a few hundred milliseconds of every command that imported WeasyPrint.

Every name list also holds the Linux soname (``libgobject-2.0.so.0``, ``libpango-1.0.so.0``, …),
which loads directly. So, on Linux and only while WeasyPrint is being imported, the search is
answered "not found" at once and WeasyPrint goes on to the next name. Every module of the
toolkit imports WeasyPrint (and the parts of it that :mod:`toolkit.render.cjk_justify` extends) from
here; ``tests/test_startup.py`` fails if a command runs the search again.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_library_search() -> Iterator[None]:
    """While inside, :func:`ctypes.util.find_library` finds nothing without running anything (Linux only)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


with no_library_search():
    import weasyprint
    from weasyprint import CSS, HTML, Document, draw, stacking
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.pdf import stream as pdf_stream
    from weasyprint.pdf import tags as pdf_tags
    from weasyprint.text import ffi as text_ffi
    from weasyprint.text import line_break
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

VERSION: str = weasyprint.__version__

__all__ = [
    "CSS",
    "HTML",
    "Document",
    "FontConfiguration",
    "draw",
    "URLFetcher",
    "URLFetcherResponse",
    "VERSION",
    "boxes",
    "inline",
    "line_break",
    "pdf_stream",
    "pdf_tags",
    "no_library_search",
    "stacking",
    "text_ffi",
]
