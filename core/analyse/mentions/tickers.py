"""Tickers and fund or stock codes in text, resolved through the gazetteer's `codes`.

A code is read only where the text shows it is one, because short tickers are also words ("AI",
"NOW") and four-digit codes also years: after an exchange ("NASDAQ:TSLA", "HKEX: 0700"), before an
exchange suffix ("NVDL.O", "688256.SH"), in brackets ("(159819)", "(Class A 014880, Class C
014881)", "（NVDA）"), after the word "ticker" or "code", or right before "ETF" ("SMH ETF"). The
exchange itself is no mention. A code in brackets that the gazetteer does not know names what stands
before the bracket; `coreference` links it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.overlaps import Mention

_CODE = r"[A-Z]{1,6}|\d{4,6}|[A-Z0-9]{2,6}"
_BRACKET = re.compile(r"[(（]([^()（）\n]{1,160})[)）]")
_PIECE = re.compile(r"^(?:(?:Class|class|share class)\s+[A-Z]\s*[:：]?\s*|[A-Z]\s*(?:类|份额)\s*[:：]?\s*|[A-Z]\s*[:：]\s*|"
                    r"(?:ticker|code|symbol|代码)\s*[:：]?\s*)?(?P<prefix>[A-Za-z ]{2,12}\s*[:：]\s*)?"
                    rf"(?P<code>{_CODE})(?P<suffix>\.[A-Z]{{1,3}})?$")
_TICKER_WORD = re.compile(rf"\b(?:ticker|symbol|(?:fund |stock )?code)s?\s*[:：]?\s*(?P<code>{_CODE})\b")
# A piece of a bracket that says what its code is ("subscription code: 589013", "交易代码：159819"),
# among pieces that are no codes ("on-site abbreviation: ...").
_LABELLED = re.compile(rf"^(?:[A-Za-z\-]+\s+)?(?:ticker|symbol|code|代码)\s*[:：]?\s*(?P<code>{_CODE})"
                       r"(?P<suffix>\.[A-Z]{1,3})?$|^[\u3400-\u9fff]{0,4}代码\s*[:：]?\s*(?P<zh>\d{6})$")


@dataclass(frozen=True)
class Code:
    """A code as written: where it is, the entity the gazetteer gives it ("" when unknown), and
    whether it stood in brackets right after a name (an abbreviation of the words before it is
    no code: "artificial intelligence (AI)")."""

    start: int
    end: int
    code: str
    entity: str
    bracketed: bool
    abbreviation: bool = False
    bracket: int = -1  # where its bracket opens


@lru_cache(maxsize=8)
def _patterns(gazetteer: Gazetteer) -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    words = gazetteer.words
    prefixes = {str(p) for p in words.get("name_words", "exchange_prefixes", [])}
    for e in gazetteer.entities.values():
        if e.role == "exchange":
            prefixes |= {c for c in e.codes if c.isalpha()}
    suffixes = sorted({str(s) for s in words.get("name_words", "exchange_suffixes", [])}, key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    ends = "|".join(suffixes)
    prefixed = re.compile(rf"(?<![\w-])(?P<prefix>(?:{alternation}))\s?[:：]\s?(?P<code>{_CODE})(?:\.(?:{ends}))?\b")
    suffixed = re.compile(rf"(?<![\w.-])(?P<code>[A-Z]{{1,6}}|\d{{4,6}})\.(?:{ends})\b")
    return prefixed, suffixed, frozenset(prefixes)


def is_abbreviation(code: str, before: str) -> bool:
    """Whether `code` is made of the initials of the words just before it ("return on equity (ROE)")."""
    if not code.isalpha() or len(code) < 2:
        return False
    words = re.findall(r"[A-Za-z]+", before[-120:])
    initials = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in ("of", "on", "and", "the", "for", "in")).upper()
    return initials.endswith(code.upper()) or content.endswith(code.upper())


def _resolve(code: str, gazetteer: Gazetteer) -> str:
    return gazetteer.codes.get(code) or gazetteer.codes.get(code.lstrip("0") if code.isdigit() else code, "")


def find_codes(text: str, gazetteer: Gazetteer) -> tuple[list[Code], list[tuple[int, int]]]:
    """Every code the text shows as one, and the spans of exchange names written before codes."""
    prefixed, suffixed, _ = _patterns(gazetteer)
    codes: dict[int, Code] = {}
    exchanges: list[tuple[int, int]] = []
    for m in prefixed.finditer(text):
        codes[m.start("code")] = Code(m.start("code"), m.end(), m["code"], _resolve(m["code"], gazetteer), False)
        exchanges.append((m.start("prefix"), m.end("prefix")))
    for m in suffixed.finditer(text):
        if m.start("code") not in codes:
            codes[m.start()] = Code(m.start(), m.end(), m["code"], _resolve(m["code"], gazetteer), False)
    for m in _TICKER_WORD.finditer(text):
        entity = _resolve(m["code"], gazetteer)
        if entity and m.start("code") not in codes:
            codes[m.start("code")] = Code(m.start("code"), m.end("code"), m["code"], entity, False)
    for m in _BRACKET.finditer(text):
        inner = m.group(1)
        pieces = re.split(r"\s*[,/、;，；]\s*|\s+and\s+", inner.strip())
        parsed = [_PIECE.match(p) for p in pieces]
        if not all(parsed):  # codes said to be codes among other notes ("abbreviation: ..., code: 589013")
            parsed = [_LABELLED.match(p) for p in pieces]
        if not any(parsed) or not any(ch.isupper() or ch.isdigit() for ch in inner):
            continue
        cursor = 0
        for piece, hit in zip(pieces, parsed, strict=True):
            at = m.start(1) + inner.index(piece, cursor)
            cursor = at - m.start(1) + len(piece)
            if hit is None:
                continue
            group = "zh" if hit.groupdict().get("zh") else "code"
            start, code = at + hit.start(group), hit[group]
            if code.isdigit() and len(code) == 4 and not code.startswith("0") and not hit.groupdict().get("prefix"):
                continue  # a year, not a Hong Kong or Tokyo code
            abbreviation = len(pieces) == 1 and is_abbreviation(code, text[max(0, m.start() - 120):m.start()])
            old = codes.get(start)
            entity = old.entity if old else "" if abbreviation else _resolve(code, gazetteer)
            end = old.end if old else start + len(code) + len(hit.groupdict().get("suffix") or "")
            codes[start] = Code(start, end, code, entity, True, abbreviation and not old, m.start())
            if hit.groupdict().get("prefix"):
                exchanges.append((at + hit.start("prefix"), at + hit.start("prefix") + len(hit["prefix"].rstrip(" :："))))
    return sorted(codes.values(), key=lambda c: c.start), exchanges


def code_mentions(codes: list[Code], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the codes the gazetteer knows."""
    out = []
    for c in codes:
        if c.entity:
            out.append(Mention(c.start, c.end, text[c.start:c.end], c.entity, gazetteer.entities[c.entity].type, "code"))
    return out
