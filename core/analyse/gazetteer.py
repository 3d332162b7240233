"""The gazetteer: canonical entities and every spelling that should resolve to them.

Entries live in `data/gazetteer/*.yaml` and `data/themes.yaml` (see the README there). This
module reads them, merges the entries of one name, and asks `spellings` for the spellings that
rules generate (pinyin, word-by-word readings, suffixes, fund names built from their house's
names). It also indexes the keys the matcher needs beyond spellings: stock and fund codes, ETF
brands and institutions' roles.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.analyse.spellings import (
    Words,
    entry_aliases,
    house_spellings,
    is_case_sensitive,
    person_pinyin,
    pinyin,
)
from core.analyse.spellings import strip_house_suffix as _strip
from core.datafiles import read_yaml
from core.settings import DATA_DIR

__all__ = ["ENTITY_TYPES", "Alias", "Entity", "Gazetteer", "build_gazetteer", "entry_aliases", "load_gazetteer",
           "load_words", "person_pinyin", "pinyin", "read_entries", "strip_house_suffix"]

ENTITY_TYPES = ("FUND_HOUSE", "FUND", "MANAGER", "COMPANY", "PRODUCT", "THEME", "PERSON", "ORG")
# Keys that belong to an entity whatever entry of its name carries them (see data/gazetteer/README.md).
_MERGED_LISTS = ("aliases", "codes", "brands", "list_names", "themes", "managers")
_MERGED_VALUES = ("role", "zh", "house", "product", "company", "sector")
ENTRY = "ENTRY"  # type of a user row whose alias holds a whole entry as JSON (an imported fund list)


@dataclass(frozen=True)
class Entity:
    """One canonical entity. `name` is unique across the gazetteer."""

    name: str
    type: str
    zh: str = ""
    house: str = ""  # funds and managers: canonical fund-house name
    company: str = ""  # products: canonical company name
    themes: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    sector: str = ""  # themes only
    product: str = ""  # funds only: name without the house
    status: str = "curated"  # curated | user | new
    codes: tuple[str, ...] = ()  # tickers and fund or stock codes, without exchange prefix or suffix
    brands: tuple[str, ...] = ()  # fund houses: ETF brands that start their funds' names
    role: str = ""  # institutions: regulator, exchange, index_provider, research, broker, central_bank
    list_names: tuple[str, ...] = ()  # names that are ordinary words too, read only in a list of companies


@dataclass(frozen=True)
class Alias:
    """A spelling of an entity. Case-sensitive spellings are short single words and acronyms,
    which would otherwise match ordinary words ("Ascend", "ARK", "VR")."""

    text: str
    entity: str
    method: str  # gazetteer | alias | pinyin | rule
    case_sensitive: bool = False


@dataclass(eq=False)  # identity-hashed, so per-gazetteer indexes can be cached
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    fund_words: dict[str, Any] = field(default_factory=dict)
    words: Words = field(default_factory=Words)
    codes: dict[str, str] = field(default_factory=dict)  # code -> entity; a code two entities share is left out

    def of_type(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def aliases_of(self, name: str) -> list[str]:
        return sorted({a.text for a in self.aliases if a.entity == name})


def _entity_from(entry: dict[str, Any]) -> Entity:
    return Entity(
        name=str(entry["name"]), type=str(entry["type"]), zh=str(entry.get("zh") or ""),
        house=str(entry.get("house") or ""), company=str(entry.get("company") or ""),
        themes=tuple(entry.get("themes") or ()), managers=tuple(entry.get("managers") or ()),
        sector=str(entry.get("sector") or ""), product=str(entry.get("product") or ""),
        status=str(entry.get("status") or "curated"),
        codes=tuple(str(c) for c in entry.get("codes") or ()), brands=tuple(str(b) for b in entry.get("brands") or ()),
        role=str(entry.get("role") or ""), list_names=tuple(str(n) for n in entry.get("list_names") or ()),
    )


def read_entries(data_dir: Path) -> list[dict[str, Any]]:
    """All raw entries: the gazetteer files (not the word lists), then the themes (typed THEME)."""
    entries: list[dict[str, Any]] = []
    for path in sorted((data_dir / "gazetteer").glob("*.yaml")):
        if not path.stem.endswith("_words"):
            entries += read_yaml(path) or []
    for theme in read_yaml(data_dir / "themes.yaml") or []:
        theme = dict(theme, type="THEME")
        theme["aliases"] = list(theme.get("aliases") or []) + list(theme.get("terms") or [])
        entries.append(theme)
    return entries


@lru_cache(maxsize=8)
def load_words(data_dir: Path) -> Words:
    """The word lists `data/gazetteer/*_words.yaml`, by file stem."""
    return Words({p.stem: read_yaml(p) or {} for p in sorted((data_dir / "gazetteer").glob("*_words.yaml"))})


def strip_house_suffix(name: str, words: Words | None = None) -> str:
    """The house's name without its corporate suffix ("Harvest Fund Management" -> "Harvest")."""
    return _strip(name, (words or load_words(DATA_DIR)).house_suffixes)


