"""``compile ingest``: filled templates (and editors' Markdown cases) become ``cases/<id>/``.

Every submission is data. Its text is written into ``case.md`` with Markdown
escaped (a ``:::`` or ``[[...]]`` typed by a submitter stays text), its fields
into the front matter through ``yaml.safe_dump``; nothing of it is ever
evaluated. The original file is only read: never moved, changed or deleted.

Every file is read and checked in full, accepted or not (:mod:`.checks`), so that
its letter holds every problem at once. A submission with errors is not written;
the register records it as ``needs-changes`` and its organisation gets a feedback
letter. Each submission has a 登记号 (``ref``) in the register: a resubmission of the
same case by the same organisation (same title, or same file name, or the 登记号
typed into the form) is the next version of that entry, the earlier ones kept in its
history; ingesting the same file twice changes nothing.

:func:`ingest_file` is the whole of it for one file (what a web portal calls on an
upload): it writes the case folder and the register atomically and returns the
outcome, the problems and the letter, as data and as HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any, Literal

import yaml
from PIL import Image, UnidentifiedImageError
from pypinyin import lazy_pinyin

from toolkit.atomic import replace_folder
from toolkit.diagnostics import Diagnostic, Diagnostics, Location, Severity
from toolkit.errors import InputProblems, OutputError, write_crash_log
from toolkit.feedback import Letter, Subject, Via, office_problem, render_letter, submission_letter
from toolkit.messages import FieldName, Text, case_field_label, numeral, phrase, phrase_text
from toolkit.model import SDG_NAMES, CaseFields, Edition
from toolkit.ooxml.package import PICTURE_NAMES, Package, PackageProblem, open_package, picture_kind
from toolkit.readers.cases import CASE_CODES, read_case
from toolkit.readers.markdown import validate_fields
from toolkit.submissions import register as reg
from toolkit.submissions.checks import check_case
from toolkit.submissions.dates import EXPECTED, read_date, readings
from toolkit.submissions.docx_form import FORMATTING, FilledForm, Picture, paragraph_text, q, read_form
from toolkit.submissions.form import BY_KEY, FIELDS, FORMER_TEXT, PHOTO_SLOTS, TEMPLATE_VERSION
from toolkit.submissions.template import section_choices, section_groups, write_template
from toolkit.text import join_lines

Outcome = Literal["added", "updated", "unchanged", "rejected", "failed"]
ACCEPTED: tuple[Outcome, ...] = ("added", "updated", "unchanged")
"""Outcomes of a file whose case is in the edition."""
_PHOTO_KINDS = {"jpeg": "jpg", "png": "png"}
_VECTOR = {"emf", "wmf", "svg", "pdf"}


@dataclass
class Result:
    """What happened to one submitted file: what a portal keeps of an upload."""

    file: Path
    outcome: Outcome
    case_id: str = ""
    """The case folder the submission's entry holds (for a rejected resubmission: its earlier accepted version's)."""
    organisation: str = ""
    title: str = ""
    previous_file: str = ""
    """The file of the version this one replaces, if any."""
    crash_log: Path | None = None
    """Where the details of a toolkit failure reading this file went (outcome ``failed``)."""
    ref: str = ""
    """The submission's 登记号 in the register: the same for every version of one case."""
    version: int = 0
    """Which version of its submission this file is: 1 for the first (0 when it failed)."""
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    """This file's problems, every one found, at the form's fields: what its letter says."""


@dataclass
class IngestResult:
    """What ``compile ingest`` did, and what it found."""

    results: list[Result] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def failed(self) -> list[Result]:
        """Files the toolkit failed on (a bug: each has a crash log)."""
        return [r for r in self.results if r.outcome == "failed"]


@dataclass
class Ingested:
    """One file ingested, and the letter that answers it (:func:`ingest_file`)."""

    result: Result
    letter: Letter
    """The letter as data (items, office, date): what a portal stores."""
    html: str
    """The same letter rendered, as ``compile ingest`` writes letters."""


@dataclass
class Draft:
    """A case read from a submission, ready to be written."""

    front: dict[str, Any]
    body: list[str]
    """Paragraphs, as typed."""
    photos: list[tuple[str, bytes]] = field(default_factory=list)
    """File names in the case folder and their bytes."""
    names: dict[str, Text] = field(default_factory=dict)
    """What the submitter calls each photo file: ``photo-1.jpg`` → 照片一."""
    markdown: str | None = None
    """The case file itself, for cases submitted as Markdown."""


