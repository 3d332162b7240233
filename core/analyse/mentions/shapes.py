"""Companies by the shape of their names, and the names of a list typed alike.

A capitalised name whose last word is a company word ("Fourier Intelligence", "Henan Kunlun
Technology", "Hudian Shares" for 股份; `name_heads` in `data/gazetteer/company_words.yaml`) is a
COMPANY whether the model read it as a person or did not see it at all, unless
- every word before the head only describes ("Artificial Intelligence", "Humanoid Robots": theme and
  description words, `name_descriptors`), or one is an index provider or an institution's word;
- it names a sector, an index, a programme or a field by what follows or precedes it ("the Embodied
  Intelligence sector", "Head of Robotics Systems", "... and Robotics Index");
- it stands in a headline or a section label (title-case lines), or in a job title after it is cut off
  ("Galbot Robotics Chairman ..." keeps "Galbot Robotics");
- the gazetteer already knows it, or knows it as a fund, a house, a product or a theme.
In a list of names ("Unitree, Galbot and Fourier Intelligence") with companies and nothing else known
in it, the names the model took for people or did not find are companies too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.funds import descriptive_words
from core.analyse.mentions.model import in_title_case_line
from core.analyse.mentions.overlaps import Mention, Spans

_WORD = r"(?:[A-Z][A-Za-z0-9]*(?:[\-&'’.][A-Za-z0-9]+)*|[a-z]{1,2}[A-Z][A-Za-z0-9]*|&)"
_RUN = re.compile(rf"(?<![\w\-&'’.]){_WORD}(?:[ \t]+{_WORD})*")
_TOKEN = re.compile(r"\S+")
_LEGAL = frozenset("Inc Inc. Corp Corp. Co Co. Ltd Ltd. Limited LLC plc PLC AG SE GmbH".split())
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_OF_BEFORE = re.compile(r"\b([A-Z][\w\-]*)\s+(?:of|for|in)\s+(?:the\s+)?$")
_LOWER_AFTER = re.compile(r"\s+([a-z][\w\-]*)")
_NOT_PLACES = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART"})
# The model's guesses at unknown names: a place or a group of people in a list with two companies
# is a third company ("Unitree, Galbot and AgiBot" with "Galbot" read as a place).
_WEAK_PLACES = frozenset({"GPE", "NORP", "LOC", "FAC"})
_BLOCKING = frozenset({"FUND", "FUND_HOUSE", "MANAGER", "PRODUCT", "THEME", "ORG"})


@dataclass(frozen=True)
class _Shapes:
    heads: frozenset[str]
    descriptors: frozenset[str]
    leads: frozenset[str]
    not_before: frozenset[str]
    after_of: frozenset[str]
    cuts: frozenset[str]  # job titles that may follow a company's name in one capitalised run
    blocked: frozenset[str]  # index providers, exchanges and institutions' words (lower-cased)
    bigger_name: re.Pattern[str]  # "... and Robotics Index": the run is the start of another name


@lru_cache(maxsize=8)
def _shapes(gazetteer: Gazetteer) -> _Shapes:
    w = gazetteer.words

    def listed(file: str, key: str) -> list[str]:
        return [str(x) for x in w.get(file, key, []) or []]
    fw = gazetteer.fund_words
    blocked = {str(p).replace("_", " ").lower() for p in fw.get("index_providers") or []}
    blocked |= {x.lower() for x in listed("name_words", "exchange_prefixes") + listed("name_words", "institution_words")}
    blocked |= {"star", "phlx", "philadelphia", "index", "etf", "fund"}
    ends = listed("name_words", "not_entity_ends") + listed("name_words", "institution_words")
    ends += [str(x) for x in fw.get("fund_type_words") or [] if str(x)[:1].isalpha()]
    return _Shapes(
        heads=frozenset(listed("company_words", "name_heads")),
        descriptors=frozenset(x.lower() for x in listed("company_words", "name_descriptors")) | descriptive_words(gazetteer),
        leads=frozenset(listed("company_words", "name_leads") + listed("name_words", "determiners")),
        not_before=frozenset(x.lower() for x in listed("company_words", "name_not_before")),
        after_of=frozenset(listed("company_words", "name_after_of")),
        cuts=frozenset(listed("name_words", "role_words") + listed("people_words", "titles")
                       + "CEO CFO CTO COO Chief Founder Co-founder Vice Executive Senior Chair Chairwoman".split()),
        blocked=frozenset(blocked),
        bigger_name=re.compile(r"\s*(?:and|&)\s+(?:[A-Z][\w\-]*\s+){0,4}(?:"
                               + "|".join(re.escape(e) for e in sorted(set(ends), key=len, reverse=True)) + r")\b"),
    )


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group()) for m in _TOKEN.finditer(text[start:end])]


def _strip_leads(words: list[tuple[int, int, str]], s: _Shapes) -> list[tuple[int, int, str]]:
    """Words that open a sentence or describe before a name ("When", "Rival") are not part of it."""
    described = [i for i, (_, _, w) in enumerate(words) if re.search(r"[A-Za-z]-[a-z]+$", w)]
    if described:  # "Shenzhen-based", "Hong Kong-listed"
        words = words[described[-1] + 1:]
    while words and (words[0][2].lower() in STOP_WORDS or words[0][2] in s.leads or words[0][2] == "&"):
        words = words[1:]
    return words


def _cut_at_title(words: list[tuple[int, int, str]], s: _Shapes) -> list[tuple[int, int, str]]:
    for i, (_, _, word) in enumerate(words):
        if i and word in s.cuts:
            return words[:i]
    return words


def _is_name(words: list[str], s: _Shapes) -> bool:
    """Whether a run ending on a company word is a name: one word before the head names something."""
    before = words[:-1]
    if not before or any(w.lower() in s.blocked for w in words):
        return False
    return not all(w.lower() in s.descriptors or w in s.heads or w in _LEGAL for w in before)


def describes_only(name: str, gazetteer: Gazetteer) -> bool:
    """Whether a name ending on a company word is only a description ("Machine Intelligence",
    "H Shares"): the model's organisation of that shape is no company."""
    s = _shapes(gazetteer)
    words = name.split()
    return len(words) > 1 and words[-1] in s.heads and not _is_name(words, s) and not any(
        w.lower() in s.blocked for w in words)


