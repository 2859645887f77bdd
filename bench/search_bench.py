#!/usr/bin/env python3
"""The web edition's search index: how long indexing takes cold and warm, and how big the index is.

    .venv/bin/python bench/search_bench.py [--year 2021] [--repeat 5] [--times 10]

Prints, measured in this one run (each time the median of ``--repeat``):

- indexing the site's pages (``web_search.index_site``, in this process): cold (an empty cache),
  warm with nothing changed, and warm after one page changed (a paragraph added to a chapter),
  and that the warm index has the bytes of a cold one;
- ``compile edition YEAR --format html`` as a user runs it, cold and after a one-paragraph edit;
- the index's size: all its files, gzip-compressed as a server may send them, and what one search
  loads (the entry file, the shards of the query's 2-grams, the data of the pages holding them)
  for a few queries;
- the same indexing times for a synthetic edition ``--times`` the size (``bench/synthetic_edition.py``).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_edition import make as make_synthetic  # noqa: E402

from toolkit.diagnostics import Diagnostics  # noqa: E402
from toolkit.project import PACKAGE_TEMPLATES  # noqa: E402
from toolkit.readers import read_edition  # noqa: E402
from toolkit.render.web import render_site  # noqa: E402
from toolkit.render.web_search import (  # noqa: E402
    SEARCH_FOLDER,
    PageMemo,
    index_site,
    normalize,
    query_grams,
    read_data,
    search_files,
    shard_of,
)

QUERIES = ("新能源汽车", "光谷", "5G 基站", "疫苗", "一带一路")


def _site(edition: Path) -> dict[str, bytes]:
    model = read_edition(edition, Diagnostics())
    assert model is not None, edition
    return render_site(model, PACKAGE_TEMPLATES)


def _edited(site: dict[str, bytes], number: int) -> dict[str, bytes]:
    """The site with a paragraph added to its largest chapter (what a one-paragraph edit does to the pages)."""
    chapter = max((path for path in site if path.startswith("chapters/")), key=lambda path: len(site[path]))
    added = f"<p>基准测试第 {number} 次修改所加的一段。</p></main>".encode()
    return {**site, chapter: site[chapter].replace(b"</main>", added)}


def _timed(work: object) -> float:
    began = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - began


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / SEARCH_FOLDER).rglob("*") if p.is_file()
    }


def indexing(site: dict[str, bytes], scratch: Path, repeat: int) -> tuple[float, float, float, bool]:
    """Median seconds to index ``site`` cold, warm unchanged, warm after one page changed; warm bytes == cold bytes."""
    cold, warm, edited = [], [], []
    for run in range(repeat):
        cache = scratch / f"cache-{run}"
        cold.append(_timed(partial(index_site, site, scratch / f"cold-{run}", cache)))
        warm.append(_timed(partial(index_site, site, scratch / f"warm-{run}", cache)))
        changed = _edited(site, run)
        edited.append(_timed(partial(index_site, changed, scratch / f"edited-{run}", cache)))
    index_site(changed, scratch / "edited-cold", scratch / "fresh-cache")
    same = _files(scratch / "cold-0") == _files(scratch / "warm-0") and _files(
        scratch / f"edited-{repeat - 1}"
    ) == _files(scratch / "edited-cold")
    return statistics.median(cold), statistics.median(warm), statistics.median(edited), same


def loaded_by(files: dict[str, bytes], query: str) -> int:
    """Bytes one search for ``query`` loads: the entry file, its grams' shards, the candidate pages' data."""
    data = {name: (path, value) for path, (name, value) in ((p, read_data(c)) for p, c in files.items())}
    index = data["index"][1]
    grams = query_grams(normalize(query))
    shards = {index["shards"][shard_of(gram, len(index["shards"]))] for gram in grams}  # type: ignore[index]
    pages = None
    for gram in grams:
        holding = set(data[index["shards"][shard_of(gram, len(index["shards"]))]][1].get(gram, []))  # type: ignore
        pages = holding if pages is None else pages & holding
    names = ["index", *shards, *(index["pages"][page]["data"] for page in pages or ())]  # type: ignore[index]
    return sum(len(files[data[name][0]]) for name in names)


def whole_process(year: str, root: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of ``compile edition YEAR --format html``: cold, and after editing one paragraph."""
    command = [str(BIN / "compile"), "edition", year, "--root", str(root), "--format", "html", "--out"]
    chapter = sorted((root / "editions" / year / "chapters").glob("*.md"))[-1]
    cold, warm = [], []
    for run in range(repeat):
        out = root / f"out-{run}"
        cold.append(_timed(partial(subprocess.run, [*command, str(out)], check=True, capture_output=True)))
        chapter.write_text(
            chapter.read_text(encoding="utf-8") + f"\n基准测试第 {run} 次修改所加的一段。\n", encoding="utf-8"
        )
        warm.append(_timed(partial(subprocess.run, [*command, str(out)], check=True, capture_output=True)))
    return statistics.median(cold), statistics.median(warm)


def _kib(size: int) -> str:
    return f"{size / 1024:7.1f} KiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2021")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--times", type=int, default=10, help="size of the synthetic edition (0: leave it out)")
    args = parser.parse_args()
    year, repeat = args.year, args.repeat
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch_name:
        scratch = Path(scratch_name)
        shutil.copytree(ROOT / "editions", scratch / "editions")
        site = _site(scratch / "editions" / year)
        pages = sum(1 for path in site if path.endswith(".html"))
        cold, warm, edited, same = indexing(site, scratch / "index", repeat)
        files = search_files(site, PageMemo())
        print(f"edition {year}: {pages} pages; median of {repeat} runs")
        print(f"  index, cold (empty cache)          {cold * 1000:7.1f} ms")
        print(f"  index, warm, nothing changed       {warm * 1000:7.1f} ms   {warm / cold:.3f} of cold")
        print(f"  index, warm, one page changed      {edited * 1000:7.1f} ms   {edited / cold:.3f} of cold")
        print(f"  warm index has the bytes of a cold one: {same}")
        total, packed = sum(map(len, files.values())), sum(len(gzip.compress(c, 9, mtime=0)) for c in files.values())
        print(f"  index size: {len(files)} files, {_kib(total)} ({_kib(packed)} gzip-compressed)")
        for query in QUERIES:
            print(f"  one search for {query:<10} loads {_kib(loaded_by(files, query))}")
        process_cold, process_warm = whole_process(year, scratch, repeat)
        print(f"  compile edition {year} --format html, cold               {process_cold:6.2f} s")
        print(
            f"  the same after a one-paragraph edit (warm)          {process_warm:6.2f} s   "
            f"{process_warm / process_cold:.3f} of cold"
        )
        if args.times:
            big = scratch / "big" / year
            make_synthetic(ROOT / "editions" / year, big, args.times)
            big_site = _site(big)
            cold, warm, edited, same = indexing(big_site, scratch / "big-index", repeat)
            big_pages = sum(1 for path in big_site if path.endswith(".html"))
            big_files = search_files(big_site, PageMemo())
            print(
                f"synthetic edition, {args.times}× {year}: {big_pages} pages, "
                f"index {_kib(sum(map(len, big_files.values())))}"
            )
            print(
                f"  index, cold / warm / one page changed   {cold * 1000:.1f} / {warm * 1000:.1f} / "
                f"{edited * 1000:.1f} ms   (warm {warm / cold:.3f}, edited {edited / cold:.3f} of cold); "
                f"same bytes: {same}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
