"""The typed document model: what an edition *is*, independent of any file format.

Readers (:mod:`toolkit.readers`) turn an edition folder into an :class:`Edition`;
validation (:mod:`toolkit.validation`) checks it; renderers (:mod:`toolkit.render`)
turn it into PDF and DOCX and never look at input files. Everything a renderer
needs, image bytes included, is therefore held here.

Blocks are a tagged union on ``kind``. Adding an element type means one class
here, one reader rule (:mod:`toolkit.readers.directives`), one set of validation
rules, one Jinja template ``templates/pdf/blocks/<kind>.html`` and one DOCX
writer function (:mod:`toolkit.render.docx_blocks`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from toolkit.config import EditionConfig
from toolkit.model.domain import ORGANISATION_KINDS, SDG_NAMES, OrganisationKind


class Node(BaseModel):
    """Base of every model class: strict fields, no surprises."""

    model_config = ConfigDict(extra="forbid")


class SourceRef(Node):
    """Where a piece of the model came from: a path relative to the edition folder."""

    path: str
    line: int | None = None

    def label(self) -> str:
        """``chapters/01.md:12``."""
        return f"{self.path}:{self.line}" if self.line else self.path


# --- inline content -------------------------------------------------------------

class Span(Node):
    """A run of text with one set of character styles."""

    kind: Literal["span"] = "span"
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    """Target of a link; shown as text, never fetched."""


class LineBreak(Node):
    """A hard line break inside a paragraph (a line ending in a backslash)."""

    kind: Literal["break"] = "break"


class CellAddress(Node):
    """A cell of a data table: the table's id, the row's key (first column) and the column name."""

    table: str
    row: str
    column: str

    def label(self) -> str:
        """``[[table:row:column]]``, as an editor writes it."""
        return f"[[{self.table}:{self.row}:{self.column}]]"


class CellRef(Node):
    """A number in the text that comes from a data table; ``text`` is filled in on reading."""

    kind: Literal["cell"] = "cell"
    address: CellAddress
    text: str = ""
    """The value as printed, with the unit the value itself prints (``3.4%``); set on reading."""
    awaiting: bool = False
    """The cell's data has not come yet: ``text`` is the placeholder 待补充."""
    bold: bool = False
    italic: bool = False


Inline = Annotated[Union[Span, LineBreak, CellRef], Field(discriminator="kind")]


def plain_text(inlines: list[Span | LineBreak | CellRef]) -> str:
    """The text of some inline content, styles dropped."""
    return "".join("\n" if isinstance(i, LineBreak) else i.text for i in inlines)


def drop_prefix(inlines: list[Span | LineBreak | CellRef], count: int) -> list[Span | LineBreak | CellRef]:
    """Inline content without its first ``count`` characters (a run-in lead printed apart)."""
    rest: list[Span | LineBreak | CellRef] = []
    for item in inlines:
        if count > 0 and not isinstance(item, LineBreak):
            if len(item.text) <= count:
                count -= len(item.text)
                continue
            item = item.model_copy(update={"text": item.text[count:]})
            count = 0
        rest.append(item)
    return rest


# --- blocks ---------------------------------------------------------------------

CARRIED_MARK = 0.5
"""A paragraph at least this much the previous edition's text is marked in drafts."""


class Paragraph(Node):
    """A paragraph of body text."""

    kind: Literal["paragraph"] = "paragraph"
    inlines: list[Inline]
    carried: float = 0.0
    """Share of its text found word for word in the previous edition (set after reading)."""
    source: SourceRef

    @property
    def mostly_carried(self) -> bool:
        """Most of it is the previous edition's text: drafts mark it for the editors."""
        return self.carried >= CARRIED_MARK


class Heading(Node):
    """A heading inside a section (``###`` or ``####``)."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=3, le=4)
    inlines: list[Inline]
    id: str
    source: SourceRef


class ListBlock(Node):
    """A bulleted or numbered list; each item holds blocks."""

    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[list["Block"]]
    source: SourceRef


class TableRef(Node):
    """A data table placed in the text; its data lives in :attr:`Edition.tables`."""

    kind: Literal["table"] = "table"
    table_id: str
    caption: str | None = None
    """Overrides the table's own title."""
    id: str
    label: str | None = None
    """Its number when captions are numbered (``表 3``); set after reading."""
    source: SourceRef


class Figure(Node):
    """An image with a caption. ``src`` absent from :attr:`Edition.assets` renders as a placeholder."""

    kind: Literal["figure"] = "figure"
    id: str
    src: str | None = None
    title: str | None = None
    """A short name printed in bold before the caption (C919 大型民用客机)."""
    caption: str
    credit: str | None = None
    number: int | None = None
    """Position in a numbered figure group (1, 2, ...)."""
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


