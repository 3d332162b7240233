"""Currencies, scale words and the spacing rules every number pattern shares."""
from __future__ import annotations

import re

_SP = r"[ \u00a0]"  # one space; newlines never join a number to its unit
_CONTEXT = 400  # characters of sentence read on either side of a number
_IA = re.IGNORECASE | re.ASCII  # ASCII: "K" (Kelvin sign) and other look-alikes never match unit letters

_CI_CODES = "usd|eur|gbp|cny|rmb|jpy|hkd|cad|aud|chf|inr|mxn|nzd|sgd|zar|dkk|krw|twd"
# Codes that are also English words or names when lower-cased ("try", "sek") count only in capitals.
_UC_CODES = "TRY|SEK|NOK|ILS|BRL|RUB|MYR|THB|IDR|AED|SAR|PLN"
_SYMBOLS = "€|£|¥|￥|₹|₩|₽|₺|₪|₡|₾|₭|฿|₱|₫|ரூ"

_SYMBOL_CODES = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₪": "ILS", "₡": "CRC", "₾": "GEL", "₭": "LAK", "฿": "THB",
    "₱": "PHP", "₫": "VND", "ரூ": "LKR",
}
_PREFIX_CODES = {
    **_SYMBOL_CODES,
    "us$": "USD", "usd$": "USD", "$us": "USD",
    "hk$": "HKD", "hkd$": "HKD", "$hk": "HKD",
    "c$": "CAD", "ca$": "CAD", "can$": "CAD", "cad$": "CAD",
    "a$": "AUD", "au$": "AUD", "aud$": "AUD", "$a": "AUD", "$au": "AUD",
    "nz$": "NZD", "nzd$": "NZD", "$nz": "NZD",
    "s$": "SGD", "sg$": "SGD", "sgd$": "SGD",
    "mex$": "MXN", "mx$": "MXN", "mxn$": "MXN",
    "nt$": "TWD", "r$": "BRL",
    "ps": "GBP",  # "£" after a lossy ASCII conversion: "PS2.7m"
    "y=": "JPY",  # Reuters' ASCII yen: "Y=28,030"
    "rs": "INR", "rm": "MYR", "人民币": "CNY",
}
_CODE_MAP = {c.lower(): c.upper() for c in (_CI_CODES + "|" + _UC_CODES).split("|")}
_CODE_MAP["rmb"] = "CNY"

_CN_CURRENCIES = {
    "元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY",
    "港元": "HKD", "港币": "HKD", "澳元": "AUD", "加元": "CAD", "韩元": "KRW", "新台币": "TWD",
}

_WORD_CURRENCIES: dict[str, str] = {}
for _names, _code in [
    ("dollar|us dollar|u.s. dollar|american dollar|buck", "USD"),
    ("australian dollar|aussie dollar", "AUD"), ("canadian dollar", "CAD"),
    ("hong kong dollar|hk dollar", "HKD"), ("singapore dollar", "SGD"),
    ("new zealand dollar", "NZD"), ("taiwan dollar|new taiwan dollar", "TWD"),
    ("euro", "EUR"), ("pound|british pound|pound sterling", "GBP"),
    ("yen|japanese yen", "JPY"), ("yuan|chinese yuan|renminbi|rmb", "CNY"),
    ("franc|swiss franc", "CHF"), ("rupee|indian rupee", "INR"), ("pakistani rupee", "PKR"),
    ("sri lankan rupee", "LKR"), ("lira|turkish lira", "TRY"),
    ("danish crown|danish krone|danish kroner", "DKK"),
    ("swedish crown|swedish krona|swedish kronor", "SEK"),
    ("norwegian crown|norwegian krone|norwegian kroner", "NOK"),
    ("shekel|israeli shekel|new israeli shekel", "ILS"), ("won|korean won|south korean won", "KRW"),
    ("rand|south african rand", "ZAR"), ("mexican peso", "MXN"), ("philippine peso", "PHP"),
    ("ringgit|malaysian ringgit", "MYR"), ("baht|thai baht", "THB"),
    ("ruble|rouble|russian ruble|russian rouble", "RUB"), ("brazilian real|reais", "BRL"),
    ("dirham|uae dirham", "AED"), ("riyal|saudi riyal", "SAR"), ("rupiah", "IDR"),
]:
    for _name in _names.split("|"):
        _WORD_CURRENCIES[_name] = _code
        if not _name.endswith(("s", "yen", "yuan", "renminbi", "rmb", "won", "rand", "baht",
                               "ringgit", "rupiah", "lira", "krone", "krona", "reais")):
            _WORD_CURRENCIES[_name + "s"] = _code
_WORD_CURRENCIES.update({"sterling": "GBP", "pounds sterling": "GBP", "liras": "TRY", "lire": "TRY",
                         "kronor": "SEK", "kroner": "NOK", "kuai": "CNY"})
_WORD_CURRENCIES["danish kroner"] = "DKK"
# Currency words that are also ordinary words: they need a scale word ("5 million pounds"),
# and "pounds" may also do with a money verb nearby, since "208 pounds" is usually a weight.
_WEAK_WORDS = {"pound", "pounds", "won", "rand", "kuai"}

_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7,
    "cr": 1e7, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "t": 1e12,
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8,
    "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4,
}
# One-letter scales ("$5m", "$4.2b") mean million/billion only next to a currency: "20m" can be
# metres and "910B" is a chip.
_SHORT_SCALES = {"k", "m", "mm", "b", "t", "cr", "mil"}


def _alternation(words: list[str]) -> str:
    """Longest first, so "us dollars" wins over "dollars"; spaces match any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+") for w in sorted(words, key=len, reverse=True))

_CURRENCY_UNITS = set(_PREFIX_CODES.values()) | set(_CODE_MAP.values()) | set(_WORD_CURRENCIES.values()) \
    | set(_CN_CURRENCIES.values())
