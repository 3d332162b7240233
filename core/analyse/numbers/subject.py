"""What an amount measures, as a short name: "China AIGC industry scale", the same for "the scale of X" and "X's scale"."""
from __future__ import annotations

import re

from core.analyse.numbers.context import _clause
from core.analyse.numbers.cues import _CHANGE_BEFORE_RE, _FORECAST_RE
from core.analyse.numbers.tokens import Quantity, _Cand
from core.analyse.numbers.units import _CODE_MAP, _SCALES, _WORD_CURRENCIES
from core.datafiles import read_yaml
from core.settings import DATA_DIR

_WORDS = read_yaml(DATA_DIR / "numbers.yaml")
_METRICS = "|".join(sorted((re.escape(str(w)) for w in _WORDS["metrics"]), key=len, reverse=True))
_FOR_METRICS = set(_WORDS["metrics_with_for"])
_IN_METRICS = set(_WORDS["metrics_with_in"])
_METRIC_RE = re.compile(rf"\b(?:{_METRICS})\b", re.IGNORECASE)
# "$1 billion in sales", "1.26 billion yuan in its initial offering"
_METRIC_AFTER_RE = re.compile(rf"\s+(?:in|of)\s+(?:(?:its|the|their|his|her)\s+)?(?P<m>{_METRICS})\b", re.IGNORECASE)
# The noun right after a figure: "a 4.5% stake", "40 times forward earnings"
_METRIC_NEXT_RE = re.compile(rf"\s+(?P<m>(?:(?:forward|trailing|expected|estimated)\s+)?(?:{_METRICS}))\b(?!-)",
                             re.IGNORECASE)
# A clause that opens with a relative pronoun after a comma is about the noun before the comma:
# "the CSI 300 index, which rose 14.2%".
RELATIVE_RE = re.compile(r"\s*(?:which|that)\s", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&-]*")
_STOP = set(_WORDS["subject_stop_words"])
_CONTINUATION = set(_WORDS["continuation_words"])
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_CN_SUBJECT_STOP_RE = re.compile(
    r"预计|预期|将|有望|达到|达|突破|约|同比|环比|增长|增加|下降|上涨|下跌|上调|下调|累计|年内|分别|合计|共有|已|"
    r"为|到|至|在|于|了|超过|超|逾|接近|近|高达|仅|[0-9]")
# What opens a Chinese clause before its subject: "预计2026年", "到2030年", "据…预测".
_CN_LEAD_RE = re.compile(
    r"^(?:据[^，,。]*?(?:预测|统计|测算|显示)|预计|预期|有望|截至|截止|到|至|在|于|[0-9]{4}年(?:前|底|末|内|时)?)+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CN_COMPARED_RE = re.compile(r"较|比|相比|相较|对比|同比|环比")


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
            if re.fullmatch(r"(?:19|20)\d\d", tok):
                continue  # a year inside the phrase: "Keytruda's 2018 sales"
            name = window.rstrip().rsplit(None, 1)[-1:]
            if not (tok.isdigit() and not words and name and name[0][:1].isupper()):
                break  # but a number after a capitalised word names an index: "CSI 300 index", "KOSPI 200"
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
    linker = "|".join(["of"] + ["for"] * (metric.lower() in _FOR_METRICS) + ["in"] * (metric.lower() in _IN_METRICS))
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


# A figure given as the yardstick of the one before: "gained 41.6%, compared with 12.3% for the KOSPI"
COMPARED_RE = re.compile(r"(?:compared\s+(?:with|to)|versus|vs\.?|against|than)\s+(?:(?:about|around|nearly|just|only)\s+)?$",
                         re.IGNORECASE)
_YARDSTICK_RE = re.compile(r"\s+(?:for|of|in)\s+(?:the\s+)?(?P<name>[A-Z][\w&-]*(?:\s+(?:[A-Z0-9][\w&-]*|index))*)")


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
        if _CN_COMPARED_RE.match(seg):  # "较二季度末增长37.5%": measured against an earlier figure of the same
            return previous
        cut = _CN_SUBJECT_STOP_RE.search(seg)
        return (seg[:cut.start()] if cut else seg).strip() or previous
    if c.unit not in ("%", "x", "pp", "bp"):
        am = _METRIC_AFTER_RE.match(text, c.end, hi)  # "$1 billion in sales"
        if am:
            return am.group("m").lower()
    noun = _METRIC_NEXT_RE.match(text, c.end, hi)  # "a 4.5% stake in Cambricon", "a $2 billion investment"
    if noun and c.unit:
        head = noun.group("m").lower().split()[-1]
        np, _ = _of_phrase(text, noun.end(), hi, head)
        return " ".join([noun.group("m").lower(), *(["in" if head in _IN_METRICS else "of"] + np if np else [])])
    if previous_end > lo and COMPARED_RE.search(text, previous_end, c.start):
        named = _YARDSTICK_RE.match(text, c.end, hi)  # "... compared with 12.3% for the KOSPI"
        return named.group("name") if named else previous
    clause_lo = max(_clause(text, lo, hi, c)[0], previous_end)
    found = _metric_phrase(text, lo, clause_lo, c.start)
    comma = text.rfind(",", lo, clause_lo)
    if not found and comma >= previous_end and RELATIVE_RE.match(text, comma + 1, c.start):
        # the clause is about the noun before its comma: "the CSI 300 index, which rose 14.2%"
        found = _metric_phrase(text, lo, max(lo, previous_end, text.rfind(",", lo, comma) + 1), comma)
    if found or not _elliptical(text, clause_lo, c.start):
        return found
    return previous


_NAME_WORD_BEFORE_RE = re.compile(r"[A-Z][\w&-]*\s+$")


def _inside_name(text: str, start: int, end: int) -> bool:
    """True for a capitalised word after another one, in a sentence not written in title case:
    part of a name ("the Yinhua Robot Industry Fund", "Mirae Asset Global Investments said").
    In a title-case headline ("AI Market Size To Reach $5 Billion") nothing tells names apart."""
    if not text[start].isupper() or text[start:end].isupper() \
            or not _NAME_WORD_BEFORE_RE.search(text, max(0, start - 30), start):
        return False
    # the sentence around the word (a run-on text without stops may be megabytes long)
    words = [w for w in _TOKEN_RE.findall(text, max(0, start - 200), end + 200) if not w[0].isdigit()]
    return sum(w[0].isupper() for w in words) < 0.5 * len(words)


def _metric_phrase(text: str, lo: int, start: int, end: int) -> str:
    """The last metric phrase in [start, end), such as "China AIGC industry scale"."""
    best: tuple[int, int, str] | None = None
    for m in _METRIC_RE.finditer(text, start, end):
        if best is not None and m.start() < best[1]:
            continue  # nested inside the phrase already taken: "the scale of China's AIGC industry"
        if _inside_name(text, m.start(), m.end()):
            continue  # "the Yinhua Robot Industry Fund": a word of a name, not what is measured
        np, np_end = _of_phrase(text, m.end(), end, m.group())
        quals = _qualifiers(text, lo, m.start())
        metric = m.group() if m.group().isupper() and len(m.group()) > 1 else m.group().lower()
        words = np + quals + [metric]
        best = (m.start(), max(np_end, m.end()), " ".join(words))
    return re.sub(r"\s+", " ", best[2]).strip() if best else ""


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
