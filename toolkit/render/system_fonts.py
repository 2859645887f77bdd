"""The installed fonts, asked of fontconfig directly (through cffi), as WeasyPrint itself finds them.

The build checks the theme's fonts before layout (:mod:`toolkit.environment`) and finds the
font file a subset came from (:mod:`toolkit.render.font_union`). Both used to go through
WeasyPrint's own bindings or an ``fc-match`` process; asking ``libfontconfig`` here keeps the
build's process free of WeasyPrint (its parts are laid out in other processes) and runs no
program. The library is opened by its soname, so cffi never searches for it
(see :mod:`toolkit.render.weasy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cffi

_FFI = cffi.FFI()
_FFI.cdef("""
    typedef struct _FcConfig FcConfig;
    typedef struct _FcPattern FcPattern;
    typedef unsigned char FcChar8;
    typedef int FcBool;
    typedef enum { FcMatchPattern, FcMatchFont, FcMatchScan } FcMatchKind;
    typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId,
                   FcResultOutOfMemory } FcResult;
    FcConfig * FcInitLoadConfigAndFonts (void);
    FcPattern * FcPatternCreate (void);
    void FcPatternDestroy (FcPattern *p);
    FcBool FcPatternAddString (FcPattern *p, const char *object, const FcChar8 *s);
    FcBool FcConfigSubstitute (FcConfig *config, FcPattern *p, FcMatchKind kind);
    void FcDefaultSubstitute (FcPattern *pattern);
    FcPattern * FcFontMatch (FcConfig *config, FcPattern *p, FcResult *result);
    FcResult FcPatternGetString (const FcPattern *p, const char *object, int n, FcChar8 **s);
    FcResult FcPatternGetInteger (const FcPattern *p, const char *object, int n, int *i);
""")


@lru_cache(maxsize=1)
def _fontconfig() -> Any:
    return _FFI.dlopen("libfontconfig.so.1")


@lru_cache(maxsize=1)
def _config() -> Any:
    """The fonts installed, loaded once per process (kept for the process's life)."""
    return _fontconfig().FcInitLoadConfigAndFonts()


@dataclass(frozen=True)
class Match:
    """The installed font fontconfig gives for a family and style (maybe another family: a fallback)."""

    families: tuple[str, ...]
    styles: tuple[str, ...]
    file: Path | None
    index: int


@lru_cache(maxsize=64)
def match(family: str, style: str = "Regular") -> Match | None:
    """What fontconfig matches for ``family`` in ``style``; ``None`` if it matches nothing at all."""
    fc = _fontconfig()
    config = _config()
    pattern = fc.FcPatternCreate()
    try:
        fc.FcPatternAddString(pattern, b"family", family.encode())
        fc.FcPatternAddString(pattern, b"style", style.encode())
        fc.FcConfigSubstitute(config, pattern, fc.FcMatchPattern)
        fc.FcDefaultSubstitute(pattern)
        result = _FFI.new("FcResult *")
        found = fc.FcFontMatch(config, pattern, result)
        if found == _FFI.NULL:
            return None
        try:
            files = _strings(found, b"file")
            index = _FFI.new("int *")
            has_index = fc.FcPatternGetInteger(found, b"index", 0, index) == fc.FcResultMatch
            return Match(
                tuple(_strings(found, b"family")),
                tuple(_strings(found, b"style")),
                Path(files[0]) if files else None,
                index[0] if has_index else 0,
            )
        finally:
            fc.FcPatternDestroy(found)
    finally:
        fc.FcPatternDestroy(pattern)


def _strings(pattern: Any, key: bytes) -> list[str]:
    fc = _fontconfig()
    out: list[str] = []
    value = _FFI.new("FcChar8 **")
    index = 0
    while fc.FcPatternGetString(pattern, key, index, value) == fc.FcResultMatch:
        out.append(_FFI.string(value[0]).decode("utf-8", "replace"))
        index += 1
    return out
