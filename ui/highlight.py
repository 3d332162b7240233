"""An article's text as Streamlit markdown with every mention coloured by type, safely.

Article text is untrusted. It is never rendered as HTML: every character that means something to
Streamlit's markdown (brackets, colons, asterisks, dollar signs, angle brackets, …) is escaped by
`labels.md`, and the only markup added is ours: colour directives
(`:color[text]{background="#hex"}`) with colours from TYPE_COLORS, bold for numbers, and tone
badges. Pure functions, so the tests can check the markup without a browser.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from ui.labels import md, tone_score

# Light backgrounds that dark text stays readable on, one per entity type.
TYPE_COLORS = {
    "FUND_HOUSE": "#cfe2f3", "FUND": "#d9ead3", "MANAGER": "#fce5cd", "COMPANY": "#ead1dc",
    "PRODUCT": "#d9d2e9", "THEME": "#fff2cc", "PERSON": "#d0e0e3", "ORG": "#e3e3e3",
}
OTHER_COLOR = "#eeeeee"


def marked(text: str, color: str) -> str:
    """Escaped `text` on a background colour."""
    return f':color[{md(text)}]{{background="{color}"}}'


def legend(types: list[str], label: Callable[[str], str]) -> str:
    """One line naming the colour of each entity type present."""
    return "  ".join(marked(label(t), TYPE_COLORS.get(t, OTHER_COLOR)) for t in types)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "mention" | "number"
    entity_type: str = ""
    entity: str = ""


def spans(mentions: pd.DataFrame, numbers: pd.DataFrame) -> list[Span]:
    """Mentions and numbers in text order without overlaps: where two overlap, the one starting
    first wins, and of two starting together the longer; a mention beats a number."""
    found = [Span(int(m.start), int(m.end), "mention", str(m.entity_type), str(m.entity))
             for m in mentions.itertuples() if pd.notna(m.start) and pd.notna(m.end) and m.end > m.start]
    found += [Span(int(n.start), int(n.end), "number") for n in numbers.itertuples()
              if pd.notna(n.start) and pd.notna(n.end) and n.end > n.start]
    found.sort(key=lambda s: (s.start, -(s.end - s.start), s.kind != "mention"))
    kept: list[Span] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


@dataclass(frozen=True)
class Mark:
    """A sentence end (for its tone badge) or the start of the sentence the reader came for."""
    at: int
    text: str


def tone_badge(label: str, score: float) -> str:
    if label == "positive":
        return f" :green-badge[{tone_score(score)}]"
    if label == "negative":
        return f" :red-badge[{tone_score(score)}]"
    return ""


def marks(sentences: pd.DataFrame, tone: bool, target: int | None) -> list[Mark]:
    """Tone badges after positive and negative sentences (with `tone`), and an arrow before the
    sentence `target`."""
    out = []
    for s in sentences.itertuples():
        if target is not None and s.sentence_id == target and pd.notna(s.start):
            out.append(Mark(int(s.start), ":violet-badge[▶ the sentence you opened]" + " "))
        if tone and pd.notna(s.end):
            badge = tone_badge(str(s.label), s.sentiment)
            if badge:
                out.append(Mark(int(s.end), badge))
    return out


def _pieces(body: str, start: int, end: int, found: list[Span], extra: list[Mark],
            canonical: bool) -> Iterator[str]:
    """The markdown of body[start:end]."""
    pos = start
    events = sorted([(s.start, 1, s) for s in found if start <= s.start and s.end <= end]
                    + [(m.at, 0, m) for m in extra if start <= m.at <= end], key=lambda e: (e[0], e[1]))
    for at, _, item in events:
        if at < pos:  # a mark inside a span goes after it
            at = pos
        yield md(body[pos:at])
        pos = at
        if isinstance(item, Mark):
            yield item.text
            continue
        surface = body[item.start:item.end]
        if item.kind == "number":
            yield f"**{md(surface)}**"
        else:
            yield marked(surface, TYPE_COLORS.get(item.entity_type, OTHER_COLOR))
            if canonical and item.entity and item.entity.lower() != surface.lower():
                yield f" :gray[({md(item.entity)})]"
        pos = item.end
    yield md(body[pos:end])


def paragraphs(body: str, mentions: pd.DataFrame, numbers: pd.DataFrame, sentences: pd.DataFrame,
               tone: bool = True, target: int | None = None, canonical: bool = False) -> list[str]:
    """The article's paragraphs (lines of the cleaned body) as markdown: mentions on their type's
    colour, numbers in bold, tone badges after positive and negative sentences, and with
    `canonical` the canonical name after a mention written differently."""
    found = spans(mentions, numbers)
    extra = marks(sentences, tone, target)
    out, start = [], 0
    for line in body.split("\n"):
        end = start + len(line)
        if line.strip():
            out.append("".join(_pieces(body, start, end, found, extra, canonical)).strip())
        start = end + 1
    return out


def sentence_markdown(text: str, offset: int, mentions: pd.DataFrame, numbers: pd.DataFrame) -> str:
    """One sentence (starting at `offset` in the body) with its mentions coloured."""
    found = [Span(s.start - offset, s.end - offset, s.kind, s.entity_type, s.entity) for s in spans(mentions, numbers)
             if s.start >= offset and s.end <= offset + len(text)]
    return "".join(_pieces(text, 0, len(text), found, [], False))
