"""Readers: turn uploaded files (txt, md, html, pdf, docx, zip) into `Document`s.

A bad file never stops a batch: it is yielded as an `UnreadableFile` value, with one plain-words
reason, in the place where its `Document` would have been. Archives are read into memory only;
nothing is ever extracted to disk.
"""
from __future__ import annotations

import codecs
import io
import logging
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import trafilatura
from charset_normalizer import from_bytes
from docx.table import Table
from pypdf import PasswordType, PdfReader
from trafilatura.settings import set_date_params

from core.document import Document
from core.errors import UnreadableFile
from core.settings import Settings

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".zip": "zip",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_FORMATS)
_SUPPORTED_LIST = ", ".join(SUPPORTED_EXTENSIONS)

# The encodings our sources actually use. Detection restricted to them is far more reliable on
# short texts than an open search (which reads a short GBK text as Korean cp949).
_LIKELY_ENCODINGS = ["utf_8", "gb18030", "big5", "cp1252"]
# GB18030 is a superset of GB2312 and GBK: decoding with it never loses a character they have.
_ENCODING_UPGRADES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030",
                      "iso8859_1": "cp1252", "latin_1": "cp1252", "ascii": "cp1252"}
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_MAX_CONTROL_SHARE = 0.05
_DETECTION_SAMPLE = 256 * 1024
# C0 controls other than tab, newlines, form feed, escape and the separators text files do use.
_CONTROL_BYTES = bytes([*range(1, 9), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f\ufffd]")

# Below this size a high compression ratio is harmless (a page of spaces compresses 100:1); the
# ratio check exists to stop members that would expand to something big.
_RATIO_CHECK_FLOOR = 1024 * 1024
_READ_CHUNK = 1024 * 1024
_JUNK_MEMBERS = {"thumbs.db", "desktop.ini"}
# Unicode categories dropped from file names: controls, invisible formatting (bidi overrides can
# disguise an extension) and line separators (a reason must stay one line).
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")
# python-docx's blank template carries these; they say nothing about the article.
_DOCX_TEMPLATE_AUTHOR = "python-docx"
_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


class _Refused(Exception):
    """Raised inside a format reader; `_read` turns it into an `UnreadableFile` for the file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Budget:
    """Shared by an archive and every archive nested in it, so nesting cannot multiply the limits."""

    bytes_left: int
    members_left: int


# ---------------------------------------------------------------------------------------------
# Public API


def collect_paths(paths: Iterable[Path]) -> tuple[list[Path], list[UnreadableFile]]:
    """Expand folders (recursively, sorted, hidden files and folders skipped) into files.

    Returns the files in a stable order, each once, and an `UnreadableFile` for every path that
    does not exist or is not a regular file. Paths named explicitly are kept even when hidden.
    """
    files: list[Path] = []
    problems: list[UnreadableFile] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if not name.startswith(".") and candidate.is_file():
                        add(candidate)
        elif path.is_file():
            add(path)
        elif path.exists():
            problems.append(UnreadableFile(_clean_name(path.name), "not a regular file"))
        else:
            problems.append(UnreadableFile(_clean_name(path.name), "no such file"))
    return files, problems


def read_path(path: Path, settings: Settings) -> Iterator[Document | UnreadableFile]:
    """Read one file from disk; the size is checked with `stat` before a byte is read.

    Yields what `read_bytes` yields; never raises for a missing, oversized or unreadable file.
    """
    name = _clean_name(Path(path).name)
    limit = settings.max_file_bytes
    try:
        info = Path(path).stat()
        if stat.S_ISDIR(info.st_mode):
            raise _Refused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not a regular file")
        if info.st_size > limit:
            raise _Refused(_too_big(info.st_size, limit))
        with Path(path).open("rb") as handle:
            # Read one byte past the limit: the file may have grown since the stat.
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _Refused(_too_big(len(data), limit))
    except _Refused as refusal:
        yield UnreadableFile(name, refusal.reason)
        return
    except FileNotFoundError:
        yield UnreadableFile(name, "no such file")
        return
    except PermissionError:
        yield UnreadableFile(name, "cannot open the file (permission denied)")
        return
    except OSError as err:
        logger.warning("cannot read %s: %s", path, err)
        yield UnreadableFile(name, "cannot open the file")
        return
    yield from read_bytes(name, data, settings)


def read_bytes(file_name: str, data: bytes, settings: Settings) -> Iterator[Document | UnreadableFile]:
    """Read an uploaded file's bytes into `Document`s (several for a zip).

    `file_name` is reduced to a clean base name. A bad file, or a bad member of an archive, is
    yielded as an `UnreadableFile` so the rest of the batch goes on; nothing is raised for bad
    content.
    """
    name = _clean_name(file_name)
    if len(data) > settings.max_file_bytes:
        yield UnreadableFile(name, _too_big(len(data), settings.max_file_bytes))
        return
    budget = _Budget(settings.zip_max_total_bytes, settings.zip_max_members)
    yield from _read(name, bytes(data), settings, depth=0, budget=budget)


# ---------------------------------------------------------------------------------------------
# Dispatch


def _read(name: str, data: bytes, settings: Settings, depth: int, budget: _Budget) -> Iterator[Document | UnreadableFile]:
    """Route by extension; `depth` is how many archives enclose this file."""
    suffix = Path(name.rsplit(":", 1)[-1]).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        kind = f"unsupported file type '{suffix}'" if suffix else "file has no extension"
        yield UnreadableFile(name, f"{kind} (supported: {_SUPPORTED_LIST})")
        return
    if not data.strip():
        yield UnreadableFile(name, "file is empty")
        return
    if fmt == "zip":
        try:
            yield from _read_zip(name, data, settings, depth + 1, budget)
        except Exception:  # the safety net, as below; members already yielded stay yielded
            logger.exception("unexpected error reading %s", name)
            yield UnreadableFile(name, "could not read the zip archive")
        return
    try:
        if fmt == "txt":
            document = _read_text(name, data)
        elif fmt == "md":
            document = _read_markdown(name, data)
        elif fmt == "html":
            document = _read_html(name, data)
        elif fmt == "pdf":
            document = _read_pdf(name, data)
        else:
            document = _read_docx(name, data, settings)
    except _Refused as refusal:
        yield UnreadableFile(name, refusal.reason)
        return
    except Exception:  # the safety net: format readers convert what they expect
        logger.exception("unexpected error reading %s", name)
        yield UnreadableFile(name, f"could not read the {fmt} file")
        return
    yield document


# ---------------------------------------------------------------------------------------------
# Names and sizes


def _clean_name(name: str) -> str:
    """Base name only, without control or invisible formatting characters (they can spoof names)."""
    base = str(name).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in _INVISIBLE).strip()
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[:180]}.{ext[:15]}" if dot and len(ext) <= 15 else base[:200]
    return base if base not in ("", ".", "..") else "unnamed file"


def _human_size(n: float) -> str:
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n)} bytes"


def _too_big(size: int, limit: int) -> str:
    return f"file is {_human_size(size)}, over the {_human_size(limit)} limit"


# ---------------------------------------------------------------------------------------------
# Text: decoding and normalising


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Control and invisible characters: zero-width, bidi controls, soft hyphen, BOM.
    for code in [*range(0x09), *range(0x0E, 0x1C), 0x1F, *range(0x7F, 0x85), *range(0x86, 0xA0),
                 0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F),
                 0x2060, *range(0x2066, 0x206A), 0xFEFF]:
        table[code] = None
    for code in (0x09, 0xA0, 0x2007, 0x202F, *range(0x2000, 0x200B)):
        table[code] = " "
    # Not NFKC: it would also turn Chinese full-width punctuation (，！？) into ASCII, which the
    # sentence splitter relies on. Only digits, letters and number signs are folded.
    for code in range(0xFF10, 0xFF5B):
        if chr(code).isalnum():
            table[code] = chr(code - 0xFEE0)
    for full, ascii_ in ("％%", "．.", "＋+", "－-"):
        table[ord(full)] = ascii_
    for lig, letters in (("ﬀ", "ff"), ("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬃ", "ffi"), ("ﬄ", "ffl"), ("ﬅ", "st"), ("ﬆ", "st")):
        table[ord(lig)] = letters
    return table


_TRANSLATION = _translation_table()


def _lines(text: str) -> list[str]:
    """Normalised lines, blank ones kept as "" because they mark paragraph ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad\n", "")
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    return [" ".join(line.split()) for line in text.splitlines()]


def _paragraphs(lines: Iterable[str]) -> str:
    return "\n".join(line for line in lines if line)


def _decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, then a declared charset, then strict UTF-8, then detection.

    Raises `_Refused` for binary content or bytes no likely encoding can read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _Refused("cannot decode text (unknown encoding)") from None
    data = data.rstrip(b"\x00")  # some exporters pad text files with NULs
    if b"\x00" in data:
        raise _Refused("not a text file (binary content)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise _Refused("not a text file (binary content)")
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            logger.debug("declared charset %s does not fit; detecting", declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = None
    if len(data) > _DETECTION_SAMPLE:
        # Detection reads its whole input several times; a head cut at a newline (never inside a
        # GB18030 or Big5 character) is as telling and keeps a 40 MB file fast.
        head = data[: data.rfind(b"\n", 0, _DETECTION_SAMPLE) + 1 or _DETECTION_SAMPLE]
        text = _detect_and_decode(head, data, full=False)
    if text is None:
        text = _detect_and_decode(data, data, full=True)
    if text is None:
        raise _Refused("cannot decode text (unknown encoding)")
    if len(_ODD_CHARS.findall(text)) > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise _Refused("not a text file (binary content)")
    return text


def _detect_and_decode(sample: bytes, data: bytes, full: bool) -> str | None:
    """Guess the encoding from `sample`, likely encodings first, and decode `data` with it."""
    match = from_bytes(sample, cp_isolation=_LIKELY_ENCODINGS).best() or from_bytes(sample).best()
    if match is None:
        return None
    encoding = _normal_codec(match.encoding) or match.encoding
    encoding = _ENCODING_UPGRADES.get(encoding, encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(match) if full else None


def _normal_codec(label: str) -> str | None:
    """Python's canonical codec name ('GB2312' -> 'gb2312'), or None for an unknown label."""
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


# East Asian wide and full-width characters (CJK, kana, Hangul, full-width forms).
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u4dbf\u4e00-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
                   "\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns, which keeps Chinese and English line widths comparable."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def _is_cjk(ch: str) -> bool:
    return _WIDE.match(ch) is not None


_BULLET = re.compile(r"^(?:[•·▪◦●○■□➢►]|[-–]\s|\d{1,3}[.)]\s|\d{1,3}、|[(（]\d{1,3}[)）])")


def _join(left: str, right: str) -> str:
    """Join a wrapped line to the next, repairing a word broken by a line-end hyphen."""
    if _ends_with_broken_word(left):
        # "invest-/ment" was one word; "AI-/powered" and "Sino-/US" keep their hyphen.
        return left[:-1] + right if left[-2].islower() and right[:1].islower() else left + right
    if _is_cjk(left[-1]) or _is_cjk(right[0]):
        return left + right
    return f"{left} {right}"


def _ends_with_broken_word(line: str) -> bool:
    return len(line) >= 2 and line[-1] in "-\u2010" and line[-2].isalpha()


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs.

    A line that reaches (nearly) the usual line width was wrapped, so it continues on the next
    line; a short line ends its paragraph. Blank lines always end one.
    """
    widths = sorted(_width(line) for line in lines if line)
    if len(widths) < 2:
        return lines
    full = 0.7 * widths[round(0.9 * (len(widths) - 1))]
    out: list[str] = []
    joinable = False
    for line in lines:
        if line and out and out[-1] and joinable and not _BULLET.match(line):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        joinable = bool(line) and (_width(line) >= full or _ends_with_broken_word(line))
    return out


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """True for text wrapped at a fixed width with blank lines between paragraphs (e-mail style).

    Plain text with one paragraph per line, or a list of short lines, is left alone.
    """
    blocks: list[int] = []
    size = 0
    for line in [*lines, ""]:
        if line:
            size += 1
        elif size:
            blocks.append(size)
            size = 0
    widths = sorted(_width(line) for line in lines if line)
    if len(blocks) < 2 or len(widths) < 6:
        return False
    wrap = widths[round(0.9 * (len(widths) - 1))]
    multi_line_blocks = sum(1 for b in blocks if b >= 2)
    return 40 <= wrap <= 110 and widths[-1] <= 1.25 * wrap and multi_line_blocks * 2 >= len(blocks)


# ---------------------------------------------------------------------------------------------
# Plain text and Markdown


def _read_text(name: str, data: bytes) -> Document:
    lines = _lines(_decode(data))
    if _looks_hard_wrapped(lines):
        lines = _unwrap(lines)
    text = _paragraphs(lines)
    if not text:
        raise _Refused("file is empty")
    return Document(file_name=name, text=text, fmt="txt")


_MD_ATX = re.compile(r"^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?$")
_MD_SETEXT = re.compile(r"^(=+|-+)\s*$")
_MD_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_FENCE = re.compile(r"^(```|~~~)")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_LIST = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_MD_REF_DEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_MD_INLINE = [
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])"), r"\1"),
]
_FRONT_MATTER_KEYS = {"title": "title", "date": "published", "published": "published",
                      "author": "author", "source": "source", "publisher": "source"}


def _md_inline(line: str) -> str:
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A leading `---` block of `key: value` lines (Jekyll, Hugo) is metadata, not article text."""
    if not lines or lines[0] != "---":
        return {}, lines
    for end in range(1, min(len(lines), 60)):
        if lines[end] in ("---", "..."):
            meta: dict[str, str] = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                field = _FRONT_MATTER_KEYS.get(key.strip().lower())
                value = value.strip().strip("'\"")
                if sep and field and value and field not in meta:
                    meta[field] = value
            return meta, lines[end + 1:]
    return {}, lines


def _read_markdown(name: str, data: bytes) -> Document:
    """Strip Markdown syntax lightly; the first heading, when it is level 1, is the title."""
    meta, lines = _front_matter(_lines(_decode(data)))
    paragraphs: list[str] = []
    current: list[str] = []
    title: str | None = meta.get("title")
    seen_heading = False
    in_fence = False

    def flush() -> None:
        if current:
            text = current[0]
            for line in current[1:]:
                text = _join(text, line)
            paragraphs.append(text)
            current.clear()

    def heading(text: str, level: int) -> None:
        nonlocal title, seen_heading
        flush()
        if not seen_heading and level == 1 and title is None and text:
            title = text
        seen_heading = True
        paragraphs.append(text)

    for line in lines:
        if _MD_FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            paragraphs.append(line)
            continue
        line = _MD_QUOTE.sub("", line)
        atx = _MD_ATX.match(line)
        if not line or _MD_REF_DEF.match(line):
            flush()
        elif atx:
            heading(_md_inline(atx.group(2) or ""), len(atx.group(1)))
        elif _MD_SETEXT.match(line) and len(current) == 1:
            heading(current.pop(), 1 if line.startswith("=") else 2)
        elif _MD_RULE.match(line) or _MD_TABLE_RULE.match(line):
            flush()
        elif line.startswith("|") or (line.endswith("|") and "|" in line[:-1]):
            flush()
            cells = [_md_inline(cell) for cell in line.strip("|").split("|")]
            paragraphs.append(" | ".join(cell for cell in cells if cell))
        elif _MD_LIST.match(line):
            flush()
            current.append(_md_inline(_MD_LIST.sub("", line)))
        else:
            current.append(_md_inline(line))
    flush()
    text = _paragraphs(paragraphs)
    if not text:
        raise _Refused("file is empty")
    return Document(file_name=name, text=text, fmt="md", title=title, published=_iso_date(meta.get("published")),
                    author=meta.get("author"), source=meta.get("source"))


def _iso_date(value: object) -> str | None:
    """The YYYY-MM-DD part of a date or date-like string, or None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", str(value or "").strip())
    return match.group(1) if match else None


def _meta(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


# ---------------------------------------------------------------------------------------------
# HTML


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WORD = re.compile(r"\w+")


class _LinkText(HTMLParser):
    """Collects the words inside <a> elements, to tell navigation from an article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.update(_WORD.findall(data.casefold()))


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    codec = _normal_codec(match.group(1).decode("ascii", "replace"))
    return _ENCODING_UPGRADES.get(codec, codec) if codec else None


def _only_links(html: str, text: str) -> bool:
    """True when every word trafilatura kept is link text: a menu or index page, not an article."""
    parser = _LinkText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but a failure here must not lose the article
        logger.debug("html.parser gave up; keeping the extraction", exc_info=True)
        return False
    words = _WORD.findall(text.casefold())
    return all(word in parser.words for word in words)


def _read_html(name: str, data: bytes) -> Document:
    html = _decode(data, declared=_declared_charset(data))
    try:
        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Markup dates only: the extensive search turns a "Copyright 2024" footer into 2024-01-01.
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception:
        logger.warning("trafilatura failed on %s", name, exc_info=True)
        raise _Refused("no article text found in the HTML") from None
    if extracted is None:
        found: dict[str, object] = {}
    else:
        found = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = _paragraphs(_lines(str(found.get("text") or "")))
    # Only short extractions can be a menu; parsing a long page again would cost seconds for nothing.
    if not text or (len(text) < 1000 and _only_links(html, text)):
        raise _Refused("no article text found in the HTML")
    title = _meta(found.get("title"))
    source = _meta(found.get("sitename"))
    # Without og:site_name trafilatura reports the page title as the site name.
    if source and title and source.casefold() == title.casefold():
        source = None
    return Document(file_name=name, text=text, fmt="html", title=title, published=_iso_date(found.get("date")),
                    author=_meta(found.get("author")), source=source)


# ---------------------------------------------------------------------------------------------
# PDF


_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$"
                          r"|^第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?$", re.IGNORECASE)
# Authoring tools leave these as the PDF title; they are not the article's title.
_JUNK_PDF_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled)|\.(?:docx?|pdf|indd|pptx?|txt)$", re.IGNORECASE)


def _read_pdf(name: str, data: bytes) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise _Refused("not a valid PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner password alone only restricts printing or copying; an empty user password opens it.
            try:
                opened = reader.decrypt("")
            except Exception:  # e.g. AES without the optional crypto package
                logger.info("cannot decrypt %s", name, exc_info=True)
                opened = PasswordType.NOT_DECRYPTED
            if not opened:
                raise _Refused("PDF is encrypted")
        pages = list(reader.pages)
    except _Refused:
        raise
    except Exception:
        logger.info("pypdf cannot open %s", name, exc_info=True)
        raise _Refused("PDF is damaged or truncated") from None
    if not pages:
        raise _Refused("PDF has no pages")
    lines: list[str] = []
    failed = 0
    for page in pages:
        try:
            page_text = page.extract_text() or ""
        except Exception:
            logger.info("pypdf cannot extract a page of %s", name, exc_info=True)
            failed += 1
            continue
        page_lines = [line for line in _lines(page_text) if line]
        # Page numbers sit in the header or footer; a lone number mid-page may be a table figure.
        if page_lines and _PAGE_NUMBER.match(page_lines[-1]):
            page_lines.pop()
        if page_lines and _PAGE_NUMBER.match(page_lines[0]):
            page_lines.pop(0)
        lines.extend(page_lines)
    if failed == len(pages):
        raise _Refused("PDF is damaged or truncated")
    text = _paragraphs(_unwrap(lines))
    if not text:
        raise _Refused("PDF has no text layer (scanned?)")
    title = author = published = None
    try:
        info = reader.metadata
        if info is not None:
            title = _meta(info.title)
            author = _meta(info.author)
            published = _iso_date(info.creation_date)
    except Exception:  # broken metadata must not cost the text
        logger.info("unreadable PDF metadata in %s", name, exc_info=True)
    if title and _JUNK_PDF_TITLE.search(title):
        title = None
    return Document(file_name=name, text=text, fmt="pdf", title=title, published=published, author=author)


# ---------------------------------------------------------------------------------------------
# Word


def _read_docx(name: str, data: bytes, settings: Settings) -> Document:
    """Paragraphs and table rows in document order; core properties as metadata."""
    if not data.startswith(b"PK"):
        raise _Refused("not a valid .docx file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # zipfile never returns more than a member's declared size, so the headers bound the expansion.
            expanded = sum(info.file_size for info in package.infolist())
    except Exception:
        logger.info("not a zip package: %s", name, exc_info=True)
        raise _Refused("not a valid .docx file") from None
    if expanded > settings.zip_max_total_bytes:
        raise _Refused(f"document expands beyond the {_human_size(settings.zip_max_total_bytes)} limit")
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        styled_title: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_docx_table_rows(block))
                continue
            block_lines = _lines(block.text)
            lines.extend(block_lines)
            if styled_title is None and block.style is not None and block.style.name == "Title":
                styled_title = _paragraphs(block_lines).replace("\n", " ") or None
        props = document.core_properties
        title = _meta(props.title) or styled_title
        author = _meta(props.author)
        created = props.created
    except Exception:
        logger.info("python-docx cannot read %s", name, exc_info=True)
        raise _Refused("not a valid .docx file") from None
    text = _paragraphs(lines)
    if not text:
        raise _Refused("file is empty")
    if author == _DOCX_TEMPLATE_AUTHOR:
        author = None
    published = _iso_date(created) if created and created != _DOCX_TEMPLATE_CREATED else None
    return Document(file_name=name, text=text, fmt="docx", title=title, published=published, author=author)


def _docx_table_rows(table: Table) -> list[str]:
    """One line per row, cells joined by " | "; merged cells repeat in python-docx, so each is kept once."""
    rows: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(line for line in _lines(cell.text) if line)
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


# ---------------------------------------------------------------------------------------------
# Zip


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
            if encoding == "utf-8" or any(_is_cjk(ch) for ch in decoded):
                name = decoded
                break
    name = name.replace("\\", "/")
    return "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)


def _is_unsafe(path: str) -> bool:
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:", path)) or ".." in path.split("/")


def _is_skipped(info: zipfile.ZipInfo, path: str) -> bool:
    """Folders and operating-system clutter (__MACOSX, dot files, Thumbs.db) are not the user's files."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return (info.is_dir() or not parts or parts[-1].casefold() in _JUNK_MEMBERS
            or any((part.startswith(".") and part != "..") or part == "__MACOSX" for part in parts))


def _read_zip(name: str, data: bytes, settings: Settings, depth: int, budget: _Budget) -> Iterator[Document | UnreadableFile]:
    """Read every member in memory, within the limits of `settings` shared with nested archives.

    `depth` counts this archive: 1 for an uploaded zip, 2 for a zip inside it.
    """
    expands_too_far = f"archive expands beyond the {_human_size(settings.zip_max_total_bytes)} limit"
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
            except _Refused as refusal:
                yield UnreadableFile(member_name, refusal.reason)
                continue
            if content is None:
                # The headers under-stated the sizes: stop the whole archive, once.
                yield UnreadableFile(name, expands_too_far)
                return
            yield from _read(member_name, content, settings, depth, budget)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, settings: Settings,
                 budget: _Budget) -> bytes | None:
    """The member's bytes, read with a cap because headers can lie; None when the archive budget runs out."""
    if _is_unsafe(path):
        raise _Refused("unsafe path in archive")
    if info.flag_bits & 0x1:
        raise _Refused("file is password-protected in the archive")
    if info.file_size > settings.max_file_bytes:
        raise _Refused(_too_big(info.file_size, settings.max_file_bytes))
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= _RATIO_CHECK_FLOOR and ratio > settings.zip_max_ratio:
        raise _Refused(f"compression ratio {ratio:,.0f}:1 is over the {settings.zip_max_ratio:g}:1 limit (zip bomb?)")
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
                    raise _Refused("archive member is damaged (larger than its header says)")
                chunks.append(chunk)
    except _Refused:
        raise
    except NotImplementedError:
        raise _Refused("archive member uses an unsupported compression method") from None
    except Exception:
        logger.info("bad member %s", path, exc_info=True)
        raise _Refused("archive member is damaged") from None
    budget.bytes_left -= size
    return b"".join(chunks)