@dataclass
class Submission:
    """One file as read, before anything is written."""

    path: Path
    sha256: str
    draft: Draft | None
    version: str | None
    found: Diagnostics
    ref: str = ""
    """The 登记号 typed into the form: the submission this file revises."""


def ingest(
    edition: Edition, edition_dir: Path, paths: list[Path], templates: Path, today: dt.date | None = None
) -> IngestResult:
    """Read each file in ``paths`` and write the cases that can be accepted.

    Each file is complete on its own: its case folder and its register entry are
    written before the next file is read, so a failure on one file never loses
    another's work. A toolkit bug while reading a file is caught, logged and
    reported against that file (SB020); the other files go on. Without the editorial
    office's contact in the manifest nothing is read (MF017): the letters could not say it.
    """
    _require_office(edition, edition_dir)
    result = IngestResult()
    known = _template_text(edition, templates)
    day = today or dt.date.today()
    with reg.locked(edition_dir):
        entries = reg.load(edition_dir)
        for path in paths:
            one = _ingest_one(edition, edition_dir, path, known, entries, day)
            result.results.append(one)
            result.diagnostics.extend(one.diagnostics)
    return result


def ingest_file(
    edition: Edition,
    edition_dir: Path,
    path: Path,
    templates: Path,
    today: dt.date | None = None,
    replaces: str = "",
    sender: str = "",
    via: Via = "mail",
) -> Ingested:
    """Ingest one file into the edition and answer it: the library call behind an upload.

    The file is read and checked first, then its case folder and the register are written atomically,
    as by :func:`ingest`, one upload at a time (:func:`.register.locked` is held for the writing only, so
    that several workers check files side by side); ``replaces`` names the 登记号 the upload revises (as
    the form's 登记号 field does). ``sender``: the organisation whose account sent the file; a form naming
    another is not ingested (SB043). The letter holds this file's problems only, notes included, dated ``today``,
    and asks for a corrected version the way it will come (``via``: a mail, or an upload to the portal).
    """
    _require_office(edition, edition_dir)
    day = today or dt.date.today()
    known = _template_text(edition, templates)
    read = _read_safely(edition, path, known, day, replaces)
    if isinstance(read, Result):
        result = read
    elif sender and (named := _organisation_of(read)) and named != sender:
        read.found.add("SB043", Location(path, field="organisation"), found=named, expected=sender)
        result = Result(
            path,
            "rejected",
            "",
            sender,
            _title_of(read),
            diagnostics=Diagnostics(
                d if d.organisation else Diagnostic(d.code, d.location, d.args, d.severity, sender) for d in read.found
            ),
        )
    else:
        with reg.locked(edition_dir):  # another upload waits until this one's case and register are written
            result = _apply_safely(read, edition, edition_dir, reg.load(edition_dir), day)
    subject = Subject(path.name, result.title, result.ref, result.version, result.outcome in ACCEPTED)
    letter = submission_letter(edition, result.organisation, result.diagnostics, subject, day, via)
    return Ingested(result, letter, render_letter(letter, templates))


def _organisation_of(submission: Submission) -> str:
    return str(submission.draft.front.get("organisation") or "") if submission.draft else ""


def _title_of(submission: Submission) -> str:
    return str(submission.draft.front.get("title") or "") if submission.draft else ""


def _require_office(edition: Edition, edition_dir: Path) -> None:
    problem = office_problem(edition, edition_dir)
    if problem is not None:
        raise InputProblems(Diagnostics([problem]))


def _ingest_one(
    edition: Edition,
    edition_dir: Path,
    path: Path,
    known: frozenset[str],
    entries: list[reg.Entry],
    today: dt.date,
    replaces: str = "",
) -> Result:
    """Read, check and record one file; a toolkit bug on it is caught and reported against it (SB020)."""
    read = _read_safely(edition, path, known, today, replaces)
    return read if isinstance(read, Result) else _apply_safely(read, edition, edition_dir, entries, today)


def _read_safely(
    edition: Edition, path: Path, known: frozenset[str], today: dt.date, replaces: str = ""
) -> Submission | Result:
    """The file read and checked, nothing written; a toolkit bug on it is the failed :class:`Result` (SB020)."""
    try:
        submission = _read(edition, path, known, today)
        if replaces:
            submission.ref = replaces
        return submission
    except Exception as exc:  # noqa: BLE001 - a toolkit bug on one file must not stop the others
        log = write_crash_log(exc, f"compile ingest: {path}")
        failed = Diagnostics()
        failed.add("SB020", Location(path), file=path.name, log=str(log))
        return Result(path, "failed", crash_log=log, diagnostics=failed)


