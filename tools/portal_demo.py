"""``make portal``: the submission portal tried out on a copy of editions/2021, on the embedded database.

The real manifest leaves the editorial office's person, e-mail and phone empty (the published report
has none, and letters must not make them up), and ``compile portal serve`` refuses to open without them
(MF017). So the demo works in ``build/portal-demo/``: a copy of the edition whose empty office keys get
example values, marked as such; on its first start, an editor and an association are invited (their
one-time links are printed), then ``compile portal serve 2021`` runs there until Ctrl+C.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "build" / "portal-demo"
EXAMPLE_OFFICE = {"person": "王编辑（示例）", "email": "cases@example.org", "phone": "010-00000000"}
"""Filled in only where the manifest leaves a key empty: the demo's letters need a contact, visibly made up."""


def prepare(demo: Path = DEMO, source: Path = ROOT / "editions" / "2021") -> Path:
    """The demo's project folder: ``editions/2021`` copied once, its empty office keys filled with examples."""
    edition = demo / "editions" / source.name
    if not edition.is_dir():
        shutil.copytree(source, edition)
        manifest = edition / "edition.toml"
        text = manifest.read_text(encoding="utf-8")
        for key, value in EXAMPLE_OFFICE.items():
            text = re.sub(rf'(?m)^{key} = ""$', f'{key} = "{value}"', text)
        manifest.write_text(text, encoding="utf-8")
    return demo


def main() -> None:
    demo = prepare()
    compile_ = [str(Path(sys.executable).with_name("compile")), "portal"]
    if not (demo / "portal" / "portal.sqlite3").exists():
        print("示例门户（build/portal-demo/，编辑部联系方式为示例）：先为编辑和一个协会开通账号。\n")
        for args in (
            ["bianji", "--role", "editor", "--email", "bianji@example.org"],
            ["xiehui", "--role", "submitter", "--org", "某某行业协会", "--kind", "协会"],
        ):
            subprocess.run([*compile_, "add-user", "2021", *args, "--root", str(demo)], check=True)
            print()
    else:
        print(
            "示例门户已有账号；要新的设置密码链接：.venv/bin/compile portal add-user 2021 用户名 --role … "
            "--root build/portal-demo\n"
        )
    os.execv(compile_[0], [*compile_, "serve", "2021", "--root", str(demo)])


if __name__ == "__main__":
    main()
