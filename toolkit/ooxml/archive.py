"""Reading the members of a ZIP archive (an Office package) without trusting its headers.

A package's headers say how many members it has and how big each one is. A crafted file lies
(a 1 MB DOCX whose ``document.xml`` declares 4 KiB and inflates to 1 GiB) and a damaged one
fails half-way through a member (a changed CRC, one flipped byte in a deflate stream). So:

- the central directory's size is read from the end record before the directory is parsed
  (a million entries would take more memory than their bytes);
- every member is inflated in bounded chunks, counted as it comes and stopped at its limit,
  whatever its header declared, and the archive counts what all its members gave too;
- only the two compression methods Office writes (stored, deflate) are read;
- every failure is an :class:`ArchiveProblem` naming the member, never a library's exception,
  and the archive remembers it, so that a library that swallows or wraps exceptions (openpyxl
  reads members itself, through :meth:`SafeZip.open`) cannot hide it.

Member names are found as OPC finds parts: case-insensitively (``xl/SharedStrings.xml`` is
``xl/sharedStrings.xml``), with backslashes read as slashes (``xl\\workbook.xml``).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, Any, Literal

from toolkit.messages import Text

CHUNK = 64 * 1024
"""Bytes inflated at a time: what one read of a member can cost, whatever it declares."""

Kind = Literal["damaged", "too-big", "entries"]

_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    struct.error,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    KeyError,
    IndexError,
)
"""What zipfile raises on a damaged archive or member (bad CRC, truncated or broken stream, odd headers)."""


class ArchiveProblem(Exception):
    """The archive or one of its members cannot be read: ``kind`` says how, ``part`` which member."""

    def __init__(self, kind: Kind, part: str, reason: Text) -> None:
        super().__init__(f"{kind}: {part}: {reason.en}")
        self.kind = kind
        self.part = part
        self.reason = reason


def damaged(part: str, detail: Text | None = None) -> ArchiveProblem:
    """A member that cannot be inflated or whose check fails, named."""
    extra_zh = f"（{detail.zh}）" if detail else ""
    extra_en = f" ({detail.en})" if detail else ""
    return ArchiveProblem("damaged", part, Text(f"{part} 已损坏{extra_zh}", f"{part} is damaged{extra_en}"))


INCOMPLETE = Text(
    "压缩包不完整或已损坏（可能没有下载或复制完整）",
    "the archive is incomplete or damaged (perhaps cut short in a download or copy)",
)


CHECKSUM = Text("校验值不符", "checksum mismatch")
BROKEN = Text("压缩数据出错", "its compressed data is broken")
TRUNCATED = Text("压缩数据不完整", "its compressed data is incomplete")


def _too_big(part: str, limit: int) -> ArchiveProblem:
    return ArchiveProblem(
        "too-big", part, Text(f"{part} 解压后超过 {limit // 2**20} MB", f"{part} expands beyond {limit // 2**20} MB")
    )


def central_directory_entries(data: bytes) -> tuple[int, int]:
    """``(entries, directory bytes)`` from the end-of-central-directory record, before anything is parsed.

    Zip64 end records are followed when the classic fields are saturated. ``(0, 0)`` when no
    end record is found (the archive is then damaged, which opening it says).
    """
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return 0, 0
    entries, size = struct.unpack_from("<HI", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        locator = at - 20
        if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
            (end64,) = struct.unpack_from("<Q", data, locator + 8)
            if end64 + 56 <= len(data) and data[end64 : end64 + 4] == b"PK\x06\x06":
                entries, size = struct.unpack_from("<QQ", data, end64 + 32)
    return entries, size


class SafeZip(zipfile.ZipFile):
    """A ZIP archive in memory whose members are read in bounded chunks, found as OPC finds parts.

    ``part_limit`` bounds what one member may inflate to (``limits`` overrides it by name
    suffix), ``whole_limit`` what may be read at once into memory (a member read whole, rather
    than streamed a chunk at a time to a parser), ``total_limit`` what all reads together may;
    ``transform`` rewrites the bytes of XML members as they stream (Strict OOXML namespaces);
    ``hidden`` members are left out, as if the archive did not hold them.
    """

    def __init__(
        self,
        data: bytes,
        *,
        max_entries: int,
        part_limit: int,
        total_limit: int,
        limits: dict[str, int] | None = None,
        whole_limit: int | None = None,
        hidden: frozenset[str] = frozenset(),
        transform: Callable[[], StreamReplace] | None = None,
    ) -> None:
        entries, directory = central_directory_entries(data)
        if entries > max_entries or directory > max_entries * 1024:
            raise ArchiveProblem("entries", "", Text(f"压缩包内有 {entries} 个文件", f"{entries} entries"))
        self.data = data
        try:
            super().__init__(io.BytesIO(data))
        except _READ_ERRORS:
            raise ArchiveProblem("damaged", "", INCOMPLETE) from None
        if len(self.filelist) > max_entries:
            raise ArchiveProblem(
                "entries", "", Text(f"压缩包内有 {len(self.filelist)} 个文件", f"{len(self.filelist)} entries")
            )
        self.part_limit = part_limit
        self.total_limit = total_limit
        self.limits = limits or {}
        self.whole_limit = whole_limit
        self.transform = transform
        self.inflated = 0
        self.problem: ArchiveProblem | None = None
        """The first problem met while reading, kept even if a library swallowed the exception."""
        hidden_keys = {_key(name) for name in hidden}
        self.filelist = [info for info in self.filelist if _key(info.filename) not in hidden_keys]
        for info in self.filelist:
            info.filename = info.filename.replace("\\", "/")  # the local header still holds orig_filename
        self.NameToInfo = {info.filename: info for info in self.filelist}
        self._folded = {_key(info.filename): info for info in self.filelist}

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        """The member named ``name``, matched as OPC part names are: case-insensitively, ``\\`` as ``/``."""
        info = self.NameToInfo.get(name) or self._folded.get(_key(name))
        if info is None:
            raise KeyError(f"There is no item named {name!r} in the archive")
        return info

    def has(self, name: str) -> bool:
        """Whether the archive holds member ``name`` (matched as :meth:`getinfo` does)."""
        return _key(name) in self._folded

    def names(self) -> list[str]:
        """The member names, as a list whose ``in`` matches as :meth:`getinfo` does (for libraries that test it)."""
        return _Names(self)

    def open(
        self,
        name: str | zipfile.ZipInfo,
        mode: str = "r",
        pwd: bytes | None = None,
        *,  # type: ignore[override]
        force_zip64: bool = False,
    ) -> IO[bytes]:
        """A member's stream, inflated here in bounded chunks (not by zipfile, which inflates a whole
        read at once), stopped at its limit or where it outgrows its declared size, checked at its end."""
        if mode != "r":
            raise ValueError("SafeZip is read-only")
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        part = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self._remember(
                damaged(
                    part,
                    Text(
                        f"压缩方式 {info.compress_type} 不是 Office 所用的",
                        f"compression method {info.compress_type} is not Office's",
                    ),
                )
            )
        if info.flag_bits & 0x1:
            raise self._remember(damaged(part, Text("已加密", "encrypted")))
        start = info.header_offset + 30
        if self.data[info.header_offset : start - 26] != b"PK\x03\x04" or start > len(self.data):
            raise self._remember(damaged(part, Text("找不到这一部分的数据", "its data cannot be found")))
        name_length, extra_length = struct.unpack_from("<HH", self.data, info.header_offset + 26)
        start += name_length + extra_length
        stored = memoryview(self.data)[start : start + info.compress_size]
        if len(stored) < info.compress_size:
            raise self._remember(damaged(part, TRUNCATED))
        transform = self.transform() if self.transform and part.lower().endswith((".xml", ".rels")) else None
        return _Bounded(self, info, stored, self._limit(part), transform)  # type: ignore[return-value]

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        """A member's bytes, inflated in bounded chunks (never more than its limit)."""
        with self.open(name) as stream:
            return stream.read()

    def _limit(self, part: str) -> int:
        lowered = part.lower()
        return next((limit for suffix, limit in self.limits.items() if lowered.endswith(suffix)), self.part_limit)

    def _remember(self, problem: ArchiveProblem) -> ArchiveProblem:
        if self.problem is None:
            self.problem = problem
        return problem


