"""The structure of an edition: chapters, sections and cases holding blocks of every registered kind.

Sections, chapters and cases hold ``Block`` s (:mod:`toolkit.model.block`): the union of the
registered elements, completed once the registry is (:mod:`toolkit.model.elements`), so that a
draft's snapshot reloads into the same classes (``Edition.model_validate_json``). This module
knows no element: the elements' checks and views name :class:`Edition`, and sit above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from toolkit.config import EditionConfig
from toolkit.messages import phrase
from toolkit.model.base import BrokenSpot, Node, SourceRef, attribution
from toolkit.model.block import Block
from toolkit.model.data import Asset, DataTable
from toolkit.model.domain import OrganisationKind

# --- cases ----------------------------------------------------------------------


class Photo(Node):
    """A photo of a case, with its caption and credit (an entry of the case's ``photos``)."""

    src: str = Field(min_length=1, examples=["photo-1.jpg"])
    """Image file: in ``case.md`` relative to the case folder, in the model relative to the edition
    folder (``cases/<id>/photo.jpg``)."""
    caption: str = Field(min_length=1)
    """Caption printed under the photo."""
    credit: str | None = None
    """Photographer or source."""


class CaseQuote(Node):
    """The optional quote of a case."""

    text: str = Field(min_length=1)
    """The words quoted."""
    speaker: str = Field(min_length=1)
    """Who said them."""
    role: str | None = None
    """Their role."""
    organisation: str | None = None
    """Their organisation."""

    @property
    def attribution(self) -> str:
        """``——中联重科土方机械公司项目负责人 戴群亮``."""
        return attribution(self.speaker, self.role, self.organisation)


class Contact(Node):
    """Who to ask about a case; never printed."""

    name: str = Field(min_length=1)
    """Contact person."""
    phone: str | None = None
    """Telephone."""
    email: str | None = None
    """E-mail address."""


class Provenance(Node):
    """Where an ingested case came from (written by ``compile ingest``)."""

    file: str
    """The submitted file's name."""
    sha256: str
    """Its SHA-256: the same file ingested again changes nothing."""
    received: dt.date
    """The day it was ingested."""
    template_version: str | None = None
    """The case template's version the submitter used."""


class CaseFields(Node):
    """What the case template asks a submitter for: the front matter of ``case.md``, field by field.

    The one definition of a case's fields: the reader validates the front matter with it, and
    :class:`Case` is these fields with the case's id, text and place.
    """

    title: str = Field(min_length=1)
    """The case's title."""
    organisation: str = Field(min_length=1)
    """The submitting organisation."""
    organisation_kind: OrganisationKind = Field(examples=["企业"])
    """部委, 地方, 协会, 企业 or 其他."""
    section: str | None = None
    """Id of the report section the case was written for."""
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default=[], examples=["[9, 12]"])
    """UN Sustainable Development Goals (1–17) the case serves."""
    photos: list[Photo] = []
    """Photos with captions and credits."""
    quote: CaseQuote | None = None
    """An optional quote."""
    sources: str | None = None
    """Where the case's numbers come from."""
    as_of: dt.date | None = Field(default=None, examples=["2022-09-30"])
    """The day the case's numbers describe (数据截至日期)."""
    contact: Contact | None = None
    """Who to ask about the case."""
    consent: bool = False
    """The submitter confirmed the case may be published."""
    provenance: Provenance | None = None
    """Where the case came from, when it was ingested."""


class Case(CaseFields):
    """A titled story submitted by one organisation (``cases/<id>/case.md``)."""

    id: str
    blocks: list[Block]
    source: SourceRef


# --- structure ------------------------------------------------------------------

ChapterKind = Literal["preface", "chapter", "outlook", "appendix"]


