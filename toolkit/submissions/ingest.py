"""``compile ingest``: filled templates (and editors' Markdown cases) become ``cases/<id>/``.

Every submission is data. Its text is written into ``case.md`` with Markdown
escaped (a ``:::`` or ``[[...]]`` typed by a submitter stays text), its fields
into the front matter through ``yaml.safe_dump``; nothing of it is ever
evaluated. The original file is only read: never moved, changed or deleted.

Ingesting the same file twice changes nothing; a changed resubmission of the
same case (same organisation and title, or same file name) replaces the earlier
version and says so. A submission with errors is not written; the register
records it as ``needs-changes`` and its organisation gets a feedback letter.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from PIL import Image, UnidentifiedImageError
from pypinyin import lazy_pinyin

from toolkit.diagnostics import Diagnostic, Diagnostics, Location, Severity
from toolkit.messages import Text
from toolkit.model import Edition
from toolkit.readers.cases import CASE_CODES, CASE_FIELDS, CaseFrontMatter, read_case
from toolkit.readers.markdown import validate_fields
from toolkit.submissions import register as reg
from toolkit.submissions.docx_form import FilledForm, Picture, read_form
from toolkit.submissions.form import BY_KEY, FIELDS, PHOTO_SLOTS, SDG_NAMES, TEMPLATE_VERSION
from toolkit.submissions.package import Package, PackageProblem, open_package
from toolkit.submissions.template import section_choices

Outcome = Literal["added", "updated", "unchanged", "rejected"]
_PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&!])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=|:]|\d+(?=[.)]))")


@dataclass
class Result:
    """What happened to one submitted file."""

    file: Path
    outcome: Outcome
    case_id: str = ""
    organisation: str = ""
    title: str = ""
    previous_file: str = ""


@dataclass
class IngestResult:
    """What ``compile ingest`` did, and what it found."""

    results: list[Result] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


@dataclass
class Draft:
    """A case read from a submission, ready to be written."""

    front: dict[str, Any]
    body: list[str]
    """Paragraphs, as typed."""
    photos: list[tuple[str, bytes]] = field(default_factory=list)
    """File names in the case folder and their bytes."""
    markdown: str | None = None
    """The case file itself, for cases submitted as Markdown."""


def ingest(edition: Edition, edition_dir: Path, paths: list[Path], templates: Path,
           today: dt.date | None = None) -> IngestResult:
    """Read each file in ``paths`` and write the cases that can be accepted."""
    result = IngestResult()
    entries = reg.load(edition_dir)
    known = _template_text(edition, templates)
    for path in paths:
        result.results.append(_one(edition, edition_dir, path, known, entries, result.diagnostics,
                                   today or dt.date.today()))
    reg.save(edition_dir, entries)
    return result


def _one(edition: Edition, edition_dir: Path, path: Path, known: set[str], entries: list[reg.Entry],
         diagnostics: Diagnostics, today: dt.date) -> Result:
    data = path.read_bytes() if path.is_file() else b""
    sha = hashlib.sha256(data).hexdigest()
    found = Diagnostics()
    if path.suffix.lower() == ".md":
        draft, version = _from_markdown(path, found), None
    else:
        draft, version = _from_docx(edition, path, known, found)
    organisation = str(draft.front.get("organisation") or "") if draft else ""
    title = str(draft.front.get("title") or "") if draft else ""
    # problems belong to the organisation that can fix them
    diagnostics.extend(d if d.organisation or not organisation else
                       Diagnostic(d.code, d.location, d.args, d.severity, organisation) for d in found)
    problems = len(found.errors) + len(found.warnings)
    if draft is None or found.errors:
        _record(entries, reg.Entry(case="", title=title, organisation=organisation,
                                   organisation_kind=str(draft.front.get("organisation_kind") or "") if draft else "",
                                   status="needs-changes", file=path.name, sha256=sha, received=today,
                                   template_version=version or "", problems=problems))
        return Result(path, "rejected", organisation=organisation, title=title)
    previous = _previous(entries, organisation, title, path.name)
    if previous is not None and previous.sha256 == sha and (edition_dir / "cases" / previous.case).is_dir():
        return Result(path, "unchanged", previous.case, organisation, title)
    case_id = previous.case if previous and previous.case else _new_id(edition_dir, title, entries)
    draft.front["provenance"] = {"file": path.name, "sha256": sha, "received": today,
                                 **({"template_version": version} if version else {})}
    _write_case(edition_dir / "cases" / case_id, draft)
    entry = reg.Entry(case=case_id, title=title, organisation=organisation,
                      organisation_kind=str(draft.front.get("organisation_kind", "")),
                      status="needs-changes" if found.warnings else "received", file=path.name, sha256=sha,
                      received=today, section=str(draft.front.get("section") or ""),
                      sdgs=list(draft.front.get("sdgs") or []), template_version=version or "", problems=problems)
    if previous is not None:
        entries.remove(previous)
    _record(entries, entry)
    return Result(path, "updated" if previous else "added", case_id, organisation, title,
                  previous.file if previous else "")


def _record(entries: list[reg.Entry], entry: reg.Entry) -> None:
    for existing in list(entries):
        if existing.sha256 == entry.sha256 and existing.case == entry.case:
            entries.remove(existing)
    entries.append(entry)


def _previous(entries: list[reg.Entry], organisation: str, title: str, file: str) -> reg.Entry | None:
    """The earlier submission this one replaces: same organisation and title, or same file name."""
    for entry in reversed(entries):
        if entry.case and entry.organisation == organisation and (entry.title == title or entry.file == file):
            return entry
    return None


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

def _from_docx(edition: Edition, path: Path, known: set[str],
               diagnostics: Diagnostics) -> tuple[Draft | None, str | None]:
    def at(key: str | None = None) -> Location:
        top = key.split(".")[0] if key else None
        return Location(path, field=top)

    try:
        package = open_package(path)
        form = read_form(package, known)
    except PackageProblem as problem:
        diagnostics.add(problem.code, Location(path), **problem.args_)
        return None, None
    if not form.found_form:
        diagnostics.add("SB007", at())
        return None, form.version
    if form.version and form.version != TEMPLATE_VERSION:
        diagnostics.add("SB008", at(), found=form.version, current=TEMPLATE_VERSION)
    for key in form.duplicated:
        diagnostics.add("SB010", at(key), label=BY_KEY[key].label)
    for field_ in FIELDS:
        if field_.key not in form.values and (form.version in (None, TEMPLATE_VERSION) or field_.required):
            diagnostics.add("SB009", at(field_.key), severity=None if field_.required else Severity.WARNING,
                            label=field_.label)
    _report_form_extras(form, path, diagnostics)
    draft = _draft(edition, form, package, path, diagnostics)
    return draft, form.version


def _report_form_extras(form: FilledForm, path: Path, diagnostics: Diagnostics) -> None:
    for text in form.outside:
        diagnostics.add("SB011", Location(path), text=text if len(text) <= 40 else text[:40] + "……")
    if form.tracked_changes:
        diagnostics.add("SB012", Location(path), count=form.tracked_changes)
    if form.comments:
        listed = "；".join(c for c in form.comments if c)[:80]
        diagnostics.add("SB013", Location(path), count=len(form.comments), comments=listed)
    for picture in form.stray_pictures:
        where = BY_KEY[picture.where].label if picture.where else "表格之外"
        diagnostics.add("SB014", Location(path, field=picture.where.split(".")[0] if picture.where else None),
                        where=where)


def _draft(edition: Edition, form: FilledForm, package: Package, path: Path,
           diagnostics: Diagnostics) -> Draft | None:
    values = form.values

    def text(key: str) -> str:
        value = values.get(key)
        return value.text if value else ""

    front: dict[str, Any] = {"title": text("title"), "organisation": text("organisation")}
    front["organisation_kind"] = _choice(path, "organisation_kind", text("organisation_kind"), diagnostics)
    section = _section(edition, path, text("section"), diagnostics)
    if section:
        front["section"] = section
    sdgs = _sdgs(path, text("sdgs"), diagnostics)
    if sdgs:
        front["sdgs"] = sdgs
    photos, files = _photos(form, package, path, diagnostics)
    if photos:
        front["photos"] = photos
    quote = {k: text(f"quote.{k}") for k in ("text", "speaker", "role") if text(f"quote.{k}")}
    if quote:
        front["quote"] = quote
    if text("sources"):
        front["sources"] = text("sources")
    contact = {k: text(f"contact.{k}") for k in ("name", "phone", "email") if text(f"contact.{k}")}
    if contact:
        front["contact"] = contact
    front["consent"] = _yes_no(path, text("consent"), diagnostics)
    front = {k: v for k, v in front.items() if v not in ("", None)}
    organisation = front.get("organisation")
    checked = validate_fields(front, CaseFrontMatter, CASE_CODES, diagnostics,
                              lambda loc, f: Location(path, field=f), organisation, CASE_FIELDS)
    body = values["body"].paragraphs if "body" in values else []
    if not body:
        diagnostics.add("CS006", Location(path, field="body"), organisation=organisation)
    if checked is None or not body:
        return Draft(front, body) if front.get("organisation") else None
    return Draft(front, body, files)


def _choice(path: Path, key: str, value: str, diagnostics: Diagnostics) -> str:
    field_ = BY_KEY[key]
    chosen = [c for c in field_.choices if c in value]
    if len(chosen) > 1:
        diagnostics.add("SB016", Location(path, field=key), label=field_.label, value=value,
                        choices=" / ".join(field_.choices))
        return ""
    return chosen[0] if chosen else value


def _yes_no(path: Path, value: str, diagnostics: Diagnostics) -> bool | str:
    answer = _choice(path, "consent", value.replace("同意", "是").replace("不是", "否"), diagnostics)
    return {"是": True, "否": False}.get(answer, answer) if answer else False


def _section(edition: Edition, path: Path, value: str, diagnostics: Diagnostics) -> str:
    if not value:
        return ""
    squeezed = re.sub(r"\s+", "", value)
    for chapter in edition.chapters:
        for section in chapter.sections:
            if squeezed in {re.sub(r"\s+", "", section.full_title), re.sub(r"\s+", "", section.title), section.id}:
                return section.id
        if squeezed == re.sub(r"\s+", "", chapter.title):
            return chapter.id
    if section_choices(edition):
        diagnostics.add("SB015", Location(path, field="section"), value=value)
    return ""


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


def _photos(form: FilledForm, package: Package, path: Path,
            diagnostics: Diagnostics) -> tuple[list[dict[str, str]], list[tuple[str, bytes]]]:
    photos: list[dict[str, str]] = []
    files: list[tuple[str, bytes]] = []
    for index in range(PHOTO_SLOTS):
        slot = form.values.get(f"photos.{index}.src")
        caption = form.values.get(f"photos.{index}.caption")
        credit = form.values.get(f"photos.{index}.credit")
        pictures: list[Picture] = slot.pictures if slot else []
        if not pictures:
            if caption and caption.text:
                diagnostics.add("SB018", Location(path, field="photos"), number="一二三"[index])
            continue
        loaded = _image(package, pictures[0].part, path, diagnostics)
        if loaded is None:
            continue
        name = f"photo-{len(files) + 1}.{loaded[1]}"
        files.append((name, loaded[0]))
        entry = {"src": name}
        if caption and caption.text:
            entry["caption"] = caption.text
        if credit and credit.text:
            entry["credit"] = credit.text
        photos.append(entry)
    return photos, files


def _image(package: Package, part: str, path: Path, diagnostics: Diagnostics) -> tuple[bytes, str] | None:
    """The picture's original bytes, if it is a JPEG or PNG of sane size."""
    try:
        data = package.read(part)
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except (KeyError, OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError) as exc:
        diagnostics.add("IM002", Location(path, field="photos"), file=part.rsplit("/", 1)[-1],
                        reason=Text(f"无法读取（{type(exc).__name__}）", f"unreadable ({type(exc).__name__})"))
        return None
    if kind not in _PHOTO_FORMATS:
        diagnostics.add("IM002", Location(path, field="photos"), file=part.rsplit("/", 1)[-1],
                        reason=Text(f"{kind} 格式，请提供 JPG 或 PNG 原图", f"{kind}: provide the JPG or PNG original"))
        return None
    return data, _PHOTO_FORMATS[kind]


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
    photos = [(p.src.rsplit("/", 1)[-1], (path.parent / p.src.split("/", 1)[-1]).read_bytes())
              for p in case.photos if (path.parent / p.src.split("/", 1)[-1]).is_file()]
    return Draft(front, [], photos, markdown=body)


