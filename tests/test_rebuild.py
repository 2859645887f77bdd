"""A rebuild after an edit gives the very bytes of a cold build, however much of it came from the cache.

A warm build (into the output folder of an earlier build) takes the laid-out PDF parts, the drawn
charts and the DOCX's chapters from ``<output>/.cache``; a cold build (into an empty folder) makes
everything. Both must write the same PDF, DOCX and web pages, edit after edit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from multiprocessing import active_children
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, build
from tests.test_startup import _PROBE
from toolkit.build import BuildOptions, BuildResult, compile_edition
from toolkit.project import PACKAGE_TEMPLATES, Project
from toolkit.render.workers import LayoutPool

ALL = ("pdf", "docx", "html")


def _outputs(result: BuildResult) -> dict[str, bytes]:
    """The PDF, the DOCX and every file of the web edition but its search index, by name."""
    files = {kind: result.outputs[kind].read_bytes() for kind in ("pdf", "docx")}
    site = result.outputs["html"]
    files.update(
        {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.relative_to(site).parts[0] != "pagefind"
        }
    )
    return files


def _differing(warm: BuildResult, cold: BuildResult) -> list[str]:
    kept, made = _outputs(warm), _outputs(cold)
    assert len(made) > 10 and "chapters/02-practice.html" in made
    return sorted(name for name in made.keys() | kept.keys() if kept.get(name) != made.get(name))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow  # six builds of the fixture with every element
def test_a_warm_rebuild_after_edits_writes_the_bytes_of_a_cold_build(tmp_path: Path, monkeypatch) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "all-elements", edition)
    warm_out = tmp_path / "warm"
    build(edition, warm_out, formats=ALL)

    # one paragraph edited: only its chapter is written again in the DOCX and on the web
    _edit(
        edition / "chapters" / "02-practice.md",
        "本章介绍各地方、行业和企业的实践。",
        "本章介绍各地方、各行业和企业的实践。",
    )
    warm = _rebuilt(edition, warm_out, monkeypatch, ["02-practice"])
    assert _differing(warm, build(edition, tmp_path / "cold-1", formats=ALL)) == []

    # a paragraph and a picture added before the chapters that follow: those are put back with their bookmarks,
    # pictures (the same image as the new one's) and source markers numbered as a cold build numbers them
    _edit(
        edition / "chapters" / "01-covid.md",
        "## 让疫苗成为全球公共产品 {#vaccines}",
        "新增的一段。\n\n::: figure\nsrc: images/base-station.png\ncaption: 新增的图\n:::\n\n"
        "## 让疫苗成为全球公共产品 {#vaccines}",
    )
    warm = _rebuilt(edition, warm_out, monkeypatch, ["01-covid"])
    assert _differing(warm, build(edition, tmp_path / "cold-2", formats=ALL)) == []

    # a case edited: the chapter placing it is written again, no other
    _edit(edition / "cases" / "lishui-grid" / "case.md", "推动小水电绿色改造。", "推动小水电绿色改造，成效显著。")
    _rebuilt(edition, warm_out, monkeypatch, ["02-practice"])


def _rebuilt(edition: Path, out: Path, monkeypatch: pytest.MonkeyPatch, written: list[str]) -> BuildResult:
    """A warm build of ``edition`` into ``out``, in which the DOCX writes only the chapters ``written``, and the
    web edition renders only their pages (and the contents and the case index, which show every chapter)."""
    from toolkit.render import docx, web

    seen: list[str] = []
    real = docx._chapter
    monkeypatch.setattr(docx, "_chapter", lambda ctx, chapter: seen.append(chapter.id) or real(ctx, chapter))
    pages: list[str] = []
    render = web.SiteRenderer.render
    monkeypatch.setattr(
        web.SiteRenderer,
        "render",
        lambda self, position: pages.append(self.pages[position].path) or render(self, position),
    )
    result = build(edition, out, formats=ALL)
    monkeypatch.undo()
    assert seen == written
    assert sorted(pages) == sorted(
        [*(f"chapters/{chapter}.html" for chapter in written), "index.html", "case-index.html"]
    )
    return result


def test_a_rebuild_without_changes_draws_no_chart_and_writes_no_docx_chapter(
    all_elements: BuildResult, tmp_path: Path
) -> None:
    """As a user runs it: the second build of the same edition into the same folder imports no matplotlib."""
    out = tmp_path / "out"
    shutil.copytree(all_elements.outputs["pdf"].parent / ".cache", out / ".cache")
    command = ["edition", str(FIXTURES / "all-elements"), "--out", str(out), "--format", "docx"]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(command)], capture_output=True, text=True, timeout=600
    )
    report = json.loads(done.stdout.rsplit("@@", 1)[1])
    assert report["code"] == 0, done.stdout[-3000:]
    assert "matplotlib" not in report["modules"] and "docx" not in report["modules"]


def test_a_rebuild_starts_one_layout_process_and_binds_the_parts_it_kept(
    minimal: BuildResult, tmp_path: Path, monkeypatch
) -> None:
    """Nothing changed: the pool starts one layout process (not one per processor) and its binder, which reads
    the kept chapters ahead of binding them into the very bytes of the build before."""
    shutil.copytree(minimal.outputs["pdf"].parent / ".cache", tmp_path / ".cache")
    pool = LayoutPool(2, PACKAGE_TEMPLATES)
    running: list[int] = []
    close = pool.close
    monkeypatch.setattr(pool, "close", lambda cancel=False: running.append(len(active_children())) or close(cancel))
    prepared: list[int] = []
    monkeypatch.setattr(pool, "prepare", lambda parts: prepared.append(len(parts)) or LayoutPool.prepare(pool, parts))
    again = compile_edition(Project.at(ROOT), str(FIXTURES / "minimal"), BuildOptions(out_dir=tmp_path), layouts=pool)
    assert running == [2] and prepared == [len(minimal.edition.chapters)]
    assert again.outputs["pdf"].read_bytes() == minimal.outputs["pdf"].read_bytes()


def test_a_damaged_cache_is_made_again_not_trusted(all_elements: BuildResult, tmp_path: Path) -> None:
    """Entries of ``.cache`` that cannot be read whole (a part cut short, its description, a page count, a
    DOCX chapter, a picture it shows) are made again: the rebuild writes the bytes of the build before."""
    for damaged_kinds in (
        ("tagged-*.pdf", "tagged-*.json", "blob-count-*", "blob-docx-image-*"),
        ("blob-docx-chapter-*",),
    ):
        out = tmp_path / damaged_kinds[0].strip("*.-")
        cache = shutil.copytree(all_elements.outputs["pdf"].parent / ".cache", out / ".cache")
        for pattern in damaged_kinds:
            paths = sorted(cache.glob(pattern))
            assert paths, pattern
            for path in paths:
                data = path.read_bytes()
                path.write_bytes(data[: len(data) // 2] if path.suffix == ".pdf" else b"{\x00" + data[2:])
        for path in cache.glob("blob-docx-document-*"):  # the whole DOCX kept would hide its chapters
            path.unlink()
        again = build(FIXTURES / "all-elements", out)
        for kind in ("pdf", "docx"):
            assert again.outputs[kind].read_bytes() == all_elements.outputs[kind].read_bytes(), (damaged_kinds, kind)


def test_what_one_process_made_for_one_folder_is_kept_in_the_next_folder_too(tmp_path: Path) -> None:
    """Two builds in one process (a library user, the tests): the second finds the drawings in memory,
    and keeps them in its own folder all the same, for the process that rebuilds it."""
    for out in ("first", "second"):
        build(FIXTURES / "all-elements", tmp_path / out, formats=("docx",))
    kept = [
        sorted(path.name for path in (tmp_path / out / ".cache").glob("blob-chart-*")) for out in ("first", "second")
    ]
    assert kept[0] and kept[0] == kept[1]
