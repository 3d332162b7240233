"""Fund names in English text by their grammar, without needing the fund to be listed.

A fund's name starts with its issuer (a fund-house mention, a house's name without suffix, or one
of its ETF brands: "KODEX", "TIGER") and runs over capitalised name words to a vehicle word ("ETF",
"Fund", "Mixed", "Feeder", "(QDII)", ...), then an optional share class ("A", "RMB"). Machine
translation of Chinese fund names often drops the vehicle word ("Ge Lan of China Europe Medical
Health"), so a run without one is a fund when a brand starts it, when a share class ends it, or
when a Chinese fund house's short name starts it and the run is long enough or follows "of" or
"such as". The name is then resolved by `fund_identity`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.analyse.gazetteer import Gazetteer, strip_house_suffix
from core.analyse.mentions.fund_identity import chinese_houses, fund_words, match_known, resolve_fund
from core.analyse.mentions.overlaps import Mention, Spans
from core.analyse.spellings import CJK

_WORD = re.compile(r"\s*(\((?:QDII|LOF|FOF|QDII-FOF)\)|(?:[A-Z]\.){2,}|[A-Za-z0-9][\w\-]*|&|,)")
_JOINERS = ("and", "of", "&", ",")
_REVERSED = re.compile(r"(?P<fund>\b(?:ETF|Fund|Mixed|Mix)\s+of\s+(?:[A-Z][\w\-]*|and|&|,|\s)+?)\s+of\s+$")
_LIST_CUE = re.compile(r"\b(?:of|such as|including|namely|like)\s+$")
# An exchange short name ends with its house (场内简称 "科创人工智能ETF华夏": "... AI ETF Huaxia").
_HOUSE_LAST = re.compile(r"(?<![\w\-&])(?P<fund>[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|and|&)){0,10}\s+(?:ETF|LOF))\s+$")
_NAME_CLOSED = re.compile(r"\s*(?:$|[,，;；:：)）.。、]|\n)")


@dataclass(frozen=True)
class Anchor:
    """Where a fund name may start: a house written one way or another, or one of its brands."""

    mention: Mention  # the house (or brand) as written, typed FUND_HOUSE
    brand: bool = False
    start: int = -1  # the fund's first character when a house name stands before the brand


@dataclass(frozen=True)
class _FundGrammar:
    is_type: re.Pattern[str]
    classes: frozenset[str]
    not_fund: frozenset[str]
    roles: frozenset[str]
    generic: frozenset[str]
    chinese_houses: frozenset[str]


@lru_cache(maxsize=8)
def _grammar(gazetteer: Gazetteer) -> _FundGrammar:
    fw = gazetteer.fund_words
    types = sorted((str(w) for w in fw.get("fund_type_words") or ["ETF", "Fund"]), key=len, reverse=True)
    return _FundGrammar(
        is_type=re.compile("^(?:" + "|".join(re.escape(w) for w in types) + ")$"),
        classes=frozenset(str(w) for w in fw.get("share_classes") or []),
        not_fund=frozenset(str(w) for w in fw.get("not_fund_words") or []) | frozenset(
            str(e) for rule in gazetteer.words.get("name_words", "org_types", []) or [] if rule.get("type") == "COMPANY"
            for e in rule.get("ends") or []),
        roles=frozenset(str(w) for w in gazetteer.words.get("name_words", "role_words", [])),
        generic=frozenset(str(w) for w in gazetteer.words.get("name_words", "generic", [])),
        chinese_houses=chinese_houses(gazetteer),
    )


def _tokens(text: str, at: int, stops: frozenset[int], g: _FundGrammar) -> list[tuple[int, int, str]]:
    """The name words after `at`: capitalised words, digits and joiners, up to a lower-case word,
    a role word ("Fund Manager") or the start of another issuer."""
    out: list[tuple[int, int, str]] = []
    pos = at
    while len(out) < 16:
        m = _WORD.match(text, pos)
        if not m or m.start(1) in stops:
            break
        word = m.group(1)
        if (word[0].islower() and word not in ("and", "of")) or word in g.roles:
            break
        out.append((m.start(1), m.end(1), word))
        pos = m.end()
    return out


def _vehicle_end(tokens: list[tuple[int, int, str]], g: _FundGrammar) -> int:
    """End of the longest run that closes on a vehicle word (and a share class after it), or -1.
    A lone vehicle word right after the house ("AXA SPDB Fund") is the house's own name."""
    end = -1
    for i, (_, e, word) in enumerate(tokens):
        if g.is_type.match(word) and any(not g.is_type.match(w) and w not in _JOINERS for _, _, w in tokens[:i]):
            end = e
            if i + 1 < len(tokens) and tokens[i + 1][2] in g.classes:
                end = tokens[i + 1][1]
    return end


