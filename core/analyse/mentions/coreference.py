"""Within one article, short forms join the entity they stand for and roles hold for every mention.

- A code or abbreviation in brackets right after a name names that entity ("... ETF (NVDL.O)",
  "Korea Fund Ratings (KFR)"), and so does every later stand-alone use of it in the article; a code
  the gazetteer knows corrects a fund name that was only guessed.
- "the PLUS fund", "the Tianhong ETF": a fund named earlier in the article whose name holds those words.
- A surname alone ("Wood said") is the person named in full elsewhere in the article; a Chinese
  name found once by its title is found wherever it recurs.
- A person shown as a manager anywhere ("fund manager X", "X of <fund>") is a MANAGER in every mention.
- A company whose short name is also an ordinary word (机器人, "Robot" = Siasun) is read as that
  company in a list of companies.
All scans are one pass over the text per kind of short form.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from core.analyse.gazetteer import Gazetteer, strip_house_suffix
from core.analyse.mentions.overlaps import Mention, Spans
from core.analyse.mentions.people import is_staff_credit, pinyin_name
from core.analyse.mentions.tickers import Code
from core.analyse.spellings import zh_house_stem

_BEFORE_BRACKET = (re.compile(r"[\"'”’]?\s*[(（]\s*$"),
                   re.compile(r"[\"'”’]?\s*(?:ETF|ETFs|fund|Fund|shares)\s*[(（]\s*$"))
_SHORT_FUND = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]hat|[Tt]his)\s+(?P<words>[A-Z][\w\-&]*(?:\s+[A-Z][\w\-&]*){0,3})\s+"
                         r"(?P<kind>fund|ETF|product)\b")
_LIST_GAP = re.compile(r"^\s*(?:[,、，;；]\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|[和及与])\s*$")
_ROLE_OF = re.compile(r"^\s+of\s+(?:the\s+)?$")
# A job title next to a name that makes the person someone other than a fund manager: a listed
# manager's namesake ("Liu Jun, senior vice president of Inspur") is a person of the story.
_OTHER_TITLE = r"(?:(?:senior|executive|deputy|assistant|group)\s+)?(?:vice\s+)?(?:president|chairman|chairwoman|" \
               r"chief\s+[a-z]+(?:\s+officer)?|CEO|CFO|CTO|COO|founder|co-founder|analyst|strategist|economist|" \
               r"general manager|professor|researcher|spokesperson|spokesman|minister|governor)\b"
_TITLE_AFTER = re.compile(rf",\s+(?:the\s+|a\s+|an\s+|its\s+)?{_OTHER_TITLE}", re.IGNORECASE)
_TITLE_BEFORE = re.compile(rf"\b{_OTHER_TITLE}\s*,?\s*$", re.IGNORECASE)


def _local_aliases(text: str, aliases: dict[str, Mention], taken: Spans, words: bool = True) -> list[Mention]:
    """Every stand-alone use of an article's own short forms (codes, abbreviations, surnames);
    in Chinese, which has no spaces, every use."""
    if not aliases:
        return []
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pattern = rf"(?<![\w\-.])(?:{alternation})(?![\w\-])" if words else alternation
    found = []
    for m in re.finditer(pattern, text):
        if taken.within(m.start(), m.end()):
            continue
        target = aliases[m.group()]
        found.append(Mention(m.start(), m.end(), m.group(), target.entity, target.entity_type, "coref"))
    return found


def _before(mentions: Spans, at: int, text: str) -> Mention | None:
    """The mention that ends right before the bracket opening just before `at`, or before the
    word "ETF", "fund" or "shares" there ("... Target ETF (NVDX.Z)" with "ETF" outside the name)."""
    window = text[max(0, at - 40):at]
    base = at - len(window)
    for pattern in _BEFORE_BRACKET:
        m = pattern.search(window)
        if m:
            end = base + m.start()
            hits = [c for c in mentions.within(end - 1, end) if c.end == end]
            if hits:
                return max(hits, key=lambda c: c.end - c.start)
    return None


def link_codes(text: str, mentions: list[Mention], codes: list[Code], gazetteer: Gazetteer) -> list[Mention]:
    """Codes and abbreviations in brackets joined to the name before them, then found wherever
    they recur; a known code corrects the fund or company name before it."""
    spans = Spans(mentions)
    by_id = {id(m): m for m in mentions}
    local: dict[str, Mention] = {}
    added = []
    for c in codes:
        if not c.bracketed:
            continue
        owner = _before(spans, c.bracket + 1, text)
        if owner is None or owner.entity_type == "THEME":
            continue
        if c.entity:
            known = gazetteer.entities[c.entity]
            if owner.entity != c.entity and owner.method in ("fuzzy", "pattern", "model") and \
                    known.type == owner.entity_type:
                by_id[id(owner)] = replace(owner, entity=c.entity, method="code")
            if known.type == owner.entity_type and not c.code.isdigit():  # "BAI" alone later in the article
                local.setdefault(c.code, Mention(c.start, c.end, c.code, c.entity, known.type, "code"))
            continue
        mention = Mention(c.start, c.end, text[c.start:c.end], owner.entity, owner.entity_type, "coref")
        for guess in spans.within(c.start, c.end):
            if guess.method == "model":  # the model's guess at an unknown ticker ("AMUU" as ORG)
                by_id.pop(id(guess), None)
        if not any(id(o) in by_id for o in spans.within(c.start, c.end)):
            added.append(mention)
            if not c.code.isdigit() or len(c.code) >= 5:
                local[c.code] = mention
    out = [m for m in by_id.values() if not (m.method == "model" and m.surface in local)] + added
    taken = Spans(out)
    return out + _local_aliases(text, local, taken)


def short_fund_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """"the PLUS fund", "the Tianhong ETF": the one fund of the article whose name holds those words."""
    funds: dict[str, set[str]] = {}
    for m in mentions:
        if m.entity_type == "FUND":
            funds.setdefault(m.entity, set()).update(w.lower() for w in re.findall(r"[\w\-&]+", f"{m.entity} {m.surface}"))
    if not funds:
        return []
    taken = Spans(mentions)
    found = []
    for short in _SHORT_FUND.finditer(text):
        words = {w.lower() for w in short["words"].split()}
        owners = [f for f, ws in funds.items() if words <= ws]
        start, end = short.start("words"), short.end("kind")
        if len(owners) > 1:  # several funds hold the words: the one named last before ("the TIGER fund")
            last = {m.entity: m.start for m in mentions if m.entity in owners and m.end <= start}
            owners = [max(last, key=lambda f: last[f])] if last else []
        if len(owners) == 1 and not any(c.entity_type == "FUND" for c in taken.within(start, end)):
            found.append(Mention(start, end, text[start:end], owners[0], "FUND", "coref"))
    return found


@lru_cache(maxsize=8)
def _spelled(gazetteer: Gazetteer) -> dict[str, str]:
    """Every gazetteer spelling (lower-cased) and its entity."""
    return {a.text.lower(): a.entity for a in gazetteer.aliases}


def short_house_names(text: str, mentions: list[Mention], gazetteer: Gazetteer, language: str) -> list[Mention]:
    """A fund house named once with its suffix ("Morgan Asset Management", 摩根资产管理) is named by
    its name without the suffix in the rest of the article ("Penghua and Morgan", 鹏华、摩根), unless
    that shorter name is another entity's."""
    spelled = _spelled(gazetteer)
    generic = {str(w).lower() for w in gazetteer.words.get("name_words", "generic", [])}
    stems: dict[str, Mention] = {}
    for m in mentions:
        if m.entity_type != "FUND_HOUSE":
            continue
        stem = zh_house_stem(m.surface) if language == "zh" else strip_house_suffix(m.surface, gazetteer.words)
        if stem == m.surface or len(stem) < (2 if language == "zh" else 3) or stem.lower() in generic:
            continue
        if language != "zh" and not stem[0].isupper():
            continue
        if spelled.get(stem.lower(), m.entity) == m.entity:
            stems.setdefault(stem, m)
    found = []
    for m in _local_aliases(text, stems, Spans(mentions), words=language != "zh"):
        if language != "zh" and re.match(r"\s[A-Z]", text[m.end:m.end + 2]):
            continue  # the first word of another name ("Morgan Stanley")
        found.append(m)
    return found


