"""The trained model's PERSON and ORG, trimmed and typed by their words (`data/gazetteer/name_words.yaml`).

An ORG is a fund, a fund house or a company by its last word ("... ETF", "... Asset Management",
"... Securities"); one that names an institution ("Commission", "Exchange") stays ORG, as does a
lone unknown acronym; any other ORG is a COMPANY. An ORG ending in "Index" or "Score" is no entity.
A PERSON whose last word is a company's ("Dongshan Precision", "Hudian Shares": machine-translated
company names) is a COMPANY. Title-case lines (headlines) are left to the gazetteer: the model reads
every capitalised run there as a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.overlaps import Mention
from core.analyse.mentions.people import canonical_person

_SENTENCE_LEAD = " \"'“("
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as is are vs".split())


@dataclass(frozen=True)
class _Typing:
    generic: frozenset[str]
    units: frozenset[str]
    types: tuple[tuple[re.Pattern[str], str], ...]
    institutions: frozenset[str]
    not_entities: frozenset[str]
    company_ends: frozenset[str]
    titles: frozenset[str]


@lru_cache(maxsize=8)
def _typing(gazetteer: Gazetteer) -> _Typing:
    w = gazetteer.words
    types = []
    company_ends: set[str] = set()
    for rule in w.get("name_words", "org_types", []) or []:
        ends = sorted((str(e) for e in rule.get("ends") or []), key=len, reverse=True)
        flags = re.I if rule.get("case") == "any" else 0
        types.append((re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(e) for e in ends) + r")$", flags), str(rule["type"])))
        if rule["type"] == "COMPANY":
            company_ends |= set(ends)
    return _Typing(
        generic=frozenset(str(x).lower() for x in w.get("name_words", "generic", [])),
        units=frozenset(str(x).lower() for x in w.get("name_words", "unit_words", [])),
        types=tuple(types),
        institutions=frozenset(str(x) for x in w.get("name_words", "institution_words", [])),
        not_entities=frozenset(str(x) for x in w.get("name_words", "not_entity_ends", [])),
        company_ends=frozenset(company_ends),
        titles=frozenset(str(x) for x in w.get("people_words", "titles", [])),
    )


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether only quotes, brackets and spaces stand between `start` and the previous sentence end."""
    i = start - 1
    while i >= 0 and text[i] in _SENTENCE_LEAD:
        i -= 1
    return i < 0 or text[i] not in "abcdefghijklmnopqrstuvwxyz,;0123456789"


def in_title_case_line(text: str, start: int, cache: dict[int, bool]) -> bool:
    """Whether the line holding `start` is written in title case (a headline or a section label)."""
    line_start = text.rfind("\n", max(0, start - 400), start) + 1
    if line_start not in cache:
        end = text.find("\n", start, start + 400)
        line = text[line_start:end if end >= 0 else start + 400]
        words = re.findall(r"[A-Za-z][\w'’\-]*", line)
        content = [w for w in words if w.lower() not in _SMALL_WORDS or w[0].isupper()]
        capital = [w for w in content if w[0].isupper()]
        # A sentence of prose that lists names ("... Galbot and Fourier Intelligence gained.") is no headline.
        prose = len(words) >= 8 and line.rstrip().endswith(".") and any(w.islower() and len(w) > 3 for w in words)
        cache[line_start] = len(content) >= 4 and len(capital) >= 0.75 * len(content) and not prose
    return cache[line_start]


_NOUN_PHRASE_START = re.compile(r"\b(?:the|a|an|its|their|this|that|new|our)\s+$", re.IGNORECASE)
_NOT_MODIFIERS = frozenset("said says is are was were has have had will would can could may and or but to of in".split())


def _modifies_a_thing(text: str, start: int, end: int, t: _Typing) -> bool:
    """Whether a one-word name only qualifies the noun after it in a noun phrase that names no entity
    ("the new NISA tax-free savings program", "a KOSPI index product"): a programme, a plan, an index."""
    if not _NOUN_PHRASE_START.search(text, max(0, start - 12), start):
        return False
    m = re.match(r"(?:\s+[a-z][\w\-]*){1,4}", text[end:end + 60])
    if not m:
        return False
    for word in m.group().split():
        if word in _NOT_MODIFIERS:
            return False
        if word.capitalize() in t.not_entities:
            return True
    return False


def type_org(name: str, t: _Typing) -> str:
    """FUND, FUND_HOUSE, COMPANY or ORG for an organisation's name, or "" when it is no entity."""
    words = name.split()
    if words[-1] in t.not_entities:
        return ""
    if " of " in name and any(w in t.institutions for w in name.split(" of ")[0].split()):
        return "ORG"  # "Beijing Institute of Technology": an institution whatever its last word
    for pattern, typed in t.types:
        if pattern.search(name):
            return typed
    if any(w in t.institutions for w in words):
        return "ORG"
    if len(words) == 1 and (name.isupper() or not name[1:].islower() and not name[:1].isupper()):
        return "ORG"  # an unknown acronym: a company, an index or a technology alike
    return "COMPANY"


def model_mentions(doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> list[Mention]:
    """PERSON and ORG from the trained model, trimmed and typed; generic words are dropped.
    `text` is `doc.text` when the caller has it: spaCy builds that from the tokens on every access."""
    t = _typing(gazetteer)
    found = []
    text = doc.text if text is None else text
    title_lines: dict[int, bool] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        tokens = [tok for tok in ent if not (tok.is_punct or tok.lower_ in ("the", "of", "and"))] or []
        while tokens and tokens[0].lower_ in ("the",):
            tokens = tokens[1:]
        while tokens and tokens[-1].lower_ in ("'s", "’s", "'"):
            tokens = tokens[:-1]  # "Tsinghua University's"
        if not tokens:
            continue
        span = doc[tokens[0].i: tokens[-1].i + 1]
        words = [tok.text for tok in span]
        if all(w.lower() in t.generic for w in words) or any(w.lower() in t.units for w in words):
            continue
        if in_title_case_line(text, span.start_char, title_lines) or re.search(r"\.[A-Z]{1,2}$|\d", span.text):
            continue  # headlines; tickers and figures ("NVDL.O") are read elsewhere
        sentence_start = _at_sentence_start(text, span.start_char)
        if len(words) == 1:
            before = text[max(0, span.start_char - 20):span.start_char].split()
            titled = ent.label_ == "PERSON" and bool(before) and before[-1] in t.titles
            if not titled and (ent.label_ == "PERSON" or len(words[0]) <= 3 or words[0].lower() in t.generic
                               or (sentence_start and words[0][1:].islower())):
                continue  # a lone capitalised word is a surname, a brand, a place or just the first word
        type_ = ent.label_
        if type_ == "PERSON" and words[-1] in t.company_ends and len(words) > 1:
            type_ = "COMPANY"
        elif type_ == "ORG":
            type_ = type_org(span.text, t)
            if not type_ or (len(words) == 1 and _modifies_a_thing(text, span.start_char, span.end_char, t)):
                continue
        name = canonical_person(span.text) if type_ == "PERSON" else span.text
        found.append(Mention(span.start_char, span.end_char, span.text, name, type_, "model"))
    return found
