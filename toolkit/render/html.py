"""Model → HTML for the PDF, through the Jinja templates in ``templates/pdf/``.

Text from the edition is only ever a template *value*: autoescaping is on and
no input is compiled as a template. Images are referenced as ``asset:`` URLs
that the PDF stage's fetcher serves from the model.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from toolkit.model import Edition, LineBreak, Span

ASSET_SCHEME = "asset:"


def asset_url(src: str) -> str:
    """The URL under which an image of the model is served to WeasyPrint."""
    return ASSET_SCHEME + quote(src)


def inlines_html(inlines: list[Span | LineBreak]) -> Markup:
    """Inline content as safe HTML: every text escaped, styles as tags."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, LineBreak):
            parts.append("<br>")
            continue
        text = str(escape(item.text))
        if item.bold:
            text = f"<strong>{text}</strong>"
        if item.italic:
            text = f"<em>{text}</em>"
        if item.href:
            text = f'<a href="{escape(item.href)}">{text}</a>'
        parts.append(text)
    return Markup("".join(parts))


def make_environment(templates_dir: Path) -> Environment:
    """The Jinja environment of the PDF templates."""
    env = Environment(
        loader=FileSystemLoader(templates_dir / "pdf"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inlines"] = inlines_html
    env.globals["asset_url"] = asset_url
    return env


def render_html(edition: Edition, templates_dir: Path) -> str:
    """The whole report as one HTML document."""
    template = make_environment(templates_dir).get_template("report.html")
    return template.render(edition=edition, config=edition.config, tables=edition.tables,
                           assets=edition.assets)
