"""Quantities in news text: money, percentages, multiples and large counts.

Each quantity comes with the year it refers to, a kind (forecast, actual, change, count,
other) and a short subject, all read from its own sentence. Everything is regular
expressions compiled once at import, because this runs on every sentence of tens of
thousands of articles; no language model is needed.

Handled forms, in English and Chinese: "$ 75 million", "US $60.922 billion", "EUR131m",
"hk $ 10.05 billion", "720.2 billion yuan", "7202亿元", "60.9亿美元", "five million yen",
"126%", "19 per cent", "百分之二十", "100 times", "3x", "2-fold", "20 million".
Left alone on purpose: years, dates, clock times, ids and product codes ("910B", "A100").


The stages live in this package, one module per job: `tokens` finds number tokens, `amounts`
attaches currency, scale and unit, `context` reads year and kind from the sentence, and
`subject` names what is measured.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right

import pandas as pd

from core.analyse.numbers.amounts import _CHAIN_RE, _apply_ranges, _in_spans, _keep, _merge, _resolve
from core.analyse.numbers.context import _clause, _fact, _kind, _year_mentions, _years
from core.analyse.numbers.subject import COMPARED_RE, _elliptical, _previous_subject, _subject
from core.analyse.numbers.tokens import Quantity, _Cand, _candidates
from core.analyse.numbers.units import _CONTEXT, is_count_unit
from core.analyse.sentences import split_sentences

__all__ = ["COLUMNS", "Quantity", "extract_numbers", "find_numbers"]

COLUMNS = ["text", "value", "unit", "year", "kind", "subject", "start", "end"]


def find_numbers(text: str, *, default_year: int | None = None, period_year: int | None = None) -> list[Quantity]:
    """Every money amount, percentage, multiple and large count in `text`, in text order.

    `period_year` is the year of the period an earlier sentence dated, for "this period" here.

    `default_year` is the year the article was written; it dates "last year" and "next year",
    tells a forecast from a report, and is the year of an actual figure or a change when its
    sentence names none. Never raises on odd text; bad tokens are simply not quantities.
    """
    if not text:
        return []
    chains = [m.span() for m in _CHAIN_RE.finditer(text)]
    resolved: list[_Cand] = []
    last_end = 0
    for c in _candidates(text):
        if c.start < last_end:
            continue
        r = _resolve(text, c, last_end, chains)
        if r is not None:
            resolved.append(r)
            last_end = r.end
    _apply_ranges(text, resolved)
    kept = [c for c in resolved if _keep(text, c) and math.isfinite(c.value)]
    if not kept:
        return []
    sentences = split_sentences(text) or [(0, len(text))]
    starts = [s for s, _ in sentences]
    spans = [(c.start, c.end) for c in kept]
    mentions = [m for m in _year_mentions(text, default_year, period_year) if not _in_spans(spans, m[0], m[1])]
    contexts = []
    for c in kept:
        lo, hi = sentences[max(0, bisect_right(starts, c.start) - 1)]
        # A run-on "sentence" (a table, a list) gives context only near the number; keeps this linear.
        lo, hi = max(lo, c.start - _CONTEXT), min(max(hi, c.end), c.end + _CONTEXT)
        contexts.append((lo, hi, *_clause(text, lo, hi, c)))
    # A year in another figure's clause belongs to that figure ("$5, compared with $1 a year ago").
    clauses = _merge([(a, b) for _, _, a, b in contexts])
    free = [m for m in mentions if not _in_spans(clauses, m[0], m[1])]
    years = _years(text, kept, contexts, mentions, free)
    out: list[Quantity] = []
    for c, year, (lo, hi, _, _) in zip(kept, years, contexts, strict=True):
        previous_end = out[-1].end if out and out[-1].start >= lo else lo
        kind = _kind(text, c, lo, hi, year, default_year, previous_end)
        kind = _carried_kind(text, c, kind, out, lo, contexts[len(out)][2])
        unit = _carried_unit(text, c, out, lo)
        if year is None and kind in ("actual", "change"):
            year = default_year
        subject = _subject(text, c, lo, hi, _previous_subject(out, c, lo), previous_end)
        fact = _fact(text, c, lo, hi, kind)
        yardstick = previous_end > lo and COMPARED_RE.search(text, previous_end, c.start) and subject
        if fact and not yardstick and not _FACT_WORDS_RE.search(subject):  # "X manages $5bn": assets, not "X investment"
            subject = fact
        out.append(Quantity(text=text[c.start:c.end], start=c.start, end=c.end, value=float(c.value),
                            unit=unit, year=year, kind=kind, subject=subject))
    return out


# Subjects that already say what a fund's figure is.
_FACT_WORDS_RE = re.compile(r"asset|aum|size|scale|flow|return|规模|份额|净值|流入|流出|收益", re.IGNORECASE)

# Figures joined only by "and" or a comma share a kind: "rose 655% and 598% respectively".
_COORDINATED_RE = re.compile(
    r"\s*(?:,|and|or|as\s+well\s+as|、|和|与|及|以及)\s*(?:(?:about|nearly|almost|around|more\s+than|over|"
    r"roughly|approximately|超过|近|约)\s*)?", re.IGNORECASE)


def _carried_kind(text: str, c: _Cand, kind: str, out: list[Quantity], lo: int, clause_lo: int) -> str:
    """The kind of the figure before, for a figure that only carries it on.

    Two figures joined by "and" or a comma are one statement ("rose 655% and 598%"), and so are a
    figure and its yardstick ("gained 41.6%, compared with 12.3% for the index"); a rate whose
    clause names nothing of its own ("... came to 112.49%, ahead of the runner-up, at 92.98%")
    continues the last rate of the sentence in the same unit.
    """
    if kind not in ("other", "actual", "count"):
        return kind
    last = None
    for q in reversed(out):  # the last figure of the sentence in the same unit
        if q.start < lo:
            break
        if q.unit == c.unit:
            last = q
            break
    if last is None:
        return kind
    if last.kind in ("change", "forecast") and (
            (last is out[-1] and _COORDINATED_RE.fullmatch(text, last.end, c.start))
            or (last is out[-1] and COMPARED_RE.search(text, last.end, c.start))
            or (kind == "other" and _elliptical(text, max(clause_lo, last.end), c.start))):
        return last.kind
    return kind


def _carried_unit(text: str, c: _Cand, out: list[Quantity], lo: int) -> str:
    """What a bare count counts when it carries on the count before it: "150 million units in 2025
    and another 180 million in 2027"."""
    if c.unit or not out or out[-1].start < lo or not out[-1].unit or not is_count_unit(out[-1].unit):
        return c.unit
    return out[-1].unit if _elliptical(text, out[-1].end, c.start) else c.unit


def extract_numbers(text: str, *, default_year: int | None = None) -> pd.DataFrame:
    """`find_numbers` as a DataFrame with the columns in `COLUMNS` (empty, same columns, if none)."""
    rows = find_numbers(text, default_year=default_year)
    df = pd.DataFrame(
        {
            "text": pd.Series([q.text for q in rows], dtype=object),
            "value": pd.Series([q.value for q in rows], dtype="float64"),
            "unit": pd.Series([q.unit for q in rows], dtype=object),
            "year": pd.Series([q.year for q in rows], dtype="Int64"),
            "kind": pd.Series([q.kind for q in rows], dtype=object),
            "subject": pd.Series([q.subject for q in rows], dtype=object),
            "start": pd.Series([q.start for q in rows], dtype="int64"),
            "end": pd.Series([q.end for q in rows], dtype="int64"),
        }
    )
    return df[COLUMNS]
