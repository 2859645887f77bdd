"""The submission portal under load, as an editorial office runs it: ``compile portal serve`` on loopback.

For each database (the embedded SQLite, then PostgreSQL in a throwaway cluster on a Unix socket), on a copy
of editions/2021 (tools/portal_demo.py: example office contacts), with 51 organisations' accounts:

1. one upload on an idle portal: the upload request, and the time until its letter can be read;
2. 50 organisations upload one filled template each at the same moment (a barrier): each request's
   latency (median, p95; target p95 ≤ 1 s), the time until the last of the 50 letters (target ≤ 2× the
   serial time of 50 checks in one process, measured here too), server errors, lost or duplicated
   submissions, the register and the case folders, 50 letters;
3. 10 of them send a corrected version at once: 10 more versions, no new register entries;

with the peak memory of all the portal's processes (sampled). Then, on PostgreSQL, "past one machine":
two ``compile portal serve`` (each two web processes and two checkers) against one database and one
edition folder, 50 uploads spread over both.

    .venv/bin/python bench/portal_bench.py [--orgs 50] [--resubmit 10] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed_bench import _tree  # noqa: E402
from tests.portal.served import Browserless, Served, free_port, fresh_database, serve, served_env  # noqa: E402
from tests.submitter import fill, photo  # noqa: E402
from tools.portal_demo import prepare  # noqa: E402

PASSWORD = "bench-password-2021"
SECTION = "绿色低碳快速发展"
BODY = (
    "某协会组织会员企业开展绿色工厂建设，2020 年会员单位单位产品能耗平均下降 12%，主要污染物排放下降 20%，"
    "带动上下游 30 余家企业开展绿色改造，形成了可复制推广的行业经验，相关做法被多地主管部门推广。"
)


def organisation(n: int) -> str:
    return f"第{n:02d}号行业协会"


def values(n: int, corrected: bool) -> dict[str, str | list[str]]:
    """A filled form; the first version names an SDG that does not exist (a warning: a letter to read)."""
    return {
        "案例标题": f"第{n:02d}号协会推动绿色制造",
        "单位类型": "协会",
        "所属章节": SECTION,
        "可持续发展目标": "9、12" if corrected else "9、19",
        "案例正文": [BODY],
        "照片一图注": "会员企业厂区",
        "照片一来源": organisation(n),
        "数据来源": "协会 2020 年度报告",
        "联系人": "李四",
        "联系电话": "010-12345678",
        "同意发表": "是",
    }


def make_users(root: Path, database: str | None, count: int) -> None:
    """The accounts, in one process of their own (Django set up against that database)."""
    code = f"""
import os, sys
from pathlib import Path
from toolkit.portal.environment import PortalPlace
place = PortalPlace(Path({str(root)!r}), "2021", {database!r})
place.activate()
from toolkit.portal.serve import migrate
migrate(place)
from toolkit.portal.core.users import add_user
add_user(2021, "editor", "editor", password={PASSWORD!r})
for n in range({count}):
    add_user(2021, f"org{{n:02d}}", "submitter", f"第{{n:02d}}号行业协会", "协会", password={PASSWORD!r})
"""
    subprocess.run([sys.executable, "-c", code], check=True, env=served_env(database), cwd=ROOT)


def documents(root: Path, folder: Path, count: int) -> dict[tuple[int, bool], Path]:
    """Each organisation's template (as the portal gives it), filled: a first version and a corrected one."""
    from toolkit.diagnostics import Diagnostics
    from toolkit.project import Project
    from toolkit.readers import read_edition
    from toolkit.submissions.template import write_template

    project = Project.at(root)
    edition = read_edition(project.edition_dir("2021"), Diagnostics())
    picture = photo()
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for n in range(count):
        blank = folder / f"blank-{n}.docx"
        write_template(
            project.templates, blank, edition, filled={"organisation": organisation(n), "organisation_kind": "协会"}
        )
        for corrected in (False, True):
            target = folder / ("corrected" if corrected else "first") / f"案例{n:02d}.docx"
            target.parent.mkdir(exist_ok=True)
            made[n, corrected] = fill(blank, target, values(n, corrected), {"照片一": picture})
    return made


def serial_checks(root: Path, files: list[Path], warm_up: Path) -> float:
    """The time of checking ``files`` one after another in one process, as a worker checks each (the edition
    read, then the library's ingestion of one file), into the project ``root`` (a fresh copy)."""
    from toolkit.diagnostics import Diagnostics
    from toolkit.project import Project
    from toolkit.readers import read_edition
    from toolkit.submissions.ingest import ingest_file

    project = Project.at(root)
    edition_dir = project.edition_dir("2021")
    ingest_file(
        read_edition(edition_dir, Diagnostics()), edition_dir, warm_up, project.templates
    )  # as warm as a worker
    began = time.perf_counter()
    for path in files:
        edition = read_edition(edition_dir, Diagnostics())
        ingest_file(edition, edition_dir, path, project.templates)
    return time.perf_counter() - began


