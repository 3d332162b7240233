"""Entity mentions: every span of the body that names a gazetteer entity or a new one.

Order of evidence, strongest first:
1. gazetteer spellings (curated, generated, pinyin) through spaCy PhraseMatchers;
2. fund names built around a fund-house mention ("AXA Puyin ... Media ETF", "ETF of ... of SPDB AXA"),
   resolved to a known fund by comparing their words after folding translation variants, or kept
   as a new fund of that house;
3. cue patterns for managers ("X, fund manager of ...", "managed by X and Y");
4. the trained model's PERSON and ORG, typed by their words ("... Securities" -> COMPANY).
Overlaps go to the longest span, except that a fund house inside a fund name is kept too.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from core.analyse.gazetteer import Gazetteer, strip_house_suffix

_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}|[A-Z]{2,}(?: [A-Z]{2,}){1,2}"
_CLAUSE = r"[^.;:!?\"“”\n]"
_MANAGER_AFTER = re.compile(
    rf"(?P<name>{_NAME}),\s+(?!(?:and|but|while|which|who|as|so)\b)(?:the\s+)?(?:{_CLAUSE}{{0,120}}?\s)?"
    r"(?i:fund|portfolio)\s+(?i:manager)\b")
_MANAGER_BEFORE = re.compile(
    rf"(?:fund manager|portfolio manager|(?:jointly |co-)?managed by)\s+(?P<name>{_NAME})(?:\s+and\s+(?P<name2>{_NAME}))?")
_WORD = re.compile(r"\s*(\((?:QDII|LOF|FOF|QDII-FOF)\)|[A-Za-z0-9][\w\-]*|&|,)")
# Words that never make a named entity on their own (model output on capitalised common words).
_GENERIC = frozenset("""
ai content hardware software market markets industry report department team committee group fund funds qdii lof etf
first secondly finally the a an this that these those it its china chinese american global
""".split())
_DETERMINERS = frozenset("The Its Their His Her Our Both And Of As Like".split())
_ORG_SUFFIX_TYPES = (
    (re.compile(r"\b(ETF|\(QDII\)|\(LOF\)|Mixed|Mix|Index Fund)$"), "FUND"),
    (re.compile(r"\b(Fund Management|Asset Management|Investment Managers|Fund Co\.?|Funds?)$", re.I), "FUND_HOUSE"),
    (re.compile(r"\b(Securities|Bank|Capital|Research|Consulting|Technologies|Technology|Group|Corp|Inc|Ltd|Co)\.?$"), "COMPANY"),
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: str
    entity_type: str
    method: str


class GazetteerMatcher:
    """Gazetteer spellings compiled once into two PhraseMatchers (case-insensitive and exact)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: list[tuple[str, str]] = []  # match id -> (entity, method)
        by_key: dict[tuple[str, str, bool], list[str]] = {}
        for alias in gazetteer.aliases:
            by_key.setdefault((alias.entity, alias.method, alias.case_sensitive), []).append(alias.text)
        for (entity, method, exact), texts in by_key.items():
            key = f"{len(self.keys)}"
            self.keys.append((entity, method))
            docs = [nlp.make_doc(t) for t in texts]
            (self.exact if exact else self.lower).add(key, docs)
        self._vocab = nlp.vocab

    def __call__(self, doc: Doc) -> list[Mention]:
        found = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                entity, method = self.keys[int(self._vocab.strings[match_id])]
                span = doc[start:end]
                type_ = self.gazetteer.entities[entity].type
                found.append(Mention(span.start_char, span.end_char, span.text, entity, type_, method))
        return found


