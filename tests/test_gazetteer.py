from pathlib import Path

import pytest

from core.analyse.gazetteer import build_gazetteer, load_gazetteer, load_words, person_pinyin, pinyin, strip_house_suffix
from core.analyse.spellings import entry_aliases
from core.settings import DATA_DIR


@pytest.mark.parametrize("zh, expected", [("浦银", "Puyin"), ("昇腾", "Shengteng"), ("文生", "Wensheng"), ("910B", "910B")])
def test_pinyin_joins_syllables_of_one_word(zh: str, expected: str) -> None:
    assert pinyin(zh) == expected


def test_person_pinyin_gives_both_name_orders() -> None:
    assert person_pinyin("于瑾") == ["Yu Jin", "Jin Yu"]
    assert person_pinyin("欧阳娜娜")[0] == "Ouyang Nana"


@pytest.mark.parametrize("name, base", [
    ("AXA SPDB Fund", "AXA SPDB"),
    ("Harvest Fund Management Co., Ltd.", "Harvest"),
    ("E Fund Management", "E"),
    ("Bosera", "Bosera"),
])
def test_strip_house_suffix(name: str, base: str) -> None:
    assert strip_house_suffix(name) == base


def test_joint_venture_parts_give_every_order_and_pinyin() -> None:
    entry = {"name": "AXA SPDB Investment Managers", "type": "FUND_HOUSE", "zh": "浦银安盛基金",
             "parts": {"浦银": ["SPDB"], "安盛": ["AXA"]}, "any_order": True}
    spellings = {t for t, _ in entry_aliases(entry, {}, load_words(DATA_DIR))}
    assert {"AXA SPDB", "SPDB AXA", "AXA Puyin", "Puyin AXA", "AXA SPDB Fund", "SPDB AXA Fund Management"} <= spellings


def test_fund_names_are_built_from_every_house_spelling() -> None:
    gaz = build_gazetteer([
        {"name": "Alpha Beta Fund", "type": "FUND_HOUSE", "parts": {"甲乙": ["Alpha"], "丙丁": ["Beta"]}, "any_order": True},
        {"name": "Alpha Beta Robotics ETF", "type": "FUND", "house": "Alpha Beta Fund", "product": "Robotics ETF"},
    ])
    spellings = set(gaz.aliases_of("Alpha Beta Robotics ETF"))
    assert {"Beta Alpha Robotics ETF", "Jiayi Beta Robotics ETF", "Robotics ETF of Beta Alpha"} <= spellings


def test_single_words_match_case_sensitively_but_themes_do_not() -> None:
    gaz = build_gazetteer([
        {"name": "Huawei Ascend", "type": "PRODUCT", "aliases": ["Ascend"]},
        {"name": "Gaming", "type": "THEME", "aliases": ["game"]},
    ])
    by_text = {a.text: a for a in gaz.aliases}
    assert by_text["Ascend"].case_sensitive
    assert not by_text["game"].case_sensitive
    assert "games" in by_text  # plural by rule


def test_user_alias_extends_curated_entity() -> None:
    gaz = load_gazetteer(DATA_DIR, (("AXA SPDB Investment Managers", "FUND_HOUSE", "Pu Yin An Sheng"),))
    assert "Pu Yin An Sheng" in gaz.aliases_of("AXA SPDB Investment Managers")


def test_curated_gazetteer_is_well_formed() -> None:
    gaz = load_gazetteer(Path(DATA_DIR))
    themes = {e.name for e in gaz.of_type("THEME")}
    assert len(themes) >= 25
    for entity in gaz.entities.values():
        assert set(entity.themes) <= themes, f"{entity.name} names an unknown theme"
        if entity.type == "FUND" and entity.house:
            assert gaz.entities[entity.house].type == "FUND_HOUSE", entity.name
    assert not [a for a in gaz.aliases if len(a.text) < 2]


def test_codes_brands_and_role_of_later_entries_join_the_entity() -> None:
    gaz = build_gazetteer([
        {"name": "Acme Robotics", "type": "COMPANY", "aliases": ["Acme"]},
        {"name": "Acme Robotics", "type": "COMPANY", "codes": ["ACMR", "300999"], "role": "research",
         "list_names": ["机器"]},
        {"name": "Beta Asset Management", "type": "FUND_HOUSE"},
        {"name": "Beta Asset Management", "type": "FUND_HOUSE", "brands": ["BETAX"]},
    ])
    acme = gaz.entities["Acme Robotics"]
    assert (acme.codes, acme.role, acme.list_names) == (("ACMR", "300999"), "research", ("机器",))
    assert gaz.entities["Beta Asset Management"].brands == ("BETAX",)
    assert gaz.codes["ACMR"] == "Acme Robotics"


