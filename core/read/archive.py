"""Zip archives, read in memory within limits shared with every archive nested in them; nothing is extracted to disk."""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from core.errors import UnreadableFile
from core.read.limits import INVISIBLE, Budget, Refused, human_size, too_big
from core.read.lines import is_wide
from core.settings import Settings

logger = logging.getLogger(__name__)

# Below this size a high compression ratio is harmless (a page of spaces compresses 100:1); the
# ratio check exists to stop members that would expand to something big.
_RATIO_CHECK_FLOOR = 1024 * 1024
_READ_CHUNK = 1024 * 1024
_JUNK_MEMBERS = {"thumbs.db", "desktop.ini"}


def _member_path(info: zipfile.ZipInfo) -> str:
    """The member's path with '/' separators, repairing names written in GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        raw = name.encode("cp437")  # zipfile decoded the raw name as cp437, so this is lossless
        for encoding in ("utf-8", "gb18030"):
            try:
                decoded = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if encoding == "utf-8" or any(is_wide(ch) for ch in decoded):
                name = decoded
                break
    name = name.replace("\\", "/")
    return "".join(ch for ch in name if unicodedata.category(ch) not in INVISIBLE)


def _is_unsafe(path: str) -> bool:
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:", path)) or ".." in path.split("/")


def _is_skipped(info: zipfile.ZipInfo, path: str) -> bool:
    """Folders and operating-system clutter (__MACOSX, dot files, Thumbs.db) are not the user's files."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return (info.is_dir() or not parts or parts[-1].casefold() in _JUNK_MEMBERS
            or any((part.startswith(".") and part != "..") or part == "__MACOSX" for part in parts))


def read_zip(name: str, data: bytes, settings: Settings, depth: int,
             budget: Budget) -> Iterator[tuple[str, bytes] | UnreadableFile]:
    """Every member's (name, bytes), read in memory within the limits of `settings` shared with
    nested archives; a refused member comes as an `UnreadableFile` in its place.

    `depth` counts this archive: 1 for an uploaded zip, 2 for a zip inside it.
    """
    expands_too_far = f"archive expands beyond the {human_size(settings.zip_max_total_bytes)} limit"
    if depth > settings.zip_max_depth:
        yield UnreadableFile(name, f"archive nested too deeply (more than {settings.zip_max_depth} levels)")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members: list[tuple[zipfile.ZipInfo, str]] = []
        for info in archive.infolist():
            path = _member_path(info)
            if not _is_skipped(info, path):
                members.append((info, path))
    except Exception:
        logger.info("not a zip: %s", name, exc_info=True)
        yield UnreadableFile(name, "not a valid zip archive")
        return
    with archive:
        if not members:
            yield UnreadableFile(name, "archive contains no files")
            return
        if len(members) > budget.members_left:
            yield UnreadableFile(name, f"archive has {len(members):,} files, over the {settings.zip_max_members:,}-file limit")
            return
        budget.members_left -= len(members)
        if sum(info.file_size for info, _ in members) > budget.bytes_left:
            yield UnreadableFile(name, expands_too_far)
            return
        for info, path in members:
            member_name = f"{name}:{path}"
            try:
                content = _read_member(archive, info, path, settings, budget)
            except Refused as refusal:
                yield UnreadableFile(member_name, refusal.reason)
                continue
            if content is None:
                # The headers under-stated the sizes: stop the whole archive, once.
                yield UnreadableFile(name, expands_too_far)
                return
            yield member_name, content


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, settings: Settings,
                 budget: Budget) -> bytes | None:
    """The member's bytes, read with a cap because headers can lie; None when the archive budget runs out."""
    if _is_unsafe(path):
        raise Refused("unsafe path in archive")
    if info.flag_bits & 0x1:
        raise Refused("file is password-protected in the archive")
    if info.file_size > settings.max_file_bytes:
        raise Refused(too_big(info.file_size, settings.max_file_bytes))
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= _RATIO_CHECK_FLOOR and ratio > settings.zip_max_ratio:
        raise Refused(f"compression ratio {ratio:,.0f}:1 is over the {settings.zip_max_ratio:g}:1 limit (zip bomb?)")
    cap = min(settings.max_file_bytes, info.file_size)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_READ_CHUNK):
                size += len(chunk)
                if size > budget.bytes_left:
                    return None
                if size > cap:
                    raise Refused("archive member is damaged (larger than its header says)")
                chunks.append(chunk)
    except Refused:
        raise
    except NotImplementedError:
        raise Refused("archive member uses an unsupported compression method") from None
    except Exception:
        logger.info("bad member %s", path, exc_info=True)
        raise Refused("archive member is damaged") from None
    budget.bytes_left -= size
    return b"".join(chunks)
