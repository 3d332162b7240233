"""Chinese sentences: longest-match terms of lexicon_zh.csv, movements read against the nearest metric of their clause."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analyse.sentiment.lexicon import Lexicon, load_lexicon
from core.analyse.sentiment.sentence import NEGATION_SPAN
from core.analyse.sentiment.verdict import _squash, label_for

ZH_PAIR_SPAN = 12  # characters between a Chinese movement and its metric: "降低微短剧的制作成本"
ZH_FADE_SPAN = 10  # from the news to the verb that says it stopped: "估值修复行情中断"
ZH_STATE_SPAN = 8  # from "由" + a state to the "至" of the state reached: "由负面上调至稳定"
ZH_DENIAL_SPAN = 6  # from the subject of a denied event to its negator: "泡沫短期内不会破裂"
ZH_SUBJECTLESS = 4  # characters a clause may open with before its movement and still continue the last topic
_ZH_CLAUSE_END = frozenset("，。；！？,;.!?")
_ZH_MODIFIERS = frozenset({"negator", "strong_negator", "belief", "concessive", "contrast"})
_ZH_MOVEMENTS = frozenset({"up", "down", "relief"})
# "营业收入42亿元，上年同期为56亿元": a figure and the same figure a year earlier.
_NUMBER = r"(\d+(?:\.\d+)?)\s*(亿|万)?"
_YEAR_EARLIER = re.compile(_NUMBER + r"[^，。；\d]{0,4}[，,；;]\s*(?:上年|去年|上一年)同期(?:为|是|的)?\s*" + _NUMBER)
_SCALE = {"亿": 1e8, "万": 1e4, None: 1.0}


@dataclass
class _ZhHit:
    start: int
    end: int
    kind: str  # a lexicon_zh.csv polarity other than neutral and the negators
    weight: float
    factor: float  # a negator's weight when one stands just before the term, else 1
    clause: int
    negated_at: int = -1  # where the negator that flipped it starts


def _zh_hits(text: str, lex: Lexicon) -> list[_ZhHit]:
    """Longest-match terms of a Chinese sentence, left to right.

    A negator (不, 未, 没有) sets the `factor` of the next term within a few characters of its
    clause, and of every term to the end of the clause when a verb of belief follows it ("不再预计
    今年能够实现盈利"); a strong negator (无法, 难以) with nothing to flip becomes a negative hit of
    its own. Concessive and contrast words are kept as hits for `_clause_weights`.
    """
    hits: list[_ZhHit] = []
    negator: tuple[str, float, int] | None = None  # kind, weight, last position it reaches
    negator_at = -1
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
                negator, negator_at = (kind, weight, i + size + NEGATION_SPAN), i
            elif kind == "belief":
                if negator is not None:  # the negation reaches the end of the clause
                    negator = (negator[0], negator[1], len(text) if (end := _clause_end(text, i)) < 0 else end)
            elif kind in {"concessive", "contrast"}:
                hits.append(_ZhHit(i, i + size, kind, weight, 1.0, clause))
            elif kind != "neutral":
                factor = 1.0
                if negator is not None:
                    factor = negator[1]
                    if negator[2] - i <= NEGATION_SPAN + 2:  # a short negation flips one term only
                        negator = None
                    elif negator[0] == "strong_negator":
                        negator = ("negator", negator[1], negator[2])
                hits.append(_ZhHit(i, i + size, kind, weight, factor, clause, negator_at if factor != 1.0 else -1))
            i += size
            break
        else:
            if text[i] in _ZH_CLAUSE_END:
                close_negator()
                clause += 1
            i += 1
    close_negator()
    return hits


def _clause_end(text: str, i: int) -> int:
    return next((k for k in range(i, len(text)) if text[k] in _ZH_CLAUSE_END), -1)


def _zh_metric_for(move: _ZhHit, metrics: list[_ZhHit], text: str) -> _ZhHit | None:
    """The nearest metric of the movement's clause, on either side, within ZH_PAIR_SPAN characters.

    A clause with no metric of its own continues the topic of the clause before it, as Chinese
    leaves out a repeated subject: "存货周转天数升至160天，创十年新高" reads 新高 against 周转天数.
    """
    best: tuple[int, _ZhHit] | None = None
    for m in metrics:
        if m.clause != move.clause:
            continue
        gap = m.start - move.end if m.start >= move.end else move.start - m.end
        if 0 <= gap <= ZH_PAIR_SPAN and (best is None or gap < best[0]):
            best = (gap, m)
    if best is None and move.clause > 0 and not any(m.clause == move.clause for m in metrics) and _no_subject(move, text):
        earlier = [m for m in metrics if m.clause == move.clause - 1]
        return earlier[-1] if earlier else None
    return best[1] if best else None


_SUBJECT_ENDINGS = frozenset("率量额数价值比")  # 续约率, 出货量, 成交额: a quantity the lexicon does not list


def _no_subject(move: _ZhHit, text: str) -> bool:
    """Whether a clause opens with its movement, a few characters at most before it ("，创十年新高"),
    and so has no subject of its own."""
    start = max((k + 1 for k in range(move.start) if text[k] in _ZH_CLAUSE_END), default=0)
    before = text[start: move.start]
    return len(before) <= ZH_SUBJECTLESS and not _SUBJECT_ENDINGS.intersection(before)


def _movement_value(h: _ZhHit, metric: _ZhHit | None) -> float:
    """A movement read against its metric: 成本下降 is good news, 缓解 (relief) alone is too."""
    value = h.weight if h.kind == "up" else -h.weight
    if metric is not None and metric.kind == "metric_down":
        value = -value
    elif metric is None and h.kind == "relief":
        value = h.weight  # 压力缓解 or 缓解 alone: a burden eased
    return value


def _faded(h: _ZhHit, hits: list[_ZhHit]) -> _ZhHit | None:
    """A fader right after a hit of its clause: "估值修复行情中断" — the news before it stopped."""
    return next((f for f in hits if f.kind == "fader" and f.clause == h.clause and 0 <= f.start - h.end <= ZH_FADE_SPAN),
                None)


def _left_behind(h: _ZhHit, text: str) -> bool:
    """A state right after 由 / 从, in a move to another state, is the state left behind: "由负面上调至稳定"."""
    return h.start > 0 and text[h.start - 1] in "由从" and any(c in "至到为" for c in text[h.end: h.end + ZH_STATE_SPAN])


def _clause_weights(hits: list[_ZhHit]) -> tuple[dict[int, float], set[int]]:
    """Weights of hits before a contrast (但, 然而: they count its weight) and the set of hits inside a
    concessive clause (尽管, 虽然: up to the end of their clause)."""
    weights: dict[int, float] = {}
    conceded: set[int] = set()
    for mod in hits:
        if mod.kind == "contrast" and any(o.start > mod.start and o.kind not in _ZH_MODIFIERS for o in hits):
            for h in hits:
                if h.start < mod.start:
                    weights[id(h)] = weights.get(id(h), 1.0) * mod.weight
        elif mod.kind == "concessive":
            for h in hits:
                if h.clause == mod.clause and h.start >= mod.end:
                    conceded.add(id(h))
                    weights[id(h)] = weights.get(id(h), 1.0) * mod.weight
    return weights, conceded


def _denied_subjects(values: list[tuple[_ZhHit, float]]) -> set[int]:
    """Bad news that is the subject of a denied bad event: "泡沫短期内不会破裂" answers the worry,
    so 泡沫 counts no more than 破裂 (ids of such hits)."""
    denied: set[int] = set()
    for h, value in values:
        if h.negated_at < 0 or value >= 0:
            continue
        denied.update(id(o) for o, v in values if v < 0 and o.clause == h.clause and o.end <= h.negated_at
                      and h.negated_at - o.end <= ZH_DENIAL_SPAN)
    return denied


def _year_earlier(text: str, hits: list[_ZhHit]) -> float:
    """"营业收入42亿元，上年同期为56亿元": the figure against the same figure a year earlier, read
    against the metric named before it (a rise in 收入 is good news, in 亏损 bad)."""
    found = _YEAR_EARLIER.search(text)
    if found is None:
        return 0.0
    now = float(found.group(1)) * _SCALE[found.group(2)]
    then = float(found.group(3)) * _SCALE[found.group(4) or found.group(2)]
    metric = next((m for m in reversed(hits) if m.kind in {"metric_up", "metric_down"} and m.end <= found.start(1)),
                  None)
    if metric is None or now == then:
        return 0.0
    return (1.0 if now > then else -1.0) * (1.0 if metric.kind == "metric_up" else -1.0)


def score_sentence_zh(text: str, lexicon: Lexicon | None = None) -> tuple[float, str]:
    """Score a Chinese sentence with the small lexicon_zh.csv; same contract as `score_sentence`.

    As in English, a movement (`up`: 增长, 提升; `down`: 下降, 降低) is read against the nearest
    metric of its clause, on either side since Chinese says both "成本下降" and "降低成本": next
    to a metric whose rise is bad news (`metric_down`: 成本, 风险) its sign flips, so "降低制作成本"
    is good news. An unpaired movement counts as its own direction; a metric nothing moves adds
    its weight (`metric_down` as bad news: "面临风险"). A negator (不, 未, 没有) flips the next
    term within a few characters of the same clause, and a strong negator (无法, 难以) with
    nothing to flip is bad news by itself. A concessive clause (尽管, 虽然) that disagrees with the
    main clause is overruled by it; what comes before a contrast (但, 然而) counts less.
    """
    hits = _zh_hits(text, lexicon or load_lexicon())
    metrics = [h for h in hits if h.kind in {"metric_up", "metric_down"}]
    weights, conceded = _clause_weights(hits)
    moved: set[int] = set()
    values: list[tuple[_ZhHit, float]] = []
    for h in hits:
        if h.kind in _ZH_MOVEMENTS:
            metric = _zh_metric_for(h, metrics, text)
            if metric is not None:
                moved.add(id(metric))
            values.append((h, _movement_value(h, metric)))
        elif h.kind in {"positive", "negative"}:
            values.append((h, h.weight if h.kind == "positive" else -h.weight))
    values += [(m, m.weight if m.kind == "metric_up" else -m.weight) for m in metrics if id(m) not in moved]
    main = given = 0.0
    flipped: set[int] = set()
    denied = _denied_subjects(values)
    for h, value in values:
        if id(h) in denied:
            continue
        value *= h.factor * weights.get(id(h), 1.0) * (-1 if _left_behind(h, text) else 1)
        fader = _faded(h, hits)
        if fader is not None:
            value *= -fader.weight
            flipped.add(id(fader))
        if id(h) in conceded:
            given += value
        else:
            main += value
    main -= sum(f.weight for f in hits if f.kind == "fader" and id(f) not in flipped)
    total = main if main * given < 0 else main + given
    total += _year_earlier(text, hits)
    for r in (h for h in hits if h.kind == "ranker"):  # 净流出 ... 排名第一: the ranking follows what it ranks
        total += r.weight * (-1 if total < 0 else 1)
    score = round(_squash(total), 4)
    return score, label_for(score)