def test_a_code_two_entities_share_names_neither() -> None:
    gaz = build_gazetteer([{"name": "One", "type": "COMPANY", "codes": ["0700"]},
                           {"name": "Two", "type": "COMPANY", "codes": ["0700", "TWO1"]}])
    assert "0700" not in gaz.codes and gaz.codes["TWO1"] == "Two"


@pytest.mark.parametrize("zh, reading", [
    ("东山精密", "Dongshan Precision"), ("沪电股份", "Hudian Shares"), ("工业富联", "Industrial Fulian"),
    ("宁德时代", "Ningde Times"), ("中际旭创", "Zhongji Xuchuang"), ("新易盛", "New Yisheng"),
    ("景旺电子股份有限公司", "Jingwang Electronics"), ("新松机器人", "Xinsong Robot"),
])
def test_chinese_company_names_are_read_word_by_word(zh: str, reading: str) -> None:
    entry = {"name": "Some Company", "type": "COMPANY", "zh": zh}
    assert reading in {t for t, _ in entry_aliases(entry, {}, load_words(DATA_DIR))}


def test_a_name_made_of_ordinary_words_gives_no_reading() -> None:
    entry = {"name": "Some Company", "type": "COMPANY", "zh": "机器人"}
    assert "Robot" not in {t for t, _ in entry_aliases(entry, {}, load_words(DATA_DIR))}


def test_word_lists_are_data_not_entries() -> None:
    words = load_words(DATA_DIR)
    assert {"fund_words", "name_words", "people_words", "company_words"} <= set(words.files)
    assert "Fund Management" in words.house_suffixes
    gaz = load_gazetteer(DATA_DIR)
    assert not [e for e in gaz.entities if e in ("house_suffixes", "surnames")]


def test_every_brand_and_code_points_at_a_known_entity_of_the_right_kind() -> None:
    gaz = load_gazetteer(DATA_DIR)
    assert all(gaz.entities[e].type in ("FUND", "COMPANY", "FUND_HOUSE", "PRODUCT") for e in gaz.codes.values())
    assert {e.type for e in gaz.entities.values() if e.brands} == {"FUND_HOUSE"}
    assert {e.role for e in gaz.entities.values()} <= {"", "regulator", "exchange", "index_provider", "research",
                                                       "broker", "central_bank"}


def test_imported_entries_arrive_as_user_rows() -> None:
    import json
    row = ("Acme AI Fund", "ENTRY", json.dumps({"name": "Acme AI Fund", "type": "FUND", "codes": ["123456"],
                                                "house": "E Fund Management", "aliases": ["Acme AI"]}))
    gaz = load_gazetteer(DATA_DIR, (row,))
    assert gaz.entities["Acme AI Fund"].status == "user"
    assert gaz.codes["123456"] == "Acme AI Fund"


def test_no_spelling_is_a_bare_legal_suffix() -> None:
    """A flow list split at "Co., Ltd." once made "Ltd." a broker's name."""
    import re
    gaz = load_gazetteer(DATA_DIR)
    legal = re.compile(r"(?i)(ltd|inc|co|corp|llc|plc|limited|company|group|holdings?|ag|sa|nv)\.?")
    assert not [a.text for a in gaz.aliases if legal.fullmatch(a.text.strip())]


def test_polyphonic_characters_are_read_both_ways_for_houses_and_people() -> None:
    words = load_words(DATA_DIR)
    house = {"name": "Huatai-PineBridge Fund Management", "type": "FUND_HOUSE", "zh": "华泰柏瑞基金",
             "parts": {"华泰": ["Huatai"], "柏瑞": ["PineBridge"]}, "any_order": True}
    spellings = {t for t, _ in entry_aliases(house, {}, words)}
    assert {"Huatai Bairui", "Huatai Borui"} <= spellings
    assert len(person_pinyin("柏杨")) <= 6  # bounded: a few readings, not every combination


def test_a_chinese_house_name_takes_every_house_suffix() -> None:
    entry = {"name": "Acme Fund Management (China)", "type": "FUND_HOUSE", "zh": "甲乙基金管理(中国)"}
    spellings = {t for t, _ in entry_aliases(entry, {}, load_words(DATA_DIR))}
    assert {"甲乙", "甲乙基金", "甲乙资产管理", "甲乙基金管理"} <= spellings
    assert not [t for t in spellings if "zhongguo" in t.lower()]


def test_a_chinese_legal_name_gives_the_short_form_and_its_reading() -> None:
    entry = {"name": "Inspur Information", "type": "COMPANY", "zh": "浪潮信息", "aliases": ["浪潮电子信息产业股份有限公司"]}
    spellings = {t for t, _ in entry_aliases(entry, {}, load_words(DATA_DIR))}
    assert {"浪潮电子信息产业", "Wave Electronic Information Industry"} <= spellings
