"""Reader for the edition's register of submitting organisations: ``organisations.toml``.

Optional. When present, every case's organisation must be in it, with the same
kind, so that a typo in a name (国家电网 / 国家电网公司) is caught before it
splits one submitter into two in the index.

```toml
[[organisations]]
name = "国网浙江省电力有限公司"
kind = "企业"
```
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import OrganisationKind
from toolkit.readers.common import SchemaCodes, read_toml, report_schema, toml_place

REGISTER = "organisations.toml"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: OrganisationKind
    aliases: list[str] = []


class _Register(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisations: list[_Entry] = []


def read_organisations(edition_dir: Path, diagnostics: Diagnostics) -> dict[str, str] | None:
    """Names (and aliases) → kind, or ``None`` when the edition keeps no register."""
    path = edition_dir / REGISTER
    if not path.is_file():
        return None
    parsed = read_toml(path, "MF001", diagnostics)
    if parsed is None:
        return None
    text, raw = parsed
    try:
        register = _Register.model_validate(raw)
    except ValidationError as exc:
        report_schema(
            exc,
            _Register,
            SchemaCodes("MF004", "MF004", "MF004"),
            diagnostics,
            lambda problem: Location(path, *toml_place(text, problem.loc)),
        )
        return None
    names: dict[str, str] = {}
    for entry in register.organisations:
        for name in [entry.name, *entry.aliases]:
            names[name] = entry.kind
    return names
