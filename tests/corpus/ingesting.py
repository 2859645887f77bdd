"""Running other projects' Word documents through ``compile ingest``, and judging what it did.

Shared by ``tests/test_corpus_docx.py`` (a small sample kept in ``tests/corpus/docx``)
and ``bench/corpus_ingest.py`` (a whole folder, such as the shared corpus of
476 files). The judgement is the toolkit's promise for any file: exit 0 or 1,
the file named, no traceback, never exit 70, the inputs unchanged, the
register consistent with the case folders, bounded time and output.

Most of those documents do not hold the case form, so ingestion stops early
(SB007). :func:`graft` puts a filled form into such a document (its text,
tables and pictures around it, its first picture pasted into the photo field)
so that the whole reading path meets what other programs write.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from tests.support.peak import run_measured
from toolkit.cli import cli
from toolkit.submissions import register

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
_CODE = re.compile(r"\b((?:SB|CS|IM|MD|TY|NR|ED|MF)\d{3})\b")
MAX_SECONDS = 30.0
MAX_PEAK_MIB = 600
"""Peak memory one file may cost, when measured (issue 21)."""
MAX_LINES = 120
"""Lines of output one file may cause: a long document around the form is a few stretches, not thousands."""


@dataclass
class Run:
    """One ``compile ingest`` and what it printed."""

    files: list[Path]
    exit_code: int
    output: str
    seconds: float
    error: str = ""
    """An exception that escaped the command (a crash: exit 70 for a user)."""
    codes: list[str] = field(default_factory=list)
    peak_mib: float = 0.0
    """Peak resident memory of the command's process (measured when it ran as its own process)."""

    @property
    def outcome(self) -> str:
        """added, rejected ... as printed for the first file; crash when the command itself failed."""
        if self.error:
            return "crash"
        for word, outcome in (
            ("新增", "added"),
            ("更新", "updated"),
            ("未变", "unchanged"),
            ("退回", "rejected"),
            ("出错", "failed"),
        ):
            if re.search(rf"^\s*{word} ", self.output, re.M):
                return outcome
        return "none"


def digest(paths: list[Path]) -> dict[Path, str]:
    """SHA-256 of each file, to prove ingestion never changed an input."""
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def ingest(root: Path, year: str, files: list[Path]) -> Run:
    """``compile ingest YEAR FILES --root ROOT`` as a user runs it (in this process)."""
    began = time.perf_counter()
    result = CliRunner().invoke(cli, ["ingest", year, *map(str, files), "--root", str(root)])
    seconds = time.perf_counter() - began
    error = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = f"{type(result.exception).__name__}: {result.exception}"
    return Run(files, result.exit_code, result.output, seconds, error, _CODE.findall(result.output))


def ingest_process(root: Path, year: str, files: list[Path], timeout: float = 300.0) -> Run:
    """``compile ingest YEAR FILES --root ROOT`` as its own process, with its peak memory."""
    command = [sys.executable, "-m", "toolkit.cli", "ingest", year, *map(str, files), "--root", str(root)]
    measured = run_measured(command, cwd=root, timeout=timeout)
    error = "" if measured.returncode in (0, 1) else f"exit {measured.returncode}"
    return Run(
        files,
        measured.returncode,
        measured.output,
        measured.seconds,
        error,
        _CODE.findall(measured.output),
        measured.peak_mib,
    )


def problems(run: Run, before: dict[Path, str], edition_dir: Path) -> list[str]:
    """Every way the run broke the toolkit's promises (empty: it kept them all)."""
    found: list[str] = []
    if run.error or run.exit_code not in (0, 1):
        found.append(f"exit {run.exit_code} {run.error}")
    if "Traceback" in run.output:
        found.append("a traceback was printed")
    found += [f"{p.name} not named" for p in run.files if p.name not in run.output]
    found += [f"{p.name} was changed" for p, sha in before.items() if digest([p])[p] != sha]
    found += register_problems(edition_dir)
    if run.seconds > MAX_SECONDS:
        found.append(f"took {run.seconds:.1f} s")
    if run.peak_mib > MAX_PEAK_MIB:
        found.append(f"peak memory {run.peak_mib:.0f} MiB")
    lines = run.output.count("\n")
    if lines > MAX_LINES * len(run.files):
        found.append(f"printed {lines} lines")
    return found


