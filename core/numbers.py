"""Quantities in news text: money, percentages, multiples and large counts.

Each quantity comes with the year it refers to, a kind (forecast, actual, change, count,
other) and a short subject, all read from its own sentence. Everything is regular
expressions compiled once at import, because this runs on every sentence of tens of
thousands of articles; no language model is needed.

Handled forms, in English and Chinese: "$ 75 million", "US $60.922 billion", "EUR131m",
"hk $ 10.05 billion", "720.2 billion yuan", "7202亿元", "60.9亿美元", "five million yen",
"126%", "19 per cent", "百分之二十", "100 times", "3x", "2-fold", "20 million".
Left alone on purpose: years, dates, clock times, ids and product codes ("910B", "A100").
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

__all__ = ["COLUMNS", "Quantity", "extract_numbers", "find_numbers"]

COLUMNS = ["text", "value", "unit", "year", "kind", "subject", "start", "end"]

_SP = r"[ \u00a0]"  # one space; newlines never join a number to its unit
_CONTEXT = 400  # characters of sentence read on either side of a number
_IA = re.IGNORECASE | re.ASCII  # ASCII: "K" (Kelvin sign) and other look-alikes never match unit letters

# ---------------------------------------------------------------------------------------
# Currency tables. Keys are the spelling lower-cased, with spaces and dots removed.

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


# ---------------------------------------------------------------------------------------
# Number tokens.

_NUM_RE = re.compile(
    r"(?<![0-9.,])(?:[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"  # Indian grouping 12,34,567.89
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?![0-9])"
)
_UNIT_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TEN_WORDS = ["twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: float(i) for i, w in enumerate(_UNIT_WORDS)}
_WORD_VALUES.update({w: float(10 * (i + 2)) for i, w in enumerate(_TEN_WORDS[:3])})
_WORD_VALUES.update({"fourty": 40.0})
_WORD_VALUES.update({w: float(10 * (i + 5)) for i, w in enumerate(_TEN_WORDS[4:])})
_WORD_VALUES.update({"a": 1.0, "an": 1.0, "half": 0.5, "quarter": 0.25, "quarters": 0.25})
_BELOW100_BARE = (rf"(?:(?:{'|'.join(_TEN_WORDS)})(?:[ -](?:{'|'.join(_UNIT_WORDS[1:10])})(?![a-z]))?"
                  rf"|(?:{'|'.join(sorted(_UNIT_WORDS, key=len, reverse=True))}))")
_BELOW100 = _BELOW100_BARE + "(?![a-z])"
_WORDNUM_RE = re.compile(
    rf"(?<![a-z])(?:(?:an?|half(?:{_SP}an?)?|(?:an?{_SP})?quarter(?:{_SP}of{_SP}an?)?"
    rf"|three[ -]quarters?(?:{_SP}of{_SP}an?)?)"
    rf"(?=[ -](?:hundred|thousand|million|billion|trillion)(?![a-z]))"
    rf"|{_BELOW100}(?:[ -]hundred(?:{_SP}(?:and{_SP})?{_BELOW100})?)?(?![a-z]))",
    _IA,
)
_WORD_FOLD_RE = re.compile(rf"(?<![a-z])(?:{_BELOW100_BARE}|hundred)[ -]?fold(?![a-z])", _IA)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUM_RE = re.compile(
    r"百分之(?P<pct>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千点]+)"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]*[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"(?:点[零〇一二三四五六七八九]+)?)"
)

# ---------------------------------------------------------------------------------------
# What may stand before and after a number.

_PREFIX_RE = re.compile(
    rf"""(?:
        (?:
            (?<![A-Za-z'’])(?:u\.?{_SP}?s\.?|hkd?|usd|cad|aud|nzd|sgd|mxn|c){_SP}?\$  # "US $", "c $"
          | (?<![A-Za-z])(?:a|s|r|au|nz|sg|ca|can|mex|mx|nt)\$       # attached only: "a $5" is an article
          | \$(?:us|au|a|nz|hk)?
          | {_SYMBOLS}
          | (?<![A-Za-z])(?-i:Rs|rs)\.?
          | (?<![A-Za-z])[mk]?(?:{_CI_CODES})
          | (?<![A-Za-z])(?-i:{_UC_CODES})
          | 人民币
        ){_SP}?
      | (?<![A-Za-z])(?-i:PS|Y=|RM)    # glued to the number only: "PS 5" is a games console
    )$""",
    re.IGNORECASE | re.VERBOSE | re.ASCII,
)
_PCT_RE = re.compile(rf"{_SP}?(?:%|％|per[ -]?cent(?![a-z])|pct(?![a-z])|pc(?![a-z]))", _IA)
_PP_RE = re.compile(rf"{_SP}?(?:percentage[ -]points?(?![a-z])|pp(?![a-z])|ppts?(?![a-z])|个百分点)", _IA)
_BP_RE = re.compile(rf"{_SP}?(?:basis[ -]points?(?![a-z])|bps?(?![a-z]))", _IA)
_MULT_RE = re.compile(rf"(?:(?:{_SP}|-)?fold(?![a-z])|{_SP}?times(?![a-z])|[x×](?![A-Za-z0-9])|倍)", _IA)
_FREQUENCY_RE = re.compile(
    rf"{_SP}+(?:(?:a|an|per|each|every){_SP}+(?:day|week|month|year|season|game|match|hour|minute|"
    rf"second|night|quarter)|already|since|before|after|during|so{_SP}far|in{_SP}a{_SP}row|"
    rf"(?:in|over){_SP}the{_SP}(?:past|last)|this|last|next|today|yesterday|a{_SP}(?:day|week|year))(?![a-z])",
    _IA,
)
_SCALE_RE = re.compile(
    rf"(?:(?:{_SP}|-)?(?P<w>hundred|thousand|million|billion|trillion|lakhs?|lacs?|crores?)(?![a-z])"
    rf"|{_SP}?(?P<s>mln|mn|mil|bln|bn|trn|tn|cr|mm|k|m|b|(?-i:T))(?![A-Za-z])"
    r"|(?P<c>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万))",
    _IA,
)
_LONG_SCALE_RE = re.compile(rf"{_SP}?(?P<w>thousand|million|billion|trillion|mn|bn)(?![a-z])", _IA)
_CUR_SUFFIX_RE = re.compile(
    rf"(?:(?:{_SP}|-)?(?P<word>{_alternation(list(_WORD_CURRENCIES))})(?![a-z])"
    rf"|{_SP}?(?P<sym>\$|{_SYMBOLS})"
    rf"|{_SP}?(?P<code>[mk]?(?:{_CI_CODES})|(?-i:{_UC_CODES}))(?![A-Za-z0-9])"
    rf"|(?P<cn>{_alternation(list(_CN_CURRENCIES))}))",
    _IA,
)
_CENTS_RE = re.compile(
    rf"{_SP}+(?:and{_SP}+)?(?P<n>[0-9]{{1,2}}|{_BELOW100})"
    rf"(?:(?P<c>{_SP}*cents?(?![a-z]))|(?={_SP}*(?:[.!?;]|$)))",
    _IA,
)
_RANGE_GAP_RE = re.compile(rf"{_SP}*(?:-|–|—|to|or|and){_SP}*", re.IGNORECASE)
# Dates, phone numbers and ids: three or more digit groups joined by hyphens or slashes.
_CHAIN_RE = re.compile(r"[0-9]+(?:[-–/][0-9]+){2,}")
# The counted noun, possibly after one describing word: "12,400 engineers", "150,000 paid trips".
_COUNT_NOUN_RE = re.compile(rf"{_SP}+(?:[a-z]{{2,}}(?<!s){_SP}+)?(?P<w>[A-Za-z]{{2,}}s)(?![A-Za-z])", re.ASCII)
_MEASURES = {
    "points", "pts", "miles", "kilometres", "kilometers", "metres", "meters", "feet", "inches",
    "yards", "pounds", "tons", "tonnes", "kilograms", "grams", "litres", "liters", "gallons",
    "barrels", "hours", "minutes", "seconds", "days", "weeks", "months", "years", "degrees",
    "acres", "hectares", "watts", "volts", "bytes", "kbps", "mbps", "rpms"
}
_MONEY_VERB_RE = re.compile(
    r"\b(?:cost|costs|price|priced|paid|pay|pays|fine|fined|worth|sold|sell|sells|bought|buy|bid|"
    r"spend|spent|salary|wage|fee|fees|profit|revenue|loss|deal|budget|raised|valued|earn|earns|earned)\b",
    _IA,
)
_CNY_CONTEXT_RE = re.compile(r"yuan|rmb|renminbi|china|chinese|元|人民币", re.IGNORECASE)

# ---------------------------------------------------------------------------------------
# Sentences, years, kinds and subjects.

_SENT_BREAK_RE = re.compile(r"\n+|(?<=[。！？；])|(?<=[.!?])[\"'”’)]*[ \u00a0]+(?=[\"“'(]?[A-Z0-9$£€¥])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "ltd", "st", "jr", "sr", "vs", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "e.g", "i.e", "approx", "est", "fig", "dept", "gov", "sen", "rep"
}
_YEAR_RE = re.compile(r"(?:(?<=FY)|(?<![A-Za-z0-9$€£¥.,]))(?P<y>(?:19|20)[0-9]{2})(?![0-9]|\.[0-9]|,[0-9])")
_RELATIVE_YEAR_RE = re.compile(
    r"\b(?P<w>last|previous|prior|this|current|next|coming)(?:\s+fiscal)?\s+year\b|\ba\s+year\s+(?:ago|earlier)\b"
    r"|(?P<cn>去年|今年|明年)",
    re.IGNORECASE,
)
_RELATIVE_OFFSETS = {"last": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "next": 1,
                     "coming": 1, "去年": -1, "今年": 0, "明年": 1}
_BASE_YEAR_RE = re.compile(
    r"(?:from|since|than|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:the|same|period|year|fiscal|in|of)\s+)*$",
    re.IGNORECASE,
)
_SEGMENT_BREAK_RE = re.compile(r";|；|\bwhile\b|\bwhereas\b|,\s+(?:and|but|which)\b|\bbut\b", re.IGNORECASE)
_FORECAST_RE = re.compile(
    r"\b(?:expect(?:s|ed|ing|ation|ations)?|forecast(?:s|ed|ing)?|project(?:s|ed|ion|ions)|"
    r"predict(?:s|ed|ion|ions)?|estimat(?:e|es|ed)|anticipat(?:e|es|ed)|will|shall|outlook|"
    r"guidance|target(?:s|ed)?|(?:is|are)\s+set\s+to|on\s+track\s+to|likely\s+to|poised\s+to|"
    r"(?:could|may|might)\s+(?:reach|hit|exceed|top)|to\s+reach|by\s+(?:the\s+end\s+of\s+)?20[0-9]{2})\b"
    r"|预计|预期|预测|有望|将|到20[0-9]{2}年",
    re.IGNORECASE,
)
_CHANGE_VERBS = (
    r"increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|gr(?:ew|ow|ows|own|owing)|gain(?:s|ed)?|"
    r"jump(?:s|ed)?|climb(?:s|ed)?|surg(?:e|es|ed)|soar(?:s|ed)?|rall(?:y|ies|ied)|advanc(?:e|es|ed)|"
    r"add(?:s|ed)?|fell|fall(?:s|en)?|drop(?:s|ped)?|declin(?:e|es|ed)|decreas(?:e|es|ed)|slid|"
    r"slip(?:s|ped)?|plung(?:e|es|ed)|plummet(?:s|ed)?|tumbl(?:e|es|ed)|sank|sink(?:s)?|slump(?:s|ed)?|"
    r"lost|los(?:e|es)|shed|dip(?:s|ped)?|eas(?:e|es|ed)|edg(?:e|es|ed)|improv(?:e|es|ed)|"
    r"boost(?:s|ed)?|lift(?:s|ed)?|cut|reduc(?:e|es|ed)|shr(?:ank|ink|inks)|expand(?:s|ed)?|"
    r"doubl(?:e|es|ed)|tripl(?:e|es|ed)|(?<!make )(?<!makes )(?<!made )(?<!making )up|down|higher|lower|growth|gains?|losses?|"
    r"增长|增加|上升|上涨|提升|提高|下降|下跌|减少|降低|同比|环比|增幅|涨幅|增速"
)
# "raised 5%" is a change; "raised $5 billion" is usually a funding round, so money leaves it out.
_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b|(?<=[\u4e00-\u9fff]))(?:{_CHANGE_VERBS}|rais(?:e|es|ed|ing)|hik(?:e|es|ed))(?![a-z])",
    re.IGNORECASE,
)
_CHANGE_AFTER_RE = re.compile(
    r"\s*(?:increase|rise|gain|growth|jump|drop|decline|decrease|fall|surge|higher|lower|more|less|up|"
    r"down|year[\s-]on[\s-]year|yoy|y/y|from\s+a\s+year|on\s+the\s+year|over\s+the\s+(?:previous|prior|"
    r"last|same)|to\b)(?![a-z])",
    re.IGNORECASE,
)
# "up from $9.5 billion": the base a forecast starts from is a reported figure.
_FROM_BEFORE_RE = re.compile(
    r"\b(?:from|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:about|around|nearly|almost|roughly|an?|estimated)\s+)*$",
    re.IGNORECASE,
)
_MONEY_CHANGE_AFTER_RE = re.compile(r"\s*(?:increase|rise|gain|drop|decline|decrease|more|less)\b", re.IGNORECASE)
# "grew 12.5% to $687 billion": the rate and the level it leads to are one statement.
_RATE_TO_LEVEL_RE = re.compile(
    r"\s*,?\s*to\s+(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"an\s+estimated|a\s+record)\s+)*",
    re.IGNORECASE,
)
_LEVEL_RE = re.compile(r"\b(?:to|at|from)\b", re.IGNORECASE)
_MONEY_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_CHANGE_VERBS})|\b(?:increase|rise|gain|drop|decline|decrease|growth|jump|fall|cut)\s+of)"
    r"\s+(?:by\s+)?(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"less\s+than|just|only|as\s+much\s+as|a\s+further|another|an\s+additional)\s+)*$",
    re.IGNORECASE,
)
_METRICS = (
    "market size|market value|market capitalisation|market capitalization|market cap|output value|"
    "net profit|net income|operating profit|operating income|gross profit|net loss|net sales|net worth|"
    "assets under management|capital expenditure|trade deficit|trade surplus|scale|size|revenue|"
    "revenues|sales|turnover|income|profit|profits|earnings|ebitda|output|valuation|value|assets|aum|"
    "investment|investments|spending|capex|exports|imports|shipments|demand|deficit|surplus|debt|gdp|"
    "price|prices|cost|costs|funding|inflows|outflows|dividend|dividends|shares|stock|users|"
    "subscribers|subscription|subscriptions|deliveries|orders|bookings|reserves|budget|loss|losses|"
    "market|industry|penetration|inflation|yield|capacity|volume|fees|salary|pay|bonus|fine|loan|"
    "contract|deal|bonds|notes|number|index|margin|margins"
)
_FOR_METRICS = {"market", "demand"}
_METRIC_RE = re.compile(rf"\b(?:{_METRICS})\b", re.IGNORECASE)
_METRIC_AFTER_RE = re.compile(rf"\s+(?:in|of)\s+(?P<m>{_METRICS})\b", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&-]*")
_STOP = {
    "the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these",
    "those", "of", "in", "on", "at", "by", "for", "from", "to", "with", "and", "or", "but", "as",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "may", "might", "should", "shall", "do", "does", "did", "which", "who", "whose",
    "whom", "than", "then", "also", "it", "they", "we", "he", "she", "said", "says", "according",
    "about", "over", "under", "into", "while", "after", "before", "since", "during", "per", "each",
    "every", "all", "both", "such", "not", "no", "more", "most", "less", "so", "very", "just",
    "only", "up", "down", "there", "here", "what", "when", "where", "how", "expected", "estimated",
    "forecast", "projected", "reach", "reached", "reaches", "hit", "hits", "exceed", "exceeds",
    "exceeded", "total", "totals", "totalled", "totaled", "stood", "stand", "stands", "amount",
    "amounts", "amounted", "come", "comes", "came", "break", "breaks", "broke", "top", "tops",
    "topped", "surpass", "surpasses", "surpassed", "account", "accounts", "accounted", "make",
    "makes", "made", "reported", "report", "reports", "show", "shows", "showed", "valued", "worth",
    "around", "nearly", "almost", "roughly", "approximately", "some", "expect", "expects",
    "forecasts", "projects", "predicts", "sees", "see", "targets", "plans", "plan", "wants", "aims",
    "told", "raise", "raises", "saw", "get", "gets", "got", "give", "gives", "gave", "bring", "brings",
    "brought", "generate", "generates", "generated", "post", "posts", "posted", "record", "records",
}
# Words that carry a clause on from the figure before without naming anything new: "and a
# further 12.5%", "then another $2 billion", "150 million units in 2025 and 180 million in 2027".
_CONTINUATION = {"further", "another", "additional", "extra", "again", "then", "respectively", "even",
                 "still", "yet", "likewise", "similarly", "unit", "units", "pieces", "sets"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_CN_SUBJECT_STOP_RE = re.compile(
    r"预计|预期|将|有望|达到|达|突破|约|同比|环比|增长|增加|下降|为|到|至|在|于|了|超过|超|逾|接近|近|高达|仅|[0-9]")
# What opens a Chinese clause before its subject: "预计2026年", "到2030年", "据…预测".
_CN_LEAD_RE = re.compile(
    r"^(?:据[^，,。]*?(?:预测|统计|测算|显示)|预计|预期|有望|截至|截止|到|至|在|于|[0-9]{4}年(?:前|底|末|内|时)?)+")
_CLAUSE_BREAK_RE = re.compile(r"[，；;：]|[,:](?=\s)")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")

_CURRENCY_UNITS = set(_PREFIX_CODES.values()) | set(_CODE_MAP.values()) | set(_WORD_CURRENCIES.values()) \
    | set(_CN_CURRENCIES.values())


@dataclass(frozen=True)
class Quantity:
    """One quantity as written, in base units (see the module docstring and CONTRACT.md)."""

    text: str
    start: int
    end: int
    value: float
    unit: str  # ISO currency code, "%", "pp" (percentage points), "bp" (basis points), "x" or ""
    year: int | None
    kind: str  # "forecast", "actual", "change", "count" or "other"
    subject: str


class _Cand:
    """A number token while its unit is being worked out."""

    __slots__ = ("end", "has_prefix", "is_int", "num_end", "num_start", "scale", "scale_kind", "source",
                 "start", "unit", "value", "year_like")

    def __init__(self, start: int, end: int, value: float, is_int: bool, source: str) -> None:
        self.start = start  # grows left over a sign or currency prefix
        self.end = end  # grows right over scale, unit and cents
        self.num_start = start
        self.num_end = end
        self.value = value
        self.is_int = is_int
        self.source = source  # "digits", "words" or "cn"
        self.unit = ""
        self.scale = 1.0
        self.scale_kind = ""  # "", "long" ("million", "亿"), "short" ("m", "bn")
        self.year_like = False
        self.has_prefix = False


def _words_to_float(phrase: str) -> float:
    """English number words up to the hundreds: "forty-five", "three hundred and two"."""
    total = 0.0
    part = 0.0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("and", "of", "") or (word in ("a", "an") and part):
            continue  # "half a million", "a quarter of a billion"
        if word == "hundred":
            part = (part or 1.0) * 100
        elif word in ("quarter", "quarters") and part:
            part *= 0.25  # "three quarters"
        else:
            part += _WORD_VALUES.get(word, 0.0)
    return total + part


def _cn_to_float(s: str) -> float:
    """Chinese numerals: "三千亿" -> 3e11, "一亿两千万" -> 1.2e8, "二十五点五" -> 25.5."""
    whole, _, frac = s.partition("点")
    total = section = num = 0.0
    for ch in whole:
        if ch in _CN_DIGITS:
            num = float(_CN_DIGITS[ch])
        elif ch in "十百千":
            section += (num or 1.0) * {"十": 10, "百": 100, "千": 1000}[ch]
            num = 0.0
        elif ch == "万":
            total += (section + num) * 1e4
            section = num = 0.0
        elif ch == "亿":
            total = (total + section + num) * 1e8
            section = num = 0.0
    value = total + section + num
    if frac:
        value += float("0." + "".join(str(_CN_DIGITS.get(ch, 0)) for ch in frac))
    return value


def _candidates(text: str) -> list[_Cand]:
    cands = []
    for m in _NUM_RE.finditer(text):
        raw = m.group()
        digits = raw.replace(",", "")
        if len(digits.replace(".", "")) > 15:  # ids and account numbers, not quantities
            continue
        cands.append(_Cand(m.start(), m.end(), float(digits), "." not in raw, "digits"))
    for m in _WORDNUM_RE.finditer(text):
        cands.append(_Cand(m.start(), m.end(), _words_to_float(m.group()), True, "words"))
    for m in _WORD_FOLD_RE.finditer(text):  # "sixfold", "ten-fold"
        times = _words_to_float(m.group()[:-4].rstrip(" -")) or 100.0  # "hundredfold" has no number word
        c = _Cand(m.start(), m.end(), times, True, "words")
        c.unit = "x"
        cands.append(c)
    for m in _CN_NUM_RE.finditer(text):
        if m.group("pct") is not None:
            p = m.group("pct")
            value = float(p) if p[0].isdigit() else _cn_to_float(p)
            c = _Cand(m.start(), m.end(), value, True, "cn")
            c.unit = "%"
        else:
            c = _Cand(m.start(), m.end(), _cn_to_float(m.group("cn")), True, "cn")
        cands.append(c)
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[_Cand] = []
    for c in cands:
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of spans, as `_in_spans` needs."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _is_ascii_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, math.inf)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)


def _resolve(text: str, c: _Cand, floor: int, chains: list[tuple[int, int]]) -> _Cand | None:
    """Attach sign, currency, scale and unit to one number token; None when it is no quantity."""
    n = len(text)
    s, e = c.num_start, c.num_end
    if c.unit:  # complete already: "百分之二十", "sixfold"
        return c
    if c.source == "cn":
        m = _MULT_RE.match(text, e)
        if m and m.group().strip() == "倍":
            c.unit, c.end = "x", m.end()
            return c
        cm = _CUR_SUFFIX_RE.match(text, e)
        if cm and cm.group("cn"):
            c.unit, c.end = _CN_CURRENCIES[cm.group("cn")], cm.end()
            return c
        return None

    sign = 1.0
    left = s
    if c.source == "digits" and s >= 1 and text[s - 1] in "-+−" and (
            s == 1 or not (text[s - 2].isalnum() or text[s - 2] in "-–.,/")):
        sign = -1.0 if text[s - 1] != "+" else 1.0
        left = s - 1
    prefix_code = ""
    pm = _PREFIX_RE.search(text, max(floor, left - 12), left) if left > floor else None
    if pm:
        key = re.sub(r"[\s.]", "", pm.group()).lower()
        if pm.group().strip() == "人民币":
            key = "人民币"
        scale_prefix = 1.0
        code = _PREFIX_CODES.get(key) or _CODE_MAP.get(key, "")
        if not code and key[:1] in "mk" and key[1:] in _CODE_MAP:  # "MUSD 30", "kEUR 5"
            code, scale_prefix = _CODE_MAP[key[1:]], (1e6 if key[0] == "m" else 1e3)
        if code == "GBP" and key == "ps" and c.is_int and e - s == 1 and not _SCALE_RE.match(text, e):
            code = ""  # "PS5" is a games console; the lossy "£" comes with bigger figures
        if code:
            prefix_code = code
            c.start = pm.start()
            c.scale = scale_prefix
            c.has_prefix = True
            if key in ("¥", "￥") and _CNY_CONTEXT_RE.search(text, max(0, s - 80), min(n, e + 80)):
                prefix_code = "CNY"
    if c.source == "digits":
        prev = text[left - 1] if left >= 1 else ""
        if not prefix_code:
            if _is_ascii_letter(prev):  # product codes and ids: "A100", "H20"
                return None
            if prev in "-–" and left >= 2 and _is_ascii_letter(text[left - 2]):  # "TA-35", "COVID-19"
                return None
        if prev in ":/" and left >= 2 and text[left - 2].isdigit():  # "13:09", "1/2"
            return None
        nxt2 = text[e:e + 2]
        if len(nxt2) == 2 and nxt2[0] in ":/." and nxt2[1].isdigit():
            return None
        if chains and _in_spans(chains, s, e):
            return None
    if c.source == "words" and _is_ascii_letter(text[s - 1] if s else ""):
        return None

    pos = e
    unit = ""
    for regex, name in ((_PP_RE, "pp"), (_BP_RE, "bp"), (_PCT_RE, "%")):
        m = regex.match(text, pos)
        if m:
            unit, pos = name, m.end()
            break
    if not unit:
        m = _MULT_RE.match(text, pos)
        if m and not (m.group().lower().strip() == "times" and _FREQUENCY_RE.match(text, m.end())) \
                and not (c.source == "words" and m.group().lower() in ("x", "×")):
            unit, pos = "x", m.end()
    if unit:
        c.unit, c.end = unit, pos
        c.value *= sign
        c.start = min(c.start, left)
        return c

    scale_word = ""
    m = _SCALE_RE.match(text, pos)
    if m:
        scale_word = (m.group("w") or m.group("s") or m.group("c")).lower()
        if scale_word == "hundred" and c.source == "digits":
            scale_word = ""
        else:
            pos = m.end()
    suffix_code = ""
    cm = _CUR_SUFFIX_RE.match(text, pos)
    if cm:
        after = text[cm.end():cm.end() + 2]
        followed_by_number = bool(re.match(r"[ \u00a0]?[0-9]", after))
        word = (cm.group("word") or "").lower()
        word = re.sub(r"\s+", " ", word)
        ok = True
        if cm.group("sym") and (re.match(r"[0-9]", after) or (prefix_code and followed_by_number)):
            ok = False  # "1 $10": the symbol belongs to the next number
        if (cm.group("code") or word) and prefix_code and followed_by_number:
            ok = False  # "rmb 10 usd 20"
        if word in _WEAK_WORDS and not scale_word:
            ok = word in ("pound", "pounds") and not cm.group().startswith("-") and \
                bool(_MONEY_VERB_RE.search(text, max(0, s - 60), s))
        if ok:
            if cm.group("word"):
                suffix_code = _WORD_CURRENCIES.get(word, "")
            elif cm.group("sym"):
                suffix_code = _SYMBOL_CODES.get(cm.group("sym"), "")
            elif cm.group("code"):
                key = cm.group("code").lower()
                suffix_code = _CODE_MAP.get(key, "")
                if not suffix_code and key[:1] in "mk" and key[1:] in _CODE_MAP:
                    suffix_code = _CODE_MAP[key[1:]]
                    c.scale *= 1e6 if key[0] == "m" else 1e3
            else:
                suffix_code = _CN_CURRENCIES.get(cm.group("cn"), "")
            if suffix_code:
                pos = cm.end()
                if suffix_code == "JPY" and cm.group("sym") and _CNY_CONTEXT_RE.search(
                        text, max(0, s - 80), min(n, pos + 80)):
                    suffix_code = "CNY"
                if not scale_word:
                    m2 = _LONG_SCALE_RE.match(text, pos)  # "75 USD million"
                    if m2:
                        scale_word = m2.group("w").lower()
                        pos = m2.end()
    if pos == e and c.source == "digits" and _is_ascii_letter(text[e:e + 1]):
        return None  # "5G", "22nd", "164p": letters glued to the number, not a unit we know

    if prefix_code in ("USD", "JPY", "CNY") and pm is not None and pm.group().strip() in ("$", "¥", "￥") \
            and suffix_code:
        code = suffix_code  # a bare "$" is the weakest hint: "$1.25 sterling"
    else:
        code = prefix_code or suffix_code
    if scale_word:
        c.scale *= _SCALES[scale_word]
        c.scale_kind = "short" if scale_word in _SHORT_SCALES else "long"
        if c.scale_kind == "short" and not code:
            return None  # "910B", "20m"
    c.unit = code
    c.value = sign * c.value * c.scale
    if code and c.is_int and not scale_word and c.source != "cn":
        cm2 = _CENTS_RE.match(text, pos)
        if cm2:
            cents = cm2.group("n")
            cv = float(cents) if cents[0].isdigit() else _words_to_float(cents)
            if cv < 100:
                c.value += sign * cv / 100
                pos = cm2.end()
    if sign == -1.0 and not c.has_prefix:
        c.start = left
    c.end = pos
    c.year_like = (c.source == "digits" and not code and not scale_word and c.is_int
                   and e - s == 4 and 1800 <= c.value <= 2100)
    return c


def _apply_ranges(text: str, cands: list[_Cand]) -> None:
    """Share units across ranges: "8 or $9", "20-25%", "$5-10 million", "5 to 10 million yuan"."""
    for a, b in pairwise(cands):
        if a.year_like or b.year_like:
            continue
        gap = text[a.end:b.start]
        if len(gap) > 8 or not _RANGE_GAP_RE.fullmatch(gap):
            continue
        hyphen = gap.strip() in ("-", "–", "—")
        if not a.unit and b.unit:
            a.unit = b.unit
            if not a.scale_kind and b.scale_kind and b.unit not in ("%", "x", "pp", "bp"):
                a.value *= b.scale
                a.scale_kind = b.scale_kind
        elif hyphen and a.unit and not b.unit and a.unit not in ("x",):
            b.unit = a.unit
            if not a.scale_kind and b.scale_kind:
                a.value *= b.scale
                a.scale_kind = b.scale_kind


def _keep(text: str, c: _Cand) -> bool:
    """Quantities worth a row: any unit, or a count big enough to be news ("20 million users")."""
    if c.unit:
        return c.source != "words" or c.unit != "x" or c.value > 1
    if c.year_like or c.source == "cn":
        return False
    if c.scale_kind == "long" and c.scale >= 1e3:
        return True
    if c.source == "digits" and c.is_int and c.value >= 1000 and c.start == c.num_start:
        if text[max(0, c.start - 4):c.start].lower() == "per ":
            return False  # "per 1,000 tokens" is a rate's base, not a count
        m = _COUNT_NOUN_RE.match(text, c.end)
        return bool(m and m.group("w").lower() not in _MEASURES)
    return False


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence bounds, only to scope a number's context: "U.S." and "Mr." do not end one."""
    spans = []
    start = 0
    for m in _SENT_BREAK_RE.finditer(text):
        if m.start() <= start:
            continue
        if m.group() and not m.group().startswith("\n"):
            before = text[max(start, m.start() - 12):m.start()]
            word = re.search(r"([A-Za-z.]+)[.!?][\"'”’)]*$", before)
            if word and (len(word.group(1)) == 1 or word.group(1).lower().rstrip(".") in _ABBREVIATIONS):
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _year_mentions(text: str, default_year: int | None) -> list[tuple[int, int, int, bool]]:
    """(start, end, year, is_base) for every year in the text; "from 2022" is a base year."""
    out = []
    for m in _YEAR_RE.finditer(text):
        base = bool(_BASE_YEAR_RE.search(text, max(0, m.start() - 30), m.start()))
        out.append((m.start(), m.end(), int(m.group("y")), base))
    if default_year is not None:
        for m in _RELATIVE_YEAR_RE.finditer(text):
            word = (m.group("w") or m.group("cn") or "last").lower()
            base = bool(_BASE_YEAR_RE.search(text, max(0, m.start() - 30), m.start()))
            out.append((m.start(), m.end(), default_year + _RELATIVE_OFFSETS.get(word, -1), base))
    out.sort()
    return out


def _nearest_year(mentions: list[tuple[int, int, int, bool]], c: _Cand, lo: int, hi: int) -> int | None:
    """The year mentioned nearest to c within [lo, hi); a base year only when there is no other."""
    best: tuple[bool, int] | None = None
    year = None
    for ys, ye, y, base in mentions[bisect_right(mentions, (lo, -1, -1, False)):]:
        if ys >= hi:
            break
        if ye > hi:
            continue
        dist = c.start - ye if ye <= c.start else ys - c.end
        key = (base, max(dist, 0))
        if best is None or key < best:
            best, year = key, y
    return year


def _segment(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """The part of the sentence [lo, hi) that holds pos, cut at ";", "while", ", but", ", which"."""
    seg_lo, seg_hi = lo, hi
    for m in _SEGMENT_BREAK_RE.finditer(text, lo, hi):
        if m.end() <= pos:
            seg_lo = m.end()
        elif m.start() >= pos:
            seg_hi = m.start()
            break
    return seg_lo, seg_hi


_CAGR_RE = re.compile(r"compound(?:ed)? annual (?:growth|increase)(?: rate)?|\bCAGR\b"
                      r"|复合(?:年)?增长率|年复合增(?:长|速)|年均复合", re.I)
_YEAR_IN_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _kind(text: str, c: _Cand, lo: int, hi: int, year: int | None, default_year: int | None,
          previous_end: int) -> str:
    """forecast / change / actual for money, change / forecast / other for rates, forecast / count.

    Change cues are read only after the previous quantity, so "rose 5%, ranking in the top 3%"
    does not make the second figure a change.
    """
    seg_lo, seg_hi = _segment(text, lo, hi, c.start)
    past = year is not None and default_year is not None and year < default_year
    future = year is not None and default_year is not None and year > default_year
    forecast_cue = bool(_FORECAST_RE.search(text, seg_lo, seg_hi)) and not past
    before = text[max(seg_lo, previous_end, c.start - 60):c.start]
    if c.unit == "%" and _CAGR_RE.search(text, max(lo, c.start - 40), min(hi, c.end + 30)):
        # A compound growth rate over years to come is part of the forecast it comes with.
        later = any(default_year is not None and int(y) > default_year for y in _YEAR_IN_RE.findall(text, lo, hi))
        return "forecast" if forecast_cue or future or later else "change"
    if c.unit in ("%", "x", "pp", "bp"):
        cues = list(_CHANGE_BEFORE_RE.finditer(before))
        if cues and not _LEVEL_RE.search(before, cues[-1].end()):
            return "change"
        if _CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "forecast" if forecast_cue else "other"
    if c.unit:
        if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
            return "forecast"
        if _MONEY_CHANGE_BEFORE_RE.search(before) or _MONEY_CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "actual"
    # A count is measured like money: "will ship 48 million units in 2024" is a forecast even in 2024.
    if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
        return "forecast"
    return "count"


def _clean_tokens(tokens: list[str]) -> list[str]:
    return [re.sub(r"['’]s?$", "", t) for t in tokens if t]


def _qualifiers(text: str, lo: int, at: int) -> list[str]:
    """Up to three words right before a metric noun that name whose metric it is."""
    words: list[str] = []
    window = text[max(lo, at - 60):at]
    for m in reversed(list(_TOKEN_RE.finditer(window))):
        tail = window[m.end():]
        if tail.strip():  # punctuation between: a new phrase starts
            break
        window = window[:m.start()]
        tok = m.group()
        low = tok.lower()
        if tok[0].isdigit():
            if tok.isdigit():
                continue  # a year inside the phrase: "Keytruda's 2018 sales"
            break
        if low in _STOP or (low.endswith(("ed", "ly")) and tok.islower()) or _CHANGE_BEFORE_RE.fullmatch(low):
            break
        words.append(tok)
        if len(words) == 3:
            break
    return _clean_tokens(list(reversed(words)))


def _of_phrase(text: str, at: int, limit: int, metric: str = "") -> tuple[list[str], int]:
    """The noun phrase after "of" (at = just after the metric noun): tokens and where it ends.

    A market or a demand is also named with "for": "the global market for humanoid robots".
    """
    linker = r"of|for" if metric.lower() in _FOR_METRICS else r"of"
    m = re.match(rf"\s+(?:{linker})\s+", text[at:limit])
    if not m:
        return [], at
    words: list[str] = []
    pos = at + m.end()
    end = pos
    for tm in _TOKEN_RE.finditer(text, pos, limit):
        if text[end:tm.start()].strip():
            break
        tok = tm.group()
        low = tok.lower()
        if not words and low in _DETERMINERS:
            end = tm.end()
            continue
        if low in _STOP or tok[0].isdigit() or (low.endswith(("ed", "ly")) and tok.islower()) \
                or _CHANGE_BEFORE_RE.fullmatch(low) or low in _CODE_MAP or low in _WORD_CURRENCIES:
            break  # "profit of RMB 3.5bn": the currency is not part of the subject
        words.append(tok)
        end = tm.end()
        if len(words) == 4:
            break
    return _clean_tokens(words), end


def _clause(text: str, lo: int, hi: int, c: _Cand) -> tuple[int, int]:
    """The comma clause of the sentence [lo, hi) that holds quantity c."""
    c_lo, c_hi = lo, hi
    for m in _CLAUSE_BREAK_RE.finditer(text, lo, hi):
        if m.end() <= c.start:
            c_lo = m.end()
        elif m.start() >= c.end:
            c_hi = m.start()
            break
    return c_lo, c_hi


def _unit_class(unit: str) -> str:
    """Money of any currency, rates ("%", "pp", "bp"), multiples or plain counts."""
    if unit in ("%", "pp", "bp"):
        return "%"
    return unit if unit in ("x", "") else "money"


def _elliptical(text: str, lo: int, at: int) -> bool:
    """True when the clause before a number names nothing: "..., and 1.1 trillion in 2030"."""
    for tok in _TOKEN_RE.findall(text, lo, at):
        low = tok.lower()
        if not (low in _STOP or low in _CONTINUATION or tok[0].isdigit() or low in _SCALES
                or _CHANGE_BEFORE_RE.fullmatch(low)
                or _FORECAST_RE.fullmatch(low)):
            return False
    return True


def _subject(text: str, c: _Cand, lo: int, hi: int, previous: str, previous_end: int) -> str:
    """A short name for what is measured, the same for "the scale of X" and "X's scale".

    Only the words between the previous quantity of the sentence (ending at `previous_end`) and
    this one are read, so "A rose 1% and B fell 2%" does not give A to both. When those words
    name nothing ("... to $5bn", "and 1.1 trillion yuan in 2030") the quantity takes `previous`,
    the subject before it, so paired forecasts share one subject.
    """
    if _CJK_RE.search(text, max(lo, c.start - 3), c.start):
        window = range(max(lo, c.start - 40), c.start)
        seg_start = max([lo] + [i + 1 for i in window if text[i] in "，,；;：:。"])
        seg = _CN_LEAD_RE.sub("", text[seg_start:c.start])
        cut = _CN_SUBJECT_STOP_RE.search(seg)
        return (seg[:cut.start()] if cut else seg).strip() or previous
    if c.unit not in ("%", "x", "pp", "bp"):
        am = _METRIC_AFTER_RE.match(text, c.end, hi)  # "$1 billion in sales"
        if am:
            return am.group("m").lower()
    clause_lo = max(_clause(text, lo, hi, c)[0], previous_end)
    found = _metric_phrase(text, lo, clause_lo, c.start)
    if found or not _elliptical(text, clause_lo, c.start):
        return found
    return previous


def _metric_phrase(text: str, lo: int, start: int, end: int) -> str:
    """The last metric phrase in [start, end), such as "China AIGC industry scale"."""
    best: tuple[int, int, str] | None = None
    for m in _METRIC_RE.finditer(text, start, end):
        if best is not None and m.start() < best[1]:
            continue  # nested inside the phrase already taken: "the scale of China's AIGC industry"
        np, np_end = _of_phrase(text, m.end(), end, m.group())
        quals = _qualifiers(text, lo, m.start())
        metric = m.group() if m.group().isupper() and len(m.group()) > 1 else m.group().lower()
        words = np + quals + [metric]
        best = (m.start(), max(np_end, m.end()), " ".join(words))
    return re.sub(r"\s+", " ", best[2]).strip() if best else ""


def _years(text: str, kept: list[_Cand], contexts: list[tuple[int, int, int, int]],
           mentions: list[tuple[int, int, int, bool]], free: list[tuple[int, int, int, bool]]) -> list[int | None]:
    """The year each quantity refers to as the text says it (None when it says none).

    The year nearest in the figure's clause, else in its part of the sentence up to ";", else the
    previous figure's year when the clause just carries that figure on, else anywhere in the
    sentence. A rate that leads to a level ("12.5% to $687 billion in 2025") takes the level's year.
    """
    years: list[int | None] = []
    for k, (c, (lo, hi, clause_lo, clause_hi)) in enumerate(zip(kept, contexts, strict=True)):
        year = _nearest_year(mentions, c, clause_lo, clause_hi)
        seg_lo, seg_hi = _segment(text, lo, hi, c.start)
        if year is None:
            year = _nearest_year(free, c, seg_lo, seg_hi)
        if year is None and k and kept[k - 1].start >= seg_lo \
                and not _FROM_BEFORE_RE.search(text, max(kept[k - 1].end, c.start - 60), c.start):
            # "48 million units in 2024, accounting for 18%", "$37 billion in 2023, an increase of
            # 26%". A base after "from" / "compared with" is another year, so it does not inherit.
            year = years[k - 1]
        if year is None:
            year = _nearest_year(free, c, lo, hi)
        years.append(year)
    for k in range(len(kept) - 1):
        c, nxt = kept[k], kept[k + 1]
        if c.unit in ("%", "pp", "bp") and years[k + 1] is not None and _RATE_TO_LEVEL_RE.fullmatch(
                text, c.end, nxt.start):
            years[k] = years[k + 1]
    return years


def _previous_subject(out: list[Quantity], c: _Cand, lo: int) -> str:
    """The subject an elliptical figure inherits: that of the last figure in the same unit, else the last.

    "16% to $611 billion in 2024 and a further 12.5% to $687 billion in 2025": each dollar figure
    and each rate carries on the one before it.
    """
    last: Quantity | None = None
    for q in reversed(out):
        if q.start < lo:
            break
        if last is None:
            last = q
        if _unit_class(q.unit) == _unit_class(c.unit):
            return q.subject
    return last.subject if last is not None else ""


def find_numbers(text: str, *, default_year: int | None = None) -> list[Quantity]:
    """Every money amount, percentage, multiple and large count in `text`, in text order.

    `default_year` is the year the article was written; it dates "last year" and "next year",
    tells a forecast from a report, and is the year of an actual figure or a change when its
    sentence names none. Never raises on odd text; bad tokens are simply not quantities.
    """
    if not text:
        return []
    chains = [m.span() for m in _CHAIN_RE.finditer(text)]
    resolved: list[_Cand] = []
    last_end = 0
    for c in _candidates(text):
        if c.start < last_end:
            continue
        r = _resolve(text, c, last_end, chains)
        if r is not None:
            resolved.append(r)
            last_end = r.end
    _apply_ranges(text, resolved)
    kept = [c for c in resolved if _keep(text, c) and math.isfinite(c.value)]
    if not kept:
        return []
    sentences = _sentence_spans(text)
    starts = [s for s, _ in sentences]
    spans = [(c.start, c.end) for c in kept]
    mentions = [m for m in _year_mentions(text, default_year) if not _in_spans(spans, m[0], m[1])]
    contexts = []
    for c in kept:
        lo, hi = sentences[max(0, bisect_right(starts, c.start) - 1)]
        # A run-on "sentence" (a table, a list) gives context only near the number; keeps this linear.
        lo, hi = max(lo, c.start - _CONTEXT), min(max(hi, c.end), c.end + _CONTEXT)
        contexts.append((lo, hi, *_clause(text, lo, hi, c)))
    # A year in another figure's clause belongs to that figure ("$5, compared with $1 a year ago").
    clauses = _merge([(a, b) for _, _, a, b in contexts])
    free = [m for m in mentions if not _in_spans(clauses, m[0], m[1])]
    years = _years(text, kept, contexts, mentions, free)
    out: list[Quantity] = []
    for c, year, (lo, hi, _, _) in zip(kept, years, contexts, strict=True):
        previous_end = out[-1].end if out and out[-1].start >= lo else lo
        kind = _kind(text, c, lo, hi, year, default_year, previous_end)
        if year is None and kind in ("actual", "change"):
            year = default_year
        subject = _subject(text, c, lo, hi, _previous_subject(out, c, lo), previous_end)
        out.append(Quantity(text=text[c.start:c.end], start=c.start, end=c.end, value=float(c.value),
                            unit=c.unit, year=year, kind=kind, subject=subject))
    return out


def extract_numbers(text: str, *, default_year: int | None = None) -> pd.DataFrame:
    """`find_numbers` as a DataFrame with the columns in `COLUMNS` (empty, same columns, if none)."""
    rows = find_numbers(text, default_year=default_year)
    df = pd.DataFrame(
        {
            "text": pd.Series([q.text for q in rows], dtype=object),
            "value": pd.Series([q.value for q in rows], dtype="float64"),
            "unit": pd.Series([q.unit for q in rows], dtype=object),
            "year": pd.Series([q.year for q in rows], dtype="Int64"),
            "kind": pd.Series([q.kind for q in rows], dtype=object),
            "subject": pd.Series([q.subject for q in rows], dtype=object),
            "start": pd.Series([q.start for q in rows], dtype="int64"),
            "end": pd.Series([q.end for q in rows], dtype="int64"),
        }
    )
    return df[COLUMNS]
