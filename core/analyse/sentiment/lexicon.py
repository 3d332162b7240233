"""The finance lexicon: the CSV tables of data/sentiment/ read once into one `Lexicon`, and the
tokeniser that makes text and table terms meet."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.analyse.units import UNITS_FILE, Units, load_units
from core.settings import DATA_DIR

MODIFIER_KINDS = frozenset({"negator", "strong_negator", "intensifier", "dampener", "boundary", "comparator", "ignore",
                            "degree", "dismisser", "concessive", "background", "contrast", "fader", "ender", "belief",
                            "frame", "ranker"})
# Modifier kinds that also start a clause of their own.
CLAUSE_KINDS = frozenset({"boundary", "concessive", "background", "contrast"})
MOVEMENT_CONTEXTS = frozenset({"", "number", "noun", "object", "verdict", "subject"})
RULE_FAMILY = "rule"  # metrics.csv family of restrictions, tariffs, sanctions: what a movement's on_rule applies to
ZH_KINDS = frozenset({"positive", "negative", "neutral", "negator", "strong_negator", "up", "down", "metric_up",
                      "metric_down", "relief", "belief", "fader", "ranker", "concessive", "contrast"})

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+(?:[.,]\d+)*|[^\sa-z\d]")
_SPLIT_NUMBER = re.compile(r"(\d) (\.\d|,\d{3}\b)")  # "EUR17 .9 m", "EUR500 ,000": feed artefacts
_MINUS = re.compile(r"(?<![\w.])-(?=\d)")
_MINUS_SIGN = "\u2212"
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}


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
    object_only: bool = False  # "pared losses", "wiped out gains": moves its object, never its subject
    verdict: bool = False  # "clawed back losses", "gave back gains": good (up) or bad (down) whatever it moves
    subject_only: bool = False  # "outpaced", "above": moves what stands before it; what follows is the yardstick


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
def load_lexicon(folder: Path = DATA_DIR / "sentiment") -> Lexicon:
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
        if row["context"] not in MOVEMENT_CONTEXTS:
            raise ValueError(f"movements.csv: unknown context {row['context']!r}")
        move = Movement(_direction_of(row["direction"], "movements.csv"), float(row["weight"]),
                        float(row["unpaired"] or 0), row["context"] == "number", row["context"] == "noun",
                        _direction_of(row["on_rule"], "movements.csv") if row.get("on_rule") else 0,
                        row["context"] in {"object", "verdict"}, row["context"] == "verdict",
                        row["context"] == "subject")
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
    # The units table sits beside this folder in a data folder; a lone copy of the tables uses the bundled one.
    units_dir = folder.parent if (folder.parent / UNITS_FILE).exists() else DATA_DIR
    currencies, scales, not_figures = _figure_words(load_units(units_dir))
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


def _figure_words(units: Units) -> tuple[dict[str, str], dict[str, float], frozenset[str]]:
    """What figures are made of, as tokens: currency spellings (percent words as the unit "%",
    since percentages compare only with percentages), scale words, and the words that make the
    number before them a duration or an ordinal. All from data/units.yaml, the numbers' table."""
    currencies: dict[str, str] = {}
    for c in units.currencies:
        # A code that is a word in lower case ("try") is no currency to a lower-case tokeniser.
        codes = () if c.upper_only else c.codes
        spellings = [*codes, *c.symbols, *c.abbreviations, *c.tokens, *(w for w in c.words if len(_words(w)) == 1)]
        for spelling in spellings:
            for tok in _words(spelling)[:1]:
                currencies.setdefault(tok, c.code)
    for spelling in units.percent:
        currencies[_words(spelling)[-1]] = "%"  # "per cent" ends in "cent"
    scales = {w: v for w, v in {**units.scales, **units.abbreviated_scales, **units.short_scales}.items()}
    return currencies, scales, frozenset(units.time_words | units.ordinal_suffixes)


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
