"""A failed or interrupted build leaves the previous report exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, build
from toolkit.atomic import OutputBatch, replace_folder, write_atomically
from toolkit.build import BuildResult
from toolkit.errors import InputProblems


@pytest.fixture
def previous_report(minimal: BuildResult, tmp_path: Path) -> dict[Path, bytes]:
    """An output folder holding a good report from an earlier build."""
    for path in minimal.outputs.values():
        shutil.copy(path, tmp_path / path.name)
    return {p: p.read_bytes() for p in tmp_path.iterdir()}


def _unchanged(folder: Path, before: dict[Path, bytes]) -> None:
    # the layout cache (.cache/) may learn from a failed build; the report and its folder may not change
    after = {p: p.read_bytes() for p in folder.iterdir() if p.name != ".cache"}
    assert after == before  # no temp files either


def test_crash_while_writing_docx_keeps_previous_pdf_and_docx(
    monkeypatch, tmp_path: Path, previous_report: dict[Path, bytes]
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        target = args[2]  # a file, or the buffer the DOCX is made in before it is kept and written
        (target.write_bytes if isinstance(target, Path) else target.write)(b"half a docx")  # type: ignore[union-attr]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("toolkit.render.docx.render_docx", crash)
    with pytest.raises(RuntimeError):
        build(FIXTURES / "minimal", tmp_path)
    _unchanged(tmp_path, previous_report)


def test_interrupt_during_layout_keeps_previous_report(
    monkeypatch, tmp_path: Path, previous_report: dict[Path, bytes]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("toolkit.render.pdf.layout", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(FIXTURES / "minimal", tmp_path)
    _unchanged(tmp_path, previous_report)


def test_input_errors_keep_previous_report(tmp_path: Path, previous_report: dict[Path, bytes]) -> None:
    with pytest.raises(InputProblems):
        build(FIXTURES / "broken-chapter", tmp_path)
    _unchanged(tmp_path, previous_report)


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    source = FIXTURES / "minimal"
    before = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    build(source, tmp_path)
    after = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    assert after == before


def test_one_file_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_atomically: the new text replaces the old; a failed rename leaves the old one and no temporary file."""
    target = tmp_path / "register.toml"
    write_atomically(target, "旧")
    write_atomically(target, "新")
    assert target.read_text(encoding="utf-8") == "新"

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"half")
    assert target.read_text(encoding="utf-8") == "新"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.toml"]


def test_a_folder_is_swapped_in_whole(tmp_path: Path) -> None:
    """replace_folder: a fill that fails leaves the earlier folder as it was and nothing beside it."""
    folder = tmp_path / "cases" / "a"
    replace_folder(folder, lambda staging: (staging / "case.md").write_text("一", encoding="utf-8"))

    def broken(staging: Path) -> None:
        (staging / "case.md").write_text("二", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        replace_folder(folder, broken)
    assert (folder / "case.md").read_text(encoding="utf-8") == "一"
    assert [p.name for p in (tmp_path / "cases").iterdir()] == ["a"]
    replace_folder(folder, lambda staging: (staging / "photo-1.jpg").write_bytes(b"x"))
    assert sorted(p.name for p in folder.iterdir()) == ["photo-1.jpg"]


def test_what_a_killed_build_left_half_written_goes_with_the_next_build(tmp_path: Path) -> None:
    """``kill -9`` leaves a build's temporary files (``.NAME.PID.tmp``); the next build of the same outputs
    removes them."""
    dead = _ended_pid()
    left = [tmp_path / f".report.pdf.{dead}.tmp", tmp_path / f".report.docx.{dead}.tmp"]
    for path in left:
        path.write_bytes(b"half a report")
    (tmp_path / f".html.{dead}.tmp").mkdir()
    other = tmp_path / f".report.pdf.{os.getppid()}.tmp"  # a build still running (this test's parent) keeps its own
    other.write_bytes(b"being written")
    with OutputBatch(tmp_path) as batch:
        for name in ("report.pdf", "report.docx"):
            batch.temporary(name).write_bytes(name.encode())
        batch.temporary_folder("html")
        batch.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["report.pdf", "report.docx", "html", other.name])


def _ended_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
