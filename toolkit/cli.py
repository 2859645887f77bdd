"""The ``compile`` command: a thin layer over the library (:mod:`toolkit.build`, :mod:`toolkit.check`, ...).

Each command parses its options, calls one library function, hands the result to the
:class:`~toolkit.console.Reporter` and returns the result's exit code (the group's
:func:`_exit_code` exits with it). The library raises a :class:`~toolkit.errors.ToolkitError`
for what stops a command, which :class:`_reported` prints and turns into its exit code: 1 (input),
2 (usage), 3 (machine) or 4 (output), never a traceback. A command imports its library
module when it runs (:func:`_library`), so that each command starts with only what it uses.
Only :func:`main` ends a command: with its exit code, 130 when interrupted, or 70 with a crash log
when the toolkit has a bug (the console script, :func:`run`, then ends the process with that code).
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, NoReturn

import click
from rich.console import Console

from toolkit.console import REPEATS, Listing, Reporter
from toolkit.diagnostics import KINDS, Selection, unknown_codes
from toolkit.errors import BUG, DONE, INTERRUPTED, ToolkitError, UsageProblem, stop_on_terminate, write_crash_log
from toolkit.messages import Language, phrase
from toolkit.project import Project

INTERNAL_ERROR = BUG
"""The exit code of a bug in the toolkit (its details are logged)."""


def _library(name: str) -> ModuleType:
    """The library module behind a command, imported when the command runs.

    The one place where the toolkit imports late, on purpose: a build needs WeasyPrint,
    matplotlib and python-docx, a check needs the document model and the readers, and
    ``compile --help`` or ``compile cases`` needs none of them. Importing each command's
    library here keeps every command's start-up to what it uses (``tests/test_startup.py``).
    """
    return importlib.import_module(name)


@dataclass
class _Session:
    """What :func:`main` needs to know of the command line when a command fails: the language chosen."""

    lang: Language = "zh"


def _chosen_language(ctx: click.Context, param: click.Parameter, value: Language) -> Language:
    """Remember ``--lang`` (``--lang en`` or ``--lang=en``, as click parsed it) for :func:`main`'s messages."""
    session = ctx.find_object(_Session)
    if session is not None:
        session.lang = value
    return value


_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder holding editions/ (default: the current folder).",
)
_lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    callback=_chosen_language,
    help="Language of messages.",
)