class FigureGroup(Node):
    """Several figures shown together and numbered 1, 2, ... with an optional shared caption."""

    kind: Literal["figures"] = "figures"
    id: str
    caption: str | None = None
    figures: list[Figure]
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


class Thanks(Node):
    """The preface's closing thanks and note on data sources, set apart from its prose."""

    kind: Literal["thanks"] = "thanks"
    blocks: list["Block"]
    source: SourceRef


class Epigraph(Node):
    """A policy quotation opening a chapter or section, with its source after a dash."""

    kind: Literal["epigraph"] = "epigraph"
    blocks: list["Block"]
    source_text: str
    """The quotation's source, printed after “——”."""
    source: SourceRef


def attribution(speaker: str, role: str | None, organisation: str | None) -> str:
    """How the report signs a quote: ``——{organisation}{role} {speaker}``."""
    who = f"{organisation or ''}{role or ''}"
    return f"——{who} {speaker}" if who else f"——{speaker}"


class Quote(Node):
    """Words of a named person, with role and organisation."""

    kind: Literal["quote"] = "quote"
    blocks: list["Block"]
    speaker: str
    role: str | None = None
    organisation: str | None = None
    source: SourceRef

    @property
    def attribution(self) -> str:
        """``——匈牙利外交与对外经济部部长 西亚尔托``."""
        return attribution(self.speaker, self.role, self.organisation)


class QuoteWall(Node):
    """Several short attributed quotes side by side."""

    kind: Literal["quote-wall"] = "quote-wall"
    id: str
    title: str | None = None
    quotes: list[Quote]
    source: SourceRef


class CaseBox(Node):
    """A case placed in the text; the case itself lives in :attr:`Edition.cases`."""

    kind: Literal["case"] = "case"
    case_id: str
    source: SourceRef


class Feature(Node):
    """A company feature: one organisation's lead text and several of its cases."""

    kind: Literal["feature"] = "feature"
    id: str
    title: str
    organisation: str
    blocks: list["Block"]
    """Lead text, figures and the feature's case boxes, in reading order."""
    source: SourceRef


class Pillar(Node):
    """One labelled pillar of a 专栏 box."""

    kind: Literal["pillar"] = "pillar"
    label: str
    blocks: list["Block"]
    source: SourceRef


class ColumnBox(Node):
    """A 专栏/专题 box: a title, an optional lead, and labelled pillars."""

    kind: Literal["column"] = "column"
    id: str
    label: Literal["专栏", "专题"] = "专栏"
    title: str
    blocks: list["Block"]
    """Lead text and pillars, in reading order."""
    source: SourceRef


class Callout(Node):
    """A big number with its unit and label, and optionally the period it refers to."""

    kind: Literal["callout"] = "callout"
    lead: str | None = None
    """Words printed before the number (工业互联网平台接入设备总量已超过)."""
    value: str
    """The number as printed (from the table when ``ref`` is set), without its unit."""
    ref: CellAddress | None = None
    unit: str | None = None
    """Printed once after the value: the editor's ``unit``, or the unit the value itself carries
    (``%`` of a percent column), never both."""
    awaiting: bool = False
    """The referenced cell's data has not come yet: ``value`` is the placeholder 待补充, printed without unit."""
    label: str | None = None
    period: str | None = None
    source: SourceRef


class CalloutGrid(Node):
    """Data callouts in a grid."""

    kind: Literal["callouts"] = "callouts"
    id: str
    title: str | None = None
    callouts: list[Callout]
    source: SourceRef


class Statistic(Node):
    """One dated fact in a highlight box."""

    kind: Literal["statistic"] = "statistic"
    blocks: list["Block"]
    source: SourceRef


ChartType = Literal["bar", "line", "barh"]


class Chart(Node):
    """A chart drawn from a data table: ``x`` along one axis, one series per ``y`` column."""

    kind: Literal["chart"] = "chart"
    id: str
    table_id: str
    chart_type: ChartType = "bar"
    x: str | None = None
    """Column of the categories; default: the table's first column."""
    y: list[str] = []
    """Columns drawn as series; default: every numeric column but ``x``."""
    title: str | None = None
    label: str | None = None
    """Its number when captions are numbered (``图 3``); set after reading."""
    source: SourceRef


class Phase(Node):
    """One phase of a timeline: a date range, a title and its entries."""

    kind: Literal["phase"] = "phase"
    period: str
    title: str
    blocks: list["Block"]
    source: SourceRef


