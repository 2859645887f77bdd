"""Checks on the machine before layout starts: fonts and HarfBuzz subsetting.

A missing font would otherwise show up as tofu boxes or Japanese glyphs deep in
a finished PDF; a missing ``libharfbuzz-subset0`` makes every build several
times slower. Both are told to the editor up front.
"""
from __future__ import annotations

from functools import lru_cache

from toolkit.config import ThemeConfig
from toolkit.diagnostics import Diagnostics, Location
from toolkit.render.weasy import text_ffi


@lru_cache(maxsize=64)
def font_installed(family: str, style: str = "Regular") -> bool:
    """Whether fontconfig has ``family`` in ``style`` (not a fallback to another family)."""
    ffi, fontconfig = text_ffi.ffi, text_ffi.fontconfig
    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcPatternAddString(pattern, b"style", style.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return False
        try:
            families = _strings(match, b"family")
            styles = _strings(match, b"style")
        finally:
            fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)
    wanted = family.casefold()
    return any(f.casefold() == wanted for f in families) and (
        style == "Regular" or any(style.casefold() in s.casefold() for s in styles))


def _strings(pattern: object, key: bytes) -> list[str]:
    ffi, fontconfig = text_ffi.ffi, text_ffi.fontconfig
    out: list[str] = []
    value = ffi.new("FcChar8 **")
    index = 0
    while fontconfig.FcPatternGetString(pattern, key, index, value) == fontconfig.FcResultMatch:
        out.append(ffi.string(value[0]).decode("utf-8", "replace"))
        index += 1
    return out


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint found ``libharfbuzz-subset`` (fast font subsetting)."""
    return getattr(text_ffi, "harfbuzz_subset", None) is not None


def check_environment(theme: ThemeConfig, diagnostics: Diagnostics) -> None:
    """Report missing fonts (errors) and missing HarfBuzz subsetting (a warning)."""
    for family in dict.fromkeys([theme.body_font, theme.heading_font]):
        for style in ("Regular", "Bold"):
            if not font_installed(family, style):
                label = family if style == "Regular" else f"{family} Bold"
                diagnostics.add("EN001", Location(), font=label)
                break
    if not harfbuzz_subset_available():
        diagnostics.add("EN002", Location())
