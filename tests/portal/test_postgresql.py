"""The whole portal suite once more, against PostgreSQL (psycopg 3) in a throwaway cluster."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT
from tests.portal.postgres import cluster


def test_the_portal_suite_passes_on_postgresql() -> None:
    if os.environ.get("DATABASE_URL"):
        return  # this is the PostgreSQL run itself
    with cluster() as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORT_PORTAL_", "DJANGO_"))}
        env["DATABASE_URL"] = url
        done = subprocess.run([sys.executable, "-m", "pytest", "tests/portal", "-q", "-p", "no:cacheprovider",
                               "--deselect", "tests/portal/test_postgresql.py", "-m", "not browser"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    assert passed >= 20 and "skipped" not in summary, summary
