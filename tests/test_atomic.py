"""A failed or interrupted build leaves the previous report exactly as it was."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, build
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


def test_crash_while_writing_docx_keeps_previous_pdf_and_docx(monkeypatch, tmp_path: Path,
                                                              previous_report: dict[Path, bytes]) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        target = Path(args[2])
        target.write_bytes(b"half a docx")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("toolkit.render.docx.render_docx", crash)
    with pytest.raises(RuntimeError):
        build(FIXTURES / "minimal", tmp_path)
    _unchanged(tmp_path, previous_report)


def test_interrupt_during_layout_keeps_previous_report(monkeypatch, tmp_path: Path,
                                                       previous_report: dict[Path, bytes]) -> None:
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
