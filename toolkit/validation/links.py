"""Web addresses pasted with tracking parameters, in chapters and in cases.

An address copied from a social-media app or a newsletter carries who shared it and from where
(``?from=timeline&utm_source=wechat``, ``spm=…``): nothing a reader needs, and a long tail that
a printed page cannot break well. Each one is a notice to the editors (MD044), at its file, line
and column, with the address to print instead. Addresses are read from the Markdown as written,
ingested cases' backslash escapes (``utm\\_source``) undone, wherever they stand: in the text, a
link's target, an autolink or a directive's ``url:`` field (a QR code).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from toolkit.diagnostics import Location
from toolkit.validation.context import RuleContext
from toolkit.validation.sources import source_files

# An address up to a space, a bracket, a quote or a Chinese character; a backslash escaping ASCII
# punctuation (ingested text) belongs to it.
_ADDRESS = re.compile(r"https?://(?:\\[!-/:-@\[-`{-~]|[^\s<>()\[\]\"'\\\u2e80-\uffff])+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TRAILING = ".,;:!?"
TRACKING = re.compile(r"^(utm_\w+|from|spm)$", re.IGNORECASE)
"""Query parameters that say who shared an address and where from, not what it shows."""


def tracking_parameters(address: str) -> tuple[list[str], str]:
    """The tracking parameters of ``address`` in order, and the address without them."""
    parts = urlsplit(address)
    query = parse_qsl(parts.query, keep_blank_values=True)
    tracking = [key for key, _ in query if TRACKING.match(key)]
    kept = urlencode([(key, value) for key, value in query if not TRACKING.match(key)], safe="/:@,")
    return tracking, urlunsplit(parts._replace(query=kept))


def check_tracking_links(ctx: RuleContext) -> None:
    """A notice (MD044) for every address with tracking parameters in the edition's Markdown."""
    for relative in source_files(ctx):
        path = ctx.edition_dir / relative
        for number, line in enumerate(ctx.lines(relative), start=1):
            for match in _ADDRESS.finditer(line):
                address = _ESCAPE.sub(r"\1", match.group(0)).rstrip(_TRAILING)
                tracking, clean = tracking_parameters(address)
                if tracking:
                    ctx.diagnostics.add(
                        "MD044",
                        Location(path, number, match.start() + 1),
                        url=address,
                        params=", ".join(dict.fromkeys(tracking)),
                        clean=clean,
                    )


RULES = [check_tracking_links]
