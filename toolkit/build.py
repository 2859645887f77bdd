"""The compile pipeline: read → validate → render → write, with explicit seams.

Each stage is a plain function that a test, the benchmark or a future command
can call on its own:

1. :func:`toolkit.check.check_edition` reads the folder into the model and validates it;
2. :class:`toolkit.render.book.Binder` makes the PDF from parts laid out by
   :mod:`toolkit.render.parts` (HTML from :mod:`toolkit.render.html`), in layout processes
   (:mod:`toolkit.render.workers`) while the DOCX is made, cached in ``<output>/.cache``, and
   bound by :mod:`toolkit.render.binding` in a process of its own;
3. :func:`toolkit.render.docx.render_docx` makes the DOCX (its unchanged chapters, or the whole
   document, kept in the same cache: :mod:`toolkit.render.docx_parts`), and
   :func:`toolkit.render.web.render_site` the web edition, indexed by Pagefind meanwhile;
4. :class:`toolkit.atomic.OutputBatch` puts both in place together: in ``<output>/``, or for a
   review draft in its round's folder ``<output>/drafts/<version>/`` (the final report stays).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from toolkit.atomic import OutputBatch
from toolkit.check import (
    CheckResult,
    check_edition,
    fix_edition,
    not_in_the_pages,
    previous_edition,
    run_check,
    write_feedback,
)
from toolkit.diagnostics import Diagnostics, Location
from toolkit.drafts import Round, add_record, marking, next_version, round_dir
from toolkit.environment import check_environment
from toolkit.errors import EnvironmentProblems, InputProblems, OutputError, UsageProblem
from toolkit.model import Draft, Edition
from toolkit.project import Project
from toolkit.render import docx_pages
from toolkit.render.blobs import BlobCache
from toolkit.render.book import Binder, PartCache
from toolkit.render.charts import keep_drawings
from toolkit.render.docx_parts import document_key
from toolkit.render.screen import SCREEN_SUFFIX
from toolkit.render.web import render_site
from toolkit.render.web_site import write_site
from toolkit.render.workers import InProcess, Layouts, start

__all__ = [
    "ALL_FORMATS",
    "BuildOptions",
    "BuildResult",
    "CheckResult",
    "check_edition",
    "compile_edition",
    "draft_round",
    "parse_formats",
    "fix_edition",
    "marking",
    "previous_edition",
    "run_check",
    "write_feedback",
]

Format = Literal["pdf", "docx", "html"]
CACHE_FOLDER = ".cache"
"""The output folder's cache: laid-out parts, union fonts, drawn charts (kept between builds)."""
Medium = Literal["print", "screen"]
Stage = Callable[[str], None]


ALL_FORMATS: tuple[Format, ...] = ("pdf", "docx", "html")
"""``--format``'s choices and the outputs each builds."""


