"""Units and currencies from `data/units.yaml`: the one table numbers and tone both read.

`load_units` turns the file into plain lookups (spelling -> ISO code, scale word -> multiplier,
counted noun -> unit); each reader builds its own patterns from them. Read once per folder.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.datafiles import read_yaml
from core.settings import DATA_DIR

UNITS_FILE = "units.yaml"


@dataclass(frozen=True)
class Currency:
    """Every spelling of one currency (see the comments at the top of data/units.yaml)."""

    code: str
    codes: tuple[str, ...] = ()
    upper_only: bool = False
    symbols: tuple[str, ...] = ()
    dollar_prefixes: tuple[str, ...] = ()
    attached: tuple[str, ...] = ()
    dollar_suffixes: tuple[str, ...] = ()
    glued: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # every English spelling, plurals included
    weak_words: tuple[str, ...] = ()  # the subset that is also an ordinary word
    zh: tuple[str, ...] = ()
    prefix_zh: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Units:
    currencies: tuple[Currency, ...]
    percent: tuple[str, ...]
    scales: dict[str, float]  # written out: "million"
    abbreviated_scales: dict[str, float]  # "mn", "bn"
    short_scales: dict[str, float]  # only next to a currency: "m", "b"
    zh_scales: dict[str, float]
    time_words: frozenset[str]
    ordinal_suffixes: frozenset[str]
    measures: frozenset[str]
    counted: dict[str, str]  # counted noun phrase, lower case -> unit
    zh_measure_words: dict[str, str]  # 只, 家, 份 -> unit ("" when the noun must say it)
    zh_nouns: dict[str, str]  # 基金, 公司 -> unit
    zh_time_words: tuple[str, ...]  # 3个月 is a length of time
    zh_not_after: tuple[str, ...]  # 份额 is a noun

    @property
    def codes(self) -> frozenset[str]:
        """Every ISO code a figure can carry."""
        return frozenset(c.code for c in self.currencies)


def _plural(word: str, invariable: tuple[str, ...]) -> list[str]:
    return [word] if word.endswith(invariable) else [word, word + "s"]


def _tuple(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(v) for v in entry.get(key) or ())


@lru_cache(maxsize=4)
def load_units(folder: Path = DATA_DIR) -> Units:
    """Read `folder/units.yaml`. Raises ValueError when a currency entry has an unknown key."""
    raw = read_yaml(folder / UNITS_FILE)
    invariable = tuple(raw.get("invariable") or ())
    known = set(Currency.__dataclass_fields__) | {"plurals", "extra_words"}
    currencies = []
    for code, entry in (raw.get("currencies") or {}).items():
        entry = entry or {}
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"{UNITS_FILE}: {code}: unknown keys {sorted(unknown)}")
        weak = tuple(w for name in _tuple(entry, "weak_words") for w in _plural(name, invariable))
        words = tuple(w for name in _tuple(entry, "words") for w in _plural(name, invariable))
        words += weak + _tuple(entry, "plurals") + _tuple(entry, "extra_words")
        currencies.append(Currency(
            code=str(code), codes=_tuple(entry, "codes"), upper_only=bool(entry.get("upper_only")),
            symbols=_tuple(entry, "symbols"), dollar_prefixes=_tuple(entry, "dollar_prefixes"),
            attached=_tuple(entry, "attached"), dollar_suffixes=_tuple(entry, "dollar_suffixes"),
            glued=_tuple(entry, "glued"), abbreviations=_tuple(entry, "abbreviations"), words=words,
            weak_words=weak, zh=_tuple(entry, "zh"), prefix_zh=_tuple(entry, "prefix_zh"),
            tokens=_tuple(entry, "tokens")))
    counted = {str(noun).lower(): str(unit) for unit, nouns in (raw.get("counted") or {}).items() for noun in nouns}
    zh_counted = raw.get("zh_counted") or {}
    return Units(
        currencies=tuple(currencies), percent=tuple(str(p) for p in raw.get("percent") or ()),
        scales={k: float(v) for k, v in (raw.get("scales") or {}).items()},
        abbreviated_scales={k: float(v) for k, v in (raw.get("abbreviated_scales") or {}).items()},
        short_scales={k: float(v) for k, v in (raw.get("short_scales") or {}).items()},
        zh_scales={k: float(v) for k, v in (raw.get("zh_scales") or {}).items()},
        time_words=frozenset(raw.get("time_words") or ()),
        ordinal_suffixes=frozenset(raw.get("ordinal_suffixes") or ()),
        measures=frozenset(raw.get("measures") or ()), counted=counted,
        zh_measure_words={str(k): str(v or "") for k, v in (zh_counted.get("measure_words") or {}).items()},
        zh_nouns={str(k): str(v) for k, v in (zh_counted.get("nouns") or {}).items()},
        zh_time_words=tuple(zh_counted.get("time_words") or ()),
        zh_not_after=tuple(zh_counted.get("not_after") or ()),
    )
