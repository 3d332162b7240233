"""Bytes to text: byte-order marks, declared charsets, strict UTF-8, then detection among the encodings our sources use."""
from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from core.read.limits import Refused

logger = logging.getLogger(__name__)

# The encodings our sources actually use. Detection restricted to them is far more reliable on
# short texts than an open search (which reads a short GBK text as Korean cp949).
_LIKELY_ENCODINGS = ["utf_8", "gb18030", "big5", "cp1252"]
# GB18030 is a superset of GB2312 and GBK: decoding with it never loses a character they have.
ENCODING_UPGRADES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030",
                      "iso8859_1": "cp1252", "latin_1": "cp1252", "ascii": "cp1252"}
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_MAX_CONTROL_SHARE = 0.05
_DETECTION_SAMPLE = 256 * 1024
# C0 controls other than tab, newlines, form feed, escape and the separators text files do use.
_CONTROL_BYTES = bytes([*range(1, 9), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f\ufffd]")


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, then a declared charset, then strict UTF-8, then detection.

    Raises `Refused` for binary content or bytes no likely encoding can read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise Refused("cannot decode text (unknown encoding)") from None
    data = data.rstrip(b"\x00")  # some exporters pad text files with NULs
    if b"\x00" in data:
        raise Refused("not a text file (binary content)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise Refused("not a text file (binary content)")
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
        raise Refused("cannot decode text (unknown encoding)")
    if len(_ODD_CHARS.findall(text)) > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise Refused("not a text file (binary content)")
    return text


def _detect_and_decode(sample: bytes, data: bytes, full: bool) -> str | None:
    """Guess the encoding from `sample`, likely encodings first, and decode `data` with it."""
    match = from_bytes(sample, cp_isolation=_LIKELY_ENCODINGS).best() or from_bytes(sample).best()
    if match is None:
        return None
    encoding = normal_codec(match.encoding) or match.encoding
    encoding = ENCODING_UPGRADES.get(encoding, encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(match) if full else None


def normal_codec(label: str) -> str | None:
    """Python's canonical codec name ('GB2312' -> 'gb2312'), or None for an unknown label."""
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    codec = normal_codec(match.group(1).decode("ascii", "replace"))
    return ENCODING_UPGRADES.get(codec, codec) if codec else None