def _apply_safely(
    submission: Submission, edition: Edition, edition_dir: Path, entries: list[reg.Entry], today: dt.date
) -> Result:
    """:func:`_apply`, a failure to write told as the disk's (the files before this one are complete)."""
    path = submission.path
    try:
        return _apply(submission, edition, edition_dir, entries, today)
    except OSError as exc:  # the disk, not the file: the files before this one are complete
        raise OutputError(
            Text(
                f"无法写入 {edition_dir}：{exc.strerror or exc}（{path.name} 及之后的文件未导入）",
                f"cannot write to {edition_dir}: {exc.strerror or exc} ({path.name} and the files "
                "after it were not ingested)",
            )
        ) from exc


def _read(edition: Edition, path: Path, known: frozenset[str], today: dt.date) -> Submission:
    """Read one file and check the case it gives: nothing is written."""
    data = path.read_bytes() if path.is_file() else b""
    found = Diagnostics()
    ref = ""
    if path.suffix.lower() == ".md":
        draft, version = _from_markdown(path, found), None
    else:
        draft, version, ref = _from_docx(edition, path, known, found, today)
    if draft is not None:
        found.extend(
            check_case(
                edition, draft.front, lambda folder, front: _fill_case(folder, draft, front), path, found, draft.names
            )
        )
    return Submission(path, hashlib.sha256(data).hexdigest(), draft, version, found, ref)


def _apply(
    submission: Submission, edition: Edition, edition_dir: Path, entries: list[reg.Entry], today: dt.date
) -> Result:
    """Write what one submission gives: its case folder (when accepted) and its register entry."""
    path, sha, draft = submission.path, submission.sha256, submission.draft
    front = draft.front if draft else {}
    organisation, title = str(front.get("organisation") or ""), str(front.get("title") or "")
    found = submission.found
    previous = _previous(entries, organisation, title, path.name, submission.ref, path, found)
    # problems belong to the organisation that can fix them
    problems = Diagnostics(
        d if d.organisation or not organisation else Diagnostic(d.code, d.location, d.args, d.severity, organisation)
        for d in found
    )
    count = len(problems.errors) + len(problems.warnings)
    rejected = draft is None or bool(problems.errors)
    if (
        previous is not None
        and previous.sha256 == sha
        and (rejected or (previous.case and (edition_dir / "cases" / previous.case).is_dir()))
    ):
        outcome: Outcome = "rejected" if rejected else "unchanged"
        return Result(
            path,
            outcome,
            previous.case,
            organisation,
            title,
            ref=previous.ref,
            version=len(previous.history) + 1,
            diagnostics=problems,
        )
    entry = _next_version(entries, previous, sha, edition.config.year)
    earlier_file = previous.file if previous is not None else ""
    entry.title, entry.organisation = title or entry.title, organisation or entry.organisation
    entry.organisation_kind = str(front.get("organisation_kind") or entry.organisation_kind)
    entry.file, entry.sha256, entry.received, entry.template_version = path.name, sha, today, submission.version or ""
    entry.problems = count
    if rejected:
        entry.status = "needs-changes"
        reg.save(edition_dir, entries)
        return Result(
            path,
            "rejected",
            entry.case,
            organisation,
            title,
            earlier_file,
            ref=entry.ref,
            version=len(entry.history) + 1,
            diagnostics=problems,
        )
    assert draft is not None
    case_id = entry.case or _new_id(edition_dir, title, entries)
    draft.front["provenance"] = {
        "file": path.name,
        "sha256": sha,
        "received": today,
        **({"template_version": submission.version} if submission.version else {}),
    }
    updated = bool(entry.case)
    entry.case, entry.status = case_id, "needs-changes" if problems.warnings else "received"
    entry.section, entry.sdgs = str(draft.front.get("section") or ""), list(draft.front.get("sdgs") or [])
    _write_case(edition_dir / "cases" / case_id, draft)
    reg.save(edition_dir, entries)  # right after its folder: the register always matches cases/
    return Result(
        path,
        "updated" if updated else "added",
        case_id,
        organisation,
        title,
        earlier_file,
        ref=entry.ref,
        version=len(entry.history) + 1,
        diagnostics=problems,
    )