def _in_bigger_name(text: str, start: int, end: int, s: _Shapes) -> bool:
    """Whether the context makes the run a field, a sector or the start of another name."""
    of = _OF_BEFORE.search(text, max(0, start - 40), start)
    if of and of.group(1) in s.after_of:
        return True
    after = _LOWER_AFTER.match(text, end)
    if after and after.group(1).lower() in s.not_before:
        return True
    return s.bigger_name.match(text, end) is not None


def company_name(surface: str) -> str:
    """A new company's canonical name: its words without a trailing legal form ("Acme Robotics Co." -> "Acme Robotics")."""
    words = surface.split()
    while len(words) > 2 and words[-1].rstrip(",") in _LEGAL:
        words = words[:-1]
    return " ".join(words).rstrip(",")


def shaped_companies(text: str, taken: Spans, gazetteer: Gazetteer) -> list[Mention]:
    """Capitalised names that end on a company word and that nothing stronger has read already."""
    s = _shapes(gazetteer)
    found = []
    title_lines: dict[int, bool] = {}
    for m in _RUN.finditer(text):
        words = _cut_at_title(_strip_leads(_words(text, m.start(), m.end()), s), s)
        if len(words) < 2 or words[-1][2] not in s.heads:
            continue
        start, end = words[0][0], words[-1][1]
        if not _is_name([w for _, _, w in words], s) or in_title_case_line(text, start, title_lines):
            continue
        if _in_bigger_name(text, start, end, s):
            continue
        clash = taken.within(start, end)
        if any(c.start < start or c.end > end or c.entity_type not in ("PERSON", "THEME")
               or c.entity_type == "THEME" and (c.start, c.end) == (start, end) for c in clash):
            continue  # known already, or part of a name the gazetteer reads (a fund, a house, a theme)
        surface = text[start:end]
        found.append(Mention(start, end, surface, company_name(surface), "COMPANY", "shape"))
    return found


def _member(text: str, start: int, end: int, s: _Shapes) -> tuple[int, int]:
    words = _strip_leads(_words(text, start, end), s)
    return (words[0][0], words[-1][1]) if words else (end, end)


def listed_names(text: str, mentions: list[Mention], places: Spans, gazetteer: Gazetteer) -> list[Mention]:
    """Names in a list of three or more with companies in it and no fund, house, theme or known person:
    the model's people and the names nobody found are companies."""
    s = _shapes(gazetteer)
    spans = Spans(mentions)
    runs = [_member(text, m.start(), m.end(), s) for m in _RUN.finditer(text)]
    chains: list[list[tuple[int, int]]] = []
    for run in runs:
        if run[0] >= run[1]:
            continue
        if chains and _LIST_GAP.fullmatch(text, chains[-1][-1][1], run[0]):
            chains[-1].append(run)
        else:
            chains.append([run])
    retyped: dict[int, Mention] = {}
    added = []
    for chain in chains:
        if len(chain) < 3:
            continue
        members = [(start, end, [c for c in spans.within(start, end)]) for start, end in chain]
        kinds = [("none" if not hits else hits[0].entity_type if len(hits) == 1 and hits[0].start <= start
                  and hits[0].end >= end else "part") for start, end, hits in members]
        people = [h[0] for (_, _, h), k in zip(members, kinds, strict=True) if k == "PERSON"]
        companies = kinds.count("COMPANY")
        if not companies or "part" in kinds or _BLOCKING & set(kinds) or companies < len(people) \
                or any(p.method != "model" for p in people):
            continue
        for (start, end, hits), kind in zip(members, kinds, strict=True):
            if kind == "PERSON":
                retyped[id(hits[0])] = replace(hits[0], entity=company_name(hits[0].surface), entity_type="COMPANY",
                                               method="list")
            elif kind == "none" and not any(p.entity_type not in _WEAK_PLACES or companies < 2
                                            for p in places.within(start, end)):
                words = text[start:end].split()
                if all(w.lower() in s.descriptors or w.lower() in s.blocked for w in words):
                    continue
                added.append(Mention(start, end, text[start:end], company_name(text[start:end]), "COMPANY", "list"))
    if not retyped and not added:
        return mentions
    return sorted([retyped.get(id(m), m) for m in mentions] + added, key=lambda m: (m.start, m.end))


def place_spans(ents: list[tuple[int, int, str]]) -> Spans:
    """The model's places, dates, figures and groups of people: never a company in a list."""
    return Spans(Mention(a, b, "", "", label, "") for a, b, label in ents if label not in _NOT_PLACES)
