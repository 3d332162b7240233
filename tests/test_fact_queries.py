"""The Forecasts page's forecasts-and-baselines query and the Funds page's fund facts, on real
DuckDB files holding our own articles run through the pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from core import analyze, store
from core.settings import DATA_DIR, Settings
from core.store import queries
from core.store.queries import Filters

FAST = Settings(use_model=False)
AXA = "AXA SPDB Investment Managers"
AXA_FUND = "AXA SPDB Global Intelligent Technology (QDII)"

FUND_STORY = """AXA SPDB reports record demand
Shanghai, 2025-03-10

AXA SPDB Global Intelligent Technology (QDII) returned 38.5% last year.
AXA SPDB Global Intelligent Technology (QDII), a 2.4 billion yuan fund, drew 310 million yuan of inflows in February.
AXA SPDB Investment Managers manages 190 billion yuan in total.
The venture plans to invest up to $200 billion over five years.
"""
OLDER_STORY = """AXA SPDB fund grows
Shanghai, 2024-06-01

AXA SPDB Global Intelligent Technology (QDII), a 1.1 billion yuan fund, returned 12% in the first half.
"""
MARKET_STORY = """Robot market outlook
Beijing, 2025-02-01

The global humanoid robot market will grow from $3 billion in 2024 to $38 billion in 2030.
Some 7 humanoid robot makers plan listings this year.
Analysts expect humanoid robot shipments to reach 2 million units in 2030.
"""


@pytest.fixture
def facts_db(tmp_path: Path) -> Path:
    path = tmp_path / "facts.duckdb"
    with store.connect(path) as con:
        for name, text in (("fund.txt", FUND_STORY), ("older.txt", OLDER_STORY), ("market.txt", MARKET_STORY)):
            store.add_tables(con, analyze(text, name, FAST))
    return path


def run(db: Path, name: str, *args: object) -> object:
    return queries.run(db, getattr(queries, name), *args)


def test_forecasts_page_lists_forecasts_and_their_baseline_only(facts_db: Path) -> None:
    shown = run(facts_db, "forecast_numbers", Filters())
    assert set(shown["role"]) == {"forecast", "baseline"}
    assert (shown["subject"].str.len() > 0).all()
    baseline = shown[shown["role"] == "baseline"]
    assert list(zip(baseline["year"], baseline["value"], strict=True)) == [(2024, 3e9)]
    assert "$200 billion" not in set(shown["written_as"])  # a pledge
    assert "7" not in set(shown["written_as"])  # a count that forecasts nothing
    growth = run(facts_db, "forecast_growth", Filters())
    row = growth[growth["to_year"] == 2030].iloc[0]
    assert (row["from_year"], round(row["cagr"], 4)) == (2024, round((38 / 3) ** (1 / 6) - 1, 4))


def test_forecast_points_include_the_baseline_year(facts_db: Path) -> None:
    points = run(facts_db, "forecast_points", Filters())
    market = points[points["subject"].str.contains("humanoid robot market")]
    assert sorted(market["year"].dropna().astype(int)) == [2024, 2030]


def test_fund_facts_give_size_flows_and_returns_with_their_sentence(facts_db: Path) -> None:
    facts = run(facts_db, "fund_facts", Filters(), DATA_DIR, AXA)
    mine = facts[facts["entity"] == AXA_FUND]
    got = {(fact, value) for fact, value in zip(mine["fact"], mine["value"], strict=True)}
    assert {("return", 38.5), ("size", 2.4e9), ("flows", 3.1e8), ("return", 12.0), ("size", 1.1e9)} <= got
    house = facts[facts["entity"] == AXA]
    assert list(zip(house["fact"], house["value"], strict=True)) == [("size", 1.9e11)]
    assert mine["sentence"].str.contains("AXA SPDB Global Intelligent Technology").all()
    assert set(facts["fund_house"]) == {AXA}


def test_latest_fund_facts_keep_the_newest_figure_of_each_fact(facts_db: Path) -> None:
    latest = run(facts_db, "fund_facts", Filters(), DATA_DIR, AXA, True)
    fund = latest[latest["entity"] == AXA_FUND].set_index("fact")
    assert fund.loc["size", "value"] == 2.4e9  # 2025 beats 2024
    assert fund.loc["return", "value"] == 38.5
    assert str(fund.loc["size", "published"])[:10] == "2025-03-10"


def test_fund_facts_follow_the_date_filter(facts_db: Path) -> None:
    older = run(facts_db, "fund_facts", Filters(date_to="2024-12-31"), DATA_DIR)
    assert set(older["value"]) == {1.1e9, 12.0}
