"""Plain-English words for what the database stores, and text made safe for where it is shown.

Names, titles and sentences come from articles, which nobody vetted: `md` makes them inert in
Streamlit's markdown, `plain` in plotly's labels (which understand a few HTML tags).
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

ENTITY_LABELS = {
    "FUND_HOUSE": "Fund house", "FUND": "Fund", "MANAGER": "Fund manager", "COMPANY": "Company",
    "PRODUCT": "Product", "THEME": "Theme", "PERSON": "Person", "ORG": "Organisation",
}
METHOD_LABELS = {
    "gazetteer": "name in the gazetteer", "alias": "listed spelling", "pinyin": "pinyin spelling",
    "rule": "generated spelling", "fuzzy": "close spelling (fuzzy)", "pattern": "text pattern",
    "model": "language model",
}
PERIOD_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter", "year": "Year"}
TONE_LABELS = {"positive": "Positive", "negative": "Negative", "neutral": "Neutral"}


def type_label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, entity_type.replace("_", " ").capitalize())


def method_label(method: str) -> str:
    return METHOD_LABELS.get(method, method)


def period_label(period: str) -> str:
    return PERIOD_LABELS.get(period, period)


def tone_label(label: object) -> str:
    return TONE_LABELS.get(str(label), "")


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 sentence", "12 sentences", "1,204 articles"."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


# Characters that mean something to Streamlit's markdown: CommonMark's punctuation, "$" (LaTeX),
# ":" (emoji short codes and colour directives) and "~" (strike-through).
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:=&\"'^%")


def md(text: object) -> str:
    """Text from the database made inert inside st.markdown, st.caption, st.subheader and the
    like: a source or entity name comes from an article and must show as written."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text)).replace("\n", " ")


def plain(text: object) -> str:
    """A name safe for plotly, whose labels understand a few HTML tags: angle brackets become
    look-alikes, so a name taken from article text cannot turn into markup."""
    return str(text).replace("<", "‹").replace(">", "›")


def short(text: object, width: int = 34) -> str:
    text = plain(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def period_name(day: date | pd.Timestamp, period: str) -> str:
    """How a period starting on `day` is called: "Feb 2024", "Q1 2024", "week of 05 Feb 2024"."""
    if period == "week":
        return f"week of {day:%d %b %Y}"
    if period == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return f"{day:%Y}" if period == "year" else f"{day:%b %Y}"


def day_name(value: object) -> str:
    """"2024-02-28" for a date, "no date" for a missing one."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "no date"
    return str(value)[:10]


def scale(value: float) -> tuple[float, str]:
    """A divisor and word that make an amount readable: 720200000000 -> (1e9, "billion")."""
    size = abs(float(value)) if value == value else 0.0  # NaN -> 0
    for divisor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if size >= divisor:
            return divisor, word
    return 1.0, ""


def amount(value: float | None, unit: str) -> str:
    """720200000000, "CNY" -> "720.2 billion CNY"; 26.5, "%" -> "26.5 %"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "%":
        return f"{value:g} %"
    divisor, word = scale(value)
    if divisor < 1e6:  # "1,000 vehicles", not "1 thousand"
        divisor, word = 1.0, ""
    number = f"{value / divisor:,.4g}" if divisor > 1 else f"{value:,.10g}"
    return " ".join(p for p in (number, word, unit) if p)


def tone_score(value: object) -> str:
    """+0.42 / −0.30 / "" for a sentence without a score."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):+.2f}".replace("-", "−")  # type: ignore[arg-type]