def _bare_end(tokens: list[tuple[int, int, str]], g: _FundGrammar) -> tuple[int, int]:
    """End of a name written without a vehicle word (up to the first joiner) and its word count."""
    words = []
    for _, e, word in tokens:
        if word in _JOINERS:
            break
        words.append((e, word))
    if not words or all(w in g.not_fund for _, w in words):
        return -1, 0
    return words[-1][0], len(words)


def _end_of_name(text: str, anchor: Anchor, after: int, stops: frozenset[int], g: _FundGrammar,
                 others: Spans | None = None) -> int:
    tokens = _tokens(text, after, stops, g)
    if tokens and tokens[0][2] in _JOINERS:
        return -1  # "E Fund, Morgan Fund": a list of houses, not one fund
    end = _vehicle_end(tokens, g)
    if end > 0 or not tokens:
        return end
    bare, n = _bare_end(tokens, g)
    if bare < 0 or (others is not None and others.within(after, bare)):
        return -1  # no name, or a company's or a person's name after the house's ("Samsung Electronics")
    last = text[:bare].rsplit(None, 1)[-1]
    if anchor.brand or (last in g.classes and n >= 2):
        return bare
    house = anchor.mention
    if house.entity not in g.chinese_houses or house.surface.lower() in g.generic or \
            strip_house_suffix(house.surface) != house.surface:
        return -1  # "Harvest Fund Chairman", "China Mobile": not a fund
    cue = _LIST_CUE.search(text[max(0, house.start - 12):house.start])
    return bare if n >= 2 or cue else -1


_QUOTES = {"\"": re.compile(r"\""), "'": re.compile(r"'(?![A-Za-z])"), "“": re.compile("”"), "‘": re.compile("’(?![A-Za-z])"),
           "「": re.compile("」"), "『": re.compile("』")}
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9(（&\-]|(?:and|of|for|the|in|a)$)")


def quoted_end(text: str, start: int) -> int:
    """Where a name that opens right after a quotation mark closes (same line, within 120 characters),
    when every word of it is a name word ("'KODEX Samsung Group'", '"... Fund (Annual Settlement Type)"'),
    else -1. A quotation of speech is no name."""
    if start == 0 or text[start - 1] not in _QUOTES:
        return -1
    close = _QUOTES[text[start - 1]].search(text, start, min(len(text), start + 120))
    if close is None or "\n" in text[start:close.start()]:
        return -1
    words = text[start:close.start()].split()
    return close.start() if words and all(_TITLE_WORD.match(w) for w in words) else -1


def find_funds(text: str, anchors: list[Anchor], gazetteer: Gazetteer, others: Spans | None = None) -> list[Mention]:
    """Fund names starting at each anchor (or ending "... of House"), resolved to known or new funds.
    `others` are mentions of other kinds (companies, people) that a name without a vehicle word
    may not run into."""
    g = _grammar(gazetteer)
    found = []
    # Only the longest spelling of each house mention anchors a fund ("AXA SPDB Fund", not "AXA SPDB").
    spans = sorted(anchors, key=lambda a: (a.mention.start, -a.mention.end, not a.brand))
    kept: list[Anchor] = []
    for a in spans:
        if kept and kept[-1].mention.start <= a.mention.start and a.mention.end <= kept[-1].mention.end:
            continue
        kept.append(a)
    stops = frozenset(a.mention.start for a in kept)
    for anchor in kept:
        house = anchor.mention
        possessive = re.match(r"['’]s\b", text[house.end:house.end + 2])  # "Huaan Fund's STAR Chip ETF"
        after = house.end + (2 if possessive else 0)
        end = _end_of_name(text, anchor, after, stops, g, others)
        start = anchor.start if anchor.start >= 0 else house.start
        quoted = quoted_end(text, start)
        if quoted > after and (end > 0 or anchor.brand or any(g.is_type.match(w) for w in text[after:quoted].split())):
            end = quoted  # a quoted name runs to its closing mark: "'KODEX Samsung Group'"
        if end > 0:
            product = text[after:end].strip()
            if anchor.brand:
                product = f"{house.surface} {product}"
        else:
            before = text[max(0, house.start - 200):house.start]
            m = _REVERSED.search(before)
            if not m and house.entity in g.chinese_houses and _NAME_CLOSED.match(text, house.end):
                m = _HOUSE_LAST.search(before)
            if not m or anchor.brand:
                continue
            product = m["fund"].strip()
            start, end = house.start - (len(before) - m.start("fund")), house.end
        if anchor.brand:
            entity, method = product, "pattern"
            known, how = resolve_fund(product, house.entity, house.surface, gazetteer)
            if how == "fuzzy":
                entity, method = known, how
        else:
            entity, method = resolve_fund(product, house.entity, house.surface, gazetteer)
        if entity:
            found.append(Mention(start, end, text[start:end], entity, "FUND", method))
    return found