def register_problems(edition_dir: Path) -> list[str]:
    """The register and ``cases/`` disagree, or a half-written folder was left behind."""
    cases = edition_dir / "cases"
    folders = {p.name for p in cases.iterdir() if p.is_dir()} if cases.is_dir() else set()
    registered = {e.case for e in register.load(edition_dir) if e.case}
    found = [
        f"case folder {name} is not in the register"
        for name in sorted(folders - registered)
        if not name.startswith(".") and "provenance:" in _case_text(cases / name)
    ]
    found += [
        f"register names {name} but cases/{name}/case.md is missing"
        for name in sorted(registered)
        if not (cases / name / "case.md").is_file()
    ]
    found += [f"left behind: cases/{name}" for name in sorted(folders) if name.startswith(".")]
    return found


def _case_text(folder: Path) -> str:
    path = folder / "case.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


# --- a filled form inside someone else's document ---------------------------------------------------


def graft(document: Path, filled_form: Path, target: Path) -> Path | None:
    """``document`` with the form of ``filled_form`` inserted at the start of its body, or None.

    The document's first picture (if any) is pasted into the first photo field. None when the
    document is not a readable transitional DOCX (those are judged as they are).
    """
    try:
        with zipfile.ZipFile(document) as source:
            main = _main_part(source)
            if main is None:
                return None
            root = etree.fromstring(source.read(main), etree.XMLParser(resolve_entities=False, no_network=True))
            body = root.find(f"{{{W}}}body")
            if body is None:
                return None
            form = _form_table(filled_form)
            _paste_first_picture(root, form)
            body.insert(0, form)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
                for item in source.infolist():
                    data = (
                        etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if item.filename == main
                        else source.read(item.filename)
                    )
                    written.writestr(item, data)
    except (
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        KeyError,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ):
        return None  # damaged in a way the toolkit meets on its own
    target.write_bytes(out.getvalue())
    return target


def _main_part(source: zipfile.ZipFile) -> str | None:
    names = set(source.namelist())
    if "_rels/.rels" in names:
        rels = source.read("_rels/.rels").decode("utf-8", "replace")
        for match in re.finditer(r"<Relationship\b[^>]*>", rels):
            tag = match.group(0)
            target = re.search(r'Target="([^"]+)"', tag)
            if "relationships/officeDocument" in tag and target and target.group(1).lstrip("/") in names:
                return target.group(1).lstrip("/")
    return "word/document.xml" if "word/document.xml" in names else None


def _form_table(filled_form: Path) -> etree._Element:
    with zipfile.ZipFile(filled_form) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return copy.deepcopy(next(t for t in root.iter(f"{{{W}}}tbl") if "案例标题" in "".join(t.itertext())))


def _paste_first_picture(root: etree._Element, form: etree._Element) -> None:
    pictures = (
        e
        for e in root.iter(f"{{{W}}}drawing", f"{{{W}}}pict", f"{{{W}}}object")
        if any(True for _ in e.iter(f"{{{A}}}blip", f"{{{V}}}imagedata"))
    )
    drawing = next(pictures, None)
    if drawing is None:
        return
    for row in form.iter(f"{{{W}}}tr"):
        cells = row.findall(f"{{{W}}}tc")
        if len(cells) == 2 and "".join(cells[0].itertext()).strip() == "照片一":
            paragraph = cells[1].find(f"{{{W}}}p")
            if paragraph is not None:
                run = etree.SubElement(paragraph, f"{{{W}}}r")
                run.append(copy.deepcopy(drawing))
            return