def _next_version(entries: list[reg.Entry], previous: reg.Entry | None, sha: str, year: int) -> reg.Entry:
    """The register entry the new file goes into: the earlier one, its current version moved to its
    history, or a new entry with a new 登记号."""
    if previous is None:
        entry = reg.Entry(
            case="",
            title="",
            organisation="",
            organisation_kind="",
            status="needs-changes",
            file="",
            sha256="",
            received=dt.date.min,
            ref=reg.next_ref(entries, year),
        )
        entries.append(entry)
        return entry
    if previous.sha256 != sha:  # the same file again (its case folder gone) is no new version
        previous.history.append(previous.current())
    previous.ref = previous.ref or reg.next_ref(entries, year)
    return previous


def _previous(
    entries: list[reg.Entry], organisation: str, title: str, file: str, declared: str, path: Path, found: Diagnostics
) -> reg.Entry | None:
    """The submission this file is the next version of: the one whose 登记号 the form gives, else the
    same organisation's with the same title, else with the same file name."""
    if declared:
        named = next((e for e in entries if e.ref == declared), None)
        if named is not None and (not organisation or named.organisation in (organisation, "")):
            return named
        fallback = _same_case(entries, organisation, title, file)
        found.add(
            "SB027",
            Location(path, field="ref"),
            value=declared,
            reason=phrase_text("ref_other_organisation" if named else "ref_unknown"),
            treated=phrase_text("treated_by_title" if fallback else "treated_as_new"),
        )
        return fallback
    return _same_case(entries, organisation, title, file)


def _same_case(entries: list[reg.Entry], organisation: str, title: str, file: str) -> reg.Entry | None:
    """The organisation's entry with this title, else with this file name (also one whose form named
    no organisation: the file that lacked it, sent again)."""
    ours = [e for e in reversed(entries) if e.organisation == organisation]
    return (
        next((e for e in ours if title and e.title == title), None)
        or next((e for e in ours if e.file == file), None)
        or next((e for e in reversed(entries) if not e.organisation and e.file == file), None)
    )


def _new_id(edition_dir: Path, title: str, entries: list[reg.Entry]) -> str:
    """A readable ASCII id from the title's pinyin: 得物致力标准创新 → de-wu-zhi-li-biao-zhun."""
    han = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", title)[:6] or "case"
    stem = "-".join(p for p in lazy_pinyin(han) if p).lower()
    stem = re.sub(r"[^a-z0-9-]+", "-", stem).strip("-") or "case"
    taken = {e.case for e in entries} | {p.name for p in (edition_dir / "cases").glob("*")}
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


# --- reading a DOCX submission ---------------------------------------------------------------------


def _from_docx(
    edition: Edition, path: Path, known: frozenset[str], diagnostics: Diagnostics, today: dt.date
) -> tuple[Draft | None, str | None, str]:
    """The case a filled form gives (even one with errors, so that it can be checked in full),
    the template version it says it is, and the 登记号 typed into it."""

    def at(key: str | None = None) -> Location:
        top = key.split(".")[0] if key else None
        return Location(path, field=top)

    try:
        package = open_package(path)
        form = read_form(package, known)
    except PackageProblem as problem:
        diagnostics.add(problem.code, Location(path), **problem.args_)
        return None, None, ""
    if not form.found_form:
        diagnostics.add("SB007", at())
        return None, form.version, ""
    if form.version and form.version != TEMPLATE_VERSION:
        diagnostics.add("SB008", at(), found=form.version, current=TEMPLATE_VERSION)
    for key in form.duplicated:
        diagnostics.add("SB010", at(key), label=BY_KEY[key].label)
    for field_ in FIELDS:
        if field_.key not in form.values and (form.version in (None, TEMPLATE_VERSION) or field_.required):
            diagnostics.add(
                "SB009", at(field_.key), severity=None if field_.required else Severity.WARNING, label=field_.label
            )
    _report_outside_links(form, package, path, diagnostics)
    _report_form_extras(form, path, diagnostics)
    _report_formatting(form, path, diagnostics)
    draft = _draft(edition, form, package, path, diagnostics, today)
    ref = form.values["ref"].text if "ref" in form.values else ""
    return draft, form.version, re.sub(r"\s+", "", unicodedata.normalize("NFKC", ref))  # ２０２２－００３ too