@lru_cache(maxsize=8)
def _house_bases(gazetteer: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every fund house's names without suffix ("Cathay", "Ping An"), which are too ambiguous to
    match alone but do name the house at the start of a fund's name ("Cathay CES ... ETF")."""
    bases: dict[str, str] = {}
    generic = {str(w).lower() for w in gazetteer.words.get("name_words", "generic", [])}
    for alias in gazetteer.aliases:
        entity = gazetteer.entities[alias.entity]
        if entity.type == "FUND_HOUSE" and not CJK.search(alias.text):
            base = strip_house_suffix(alias.text, gazetteer.words)
            if len(base) >= 3 and base[0].isupper() and base.lower() not in generic:  # "China AI ETF" names no house
                bases.setdefault(base, entity.name)
    if not bases:
        return None, {}
    alternation = "|".join(re.escape(b) for b in sorted(bases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), bases


@lru_cache(maxsize=8)
def _brands(gazetteer: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The ETF brands of every house (exact case: "PLUS" the brand, not "plus" the word). A brand
    may come run together with the next word when that word has a digit or a hyphen ("KODEX200",
    "ITFK-AI"), and with its house's acronym before it ("IBKITF"), as text from Korean sources does."""
    owner: dict[str, str] = {}
    for entity in gazetteer.of_type("FUND_HOUSE"):
        for brand in entity.brands:
            owner.setdefault(brand, entity.name)
    if not owner:
        return None, {}
    _, bases = _house_bases(gazetteer)
    acronyms = sorted((b for b in bases if re.fullmatch(r"[A-Z]{2,5}", b)), key=len, reverse=True)
    alternation = "|".join(re.escape(b) for b in sorted(owner, key=len, reverse=True))
    prefix = f"(?P<house>{'|'.join(acronyms)})?" if acronyms else ""
    return re.compile(rf"(?<![\w\-]){prefix}(?P<brand>{alternation})"
                      r"(?:(?![\w\-])|(?=[A-Z0-9][\w]*(?:-|\d)))"), owner


def fund_anchors(text: str, houses: list[Mention], gazetteer: Gazetteer,
                 others: Spans | None = None) -> tuple[list[Anchor], list[Mention]]:
    """Where fund names may start, and the house mentions found on the way: house names without
    suffix that start a fund name, and brands (with the house name written before one)."""
    g = _grammar(gazetteer)
    anchors = [Anchor(h) for h in houses]
    found: list[Mention] = []
    pattern, bases = _house_bases(gazetteer)
    brand_re, owner = _brands(gazetteer)
    brand_starts: set[int] = set()
    if brand_re is not None:
        for m in brand_re.finditer(text):
            house = owner[m["brand"]]
            if m.groupdict().get("house") and bases.get(m["house"]) != house:
                continue
            mention = Mention(m.start("brand"), m.end("brand"), m["brand"], house, "FUND_HOUSE", "brand")
            start = m.start()
            window = max(0, m.start() - 40)
            written = re.search(r"(?<![\w\-])([A-Z][\w\-]*(?: [A-Z][\w\-]*)?) $", text[window:m.start()])
            if written:
                words = written.group(1).split(" ")
                for k in range(len(words)):  # "Samsung KODEX", "NH-Amundi HANARO": the house's own name first
                    if bases.get(" ".join(words[k:])) == house:
                        start = window + written.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
                        break
            anchors.append(Anchor(mention, brand=True, start=start))
            brand_starts.add(m.start("brand"))
    if pattern is not None:
        starts = {h.start for h in houses}
        determiners = gazetteer.words.get("name_words", "determiners", [])
        for m in pattern.finditer(text):
            before = re.search(r"([A-Z][\w)\-]*)\s+$", text[max(0, m.start() - 40):m.start()])
            if m.start() in starts or any(h.start <= m.start() < h.end for h in houses) or (
                    before and before.group(1) not in determiners):
                continue  # inside a house mention, or not the first word of a name
            mention = Mention(m.start(), m.end(), m.group(), bases[m.group()], "FUND_HOUSE", "rule")
            if _end_of_name(text, Anchor(mention), m.end(), frozenset(brand_starts), g, others) > 0:
                anchors.append(Anchor(mention))
                found.append(mention)
    return anchors, found


_ISSUER_RUN = re.compile(r"(?<![\w\-&.])(?=(?P<issuer>[A-Z][A-Za-z0-9\-]*[A-Za-z0-9])"
                         r"(?P<rest>(?:\s+(?:(?:[A-Z]\.){2,}|[A-Z0-9][\w\-]*|&)){1,8}?)\s+(?P<vehicle>ETF|Trust)\b)")


@lru_cache(maxsize=8)
def descriptive_words(gazetteer: Gazetteer) -> frozenset[str]:
    """Words that describe a fund rather than name its issuer: the list in fund_words, theme
    words, vehicle words, index providers and the generic words."""
    fw = gazetteer.fund_words
    words = {str(w).lower() for key in ("descriptive", "fund_type_words", "share_classes", "index_providers")
             for w in fw.get(key) or []}
    words |= {str(w).lower() for w in gazetteer.words.get("name_words", "generic", [])}
    for canonical, variants in (fw.get("synonyms") or {}).items():
        words |= {w for v in [canonical, *(variants or [])] for w in str(v).lower().split()}
    for alias in gazetteer.aliases:
        if gazetteer.entities[alias.entity].type == "THEME":
            words |= set(alias.text.lower().split())
    return frozenset(words)


def unknown_issuer_funds(text: str, taken: Spans, gazetteer: Gazetteer) -> list[Mention]:
    """ETF names whose first word is no description and no known name: a fund of a new house
    named by that word ("Acme Quantum Computing ETF"), found with the house nested in it."""
    descriptive = descriptive_words(gazetteer)
    found: list[Mention] = []
    for m in _ISSUER_RUN.finditer(text):
        issuer = m["issuer"]
        end = m.end("vehicle")
        if issuer.lower() in descriptive or (found and found[-1].end >= end):
            continue
        known = _misspelt_brand_fund(issuer, text[m.end("issuer"):end], gazetteer)
        if known and not any(f.entity_type == "FUND" for f in taken.within(m.start(), end)):
            found.append(Mention(m.start(), end, text[m.start():end], known, "FUND", "fuzzy"))
            continue
        inside = taken.within(m.start(), end)
        if any(t.entity_type not in ("COMPANY", "PRODUCT") or t.start < m.end("issuer") for t in inside):
            continue  # a company or its ticker after the issuer is what a single-stock ETF holds ("2X Long CRWV")
        if not (issuer.isupper() or not issuer[1:].islower()) and re.search(r"(?:^|[.!?]\s+|\n)\W*$",
                                                                           text[max(0, m.start() - 3):m.start()]):
            continue  # an ordinary capitalised word at a sentence start is no issuer
        name = " ".join(text[m.start():end].split())
        found.append(Mention(m.start(), end, text[m.start():end], name, "FUND", "pattern"))
        found.append(Mention(m.start("issuer"), m.end("issuer"), issuer, issuer, "FUND_HOUSE", "pattern"))
    return found


def _one_slip(a: str, b: str) -> bool:
    """Whether two words of three letters or more differ by one letter or two swapped ("AEC" / "ACE")."""
    if len(a) != len(b) or len(a) < 3 or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


def _misspelt_brand_fund(issuer: str, rest: str, gazetteer: Gazetteer) -> str:
    """A known fund whose brand the text misspells by one letter ("AEC Global Semiconductor TOP4 Plus"
    for ACE ...), when every other word of the name is that fund's."""
    _, owner = _brands(gazetteer)
    for brand, house in owner.items():
        if _one_slip(issuer.upper(), brand.upper()):
            found = fund_words(f"{brand} {rest}", gazetteer)
            known = match_known(found, house, gazetteer)
            if known and not (found.core - fund_words(gazetteer.entities[known].product or known, gazetteer).core):
                return known
    return ""


_QUOTED = re.compile(r"(?<![\w])[\"“‘「『']([A-Z][^\"“”‘’「」『』\n]{3,118})")
_VEHICLE_LAST = re.compile(r"\b(?:ETF|Fund|Trust|LOF|FOF)(?:\s+[A-Z])?(?:\s*[(（][^()（）]{2,60}[)）])?$")


def quoted_funds(text: str, taken: Spans) -> list[Mention]:
    """A quoted name that ends on a vehicle word, with its type in brackets after it or not, is a
    fund named as written ('"Global Robotics Equity Fund (Annual Settlement Type)" run by ...'), as
    investment trusts and funds of houses that do not put their own name first are written."""
    found = []
    for m in _QUOTED.finditer(text):
        end = quoted_end(text, m.start(1))
        if end < 0 or taken.within(m.start(1), end):
            continue
        name = " ".join(text[m.start(1):end].split())
        if _VEHICLE_LAST.search(name) and len(name.split()) >= 3:
            found.append(Mention(m.start(1), end, text[m.start(1):end], name, "FUND", "pattern"))
    return found
