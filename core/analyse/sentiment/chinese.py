"""Chinese sentences: longest-match terms of lexicon_zh.csv, movements read against the nearest metric of their clause."""
from __future__ import annotations

from dataclasses import dataclass

from core.analyse.sentiment.lexicon import Lexicon, load_lexicon
from core.analyse.sentiment.sentence import NEGATION_SPAN
from core.analyse.sentiment.verdict import _squash, label_for

ZH_PAIR_SPAN = 12  # characters between a Chinese movement and its metric: "降低微短剧的制作成本"
_ZH_CLAUSE_END = frozenset("，。；！？,;.!?")


@dataclass
class _ZhHit:
    start: int
    end: int
    kind: str  # a lexicon_zh.csv polarity other than neutral and the negators
    weight: float
    factor: float  # a negator's weight when one stands just before the term, else 1
    clause: int


def _zh_hits(text: str, lex: Lexicon) -> list[_ZhHit]:
    """Longest-match terms of a Chinese sentence, left to right.

    A negator (不, 未, 没有) sets the `factor` of the next term within a few characters of its
    clause; a strong negator (无法, 难以) with nothing to flip becomes a negative hit of its own.
    """
    hits: list[_ZhHit] = []
    negator: tuple[str, float, int] | None = None  # kind, weight, last position it reaches
    clause, i = 0, 0

    def close_negator() -> None:
        nonlocal negator
        if negator is not None and negator[0] == "strong_negator":
            hits.append(_ZhHit(i, i, "negative", -negator[1], 1.0, clause))
        negator = None

    while i < len(text):
        if negator is not None and i > negator[2]:
            close_negator()
        for size in range(min(lex.zh_max_len, len(text) - i), 0, -1):
            entry = lex.zh.get(text[i: i + size])
            if entry is None:
                continue
            kind, weight = entry
            if kind in {"negator", "strong_negator"}:
                close_negator()
                negator = (kind, weight, i + size + NEGATION_SPAN)
            elif kind != "neutral":
                factor = 1.0
                if negator is not None:
                    factor, negator = negator[1], None
                hits.append(_ZhHit(i, i + size, kind, weight, factor, clause))
            i += size
            break
        else:
            if text[i] in _ZH_CLAUSE_END:
                close_negator()
                clause += 1
            i += 1
    close_negator()
    return hits


def _zh_metric_for(move: _ZhHit, metrics: list[_ZhHit]) -> _ZhHit | None:
    """The nearest metric of the movement's clause, on either side, within ZH_PAIR_SPAN characters."""
    best: tuple[int, _ZhHit] | None = None
    for m in metrics:
        if m.clause != move.clause:
            continue
        gap = m.start - move.end if m.start >= move.end else move.start - m.end
        if 0 <= gap <= ZH_PAIR_SPAN and (best is None or gap < best[0]):
            best = (gap, m)
    return best[1] if best else None


def score_sentence_zh(text: str, lexicon: Lexicon | None = None) -> tuple[float, str]:
    """Score a Chinese sentence with the small lexicon_zh.csv; same contract as `score_sentence`.

    As in English, a movement (`up`: 增长, 提升; `down`: 下降, 降低) is read against the nearest
    metric of its clause, on either side since Chinese says both "成本下降" and "降低成本": next
    to a metric whose rise is bad news (`metric_down`: 成本, 风险) its sign flips, so "降低制作成本"
    is good news. An unpaired movement counts as its own direction; a metric nothing moves adds
    its weight (`metric_down` as bad news: "面临风险"). A negator (不, 未, 没有) flips the next
    term within a few characters of the same clause, and a strong negator (无法, 难以) with
    nothing to flip is bad news by itself.
    """
    hits = _zh_hits(text, lexicon or load_lexicon())
    metrics = [h for h in hits if h.kind in {"metric_up", "metric_down"}]
    moved: set[int] = set()
    total = 0.0
    for h in hits:
        if h.kind in {"up", "down"}:
            value = h.weight if h.kind == "up" else -h.weight
            metric = _zh_metric_for(h, metrics)
            if metric is not None:
                moved.add(id(metric))
                if metric.kind == "metric_down":
                    value = -value
            total += value * h.factor
        elif h.kind in {"positive", "negative"}:
            total += (h.weight if h.kind == "positive" else -h.weight) * h.factor
    for m in metrics:
        if id(m) not in moved:
            total += (m.weight if m.kind == "metric_up" else -m.weight) * m.factor
    score = round(_squash(total), 4)
    return score, label_for(score)