class Timeline(Node):
    """Dated phases in order."""

    kind: Literal["timeline"] = "timeline"
    id: str
    title: str | None = None
    phases: list[Phase]
    source: SourceRef


class MediaPrompt(Node):
    """A QR code generated from a URL, with its call to action."""

    kind: Literal["media"] = "media"
    id: str
    url: str | None = None
    """Absent: a placeholder square is printed (and a warning given)."""
    prompt: str
    source: SourceRef


class Focus(Node):
    """An outlook's “聚焦……” item: a lead phrase and its text."""

    kind: Literal["focus"] = "focus"
    title: str
    """The lead phrase: printed in bold at the start of the first paragraph when that paragraph begins
    with it (as printed: 聚焦科技创新，全面推进……), else as a line of its own."""
    blocks: list["Block"]
    source: SourceRef

    @property
    def run_in(self) -> bool:
        """Whether the first paragraph begins with the title (the title is then printed inside it)."""
        first = self.blocks[0] if self.blocks else None
        return isinstance(first, Paragraph) and plain_text(first.inlines).startswith(self.title)


class Wanted(Node):
    """A gap the editors still have to fill (a case to collect, a figure to update), printed as a marked frame.

    ``compile new`` leaves one where the previous edition placed a case.
    """

    kind: Literal["wanted"] = "wanted"
    what: str
    """What is wanted: 案例, 图片, 数据 ..."""
    blocks: list["Block"] = []
    """What the editors know about it (the previous edition's case, whom to ask)."""
    source: SourceRef


Block = Annotated[
    Union[Paragraph, Heading, ListBlock, TableRef, Figure, FigureGroup, Thanks, Epigraph, Quote,
          QuoteWall, CaseBox, Feature, Pillar, ColumnBox, Callout, CalloutGrid, Statistic, Chart,
          Phase, Timeline, MediaPrompt, Focus, Wanted],
    Field(discriminator="kind")]
for _model in (ListBlock, Thanks, Epigraph, Quote, Feature, Pillar, ColumnBox, Phase, Focus, Wanted):
    _model.model_rebuild()


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


# --- data -----------------------------------------------------------------------

ColumnType = Literal["string", "integer", "number", "year", "percent"]


class Column(Node):
    """A column of a data table, as declared in its schema."""

    name: str
    type: ColumnType = "string"
    unit: str | None = None
    label: str | None = None
    """Heading printed in the report; defaults to ``name``."""
    decimals: int | None = None
    min: float | None = None
    """Smallest plausible value; smaller ones are reported."""
    max: float | None = None
    """Largest plausible value; larger ones are reported."""
    optional: bool = False
    """Empty cells are expected (otherwise each is reported as a missing value)."""

    @property
    def heading(self) -> str:
        """What the report prints above the column."""
        return self.label or self.name


class Cell(Node):
    """A typed value and the text the report prints for it."""

    value: float | int | str | None
    text: str
    awaiting: bool = False
    """The data has not come yet (the row is listed in the schema's ``awaiting``)."""


class SumCheck(Node):
    """A column that must equal the sum of other columns, row by row."""

    total: str
    parts: list[str]


class GrowthCheck(Node):
    """A growth-rate column that must follow from a level column, year on year (in %)."""

    level: str
    rate: str
    tolerance: float = 0.15
    """Allowed difference in percentage points (rounding, comparable prices)."""


class DataTable(Node):
    """A statistical table read from ``data/`` with its schema."""

    id: str
    title: str
    unit: str | None = None
    source_note: str | None = None
    columns: list[Column]
    rows: list[list[Cell]]
    row_numbers: list[int] = []
    """The spreadsheet row number of each row (header = 1), for locating problems."""
    sums: list[SumCheck] = []
    total_row: str | None = None
    """Name of a row that must equal the sum of the other rows, column by column."""
    growth: list[GrowthCheck] = []
    previous: str | None = None
    """Id of the same table in the previous edition, when it was renamed."""
    revised: list[str] = []
    """Rows whose values were revised since the previous edition (restatements)."""
    awaiting: list[str] = []
    """Rows whose data has not come yet."""
    lag: int = 1
    """How many years the latest row may trail the edition year."""
    year: int | None = None
    """The year a table that is not a yearly series describes."""
    source: SourceRef

    def row_number(self, index: int) -> int:
        """Spreadsheet row number of ``rows[index]``."""
        return self.row_numbers[index] if index < len(self.row_numbers) else index + 2


class Asset(Node):
    """An image's bytes, checked and measured by the reader."""

    src: str
    media_type: str
    data: bytes = Field(repr=False)
    width: int
    height: int
    dpi: float | None = None


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