@lru_cache(maxsize=8)
def _fold_table(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every variant (longest first) and the folded word each maps to."""
    table: dict[str, str] = {}
    for canonical, variants in synonyms:
        target = re.sub(r"[\s,()\-]+", "_", canonical.lower()).strip("_")
        for v in (canonical, *variants):
            table.setdefault(re.sub(r"[\s,()\-]+", " ", v.lower()).strip(), target)
    alternation = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alternation})(?!\S)"), table


def _fold(text: str, fund_words: dict[str, Any]) -> frozenset[str]:
    """Words of a fund name with translation variants folded to one spelling each."""
    synonyms = tuple((str(k), tuple(str(v) for v in vs or ())) for k, vs in (fund_words.get("synonyms") or {}).items())
    text = re.sub(r"[\s,()\-]+", " ", text.lower()).strip()
    if synonyms:
        pattern, table = _fold_table(synonyms)
        text = pattern.sub(lambda m: table[m.group(0)], text)
    ignore = {str(w).lower() for w in fund_words.get("ignore") or []}
    return frozenset(w for w in text.split() if w not in ignore)


def _fund_type_re(fund_words: dict[str, Any]) -> re.Pattern[str]:
    words = sorted((str(w) for w in fund_words.get("fund_type_words") or ["ETF", "Fund"]), key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ")$")


_ROLE_WORDS = frozenset({"Manager", "Managers", "Director", "Chairman", "President", "CEO", "Deputy", "Head"})


@lru_cache(maxsize=8)
def _known_funds(gazetteer: Gazetteer) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each house's known funds with their folded words, computed once per gazetteer."""
    known: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for e in gazetteer.of_type("FUND"):
        if e.house and e.product:
            known.setdefault(e.house, []).append((e.name, _fold(e.product, gazetteer.fund_words)))
    return known


@lru_cache(maxsize=8)
def _fund_type_re_cached(gazetteer: Gazetteer) -> re.Pattern[str]:
    return _fund_type_re(gazetteer.fund_words)


def _scan_right(text: str, at: int, is_type: re.Pattern[str], stops: frozenset[int]) -> int:
    """End of the longest run of name words after `at` that ends in a fund-type word, or -1.
    The run stops at another fund house, a role word ("Fund Manager") or a lower-case word; a lone
    fund-type word right after the house ("AXA SPDB Fund") is the house's own name."""
    end, pos, n = -1, at, 0
    while n < 16:
        m = _WORD.match(text, pos)
        if not m or m.start(1) in stops:
            break
        word = m.group(1)
        if (word[0].islower() and word not in ("and", "of")) or word in _ROLE_WORDS:
            break
        pos, n = m.end(), n + 1
        if is_type.match(word):
            named = [w for w in _WORD.findall(text[at:pos]) if not is_type.match(w) and w not in ("and", "of", "&", ",")]
            if named:
                end = pos
    return end


_REVERSED = re.compile(r"(?P<fund>\b(?:ETF|Fund|Mixed|Mix)\s+of\s+(?:[A-Z][\w\-]*|and|&|,|\s)+?)\s+of\s+$")


def find_funds(text: str, houses: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Fund names around fund-house mentions, linked to a known fund of that house when their
    folded words agree, otherwise kept as a new fund of the house."""
    fund_words = gazetteer.fund_words
    is_type = _fund_type_re_cached(gazetteer)
    known = _known_funds(gazetteer)
    found = []
    # Only the longest spelling of each house mention anchors a fund ("AXA SPDB Fund", not "AXA SPDB").
    houses = [h for h in houses if not any(o is not h and o.start <= h.start and h.end <= o.end
                                           and (o.end - o.start) > (h.end - h.start) for o in houses)]
    stops = frozenset(h.start for h in houses)
    for house in houses:
        possessive = re.match(r"['’]s\b", text[house.end:house.end + 2])  # "Huaan Fund's STAR Chip ETF"
        after = house.end + (2 if possessive else 0)
        end = _scan_right(text, after, is_type, stops)
        if end > 0:
            product, start = text[after:end].strip(), house.start
        else:
            m = _REVERSED.search(text[max(0, house.start - 200):house.start])
            if not m:
                continue
            product = m["fund"].strip()
            start, end = house.start - (len(text[max(0, house.start - 200):house.start]) - m.start("fund")), house.end
        words = _fold(product, fund_words)
        if not words:
            continue
        best, score = "", 0.0
        for name, candidate in known.get(house.entity, []):
            s = len(words & candidate) / max(len(words | candidate), 1)
            if s > score:
                best, score = name, s
        if score >= 0.6:
            found.append(Mention(start, end, text[start:end], best, "FUND", "fuzzy"))
        else:
            name = _new_fund_name(product, house.surface)
            found.append(Mention(start, end, text[start:end], name, "FUND", "pattern"))
    return found


@lru_cache(maxsize=8)
def _house_bases(gazetteer: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every fund house's names without suffix ("Cathay", "Ping An"), which are too ambiguous to
    match alone but do name the house at the start of a fund's name ("Cathay CES ... ETF")."""
    bases: dict[str, str] = {}
    for alias in gazetteer.aliases:
        entity = gazetteer.entities[alias.entity]
        if entity.type == "FUND_HOUSE" and not re.search(r"[\u3400-\u9fff]", alias.text):
            base = strip_house_suffix(alias.text)
            if len(base) >= 3 and base[0].isupper():
                bases.setdefault(base, entity.name)
    if not bases:
        return None, {}
    alternation = "|".join(re.escape(b) for b in sorted(bases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), bases


def _bare_house_anchors(text: str, houses: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """House names without suffix that start a fund name and were not matched as houses."""
    pattern, bases = _house_bases(gazetteer)
    if pattern is None:
        return []
    is_type = _fund_type_re_cached(gazetteer)
    anchors = []
    for m in pattern.finditer(text):
        before = re.search(r"([A-Z][\w)\-]*)\s+$", text[max(0, m.start() - 40):m.start()])
        if any(h.start <= m.start() < h.end for h in houses) or (before and before.group(1) not in _DETERMINERS):
            continue  # inside a house mention, or not the first word of a name
        if _scan_right(text, m.end(), is_type, frozenset()) > 0:
            anchors.append(Mention(m.start(), m.end(), m.group(), bases[m.group()], "FUND_HOUSE", "rule"))
    return anchors


def _new_fund_name(product: str, house_surface: str) -> str:
    """A new fund is named as written, house first: "ETF of X of House" -> "House X ETF"."""
    m = re.match(r"^(ETF|Fund|Mixed|Mix)\s+of\s+(.*)$", product)
    if m:
        product = f"{m.group(2).rstrip(' ,')} {m.group(1)}"
    return " ".join(f"{house_surface} {product}".split())


def _canonical_person(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in name.split())


def find_managers(text: str) -> list[Mention]:
    """People named as fund managers by the sentence around them."""
    found = []
    for m in _MANAGER_AFTER.finditer(text):
        found.append(Mention(m.start("name"), m.end("name"), m["name"], _canonical_person(m["name"]), "MANAGER", "pattern"))
    for m in _MANAGER_BEFORE.finditer(text):
        for group in ("name", "name2"):
            if m[group]:
                found.append(Mention(m.start(group), m.end(group), m[group], _canonical_person(m[group]), "MANAGER", "pattern"))
    return found


_SENTENCE_LEAD = " \"'“("


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether only quotes, brackets and spaces stand between `start` and the previous sentence end."""
    i = start - 1
    while i >= 0 and text[i] in _SENTENCE_LEAD:
        i -= 1
    return i < 0 or text[i] not in "abcdefghijklmnopqrstuvwxyz,;0123456789"


def model_mentions(doc: Doc) -> list[Mention]:
    """PERSON and ORG from the trained model, trimmed and typed; generic words are dropped."""
    found = []
    text = doc.text  # built from the tokens on every access: read it once
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        tokens = [t for t in ent if not (t.is_punct or t.lower_ in ("the", "of", "and"))] or []
        while tokens and tokens[0].lower_ in ("the",):
            tokens = tokens[1:]
        if not tokens:
            continue
        span = doc[tokens[0].i: tokens[-1].i + 1]
        words = [t.text for t in span]
        if all(w.lower() in _GENERIC for w in words) or any(w.lower() in ("department", "team") for w in words):
            continue
        sentence_start = _at_sentence_start(text, span.start_char)
        if len(words) == 1 and (ent.label_ == "PERSON" or len(words[0]) <= 3 or words[0].lower() in _GENERIC
                                or (sentence_start and words[0][1:].islower())):
            continue  # a lone capitalised word is a surname, a brand, a place or just the first word
        type_ = ent.label_
        for pattern, typed in _ORG_SUFFIX_TYPES:
            if type_ == "ORG" and pattern.search(span.text):
                type_ = typed
                break
        name = _canonical_person(span.text) if type_ == "PERSON" else span.text
        found.append(Mention(span.start_char, span.end_char, span.text, name, type_, "model"))
    return found


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


class _Spans:
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
        # Only spans starting before m ends and no further left than the longest span can reach.
        lo = bisect_left(self.items, m.start - self.longest, key=lambda item: item[0])
        hi = bisect_left(self.items, m.end, key=lambda item: item[0])
        return [c for _, _, c in self.items[lo:hi] if _overlaps(c, m)]


def resolve_overlaps(candidates: Iterable[Mention]) -> list[Mention]:
    """Longest span wins; earlier evidence wins ties (candidates come strongest first).
    A fund house nested inside a fund name is kept as a mention of its own."""
    chosen = _Spans()
    ordered = sorted(enumerate(candidates), key=lambda p: (-(p[1].end - p[1].start), p[0]))
    for _, m in ordered:
        clash = chosen.overlapping(m)
        if not clash or m.entity_type == "FUND_HOUSE" and all(
                c.entity_type == "FUND" and c.start <= m.start and m.end <= c.end for c in clash):
            chosen.add(m)
    return sorted((m for _, _, m in chosen.items), key=lambda m: (m.start, m.end))


def find_mentions(doc: Doc, gazetteer: Gazetteer, matcher: GazetteerMatcher) -> list[Mention]:
    """All mentions in a processed doc, strongest evidence first, overlaps resolved."""
    text = doc.text
    gaz = matcher(doc)
    houses = [m for m in gaz if m.entity_type == "FUND_HOUSE"]
    bare = _bare_house_anchors(text, houses, gazetteer)
    funds = find_funds(text, houses + bare, gazetteer)
    gaz_spans = _Spans(gaz)
    managers = [m for m in find_managers(text) if not gaz_spans.overlapping(m)]
    stronger = _Spans([*gaz, *funds, *managers])
    model = [m for m in (model_mentions(doc) if doc.has_annotation("ENT_IOB") else [])
             if not stronger.overlapping(m)]
    # Exact fund spellings beat fuzzy ones; fuzzy ones beat the model's guesses.
    exact_funds = [m for m in gaz if m.entity_type == "FUND"]
    rest = [m for m in gaz if m.entity_type != "FUND"]
    return resolve_overlaps([*exact_funds, *funds, *bare, *rest, *managers, *model])