_OUTSIDE = {
    "attachedTemplate": Text("文档模板", "a document template"),
    "oleObject": Text("嵌入对象", "an object"),
    "subDocument": Text("子文档", "a subdocument"),
    "frame": Text("网页框架", "a web frame"),
    "image": Text("图片", "a picture"),
}


def _report_outside_links(form: FilledForm, package: Package, path: Path, diagnostics: Diagnostics) -> None:
    """SB044 for each thing the document fetches from elsewhere when it is opened (a remote template is how
    such files carry code), but a linked photo in the form, which IM009 tells at its field."""
    photos = {picture.link for key, value in form.values.items() if key.endswith(".src") for picture in value.pictures}
    told: set[tuple[str, str]] = set()
    for kind, target in package.outside_links():
        if (kind == "image" and target in photos) or (kind, target) in told:
            continue
        told.add((kind, target))
        diagnostics.add(
            "SB044", Location(path), what=_OUTSIDE.get(kind, Text("内容", "content")), target=_excerpt(target, 60)
        )


def _report_form_extras(form: FilledForm, path: Path, diagnostics: Diagnostics) -> None:
    """Text and pictures outside the form, tracked changes, comments: one diagnostic per stretch or place."""
    for stretch in form.outside:
        if len(stretch) == 1:
            diagnostics.add("SB011", Location(path), text=_excerpt(stretch[0], 40))
        else:
            diagnostics.add(
                "SB021",
                Location(path),
                count=len(stretch),
                first=_excerpt(stretch[0], 20),
                last=_excerpt(stretch[-1], 20),
            )
    if form.tracked_changes:
        diagnostics.add("SB012", Location(path), count=form.tracked_changes)
    if form.comments:
        listed = "；".join(c for c in form.comments if c)[:80]
        diagnostics.add("SB013", Location(path), count=len(form.comments), comments=listed)
    places = Counter(picture.where for picture in form.stray_pictures)
    for where, count in places.items():
        label = BY_KEY[where].label if where else phrase("outside_form", "zh")
        location = Location(path, field=where.split(".")[0] if where else None)
        if count == 1:
            diagnostics.add("SB014", location, where=label)
        else:
            diagnostics.add("SB022", location, where=label, count=count)


def _report_formatting(form: FilledForm, path: Path, diagnostics: Diagnostics) -> None:
    """Bold, italics, superscripts ... the report does not keep: said once, naming the fields (SB026)."""
    fields = [value for value in form.values.values() if value.formatting and value.text]
    if not fields:
        return
    kinds = [kind for kind in FORMATTING if any(kind in value.formatting for value in fields)]
    labels = [case_field_label(value.field.key) for value in fields]
    scripts = {"superscript", "subscript"} & set(kinds)
    diagnostics.add(
        "SB026",
        Location(path),
        fields=Text("".join(f"“{label.zh}”" for label in labels), ", ".join(f"“{label.en}”" for label in labels)),
        kinds=Text(
            "、".join(phrase(f"format_{kind}", "zh") for kind in kinds),
            ", ".join(phrase(f"format_{kind}", "en") for kind in kinds),
        ),
        scripts=phrase_text("scripts_read_as_text") if scripts else "",
    )


def _excerpt(text: str, length: int) -> str:
    """The start of a text on one line, for a message."""
    line = " ".join(clean_text(text).split())
    return line if len(line) <= length else line[:length] + "……"


