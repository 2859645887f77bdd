"""Checks on the machine before layout starts: fonts and HarfBuzz subsetting.

A missing font would otherwise show up as tofu boxes or Japanese glyphs deep in
a finished PDF; a missing ``libharfbuzz-subset0`` makes every build several
times slower. Both are told to the editor up front.
"""

from __future__ import annotations

from toolkit.config import ThemeConfig
from toolkit.diagnostics import Diagnostics, Location
from toolkit.render import font_union, system_fonts


def font_installed(family: str, style: str = "Regular") -> bool:
    """Whether fontconfig has ``family`` in ``style`` (not a fallback to another family)."""
    found = system_fonts.match(family, style)
    if found is None:
        return False
    wanted = family.casefold()
    return any(f.casefold() == wanted for f in found.families) and (
        style == "Regular" or any(style.casefold() in s.casefold() for s in found.styles)
    )


def harfbuzz_subset_available() -> bool:
    """Whether ``libharfbuzz-subset`` can be loaded (WeasyPrint and the font union subset with it)."""
    return font_union.subsetting_available()


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