class Section(Node):
    """A ``##`` section of a chapter; ``## 创新发展 | 提升要素效率`` gives a slogan and a theme."""

    id: str
    title: str
    """The theme, printed large: 提升要素效率."""
    kicker: str | None = None
    """The slogan printed above the theme: 创新发展."""
    blocks: list[Block] = []
    source: SourceRef

    @property
    def full_title(self) -> str:
        """As listed in the contents: ``创新发展：提升要素效率``."""
        return f"{self.kicker}：{self.title}" if self.kicker else self.title


class Chapter(Node):
    """One chapter file: its intro (text before the first section) and its sections."""

    id: str
    title: str
    kind: ChapterKind = "chapter"
    tab: str
    """Short name for the running header and side tab."""
    opener: bool = True
    """Whether the chapter opens with a page listing its sections and their page numbers."""
    carried_from: int | None = None
    """The edition whose text the chapter still is, as its front matter says."""
    intro: list[Block] = []
    sections: list[Section] = []
    source: SourceRef


# --- the edition ----------------------------------------------------------------


class Submission(Node):
    """An entry of the submissions register, as far as the checks need it."""

    case: str
    """The case's id; empty for a file that could not be read."""
    status: str
    """received, needs-changes, accepted or withdrawn (set by the editors)."""


class Draft(Node):
    """A review draft's marking: printed on every page of both outputs (not part of the content)."""

    version: str | None = Field(default=None, pattern=r"^[\w.\-]{1,20}$")
    """The round: 1, 2, 2.1 ... (``None``: the round after those recorded, set by the build)."""
    date: dt.date

    @property
    def label(self) -> str:
        """征求意见稿（第 2 稿，2021-11-30）."""
        return phrase("draft_label", "zh", version=self.version, date=self.date.isoformat())


class Edition(Node):
    """A whole report: manifest, chapters in order, data tables and images."""

    config: EditionConfig
    chapters: list[Chapter]
    tables: dict[str, DataTable] = {}
    cases: dict[str, Case] = {}
    organisations: dict[str, str] | None = None
    """The register of submitting organisations (name → kind), if the edition keeps one."""
    submissions: list[Submission] = []
    """The entries of the submissions register (``submissions.toml``), if the edition keeps one."""
    assets: dict[str, Asset] = {}
    unreadable: list[str] = []
    """Ids of tables and cases whose files exist but could not be read (reported where they are),
    so that references to them are not reported a second time."""
    built: dt.date
    """The date printed in the report and its metadata."""

    def walk(self) -> Iterator[tuple[Chapter, Block]]:
        """Every block of the chapters in reading order, nested ones included, with its chapter.

        Blocks inside cases are not included: see :meth:`walk_cases`.
        """
        for chapter in self.chapters:
            for block in chapter.intro:
                yield from ((chapter, b) for b in walk_blocks(block))
            for section in chapter.sections:
                for block in section.blocks:
                    yield from ((chapter, b) for b in walk_blocks(block))

    def walk_cases(self) -> Iterator[tuple[Case, Block]]:
        """Every block of every case, nested ones included, with its case."""
        for case in self.cases.values():
            for block in case.blocks:
                yield from ((case, b) for b in walk_blocks(block))

    def broken_spots(self) -> Iterator[tuple[str, BrokenSpot]]:
        """Every broken spot the model carries (printed as written, marked), with the file it is in."""
        for _, block in [*self.walk(), *self.walk_cases()]:
            path = getattr(getattr(block, "source", None), "path", "")
            for item in [*getattr(block, "inlines", []), block]:
                spot = getattr(item, "broken", None)
                if isinstance(spot, BrokenSpot):
                    yield path, spot


def walk_blocks(block: Node) -> Iterator[Node]:
    """A block and, depth first, every block nested in its fields (list items, box bodies)."""
    yield block
    for name in type(block).model_fields:
        value = getattr(block, name)
        if isinstance(value, list):
            for item in value:
                children = item if isinstance(item, list) else [item]
                for child in children:
                    if isinstance(child, Node) and hasattr(child, "source") and hasattr(child, "kind"):
                        yield from walk_blocks(child)
