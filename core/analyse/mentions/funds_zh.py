"""Fund names in Chinese text: a fund house, a descriptor and a vehicle word (华夏机器人ETF,
天弘中证机器人ETF联接A, 易方达蓝筹精选混合), linked to a known fund of that house by its Chinese name,
or named in English like its translation when every word of it has a standard English word.

A short form links to the known fund whose name holds its characters in order (华夏机器人ETF ->
华夏中证机器人ETF) when exactly one does with the fewest left over; 联接 (feeder) must agree.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.fund_identity import english_product, new_fund_name
from core.analyse.mentions.overlaps import Mention
from core.analyse.spellings import CJK

_VEHICLE = re.compile(r"ETF联接|ETF|LOF|QDII-FOF|QDII|FOF|联接基金|联接|混合型|混合|股票型|股票|指数型|指数|债券型|债券|"
                      r"发起式|基金(?!经理|公司|管理|业|行业|会)|[(（](?:QDII|LOF|FOF|QDII-FOF)[)）]")
_CLASS = re.compile(r"[A-EHIY](?![A-Za-z])|[(（][A-EHIY]类?[)）]")
_STOPS = set("，。、；：！？\n \t的与和及等旗下在为是将于已由从对向把被让只份“”\"'《》「」")
_FEEDER = "联接"
_OPTIONAL = re.compile(r"基金|型|发起式|发起")


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=8)
def _known_zh(gazetteer: Gazetteer) -> dict[str, list[tuple[str, str]]]:
    """Each house's known funds as (name, Chinese name without the house's Chinese name)."""
    prefixes: dict[str, list[str]] = {}
    for a in gazetteer.aliases:
        if CJK.search(a.text) and gazetteer.entities[a.entity].type == "FUND_HOUSE":
            prefixes.setdefault(a.entity, []).append(re.sub(r"(基金管理有限公司|基金|公司)$", "", a.text))
    known: dict[str, list[tuple[str, str]]] = {}
    for e in gazetteer.of_type("FUND"):
        if e.house and e.zh:
            product = e.zh
            for p in sorted(prefixes.get(e.house, []), key=len, reverse=True):
                if p and product.startswith(p):
                    product = product[len(p):]
                    break
            known.setdefault(e.house, []).append((e.name, product))
    return known


def _name_end(text: str, at: int) -> int:
    """End of a fund name whose descriptor starts at `at`, or -1."""
    limit = at
    while limit < len(text) and limit - at < 24 and text[limit] not in _STOPS:
        limit += 1
    for m in _VEHICLE.finditer(text, at, limit):
        if m.start() - at < 2:
            continue
        end = m.end()
        while True:
            nxt = _VEHICLE.match(text, end, limit) or _CLASS.match(text, end, min(limit + 3, len(text)))
            if not nxt or nxt.end() == end:
                return end
            end = nxt.end()
    return -1


def find_funds_zh(text: str, houses: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Fund names after Chinese fund-house mentions, linked to known funds or kept as new."""
    known = _known_zh(gazetteer)
    found = []
    houses = sorted((h for h in houses if CJK.search(h.surface)), key=lambda h: (h.start, -h.end))
    longest: list[Mention] = []
    for h in houses:  # 景顺长城基金, not the 景顺 inside it
        if not (longest and h.end <= longest[-1].end):
            longest.append(h)
    for house in longest:
        at = house.end
        end = _name_end(text, at)
        if end < 0:
            continue
        product = text[at:end]
        core = _OPTIONAL.sub("", _CLASS.sub("", product))
        feeder = _FEEDER in core
        options = [(name, _OPTIONAL.sub("", p)) for name, p in known.get(house.entity, [])]
        candidates = sorted((len(p) - len(core), name) for name, p in options
                            if (_FEEDER in p) == feeder and _subsequence(core, p))
        if candidates and (len(candidates) == 1 or candidates[0][0] < candidates[1][0]):
            entity, method = candidates[0][1], "fuzzy"
        else:  # a new fund: in English when every word of its name has a standard English word
            english = english_product(_CLASS.sub("", product), gazetteer)
            entity = new_fund_name(english, house.entity, "", gazetteer) if english else text[house.start:end]
            method = "pattern"
        found.append(Mention(house.start, end, text[house.start:end], entity, "FUND", method))
    return found
