"""Reader for case submissions: ``cases/<id>/case.md`` becomes a :class:`Case`.

A case file is Markdown like a chapter; its front matter holds what the case
template asks a submitter for. Problems are attributed to the submitting
organisation, so that they reach it in its feedback letter.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Case, CaseQuote, Contact, OrganisationKind, Photo, Provenance, SourceRef
from toolkit.readers.common import read_text
from toolkit.readers.directives import ReadContext
from toolkit.readers.markdown import PARSER, BlockBuilder, FrontMatterCodes, read_front_matter
from toolkit.readers.memo import FileMemo, read_file

CASE_FILE = "case.md"
CASE_CODES = FrontMatterCodes(syntax="CS001", unknown="CS002", invalid="CS003", missing="CS004", absent="CS004")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class PhotoFields(_Strict):
    """One entry of ``photos``."""

    src: str = Field(min_length=1, examples=["photo-1.jpg"])
    """Image file, relative to the case folder."""
    caption: str = Field(min_length=1)
    """Caption printed under the photo."""
    credit: str | None = None
    """Photographer or source."""


class QuoteFields(_Strict):
    """The ``quote`` of a case."""

    text: str = Field(min_length=1)
    """The words quoted."""
    speaker: str = Field(min_length=1)
    """Who said them."""
    role: str | None = None
    """Their role."""
    organisation: str | None = None
    """Their organisation."""


class ContactFields(_Strict):
    """The ``contact`` of a case (never printed)."""

    name: str = Field(min_length=1)
    """Contact person."""
    phone: str | None = None
    """Telephone."""
    email: str | None = None
    """E-mail address."""


class ProvenanceFields(_Strict):
    """Where an ingested case came from (written by ``compile ingest``)."""

    file: str
    """The submitted file's name."""
    sha256: str
    """Its SHA-256: the same file ingested again changes nothing."""
    received: dt.date
    """The day it was ingested."""
    template_version: str | None = None
    """The case template's version the submitter used."""


class CaseFrontMatter(_Strict):
    """Front matter of ``case.md``: what the case template asks for."""

    title: str = Field(min_length=1)
    """The case's title."""
    organisation: str = Field(min_length=1)
    """The submitting organisation."""
    organisation_kind: OrganisationKind = Field(examples=["企业"])
    """部委, 地方, 协会, 企业 or 其他."""
    section: str | None = None
    """Id of the report section the case is for."""
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default=[], examples=["[9, 12]"])
    """UN Sustainable Development Goals served, 1–17."""
    photos: list[PhotoFields] = []
    """Photos with captions and credits."""
    quote: QuoteFields | None = None
    """An optional quote."""
    sources: str | None = None
    """Where the case's numbers come from."""
    contact: ContactFields | None = None
    """Who to ask about the case."""
    consent: bool = False
    """The submitter confirms the case may be published."""
    provenance: ProvenanceFields | None = None
    """Where the case came from, when it was ingested."""


CASE_FIELDS: dict[str, Text] = {
    "title": Text("案例标题", "title"), "organisation": Text("提交单位", "submitting organisation"),
    "organisation_kind": Text("单位类型", "kind of organisation"), "section": Text("所属章节", "section"),
    "sdgs": Text("可持续发展目标", "SDGs"), "photos": Text("照片", "photos"), "quote": Text("引语", "quote"),
    "sources": Text("数据来源", "data sources"), "contact": Text("联系人", "contact"),
    "consent": Text("同意发表", "consent to publish"), "body": Text("正文", "text"),
    # the parts of photos, quote and contact
    "src": Text("图片文件", "image file"), "caption": Text("图注", "caption"), "credit": Text("来源", "credit"),
    "text": Text("引语内容", "words"), "speaker": Text("讲话人", "speaker"), "role": Text("职务", "role"),
    "name": Text("姓名", "name"), "phone": Text("电话", "phone"), "email": Text("电子邮箱", "e-mail"),
    "provenance": Text("来源记录", "provenance"),
}
"""What the case template calls each field (the letters and messages use these names)."""

_ORGANISATION = re.compile(r"^organisation:\s*(.+?)\s*$", re.M)


def read_cases(edition_dir: Path, diagnostics: Diagnostics, memo: FileMemo | None = None) -> dict[str, Case]:
    """Every case under ``cases/``, keyed by its folder name (unchanged ones from ``memo``, if given)."""
    cases_dir = edition_dir / "cases"
    if not cases_dir.is_dir():
        return {}
    cases: dict[str, Case] = {}
    for folder in sorted(p for p in cases_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = folder / CASE_FILE
        if not path.is_file():
            diagnostics.add("CS005", Location(folder), folder=folder.relative_to(edition_dir).as_posix())
            continue
        case = read_file(read_case, path, edition_dir, diagnostics, memo)
        if case is not None:
            cases[case.id] = case
    return cases


def read_case(path: Path, edition_dir: Path, diagnostics: Diagnostics) -> Case | None:
    """Read one ``case.md``; its folder name is the case's id."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    named = _ORGANISATION.search(text)
    organisation = named.group(1).strip("\"'") if named else None
    front, body = read_front_matter(PARSER.parse(text), path, CaseFrontMatter, CASE_CODES, diagnostics,
                                    organisation, CASE_FIELDS)
    if front is None:
        return None
    folder = path.parent
    case_id = folder.name
    relative = path.relative_to(edition_dir).as_posix()
    ctx = ReadContext(chapter_id=f"case-{case_id}", path=path, relative=relative, diagnostics=diagnostics,
                      organisation=front.organisation)
    blocks = BlockBuilder(body, ctx, text.splitlines()).blocks(close=None)
    if not blocks:
        diagnostics.add("CS006", Location(path, field="body"), organisation=front.organisation)
    folder_rel = folder.relative_to(edition_dir).as_posix()
    photos = [Photo(src=f"{folder_rel}/{p.src}", caption=p.caption, credit=p.credit) for p in front.photos]
    quote = CaseQuote(**front.quote.model_dump()) if front.quote else None
    contact = Contact(**front.contact.model_dump()) if front.contact else None
    provenance = Provenance(**front.provenance.model_dump()) if front.provenance else None
    return Case(id=case_id, title=front.title, organisation=front.organisation,
                organisation_kind=front.organisation_kind, section=front.section, sdgs=front.sdgs,
                blocks=blocks, photos=photos, quote=quote, sources=front.sources, contact=contact,
                consent=front.consent, provenance=provenance, source=SourceRef(path=relative, line=1))