@lru_cache(maxsize=8)
def _list_names(gazetteer: Gazetteer) -> dict[str, str]:
    return {n: e.name for e in gazetteer.entities.values() for n in e.list_names}


def listed_companies(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A company's ordinary-word name ("Robot", 机器人) read as the company in a list of companies."""
    names = _list_names(gazetteer)
    if not names:
        return mentions
    out = list(mentions)
    run: list[int] = []
    for i in range(len(out) + 1):
        if i < len(out) and run and _LIST_GAP.match(text[out[run[-1]].end:out[i].start]):
            run.append(i)
            continue
        if sum(out[j].entity_type == "COMPANY" for j in run) >= 2:
            for j in run:
                name = names.get(out[j].surface)
                if name and out[j].entity_type != "COMPANY":
                    out[j] = replace(out[j], entity=name, entity_type="COMPANY", method="list")
        run = [i]
    return out


def _surname(name: str, gazetteer: Gazetteer) -> str:
    words = name.split()
    if len(words) < 2:
        return ""
    if len(words) == 2 and pinyin_name(words[0], words[1], gazetteer):
        return words[0]
    return words[-1] if words[-1][:1].isupper() and len(words[-1]) > 2 else ""


def _manager_of(text: str, person: Mention, nxt: list[Mention]) -> bool:
    """A person written "X of <fund>" ("Ge Lan of China Europe Medical Health"), or "X of <house>
    Fund" with no other title next to the name ("Zhou Yingbo of Qianhai Kaiyuan Fund"): in fund
    news, one of its fund managers."""
    if not nxt or not _ROLE_OF.match(text[person.end:nxt[0].start]):
        return False
    if any(n.entity_type == "FUND" and n.start == nxt[0].start for n in nxt):
        return True
    return (nxt[0].entity_type == "FUND_HOUSE" and bool(re.search(r"\bFunds?$", nxt[0].surface))
            and not _TITLE_BEFORE.search(text, max(0, person.start - 40), person.start)
            and not _TITLE_AFTER.match(text, person.end))


def people(text: str, mentions: list[Mention], gazetteer: Gazetteer, language: str) -> list[Mention]:
    """Surnames alone and recurring Chinese names found, then every mention of a manager typed MANAGER."""
    persons = [m for m in mentions if m.entity_type in ("PERSON", "MANAGER")]
    taken = Spans(mentions)
    local: dict[str, Mention] = {}
    if language == "zh":
        local = {m.surface: m for m in persons if m.method == "pattern"}
    else:
        owners: dict[str, set[str]] = {}
        for m in persons:
            surname = _surname(m.entity, gazetteer)
            if surname:
                owners.setdefault(surname, set()).add(m.entity)
                local[surname] = m
        local = {s: m for s, m in local.items() if len(owners[s]) == 1}
        # The model's guess at a surname alone ("Jacobs" as an ORG) is the person named in full.
        mentions = [replace(m, entity=local[m.surface].entity, entity_type=local[m.surface].entity_type, method="coref")
                    if m.method == "model" and m.entity_type not in ("PERSON", "MANAGER") and m.surface in local else m
                    for m in mentions]
    extra = []
    for m in _local_aliases(text, local, taken, words=language != "zh"):
        before, after = text[max(0, m.start - 30):m.start], text[m.end:m.end + 2]
        if language != "zh" and (re.search(r"[A-Z][\w\-]*\s$", before) or re.match(r"\s[A-Z]", after)):
            continue  # part of another name
        if not is_staff_credit(text, m.start, gazetteer):
            extra.append(m)
    out = sorted([*mentions, *extra], key=lambda m: (m.start, m.end))
    managers = {m.entity for m in out if m.entity_type == "MANAGER"}
    for i, m in enumerate(out):
        if m.entity_type == "PERSON" and _manager_of(text, m, out[i + 1:i + 3]):
            managers.add(m.entity)
    shown = {m.entity for m in out if m.entity_type == "MANAGER" and m.method == "pattern"}
    shown |= {m.entity for m in out if m.entity_type == "MANAGER" and gazetteer.entities.get(m.entity) and
              gazetteer.entities[m.entity].house in {h.entity for h in out if h.entity_type == "FUND_HOUSE"}}
    spans = Spans(out)
    others = {m.entity for m in out if m.entity_type == "MANAGER" and m.entity not in shown and (
        _TITLE_AFTER.match(text, m.end) or _TITLE_BEFORE.search(text, max(0, m.start - 40), m.start)) and
        not any(o.entity_type in ("FUND_HOUSE", "FUND") for o in spans.within(m.end, m.end + 100))}
    managers -= others
    return [replace(m, entity_type="MANAGER") if m.entity_type == "PERSON" and m.entity in managers else
            replace(m, entity_type="PERSON") if m.entity_type == "MANAGER" and m.entity in others else m
            for m in out]
