"""The structure of an edition: chapters, sections and cases holding blocks of every registered kind.

``Block`` is the union of the registered elements' model classes, tagged by ``kind``
(:data:`toolkit.model.elements.ELEMENTS`), so that a draft's snapshot reloads into the same
classes (``Edition.model_validate_json``). Element classes that hold blocks name ``Block``
before it exists; they are completed here, once it does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import Field

from toolkit.config import EditionConfig
from toolkit.model.base import Node, SourceRef, attribution
from toolkit.model.data import Asset, DataTable
from toolkit.model.domain import OrganisationKind
from toolkit.model.elements import ELEMENTS

_MODELS = tuple(element.model for element in ELEMENTS)
Block = Annotated[Union[_MODELS], Field(discriminator="kind")]  # type: ignore[valid-type]
"""Any block of a chapter, a section or a case: one of the registered elements."""
for _element in ELEMENTS:
    _element.model.model_rebuild()  # resolves ``Block`` in the classes that hold blocks


# --- cases ----------------------------------------------------------------------

class Photo(Node):
    """A photo of a case, with its caption and credit."""

    src: str
    """Path relative to the edition folder (``cases/<id>/photo.jpg``)."""
    caption: str
    credit: str | None = None


class CaseQuote(Node):
    """The optional quote of a case."""

    text: str
    speaker: str
    role: str | None = None
    organisation: str | None = None

    @property
    def attribution(self) -> str:
        """``——中联重科土方机械公司项目负责人 戴群亮``."""
        return attribution(self.speaker, self.role, self.organisation)


class Contact(Node):
    """Who to ask about a case; never printed."""

    name: str
    phone: str | None = None
    email: str | None = None


class Provenance(Node):
    """Where an ingested case came from."""

    file: str
    sha256: str
    received: dt.date
    template_version: str | None = None


class Case(Node):
    """A titled story submitted by one organisation (``cases/<id>/case.md``)."""

    id: str
    title: str
    organisation: str
    organisation_kind: OrganisationKind
    section: str | None = None
    """Id of the section the case was written for."""
    sdgs: list[int] = []
    """UN Sustainable Development Goals (1–17) the case serves."""
    blocks: list[Block]
    photos: list[Photo] = []
    quote: CaseQuote | None = None
    sources: str | None = None
    """Where the case's numbers come from."""
    contact: Contact | None = None
    consent: bool = False
    """The submitter confirmed the case may be published."""
    provenance: Provenance | None = None
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
        return f"征求意见稿（第 {self.version} 稿，{self.date.isoformat()}）"


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