class _Names(list):  # type: ignore[type-arg]
    """Member names whose membership test is OPC's: case-insensitive, backslashes as slashes."""

    def __init__(self, archive: SafeZip) -> None:
        super().__init__(archive.namelist())
        self.archive = archive

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.archive.has(name)


def _key(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


class _Bounded(io.RawIOBase):
    """A member's stream: at most :data:`CHUNK` bytes inflated per read, counted against the limits.

    The member's declared size and CRC are checked as it inflates: more bytes than declared is a
    lie (a bomb's or a broken file's), stopped there; fewer, or another CRC, is damage.
    """

    def __init__(
        self, archive: SafeZip, info: zipfile.ZipInfo, stored: memoryview, limit: int, transform: StreamReplace | None
    ) -> None:
        super().__init__()
        self.archive = archive
        self.info = info
        self.part = info.filename
        self.stored = stored
        self.position = 0
        self.inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        self.limit = limit
        self.count = 0
        self.crc = 0
        self.transform = transform
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            if self.archive.whole_limit is not None:
                self.limit = min(self.limit, self.archive.whole_limit)
            parts = []
            while True:
                piece = self.read(CHUNK)
                if not piece:
                    return b"".join(parts)
                parts.append(piece)
        while len(self.pending) < size and not self.done:
            self.pending += self._chunk(min(max(size, 1), CHUNK))
        out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def _chunk(self, size: int) -> bytes:
        data = self._inflate(size)
        self.count += len(data)
        self.archive.inflated += len(data)
        self.crc = zlib.crc32(data, self.crc)
        if self.count > self.info.file_size:
            raise self._fail(
                damaged(
                    self.part,
                    Text(
                        f"解压后比声明的 {self.info.file_size:,} 字节更大",
                        f"it inflates beyond the {self.info.file_size:,} bytes declared",
                    ),
                )
            )
        if self.count > self.limit:
            raise self._fail(_too_big(self.part, self.limit))
        if self.archive.inflated > self.archive.total_limit:
            raise self._fail(
                ArchiveProblem(
                    "too-big",
                    self.part,
                    Text(
                        f"解压后共超过 {self.archive.total_limit // 2**20} MB",
                        f"over {self.archive.total_limit // 2**20} MB uncompressed in all",
                    ),
                )
            )
        if self.done and (self.count != self.info.file_size or self.crc != self.info.CRC):
            raise self._fail(damaged(self.part, CHECKSUM if self.count == self.info.file_size else TRUNCATED))
        return self.transform.feed(data, final=self.done) if self.transform else data

    def _inflate(self, size: int) -> bytes:
        """Up to ``size`` more bytes of the member; ``done`` once its stream has ended."""
        if self.inflater is None:
            data = bytes(self.stored[self.position : self.position + size])
            self.position += len(data)
            self.done = self.position >= len(self.stored)
            return data
        data = b""
        try:
            while not data and not self.inflater.eof:
                feed = self.inflater.unconsumed_tail
                if not feed:
                    if self.position >= len(self.stored):
                        raise self._fail(damaged(self.part, TRUNCATED))
                    feed = bytes(self.stored[self.position : self.position + CHUNK])
                    self.position += len(feed)
                data = self.inflater.decompress(feed, size)
        except zlib.error:
            raise self._fail(damaged(self.part, BROKEN)) from None
        self.done = self.inflater.eof
        return data

    def _fail(self, problem: ArchiveProblem) -> ArchiveProblem:
        self.done = True
        return self.archive._remember(problem)


class StreamReplace:
    """Byte patterns replaced in a stream read chunk by chunk, matches across chunk ends included."""

    def __init__(self, replacements: list[tuple[bytes, bytes]]) -> None:
        self.table = dict(replacements)
        longest_first = sorted(replacements, key=lambda r: -len(r[0]))
        self.pattern = re.compile(b"|".join(re.escape(old) for old, _ in longest_first))
        self.keep = max(len(old) for old, _ in replacements) - 1
        self.carry = b""

    def feed(self, data: bytes, final: bool) -> bytes:
        """The replaced bytes that can be given out now (the last few are kept until more come)."""
        buffer = self.carry + data
        if final:
            self.carry = b""
            return self.pattern.sub(lambda m: self.table[m.group(0)], buffer)
        cut = len(buffer) - self.keep
        out: list[bytes] = []
        position = 0
        for match in self.pattern.finditer(buffer):
            if match.start() >= cut:
                break
            out += [buffer[position : match.start()], self.table[match.group(0)]]
            position = match.end()
        stop = max(cut, position)
        out.append(buffer[position:stop])
        self.carry = buffer[stop:]
        return b"".join(out)
