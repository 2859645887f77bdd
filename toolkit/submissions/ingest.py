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
import re
import tempfile
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
from toolkit.errors import OutputError, write_crash_log
from toolkit.messages import Text, case_field_label, numeral, phrase
from toolkit.model import SDG_NAMES, CaseFields, Edition
from toolkit.readers.cases import CASE_CODES, read_case
from toolkit.readers.markdown import validate_fields
from toolkit.submissions import register as reg
from toolkit.submissions.docx_form import FilledForm, Picture, paragraph_text, q, read_form
from toolkit.submissions.form import BY_KEY, FIELDS, FORMER_TEXT, PHOTO_SLOTS, TEMPLATE_VERSION
from toolkit.ooxml.package import PICTURE_NAMES, Package, PackageProblem, open_package, picture_kind
from toolkit.submissions.template import section_choices, section_groups, write_template
from toolkit.text import join_lines

Outcome = Literal["added", "updated", "unchanged", "rejected", "failed"]
_PHOTO_KINDS = {"jpeg": "jpg", "png": "png"}
_VECTOR = {"emf", "wmf", "svg", "pdf"}


@dataclass
class Result:
    """What happened to one submitted file."""

    file: Path
    outcome: Outcome
    case_id: str = ""
    organisation: str = ""
    title: str = ""
    previous_file: str = ""
    crash_log: Path | None = None
    """Where the details of a toolkit failure reading this file went (outcome ``failed``)."""


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
class Draft:
    """A case read from a submission, ready to be written."""

    front: dict[str, Any]
    body: list[str]
    """Paragraphs, as typed."""
    photos: list[tuple[str, bytes]] = field(default_factory=list)
    """File names in the case folder and their bytes."""
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


def ingest(edition: Edition, edition_dir: Path, paths: list[Path], templates: Path,
           today: dt.date | None = None) -> IngestResult:
    """Read each file in ``paths`` and write the cases that can be accepted.

    Each file is complete on its own: its case folder and its register entry are
    written before the next file is read, so a failure on one file never loses
    another's work. A toolkit bug while reading a file is caught, logged and
    reported against that file (SB020); the other files go on.
    """
    result = IngestResult()
    entries = reg.load(edition_dir)
    known = _template_text(edition, templates)
    day = today or dt.date.today()
    for path in paths:
        try:
            submission = _read(edition, path, known)
        except Exception as exc:  # noqa: BLE001 - a toolkit bug on one file must not stop the others
            log = write_crash_log(exc, f"compile ingest: {path}")
            result.diagnostics.add("SB020", Location(path), file=path.name, log=str(log))
            result.results.append(Result(path, "failed", crash_log=log))
            continue
        try:
            result.results.append(_apply(submission, edition_dir, entries, result.diagnostics, day))
        except OSError as exc:  # the disk, not the file: the files before this one are complete
            raise OutputError(Text(f"无法写入 {edition_dir}：{exc.strerror or exc}（{path.name} 及之后的文件未导入）",
                                   f"cannot write to {edition_dir}: {exc.strerror or exc} ({path.name} and the files "
                                   "after it were not ingested)")) from exc
    return result


def _read(edition: Edition, path: Path, known: frozenset[str]) -> Submission:
    """Read one file: nothing is written."""
    data = path.read_bytes() if path.is_file() else b""
    found = Diagnostics()
    if path.suffix.lower() == ".md":
        draft, version = _from_markdown(path, found), None
    else:
        draft, version = _from_docx(edition, path, known, found)
    return Submission(path, hashlib.sha256(data).hexdigest(), draft, version, found)


def _apply(submission: Submission, edition_dir: Path, entries: list[reg.Entry], diagnostics: Diagnostics,
           today: dt.date) -> Result:
    """Write what one submission gives: its case folder (when accepted) and its register entry."""
    path, sha, draft, found = submission.path, submission.sha256, submission.draft, submission.found
    version = submission.version or ""
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
                                   template_version=version, problems=problems))
        reg.save(edition_dir, entries)
        return Result(path, "rejected", organisation=organisation, title=title)
    previous = _previous(entries, organisation, title, path.name)
    if previous is not None and previous.sha256 == sha and (edition_dir / "cases" / previous.case).is_dir():
        return Result(path, "unchanged", previous.case, organisation, title)
    case_id = previous.case if previous and previous.case else _new_id(edition_dir, title, entries)
    draft.front["provenance"] = {"file": path.name, "sha256": sha, "received": today,
                                 **({"template_version": version} if version else {})}
    entry = reg.Entry(case=case_id, title=title, organisation=organisation,
                      organisation_kind=str(draft.front.get("organisation_kind", "")),
                      status="needs-changes" if found.warnings else "received", file=path.name, sha256=sha,
                      received=today, section=str(draft.front.get("section") or ""),
                      sdgs=list(draft.front.get("sdgs") or []), template_version=version, problems=problems)
    if previous is not None:
        entries.remove(previous)
    _record(entries, entry)
    _write_case(edition_dir / "cases" / case_id, draft)
    reg.save(edition_dir, entries)  # right after its folder: the register always matches cases/
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

