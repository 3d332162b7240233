"""Counts of things, kinds read from the clause, the year written after a figure, and fund facts."""
from __future__ import annotations

import pytest

from core.analyse.numbers import find_numbers


def by_text(text: str, year: int = 2025) -> dict[str, tuple]:
    return {q.text: (q.value, q.unit, q.year, q.kind, q.subject) for q in find_numbers(text, default_year=year)}


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("The index holds 42 companies.", "42", 42, "companies"),
    ("There are now 90 U.S.-issued exchange-traded funds on the theme.", "90", 90, "ETFs"),
    ("Flows went to 36 onshore semiconductor-focused equity funds.", "36", 36, "funds"),
    ("The house runs 12 actively managed products.", "12", 12, "products"),
    ("More than 4500 active equity funds filed reports.", "4500", 4500, "funds"),
    ("The benchmark has 50 constituent stocks.", "50", 50, "stocks"),
    ("市场上共有7只机器人ETF。", "7只", 7, "ETFs"),
    ("该指数共有80只成份股。", "80只", 80, "stocks"),
    ("已有12家公司发布业绩预告。", "12家", 12, "companies"),
    ("基金份额突破128亿份。", "128亿份", 12.8e9, "units"),
    ("全市场共3755个。", "3755个", 3755, ""),
    ("三家公司宣布合作。", "三家", 3, "companies"),
])
def test_counts_of_things_have_the_noun_as_unit(text: str, figure: str, value: float, unit: str) -> None:
    got = by_text(text)[figure]
    assert (got[0], got[1]) == (value, unit)


@pytest.mark.parametrize("text", [
    "The lock-up lasts 3 years.",          # a length of time
    "He weighs 208 pounds.",               # a measure
    "3个月内完成建仓。",                     # 个 before a time word
    "这是一个重要的变化。",                   # 一个 is "a"
    "The 2024 funds report is out.",        # a year
])
def test_durations_measures_and_articles_are_no_counts(text: str) -> None:
    assert not [q for q in find_numbers(text, default_year=2025) if q.unit not in ("%", "x")]


@pytest.mark.parametrize(("text", "figure", "kind", "subject"), [
    # returns are changes whatever verb gives their level
    ("The fund's six-month return came to 61.3%.", "61.3%", "change", "return"),
    ("The ETF posted the best result, returning more than 58%.", "58%", "change", "return"),
    ("Its 41.2% return over the past year ranks second.", "41.2%", "change", "return"),
    ("该基金年内收益率达到35.6%。", "35.6%", "change", None),
    # a fund's size and flows are reported levels, even next to a forecast word
    ("The Alpha Target Fund, a $250 million fund, drew $9.5 million of inflows.", "$250 million", "actual", "assets"),
    ("The Alpha Target Fund, a $250 million fund, drew $9.5 million of inflows.", "$9.5 million", "actual", "inflows"),
    ("The inverse fund lost $1.2 million to outflows.", "$1.2 million", "actual", "outflows"),
    ("Will Carter said the fund had taken in about $2 billion.", "$2 billion", "actual", "inflows"),
    # spending planned for a year not yet over is a forecast; a pledge is neither
    ("The foundry raised its capital expenditure in 2025 to $42 billion.", "$42 billion", "forecast", None),
    ("The venture plans to invest up to $300 billion over four years.", "$300 billion", "other", None),
    ("Some doubt that the full $300 billion will ever be spent.", "$300 billion", "other", None),
])
def test_kind_comes_from_the_clause(text: str, figure: str, kind: str, subject: str | None) -> None:
    got = by_text(text)[figure]
    assert got[3] == kind
    if subject is not None:
        assert got[4] == subject


def test_coordinated_figures_share_their_kind() -> None:
    got = by_text("The two funds' units rose by more than 310% and 290% respectively.")
    assert got["310%"][3] == got["290%"][3] == "change"


