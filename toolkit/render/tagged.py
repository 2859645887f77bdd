"""One structure tree for the bound book: the parts' trees merged, and what PDF/UA-1 and PDF/A-3u ask of the whole.

Each part is laid out with its own structure tree (:mod:`toolkit.render.tagged_part`). Binding
the pages alone (pypdf, qpdf, PyMuPDF) drops those trees, so the binder merges them here, as
it adds each part's pages:

- the part's tree is cloned into the book *after* its pages, from the same reader: pypdf maps
  every reference to an object it already copied to the copy, so the elements' ``/Pg`` (and the
  link annotations' ``/OBJR``) point at the bound pages, not at fresh duplicates;
- the parent tree is renumbered: each page's ``/StructParents`` and each annotation's
  ``/StructParent`` is moved on by the keys the parts before it used, and the entries with them;
- the top elements of every part become the kids of one ``Document`` element, in page order;
- the id trees are joined (the ids carry their part's prefix, so they stay unique), and so are
  role and class maps, if a part has them.

:func:`finish_catalog` then writes what the catalog of a tagged PDF/UA-1 and PDF/A-3u file holds:
``/MarkInfo``, ``/ViewerPreferences /DisplayDocTitle``, the sRGB output intent and the XMP
metadata (:func:`xmp`), whose title, authors, subject, keywords and dates repeat the document
information dictionary, as PDF/A asks.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

STANDARDS = "PDF/A-3u, PDF/UA-1"
"""What the release PDF claims: the XMP below says both."""


class StructureMerge:
    """The book's structure tree, growing as the binder adds each part's pages."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_reference = writer._add_object(self.root)
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_reference,
            }
        )
        self.document_reference = writer._add_object(self.document)
        self.kids: list[Any] = []
        self.nums: list[tuple[int, Any]] = []
        self.names: list[tuple[str, Any]] = []
        self.maps: dict[str, DictionaryObject] = {}
        self.next_key = 0
        self.output_intents: Any = None

    def add(self, reader: PdfReader, pages: list[PageObject]) -> None:
        """Merge the tree of the part read by ``reader``, whose pages were just bound as ``pages``."""
        source = reader.root_object.get("/StructTreeRoot")
        if source is None:
            return
        if self.output_intents is None and "/OutputIntents" in reader.root_object:
            self.output_intents = reader.root_object.raw_get("/OutputIntents").clone(self.writer)
        root = reader.root_object.raw_get("/StructTreeRoot").clone(self.writer).get_object()
        offset = self.next_key
        self._renumber(reader, pages, offset)
        nums = root["/ParentTree"].get_object()["/Nums"]
        for position in range(0, len(nums), 2):
            self.nums.append((offset + int(nums[position]), nums[position + 1]))
            self.next_key = max(self.next_key, offset + int(nums[position]) + 1)
        for top in root["/K"] if isinstance(root["/K"], ArrayObject) else [root["/K"]]:
            for kid in top.get_object().get("/K", ()):
                kid.get_object()[NameObject("/P")] = self.document_reference
                self.kids.append(kid)
        if "/IDTree" in root:
            names = root["/IDTree"].get_object()["/Names"]
            self.names += [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]
        for key in ("/RoleMap", "/ClassMap"):
            if key in root:
                self.maps.setdefault(key, DictionaryObject()).update(root[key].get_object())

    @staticmethod
    def _renumber(reader: PdfReader, pages: list[PageObject], offset: int) -> None:
        """Move the keys of the part's pages, annotations and forms on by ``offset``.

        pypdf leaves ``/StructParents`` out of a page it adds, and out of everything inside it (the
        forms): they are read from the part."""
        seen: set[int] = set()
        for original, page in zip(reader.pages, pages):
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(offset + int(original["/StructParents"]))
            for annotation in page.get("/Annots", ()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation and id(annotation) not in seen:
                    seen.add(id(annotation))
                    annotation[NameObject("/StructParent")] = NumberObject(offset + int(annotation["/StructParent"]))
            forms = page["/Resources"].get("/XObject", {})
            for name, form in original["/Resources"].get("/XObject", {}).items():
                copy = forms[name].get_object()
                if "/StructParents" in form.get_object() and id(copy) not in seen:  # drawn on several pages
                    seen.add(id(copy))
                    copy[NameObject("/StructParents")] = NumberObject(offset + int(form["/StructParents"]))

    def finish(self) -> None:
        """Write the merged tree into the book's catalog."""
        self.document[NameObject("/K")] = ArrayObject(self.kids)
        self.root[NameObject("/K")] = ArrayObject([self.document_reference])
        parent_tree = DictionaryObject(
            {
                NameObject("/Nums"): ArrayObject(
                    item
                    for key, value in sorted(self.nums, key=lambda pair: pair[0])
                    for item in (NumberObject(key), value)
                )
            }
        )
        self.root[NameObject("/ParentTree")] = self.writer._add_object(parent_tree)
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        if self.names:
            tree = DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        item
                        for name, value in sorted(self.names, key=lambda pair: pair[0].encode())
                        for item in (TextStringObject(name), value)
                    )
                }
            )
            self.root[NameObject("/IDTree")] = self.writer._add_object(tree)
        for key, mapping in self.maps.items():
            self.root[NameObject(key)] = mapping
        catalog = self.writer._root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_reference
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
        if self.output_intents is not None:
            catalog[NameObject("/OutputIntents")] = self.output_intents


