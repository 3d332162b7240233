"""The gazetteer: canonical entities and every spelling that should resolve to them.

Entries live in `data/gazetteer/*.yaml` and `data/themes.yaml` (see the README there). This
module reads them and *generates* spellings by rule, because machine-translated Chinese finance
news spells the same name many ways: pinyin of the Chinese name (浦银 -> "Puyin"), parts of a
joint-venture name in either order ("SPDB AXA" / "AXA SPDB"), corporate suffixes added or
dropped, a fund's house prefixed or postfixed ("... ETF of SPDB AXA").
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from core.datafiles import read_yaml

ENTITY_TYPES = ("FUND_HOUSE", "FUND", "MANAGER", "COMPANY", "PRODUCT", "THEME", "PERSON", "ORG")

# Suffixes a fund house's name appears with or without; longest first so stripping is greedy.
HOUSE_SUFFIXES = (
    "Fund Management Co., Ltd.", "Fund Management Co. Ltd.", "Fund Management Company",
    "Asset Management Co., Ltd.", "Fund Management", "Asset Management", "Investment Managers",
    "Investment Management", "Fund Co., Ltd.", "Funds", "Fund", "AMC",
)
_ADDED_SUFFIXES = ("Fund", "Fund Management", "Fund Management Co., Ltd.", "Asset Management", "Investment Managers")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ACRONYM = re.compile(r"^[A-Z0-9&.\-]{1,6}s?$")


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

    def of_type(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def aliases_of(self, name: str) -> list[str]:
        return sorted({a.text for a in self.aliases if a.entity == name})


def pinyin(zh: str) -> str:
    """Toneless pinyin with the syllables of one word joined: 浦银 -> "Puyin"; latin kept as is."""
    if not _CJK.search(zh):
        return zh
    return "".join(lazy_pinyin(zh)).capitalize()


def person_pinyin(zh: str) -> list[str]:
    """Chinese personal name -> "Surname Given" and "Given Surname" ("于瑾" -> Yu Jin, Jin Yu)."""
    if not _CJK.search(zh) or len(zh) < 2:
        return []
    surname_len = 2 if len(zh) == 4 else 1
    surname = "".join(lazy_pinyin(zh[:surname_len])).capitalize()
    given = "".join(lazy_pinyin(zh[surname_len:])).capitalize()
    return [f"{surname} {given}", f"{given} {surname}"]


def strip_house_suffix(name: str) -> str:
    for suffix in HOUSE_SUFFIXES:
        if name.lower().endswith(" " + suffix.lower()):
            return name[: -len(suffix) - 1].rstrip(" ,")
    return name


def _part_combinations(parts: dict[str, list[str]], any_order: bool) -> list[str]:
    options = [[*map(str, renderings), pinyin(str(zh))] for zh, renderings in parts.items()]
    orders = list(itertools.permutations(options)) if any_order else [tuple(options)]
    out = []
    for order in orders:
        for combo in itertools.product(*order):
            out.append(" ".join(combo))
    return out


def _variants_of_ampersand(text: str) -> list[str]:
    out = {text}
    if " & " in text:
        out.add(text.replace(" & ", " and "))
    if " and " in text:
        out.add(text.replace(" and ", " & "))
    return sorted(out)


def _is_case_sensitive(text: str, type_: str) -> bool:
    if _CJK.search(text):
        return False
    words = text.split()
    if _ACRONYM.match(text):
        return True  # "VR", "ARK", "H20": acronyms must not match lower-case words
    return type_ != "THEME" and len(words) == 1


def _plural(text: str) -> str | None:
    if _CJK.search(text) or not text[-1:].isalpha() or text.endswith("s") or _ACRONYM.match(text.split()[-1]):
        return None
    return text + ("es" if text.endswith(("sh", "ch", "x")) else "s")


def entry_aliases(entry: dict[str, Any], houses: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Every (spelling, method) of one gazetteer entry, generated by the rules in the module doc."""
    type_ = entry["type"]
    found: list[tuple[str, str]] = [(entry["name"], "gazetteer")]
    found += [(str(a), "alias") for a in entry.get("aliases") or []]
    zh = str(entry.get("zh") or "")
    if zh:
        found.append((zh, "gazetteer"))
        if type_ in ("MANAGER", "PERSON"):
            found += [(p, "pinyin") for p in person_pinyin(zh)]
        elif not entry.get("parts"):
            short = re.sub(r"(基金管理有限公司|基金|公司)$", "", zh)
            if short != zh:
                found.append((short, "gazetteer"))
            if len(short) >= 2 and _CJK.search(short):
                found.append((pinyin(short), "pinyin"))
    if entry.get("parts"):
        found += [(c, "pinyin") for c in _part_combinations(entry["parts"], bool(entry.get("any_order")))]
    if type_ == "FUND_HOUSE":
        bases = {strip_house_suffix(t) for t, _ in found if not _CJK.search(t)}
        for base in bases:
            if len(base.split()) >= 2 or base in {t for t, _ in found}:
                found.append((base, "rule"))
            found += [(f"{base} {suffix}", "rule") for suffix in _ADDED_SUFFIXES]
    if type_ == "FUND" and entry.get("product"):
        products = [str(entry["product"])] + [str(a) for a in entry.get("aliases") or [] if " " in str(a)]
        for product in products:
            for variant in _variants_of_ampersand(product):
                for house in houses.get(entry.get("house", ""), []):
                    found.append((f"{house} {variant}", "rule"))
                    found.append((f"{variant} of {house}", "rule"))
    if type_ == "THEME":
        found += [(p, "rule") for p in (_plural(t) for t, _ in found) if p]
    if type_ != "THEME":
        # Single words match case-sensitively, so the usual casings are spelled out: Nvidia / NVIDIA.
        found += [(v, "rule") for t, _ in list(found) if " " not in t and len(t) >= 4 and not _CJK.search(t)
                  for v in (t.upper(), t.capitalize()) if v != t and not any(c.isdigit() for c in t)]
    seen: set[str] = set()
    unique = []
    for text, method in found:
        text = " ".join(text.split())
        key = text if _is_case_sensitive(text, type_) else text.lower()
        if text and key not in seen:
            seen.add(key)
            unique.append((text, method))
    return unique