def parse_formats(text: str) -> tuple[Format, ...]:
    """The outputs ``--format`` asks for: ``pdf``, ``docx``, ``html``, ``all``, or several joined by commas
    (``pdf,docx``), in the build's order; anything else is a :class:`UsageProblem`."""
    asked = {name.strip() for name in text.split(",") if name.strip()}
    if not asked or not asked <= {*ALL_FORMATS, "all"}:
        raise UsageProblem("pdf, docx, html or all, or several joined by commas (pdf,docx)", "--format")
    return ALL_FORMATS if "all" in asked else tuple(kind for kind in ALL_FORMATS if kind in asked)


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do: ``compile edition``'s options, with its defaults, for every caller.

    The command builds one from its options (:func:`parse_formats`, :func:`draft_round`); a library caller or a
    test gives only what it wants otherwise (``BuildOptions(formats=("docx",), jobs=1)``).
    """

    formats: tuple[Format, ...] = ALL_FORMATS
    """The outputs: the PDF, the DOCX and the web edition (``build/YEAR/html/``)."""
    strict: bool = False
    """Warnings stop the build too."""
    out_dir: Path | None = None
    """The output folder (default: ``build/YEAR``, or ``output.directory`` in ``edition.toml``)."""
    draft: Draft | None = None
    """Mark the outputs as a review draft (征求意见稿, its round and date on every page) and write
    them as a round under ``<output>/drafts/<version>/``, leaving the final outputs alone."""
    jobs: int | None = None
    """Processes laying out the PDF's parts at once; ``None``: one per processor available (at most 8);
    1 lays out in this process."""
    media: tuple[Medium, ...] = ("print",)
    """The PDFs to write: for print (``<name>.pdf``, chapters opening on right-hand pages), for reading
    on screen (``<name>-屏幕阅读版.pdf``, without the blank pages: :mod:`toolkit.render.screen`)."""


def draft_round(version: str | None = None) -> Draft:
    """The marking of a review draft built now (``--draft``), of round ``version`` (default: the next);
    a version the model refuses is a :class:`UsageProblem` of ``--draft-version``."""
    try:
        return marking(version)
    except ValidationError as exc:  # the pattern is Draft.version's, in the model
        raise UsageProblem("letters, digits, dots and hyphens only", "--draft-version") from exc


@dataclass
class BuildResult:
    """What a build produced and what it found on the way."""

    edition: Edition
    diagnostics: Diagnostics
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    letters: list[Path] = field(default_factory=list)
    round: Round | None = None
    """The review round recorded, for a draft."""
    parts_html: list[str] = field(default_factory=list)
    """The HTML of each part of the PDF, as WeasyPrint laid it out."""


def compile_edition(
    project: Project,
    year: str,
    options: BuildOptions = BuildOptions(),
    stage: Stage = lambda name: None,
    layouts: Layouts | None = None,
) -> BuildResult:
    """Build the outputs of edition ``year`` that ``options`` ask for (``compile edition``).

    The layout processes are started first thing, as ``options.jobs`` says, so that they load WeasyPrint
    while the edition is read and checked, and stopped at the end; ``layouts`` started by the caller (a
    test reusing a pool) are used instead, and stopped too.
    Raises :class:`InputProblems` (nothing written) when the edition has errors,
    :class:`EnvironmentProblems` when fonts are missing, :class:`OutputError`
    when the outputs cannot be written (the previous ones stay in place).
    """
    if layouts is None:
        layouts = start(options.jobs, project.templates) if "pdf" in options.formats else InProcess()
    try:
        result = _compile(project, year, options, stage, layouts)
    except BrokenProcessPool as exc:  # killed (out of memory?) or crashed: say so, never hang
        layouts.close(cancel=True)
        machine = Diagnostics()
        machine.add("EN003", Location())
        raise EnvironmentProblems(machine) from exc
    except BaseException:
        layouts.close(cancel=True)
        raise
    layouts.close()
    return result


def _compile(project: Project, year: str, options: BuildOptions, stage: Stage, layouts: Layouts) -> BuildResult:
    started = time.perf_counter()
    diagnostics = Diagnostics()
    stage("read")
    edition = check_edition(project, year, diagnostics)
    timings = {"read+validate": time.perf_counter() - started}
    letters = write_feedback(project, year, edition, diagnostics, options.out_dir)
    # A draft prints a broken reference or directive as written, marked where it is; a final build stops at it.
    stopping = (
        not_in_the_pages(edition, project.edition_dir(year), diagnostics)
        if edition is not None and options.draft is not None
        else diagnostics
    )
    if edition is None or stopping.has_errors(options.strict):
        raise InputProblems(diagnostics, letters)
    _check_machine(edition, options, diagnostics)

    result = BuildResult(edition=edition, diagnostics=diagnostics, timings=timings, letters=letters)
    out_dir = project.output_dir(edition.config, options.out_dir)
    draft = options.draft
    if draft is not None and draft.version is None:
        draft = draft.model_copy(update={"version": next_version(out_dir)})
    target = round_dir(out_dir, draft.version) if draft is not None and draft.version else out_dir
    name = edition.config.output_name
    try:
        with OutputBatch(target) as batch:
            _render(project, year, edition, options, draft, batch, out_dir, result, stage, layouts)
            if draft is not None:
                result.round = add_record(batch, edition, draft, _output_names(name, options))
            stage("write")
            for path in batch.commit():
                if path.name == _screen_name(name):
                    result.outputs["screen"] = path
                elif path.suffix in (".pdf", ".docx"):
                    result.outputs[path.suffix.lstrip(".")] = path
                elif path.name == "html":
                    result.outputs["html"] = path
    except OSError as exc:
        raise OutputError.writing(target, exc) from exc
    timings["total"] = time.perf_counter() - started
    return result


def _output_name(name: str, kind: Format) -> str:
    """The name of an output in its folder: ``<name>.pdf``, ``<name>.docx``, the web edition's ``html``."""
    return "html" if kind == "html" else f"{name}.{kind}"


def _screen_name(name: str) -> str:
    """The name of the PDF for reading on screen."""
    return f"{name}{SCREEN_SUFFIX}.pdf"


def _output_names(name: str, options: BuildOptions) -> list[str]:
    """The names of the outputs the build writes."""
    names = [_output_name(name, kind) for kind in options.formats if kind != "pdf" or "print" in options.media]
    return names + ([_screen_name(name)] if "pdf" in options.formats and "screen" in options.media else [])


def _check_machine(edition: Edition, options: BuildOptions, diagnostics: Diagnostics) -> None:
    """Fonts and HarfBuzz before any layout: errors stop the build, warnings join the others."""
    machine = Diagnostics()
    if "pdf" in options.formats:
        check_environment(edition.config.theme, machine)
    if machine.errors:
        raise EnvironmentProblems(machine)
    diagnostics.extend(machine)