def _merge(old: dict[str, Any], entry: dict[str, Any]) -> None:
    """A later entry of an existing name adds its lists and fills the values the first left empty."""
    for key in _MERGED_LISTS:
        if entry.get(key):
            old[key] = list(dict.fromkeys([*(old.get(key) or []), *entry[key]]))
    for key in _MERGED_VALUES:
        if entry.get(key) and not old.get(key):
            old[key] = entry[key]


def build_gazetteer(entries: Iterable[dict[str, Any]], fund_words: dict[str, Any] | None = None,
                    words: Words | None = None) -> Gazetteer:
    """Entities and generated aliases from raw entries. Later entries with an existing name add
    to it (how a file of codes extends curated companies, and user additions curated entities)."""
    words = words or load_words(DATA_DIR)
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if not entry.get("name"):
            continue
        name = str(entry["name"])
        if name in merged:
            _merge(merged[name], entry)
        elif entry.get("type") in ENTITY_TYPES:
            merged[name] = dict(entry)
    houses = {n: house_spellings(e, words) for n, e in merged.items() if e["type"] == "FUND_HOUSE"}
    gaz = Gazetteer(fund_words=fund_words or {}, words=words)
    owner: dict[str, str] = {}
    shared: set[str] = set()
    for name, entry in merged.items():
        entity = gaz.entities[name] = _entity_from(entry)
        for code in entity.codes:
            if gaz.codes.setdefault(code, name) != name:
                shared.add(code)
        for text, method in entry_aliases(entry, houses, words):
            key = text if is_case_sensitive(text, entry["type"]) else text.lower()
            if key in owner and owner[key] != name:
                continue  # first entry wins a contested spelling; curated files come first
            owner[key] = name
            gaz.aliases.append(Alias(text, name, method, is_case_sensitive(text, entry["type"])))
    for code in shared:
        del gaz.codes[code]
    return gaz


def user_entries(extra_key: tuple[tuple[str, str, str], ...]) -> list[dict[str, Any]]:
    """Users' rows `(name, type, alias)` as entries; an ENTRY row carries a whole entry as JSON."""
    out = []
    for name, type_, alias in extra_key:
        if type_ == ENTRY:
            out.append(dict(json.loads(alias), status="user"))
        else:
            out.append({"name": name, "type": type_, "aliases": [alias] if alias else [], "status": "user"})
    return out


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path, extra_key: tuple[tuple[str, str, str], ...] = ()) -> Gazetteer:
    """The curated gazetteer plus user additions `(name, type, alias)`, loaded once per key."""
    words = load_words(data_dir)
    return build_gazetteer(read_entries(data_dir) + user_entries(extra_key), words.files.get("fund_words") or {}, words)
