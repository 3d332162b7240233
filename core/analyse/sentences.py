"""Sentence boundaries with character offsets into the body.

A rule splitter rather than the parser: it is a hundred times faster, it never splits inside
"US $60.922 billion", "Co., Ltd." or "U.S.", and every line of the body (headline, subheads)
is a sentence of its own, as readers see them.
"""
from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st co corp inc ltd plc llc no nos vs etc e.g i.e approx est fig
jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u mn bn rs gov sen rep dept
""".split())
_END = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=\s|$)|[。！？]+[\"'”’)\]]*")


def split_sentences(body: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `body`, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", body):
        start = line.start()
        for m in _END.finditer(line.group()):
            end = line.start() + m.end()
            if _is_abbreviation(body, line.start() + m.start()):
                continue
            following = body[end:end + 2].lstrip()
            if following[:1].islower():
                continue  # "approx. five" or a stray full stop: the sentence goes on
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    return [t for t in (_trim(body, s, e) for s, e in spans) if t[1] > t[0]]


def _is_abbreviation(body: str, dot_at: int) -> bool:
    if body[dot_at] != ".":
        return False
    word = re.search(r"([A-Za-z.]+)$", body[max(0, dot_at - 12):dot_at])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
