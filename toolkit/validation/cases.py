"""Checks on cases and images: lengths, the organisation register, duplicates, print resolution."""

from __future__ import annotations

import re

from toolkit.diagnostics import Location, suggestion
from toolkit.messages import Text
from toolkit.model import Asset, Case, Figure, FigureGroup, SourceRef
from toolkit.model.text import block_lines
from toolkit.validation.context import RuleContext

PRINT_DPI = 300
TEXT_WIDTH_MM = 170.0
MAX_HEIGHT_MM = 150.0
_SPACE = re.compile(r"\s+")


def _field(ctx: RuleContext, case: Case, key: str) -> Location:
    """The line of a front matter key of the case, with the field's name."""
    lines = ctx.lines(case.source.path)
    line = next((n for n, text in enumerate(lines, start=1) if re.match(rf"^{re.escape(key)}\s*:", text)), 1)
    return Location(ctx.edition_dir / case.source.path, line, field=key)


def case_text(ctx: RuleContext, case: Case) -> str:
    """The printed words of a case's body, without spaces."""
    words = "".join(line for block in case.blocks for line in block_lines(ctx.edition, block))
    return _SPACE.sub("", words)


def check_lengths(ctx: RuleContext) -> None:
    """Titles and texts within the edition's limits."""
    limits = ctx.edition.config.cases
    for case in ctx.edition.cases.values():
        if len(case.title) > limits.title_max:
            ctx.diagnostics.add(
                "CS008",
                _field(ctx, case, "title"),
                organisation=case.organisation,
                length=len(case.title),
                limit=limits.title_max,
            )
        length = len(case_text(ctx, case))
        if length and not limits.body_min <= length <= limits.body_max:
            short = length < limits.body_min
            advice = Text(
                "请补充做法、成效和数据。" if short else "请压缩到要点，细节可删去。",
                "Add what was done, its results and figures." if short else "Cut it down to the essentials.",
            )
            body_line = len(_front_matter(ctx, case)) + 1
            ctx.diagnostics.add(
                "CS009",
                Location(ctx.edition_dir / case.source.path, body_line, field="body"),
                organisation=case.organisation,
                length=length,
                minimum=limits.body_min,
                maximum=limits.body_max,
                advice=advice,
            )


def _front_matter(ctx: RuleContext, case: Case) -> list[str]:
    lines = ctx.lines(case.source.path)
    ends = [n for n, text in enumerate(lines) if text.strip() == "---"]
    return lines[: ends[1] + 1] if len(ends) > 1 else []


def check_register(ctx: RuleContext) -> None:
    """Organisations named as in the edition's register, with their kind."""
    register = ctx.edition.organisations
    if register is None:
        return
    for case in ctx.edition.cases.values():
        if case.organisation not in register:
            ctx.diagnostics.add(
                "CS010",
                _field(ctx, case, "organisation"),
                organisation=case.organisation,
                name=case.organisation,
                suggestion=suggestion(case.organisation, register),
            )
        elif register[case.organisation] != case.organisation_kind:
            ctx.diagnostics.add(
                "CS011",
                _field(ctx, case, "organisation_kind"),
                organisation=case.organisation,
                kind=case.organisation_kind,
                registered=register[case.organisation],
            )


def check_duplicates(ctx: RuleContext) -> None:
    """The same case sent twice (same title, or the same text)."""
    titles: dict[str, Case] = {}
    texts: dict[str, Case] = {}
    for case in ctx.edition.cases.values():
        title = _SPACE.sub("", case.title)
        text = case_text(ctx, case)
        if title in titles:
            ctx.diagnostics.add(
                "CS012",
                _field(ctx, case, "title"),
                organisation=case.organisation,
                other=titles[title].title,
                what="标题",
                what_en="title",
            )
        elif text and text in texts:
            ctx.diagnostics.add(
                "CS012",
                _field(ctx, case, "title"),
                organisation=case.organisation,
                other=texts[text].title,
                what="正文",
                what_en="text",
            )
        titles.setdefault(title, case)
        if text:
            texts.setdefault(text, case)


def check_consent_and_contact(ctx: RuleContext) -> None:
    """Consent to publish, and someone to ask."""
    for case in ctx.edition.cases.values():
        if not case.consent:
            ctx.diagnostics.add("CS013", _field(ctx, case, "consent"), organisation=case.organisation)
        if case.contact is None:
            ctx.diagnostics.add("CS014", _field(ctx, case, "contact"), organisation=case.organisation)


def check_print_resolution(ctx: RuleContext) -> None:
    """Images sharp enough for print at the size they are printed."""
    edition = ctx.edition
    for owner, block in [*((None, b) for _, b in edition.walk()), *((c, b) for c, b in edition.walk_cases())]:
        if isinstance(block, FigureGroup):
            for figure in block.figures:
                _check_image(ctx, figure.src, TEXT_WIDTH_MM / 2 - 2, figure, owner)
        elif isinstance(block, Figure) and block.number is None:
            _check_image(ctx, block.src, TEXT_WIDTH_MM, block, owner)
    for case in edition.cases.values():
        for photo in case.photos:
            asset = edition.assets.get(photo.src)
            if asset is not None:
                _report_dpi(
                    ctx, asset, TEXT_WIDTH_MM - 10, _named(ctx, case.source, photo.src, "photos"), case.organisation
                )


def _check_image(ctx: RuleContext, src: str | None, width_mm: float, figure: Figure, owner: Case | None) -> None:
    asset = ctx.edition.assets.get(src) if src else None
    if asset is not None:
        _report_dpi(ctx, asset, width_mm, _named(ctx, figure.source, asset.src), owner.organisation if owner else None)


def _named(ctx: RuleContext, source: SourceRef, src: str, field: str | None = None) -> Location:
    """Where an image is named: the line and column of its path, or else of its file name (a case
    photo is named relative to its case's folder), at or after the block's first line."""
    lines = ctx.lines(source.path)
    start = source.line or 1
    for needle in (src, src.rsplit("/", 1)[-1]):
        for number in range(start, len(lines) + 1):
            column = lines[number - 1].find(needle)
            if column >= 0:
                return Location(ctx.edition_dir / source.path, number, column + 1, field=field)
    return Location(ctx.edition_dir / source.path, start, 1, field=field)


def _report_dpi(ctx: RuleContext, asset: Asset, width_mm: float, where: Location, organisation: str | None) -> None:
    printed_mm = min(width_mm, MAX_HEIGHT_MM * asset.width / asset.height)
    dpi = asset.width / (printed_mm / 25.4)
    if dpi < PRINT_DPI - 0.5:
        ctx.diagnostics.add(
            "IM004",
            where,
            organisation=organisation,
            file=asset.src,
            width=round(printed_mm),
            dpi=round(dpi),
            pixels=round(printed_mm / 25.4 * PRINT_DPI),
        )


RULES = [check_lengths, check_register, check_duplicates, check_consent_and_contact, check_print_resolution]
