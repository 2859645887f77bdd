"""One embedded font program per face in a bound book, instead of one per part.

Each part of the book embeds its own subset of each font, so a bound book
would carry the Chinese fonts ten times over (and the folio parts holding the page
numbers, drawn as form XObjects, once more). WeasyPrint subsets with
``RETAIN_GIDS``: a glyph keeps its identifier in every part. So the parts'
font programs can all be replaced by one subset of the original font holding
the union of the glyphs the parts use (read from their ``/W`` width arrays),
and every part's text stays as it is.

The union subset is made with HarfBuzz (``libharfbuzz-subset``, the library
WeasyPrint itself uses) with WeasyPrint's own options; the original font is
found through fontconfig (:mod:`toolkit.render.system_fonts`) from the family and
style named in the subset.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cffi

from toolkit.render import system_fonts

if TYPE_CHECKING:
    from pypdf import PdfWriter

_FFI = cffi.FFI()
_FFI.cdef("""
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    hb_blob_t * hb_blob_create_from_file (const char *file_name);
    void hb_blob_destroy (hb_blob_t *blob);
    const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t * hb_face_reference_blob (hb_face_t *face);
    void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
    hb_tag_t hb_tag_from_string (const char *str, int len);
    hb_subset_input_t * hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_glyph_set (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
    hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
""")
_RETAIN_GIDS, _NO_HINTING, _PASSTHROUGH, _DESUBROUTINIZE = 0x2, 0x1, 0x20, 0x8
_DROP_TABLE_SET = 3  # HB_SUBSET_SETS_DROP_TABLE_TAG
_DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@lru_cache(maxsize=1)
def _libraries() -> tuple[Any, Any]:
    return _FFI.dlopen("libharfbuzz.so.0"), _FFI.dlopen("libharfbuzz-subset.so.0")


def subsetting_available() -> bool:
    """Whether HarfBuzz's subsetting library loads (``libharfbuzz-subset0``)."""
    try:
        _libraries()
    except OSError:
        return False
    return True


def subset(path: Path, index: int, glyphs: set[int]) -> bytes | None:
    """The font at ``path``/``index`` reduced to ``glyphs``, identifiers kept; ``None`` if HarfBuzz fails."""
    hb, hbs = _libraries()
    blob = hb.hb_blob_create_from_file(str(path).encode())
    face = hb.hb_face_create(blob, index)
    plan = hbs.hb_subset_input_create_or_fail()
    try:
        if plan == _FFI.NULL:
            return None
        gid_set = hbs.hb_subset_input_glyph_set(plan)
        for gid in sorted(glyphs | {0}):
            hb.hb_set_add(gid_set, gid)
        drop = hbs.hb_subset_input_set(plan, _DROP_TABLE_SET)
        for tag in _DROPPED:
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
        hbs.hb_subset_input_set_flags(plan, _RETAIN_GIDS | _NO_HINTING | _PASSTHROUGH | _DESUBROUTINIZE)
        result = hbs.hb_subset_or_fail(face, plan)
        if result == _FFI.NULL:
            return None
        out_blob = hb.hb_face_reference_blob(result)
        length = _FFI.new("unsigned int *")
        data = _FFI.buffer(hb.hb_blob_get_data(out_blob, length), length[0])[:]
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return data
    finally:
        if plan != _FFI.NULL:
            hbs.hb_subset_input_destroy(plan)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


@dataclass
class _Face:
    """The fonts of the book that embed subsets of one original face."""

    descriptors: list[Any]
    glyphs: set[int]
    sample: bytes
    stream: Any


def _system_font(sample: bytes) -> tuple[Path, int] | None:
    """The installed font a subset was made from, by the family and style its name table gives."""
    from fontTools.ttLib import TTFont  # here: a rebuild whose unions are kept does not need it

    names = TTFont(io.BytesIO(sample), lazy=True)["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    style = names.getDebugName(17) or names.getDebugName(2) or "Regular"
    if not family:
        return None
    found = system_fonts.match(family, style)
    if found is None or found.file is None or not found.file.is_file():
        return None
    return found.file, found.index


def _widths_glyphs(widths: Any) -> set[int]:
    """Glyph identifiers listed in a CIDFont ``/W`` array."""
    glyphs: set[int] = set()
    items = list(widths or [])
    position = 0
    while position < len(items):
        first = int(items[position])
        following = items[position + 1]
        if isinstance(following, list):
            glyphs.update(range(first, first + len(following)))
            position += 2
        else:
            glyphs.update(range(first, int(following) + 1))
            position += 3
    return glyphs


def _fonts_of(resources: Any, depth: int = 0) -> Iterator[Any]:
    """The fonts of a page's resources, and of the form XObjects it draws (the stamped page numbers)."""
    resources = resources.get_object() if resources is not None else {}
    yield from resources.get("/Font", {}).values()
    if depth < 2:
        for reference in resources.get("/XObject", {}).values():
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _fonts_of(xobject.get("/Resources"), depth + 1)


def unify_fonts(writer: PdfWriter, cache: MutableMapping[str, bytes]) -> None:
    """Point every part's copy of a face at one union subset of it (see the module docstring)."""
    from pypdf.generic import EncodedStreamObject, NameObject  # the binder's: the build's font check needs none

    faces: dict[str, _Face] = {}
    seen: set[int] = set()
    for page in writer.pages:
        for reference in _fonts_of(page.get("/Resources", {})):
            font = reference.get_object()
            if font.get("/Subtype") != "/Type0" or id(font) in seen:
                continue
            seen.add(id(font))
            cid_font = font["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"].get_object()
            key_name = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
            if key_name not in descriptor:
                continue
            stream = descriptor[key_name].get_object()
            face_name = str(descriptor["/FontName"]).split("+", 1)[-1]
            face = faces.get(face_name)
            if face is None:
                face = faces[face_name] = _Face([], set(), stream.get_data(), stream)
            face.descriptors.append((descriptor, key_name))
            face.glyphs |= _widths_glyphs(cid_font.get("/W"))
    for face in faces.values():
        if len(face.descriptors) < 2:
            continue
        deflated = _deflated_union(face, cache)
        if deflated is None:
            continue
        replacement = EncodedStreamObject()  # as pypdf's flate_encode makes it, from the deflated bytes kept
        for key, value in face.stream.items():
            if key not in ("/Length", "/Filter", "/DecodeParms", "/Length1", "/Length2", "/Length3"):
                replacement[NameObject(key)] = value
        replacement[NameObject("/Filter")] = NameObject("/FlateDecode")
        replacement._data = deflated
        reference = writer._add_object(replacement)
        for descriptor, key_name in face.descriptors:
            descriptor[NameObject(key_name)] = reference


def _deflated_union(face: _Face, cache: MutableMapping[str, bytes]) -> bytes | None:
    """The union subset of a face, deflated as a PDF stream's data.

    Finding the installed font of a subset reads its name table (fontTools) and asks fontconfig,
    and deflating a Chinese font takes a while: a rebuild finds the deflated union by the subset
    and the glyphs, and does neither.
    """
    from pypdf.filters import FlateDecode

    seen = (
        "union-" + hashlib.sha256(hashlib.sha256(face.sample).digest() + str(sorted(face.glyphs)).encode()).hexdigest()
    )
    if seen not in cache:
        data = _union(face, cache)
        if data is None:
            return None
        cache[seen] = FlateDecode.encode(data)
    return cache[seen]


def _union(face: _Face, cache: MutableMapping[str, bytes]) -> bytes | None:
    source = _system_font(face.sample)
    if source is None:
        return None
    key = hashlib.sha256(f"{source[0]}|{source[1]}|{sorted(face.glyphs)}".encode()).hexdigest()
    if key not in cache:
        data = subset(source[0], source[1], face.glyphs)
        if data is None:
            return None
        cache[key] = data
    return cache[key]
