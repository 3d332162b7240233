"""One English sentence as the scorer sees it: tokens, lemmas, lexicon hits and clauses."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analyse.sentiment.lexicon import _MINUS_SIGN, CLAUSE_KINDS, Entry, Lexicon

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
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_MINUS_WORDS = frozenset({_MINUS_SIGN, "negative", "minus"})
_PUNCT = frozenset(",;:()\"'")
# Grammar, not vocabulary: what may stand between a comparator and its figure, and what makes
# "up"/"down" a movement ("sales were up", "up 5 %", "down by 3 %").
_FIGURE_FILLER = frozenset({"a", "an", "the", "of", "some", "about", "around", "approximately", "nearly", "almost"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "remain", "remained", "stay", "stayed", ","})
_AFTER_UP = frozenset({"by", "from", "%", "sharply", "significantly", "slightly", "strongly"})
_COORDINATORS = frozenset({"and", ",", "&"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "his", "her", "this", "these"})
_CLAUSE_JOINERS = frozenset({"and", "but", "so", "or", "yet", "while", "which"})
# A metric after one of these belongs to a clause of reason or time, not to the verb before it;
# a fader after one of these fades only what follows it ("shares slump as the rally fizzles").
_SUBORDINATORS = frozenset({"as", "after", "amid", "because", "since", "when", "following", "despite", "on", "while",
                            "though", "although", "if"})
# "8.4 times earnings", "20x sales": the metric after these is the yardstick of a ratio, not news.
_RATIO = frozenset({"times", "x"})


@dataclass
class _Hit:
    start: int
    end: int
    entry: Entry
    kind: str
    value: float = 0.0  # signed contribution once scored
    used: bool = False  # a metric that a movement, a swing or a figure comparison has spoken for
    partner: _Hit | None = None  # the metric a movement was paired with
    pair: bool = False  # a "sign ... contract" pair: it speaks for its words ("strike a deal" is no strike)


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

def _head_nouns(hits: list[_Hit]) -> list[_Hit]:
    """Drop a metric that only modifies the metric right after it: "production cost" is a cost.

    English compounds put the head last, so "reduce the production cost" moves the cost, and
    "customer demand" is demand.
    """
    starts = {h.start for h in hits if h.kind == "metric"}
    return [h for h in hits if not (h.kind == "metric" and h.end in starts)]


def _ratios(hits: list[_Hit], tokens: list[str]) -> list[_Hit]:
    """Drop a metric that is the yardstick of a ratio: "net debt of 8.4 times earnings"."""
    return [h for h in hits if not (h.kind == "metric" and h.start > 0 and tokens[h.start - 1] in _RATIO)]


class _Sentence:
    """Tokens, lemmas, table hits and clause numbers of one sentence (or chunk)."""

    def __init__(self, tokens: list[str], lex: Lexicon) -> None:
        self.tokens = tokens
        self.lex = lex
        self.lemmas = [_lemma(t, lex) for t in tokens]
        for k, tok in enumerate(tokens[:-1]):
            if tok in _MINUS_WORDS and self._figure_follows(k):
                self.lemmas[k] = _MINUS_SIGN  # "a negative EUR 0.8 mn" is a sign, not a verdict
        self.hits = _ratios(_head_nouns(self._match()), tokens)
        self.clause = self._clauses()
        self.paired_at: set[int] = set()  # positions of the words of a "sign ... contract" pair
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
        starts = {h.start for h in self.hits if h.kind in CLAUSE_KINDS}
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
                other = next((j for j in window if j != i and lemmas[j] == b and self.same_clause(i, j)), None)
                if other is not None:
                    found.append(_Hit(i, i + 1, Entry("word", weight), "word", pair=True))
                    self.paired_at.update((i, other))
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
        if before in _DETERMINERS:
            return False  # "the top 10 holdings"
        if after in self.lex.currencies and hit.end + 1 < len(self.tokens):
            after = self.tokens[hit.end + 1]  # "assets topped $ 10 billion"
        return bool(after[:1].isdigit() or after in _AFTER_UP or before in _BE)
