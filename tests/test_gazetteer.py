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
