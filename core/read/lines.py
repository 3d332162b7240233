"""Normalised lines and paragraphs: invisible characters out, full-width digits folded, hard-wrapped lines joined."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


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


def normal_lines(text: str) -> list[str]:
    """Normalised lines, blank ones kept as "" because they mark paragraph ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad\n", "")
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    return [" ".join(line.split()) for line in text.splitlines()]


def join_paragraphs(lines: Iterable[str]) -> str:
    return "\n".join(line for line in lines if line)


# East Asian wide and full-width characters (CJK, kana, Hangul, full-width forms).
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u4dbf\u4e00-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
                   "\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns, which keeps Chinese and English line widths comparable."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def is_wide(ch: str) -> bool:
    return _WIDE.match(ch) is not None


_BULLET = re.compile(r"^(?:[•·▪◦●○■□➢►]|[-–]\s|\d{1,3}[.)]\s|\d{1,3}、|[(（]\d{1,3}[)）])")


def join_wrapped(left: str, right: str) -> str:
    """Join a wrapped line to the next, repairing a word broken by a line-end hyphen."""
    if _ends_with_broken_word(left):
        # "invest-/ment" was one word; "AI-/powered" and "Sino-/US" keep their hyphen.
        return left[:-1] + right if left[-2].islower() and right[:1].islower() else left + right
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    return f"{left} {right}"


def _ends_with_broken_word(line: str) -> bool:
    return len(line) >= 2 and line[-1] in "-\u2010" and line[-2].isalpha()


def unwrap(lines: list[str]) -> list[str]:
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
            out[-1] = join_wrapped(out[-1], line)
        else:
            out.append(line)
        joinable = bool(line) and (_width(line) >= full or _ends_with_broken_word(line))
    return out


def looks_hard_wrapped(lines: list[str]) -> bool:
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
