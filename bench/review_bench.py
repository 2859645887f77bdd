#!/usr/bin/env python3
"""Benchmark what review adds: the blocks' hashes in the web edition, and re-anchoring comments on a next round.

    .venv/bin/python bench/review_bench.py 2021 [--root .] [--comments 300]

Prints, in one run, on the edition's web pages made in memory (``render_site``):
- the share of the web edition's rendering spent hashing its blocks (``stamp_blocks``; target <= 0.15);
- reading the pages back as text and blocks (what the portal does once per round);
- re-anchoring N comments (quotes of 4–40 characters taken at random from the paragraphs) on a
  "next round" where every 7th paragraph is deleted and every 5th reworded at its start: time per
  comment (target <= 20 ms) and how many came out kept, moved, changed, orphaned.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.diagnostics import Diagnostics  # noqa: E402
from toolkit.project import Project  # noqa: E402
from toolkit.readers import read_edition  # noqa: E402
from toolkit.render import web_blocks  # noqa: E402
from toolkit.render.web import render_site  # noqa: E402
from toolkit.review.anchoring import Quote, context, reanchor  # noqa: E402


def _pages(site: dict[str, bytes]) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in site.items() if path.endswith(".html")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--comments", type=int, default=300)
    args = parser.parse_args()
    project = Project.at(args.root)
    edition = read_edition(project.edition_dir(args.year), Diagnostics())

    stamp = web_blocks.stamp_blocks
    stamped_time = [0.0]

    def timed(html: str) -> str:
        began = time.perf_counter()
        out = stamp(html)
        stamped_time[0] += time.perf_counter() - began
        return out

    sys.modules["toolkit.render.web"].stamp_blocks = timed  # type: ignore[attr-defined]  # timed where the site calls it
    began = time.perf_counter()
    pages = _pages(render_site(edition, project.templates))
    total = time.perf_counter() - began
    print(
        f"web edition: {len(pages)} pages, {sum(len(p) for p in pages.values()) / 1e6:.2f} M characters, "
        f"rendered in {total:.2f} s; hashing the blocks {stamped_time[0]:.3f} s "
        f"= {stamped_time[0] / total:.2f} of it (target <= 0.15)"
    )

    began = time.perf_counter()
    old = {path: web_blocks.read_page(html, path) for path, html in pages.items()}
    print(f"pages read back as text and blocks: {time.perf_counter() - began:.3f} s")

    rng = random.Random(23)
    paragraphs = [
        (path, b) for path, page in old.items() for b in page.blocks if b.tag == "p" and b.end - b.start >= 12
    ]
    new_pages = {}
    for path, html in pages.items():
        for index, (_, block) in enumerate(p for p in paragraphs if p[0] == path):
            text = old[path].block_text(block)
            if index % 7 == 3:
                html = html.replace(f">{text}<", "><", 1)
            elif index % 5 == 1:
                html = html.replace(f">{text}<", f">修订：{text[3:]}<", 1)
        new_pages[path] = web_blocks.read_page(html, path)
    quotes = []
    for _ in range(args.comments):
        path, block = rng.choice(paragraphs)
        start = rng.randrange(block.start, block.end - 4)
        end = min(block.end, start + rng.randint(4, 40))
        prefix, suffix = context(old[path], start, end)
        quotes.append(Quote(path, old[path].text[start:end], prefix, suffix, start, end))
    began = time.perf_counter()
    states = collections.Counter(reanchor(q, old[q.page], new_pages).state for q in quotes)
    each = (time.perf_counter() - began) / max(len(quotes), 1)
    print(
        f"re-anchoring {len(quotes)} comments: {each * 1000:.1f} ms each (target <= 20); "
        + ", ".join(f"{state} {states[state]}" for state in ("kept", "moved", "changed", "orphaned"))
    )


if __name__ == "__main__":
    main()
