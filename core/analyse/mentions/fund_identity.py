"""Which fund a fund name found in text is: a known fund of its house, or a new one named by rule.

Names are compared as sets of words after folding translation variants ("Connection" = "Feeder",
"Smart" = "Intelligent"; `data/gazetteer/fund_words.yaml`). Share classes ("A", "RMB") do not
change a fund; a fund's legal type words ("Mixed", "ETF") may be left out by a translation; words
such as "Feeder", "2x" or "Bear" make another fund whenever only one of the two names has them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.analyse.gazetteer import Gazetteer, strip_house_suffix
from core.analyse.spellings import CJK

_SPLIT = re.compile(r"[\s,()\-]+")


@lru_cache(maxsize=8)
def _fold_table(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every variant (longest first) and the folded word each maps to."""
    table: dict[str, str] = {}
    for canonical, variants in synonyms:
        target = _SPLIT.sub("_", canonical.lower()).strip("_")
        for v in (canonical, *variants):
            table.setdefault(_SPLIT.sub(" ", v.lower()).strip(), target)
    alternation = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alternation})(?!\S)"), table


def fold(text: str, fund_words: dict[str, Any]) -> frozenset[str]:
    """Words of a fund name with translation variants folded to one spelling each."""
    synonyms = tuple((str(k), tuple(str(v) for v in vs or ())) for k, vs in (fund_words.get("synonyms") or {}).items())
    text = _SPLIT.sub(" ", text.lower()).strip()
    if synonyms:
        pattern, table = _fold_table(synonyms)
        text = pattern.sub(lambda m: table[m.group(0)], text)
    ignore = {str(w).lower() for w in fund_words.get("ignore") or []}
    return frozenset(w for w in text.split() if w not in ignore)


@dataclass(frozen=True)
class FundWords:
    """A fund name's folded words, split into what identifies it and what only qualifies it."""

    words: frozenset[str]
    core: frozenset[str]  # without share classes and optional type words
    distinct: frozenset[str]  # words that make another fund (feeder, 2x, bear)


@lru_cache(maxsize=8)
def _word_sets(gazetteer: Gazetteer) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    fw = gazetteer.fund_words
    classes = frozenset(str(w).lower() for w in fw.get("share_classes") or [])
    optional = frozenset(str(w).lower() for w in fw.get("optional") or [])
    distinct = frozenset(str(w).lower() for w in fw.get("discriminating") or [])
    providers = frozenset(str(w).lower() for w in fw.get("index_providers") or [])
    return classes, optional, distinct, providers


def fund_words(text: str, gazetteer: Gazetteer) -> FundWords:
    classes, optional, distinct, _ = _word_sets(gazetteer)
    words = fold(text, gazetteer.fund_words)
    return FundWords(words, frozenset(words - classes - optional), frozenset(words & distinct))


@lru_cache(maxsize=8)
def known_funds(gazetteer: Gazetteer) -> dict[str, list[tuple[str, FundWords]]]:
    """Each house's known funds with their words, computed once per gazetteer."""
    known: dict[str, list[tuple[str, FundWords]]] = {}
    for e in gazetteer.of_type("FUND"):
        if e.house and e.product:
            known.setdefault(e.house, []).append((e.name, fund_words(e.product, gazetteer)))
    return known


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def match_known(found: FundWords, house: str, gazetteer: Gazetteer, ignore_distinct: bool = False) -> str:
    """The known fund of `house` the found words name, or "".

    A known fund whose identifying words are the found ones, give or take an index provider, is
    that fund (the one with the fewest left over when several are); when either name has a
    descriptive word the other lacks, they are different funds. A name spelled differently (each
    has words the other lacks) is the known fund that shares most of its words (Jaccard 0.6)."""
    providers = _word_sets(gazetteer)[3]
    core = found.core - found.distinct
    subset: list[tuple[int, str]] = []
    best, score = "", 0.0
    for name, known in known_funds(gazetteer).get(house, []):
        if not ignore_distinct and known.distinct != found.distinct:
            continue
        extra = known.core - known.distinct - core
        missing = core - known.core
        if core and not missing:
            if extra <= providers:
                subset.append((len(extra), name))
            continue
        if not extra - providers:
            continue  # the found name says more: another, more specific fund
        if any(w.upper() in gazetteer.codes for w in missing | extra):
            continue  # another underlying stock: "2x Long COIN" is not "2x Long NVDA"
        s = _jaccard(found.words, known.words)
        if s > score:
            best, score = name, s
    if subset:
        subset.sort()
        if len(subset) == 1 or subset[0][0] < subset[1][0]:
            return subset[0][1]
    return best if score >= 0.6 else ""


@lru_cache(maxsize=8)
def _fund_prefixes(gazetteer: Gazetteer) -> dict[str, str]:
    """How each house's funds begin their names ("ChinaAMC", "ARK", "E Fund"): the most common
    leading words of its known funds' names that are not the product."""
    counts: dict[str, Counter[str]] = {}
    for e in gazetteer.of_type("FUND"):
        if e.house and e.product and e.name.endswith(e.product) and len(e.name) > len(e.product):
            counts.setdefault(e.house, Counter())[e.name[: -len(e.product)].strip()] += 1
    return {house: c.most_common(1)[0][0] for house, c in counts.items()}