def test_rate_that_only_continues_the_ranking_keeps_its_kind() -> None:
    got = by_text("The leader's return came to 74.2%, ahead of the runner-up, the Beta ETF, at 66.1%.")
    assert got["66.1%"][3] == "change"


@pytest.mark.parametrize(("text", "years"), [
    ("Sales will grow from about $80 billion in 2025 to $300 billion in 2030.", {"$80 billion": 2025, "$300 billion": 2030}),
    ("Revenue reached $5bn (2024) and should hit $9bn by 2027.", {"$5bn": 2024, "$9bn": 2027}),
])
def test_a_year_written_after_a_figure_is_that_figures(text: str, years: dict[str, int]) -> None:
    got = by_text(text)
    assert {k: got[k][2] for k in years} == years


def test_forecast_and_its_baseline_in_one_sentence_give_a_growth_rate() -> None:
    from core import extract_numbers
    from core.analyse.forecasts import implied_forecasts

    numbers = extract_numbers("The AI server market will grow from $120 billion in 2024 to $240 billion by 2028.",
                              default_year=2025)
    out = implied_forecasts(numbers.assign(sentence_id=0))
    assert list(zip(out["from_year"], out["to_year"], strict=True)) == [(2024, 2028)]
    assert abs(out["cagr"].iloc[0] - (2 ** 0.25 - 1)) < 1e-9


def test_a_baseline_in_another_sentence_is_not_paired() -> None:
    from core import extract_numbers
    from core.analyse.forecasts import implied_forecasts

    text = ("The AI server market was worth $90 billion in 2023. "
            "A second firm expects the AI server market to reach $200 billion in 2027 and $260 billion in 2029.")
    numbers = extract_numbers(text, default_year=2025)
    numbers["sentence_id"] = [0 if s < text.index("A second") else 1 for s in numbers["start"]]
    out = implied_forecasts(numbers)
    assert list(zip(out["from_year"], out["to_year"], strict=True)) == [(2027, 2029)]


@pytest.mark.parametrize(("text", "figure"), [
    ("With an in-year yield rate of 239.78%, the fund topped the table.", "239.78%"),
    ("In 2007 the fund he managed earned 226.24%.", "226.24%"),
    ("From its base date to February, the interval return of the STAR Market Artificial Intelligence Index was 93.33%.",
     "93.33%"),
    ("The net value growth rate of the A class over one, three and five years was 65.51%, 121.98% and 65.31% "
     "respectively.", "121.98%"),
])
def test_returns_in_translated_fund_reports_are_changes(text: str, figure: str) -> None:
    assert by_text(text)[figure][3] == "change"


def test_revenue_a_deal_could_bring_in_is_a_forecast() -> None:
    got = by_text("The company said the partnership could bring in more than $100 billion of revenue over four years.")
    assert got["$100 billion"][3] == "forecast"


def test_a_quoted_counted_noun_still_counts() -> None:
    assert by_text('The rally has given birth to 19 "doubling funds" since April.')["19"][1] == "funds"


def test_this_period_takes_the_year_of_the_period_dated_before() -> None:
    found = find_numbers("The realized income of this period was 89.2075 million yuan.", default_year=2026,
                         period_year=2025)
    assert found[0].year == 2025
    assert find_numbers("The income of this period was 9 million yuan.", default_year=2026)[0].year == 2026


def test_an_article_s_period_dates_the_figures_of_this_period_in_later_sentences() -> None:
    from core import analyze
    from core.settings import Settings
    tables = analyze("Quarterly report\n\nDuring the report period (October 1 to December 31, 2025), the two classes "
                     "diverged. The realized income of this period of the A class was 89.2075 million yuan.",
                     "fund_report_2026-01-22.txt", Settings(use_model=False))
    row = tables.numbers[tables.numbers["text"] == "89.2075 million yuan"]
    assert int(row["year"].iloc[0]) == 2025
