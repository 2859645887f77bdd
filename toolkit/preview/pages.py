"""What the preview adds to the site: its client script in every page, the problems as data, an error page.

The words are the catalogue's (:mod:`toolkit.messages`); text from the inputs (a diagnostic's
values) reaches a page only as an autoescaped template value or, in the overlay, as JSON that
the client script sets as ``textContent``: never as markup.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from toolkit.diagnostics import Diagnostic, Diagnostics
from toolkit.messages import Language, phrase
from toolkit.model import Edition
from toolkit.preview.session import Snapshot
from toolkit.render.web import page_for_source

RESERVED = "__preview__/"
"""The preview's own paths (its script, the problems, the reload events): never a page of the site."""
LISTED = 200
"""Problems the overlay lists at most (a workbook's 50,000 merged cells would only slow the page)."""
HERE = Path(__file__).resolve().parent

_LANG: dict[Language, str] = {"zh": "zh-CN", "en": "en"}
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_ENVIRONMENT = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(default=True))


def inject(page: bytes, generation: int) -> bytes:
    """``page`` with the preview's stylesheet and script at the end of its head (at its start if it has none)."""
    tags = (
        f'<link rel="stylesheet" href="/{RESERVED}client.css">'
        f'<script src="/{RESERVED}client.js" data-generation="{generation}" defer></script>'
    ).encode()
    found = _HEAD_END.search(page)
    if found is None:
        return tags + page
    return page[: found.start()] + tags + page[found.start() :]


def status(snapshot: Snapshot, lang: Language, edition_dir: Path) -> dict[str, Any]:
    """The overlay's data: the snapshot's generation and state, the summary line and the problems, errors first."""
    ranked = snapshot.diagnostics.sorted(by_severity=True)
    return {
        "generation": snapshot.generation,
        "state": snapshot.state,
        "counts": {
            "errors": len(snapshot.diagnostics.errors),
            "warnings": len(snapshot.diagnostics.warnings),
            "notices": len(snapshot.diagnostics.notices),
            "gaps": len(snapshot.diagnostics.gaps),
        },
        "summary": summary(snapshot.diagnostics, lang),
        "problems": [problem(d, lang, edition_dir, snapshot.edition) for d in ranked[:LISTED]],
        "more": max(len(ranked) - LISTED, 0),
        "more_text": phrase("preview_more", lang, count=max(len(ranked) - LISTED, 0)),
        "words": words(lang),
    }


def words(lang: Language) -> dict[str, str]:
    """The client script's words: it has none of its own."""
    return {
        "problems": phrase("preview_problems", lang),
        "show": phrase("preview_show", lang),
        "hide": phrase("preview_hide", lang),
        "source": phrase("preview_source", lang),
        "copied": phrase("preview_copied", lang),
        "hint": phrase("hint", lang),
    }


def summary(diagnostics: Diagnostics, lang: Language) -> str:
    """The console's summary line: how many errors, warnings and notes, and gaps still to fill."""
    if not diagnostics:
        return phrase("no_problems", lang)
    line = phrase(
        "summary",
        lang,
        errors=len(diagnostics.errors),
        warnings=len(diagnostics.warnings),
        notices=len(diagnostics.notices),
    )
    return line + (phrase("summary_gaps", lang, gaps=len(diagnostics.gaps)) if diagnostics.gaps else "")


def problem(
    diagnostic: Diagnostic, lang: Language, edition_dir: Path, edition: Edition | None = None
) -> dict[str, Any]:
    """One problem for the overlay, its file relative to the edition folder (as paragraphs' ``data-source``),
    and the page showing that file (``None`` without a site, or for a problem of the whole edition)."""
    location = diagnostic.location
    file = location.shown_path(edition_dir)
    return {
        "code": diagnostic.code,
        "severity": diagnostic.level.value,
        "label": diagnostic.level.label(lang),
        "where": location.display(lang, relative_to=edition_dir) if location.path else "",
        "file": file,
        "page": "/" + page_for_source(edition, file) if edition is not None and file else None,
        "line": location.line,
        "message": diagnostic.message(lang),
        "hint": diagnostic.hint(lang),
    }


def error_page(snapshot: Snapshot, lang: Language, edition_dir: Path) -> bytes:
    """The page shown at every address while the edition cannot be read (or the toolkit failed on it)."""
    problems = [problem(d, lang, edition_dir) for d in snapshot.diagnostics.sorted(by_severity=True)[:LISTED]]
    failed = snapshot.state == "failed"
    page = _ENVIRONMENT.get_template("page.html").render(
        lang=_LANG[lang],
        title=phrase("preview_failed_title" if failed else "preview_broken_title", lang),
        text=phrase("preview_broken_text", lang),
        summary=summary(snapshot.diagnostics, lang),
        problems=problems,
        hint=phrase("hint", lang),
    )
    return inject(page.encode("utf-8"), snapshot.generation)


def missing_page(lang: Language, generation: int) -> bytes:
    """A 404 that still reloads when the site changes (a chapter renamed, then named back)."""
    page = _ENVIRONMENT.get_template("page.html").render(
        lang=_LANG[lang], title=phrase("preview_missing", lang), home=phrase("preview_home", lang)
    )
    return inject(page.encode("utf-8"), generation)
