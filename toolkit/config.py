"""The manifest schema: every setting of ``edition.toml``, typed and documented.

Each field's docstring is its documentation (``docs/manifest.md`` is generated
from it). Unknown keys are errors, so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Font names end up in CSS and OOXML: letters, digits, spaces and hyphens only.
_FONT_NAME = r"^[\w][\w \-]*$"


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class NumberStyle(_Settings):
    """How numbers are written throughout the edition."""

    grouping: Literal["none", "comma"] = "none"
    """``comma`` groups thousands (``5,000``, as in 2020); ``none`` does not (``5000``, as in 2021)."""
    captions: bool = False
    """Number the captions of tables (表 1, 表 2 ...) and of charts and figures (图 1 ...) through
    the report; in the DOCX they are Word caption fields (SEQ). The 2020 and 2021 reports did not."""


class ThemeConfig(_Settings):
    """The report's look."""

    body_font: str = Field(default="Noto Serif CJK SC", pattern=_FONT_NAME, examples=["Noto Serif CJK SC"])
    """Font family of body text; must be installed (``fc-list``) and have a bold weight."""
    heading_font: str = Field(default="Noto Sans CJK SC", pattern=_FONT_NAME, examples=["Noto Sans CJK SC"])
    """Font family of headings, captions and boxes."""
    accent: str = Field(default="#1f5f8b", pattern=r"^#[0-9a-fA-F]{6}$", examples=["#1f5f8b"])
    """Accent colour as ``#rrggbb``: headings, rules, box borders."""
    section_pages: Literal["two-part", "all", "none"] = Field(default="two-part", examples=["two-part"])
    """Which ``##`` sections open a new page, in the PDF and the DOCX: ``two-part`` those with a
    two-part title (``## 创新发展 | 提升要素效率``, as the 2020 and 2021 reports print them), ``all``
    every section, ``none`` no section (sections run on). A section that follows less than half a
    page of text runs on whatever this says, so that no page is left nearly empty."""


class TypographyConfig(_Settings):
    """Chinese typesetting checks (codes TY001–TY012)."""

    protected: list[str] = Field(default=[], examples=['["《中国制造2025》", "5G"]'])
    """Terms written exactly as given: checks never flag them and ``--fix`` never touches them."""
    skip: list[str] = Field(default=[], examples=['["TY012"]'])
    """Typography codes not to check in this edition."""


class CaseLimits(_Settings):
    """Length limits of submitted cases (in characters)."""

    title_max: int = Field(default=30, ge=5)
    """Longest case title."""
    body_min: int = Field(default=150, ge=0)
    """Shortest case text."""
    body_max: int = Field(default=600, ge=50)
    """Longest case text."""


class IndexConfig(_Settings):
    """Appendices built from the cases."""

    cases: bool = False
    """Append an index of the cases placed in the report, by organisation and by SDG."""
    title: str = "案例索引"
    """The appendix's title."""


class OutputConfig(_Settings):
    """Where and under which name the report is written."""

    name: str | None = None
    """File name without extension; default: title and year, e.g. ``中国工业和信息化可持续发展报告2021``."""
    directory: str | None = None
    """Output folder, relative to the project root; default ``build/<year>``."""
    docx_pages: Literal["libreoffice", "none"] = "libreoffice"
    """How the DOCX's contents, chapter openers and case index show their page numbers in programs
    that do not update fields (LibreOffice, WPS, previews; Word updates them on opening):
    ``libreoffice`` lays the DOCX out once with LibreOffice, when it is installed, and writes the
    numbers in (about 2 s more; without LibreOffice a notice says so and the contents list titles
    only); ``none`` writes titles only, for quicker builds."""


class OfficeConfig(_Settings):
    """The editorial office that answers submitters: named at the end of every feedback letter.

    An edition that sends letters (``compile ingest``) needs all four keys; ``compile new``
    carries them over from the previous edition. Empty values are the office's to fill in.
    """

    name: str = Field(default="", examples=["《中国工业和信息化可持续发展报告》编辑部"])
    """The office as submitters know it; signs the letters."""
    person: str = Field(default="", examples=["王编辑"])
    """Whom submitters ask about a letter."""
    email: str = Field(default="", pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["cases@example.org.cn"])
    """The office's e-mail address for questions and resubmissions."""
    phone: str = Field(default="", pattern=r"^$|^[0-9+()（）\-\s转]{5,40}$", examples=["010-12345678"])
    """The office's telephone, with the area code (an extension after 转)."""

    @property
    def missing(self) -> list[str]:
        """The keys a letter needs that are empty."""
        return [key for key in ("name", "person", "email", "phone") if not getattr(self, key).strip()]


class EditionConfig(_Settings):
    """The manifest ``edition.toml`` of one edition."""

    title: str = Field(min_length=1)
    """Report title without the year: ``中国工业和信息化可持续发展报告``."""
    subtitle: str = ""
    """Line printed under the title on the cover."""
    year: int = Field(ge=2000, le=2100, examples=[2022])
    """The edition's year; must match the folder name ``editions/<year>``."""
    edition_number: int = Field(ge=1, examples=[3])
    """1 for the first edition, 2 for the second ..."""
    language: Literal["zh-CN"] = "zh-CN"
    """Language of the text; sets ``lang`` in the PDF and ``w:lang`` in the DOCX."""
    publisher: str = Field(min_length=1)
    """Organisation that publishes the report (cover, metadata)."""
    author: str | None = None
    """Author in the PDF/DOCX metadata; default: the publisher."""
    date: dt.date | None = Field(default=None, examples=["2022-11-30"])
    """Publication date (cover, metadata). Fixing it makes builds reproducible; default: today."""
    previous_edition: str | None = None
    """Folder of the previous edition, relative to this one, for checks across editions;
    default: ``../<year - 1>`` when it exists."""
    chapters: list[str] = Field(min_length=1, examples=['["chapters/00-preface.md", "chapters/01-covid.md"]'])
    """Chapter files in reading order, relative to the edition folder."""
    numbers: NumberStyle = NumberStyle()
    """Number style of the edition."""
    theme: ThemeConfig = ThemeConfig()
    """Fonts and colours."""
    output: OutputConfig = OutputConfig()
    """Output names and folder."""
    typography: TypographyConfig = TypographyConfig()
    """Chinese typesetting checks."""
    cases: CaseLimits = CaseLimits()
    """Length limits of cases."""
    index: IndexConfig = IndexConfig()
    """The case index appendix."""
    office: OfficeConfig = OfficeConfig()
    """The editorial office named in feedback letters (required once the edition sends letters)."""

    @property
    def full_title(self) -> str:
        """Title followed by the year, as printed on the cover."""
        return f"{self.title}{self.year}"

    @property
    def output_name(self) -> str:
        """Base name of the PDF and DOCX files."""
        return self.output.name or self.full_title

    @property
    def office_name(self) -> str:
        """Who signs feedback letters and the portal's pages: the office, else the publisher answering for it."""
        return self.office.name or self.publisher

    @property
    def metadata_author(self) -> str:
        """The author recorded in document metadata."""
        return self.author or self.publisher
