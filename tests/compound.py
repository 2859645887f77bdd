"""Writing small OLE compound files (the container of .doc, .xls and encrypted .docx) for tests.

olefile only reads them; this writes the simplest valid layout: 512-byte sectors,
one FAT sector, one directory sector, every stream padded to 4096 bytes so that
none lives in the mini stream.
"""

from __future__ import annotations

import struct

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512
_STREAM = 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` (at most three, each at most 4096 bytes)."""
    assert len(streams) <= 3 and all(len(data) <= _STREAM for data in streams.values())
    per_stream = _STREAM // _SECTOR
    fat = [_FAT, _END]
    entries = [_entry("Root Entry", 5, child=1 if streams else _FREE, start=_END, size=0)]
    for number, name in enumerate(streams, start=1):
        start = len(fat)
        fat += list(range(start + 1, start + per_stream)) + [_END]
        sibling = number + 1 if number < len(streams) else _FREE
        entries.append(_entry(name, 2, right=sibling, start=start, size=_STREAM))
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    body = b"".join(data.ljust(_STREAM, b"\0") for data in streams.values())
    return _header() + struct.pack(f"<{len(fat)}I", *fat) + directory + body


def _header() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, _STREAM, _END, 0, _END, 0)
    difat = [0] + [_FREE] * 108
    return header + struct.pack("<109I", *difat)


def _entry(name: str, kind: int, child: int = _FREE, right: int = _FREE, start: int = _END, size: int = 0) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    record = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    record += struct.pack("<III", _FREE, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
    record += struct.pack("<IQ", start, size)
    assert len(record) == 128
    return record


def word97(encrypted: bool = False) -> bytes:
    """A Word 97-2003 file as far as sniffing goes: a WordDocument stream whose FIB says if it is encrypted."""
    fib = bytearray(64)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)  # wIdent, nFib
    struct.pack_into("<H", fib, 10, 0x0100 if encrypted else 0)
    return compound_file({"WordDocument": bytes(fib), "1Table": b"\0" * 16})


def encrypted_docx() -> bytes:
    """What Word writes for a DOCX with an opening password: a compound file with the encrypted package."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x10" * 64})