def _from_docx(edition: Edition, path: Path, known: frozenset[str],
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
    """Text and pictures outside the form, tracked changes, comments: one diagnostic per stretch or place."""
    for stretch in form.outside:
        if len(stretch) == 1:
            diagnostics.add("SB011", Location(path), text=_excerpt(stretch[0], 40))
        else:
            diagnostics.add("SB021", Location(path), count=len(stretch), first=_excerpt(stretch[0], 20),
                            last=_excerpt(stretch[-1], 20))
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


def _excerpt(text: str, length: int) -> str:
    """The start of a text on one line, for a message."""
    line = " ".join(clean_text(text).split())
    return line if len(line) <= length else line[:length] + "……"


def _draft(edition: Edition, form: FilledForm, package: Package, path: Path,
           diagnostics: Diagnostics) -> Draft | None:
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
    photos, files = _photos(form, package, path, diagnostics)
    if photos:
        front["photos"] = photos
    quote = {key.split(".")[1]: text(key) for key in BY_KEY if key.startswith("quote.") and text(key)}
    if quote:
        front["quote"] = quote
    if text("sources"):
        front["sources"] = text("sources")
    contact = {key.split(".")[1]: text(key) for key in BY_KEY if key.startswith("contact.") and text(key)}
    if contact:
        front["contact"] = contact
    front["consent"] = _yes_no(path, text("consent"), diagnostics)
    front = {k: v for k, v in front.items() if v not in ("", None)}
    organisation = front.get("organisation")
    checked = validate_fields(front, CaseFields, CASE_CODES, diagnostics,
                              lambda loc, f: Location(path, field=f), organisation, case_field_label)
    body = [p for p in (clean_text(p) for p in values["body"].paragraphs) if p] if "body" in values else []
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
                diagnostics.add("SB018", Location(path, field="photos"), number=numeral(index + 1))
            continue
        embedded = [picture for picture in pictures if picture.part]
        if not embedded:  # “Link to File”: the document holds only an address, not the photo
            diagnostics.add("IM009", Location(path, field="photos"), number=numeral(index + 1),
                            target=_excerpt(pictures[0].link, 60))
            continue
        loaded = _image(package, embedded[0].part, path, diagnostics)
        if loaded is None:
            continue
        name = f"photo-{len(files) + 1}.{loaded[1]}"
        files.append((name, loaded[0]))
        entry = {"src": name}
        if caption and one_line(caption.paragraphs):
            entry["caption"] = one_line(caption.paragraphs)
        if credit and one_line(credit.paragraphs):
            entry["credit"] = one_line(credit.paragraphs)
        photos.append(entry)
    return photos, files


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
        diagnostics.add("IM002", where, file=name,
                        reason=Text(f"无法读取（{type(exc).__name__}）", f"unreadable ({type(exc).__name__})"))
        return None
    return data, _PHOTO_KINDS[kind]


def _advice(kind: str) -> Text:
    """What a submitter can do with a picture the report cannot print."""
    if kind in _VECTOR:
        return Text("请提供拍摄的照片或导出的 JPG/PNG 原图；图表或示意图请另存为 PNG 图片后再粘贴到照片栏。",
                    "Provide a photo, or export the drawing as a JPG or PNG and paste that into the photo field.")
    if kind == "heic":
        return Text("请在手机上把照片导出为 JPG（iPhone：设置 → 相机 → 格式 → 兼容性最佳），或用看图软件另存为 JPG 后重新粘贴。",
                    "Export the photo as JPEG (iPhone: Settings → Camera → Formats → Most Compatible) and paste it again.")
    return Text("请用看图软件把它另存为 JPG（或 PNG）原图后重新粘贴到照片栏。",
                "Save it as a JPEG (or PNG) with an image viewer and paste it into the photo field again.")


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
    def fill(staging: Path) -> None:
        (staging / "case.md").write_text(case_markdown(draft), encoding="utf-8")
        for name, data in draft.photos:
            (staging / name).write_bytes(data)

    replace_folder(folder, fill)


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
