"""Currencies, scale words and the spacing rules every number pattern shares, built from data/units.yaml."""
from __future__ import annotations

import re

from core.analyse.units import load_units

_SP = r"[ \u00a0]"  # one space; newlines never join a number to its unit
_CONTEXT = 400  # characters of sentence read on either side of a number
_IA = re.IGNORECASE | re.ASCII  # ASCII: "K" (Kelvin sign) and other look-alikes never match unit letters

UNITS = load_units()
_CURRENCIES = UNITS.currencies


def _alternation(words: list[str] | set[str] | tuple[str, ...]) -> str:
    """Longest first, so "us dollars" wins over "dollars"; spaces match any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+") for w in sorted(set(words), key=len, reverse=True))


def _dotted(spelling: str) -> str:
    """"u.s." as a pattern: each full stop optional, a space allowed after it ("U. S. $", "US$")."""
    return "".join(rf"\.?{_SP}?" if ch == "." else re.escape(ch) for ch in spelling).removesuffix(f"{_SP}?")


def _key(spelling: str) -> str:
    """How a written prefix is looked up: no full stops or spaces, lower case ("U.S. $" -> "us$")."""
    return re.sub(r"[\s.]", "", spelling).lower()


_CI_CODES = _alternation([s for c in _CURRENCIES if not c.upper_only for s in c.codes])
# Codes that are also English words or names when lower-cased ("try", "sek") count only in capitals.
_UC_CODES = _alternation([s.upper() for c in _CURRENCIES if c.upper_only for s in c.codes])
_SYMBOLS = _alternation([s for c in _CURRENCIES for s in c.symbols if s != "$"])
_DOLLAR_PREFIXES = "|".join(sorted({_dotted(p) for c in _CURRENCIES for p in c.dollar_prefixes}, key=len, reverse=True))
_ATTACHED = _alternation([p for c in _CURRENCIES for p in c.attached])
_DOLLAR_SUFFIXES = _alternation([p for c in _CURRENCIES for p in c.dollar_suffixes])
_GLUED = _alternation([p for c in _CURRENCIES for p in c.glued])
_ABBREVIATIONS = _alternation([p for c in _CURRENCIES for p in c.abbreviations])
_PREFIX_ZH = _alternation([p for c in _CURRENCIES for p in c.prefix_zh])

_SYMBOL_CODES = {s: c.code for c in _CURRENCIES for s in c.symbols}
_PREFIX_CODES = {
    **_SYMBOL_CODES,
    **{_key(p) + "$": c.code for c in _CURRENCIES for p in (*c.dollar_prefixes, *c.attached)},
    **{"$" + _key(p): c.code for c in _CURRENCIES for p in c.dollar_suffixes},
    **{_key(p): c.code for c in _CURRENCIES for p in (*c.glued, *c.abbreviations, *c.prefix_zh)},
}
_CODE_MAP = {s.lower(): c.code for c in _CURRENCIES for s in c.codes}
_CN_CURRENCIES = {s: c.code for c in _CURRENCIES for s in c.zh}
_WORD_CURRENCIES = {w: c.code for c in _CURRENCIES for w in c.words}
# Currency words that are also ordinary words: they need a scale word ("5 million pounds"),
# and "pounds" may also do with a money verb nearby, since "208 pounds" is usually a weight.
_WEAK_WORDS = {w for c in _CURRENCIES for w in c.weak_words}
# A spelled-out per cent must end its word ("5 pct", not "5 pcs"); a sign needs no such care.
_PERCENT = "|".join(p + ("(?![a-z])" if p[-1].isalpha() else "")
                    for p in _alternation(UNITS.percent).split("|"))

_SCALES = {**UNITS.scales, **UNITS.abbreviated_scales, **UNITS.short_scales, **UNITS.zh_scales}
# One-letter scales ("$5m", "$4.2b") mean million/billion only next to a currency: "20m" can be
# metres and "910B" is a chip.
_SHORT_SCALES = set(UNITS.short_scales)
_SCALE_WORDS = _alternation(list(UNITS.scales))
_SCALE_ABBREVIATIONS = _alternation([*UNITS.abbreviated_scales, *(w for w in UNITS.short_scales if w != "t")])
_ZH_SCALE_WORDS = _alternation(list(UNITS.zh_scales))

_CURRENCY_UNITS = UNITS.codes
_RATE_UNITS = frozenset({"%", "pp", "bp", "x"})


def is_count_unit(unit: str) -> bool:
    """True for a plain count ("") or a count of things ("funds", "companies")."""
    return unit not in _CURRENCY_UNITS and unit not in _RATE_UNITS
