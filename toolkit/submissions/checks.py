"""The edition's checks of a case, run on a submission before anything is written.

A submission is checked in full whether or not it is accepted, so that its first letter holds
every problem: a form without a contact person *and* with too long a text hears of both at once,
not of the second after fixing the first. The case the form gives is written to a scratch
folder as ``case.md`` (with its photos), read back by the case reader, and the edition's rules are
run on the edition with that case alone in it; what they find is told at the form's field.

Fields the form could not give (an error while reading them) are left out of the scratch case, or
stand in with a neutral value when the case cannot do without them (a photo without its caption
is still checked for print), and nothing found about them is told twice.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toolkit.diagnostics import Diagnostic, Diagnostics, Location
from toolkit.feedback import for_submitters
from toolkit.messages import Text
from toolkit.model import CaseFields, Edition
from toolkit.readers.cases import CASE_FILE, read_case
from toolkit.readers.images import Wanted, read_assets
from toolkit.validation import validate

_STAND_INS: dict[str, Any] = {"title": "案例", "organisation": "提交单位", "organisation_kind": "其他"}
"""Values for required fields the form did not give, so that the other fields can still be checked."""
_SCRATCH = "submission"
"""The scratch case's folder name."""
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")


def check_case(
    edition: Edition,
    front: dict[str, Any],
    write: Callable[[Path, dict[str, Any]], None],
    form: Path,
    read: Diagnostics,
    names: dict[str, Text] | None = None,
) -> Diagnostics:
    """What the edition's checks find in the case a submission gives, located at the form's fields.

    ``write(folder, front)`` writes the case (``case.md`` and photos) into ``folder``; ``read`` holds
    what reading the form found already: nothing is told twice. A photo file is named as ``names``
    says (photo-1.jpg → 照片一), as the submitter knows it.
    """
    checked, replaced, repaired = checkable(front)
    unread = {d.location.field for d in read.errors if d.location.field} - repaired
    told = {(d.code, d.location.field) for d in read}
    found = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="case-check-") as scratch:
        root = Path(scratch)
        folder = root / "cases" / _SCRATCH
        folder.mkdir(parents=True)
        write(folder, checked)
        path = folder / CASE_FILE
        lines = path.read_text(encoding="utf-8").splitlines()
        case = read_case(path, root, found)
        if case is not None:
            view = edition.model_copy(
                update={"chapters": [], "tables": {}, "cases": {case.id: case}, "unreadable": [], "submissions": []}
            )
            view.assets = read_assets(
                root, [Wanted(p.src, case.source, "photos", case.organisation) for p in case.photos], found
            )
            validate(view, root, found)
    organisation = front.get("organisation") or None
    out = Diagnostics()
    for diagnostic in found:
        field = _field(diagnostic, folder, lines)
        if field is False or not for_submitters(diagnostic):
            continue
        if field in replaced or field in unread or (diagnostic.code, field) in told:
            continue
        args = {key: _as_sent(value, names or {}) for key, value in diagnostic.args.items()}
        out.extend(
            [Diagnostic(diagnostic.code, Location(form, field=field or None), args, diagnostic.severity, organisation)]
        )
    return out


def checkable(front: dict[str, Any]) -> tuple[dict[str, Any], set[str], set[str]]:
    """The front matter made valid for checking: a photo without its caption gets a stand-in one (the
    picture is still checked), a required field stands in, any other invalid field is left out.
    Returns it with the fields left out or stood in for, and the fields repaired."""
    checked = dict(front)
    replaced: set[str] = set()
    repaired: set[str] = set()
    for _ in range(len(front) + 1):
        try:
            CaseFields.model_validate(checked)
            break
        except ValidationError as invalid:
            keys = {str(error["loc"][0]) for error in invalid.errors() if error["loc"]}
        for key in keys:
            if key == "photos" and key not in repaired and isinstance(checked.get(key), list):
                checked[key] = [
                    {**photo, "caption": photo.get("caption") or "照片"} if isinstance(photo, dict) else photo
                    for photo in checked[key]
                ]
                repaired.add(key)
            elif key in _STAND_INS and checked.get(key) != _STAND_INS[key]:
                checked[key] = _STAND_INS[key]
                replaced.add(key)
            else:
                checked.pop(key, None)
                replaced.add(key)
                repaired.discard(key)
    return checked, replaced, repaired


def _as_sent(value: Any, names: dict[str, Text]) -> Any:
    """A scratch file's path in a message as the submitter knows the file (照片一), else by its name."""
    if isinstance(value, str) and value.startswith(f"cases/{_SCRATCH}/"):
        name = value.rsplit("/", 1)[-1]
        return names.get(name, name)
    return value


def _field(diagnostic: Diagnostic, folder: Path, lines: list[str]) -> str | None | bool:
    """The form field a finding in the scratch case is about (``None``: the form as a whole);
    ``False`` when it is not about the case at all."""
    location = diagnostic.location
    if location.path is None or not location.path.is_relative_to(folder):
        return False
    if location.field:
        return location.field.split(".")[0]
    if location.line is None:
        return None
    ends = [n for n, text in enumerate(lines, start=1) if text.strip() == "---"]
    if len(ends) > 1 and location.line > ends[1]:
        return "body"
    for number in range(min(location.line, len(lines)), 0, -1):
        match = _TOP_KEY.match(lines[number - 1])
        if match:
            return match.group(1)
    return None