def house_label(house: str, surface: str, gazetteer: Gazetteer) -> str:
    """The words a new fund of `house` is named with: how its known funds start, else the words
    written when they belong to the house's own name, else its name without suffix."""
    prefix = _fund_prefixes(gazetteer).get(house)
    if prefix:
        return prefix
    written = strip_house_suffix(surface, gazetteer.words)
    if set(written.lower().split()) <= set(house.lower().split()):
        return written
    short = strip_house_suffix(house, gazetteer.words)
    return short if len(short) >= 3 else re.sub(r"\s+(Asset |Fund )?Management$", "", house)


@lru_cache(maxsize=8)
def chinese_houses(gazetteer: Gazetteer) -> frozenset[str]:
    """Fund houses with a Chinese name: their funds reach English text through translation."""
    named = frozenset(e.name for e in gazetteer.of_type("FUND_HOUSE") if e.zh)
    return named | frozenset(a.entity for a in gazetteer.aliases
                             if CJK.search(a.text) and gazetteer.entities[a.entity].type == "FUND_HOUSE")


@lru_cache(maxsize=8)
def fund_companies(gazetteer: Gazetteer) -> frozenset[str]:
    """Chinese fund companies (a curated Chinese name with 基金): their funds' English names are translations."""
    return frozenset(a.entity for a in gazetteer.aliases if a.method in ("gazetteer", "alias") and "基金" in a.text
                     and gazetteer.entities[a.entity].type == "FUND_HOUSE")


@lru_cache(maxsize=8)
def _display(gazetteer: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Translation variants of fund-name words -> the standard English word of official names."""
    table = {" ".join(str(v).lower().split()): str(word)
             for word, variants in (gazetteer.fund_words.get("display") or {}).items() for v in variants or ()}
    if not table:
        return None, {}
    alternation = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w\-])", re.IGNORECASE), table


def standard_words(product: str, gazetteer: Gazetteer) -> str:
    """A translated fund name in the words official English names use ("Large Cap Selection" ->
    "Large Cap Select", "Science and Innovation Entrepreneurship" -> "STAR & ChiNext"), without
    the bare "Fund" a translation adds for 基金."""
    pattern, table = _display(gazetteer)
    if pattern is not None:
        product = pattern.sub(lambda m: table[" ".join(m.group(0).lower().split())], product)
    words = product.split()
    if len(words) > 2 and words[-1] == "Fund":
        words.pop()
    return " ".join(words)


def new_fund_name(product: str, house: str, surface: str, gazetteer: Gazetteer) -> str:
    """A new fund is named house first: "ETF of X of House" -> "House X ETF"; a Chinese house's
    fund in the standard words of official English fund names."""
    m = re.match(r"^(ETF|Fund|Mixed|Mix)\s+of\s+(.*)$", product)
    if m:
        product = f"{m.group(2).rstrip(' ,')} {m.group(1)}"
    currencies = {str(c) for c in gazetteer.fund_words.get("currency_lines") or []}
    words = product.split()
    while len(words) > 1 and words[-1] in currencies:
        words.pop()
    product = " ".join(words)
    if house in fund_companies(gazetteer):
        product = standard_words(product, gazetteer)
    return " ".join(f"{house_label(house, surface, gazetteer)} {product}".split())


def resolve_fund(product: str, house: str, surface: str, gazetteer: Gazetteer) -> tuple[str, str]:
    """(entity, method) for a fund name `product` written after the house spelled `surface`.

    A feeder of a known ETF that the gazetteer does not list is named after that ETF."""
    found = fund_words(product, gazetteer)
    if not found.words:
        return "", ""
    known = match_known(found, house, gazetteer)
    if known:
        return known, "fuzzy"
    if "feeder" in found.distinct:
        target = match_known(fund_words(product, gazetteer), house, gazetteer, ignore_distinct=True)
        if target and "feeder" not in dict(known_funds(gazetteer)[house])[target].distinct:
            return f"{target} Feeder Fund", "pattern"
    return new_fund_name(product, house, surface, gazetteer), "pattern"


@lru_cache(maxsize=8)
def _zh_words(gazetteer: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Chinese fund-name words -> the standard English word (`zh_display` of fund_words.yaml)."""
    table = {str(v): str(word) for word, variants in (gazetteer.fund_words.get("zh_display") or {}).items()
             for v in variants or ()}
    if not table:
        return None, {}
    alternation = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
    return re.compile(alternation), table


def english_product(product: str, gazetteer: Gazetteer) -> str:
    """A Chinese fund name without its house and share class (中证人工智能主题ETF联接) in the words of official
    English names ("CSI Artificial Intelligence Theme ETF Feeder"), or "" when a word of it is
    not in the table: a half-translated name would be a third spelling, not the fund's."""
    pattern, table = _zh_words(gazetteer)
    if pattern is None:
        return ""
    product = re.sub(r"基金$", "", product.strip())
    words, at = [], 0
    for m in pattern.finditer(product):
        gap = product[at:m.start()]
        if CJK.search(gap):
            return ""
        words += gap.split()
        words.append(table[m.group()])
        at = m.end()
    rest = product[at:]
    if not words or CJK.search(rest):
        return ""
    return " ".join(w for w in words + rest.split() if w)
