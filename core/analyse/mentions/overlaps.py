"""Mentions, the index that finds the ones overlapping a span, and the choice between overlaps."""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: str
    entity_type: str
    method: str


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


class Spans:
    """Mentions sorted by start, to find the ones overlapping a span without scanning them all
    (an article of a megabyte has tens of thousands of mentions)."""

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        self.items: list[tuple[int, int, Mention]] = []
        self.longest = 0
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        insort(self.items, (m.start, m.end, m), key=lambda item: item[0])
        self.longest = max(self.longest, m.end - m.start)

    def overlapping(self, m: Mention) -> list[Mention]:
        return self.within(m.start, m.end)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end)."""
        # Only spans starting before `end` and no further left than the longest span can reach.
        lo = bisect_left(self.items, start - self.longest, key=lambda item: item[0])
        hi = bisect_left(self.items, end, key=lambda item: item[0])
        return [c for s, e, c in self.items[lo:hi] if s < end and start < e]

    def __iter__(self) -> Iterator[Mention]:
        return (m for _, _, m in self.items)


def resolve_overlaps(candidates: Iterable[Mention]) -> list[Mention]:
    """Longest span wins; earlier evidence wins ties (candidates come strongest first).
    A fund house nested inside a fund name is kept as a mention of its own."""
    chosen = Spans()
    ordered = sorted(enumerate(candidates), key=lambda p: (-(p[1].end - p[1].start), p[0]))
    for _, m in ordered:
        clash = chosen.overlapping(m)
        if not clash or m.entity_type == "FUND_HOUSE" and all(
                c.entity_type == "FUND" and c.start <= m.start and m.end <= c.end for c in clash):
            chosen.add(m)
    return sorted(chosen, key=lambda m: (m.start, m.end))
