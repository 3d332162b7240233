"""A user's fund list joins the gazetteer: read, turned into entries, stored, and the stored
articles that name any of its funds re-analysed (the command line and the Entities page share it)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core import store
from core.analyse.gazetteer import Gazetteer, load_gazetteer, person_pinyin, strip_house_suffix
from core.read.fundlist import FundRow, parse_fund_list
from core.run.reanalyse import reanalyze_all
from core.settings import Settings

_CJK = re.compile(r"[\u3400-\u9fff]")
# Codes matched as words anywhere: six-digit fund and stock codes, five-digit Hong Kong codes and
# tickers of four letters or more. Shorter ones ("AI", "NOW") are read only where the text shows
# them as codes (in brackets, after an exchange).
_DISTINCT_CODE = re.compile(r"^(?:\d{5,6}|[A-Z]{4,6})$")


@dataclass
class ImportResult:
    funds: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reanalysed: int = 0
    errors: list[str] = field(default_factory=list)


def _houses(gazetteer: Gazetteer) -> dict[str, str]:
    """Every spelling of every fund house, lower-cased, with and without suffix -> the house."""
    out: dict[str, str] = {}
    for alias in gazetteer.aliases:
        if gazetteer.entities[alias.entity].type == "FUND_HOUSE":
            out.setdefault(alias.text.lower(), alias.entity)
            out.setdefault(strip_house_suffix(alias.text, gazetteer.words).lower(), alias.entity)
    return out


def _person(name: str) -> dict[str, Any]:
    if _CJK.search(name):
        readings = person_pinyin(name)
        return {"name": readings[0], "zh": name} if readings else {"name": name}
    return {"name": name}


def fund_entries(rows: list[FundRow], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Gazetteer entries for the rows: each fund, the houses the gazetteer does not know, the managers."""
    houses = _houses(gazetteer)
    spellings_of: dict[str, set[str]] = {}
    for text, entity in houses.items():
        spellings_of.setdefault(entity, set()).add(text)
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        house = houses.get(row.house.lower()) or houses.get(strip_house_suffix(row.house, gazetteer.words).lower()) or \
            row.house
        fund: dict[str, Any] = {"name": row.name, "type": "FUND", "codes": list(row.codes),
                                "aliases": [*row.aliases, *(c for c in row.codes if _DISTINCT_CODE.match(c))]}
        if row.zh:
            fund["zh"] = row.zh
        if house:
            fund["house"] = house
            if house not in gazetteer.entities and house not in entries:
                entries[house] = {"name": house, "type": "FUND_HOUSE"}
            spellings = sorted(spellings_of.get(house, set()) | {row.house.lower(), house.lower()}, key=len, reverse=True)
            written = next((s for s in spellings if s and row.name.lower().startswith(s + " ")), "")
            if written:
                fund["product"] = row.name[len(written):].strip()
        managers = [_person(m) for m in row.managers]
        if managers:
            fund["managers"] = [m["name"] for m in managers]
        for manager in managers:
            entries.setdefault(manager["name"], {**manager, "type": "MANAGER", **({"house": house} if house else {})})
        entries[row.name] = fund
    return list(entries.values())


def import_fund_list(settings: Settings, file_name: str, data: bytes) -> ImportResult:
    """Read a fund list, store its entries and re-analyse the stored articles they can change.

    Raises `UnreadableFile` when the file is no fund list; rows that cannot be used are in
    `errors`, one line each, and cost only themselves."""
    rows, errors = parse_fund_list(file_name, data)
    result = ImportResult(funds=len(rows), errors=errors)
    if not rows:
        return result
    entries = fund_entries(rows, load_gazetteer(settings.data_dir))

    def write() -> dict[str, str]:
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            return store.save_entries(con, entries, file_name)
    outcome = store.retry_busy(write, settings.lock_timeout_s)
    for row in rows:
        setattr(result, outcome[row.name], getattr(result, outcome[row.name]) + 1)
    touched = [e for e in entries if outcome[str(e["name"])] != "unchanged"]
    if touched:
        names = [s for e in touched for s in (e["name"], e.get("zh", ""), *e.get("aliases", []), *e.get("codes", []))]
        result.reanalysed = store.retry_busy(lambda: reanalyze_all(settings, only_naming=names), settings.lock_timeout_s)
    return result
