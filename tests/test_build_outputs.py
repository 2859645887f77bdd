"""What a build writes, however it is made: layout processes, stamped page numbers, draft rounds."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, build, pdf_pages
from toolkit.build import BuildOptions, BuildResult, compile_edition
from toolkit.errors import EnvironmentProblems
from toolkit.model import Draft
from toolkit.project import PACKAGE_TEMPLATES, Project
from toolkit.render.workers import LayoutPool

_ENTRY = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", flags=re.M)
_OPENER_ENTRY = re.compile(r"^\s*(\S.*?\S)\s{3,}(\d+)\s*$", flags=re.M)


# --- one process or several: the same bytes --------------------------------------------------------------------


@pytest.mark.slow  # two builds, one of them by three processes
def test_one_or_several_layout_processes_give_the_same_bytes(tmp_path: Path) -> None:
    alone = build(FIXTURES / "all-elements", tmp_path / "alone", jobs=1)
    shared = build(FIXTURES / "all-elements", tmp_path / "shared", jobs=3)
    assert alone.outputs["pdf"].read_bytes() == shared.outputs["pdf"].read_bytes()
    assert alone.outputs["docx"].read_bytes() == shared.outputs["docx"].read_bytes()


def test_the_real_edition_comes_out_the_same_from_two_processes(edition_2021: BuildResult, tmp_path: Path) -> None:
    """The session's 2021 build is laid out in this process; this one by two layout processes."""
    parallel = build("2021", tmp_path, jobs=2, formats=("pdf",))
    assert parallel.pages == edition_2021.pages == 51
    assert parallel.outputs["pdf"].read_bytes() == edition_2021.outputs["pdf"].read_bytes()


# --- printed page numbers: exactly where the pages are -------------------------------------------------------------


def test_contents_and_opener_numbers_are_the_pages_of_the_headings(edition_2021: BuildResult) -> None:
    pages = pdf_pages(edition_2021.outputs["pdf"])
    flat = [re.sub(r"\s+", "", page) for page in pages]
    contents = {re.sub(r"\s+", "", title): int(number) for title, number in _ENTRY.findall(pages[1])}
    chapters = edition_2021.edition.chapters
    assert len(contents) == len(chapters) + sum(len(c.sections) for c in chapters) == 27
    headings = [(c.title, c.title) for c in chapters] + [(s.full_title, s.title) for c in chapters for s in c.sections]
    for entry, heading in headings:  # a two-part section prints its kicker and theme on lines of their own
        number = contents[re.sub(r"\s+", "", entry)]
        assert re.sub(r"\s+", "", heading) in flat[number - 1], f"{heading} is not on page {number}"
    openers = 0
    for chapter in chapters:
        if chapter.kind != "chapter" or not chapter.sections or not chapter.opener:
            continue
        opener = {
            re.sub(r"\s+", "", title): int(number)
            for title, number in _OPENER_ENTRY.findall(pages[contents[re.sub(r"\s+", "", chapter.title)] - 1])
        }
        for section in chapter.sections:
            title = re.sub(r"\s+", "", section.full_title)
            assert opener.get(title) == contents[title], (chapter.title, title, opener)
        openers += 1
    assert openers == 4


def test_every_page_but_the_cover_and_blank_versos_carries_its_number(edition_2021: BuildResult) -> None:
    pages = pdf_pages(edition_2021.outputs["pdf"])
    blank = []
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if not lines:
            blank.append(number)
        elif number > 1:
            assert lines[-1] == str(number), (number, lines[-3:])
    # the only pages without a number: the cover, and blank left-hand pages before a chapter opening on the right
    openers = len(edition_2021.edition.chapters)
    assert all(number % 2 == 0 for number in blank) and 0 < len(blank) <= openers, blank


@pytest.mark.slow  # two builds
def test_adding_a_page_to_a_chapter_lays_out_no_other_chapter_again(tmp_path: Path, monkeypatch) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "all-elements", edition)
    out = tmp_path / "out"
    before = build(edition, out)
    chapter = sorted((edition / "chapters").glob("*.md"))[1]
    text = chapter.read_text(encoding="utf-8")
    # two pages more: one more would fill the blank page before the next chapter
    chapter.write_text(
        text.rstrip() + "\n\n" + "\n\n".join(["新增的段落，用来把本章撑长一页。" * 12] * 24) + "\n", encoding="utf-8"
    )
    from toolkit.render import workers

    laid_out: list[str] = []
    real = workers.lay_out

    def counting(request):
        title = re.search(r'<h1 class="(?:chapter|toc)-title"[^>]*>([^<]+)', request.html)
        laid_out.append(title.group(1) if title else "folio")
        return real(request)

    monkeypatch.setattr(workers, "lay_out", counting)
    after = build(edition, out)
    assert after.pages > before.pages
    # the lengthened chapter and the case index, whose numbers moved; the contents and the folios
    assert sorted(laid_out) == sorted(["抗击新冠疫情 助力全球经济复苏", "案例索引", "目录", "folio"]), laid_out


# --- a layout process that dies --------------------------------------------------------------------------------


def test_a_layout_process_that_dies_is_a_machine_problem_not_a_hang(tmp_path: Path) -> None:
    pool = LayoutPool(2, PACKAGE_TEMPLATES, started=2)
    started = time.monotonic()
    while len(multiprocessing.active_children()) < 2 and time.monotonic() - started < 120:
        time.sleep(0.05)  # the pool starts its processes in the background
    assert len(multiprocessing.active_children()) >= 2
    for process in multiprocessing.active_children():
        process.kill()  # as the kernel does when memory runs out
    with pytest.raises(EnvironmentProblems) as stopped:
        compile_edition(
            Project.at(ROOT),
            str(FIXTURES / "minimal"),
            BuildOptions(out_dir=tmp_path, formats=("pdf", "docx")),
            layouts=pool,
        )
    assert [d.code for d in stopped.value.diagnostics] == ["EN003"]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.docx"))


# --- drafts leave the final report alone ----------------------------------------------------------------------------


def test_a_draft_is_written_to_its_round_only_and_leaves_the_final_outputs_as_they_were(tmp_path: Path) -> None:
    final = build(FIXTURES / "minimal", tmp_path)
    kept = {kind: (path.read_bytes(), path.stat().st_mtime_ns) for kind, path in final.outputs.items()}
    assert set(kept) == {"pdf", "docx"}
    draft = build(FIXTURES / "minimal", tmp_path, draft=Draft(date=dt.date(2021, 10, 8)))
    assert {kind: (path.read_bytes(), path.stat().st_mtime_ns) for kind, path in final.outputs.items()} == kept
    folder = tmp_path / "drafts" / "1"
    assert draft.round is not None and draft.round.folder == folder
    assert {path.parent for path in draft.outputs.values()} == {folder}
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*(p.name for p in final.outputs.values()), "model.json.gz", "round.json"]
    )
    assert "征求意见稿" in "".join(pdf_pages(draft.outputs["pdf"])).replace(" ", "")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".docx")) == sorted(
        p.name for p in final.outputs.values()
    )