def _listing_options(command: Any) -> Any:
    """--only, --code, --path and --all: what the listing of problems shows (never what counts)."""
    options = [
        click.option(
            "--only",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="List only errors, warnings, notices or gaps (still to fill); repeatable. "
            "The exit code still counts every error.",
        ),
        click.option(
            "--code",
            "codes",
            multiple=True,
            metavar="CODE",
            help="List only this code, or codes starting with it (TB019, TB01, TB); repeatable.",
        ),
        click.option(
            "--path",
            "paths",
            multiple=True,
            metavar="PATH",
            help="List only problems in this file or folder, or matching this pattern "
            "(chapters/03-green.md, data/, 'cases/*'); relative to the edition folder; repeatable.",
        ),
        click.option(
            "--all",
            "show_all",
            is_flag=True,
            help="List every problem: without it a code repeated in one file is listed "
            f"{REPEATS} times, then counted in one line (--format json always lists all).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _listing(
    root: Path | None, year: str, kinds: tuple[str, ...], codes: tuple[str, ...], paths: tuple[str, ...], show_all: bool
) -> Listing:
    codes = tuple(c.strip() for code in codes for c in code.split(",") if c.strip())
    if unknown := unknown_codes(codes):
        raise click.BadParameter(
            f"no diagnostic code starts with {', '.join(unknown)} (see docs/diagnostics.md)", param_hint="--code"
        )
    selection = Selection(kinds, codes, paths, Project.at(root).edition_dir(year))  # type: ignore[arg-type]
    return Listing(selection, None if show_all else REPEATS, "--all")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Compile the China Industry and IT Sustainable Development Report (《中国工业和信息化可持续发展报告》)."""


@cli.result_callback()
def _exit_code(code: int | None) -> None:
    """A command returns its exit code (``None``: 0); click exits with it (:func:`main`, or click's own runner)."""
    if code:
        raise click.exceptions.Exit(code)


@cli.command()
@click.argument("year")
@_root_option
@_lang_option
@click.option(
    "--format",
    "fmt",
    default="all",
    show_default=True,
    metavar="pdf|docx|html|all",
    help="Which outputs to build, several joined by commas (pdf,docx); html: the web edition, build/YEAR/html/.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: build/YEAR, or output.directory in edition.toml).",
)
@click.option("--strict", is_flag=True, help="Warnings stop the build too.")
@click.option(
    "--draft",
    is_flag=True,
    help="Mark every page as a review draft (征求意见稿), with its round and date; write it as a round "
    "to build/YEAR/drafts/ROUND/ only (the final outputs stay).",
)
@click.option(
    "--draft-version",
    default=None,
    help="The draft's round (default: the round after those recorded in build/YEAR/drafts).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes laying out the PDF's parts at once (default: one per processor available, at most 8).",
)
@click.option(
    "--for",
    "media",
    type=click.Choice(["print", "screen"]),
    multiple=True,
    default=("print",),
    show_default=True,
    help="The PDF for print, and/or for reading on screen (NAME-屏幕阅读版.pdf: without the blank pages "
    "that open chapters on the right). Repeat for both.",
)
@_listing_options
def edition(
    year: str,
    root: Path | None,
    lang: Language,
    fmt: str,
    out: Path | None,
    strict: bool,
    draft: bool,
    draft_version: str | None,
    jobs: int | None,
    media: tuple[str, ...],
    **listing: Any,
) -> None:
    """Check edition YEAR and build its PDF and DOCX (a review draft with --draft).

    Problems are listed errors first; --only, --code and --path narrow the listing, not the
    build: any error still stops it (exit code 1).
    """
    reporter = Reporter(lang, listing=_listing(root, year, **listing))
    stop_on_terminate()  # `kill` leaves the last report and no temporary files, as Ctrl+C does
    with _reported(reporter, strict):
        build = _library("toolkit.build")
        options = build.BuildOptions(
            formats=build.parse_formats(fmt),
            strict=strict,
            out_dir=out,
            draft=build.draft_round(draft_version) if draft else None,
            jobs=jobs,
            media=tuple(dict.fromkeys(media)),
        )
        with reporter.progress() as stage:
            reporter.built(build.compile_edition(Project.at(root), year, options, stage))


@cli.command()
@click.argument("year")
@_root_option
@_lang_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Listing for people or for machines.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--fix", is_flag=True, help="Correct the typography that can be corrected safely, and say what changed.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder for the feedback letters (default: build/YEAR).",
)
@_listing_options
def check(
    year: str, root: Path | None, lang: Language, fmt: str, strict: bool, fix: bool, out: Path | None, **listing: Any
) -> int:
    """Check edition YEAR without building it; write feedback letters to submitters.

    Problems are listed errors first, then warnings, then notices, each by file and line; the
    summary counts all of them and the gaps still to fill. --only, --code and --path narrow the
    listing (text and JSON), never the exit code: it is 1 whenever there is an error.
    """
    reporter = Reporter(lang, listing=_listing(root, year, **listing))
    result = _library("toolkit.check").run_check(Project.at(root), year, fix=fix, out_dir=out, strict=strict)
    reporter.checked(result, as_json=fmt == "json")
    return result.exit_code


@cli.command()
@click.argument("year")
@_root_option
@_lang_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of the terminal.",
)
def text(year: str, root: Path | None, lang: Language, output: Path | None) -> int:
    """Print the text of edition YEAR in reading order (for proofreading and comparisons).

    The text of what could be read is printed even when some files have errors;
    the errors go to standard error and the exit code is 1.
    """
    reporter = Reporter(lang, Console(stderr=True, highlight=False, soft_wrap=True))
    with _reported(reporter, strict=False, builds=False):
        result = _library("toolkit.proofreading").proofreading_text(Project.at(root), year, output)
    if result.text is not None and output is None:
        click.echo(result.text, nl=False)
    reporter.text_problems(result)
    return result.exit_code


@cli.command("case-template")
@click.option("--edition", "year", default=None, help="Edition YEAR whose sections the template lists.")
@_root_option
@_lang_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the template (default: build/YEAR/案例征集模板-YEAR.docx).",
)
def case_template(year: str | None, root: Path | None, lang: Language, output: Path | None) -> None:
    """Write the DOCX case template that submitters fill in."""
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        path = _library("toolkit.submissions.commands").make_case_template(Project.at(root), year, output)
    reporter.outputs({"docx": path}, None)


@cli.command()
@click.argument("year")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_root_option
@_lang_option
def ingest(year: str, paths: tuple[Path, ...], root: Path | None, lang: Language) -> int:
    """Read filled case templates (DOCX) or Markdown cases into edition YEAR's cases/.

    The exit code is 1 when a file was rejected, 70 when the toolkit failed on one (logged;
    the other files are ingested all the same).
    """
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        report = _library("toolkit.submissions.commands").ingest_submissions(Project.at(root), year, list(paths))
    reporter.ingest(report)
    return report.exit_code


@cli.command()
@click.argument("year")
@_root_option
@_lang_option
def cases(year: str, root: Path | None, lang: Language) -> None:
    """List edition YEAR's submissions register, with counts by section, kind and SDG."""
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        register = _library("toolkit.submissions.register")  # the register alone: no model, no readers
        entries = register.load(Project.at(root).edition_dir(year))
    reporter.register(entries, register.summarise(entries))


