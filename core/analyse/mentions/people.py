"""People: names in pinyin, names after a job title, and the words that make someone a fund manager.

- A capitalised pair whose first word is a Chinese surname and whose second is made of pinyin
  syllables is a person ("Zhang Zhongwei"), as is a run-together one in a list of names ("Jiangshan"
  -> Jiang Shan); the surnames and syllables are in `data/gazetteer/people_words.yaml`.
- Managers are named by the words around them: "fund managers A, B and C", "A, fund manager of",
  "managed by A and B", "As a ... fund manager, A said"; in Chinese 基金经理A、B和C, A管理的.
- Analysts and other titles leave a person a PERSON; names in the staff credits ("Editor in charge:
  X", 责任编辑) are no mention at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.overlaps import Mention

_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}|[A-Z]{2,}(?: [A-Z]{2,}){1,2}"
_LIST_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}|[A-Z]{2,}(?: [A-Z]{2,}){1,2}"
_CLAUSE = r"[^.;:!?\"“”\n]"
_MANAGER_AFTER = re.compile(
    rf"(?P<name>{_NAME}),\s+(?!(?:and|but|while|which|who|as|so)\b)(?:the\s+)?(?:{_CLAUSE}{{0,120}}?\s)?"
    r"(?i:fund|portfolio)\s+(?i:manager)\b")
# "It is run by X": a manager when a fund is what the sentence or the one before is about.
_RUN_BY = re.compile(rf"\b(?:is|are|was|were|been|being)\s+(?:now\s+|also\s+|still\s+|jointly\s+|co-)?"
                     rf"(?:run|overseen|steered|led)\s+by\s+(?P<name>{_NAME})")
_FUND_CONTEXT = re.compile(r"\b(?:funds?|ETFs?|portfolios?|exchange-traded)\b")
_PRONOUN = re.compile(r"\s*(?:It|Both|Each|They|This|That|Which)\b")
_PAIR = re.compile(r"(?=\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[a-z]+)?)\b)")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class _People:
    surnames: dict[str, str]  # pinyin -> hanzi (the first)
    surnames_zh: dict[str, str]  # hanzi -> pinyin
    syllables: frozenset[str]
    titles_before: re.Pattern[str]
    managers_zh: re.Pattern[str]
    after_zh: re.Pattern[str]
    persons_zh: re.Pattern[str]
    staff: re.Pattern[str]
    name_stops_zh: frozenset[str]
    org_ends: frozenset[str]


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=8)
def _people(gazetteer: Gazetteer) -> _People:
    w = gazetteer.words
    pairs = [p.split("=") for p in str(w.get("people_words", "surnames", "")).split()]
    surnames: dict[str, str] = {}
    for zh, py in pairs:
        surnames.setdefault(py, zh)
    titles = [str(t) for t in w.get("people_words", "manager_titles", [])]
    staff = [str(s) for s in w.get("people_words", "staff_cues", [])]
    org_ends = {str(x) for x in gazetteer.fund_words.get("not_fund_words") or []}
    for rule in w.get("name_words", "org_types", []) or []:
        org_ends |= {str(e) for e in rule.get("ends") or []}
    return _People(
        surnames=surnames, surnames_zh={zh: py for zh, py in pairs},
        syllables=frozenset(str(w.get("people_words", "syllables", "")).split()),
        titles_before=re.compile(rf"(?i:\b(?:{_alternation(titles)}))(?:,\s*|\s+)(?:of\s+\S+\s+)?"
                                 rf"(?P<names>(?:{_LIST_NAME})(?:\s*,\s*(?:{_LIST_NAME}))*(?:,?\s+and\s+(?:{_LIST_NAME}))?)"
                                 r"|(?:jointly |co-)?managed by\s+(?P<by>(?:" + _NAME + r")(?:\s+and\s+(?:" + _NAME + r"))?)"),
        managers_zh=re.compile(_alternation([str(t) for t in w.get("people_words", "manager_titles_zh", [])])),
        after_zh=re.compile(_alternation([str(t) for t in w.get("people_words", "manager_after_zh", [])])),
        persons_zh=re.compile(_alternation([str(t) for t in w.get("people_words", "person_titles_zh", [])])),
        staff=re.compile(rf"(?i:{_alternation(staff)})\s*[:：]?\s*$"),
        name_stops_zh=frozenset(str(w.get("people_words", "name_stops_zh", ""))),
        org_ends=frozenset(org_ends),
    )


def _is_given_name(word: str, syllables: frozenset[str], most: int = 3) -> bool:
    """Whether a lower-cased word splits into one to `most` pinyin syllables."""
    word = word.replace("-", "").replace("'", "")
    ok = [True] + [False] * len(word)
    count = [0] * (len(word) + 1)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if ok[j] and word[j:i] in syllables and (not ok[i] or count[j] + 1 < count[i]):
                ok[i], count[i] = True, count[j] + 1
    return ok[-1] and 0 < count[-1] <= most


def pinyin_name(surname: str, given: str, gazetteer: Gazetteer) -> bool:
    p = _people(gazetteer)
    return surname.lower() in p.surnames and _is_given_name(given.lower(), p.syllables)


def split_run_together(word: str, gazetteer: Gazetteer) -> str:
    """"Jiangshan" -> "Jiang Shan" when the word is a surname and a given name run together, else ""."""
    p = _people(gazetteer)
    low = word.lower()
    for cut in range(len(low) - 1, 1, -1):
        if low[:cut] in p.surnames and _is_given_name(low[cut:], p.syllables, 2):
            return f"{word[:cut].capitalize()} {low[cut:].capitalize()}"
    return ""


def canonical_person(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in name.split())


def is_staff_credit(text: str, start: int, gazetteer: Gazetteer) -> bool:
    """Whether the name at `start` follows a staff credit on its line ("Editor in charge: X")."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 30)
    return bool(_people(gazetteer).staff.search(text[line_start:start].lstrip("(（ ")))