def _render(
    project: Project,
    year: str,
    edition: Edition,
    options: BuildOptions,
    draft: Draft | None,
    batch: OutputBatch,
    out_dir: Path,
    result: BuildResult,
    stage: Stage,
    layouts: Layouts,
) -> None:
    """Write the PDF, the DOCX and the web edition into ``batch``.

    With layout processes, the DOCX and the web edition are made while they lay out the chapters; a thread of this
    process waits for the chapters meanwhile, sends off the front, the index and the folios
    as soon as the chapters are done, and the parts to the binder when those are. Pagefind indexes
    the web edition (in a process of its own) while this process writes the DOCX.
    """
    name = edition.config.output_name
    began = time.perf_counter()
    keep_drawings(out_dir / CACHE_FOLDER)  # a chart whose data did not change is not drawn again
    binder: Binder | None = None
    placing: _Meanwhile | None = None
    if "pdf" in options.formats:
        stage("pdf")
        binder = Binder(
            edition, project.templates, project.edition_dir(year), draft, PartCache(out_dir / CACHE_FOLDER), layouts
        )
        binder.start()
        if layouts.processes > 1:
            placing = _Meanwhile(
                lambda: binder.send(options.media)
            )  # placed and sent off to be bound as soon as the chapters are laid out
        else:
            binder.place()
    others = 0.0  # time spent on the other outputs meanwhile: not the PDF's
    if "html" in options.formats:
        stage("html")
        html_began = time.perf_counter()
        _web_edition(project, edition, draft, batch, BlobCache(out_dir / CACHE_FOLDER))
        others = result.timings["html"] = time.perf_counter() - html_began
    if "docx" in options.formats:
        stage("docx")
        docx_began = time.perf_counter()
        reason = _docx(project, edition, draft, batch.temporary(f"{name}.docx"), BlobCache(out_dir / CACHE_FOLDER))
        if reason is not None:  # the page numbers: LibreOffice is not installed (MF020), or it failed (MF021)
            where = Location(project.edition_dir(year) / "edition.toml")
            if reason:
                result.diagnostics.add("MF021", where, reason=reason)
            else:
                result.diagnostics.add("MF020", where)
        result.timings["docx"] = time.perf_counter() - docx_began
        others += result.timings["docx"]
    if binder is not None:
        stage("pdf")
        if placing is not None:
            placing.wait()
        book = binder.finish(options.media)
        if "print" in options.media:
            batch.temporary(f"{name}.pdf").write_bytes(book.data)
        if book.screen is not None:
            batch.temporary(_screen_name(name)).write_bytes(book.screen)
        result.pages = book.pages if "print" in options.media else book.screen_pages
        result.parts_html = book.parts_html
        result.timings["pdf"] = time.perf_counter() - began - others
    PartCache(out_dir / CACHE_FOLDER).prune()


def _docx(project: Project, edition: Edition, draft: Draft | None, target: Path, kept: BlobCache) -> str | None:
    """The DOCX: as kept when nothing it shows changed, else written (its unchanged chapters put back).

    Returns why its page numbers could not be filled in, if so (:func:`toolkit.render.docx.render_docx`).
    Only a document whose numbers came out as asked is kept: after a failure of LibreOffice (or once it is
    installed) the next build tries again."""
    layout = "libreoffice" if docx_pages.program_for(edition) else "none"
    key = f"docx-document-{document_key(edition, draft, project.templates)}-{layout}"
    try:
        target.write_bytes(kept[key])
        return docx_pages.missing_reason(edition)
    except KeyError:  # not kept: written now
        pass
    from toolkit.render import docx as docx_renderer  # python-docx: only when a DOCX is written

    buffer = io.BytesIO()
    reason = docx_renderer.render_docx(edition, project.templates, buffer, draft, kept)
    target.write_bytes(buffer.getvalue())
    if not reason:
        kept[key] = buffer.getvalue()
    return reason


def _web_edition(project: Project, edition: Edition, draft: Draft | None, batch: OutputBatch, kept: BlobCache) -> None:
    """The web edition and its search index, into the batch's folder ``html``: the pages whose inputs did not
    change as rendered before, and each page's share of the index kept, both in the build's cache."""
    site = render_site(edition, project.templates, draft=draft, kept=kept)
    write_site(site, batch.temporary_folder("html"), kept.folder / "search" if kept.folder else None)


class _Meanwhile:
    """``work()`` in a thread of its own while this one does something else; its error comes back on :meth:`wait`.

    A daemon thread: a build that stops (Ctrl-C, an error) does not wait for it.
    """

    def __init__(self, work: Callable[[], None], name: str = "place the chapters") -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self._error = error

    def wait(self) -> None:
        """Wait for the work to end; raise what it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
