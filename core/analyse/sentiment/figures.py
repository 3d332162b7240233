"""Direction from figures when no word gives it: "to EUR 13.1 mn from EUR 8.7 mn", a profit against last year's loss."""
from __future__ import annotations

from core.analyse.sentiment.lexicon import Lexicon
from core.analyse.sentiment.sentence import (
    _FIGURE_FILLER,
    _MINUS_WORDS,
    _THOUSANDS,
    FAMILY_AFTER,
    FAMILY_SPAN,
    FIGURE_SPAN,
    NUMBER_SPAN,
    _Hit,
    _Sentence,
)


def _opens_clause(hit: _Hit, s: _Sentence) -> bool:
    return any(hit.start >= k and not s.same_clause(hit.start - k, hit.start) for k in (1, 2))


def _compare_family(s: _Sentence) -> None:
    """A swing between metrics of one family: "to a profit from a loss", "a loss compared with a profit"."""
    metrics = [h for h in s.hits if h.kind == "metric" and h.entry.metric and h.entry.metric.family]
    for comp in (h for h in s.hits if h.kind == "comparator"):
        then = next((m for m in metrics if 0 <= m.start - comp.end <= FAMILY_AFTER), None)
        if then is None:
            continue
        before = [m for m in metrics
                  if m.end <= comp.start and comp.start - m.end <= FAMILY_SPAN and s.same_clause(m.start, comp.start)]
        now = before[-1] if before else None
        if s.tokens[comp.start] == "from":  # "from a loss to a profit" names the earlier one first
            now = next((m for m in metrics if 0 < m.start - then.end <= 6
                        and "to" in s.tokens[then.end: m.start]), now)
        if now is None or now is then:
            continue
        a, b = now.entry.metric, then.entry.metric
        assert a is not None and b is not None
        if a.family == b.family and a.good != b.good:
            now.value = a.good * max(a.weight, b.weight)
            now.kind = "swing"
            now.used = then.used = True
            for move in s.hits:
                if move.partner is now or move.partner is then:
                    move.value = 0.0  # "a loss of EUR 0.3 mn, down from a profit": the swing says it all


def _number(tokens: list[str], i: int, lex: Lexicon) -> tuple[float, float] | None:
    """The figure at token i as (signed value, scale), or None."""
    tok = tokens[i]
    if not tok[0].isdigit():
        return (0.0, 1.0) if tok == "zero" else None
    # 2,299.9 and 85,432 have thousands separators; 7,8 has a decimal comma.
    thousands = "," in tok and ("." in tok or _THOUSANDS.fullmatch(tok))
    text = tok.replace(",", "") if thousands else tok.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    before = tokens[i - 1] if i > 0 else ""
    if before in _MINUS_WORDS or (before in lex.currencies and i > 1 and tokens[i - 2] in _MINUS_WORDS):
        value = -value  # "EUR -24.5 mn", "a negative EUR 15.5 mn"
    scale = lex.scales.get(tokens[i + 1], 1.0) if i + 1 < len(tokens) else 1.0
    return value, scale


def _figure(s: _Sentence, k: int) -> tuple[float, float, str] | None:
    """The figure at token k as (value, scale, currency), currency "" when none is written.

    Four-digit numbers between 1950 and 2100 are years, not figures.
    """
    tok = s.tokens[k]
    if len(tok) == 4 and tok.isdigit() and 1950 <= int(tok) <= 2100:
        return None
    got = _number(s.tokens, k, s.lex)
    if got is None or (k + 1 < len(s.tokens) and s.tokens[k + 1] in s.lex.not_figures):
        return None  # "12-month period", "4th quarter"
    step = 1 if k + 1 < len(s.tokens) and s.tokens[k + 1] in s.lex.scales else 0
    near = [s.tokens[j] for j in (k - 1, k - 2, k + 1 + step, k + 2 + step) if 0 <= j < len(s.tokens)]
    currency = next((s.lex.currencies[t] for t in near if t in s.lex.currencies), "")
    return got[0], got[1], currency


def _figure_after(s: _Sentence, i: int) -> tuple[int, float, float, str] | None:
    """The figure that the marker at position i introduces, or None.

    Only articles, currencies, signs and a metric's own words may stand between
    ("from EUR 8.7 mn", "compared to a loss of 2.6 mn"); "cash flow from operations was
    EUR 2 mn" has no earlier figure.
    """
    for j in range(i + 1, min(len(s.tokens), i + 1 + NUMBER_SPAN)):
        got = _figure(s, j)
        if got is not None:
            return (j, *got)
        tok = s.tokens[j]
        if not (tok in _FIGURE_FILLER or tok in _MINUS_WORDS or tok in s.lex.currencies or s.in_metric(j)):
            return None
    return None


def _change(now: tuple[float, float, str], then: tuple[float, float, str]) -> int:
    """+1 / -1 / 0 for a new figure against an earlier one.

    A scale written on one side only ("EUR 8.3 mn, compared to EUR 8.4") holds for both;
    figures in different currencies are a conversion ("EUR 2.7 mn ($ 3.5 mn)"), not a change.
    """
    if now[2] and then[2] and now[2] != then[2]:
        return 0
    a, b = now[0], then[0]
    if now[1] != 1.0 and then[1] != 1.0:
        a, b = a * now[1], b * then[1]
    return (a > b) - (a < b)


def _compare_figures(s: _Sentence) -> None:
    """Direction of a metric from its figures when no movement word gave one.

    "to EUR 13.1 mn from EUR 8.7 mn", "from X to Y", "EUR 5.2 mn (EUR 4.1 mn)", "EUR 0.15
    versus EUR 0.26": the new value is the one after "to", else the last one before the
    comparator; each comparison speaks for the nearest metric before it only.
    """
    comparators = [h for h in s.hits if h.kind == "comparator"]
    taken: set[int] = set()
    for m in s.hits:
        metric = m.entry.metric
        if m.kind != "metric" or m.used or metric is None:
            continue
        window = range(m.end, min(len(s.tokens), m.end + FIGURE_SPAN))
        for comp in comparators:
            if comp.start not in window or comp.start in taken or not s.same_clause(m.start, comp.start):
                continue
            then = _figure_after(s, comp.end - 1)
            if then is None:
                continue
            named = [h for h in s.hits if h.entry.metric and comp.end <= h.start < then[0]]
            if any(h.entry.metric.good != metric.good for h in named if h.entry.metric):
                continue  # "EPS ... up from a loss of EUR 0.08": that figure is the other metric's
            now = None
            if s.tokens[comp.start] == "from":
                for j in window:
                    if s.tokens[j] == "to" and s.same_clause(m.start, j):
                        now = _figure_after(s, j)
                        if now is not None and now[0] != then[0]:
                            break
                        now = None
            if now is None:  # "EUR 3.1 mn, up from EUR 2.0 mn", "EUR 5 mn (EUR 4 mn)"
                before = [(k, *f) for k in range(m.end, comp.start) if (f := _figure(s, k))]
                now = before[-1] if before else None
            sign = _change(now[1:], then[1:]) if now else 0
            if sign:
                m.value = sign * metric.good * metric.weight
                m.kind = "figure"
                m.used = True
                for h in named:
                    h.used = True  # "compared to a loss of 2.6 mn" is the earlier value, not news
                taken.add(comp.start)
                break
