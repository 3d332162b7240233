"""The entity a figure is about: the fund, house, company or product its sentence ties it to."""
from __future__ import annotations

import pandas as pd
import pytest

from core.analyse.numbers import find_numbers
from core.analyse.numbers.entity import Named, figure_entities


def about(text: str, names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each figure's text -> its entity, with `names` (surface -> entity, type) as the mentions."""
    mentions = []
    for surface, (entity, type_) in names.items():
        at = text.index(surface)
        mentions.append(Named(at, at + len(surface), entity, type_))
    mentions.sort(key=lambda n: n.start)
    figures = find_numbers(text, default_year=2025)
    found = figure_entities(text, [(q.start, q.end) for q in figures], mentions)
    return {q.text: e for q, e in zip(figures, found, strict=True)}


FUND = "FUND"
HOUSE = "FUND_HOUSE"
COMPANY = "COMPANY"


@pytest.mark.parametrize(("text", "names", "expected"), [
    # the subject of the clause, named before the figure
    ("The Alpha AI Leaders ETF, a $350 million fund, took in $12 million on Tuesday.",
     {"Alpha AI Leaders ETF": ("Alpha AI Leaders ETF", FUND)},
     {"$350 million": "Alpha AI Leaders ETF", "$12 million": "Alpha AI Leaders ETF"}),
    ("Shares of Contoso Robotics climbed from $40 to $52 after the results.",
     {"Contoso Robotics": ("Contoso Robotics", COMPANY)}, {"$40": "Contoso Robotics", "$52": "Contoso Robotics"}),
    # each figure of a ranking goes to the name right before it, not to an earlier one
    ("Beta Chip ETF led with 61.2%, followed by the Gamma Semi Fund (55.4%) and the Delta Memory ETF (49.9%).",
     {"Beta Chip ETF": ("Beta Chip ETF", FUND), "Gamma Semi Fund": ("Gamma Semi Fund", FUND),
      "Delta Memory ETF": ("Delta Memory ETF", FUND)},
     {"61.2%": "Beta Chip ETF", "55.4%": "Gamma Semi Fund", "49.9%": "Delta Memory ETF"}),
    # an opening phrase before the subject
    ("As of June 30, Northwind Asset Management oversaw 1.2 trillion won in ETFs.",
     {"Northwind Asset Management": ("Northwind Asset Management", HOUSE)},
     {"1.2 trillion won": "Northwind Asset Management"}),
    # Chinese: the fund named before its figure
    ("截至6月底，某某人工智能ETF份额已突破45亿份。", {"某某人工智能ETF": ("Mou AI ETF", FUND)}, {"45亿份": "Mou AI ETF"}),
    # both ends of a move belong to the fund that made it, though the house that reports it opens the sentence
    ("Northwind Fund said its Northwind AI Mixed Fund cut its weighting in optical modules from 17% to 9% in June.",
     {"Northwind Fund": ("Northwind Asset Management", HOUSE), "Northwind AI Mixed Fund": ("Northwind AI Mixed", FUND)},
     {"17%": "Northwind AI Mixed", "9%": "Northwind AI Mixed"}),
    # a relative clause is about the name right before its comma, and a benchmark named nowhere is no fund's
    ("The Beta Chip ETF returned 31% this year, ahead of the KOSPI 200 index, which rose 12%.",
     {"Beta Chip ETF": ("Beta Chip ETF", FUND)}, {"31%": "Beta Chip ETF", "12%": ""}),
    # the yardstick a figure is compared with is not the fund's
    ("The Beta Chip ETF returned 31% against 12% for the KOSPI 200 index.",
     {"Beta Chip ETF": ("Beta Chip ETF", FUND)}, {"31%": "Beta Chip ETF", "12%": ""}),
    ("Contoso Robotics' net profit rose 20% to $3 billion, compared with $2.5 billion a year earlier.",
     {"Contoso Robotics": ("Contoso Robotics", COMPANY)},
     {"20%": "Contoso Robotics", "$3 billion": "Contoso Robotics", "$2.5 billion": "Contoso Robotics"}),
    ("The index lagged the Beta Chip ETF, which rose 31%.",
     {"Beta Chip ETF": ("Beta Chip ETF", FUND)}, {"31%": "Beta Chip ETF"}),
])
def test_figure_goes_to_the_entity_its_clause_names(text: str, names: dict, expected: dict) -> None:
    assert about(text, names) == expected


@pytest.mark.parametrize(("text", "names", "figure"), [
    # a source of the figure is not what it is about
    ("According to Fabrikam Research, the global humanoid robot market will reach $38 billion by 2030.",
     {"Fabrikam Research": ("Fabrikam Research", COMPANY)}, "$38 billion"),
    ("Fabrikam Research expects AI server sales to reach $220 billion in 2028.",
     {"Fabrikam Research": ("Fabrikam Research", COMPANY)}, "$220 billion"),
    ("Fabrikam Fund pointed out that shipments of industrial robots fell 4% in the third quarter.",
     {"Fabrikam Fund": ("Fabrikam Fund Management", "FUND_HOUSE")}, "4%"),
    ("Analysts at Fabrikam Securities warned that a correction of 20% cannot be ruled out.",
     {"Fabrikam Securities": ("Fabrikam Securities", COMPANY)}, "20%"),
    ("某某数据显示，截至9月末，机器人ETF总规模达到310亿元。", {"某某数据": ("Mou Data", COMPANY)}, "310亿元"),
    # a company that only says what funds hold
    ("All three leveraged Contoso ETFs closed down 12% on Monday.",
     {"Contoso": ("Contoso Robotics", COMPANY)}, "12%"),
    # a name deep inside a relative clause is not the sentence's subject
    ("The smaller inverse version, which gains when Contoso falls, lost $2 million to outflows.",
     {"Contoso": ("Contoso Robotics", COMPANY)}, "$2 million"),
    # no entity named at all
    ("The market grew 18% last year.", {}, "18%"),
])
def test_figure_without_a_named_subject_has_no_entity(text: str, names: dict, figure: str) -> None:
    assert about(text, names)[figure] == ""


def test_figure_inside_a_fund_name_belongs_to_that_fund() -> None:
    text = "The Acme 2x Long Contoso Daily ETF drew $5 million."
    got = about(text, {"Acme 2x Long Contoso Daily ETF": ("Acme 2x Long Contoso Daily ETF", FUND)})
    assert got == {"2x": "Acme 2x Long Contoso Daily ETF", "$5 million": "Acme 2x Long Contoso Daily ETF"}


def test_analysed_numbers_carry_the_entity_column() -> None:
    """Through the whole pipeline: the gazetteer's canonical name lands in numbers.entity."""
    from core import analyze
    from core.settings import Settings

    text = ("E Fund looks to robots\n\nE Fund manages 2.1 trillion yuan across its funds. "
            "The global robot market will reach $90 billion in 2030, analysts say.")
    numbers = analyze(text, "efund.txt", Settings(use_model=False)).numbers
    by_text = dict(zip(numbers["text"], numbers["entity"], strict=True))
    assert by_text["2.1 trillion yuan"] == "E Fund Management"
    assert pd.isna(by_text["$90 billion"])


def test_a_house_inside_its_fund_name_gives_the_figure_to_the_fund() -> None:
    text = "Acme Robotics Leaders Fund, a 2.4 billion yuan fund, returned 38%."
    got = about(text, {"Acme Robotics Leaders Fund": ("Acme Robotics Leaders Fund", FUND), "Acme": ("Acme Funds", HOUSE)})
    assert set(got.values()) == {"Acme Robotics Leaders Fund"}


def test_a_sentence_opening_on_the_fund_gives_its_figures_to_the_fund_named_before() -> None:
    from core import analyze
    from core.settings import Settings

    text = ("Notes\n\nThe Northwind AI Leaders ETF took in $61 million in May. The fund now manages $4.8 billion. "
            "The ETF charges a management fee of 0.4% a year. The fund industry grew 5% in May.")
    numbers = analyze(text, "notes.txt", Settings(use_model=False)).numbers.set_index("text")
    assert numbers.loc["$4.8 billion", "entity"] == numbers.loc["0.4%", "entity"] == "Northwind AI Leaders ETF"
    assert numbers.loc["0.4%", "subject"] == "management fee"
    assert pd.isna(numbers.loc["5%", "entity"])  # the industry, not the fund