@cli.command()
@click.argument("year")
@click.option("--against", default=None, help="A recorded draft round (default: the latest).")
@click.option("--against-edition", default=None, help="Another year's edition instead of a draft round.")
@_root_option
@_lang_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder; the redline goes to its diff/ (default: build/YEAR/diff).",
)
def diff(
    year: str, against: str | None, against_edition: str | None, root: Path | None, lang: Language, out: Path | None
) -> None:
    """Show what changed in edition YEAR since a draft round (or another edition): a redline PDF and HTML."""
    if against and against_edition:
        raise click.UsageError("--against and --against-edition exclude each other")
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False), reporter.console.status(reporter.word("comparing")):
        report = _library("toolkit.review.compare").compare(Project.at(root), year, against, against_edition, out)
    reporter.compared(report.diff)
    reporter.outputs(report.outputs, None)


def _four_digits(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.isdigit() or len(value) != 4:
        raise click.BadParameter("a four-digit year", param_hint="YEAR")
    return value


@cli.command("new")
@click.argument("year", callback=_four_digits)
@click.option("--from", "source", required=True, help="The edition to start from (a year under editions/).")
@_root_option
@_lang_option
def new_edition(year: str, source: str, root: Path | None, lang: Language) -> None:
    """Start edition YEAR from edition --from: structure and text carried over, new data and cases marked as wanted."""
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        reporter.new_edition(_library("toolkit.new_edition").start_edition(Project.at(root), year, source))


@cli.command()
@click.argument("year")
@click.argument("reviewed", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_root_option
@_lang_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="A table for people, JSON for programs, or CSV on standard output.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder; the CSV goes to its review/ (default: build/YEAR/review).",
)
@click.option(
    "--portal",
    "from_portal",
    is_flag=True,
    help="Also list the comments reviewers wrote on the web draft in the portal: one list by file and line.",
)
@click.option(
    "--round", "version", default=None, metavar="N", help="With --portal: the draft round (default: the latest)."
)
@click.option(
    "--database",
    default=None,
    metavar="URL",
    help="With --portal: the portal's database (default: DATABASE_URL, else ROOT/portal/portal.sqlite3).",
)
def comments(
    year: str,
    reviewed: Path | None,
    root: Path | None,
    lang: Language,
    fmt: str,
    out: Path | None,
    from_portal: bool,
    version: str | None,
    database: str | None,
) -> None:
    """List the comments and tracked changes of REVIEWED (a DOCX of edition YEAR) with their source file:line;
    with --portal, the web draft's comments beside them."""
    reporter = Reporter(lang, Console(stderr=True, highlight=False, soft_wrap=True) if fmt != "table" else None)
    with _reported(reporter, strict=False, builds=False):
        report = _comments_report(Project.at(root), year, reviewed, lang, out, fmt, (from_portal, version, database))
    if fmt == "table":
        reporter.remarks(report.remarks, report.csv)
    else:  # for another program, on standard output; the problems go to standard error
        trace = _library("toolkit.review.trace")
        click.echo(
            trace.remarks_json(report, lang) + "\n" if fmt == "json" else trace.remarks_csv(report.remarks, lang),
            nl=False,
        )
    reporter.diagnostics(report.diagnostics)


def _comments_report(
    project: Project,
    year: str,
    reviewed: Path | None,
    lang: Language,
    out: Path | None,
    fmt: str,
    portal: tuple[bool, str | None, str | None],
) -> Any:
    """``compile comments``: a reviewed DOCX's remarks; with ``--portal``, the web draft's comments beside them."""
    from_portal, version, database = portal
    if reviewed is None and not from_portal:
        raise UsageProblem(phrase("comments_what", lang), "--portal")
    if from_portal:
        return _library("toolkit.portal.review.commands").comments_with_portal(
            project, year, reviewed, lang, out, write_csv=fmt == "table", database=database, version=version
        )
    return _library("toolkit.review.trace").trace_comments(project, year, reviewed, lang, out, write_csv=fmt == "table")


@cli.command()
@click.argument("year")
@_root_option
@_lang_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on (0: a free port the system picks).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on. Only this machine can connect to 127.0.0.1; any other address lets "
    "others on the network read the unpublished report.",
)
@click.option("--draft", is_flag=True, help="Mark the pages as a review draft (征求意见稿), as on the PDF.")
def preview(year: str, root: Path | None, lang: Language, port: int, host: str, draft: bool) -> None:
    """Serve edition YEAR's web pages and update them on every save; Ctrl+C stops.

    The pages are made in memory (nothing is written); problems found by the checks show in
    the page and here.
    """
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        live = _library("toolkit.preview")
        live.run_preview(Project.at(root), year, live.PreviewOptions(host, port, draft, lang), reporter)
    reporter.preview_stopped()