# --- writing a case --------------------------------------------------------------------------------

def escape_markdown(text: str) -> str:
    """Submitted text as Markdown that reads back as exactly this text (never as markup)."""
    escaped = _MD_INLINE.sub(r"\\\1", text.strip())

    def mark(match: re.Match[str]) -> str:
        marker = match.group(2)
        # “1.” is escaped at its full stop (1\.), the other markers before themselves
        return match.group(1) + (marker + "\\" if marker[0].isdigit() else "\\" + marker)

    return _MD_LINE_START.sub(mark, escaped)


def case_markdown(draft: Draft) -> str:
    """The ``case.md`` of a draft: YAML front matter (safely dumped) and the escaped body."""
    front = yaml.safe_dump(draft.front, allow_unicode=True, sort_keys=False, width=1000)
    if draft.markdown is not None:
        return f"---\n{front}---{draft.markdown}"
    body = "\n\n".join(escape_markdown(p).replace("\n", "\\\n") for p in draft.body if p.strip())
    return f"---\n{front}---\n\n{body}\n"


def _write_case(folder: Path, draft: Draft) -> None:
    """Write the case folder in full, then swap it in: a failure leaves the earlier version."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        (staging / "case.md").write_text(case_markdown(draft), encoding="utf-8")
        for name, data in draft.photos:
            (staging / name).write_bytes(data)
        if folder.exists():
            retired = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            os.replace(folder, retired)
            os.replace(staging, folder)
            shutil.rmtree(retired)
        else:
            os.replace(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _template_text(edition: Edition, templates: Path) -> set[str]:
    """The paragraphs of the current template itself: not text the submitter added."""
    from toolkit.submissions.docx_form import paragraph_text, q
    from toolkit.submissions.package import open_package as open_docx
    from toolkit.submissions.template import write_template

    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "template.docx"
        write_template(templates, blank, edition)
        body = open_docx(blank).xml("word/document.xml").find(q("w:body"))
        return {re.sub(r"\s+", "", paragraph_text(p)) for p in body.iter(q("w:p"))} - {""}