def _draft(
    edition: Edition, form: FilledForm, package: Package, path: Path, diagnostics: Diagnostics, today: dt.date
) -> Draft:
    values = form.values

    def text(key: str) -> str:
        value = values.get(key)
        return one_line(value.paragraphs) if value else ""

    front: dict[str, Any] = {"title": text("title"), "organisation": text("organisation")}
    front["organisation_kind"] = _choice(path, "organisation_kind", text("organisation_kind"), diagnostics)
    section = _section(edition, path, text("section"), diagnostics)
    if section:
        front["section"] = section
    sdgs = _sdgs(path, text("sdgs"), diagnostics)
    if sdgs:
        front["sdgs"] = sdgs
    photos, files, names = _photos(form, package, path, diagnostics)
    if photos:
        front["photos"] = photos
    quote = {key.split(".")[1]: text(key) for key in BY_KEY if key.startswith("quote.") and text(key)}
    if quote:
        front["quote"] = quote
    if text("sources"):
        front["sources"] = text("sources")
    if text("as_of"):
        front["as_of"] = _date(path, "as_of", text("as_of"), today, diagnostics)
    contact = {key.split(".")[1]: text(key) for key in BY_KEY if key.startswith("contact.") and text(key)}
    if contact:
        front["contact"] = contact
    elif BY_KEY["contact.name"].required and "contact.name" in values:
        diagnostics.add(
            "CS004",
            Location(path, field="contact"),
            organisation=text("organisation") or None,
            key=_field_name("contact.name"),
        )
    front["consent"] = _yes_no(path, text("consent"), diagnostics)
    front = {k: v for k, v in front.items() if v not in ("", None)}
    organisation = front.get("organisation")
    validate_fields(
        front,
        CaseFields,
        CASE_CODES,
        diagnostics,
        lambda loc, f: Location(path, field=f),
        organisation,
        case_field_label,
    )
    body = [p for p in (clean_text(p) for p in values["body"].paragraphs) if p] if "body" in values else []
    if not body:
        diagnostics.add("CS006", Location(path, field="body"), organisation=organisation)
    return Draft(front, body, files, names)


def _field_name(key: str) -> FieldName:
    """A form field as a message names it: its label, with its key for the editors."""
    label = case_field_label(key)
    return FieldName(f"{label.zh}（{key}）", f"{label.en} ({key})", label)


def _date(path: Path, key: str, value: str, today: dt.date, diagnostics: Diagnostics) -> dt.date | None:
    """A date field read into one form; an ambiguous or impossible one is told back (SB024, SB025)."""
    reading = read_date(value, today)
    label = BY_KEY[key].label
    if reading.problem == "ambiguous":
        diagnostics.add(
            "SB024", Location(path, field=key), label=label, value=value, readings=readings(reading), expected=EXPECTED
        )
    elif reading.problem == "invalid":
        diagnostics.add(
            "SB025", Location(path, field=key), label=label, value=value, reason=reading.reason, expected=EXPECTED
        )
    return reading.value


def _choice(path: Path, key: str, value: str, diagnostics: Diagnostics) -> str:
    field_ = BY_KEY[key]
    chosen = [c for c in field_.choices if c in value]
    if len(chosen) > 1:
        diagnostics.add(
            "SB016", Location(path, field=key), label=field_.label, value=value, choices=" / ".join(field_.choices)
        )
        return ""
    return chosen[0] if chosen else value


def _yes_no(path: Path, value: str, diagnostics: Diagnostics) -> bool | str:
    answer = _choice(path, "consent", value.replace("同意", "是").replace("不是", "否"), diagnostics)
    return {"是": True, "否": False}.get(answer, answer) if answer else False


def _section(edition: Edition, path: Path, value: str, diagnostics: Diagnostics) -> str:
    if not value:
        return ""
    squeezed = _squeezed(value)
    for chapter in edition.chapters:
        for section in chapter.sections:
            if squeezed in {_squeezed(section.full_title), _squeezed(section.title), section.id}:
                return section.id
        if squeezed == _squeezed(chapter.title):
            return chapter.id
    # the choice copied with its chapter's title around it (as the template lists them)
    named = {s.id for c in edition.chapters for s in c.sections if _squeezed(s.full_title) in squeezed}
    if len(named) == 1:
        return named.pop()
    if section_choices(edition):
        diagnostics.add("SB015", Location(path, field="section"), value=value)
    return ""


def _squeezed(text: str) -> str:
    return re.sub(r"[\s：:|｜—\-]+", "", text)


def _sdgs(path: Path, value: str, diagnostics: Diagnostics) -> list[int]:
    numbers: list[int] = []
    for part in (p for p in re.split(r"[,，、;；\s]+", value) if p):
        digits = re.sub(r"\D", "", part)
        named = [n for n, name in SDG_NAMES.items() if name == part]
        if digits and 1 <= int(digits) <= 17:
            numbers.append(int(digits))
        elif named:
            numbers.append(named[0])
        else:
            diagnostics.add("SB017", Location(path, field="sdgs"), value=part)
    return sorted(set(numbers))


