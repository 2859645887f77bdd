"""What makes a DOCX readable without seeing it: pictures' alternative texts, tables' descriptions,
the organisation in the document's properties (python-docx 1.2 has no API for any of them).

Word's accessibility checker, screen readers and LibreOffice read a picture's ``descr`` and
``title`` on its ``wp:docPr``, a table's ``w:tblCaption`` and ``w:tblDescription``, and the
``Company`` of ``docProps/app.xml``.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from toolkit.ooxml.wml import put

_PICTURE_NAME = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def describe_picture(shape: Any, description: str, title: str) -> None:
    """Give an inline picture (python-docx's ``InlineShape``) its alternative text and a short title."""
    for holder in (shape._inline.docPr, *shape._inline.iter(_PICTURE_NAME)):
        holder.set("descr", description)
        holder.set("title", title)


def describe_table(table: Any, caption: str, description: str = "") -> None:
    """A table's title and description, as Word's Table Properties › Alt Text writes them (in schema order).

    Boxes and grids are tables too: their title says what they are (案例, 专栏), so that a screen
    reader announcing a table says which.
    """
    tbl_pr = table._tbl.tblPr
    put(tbl_pr, "tblCaption").set(qn("w:val"), caption)
    if description:
        put(tbl_pr, "tblDescription").set(qn("w:val"), description)


def set_organisation(document: Any, company: str, title: str) -> None:
    """The organisation (``Company``) and the title (``TitlesOfParts``) in ``docProps/app.xml``."""
    part = next((p for p in document.part.package.iter_parts() if p.partname == "/docProps/app.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    company_node = root.find(f"{_APP}Company")
    if company_node is None:
        company_node = etree.SubElement(root, f"{_APP}Company")
    company_node.text = company
    for node in root.iterfind(f"{_APP}TitlesOfParts//{_VT}lpstr"):
        node.text = title
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