def _house_spellings(entry: dict[str, Any]) -> list[str]:
    """Spellings of a house used to build its funds' names: without suffixes, plus "... Fund"."""
    spellings = [t for t, _ in entry_aliases(entry, {}) if not _CJK.search(t)]
    bases = sorted({strip_house_suffix(t) for t in spellings if len(strip_house_suffix(t)) > 1})
    return bases


def _entity_from(entry: dict[str, Any]) -> Entity:
    return Entity(
        name=str(entry["name"]), type=str(entry["type"]), zh=str(entry.get("zh") or ""),
        house=str(entry.get("house") or ""), company=str(entry.get("company") or ""),
        themes=tuple(entry.get("themes") or ()), managers=tuple(entry.get("managers") or ()),
        sector=str(entry.get("sector") or ""), product=str(entry.get("product") or ""),
        status=str(entry.get("status") or "curated"),
    )


def read_entries(data_dir: Path) -> list[dict[str, Any]]:
    """All raw entries: the gazetteer files, then the themes (typed THEME)."""
    entries: list[dict[str, Any]] = []
    for path in sorted((data_dir / "gazetteer").glob("*.yaml")):
        if path.name == "fund_words.yaml":
            continue
        entries += read_yaml(path) or []
    for theme in read_yaml(data_dir / "themes.yaml") or []:
        theme = dict(theme, type="THEME")
        theme["aliases"] = list(theme.get("aliases") or []) + list(theme.get("terms") or [])
        entries.append(theme)
    return entries


def build_gazetteer(entries: Iterable[dict[str, Any]], fund_words: dict[str, Any] | None = None) -> Gazetteer:
    """Entities and generated aliases from raw entries. Later entries with an existing name add
    aliases to it (how user additions extend curated entities)."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if not entry.get("name"):
            continue
        name = str(entry["name"])
        if name not in merged and entry.get("type") not in ENTITY_TYPES:
            continue
        if name in merged:
            old = merged[name]
            old["aliases"] = list(old.get("aliases") or []) + list(entry.get("aliases") or [])
        else:
            merged[name] = dict(entry)
    houses = {n: _house_spellings(e) for n, e in merged.items() if e["type"] == "FUND_HOUSE"}
    gaz = Gazetteer(fund_words=fund_words or {})
    owner: dict[str, str] = {}
    for name, entry in merged.items():
        gaz.entities[name] = _entity_from(entry)
        for text, method in entry_aliases(entry, houses):
            key = text if _is_case_sensitive(text, entry["type"]) else text.lower()
            if key in owner and owner[key] != name:
                continue  # first entry wins a contested spelling; curated files come first
            owner[key] = name
            gaz.aliases.append(Alias(text, name, method, _is_case_sensitive(text, entry["type"])))
    return gaz


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path, extra_key: tuple[tuple[str, str, str], ...] = ()) -> Gazetteer:
    """The curated gazetteer plus user additions `(name, type, alias)`, loaded once per key."""
    extra = [{"name": n, "type": t, "aliases": [a] if a else [], "status": "user"} for n, t, a in extra_key]
    fund_words_path = data_dir / "gazetteer" / "fund_words.yaml"
    fund_words = read_yaml(fund_words_path) if fund_words_path.exists() else {}
    return build_gazetteer(read_entries(data_dir) + extra, fund_words)