def _proportional(pid: int) -> int:
    """A process's proportional set size in bytes: its own pages, and its share of those it shares (gunicorn's
    web workers are forks of their master: a plain resident set would count the shared pages in each)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


@dataclass
class Sampler:
    """The memory of every process under the servers (proportional set sizes summed), sampled until stopped."""

    pids: list[int]
    peak: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak = max(self.peak, sum(_proportional(p) for pid in self.pids for p in _tree(pid)))


def wait_checked(editor: Browserless, total: int, seconds: float = 600) -> list[dict]:
    deadline = time.monotonic() + seconds
    while True:
        rows = editor.submissions()
        if len(rows) >= total and not any(r["status"] in ("queued", "checking") for r in rows):
            return rows
        if time.monotonic() > deadline:
            raise SystemExit(f"checks not done after {seconds} s: {len(rows)} rows")
        time.sleep(0.1)


def burst(clients: dict[int, Browserless], files: dict[int, Path]) -> tuple[list[float], list[int], float]:
    """Every client uploads its file at the same moment; (latencies, statuses, moment released)."""
    barrier = threading.Barrier(len(clients) + 1)

    def one(n: int) -> tuple[float, int]:
        data = files[n].read_bytes()
        barrier.wait()
        began = time.perf_counter()
        try:
            status = clients[n].upload(files[n].name, data, follow=False)
        except OSError:
            status = 0
        return time.perf_counter() - began, status

    with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
        futures = [pool.submit(one, n) for n in clients]
        barrier.wait()
        released = time.perf_counter()
        done = [f.result() for f in futures]
    return [d[0] for d in done], [d[1] for d in done], released


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def consistent(root: Path, rows: list[dict], expected_cases: int) -> list[str]:
    """What is wrong between the database and the edition folder (nothing, if all is well)."""
    from toolkit.submissions import register

    edition = root / "editions" / "2021"
    entries = [e for e in register.load(edition) if e.organisation.startswith("第")]
    problems = []
    if len(entries) != expected_cases:
        problems.append(f"{len(entries)} register entries, {expected_cases} expected")
    if len({e.case for e in entries}) != len(entries):
        problems.append("a case is registered twice")
    missing = [e.case for e in entries if not (edition / "cases" / e.case / "case.md").is_file()]
    if missing:
        problems.append(f"register entries without their case folder: {missing[:3]}")
    if len({r["id"] for r in rows}) != len(rows):
        problems.append("a submission is listed twice")
    if {r["case"] for r in rows if r["case"]} != {e.case for e in entries}:
        problems.append("the database and the register name different cases")
    return problems


def one_database(label: str, database: str | None, count: int, resubmit: int, work: Path) -> dict[str, object]:
    root = prepare(work / label, ROOT / "editions" / "2021")
    make_users(root, database, count + 1)
    files = documents(root, work / f"{label}-files", count + 1)
    env = served_env(database)
    served = serve(root, free_port(), env, "--workers", "2", "--checkers", "2")
    sampler = Sampler([served.process.pid])
    threading.Thread(target=sampler.run, daemon=True).start()
    try:
        editor = Browserless(served.url)
        editor.login("editor", PASSWORD)
        clients = {}
        for n in range(count + 1):
            clients[n] = Browserless(served.url)
            clients[n].login(f"org{n:02d}", PASSWORD)
        idle = count  # the last organisation uploads alone first
        began = time.perf_counter()
        assert clients[idle].upload(files[idle, False].name, files[idle, False].read_bytes(), follow=False) == 302
        idle_request = time.perf_counter() - began
        while not any(r["letter_url"] for r in clients[idle].submissions()):
            time.sleep(0.05)
        idle_letter = time.perf_counter() - began

        latencies, statuses, released = burst(
            {n: clients[n] for n in range(count)}, {n: files[n, False] for n in range(count)}
        )
        rows = wait_checked(editor, count + 1)
        last_letter = time.perf_counter() - released
        letters = sum(1 for r in rows if r["letter_url"] and r["organisation"] != organisation(idle))

        again, again_statuses, again_released = burst(
            {n: clients[n] for n in range(resubmit)}, {n: files[n, True] for n in range(resubmit)}
        )
        rows = wait_checked(editor, count + 1 + resubmit)
        resubmitted = time.perf_counter() - again_released
        problems = consistent(root, rows, count + 1)
        versions = sorted(r["version"] for r in rows)
        if versions.count(2) != resubmit:
            problems.append(f"{versions.count(2)} second versions, {resubmit} expected")
    finally:
        sampler.stop.set()
        code = served.stop()
    errors = sum(1 for s in statuses + again_statuses if s != 302) + (code != 0)
    serial = serial_checks(
        prepare(work / f"{label}-serial-source", ROOT / "editions" / "2021"),
        [files[n, False] for n in range(count)],
        files[count, False],
    )
    return {
        "label": label,
        "idle_request": idle_request,
        "idle_letter": idle_letter,
        "median": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "last_letter": last_letter,
        "serial": serial,
        "letters": letters,
        "resubmitted": resubmitted,
        "errors": errors,
        "problems": problems,
        "rows": len(rows),
        "peak": sampler.peak,
        "again_p95": percentile(again, 0.95),
    }


def two_machines(database: str, count: int, work: Path) -> dict[str, object]:
    """Two portals (each its own supervisor, two web processes, two checkers) on one database and one folder."""
    root = prepare(work / "two", ROOT / "editions" / "2021")
    make_users(root, database, count)
    files = documents(root, work / "two-files", count)
    env = served_env(database)
    first: Served = serve(root, free_port(), env, "--workers", "2", "--checkers", "2")
    second: Served = serve(root, free_port(), env, "--workers", "2", "--checkers", "2")
    try:
        clients = {}
        for n in range(count):
            clients[n] = Browserless((first if n % 2 else second).url)
            clients[n].login(f"org{n:02d}", PASSWORD)
        editor = Browserless(first.url)
        editor.login("editor", PASSWORD)
        latencies, statuses, released = burst(clients, {n: files[n, False] for n in range(count)})
        rows = wait_checked(editor, count)
        seconds = time.perf_counter() - released
        problems = consistent(root, rows, count)
    finally:
        codes = [second.stop(), first.stop()]
    return {
        "errors": sum(1 for s in statuses if s != 302) + sum(1 for c in codes if c != 0),
        "problems": problems,
        "seconds": seconds,
        "p95": percentile(latencies, 0.95),
        "rows": len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--resubmit", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgresql")
    options = parser.parse_args()
    from tests.portal.postgres import cluster

    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    load_before = os.getloadavg()[0]
    results, past = [], None
    try:
        for label in options.databases.split(","):
            if label == "sqlite":
                results.append(one_database(label, None, options.orgs, options.resubmit, work))
                continue
            with cluster() as url:
                results.append(one_database(label, fresh_database(url), options.orgs, options.resubmit, work))
                past = two_machines(fresh_database(url), options.orgs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"portal: {options.orgs} organisations uploading at once, then {options.resubmit} resubmissions "
        "(compile portal serve --workers 2 --checkers 2, loopback, editions/2021)"
    )
    print(
        f"{os.cpu_count()} processors; load average {load_before:.1f} when the run began, "
        f"{os.getloadavg()[0]:.1f} when it ended (other work on the machine slows every figure)"
    )
    for r in results:
        print(f"\n{r['label']}:")
        print(
            f"  idle portal: upload request {r['idle_request']:.2f} s, upload to letter {r['idle_letter']:.2f} s"
            " (target ≤ 5 s)"
        )
        print(
            f"  {options.orgs} at once: request median {r['median']:.2f} s, p95 {r['p95']:.2f} s (target ≤ 1 s); "
            f"last letter after {r['last_letter']:.1f} s against {r['serial']:.1f} s for {options.orgs} checks "
            f"in one process: {r['last_letter'] / r['serial']:.2f}× (target ≤ 2×)"
        )
        print(
            f"  {options.resubmit} resubmissions at once: p95 {r['again_p95']:.2f} s, all checked after "
            f"{r['resubmitted']:.1f} s"
        )
        print(
            f"  server errors {r['errors']}, submissions {r['rows']} (expected {options.orgs + 1 + options.resubmit}),"
            f" letters {r['letters']} (expected {options.orgs}), problems: {r['problems'] or 'none'}"
        )
        print(
            f"  peak memory of all the portal's processes (supervisor, gunicorn and its 2 web workers, 2 checkers; "
            f"proportional set sizes): {r['peak'] / 2**20:.0f} MiB"
        )
    if past:
        print(
            f"\npostgresql, two portals (2 web + 2 checkers each) on one database and one edition folder: "
            f"{options.orgs} uploads, p95 {past['p95']:.2f} s, all checked after {past['seconds']:.1f} s, "
            f"server errors {past['errors']}, submissions {past['rows']}, problems: {past['problems'] or 'none'}"
        )


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
