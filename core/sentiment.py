"""Sentence sentiment from an investor's view: a finance lexicon plus the direction of a metric.

Most news sentences are neutral, and the ones that are not usually say that some quantity
moved ("operating profit rose", "the loss narrowed", "costs were cut"). A word list alone
scores those badly, because "rose" and "narrowed" are good or bad news only once you know
what moved. So each movement word is paired with the metric it talks about and scores
direction x the metric's good direction; figures ("to EUR 13.1 mn from EUR 8.7 mn") give the
direction when no movement word does. Evaluative words (benefit, lawsuit), negation and
intensity come on top, and a sentence where nothing fires is neutral.

All word lists are CSV files in ``data/sentiment/`` (its README says what each column means).
Pure Python and regular expressions with the tables loaded once, because this runs on every
sentence of every article.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from core.settings import DATA_DIR

__all__ = ["Lexicon", "explain", "label_for", "load_lexicon", "score_sentence", "score_sentence_zh"]

SENTIMENT_DIR = DATA_DIR / "sentiment"

# The only thresholds: a score strictly beyond them is a verdict, anything between is neutral.
POSITIVE_AT = 0.2
NEGATIVE_AT = -0.2

# Raw sums are squashed into (-1, 1) by x / sqrt(x^2 + SQUASH): one ordinary hit scores 0.71.
SQUASH = 1.0

# Distances in tokens. A verb's subject can sit far back ("net sales in the third quarter of
# 2010 increased"); a noun like "reduction" only names the metric right next to it.
PAIR_LEFT = 12
PAIR_RIGHT = 6
NOUN_LEFT = 2
NOUN_RIGHT = 4
NEGATION_SPAN = 4
INTENSITY_SPAN = 3
PAIR_GAP = 7  # "signed a new, long-term contract"
FIGURE_SPAN = 18  # from a metric to the comparison of its figures
NUMBER_SPAN = 5  # from "to" / "from" / "(" to the figure it introduces
FAMILY_SPAN = 18  # from "profit" to "compared with a loss"
FAMILY_AFTER = 8  # "from a EUR 249,000 ($ 360,000) net loss"
# A "sentence" longer than this is a splitting failure (a table, a PDF page); scoring it in
# chunks keeps the cost linear whatever the input.
MAX_TOKENS = 300
LEMMA_CACHE_SIZE = 200_000

MODIFIER_KINDS = frozenset({"negator", "strong_negator", "intensifier", "dampener", "boundary", "comparator", "ignore",
                            "degree"})
RULE_FAMILY = "rule"  # metrics.csv family of restrictions, tariffs, sanctions: what a movement's on_rule applies to
ZH_KINDS = frozenset({"positive", "negative", "neutral", "negator", "strong_negator", "up", "down", "metric_up",
                      "metric_down"})
ZH_PAIR_SPAN = 12  # characters between a Chinese movement and its metric: "降低微短剧的制作成本"

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+(?:[.,]\d+)*|[^\sa-z\d]")
_SPLIT_NUMBER = re.compile(r"(\d) (\.\d|,\d{3}\b)")  # "EUR17 .9 m", "EUR500 ,000": feed artefacts
_MINUS = re.compile(r"(?<![\w.])-(?=\d)")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MINUS_SIGN = "\u2212"
_MINUS_WORDS = frozenset({_MINUS_SIGN, "negative", "minus"})
_PUNCT = frozenset(",;:()\"'")
# Grammar, not vocabulary: what may stand between a comparator and its figure, and what makes
# "up"/"down" a movement ("sales were up", "up 5 %", "down by 3 %").
_FIGURE_FILLER = frozenset({"a", "an", "the", "of", "some", "about", "around", "approximately", "nearly", "almost"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "remain", "remained", "stay", "stayed", ","})
_AFTER_UP = frozenset({"by", "from", "%", "sharply", "significantly", "slightly", "strongly"})
_COORDINATORS = frozenset({"and", ",", "&"})
_CLAUSE_JOINERS = frozenset({"and", "but", "so", "or", "yet", "while", "which"})
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}
_ZH_CLAUSE_END = frozenset("，。；！？,;.!?")


@dataclass(frozen=True)
class Metric:
    """A quantity whose movement is the news (metrics.csv)."""

    good: int  # +1 if up is good news, -1 if up is bad news
    weight: float
    standalone: float  # what it adds when nothing moves it
    family: str  # profit and loss share "result": a swing from one to the other is news


@dataclass(frozen=True)
class Movement:
    """A word that says which way something went (movements.csv)."""

    direction: int
    weight: float
    unpaired: float  # what it adds when no metric is near
    needs_number: bool  # "up"/"down": only next to a figure or after "be"
    noun: bool  # "reduction", "growth": pairs only with the metric right next to it
    on_rule: int = 0  # direction when the metric is a rule: "tighten" export controls is more of them


@dataclass(frozen=True)
class Entry:
    """One table row, keyed in `Lexicon.terms` by its tuple of lemmas."""

    kind: str  # "word", "metric", "movement" or a modifier kind
    weight: float = 0.0
    metric: Metric | None = None
    movement: Movement | None = None


@dataclass(frozen=True)
class Lexicon:
    """Every table of ``data/sentiment/``, ready for matching."""

    terms: dict[tuple[str, ...], Entry]
    pairs: dict[str, tuple[tuple[str, float], ...]]  # "sign ... contract": word -> (other word, weight)
    forms: dict[str, str]  # irregular form or protected word -> lemma
    currencies: dict[str, str]  # spelling -> code
    scales: dict[str, float]  # "mn" -> 1e6
    not_figures: frozenset[str]  # "month" in "12-month period": the number is not an amount
    vocab: frozenset[str]  # every word a lemma may land on
    first_words: frozenset[str]  # words a term can start with, to skip the rest quickly
    max_len: int
    degree: dict[str, float]  # "great": praise alone, a multiplier of the bad news right after it
    zh: dict[str, tuple[str, float]]  # Chinese term -> (kind, weight)
    zh_max_len: int
    lemma_cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class _Hit:
    start: int
    end: int
    entry: Entry
    kind: str
    value: float = 0.0  # signed contribution once scored
    used: bool = False  # a metric that a movement, a swing or a figure comparison has spoken for
    partner: _Hit | None = None  # the metric a movement was paired with


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f) if any(row.values())]


def _words(text: str) -> list[str]:
    """Tokenise a sentence or a table term the same way, so terms match what text becomes."""
    text = _SPLIT_NUMBER.sub(r"\1\2", text.lower().replace("\u2019", "'"))
    text = _MINUS.sub(_MINUS_SIGN + " ", text)  # keep the sign of "EUR -24.5 mn" before hyphens go
    text = text.replace("-", " ")  # "cost-cutting" and "loss-making" are two words each
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok.endswith("n't") and tok != "n't":  # didn't / can't: the negation becomes a token of its own
            out.extend([_CONTRACTED.get(tok[:-3], tok[:-3]), "n't"])
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=4)
def load_lexicon(folder: Path = SENTIMENT_DIR) -> Lexicon:
    """Read the tables once per process and folder. Raises ValueError on a malformed row."""
    terms: dict[tuple[str, ...], Entry] = {}

    def put(term: str, entry: Entry, source: str) -> None:
        key = tuple(_words(term))
        if not key:
            raise ValueError(f"{source}: empty term")
        if key in terms:
            raise ValueError(f"{source}: {term!r} is defined twice")
        terms[key] = entry

    pairs: dict[str, list[tuple[str, float]]] = {}
    for row in _read(folder / "lexicon.csv"):
        weight = _sign(row["polarity"], "lexicon.csv") * float(row["weight"])
        if "..." not in row["term"]:
            put(row["term"], Entry("word", weight), "lexicon.csv")
            continue
        first, second = (_words(part) for part in row["term"].split("...", 1))
        if len(first) != 1 or len(second) != 1:
            raise ValueError(f"lexicon.csv: {row['term']!r}: write one word each side of '...'")
        if any(b == second[0] for b, _ in pairs.get(first[0], [])):
            raise ValueError(f"lexicon.csv: {row['term']!r} is defined twice")
        pairs.setdefault(first[0], []).append((second[0], weight))
    for row in _read(folder / "metrics.csv"):
        metric = Metric(_direction_of(row["good_direction"], "metrics.csv"), float(row["weight"]),
                        float(row["standalone"] or 0), row["family"])
        put(row["term"], Entry("metric", metric=metric), "metrics.csv")
    for row in _read(folder / "movements.csv"):
        if row["context"] not in {"", "number", "noun"}:
            raise ValueError(f"movements.csv: unknown context {row['context']!r}")
        move = Movement(_direction_of(row["direction"], "movements.csv"), float(row["weight"]),
                        float(row["unpaired"] or 0), row["context"] == "number", row["context"] == "noun",
                        _direction_of(row["on_rule"], "movements.csv") if row.get("on_rule") else 0)
        put(row["term"], Entry("movement", movement=move), "movements.csv")
    degree: dict[str, float] = {}
    for row in _read(folder / "modifiers.csv"):
        if row["kind"] not in MODIFIER_KINDS:
            raise ValueError(f"modifiers.csv: unknown kind {row['kind']!r}")
        if row["kind"] == "degree":
            # Not a term of its own: the word stays a lexicon.csv word and is read as a degree
            # only when bad news follows it.
            key = tuple(_words(row["term"]))
            if len(key) != 1:
                raise ValueError(f"modifiers.csv: degree {row['term']!r} must be one word")
            degree[key[0]] = float(row["weight"])
            continue
        put(row["term"], Entry(row["kind"], float(row["weight"])), "modifiers.csv")

    forms = {r["form"]: r["lemma"] for r in _read(folder / "forms.csv")}
    units = _read(folder / "units.csv")
    currencies = {r["term"].lower(): r["value"] for r in units if r["kind"] == "currency"}
    scales = {r["term"].lower(): float(r["value"]) for r in units if r["kind"] == "scale"}
    not_figures = frozenset(r["term"].lower() for r in units if r["kind"] == "not_figure")
    zh: dict[str, tuple[str, float]] = {}
    for row in _read(folder / "lexicon_zh.csv"):
        if row["polarity"] not in ZH_KINDS:
            raise ValueError(f"lexicon_zh.csv: unknown polarity {row['polarity']!r}")
        zh[row["term"]] = (row["polarity"], float(row["weight"]))

    pair_words = {w for a, rest in pairs.items() for w in (a, *(b for b, _ in rest))}
    vocab = frozenset(w for key in terms for w in key) | frozenset(forms.values()) | frozenset(pair_words)
    return Lexicon(
        terms=terms, pairs={a: tuple(rest) for a, rest in pairs.items()}, forms=forms,
        currencies=currencies, scales=scales, not_figures=not_figures, vocab=vocab, first_words=frozenset(k[0] for k in terms),
        max_len=max(len(k) for k in terms), degree=degree,
        zh=zh, zh_max_len=max((len(t) for t in zh), default=1),
    )


def _sign(polarity: str, source: str) -> float:
    try:
        return {"positive": 1.0, "negative": -1.0, "neutral": 0.0}[polarity]
    except KeyError:
        raise ValueError(f"{source}: unknown polarity {polarity!r}") from None


def _direction_of(word: str, source: str) -> int:
    try:
        return {"up": 1, "down": -1}[word]
    except KeyError:
        raise ValueError(f"{source}: direction must be up or down, not {word!r}") from None


# --- lemmas ------------------------------------------------------------------------------

def _candidates(tok: str) -> list[str]:
    """Possible base forms of an English word, the word itself first."""
    out = [tok]
    n = len(tok)
    if n > 4 and tok.endswith(("ies", "ied")):
        out.append(tok[:-3] + "y")
    if n > 3 and tok.endswith("es"):
        out.append(tok[:-2])
    if n > 3 and tok.endswith("s") and not tok.endswith("ss"):
        out.append(tok[:-1])
    for suffix in ("ed", "ing", "er", "est"):
        if n > len(suffix) + 2 and tok.endswith(suffix):
            stem = tok[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # dropped -> drop, bigger -> big
    if n > 4 and tok.endswith("ly"):
        out.append(tok[:-2])
        if tok.endswith("bly"):
            out.append(tok[:-1] + "e")  # favourably -> favourable
        if tok.endswith("ily"):
            out.append(tok[:-3] + "y")  # happily -> happy
        if tok.endswith("ically"):
            out.append(tok[:-4])  # optimistically -> optimistic
    return out


def _lemma(tok: str, lex: Lexicon) -> str:
    """Map a word onto a table word when a suffix rule reaches one; otherwise leave it alone.

    Landing only on known words is what keeps stemming misfires out: "subject" is in no
    table, so no rule can turn it into a sentiment word.
    """
    cached = lex.lemma_cache.get(tok)
    if cached is not None:
        return cached
    lemma = lex.forms.get(tok) or next((c for c in _candidates(tok) if c in lex.vocab), tok)
    if len(lex.lemma_cache) > LEMMA_CACHE_SIZE:
        lex.lemma_cache.clear()  # unbounded vocabularies (numbers, names) must not grow memory
    lex.lemma_cache[tok] = lemma
    return lemma


# --- one sentence --------------------------------------------------------------------------

class _Sentence:
    """Tokens, lemmas, table hits and clause numbers of one sentence (or chunk)."""

    def __init__(self, tokens: list[str], lex: Lexicon) -> None:
        self.tokens = tokens
        self.lex = lex
        self.lemmas = [_lemma(t, lex) for t in tokens]
        for k, tok in enumerate(tokens[:-1]):
            if tok in _MINUS_WORDS and self._figure_follows(k):
                self.lemmas[k] = _MINUS_SIGN  # "a negative EUR 0.8 mn" is a sign, not a verdict
        self.hits = _head_nouns(self._match())
        self.clause = self._clauses()
        self.hits += self._pair_hits()
        self.comparator_starts = [h.start for h in self.hits if h.kind == "comparator"]
        self.metric_tokens = {k for h in self.hits if h.kind == "metric" for k in range(h.start, h.end)}

    def _match(self) -> list[_Hit]:
        """Longest-first matching of table terms over the lemmas."""
        hits: list[_Hit] = []
        lemmas, terms, first_words = self.lemmas, self.lex.terms, self.lex.first_words
        i, n = 0, len(lemmas)
        while i < n:
            if lemmas[i] not in first_words:
                i += 1
                continue
            for size in range(min(self.lex.max_len, n - i), 0, -1):
                entry = terms.get(tuple(lemmas[i: i + size]))
                if entry is not None:
                    hits.append(_Hit(i, i + size, entry, entry.kind))
                    i += size
                    break
            else:
                i += 1
        return hits

    def _clauses(self) -> list[int]:
        starts = {h.start for h in self.hits if h.kind == "boundary"}
        ids, current = [], 0
        for k in range(len(self.tokens)):
            current += k in starts
            ids.append(current)
        return ids

    def _pair_hits(self) -> list[_Hit]:
        """Two words near each other, in either order: "signed a contract", "a deal was signed"."""
        found: list[_Hit] = []
        seen: set[tuple[str, str]] = set()
        lemmas = self.lemmas
        for i, a in enumerate(lemmas):
            for b, weight in self.lex.pairs.get(a, ()):
                if (a, b) in seen:
                    continue
                window = range(max(0, i - PAIR_GAP), min(len(lemmas), i + PAIR_GAP + 1))
                if any(j != i and lemmas[j] == b and self.same_clause(i, j) for j in window):
                    found.append(_Hit(i, i + 1, Entry("word", weight), "word"))
                    seen.add((a, b))
        return found

    def _figure_follows(self, k: int) -> bool:
        nxt = self.tokens[k + 1]
        after = self.tokens[k + 2] if k + 2 < len(self.tokens) else ""
        return nxt[:1].isdigit() or (nxt in self.lex.currencies and after[:1].isdigit())

    def has_comparator(self, start: int, end: int) -> bool:
        return any(start <= k < end for k in self.comparator_starts)

    def in_metric(self, k: int) -> bool:
        return k in self.metric_tokens

    def same_clause(self, a: int, b: int) -> bool:
        last = len(self.clause) - 1
        return self.clause[min(a, last)] == self.clause[min(b, last)]

    def is_movement(self, hit: _Hit) -> bool:
        move = hit.entry.movement
        if move is None:
            return False
        if not move.needs_number:
            return True
        after = self.tokens[hit.end] if hit.end < len(self.tokens) else ""
        before = self.lemmas[hit.start - 1] if hit.start > 0 else ""
        return bool(after[:1].isdigit() or after in _AFTER_UP or before in _BE)


def _head_nouns(hits: list[_Hit]) -> list[_Hit]:
    """Drop a metric that only modifies the metric right after it: "production cost" is a cost.

    English compounds put the head last, so "reduce the production cost" moves the cost, and
    "customer demand" is demand.
    """
    starts = {h.start for h in hits if h.kind == "metric"}
    return [h for h in hits if not (h.kind == "metric" and h.end in starts)]


def _metrics_for(move: _Hit, metrics: list[_Hit], s: _Sentence) -> list[_Hit]:
    """The metric a movement talks about, with any metric joined to it by "and" or a comma.

    "Both operating profit and net sales increased" moves both.
    """
    first = _metric_for(move, metrics, s)
    if first is None:
        return []
    found = [first]
    by_end = {m.end: m for m in metrics}
    by_start = {m.start: m for m in metrics}
    left = first
    while left.start > 1 and s.tokens[left.start - 1] in _COORDINATORS and (left.start - 1) in by_end:
        left = by_end[left.start - 1]
        found.append(left)
    right = first
    while right.end < len(s.tokens) and s.tokens[right.end] in _COORDINATORS and (right.end + 1) in by_start:
        right = by_start[right.end + 1]
        if right.end > move.start:
            break
        found.append(right)
    return found


def _metric_for(move: _Hit, metrics: list[_Hit], s: _Sentence) -> _Hit | None:
    """The metric a movement word talks about: the nearest one in its clause.

    The subject (left) wins ties; an object right after the verb wins over a subject further
    back ("... considerably increases the fixed costs").
    """
    mv = move.entry.movement
    assert mv is not None
    reach_left, reach_right = (NOUN_LEFT, NOUN_RIGHT) if mv.noun else (PAIR_LEFT, PAIR_RIGHT)
    left: tuple[int, _Hit] | None = None
    right: tuple[int, _Hit] | None = None
    for m in metrics:
        if m.end <= move.start and move.start - m.end < reach_left and s.same_clause(m.start, move.start):
            d = move.start - m.end
            if left is None or d < left[0]:
                left = (d, m)
        elif (m.start >= move.end and m.start - move.end < reach_right and s.same_clause(m.start, move.start)
              and not s.has_comparator(move.end, m.start)):  # "up from the loss": the earlier state
            d = m.start - move.end
            if right is None or d < right[0]:
                right = (d, m)
    if right is not None:
        between = s.tokens[move.end: right[1].start]
        is_object = right[0] <= 2 and not any(t in _PUNCT for t in between)
        # "... has risen, and fluctuations may ...": a metric after ", and" is the next clause's subject.
        next_clause = any(a == "," and b in _CLAUSE_JOINERS for a, b in pairwise(between))
        if not next_clause and (left is None or (is_object and left[0] > 0) or right[0] < left[0]):
            return right[1]
    if left is None and _opens_clause(move, s):
        # "sales fell abroad but increased in Finland": the verb shares the earlier subject
        earlier = [m for m in metrics if m.end <= move.start and move.start - m.end < PAIR_LEFT]
        return earlier[-1] if earlier else None
    return left[1] if left else None


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


def _score_hits(s: _Sentence) -> None:
    """Give every hit its signed value before negation and intensity."""
    metrics = [h for h in s.hits if h.kind == "metric"]
    for move in (h for h in s.hits if s.is_movement(h)):
        mv = move.entry.movement
        assert mv is not None
        paired = _metrics_for(move, metrics, s)
        move.value = mv.unpaired
        for i, metric in enumerate(paired):
            assert metric.entry.metric is not None
            direction = mv.on_rule if mv.on_rule and metric.entry.metric.family == RULE_FAMILY else mv.direction
            value = direction * metric.entry.metric.good * max(mv.weight, metric.entry.metric.weight)
            if i == 0:
                move.value, move.partner = value, metric
            else:
                metric.value, metric.kind = value, "coordinated"
            metric.used = True
    _compare_family(s)
    _compare_figures(s)
    for h in s.hits:
        if h.kind == "metric" and not h.used and h.entry.metric is not None:
            h.value = h.entry.metric.standalone
        elif h.kind == "word":
            h.value = h.entry.weight
    _degree_words(s)


def _degree_words(s: _Sentence) -> None:
    """"great pressure", "strong headwinds": praise right before bad news only says how much."""
    if not s.lex.degree:
        return
    by_start = {h.start: h for h in s.hits if h.kind == "word" and h.value > 0}
    for h in s.hits:
        if h.value >= 0 or h.kind not in {"word", "metric"} or h.start == 0:
            continue
        weight = s.lex.degree.get(s.lemmas[h.start - 1])
        adjective = by_start.get(h.start - 1)
        if weight is not None and adjective is not None and adjective.end == h.start:
            adjective.value = 0.0
            h.value *= weight


def _apply_modifiers(s: _Sentence) -> float:
    """Sum the hits, each flipped by a negator and scaled by an intensifier shortly before it.

    Adverbs right after a movement count too ("rose sharply"). A strong negator with nothing
    to flip is bad news by itself ("cannot meet the needs of users").
    """
    by_end: dict[int, list[_Hit]] = {}
    by_start: dict[int, list[_Hit]] = {}
    for mod in s.hits:
        if mod.kind in {"negator", "strong_negator", "intensifier", "dampener"}:
            by_end.setdefault(mod.end, []).append(mod)
            by_start.setdefault(mod.start, []).append(mod)
    total = 0.0
    flipped: set[int] = set()
    for h in s.hits:
        if not h.value or h.kind not in {"word", "movement", "metric", "swing", "figure", "coordinated"}:
            continue
        value = h.value
        for gap in range(max(NEGATION_SPAN, INTENSITY_SPAN)):
            for mod in by_end.get(h.start - gap, ()):
                if not s.same_clause(mod.start, h.start) or "," in s.tokens[mod.end: h.start]:
                    continue  # "for the year ended 31 March, sales rose": no negation
                if mod.kind in {"negator", "strong_negator"} and gap < NEGATION_SPAN:
                    value *= mod.entry.weight
                    flipped.add(mod.start)
                elif mod.kind in {"intensifier", "dampener"} and gap < INTENSITY_SPAN:
                    value *= mod.entry.weight
        if h.kind == "movement":
            for mod in by_start.get(h.end, ()):
                if mod.kind in {"intensifier", "dampener"}:
                    value *= mod.entry.weight
        total += value
    for mod in s.hits:
        if mod.kind == "strong_negator" and mod.start not in flipped:
            total += mod.entry.weight
    return total


def _raw_score(tokens: list[str], lex: Lexicon, trace: list[tuple[str, str, float]] | None = None) -> float:
    total = 0.0
    for at in range(0, len(tokens), MAX_TOKENS):
        s = _Sentence(tokens[at: at + MAX_TOKENS], lex)
        _score_hits(s)
        total += _apply_modifiers(s)
        if trace is not None:
            trace.extend((" ".join(s.tokens[h.start: h.end]), h.kind, round(h.value, 3)) for h in s.hits)
    return total


def _squash(raw: float) -> float:
    return raw / math.sqrt(raw * raw + SQUASH)


def label_for(score: float) -> str:
    """"positive", "negative" or "neutral" for a score in [-1, 1]."""
    if score > POSITIVE_AT:
        return "positive"
    if score < NEGATIVE_AT:
        return "negative"
    return "neutral"


def score_sentence(text: str) -> tuple[float, str]:
    """Score one sentence: (score in [-1, 1], label); neutral when nothing fires.

    Text with Chinese characters goes to `score_sentence_zh`. Never raises on odd input.
    """
    if _CJK.search(text):
        return score_sentence_zh(text)
    tokens = _words(text)
    if not tokens:
        return 0.0, "neutral"
    score = round(_squash(_raw_score(tokens, load_lexicon())), 4)
    return score, label_for(score)


def explain(text: str) -> list[tuple[str, str, float]]:
    """What fired in an English sentence, as (words, kind, value before negation and intensity).

    For people extending the tables: it shows which term matched and what it was worth.
    """
    trace: list[tuple[str, str, float]] = []
    _raw_score(_words(text), load_lexicon(), trace)
    return trace


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


def score_sentence_zh(text: str) -> tuple[float, str]:
    """Score a Chinese sentence with the small lexicon_zh.csv; same contract as `score_sentence`.

    As in English, a movement (`up`: 增长, 提升; `down`: 下降, 降低) is read against the nearest
    metric of its clause, on either side since Chinese says both "成本下降" and "降低成本": next
    to a metric whose rise is bad news (`metric_down`: 成本, 风险) its sign flips, so "降低制作成本"
    is good news. An unpaired movement counts as its own direction; a metric nothing moves adds
    its weight (`metric_down` as bad news: "面临风险"). A negator (不, 未, 没有) flips the next
    term within a few characters of the same clause, and a strong negator (无法, 难以) with
    nothing to flip is bad news by itself.
    """
    hits = _zh_hits(text, load_lexicon())
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