def pinyin_names(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Capitalised pinyin pairs that read as a Chinese name: surname, then given name."""
    found = []
    for m in _PAIR.finditer(text):
        surname, given = m.group(1), m.group(2)
        if pinyin_name(surname, given, gazetteer):
            start, end = m.start(1), m.end(2)
            if not is_staff_credit(text, start, gazetteer):
                found.append(Mention(start, end, text[start:end], f"{surname} {given}", "PERSON", "pattern"))
    return found


def _list_names(text: str, start: int, names: str, gazetteer: Gazetteer) -> list[Mention]:
    """The people of a list after a title; a single word counts only as a run-together pinyin name."""
    p = _people(gazetteer)
    found = []
    for m in re.finditer(_LIST_NAME, names):
        name = m.group()
        words = name.replace("-", " ").split()
        if words[-1] in p.org_ends or words[-1].lower() in ("and", "of"):
            break
        canonical = canonical_person(name) if len(words) > 1 else split_run_together(name, gazetteer)
        if canonical:
            found.append(Mention(start + m.start(), start + m.end(), name, canonical, "MANAGER", "pattern"))
    return found


def _fund_is_subject(text: str, at: int) -> bool:
    """Whether the clause before `at` is about a fund: its subject names one ("The ETF is run by"),
    or is a pronoun ("It is run by") after sentences that name one."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    subject = text[start:at]
    if _FUND_CONTEXT.search(subject):
        return True
    if not _PRONOUN.match(subject):
        return False
    previous = start
    for _ in range(2):  # the two sentences before: what "it" most likely stands for
        previous = max(text.rfind(". ", 0, max(0, previous - 2)), text.rfind("\n", 0, max(0, previous - 1))) + 1
    return bool(_FUND_CONTEXT.search(text, previous, start))


def find_managers(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """People named as fund managers by the words around them, in English."""
    p = _people(gazetteer)
    found = []
    for m in _MANAGER_AFTER.finditer(text):
        if m["name"].split()[-1] not in p.org_ends:
            found.append(Mention(m.start("name"), m.end("name"), m["name"], canonical_person(m["name"]), "MANAGER",
                                 "pattern"))
    for m in _RUN_BY.finditer(text):
        if _fund_is_subject(text, m.start()) and m["name"].split()[-1] not in p.org_ends:
            found.append(Mention(m.start("name"), m.end("name"), m["name"], canonical_person(m["name"]), "MANAGER",
                                 "pattern"))
    for m in p.titles_before.finditer(text):
        group = "names" if m["names"] else "by"
        found += _list_names(text, m.start(group), m[group], gazetteer)
    return found


def _zh_name(text: str, at: int, p: _People, backwards: bool = False) -> tuple[int, int]:
    """A Chinese name starting at `at` (or ending there when `backwards`): surname and one or two
    characters, or (-1, -1)."""
    if backwards:
        for size in (3, 2, 4):
            start = at - size
            if start >= 0 and _CJK_RUN.fullmatch(text[start:at]) and text[start] not in p.name_stops_zh and (
                    text[start:start + 2] in p.surnames_zh or text[start] in p.surnames_zh):
                return start, at
        return -1, -1
    surname = 2 if text[at:at + 2] in p.surnames_zh else 1 if text[at:at + 1] in p.surnames_zh else 0
    if not surname:
        return -1, -1
    end = at + surname
    if end < len(text) and _CJK_RUN.match(text[end]) and text[end] not in "的和与及、":
        end += 1  # the first character of the given name; the second only when no verb starts there
        if end < len(text) and _CJK_RUN.match(text[end]) and text[end] not in p.name_stops_zh:
            end += 1
    return (at, end) if end - at - surname >= 1 else (-1, -1)


def chinese_name(zh: str, gazetteer: Gazetteer) -> str:
    """A Chinese name in pinyin, surname first, read as a surname is (曾 Zeng): 张仲维 -> Zhang Zhongwei."""
    p = _people(gazetteer)
    cut = 2 if len(zh) > 2 and zh[:2] in p.surnames_zh else 1
    surname = p.surnames_zh.get(zh[:cut]) or "".join(lazy_pinyin(zh[:cut]))
    return f"{surname.capitalize()} {''.join(lazy_pinyin(zh[cut:])).capitalize()}"


def find_people_zh(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """People in Chinese text named by a title before them (基金经理张坤、李明 -> MANAGER,
    分析师王芳 -> PERSON) or by 管理的 after them."""
    p = _people(gazetteer)
    found = []
    for pattern, type_ in ((p.managers_zh, "MANAGER"), (p.persons_zh, "PERSON")):
        for m in pattern.finditer(text):
            at = m.end()
            while True:
                start, end = _zh_name(text, at, p)
                if start < 0:
                    break
                found.append(Mention(start, end, text[start:end], chinese_name(text[start:end], gazetteer), type_,
                                     "pattern"))
                if end < len(text) and text[end] in "、和及与" and type_ == "MANAGER":
                    at = end + 1
                else:
                    break
    for m in p.after_zh.finditer(text):
        start, end = _zh_name(text, m.start(), p, backwards=True)
        if start >= 0:
            found.append(Mention(start, end, text[start:end], chinese_name(text[start:end], gazetteer), "MANAGER",
                                 "pattern"))
    return [m for m in found if not is_staff_credit(text, m.start, gazetteer)]
