"""Entity mentions: every span of the body that names a gazetteer entity or a new one.

Order of evidence, strongest first:
1. codes the text shows as codes ("NASDAQ:TSLA", "(159819)"), resolved through the gazetteer (`tickers`);
2. gazetteer spellings (curated, generated, pinyin) through spaCy PhraseMatchers (`matcher`);
3. fund names by their grammar around a fund house or an ETF brand, linked to a known fund of
   that house or kept as a new one (`funds`, `funds_zh`, `fund_identity`);
4. people: pinyin names and the words that make someone a manager (`people`);
5. companies by the shape of their names ("Fourier Intelligence"), over the model's word (`shapes`);
6. the trained model's PERSON and ORG, typed by their words (`model`).
Overlaps go to the longest span, except that a fund house inside a fund name is kept too
(`overlaps`). Then, within the article, short forms join what they stand for and a role shown once
holds for every mention of a person (`coreference`), and the names of a list of companies that the
model took for people or missed are companies (`shapes`).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions import coreference
from core.analyse.mentions.funds import find_funds, fund_anchors, quoted_funds, unknown_issuer_funds
from core.analyse.mentions.funds_zh import find_funds_zh
from core.analyse.mentions.matcher import GazetteerMatcher
from core.analyse.mentions.model import model_mentions
from core.analyse.mentions.overlaps import Mention, Spans, resolve_overlaps
from core.analyse.mentions.people import find_managers, find_people_zh, is_staff_credit, pinyin_names
from core.analyse.mentions.shapes import describes_only, listed_names, place_spans, shaped_companies
from core.analyse.mentions.tickers import code_mentions, find_codes

__all__ = ["GazetteerMatcher", "Mention", "find_mentions", "resolve_overlaps"]

_NEXT_NAME_WORD = re.compile(r"['’]?\s?([A-Z][a-z]\w*)")


def _weak(m: Mention) -> bool:
    """A single generated word ("Zhongwei" = 中微 in pinyin): inside a longer name it is that name's."""
    return m.method in ("pinyin", "rule") and " " not in m.surface


def _label_line(text: str, m: Mention) -> bool:
    """Whether a theme word is all of its line: a site's section label ("Media"), not prose."""
    if m.entity_type != "THEME":
        return False
    start = text.rfind("\n", max(0, m.start - 200), m.start) + 1
    end = text.find("\n", m.end, m.end + 200)
    return not text[start:m.start].strip() and not text[m.end:end if end >= 0 else len(text)].strip()


def _house_continued(text: str, house: Mention, fund_starts: set[int], gazetteer: Gazetteer) -> bool:
    """Whether a generated house spelling runs on into another name ("Korea Fund" in "Korea Fund
    Ratings") rather than naming the house or starting one of its funds."""
    if house.method != "rule" or house.start in fund_starts:
        return False
    m = _NEXT_NAME_WORD.match(text, house.end)
    roles = gazetteer.words.get("name_words", "role_words", [])
    return m is not None and m.group(1) not in roles


def find_mentions(doc: Doc, gazetteer: Gazetteer, matcher: GazetteerMatcher) -> list[Mention]:
    """All mentions in a processed doc, strongest evidence first, overlaps resolved, short forms linked."""
    text = doc.text  # built from the tokens on every access: read it once
    chinese = doc.lang_ == "zh"
    codes, exchanges = find_codes(text, gazetteer)
    exchange_spans = Spans(Mention(s, e, "", "", "", "") for s, e in exchanges)
    gaz = [m for m in matcher(doc) if not exchange_spans.overlapping(m) and not _label_line(text, m)]
    people = find_people_zh(text, gazetteer) if chinese else find_managers(text, gazetteer) + pinyin_names(text, gazetteer)
    model = model_mentions(doc, gazetteer, text) if doc.has_annotation("ENT_IOB") else []
    model = [m for m in model if not exchange_spans.overlapping(m)
             and not (m.entity_type == "COMPANY" and describes_only(m.surface, gazetteer))
             and not (m.entity_type == "PERSON" and is_staff_credit(text, m.start, gazetteer))]
    persons = Spans([*people, *(m for m in model if m.entity_type in ("PERSON", "COMPANY"))])
    gaz = [m for m in gaz if not (_weak(m) and any(p.start <= m.start and m.end <= p.end and p.end - p.start > m.end - m.start
                                                  for p in persons.overlapping(m)))]
    houses = [m for m in gaz if m.entity_type == "FUND_HOUSE"]
    bare: list[Mention] = []
    if chinese:
        funds = find_funds_zh(text, houses, gazetteer)
    else:
        others = Spans([*(m for m in gaz if m.entity_type not in ("FUND_HOUSE", "THEME", "FUND")), *people])
        anchors, bare = fund_anchors(text, houses, gazetteer, others)
        funds = find_funds(text, anchors, gazetteer, others)
        taken = Spans([*(m for m in gaz if m.entity_type != "THEME"), *funds, *people])
        issued = unknown_issuer_funds(text, taken, gazetteer)
        funds += [m for m in issued if m.entity_type == "FUND"]
        funds += quoted_funds(text, Spans([*funds, *(m for m in gaz if m.entity_type == "FUND")]))
        bare += [m for m in issued if m.entity_type == "FUND_HOUSE"]
    fund_starts = {f.start for f in funds}
    gaz = [m for m in gaz if not (m.entity_type == "FUND_HOUSE" and _house_continued(text, m, fund_starts, gazetteer))]
    known_codes = code_mentions(codes, text, gazetteer)
    stronger = Spans([*gaz, *funds, *bare, *known_codes])
    people = [m for m in people if not any(not _weak(c) for c in stronger.overlapping(m))]
    shaped = [] if chinese else shaped_companies(text, Spans([*(m for m in stronger if not _weak(m)), *people]), gazetteer)
    stronger = Spans([*stronger, *people])
    model = [m for m in model if not stronger.overlapping(m)]
    # Exact fund spellings beat fuzzy ones; fuzzy ones beat the model's guesses.
    exact_funds = [m for m in gaz if m.entity_type == "FUND"]
    rest = [m for m in gaz if m.entity_type != "FUND"]
    found = resolve_overlaps([*known_codes, *exact_funds, *funds, *bare, *rest, *people, *shaped, *model])
    found = coreference.link_codes(text, found, codes, gazetteer)
    found = sorted([*found, *coreference.short_fund_names(text, found),
                    *coreference.short_house_names(text, found, gazetteer, "zh" if chinese else "en")],
                   key=lambda m: (m.start, m.end))
    found = coreference.listed_companies(text, found, gazetteer)
    if not chinese:
        found = listed_names(text, found, place_spans([(e.start_char, e.end_char, e.label_) for e in doc.ents]), gazetteer)
    return coreference.people(text, found, gazetteer, "zh" if chinese else "en")