def _photos(
    form: FilledForm, package: Package, path: Path, diagnostics: Diagnostics
) -> tuple[list[dict[str, str]], list[tuple[str, bytes]], dict[str, Text]]:
    photos: list[dict[str, str]] = []
    files: list[tuple[str, bytes]] = []
    names: dict[str, Text] = {}
    for index in range(PHOTO_SLOTS):
        slot = form.values.get(f"photos.{index}.src")
        caption = form.values.get(f"photos.{index}.caption")
        credit = form.values.get(f"photos.{index}.credit")
        pictures: list[Picture] = slot.pictures if slot else []
        if not pictures:
            if caption and caption.text:
                diagnostics.add("SB018", Location(path, field="photos"), number=numeral(index + 1))
            continue
        embedded = [picture for picture in pictures if picture.part]
        if not embedded:  # “Link to File”: the document holds only an address, not the photo
            diagnostics.add(
                "IM009",
                Location(path, field="photos"),
                number=numeral(index + 1),
                target=_excerpt(pictures[0].link, 60),
            )
            continue
        loaded = _image(package, embedded[0].part, path, diagnostics)
        if loaded is None:
            continue
        name = f"photo-{len(files) + 1}.{loaded[1]}"
        files.append((name, loaded[0]))
        names[name] = case_field_label(("photos", index))
        entry = {"src": name}
        if caption and one_line(caption.paragraphs):
            entry["caption"] = one_line(caption.paragraphs)
        if credit and one_line(credit.paragraphs):
            entry["credit"] = one_line(credit.paragraphs)
        photos.append(entry)
    return photos, files, names


def _image(package: Package, part: str, path: Path, diagnostics: Diagnostics) -> tuple[bytes, str] | None:
    """The picture's original bytes, if it is a JPEG or PNG of sane size; its format is told by its bytes."""
    name = part.rsplit("/", 1)[-1]
    where = Location(path, field="photos")
    try:
        data = package.read(part)
    except PackageProblem as problem:
        diagnostics.add("IM002", where, file=name, reason=problem.args_["reason"])
        return None
    kind = picture_kind(data)
    if kind not in _PHOTO_KINDS:
        diagnostics.add("IM005", where, file=name, what=PICTURE_NAMES[kind], advice=_advice(kind))
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.size  # noqa: B018 - opening again checks the pixel limit after verify()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        diagnostics.add(
            "IM002",
            where,
            file=name,
            reason=Text(f"无法读取（{type(exc).__name__}）", f"unreadable ({type(exc).__name__})"),
        )
        return None
    return data, _PHOTO_KINDS[kind]


def _advice(kind: str) -> Text:
    """What a submitter can do with a picture the report cannot print."""
    if kind in _VECTOR:
        return Text(
            "请提供拍摄的照片或导出的 JPG/PNG 原图；图表或示意图请另存为 PNG 图片后再粘贴到照片栏。",
            "Provide a photo, or export the drawing as a JPG or PNG and paste that into the photo field.",
        )
    if kind == "heic":
        return Text(
            "请在手机上把照片导出为 JPG（iPhone：设置 → 相机 → 格式 → 兼容性最佳），"
            "或用看图软件另存为 JPG 后重新粘贴。",
            "Export the photo as JPEG (iPhone: Settings → Camera → Formats → Most Compatible) and paste it again.",
        )
    return Text(
        "请用看图软件把它另存为 JPG（或 PNG）原图后重新粘贴到照片栏。",
        "Save it as a JPEG (or PNG) with an image viewer and paste it into the photo field again.",
    )


# --- reading a Markdown case (editors) -----------------------------------------------------------


def _from_markdown(path: Path, diagnostics: Diagnostics) -> Draft | None:
    case = read_case(path, path.parent, diagnostics) if path.is_file() else None
    if not path.is_file():
        diagnostics.add("SB001", Location(path), file=path.name)
    if case is None or diagnostics.errors:
        return None
    text = path.read_text(encoding="utf-8-sig")
    _, front_text, body = text.split("---", 2)
    front = yaml.safe_load(front_text) or {}
    photos = [
        (p.src.rsplit("/", 1)[-1], (path.parent / p.src.split("/", 1)[-1]).read_bytes())
        for p in case.photos
        if (path.parent / p.src.split("/", 1)[-1]).is_file()
    ]
    return Draft(front, [], photos, markdown=body)


