"""Where the portal keeps its state, and how a command tells the Django processes about it.

No Django here: ``compile portal`` computes the paths and the environment of its child
processes (gunicorn, the worker) before Django is imported, and :mod:`.settings` reads the
same variables back. One edition folder, one ``portal/`` folder beside ``editions/``:

- ``<root>/portal/portal.sqlite3``  the embedded database (SQLite in WAL mode), unless
  ``--database postgresql://…`` or ``DATABASE_URL`` names another;
- ``<root>/portal/uploads/``        every upload, byte for byte, under a generated name;
- ``<root>/portal/mail/``           mail as files, when no SMTP server is configured;
- ``<root>/portal/secret_key``      the signing key, made on first start (mode 0600).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = "REPORT_PORTAL_ROOT"
YEAR = "REPORT_PORTAL_YEAR"
DATABASE = "DATABASE_URL"
HOSTS = "REPORT_PORTAL_HOSTS"
TLS = "REPORT_PORTAL_TLS"
SMTP = "REPORT_PORTAL_SMTP"
"""``host:port`` of an SMTP server: mail goes there instead of into ``portal/mail/``."""
BASE_URL = "REPORT_PORTAL_URL"
"""The address users reach the portal at (invitation links in mail and on the terminal)."""


@dataclass(frozen=True)
class PortalPlace:
    """The portal of one project folder: where its state lives."""

    root: Path
    year: str
    database: str | None = None

    @property
    def folder(self) -> Path:
        """``<root>/portal``: the database, uploads, mail and key of the portal."""
        return self.root / "portal"

    @property
    def sqlite(self) -> Path:
        return self.folder / "portal.sqlite3"

    def environment(self, **extra: str) -> dict[str, str]:
        """The environment of a process that runs the portal's Django."""
        env = dict(os.environ)
        env.update({ROOT: str(self.root), YEAR: self.year, "DJANGO_SETTINGS_MODULE": "toolkit.portal.settings"})
        if self.database:
            env[DATABASE] = self.database
        env.update(extra)
        return env

    def activate(self, **extra: str) -> None:
        """Set the environment of this process, before Django is set up in it."""
        os.environ.update({k: v for k, v in self.environment(**extra).items() if os.environ.get(k) != v})