def archival_streams(writer: PdfWriter) -> None:
    """What PDF/A-3 asks of the book's streams, just before it is written.

    - An image's ``/Interpolate`` is false (WeasyPrint sets it for ``image-rendering: auto``).
    - No stream's bytes end with a carriage return: the writer puts a line feed before ``endstream``,
      and a checker reads the CR LF pair as the end-of-line marker, one byte short of ``/Length``
      (PDF/A's rule on stream lengths). A compressed stream ends with its Adler-32 checksum, so
      about one stream in 256 does; it is written hex-encoded instead (``/ASCIIHexDecode`` in
      front of its filters), which ends with ``>``.
    """
    for stream in writer._objects:
        if not isinstance(stream, StreamObject):
            continue
        if stream.get("/Subtype") == "/Image" and stream.get("/Interpolate"):
            stream[NameObject("/Interpolate")] = BooleanObject(False)
        if stream._data.endswith(b"\r"):
            _hex_encoded(stream)


def _hex_encoded(stream: StreamObject) -> None:
    filters = stream.get("/Filter")
    filters = list(filters) if isinstance(filters, ArrayObject) else [filters] if filters is not None else []
    parameters = stream.get("/DecodeParms")
    if parameters is not None:
        parameters = list(parameters) if isinstance(parameters, ArrayObject) else [parameters]
        stream[NameObject("/DecodeParms")] = ArrayObject([NullObject(), *parameters])
    stream[NameObject("/Filter")] = ArrayObject([NameObject("/ASCIIHexDecode"), *filters])
    stream._data = stream._data.hex().encode("ascii") + b">"


def set_xmp(writer: PdfWriter, info: dict[str, str], created: str, language: str) -> None:
    """Put the XMP metadata stream into the catalog (see :func:`xmp`)."""
    stream = DecodedStreamObject()
    stream.set_data(xmp(info, created, language).encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


_EXTENSION = """
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>"""


def xmp(info: dict[str, str], created: str, language: str) -> str:
    """The XMP packet: the document information again, PDF/A-3u and PDF/UA-1 identification.

    ``info``: the document information dictionary (``/Title``, ``/Author`` as authors separated by
    “、”, ``/Subject``, ``/Keywords``, ``/Creator``, ``/Producer``); ``created``: an ISO 8601 date
    and time. PDF/A-3 knows the ``pdfuaid`` schema only through the extension schema described here.
    """
    authors = "".join(f"<rdf:li>{escape(name)}</rdf:li>" for name in info["/Author"].split("、"))
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>U</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["/Title"])}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["/Subject"])}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{escape(info["/Keywords"])}</pdf:Keywords>
   <pdf:Producer>{escape(info["/Producer"])}</pdf:Producer>
   <xmp:CreatorTool>{escape(info["/Creator"])}</xmp:CreatorTool>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{created}</xmp:ModifyDate>
   <xmp:MetadataDate>{created}</xmp:MetadataDate>{_EXTENSION}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