# --- submitted text ---------------------------------------------------------------------------------

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_ANYWHERE = re.compile(r"([\\`*_\[\]<&{}~|])")
"""ASCII punctuation that means something wherever it stands in the toolkit's Markdown dialect
(emphasis, code, links and cell references, raw HTML, entities, attributes, tables): escaped
everywhere. ``.:-+=#>!()`` mean something only where a line begins (or after ``[`` and ``]``, which
are escaped), so a submitter's 8.2% and https://… stay as typed and readable in ``case.md``."""
_LINE_START = re.compile(r"^([#>+\-=:!])")
"""A line beginning a heading, quote, list, thematic break, setext underline or directive fence."""
_ORDERED = re.compile(r"^(\d+)([.)])")
"""A line beginning an ordered list item (1986. 年)."""


def clean_text(text: str) -> str:
    """Submitted text as the toolkit keeps it; what ingestion promises to give back exactly.

    Line breaks (Shift+Enter, CR, U+2028/9) become ``\\n``, a tab a space; control characters
    (which no printed report shows) are dropped; each line loses its leading and trailing
    whitespace (a paragraph's first-line indent is the layout's, not the text's), and the
    paragraph its empty first and last lines.
    """
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text).replace("\t", " "))
    lines = [line.strip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def one_line(paragraphs: list[str]) -> str:
    """A one-line field (title, caption, name ...): its lines joined as Markdown joins them
    (nothing between Chinese characters, a space between Latin words)."""
    lines = [line for p in paragraphs for line in clean_text(p).split("\n") if line]
    return reduce(join_lines, lines, "")


def escape_markdown(text: str) -> str:
    """Submitted text as Markdown that reads back as exactly ``clean_text(text)``, never as markup.

    Every ASCII punctuation character that can take part in Markdown, a directive or a cell
    reference where it stands is backslash-escaped (CommonMark lets a backslash escape any of them),
    on every line; a line break inside the paragraph is written as a hard break (a line ending in ``\\``),
    an empty line as a line holding only that ``\\``, so the paragraph never ends early.
    """
    lines = clean_text(text).split("\n")
    return "\\\n".join(_escape_line(line) for line in lines)


def _escape_line(line: str) -> str:
    """One line of submitted text as Markdown that starts no block and holds no inline markup."""
    line = _ANYWHERE.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", line))


def case_markdown(draft: Draft) -> str:
    """The ``case.md`` of a draft: YAML front matter (safely dumped) and the escaped body."""
    front = yaml.safe_dump(draft.front, allow_unicode=True, sort_keys=False, width=1000)
    if draft.markdown is not None:
        return f"---\n{front}---{draft.markdown}"
    body = "\n\n".join(escape_markdown(p) for p in draft.body if clean_text(p))
    return f"---\n{front}---\n\n{body}\n"


# --- writing a case --------------------------------------------------------------------------------


def _write_case(folder: Path, draft: Draft) -> None:
    """Write the case folder in full, then swap it in: a failure leaves the earlier version."""
    replace_folder(folder, lambda staging: _fill_case(staging, draft, draft.front))


def _fill_case(folder: Path, draft: Draft, front: dict[str, Any]) -> None:
    """Write ``case.md`` (with ``front`` as its front matter) and the photos into an empty folder."""
    written = Draft(front, draft.body, draft.photos, markdown=draft.markdown)
    (folder / "case.md").write_text(case_markdown(written), encoding="utf-8")
    for name, data in draft.photos:
        (folder / name).write_bytes(data)


_TEMPLATE_TEXT: dict[tuple[Path, int, tuple[tuple[str, tuple[str, ...]], ...]], frozenset[str]] = {}
"""The template's paragraphs by what its text depends on (its folder, the year, the sections listed):
writing a template takes about 0.3 s, so a process writes each once."""


def _template_text(edition: Edition, templates: Path) -> frozenset[str]:
    """The paragraphs of the current template itself: not text the submitter added."""
    key = (templates, edition.config.year, tuple((title, tuple(choices)) for title, choices in section_groups(edition)))
    if key not in _TEMPLATE_TEXT:
        _TEMPLATE_TEXT[key] = _written_template_text(edition, templates)
    return _TEMPLATE_TEXT[key]


def _written_template_text(edition: Edition, templates: Path) -> frozenset[str]:
    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "template.docx"
        write_template(templates, blank, edition)
        body = open_package(blank).xml("word/document.xml").find(q("w:body"))
        paragraphs = [paragraph_text(p) for p in body.iter(q("w:p"))] + FORMER_TEXT
        return frozenset(re.sub(r"\s+", "", text) for text in paragraphs) - {""}
