"""Where things are: the project root, its editions, the templates, the build folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import templates as installed_templates

if TYPE_CHECKING:  # a type only: finding folders must not build the pydantic settings (start-up time)
    from toolkit.config import EditionConfig

PACKAGE_TEMPLATES = Path(installed_templates.__file__).resolve().parent
"""The templates installed with the toolkit: ``templates/`` of the checkout, installed as the data
package ``toolkit.templates`` (pyproject.toml), so found wherever the import system finds that
package, never through the current folder or a checkout. Its folder rather than
``importlib.resources.files``, which imports zipfile: 5 ms of every command's start-up."""


@dataclass(frozen=True)
class Project:
    """A checkout holding ``editions/<year>/`` folders; outputs go under its ``build/``."""

    root: Path
    templates: Path = PACKAGE_TEMPLATES

    @classmethod
    def at(cls, root: Path | None = None) -> Project:
        """The project at ``root`` (default: the current folder); ``TOOLKIT_TEMPLATES`` overrides the templates."""
        templates = Path(os.environ.get("TOOLKIT_TEMPLATES", PACKAGE_TEMPLATES))
        return cls(root=(root or Path.cwd()).resolve(), templates=templates.resolve())

    def edition_dir(self, year: str) -> Path:
        """The folder of edition ``year`` (``editions/<year>``); a path is taken as the folder itself."""
        if str(year).isdigit():
            return self.root / "editions" / str(year)
        return (self.root / year).resolve()

    def output_dir(self, config: EditionConfig, override: Path | None = None) -> Path:
        """Where the report of ``config`` is written: ``--out``, the manifest's choice, or ``build/<year>``."""
        if override is not None:
            return override.resolve()
        if config.output.directory:
            return (self.root / config.output.directory).resolve()
        return self.root / "build" / str(config.year)