@cli.group()
def portal() -> None:
    """The submission portal: associations upload cases and get their letter at once; editors review them."""


@portal.command("serve")
@click.argument("year")
@_root_option
@_lang_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on. Any other than this machine's own (127.0.0.1) must sit behind an HTTPS proxy.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8800, show_default=True, help="Port to serve on.")
@click.option(
    "--database",
    default=None,
    metavar="URL",
    help="postgresql://user@host/name (default: DATABASE_URL, else SQLite in ROOT/portal/portal.sqlite3).",
)
@click.option(
    "--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="gunicorn's web worker processes."
)
@click.option(
    "--checkers",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Task worker processes that check uploads.",
)
def portal_serve(
    year: str,
    root: Path | None,
    lang: Language,
    host: str,
    port: int,
    database: str | None,
    workers: int,
    checkers: int,
) -> None:
    """Serve the submission portal for edition YEAR (gunicorn and the checking worker); Ctrl+C stops all of it."""
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        serving = _library("toolkit.portal.serve")
        serving.serve(Project.at(root), year, serving.ServeOptions(host, port, database, workers, checkers), reporter)
    reporter.portal_stopped()


@portal.command("add-user")
@click.argument("year")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["submitter", "editor", "reviewer"]),
    required=True,
    help="submitter: an organisation's account; editor: the editorial office; reviewer: reads drafts.",
)
@click.option("--org", "organisation", default="", help="The organisation's full name (submitters).")
@click.option(
    "--kind",
    type=click.Choice(["部委", "地方", "协会", "企业", "其他"]),
    default=None,
    help="The organisation's kind (filled into its template).",
)
@click.option("--email", default="", help="Where the portal mails letters and reminders.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of printing a one-time invitation link.",
)
@click.option("--database", default=None, metavar="URL", help="As for serve.")
@_root_option
@_lang_option
def portal_add_user(
    year: str,
    username: str,
    role: str,
    organisation: str,
    kind: str | None,
    email: str,
    password_stdin: bool,
    database: str | None,
    root: Path | None,
    lang: Language,
) -> None:
    """Add USERNAME to edition YEAR's portal; without --password-stdin, print a link (valid 7 days) to set
    a password."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    reporter = Reporter(lang)
    with _reported(reporter, strict=False, builds=False):
        new = _library("toolkit.portal.serve").add_user(
            Project.at(root), year, username, role, organisation, kind or "", email, password, database
        )
    reporter.portal_user(new)


class _reported:
    """Prints a :class:`~toolkit.errors.ToolkitError` that stops a command and exits with its code.

    A :class:`~toolkit.errors.UsageProblem` becomes click's usage error of its option (exit code 2).
    Anything else is not the user's doing and goes on to :func:`main`.
    """

    def __init__(self, reporter: Reporter, strict: bool, builds: bool = True) -> None:
        self.reporter = reporter
        self.strict = strict
        self.builds = builds
        """Whether the command writes a report (then a failure says the last one is kept)."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if isinstance(error, UsageProblem):
            raise click.BadParameter(error.message, param_hint=error.option) from error
        if isinstance(error, ToolkitError):
            self.reporter.stopped(error, self.strict, self.builds)
            raise click.exceptions.Exit(error.exit_code) from error


def main() -> None:
    """Console entry point: runs the command and exits with its code; anything unexpected is logged, not
    dumped on the user. Its messages are in the language the command line chose (``--lang``)."""
    session = _Session()
    try:
        code = cli(standalone_mode=False, obj=session)
    except click.exceptions.Abort:
        click.echo(phrase("aborted", session.lang), err=True)
        sys.exit(INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(phrase("interrupted", session.lang), err=True)
        sys.exit(INTERRUPTED)
    except Exception as error:  # a bug in the toolkit: keep the details for the maintainers
        Reporter(session.lang).crashed(str(write_crash_log(error)))
        sys.exit(BUG)
    sys.exit(code if isinstance(code, int) else DONE)


def run() -> NoReturn:
    """The ``compile`` console script: :func:`main`, then the process ends without Python's teardown.

    On the way out Python frees every object one by one: after a build, hundreds of thousands (the
    model, the templates, the XML trees), 0.15–0.2 s, a tenth of a rebuild. The process ends as
    Python would end it otherwise: the threads still running are waited for, the exit handlers run
    (logging's, multiprocessing's removing the layout processes' socket folder), the output is
    flushed; then nothing is freed (the system takes the memory back at once). Tests call :func:`main`.
    """
    try:
        main()
        code = DONE
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else DONE if exited.code is None else BUG
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
