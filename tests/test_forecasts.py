"""Tests for core.analyse.forecasts: growth rates implied by pairs of forecasts."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.analyse.forecasts import FORECAST_COLUMNS, implied_forecasts
from core.analyse.numbers import extract_numbers


def numbers(*rows: tuple[float, str, int | None, str, str]) -> pd.DataFrame:
    """A numbers table built in code: (value, unit, year, kind, subject) per row, in text order."""
    return pd.DataFrame(
        {
            "text": [""] * len(rows),
            "value": pd.Series([r[0] for r in rows], dtype="float64"),
            "unit": [r[1] for r in rows],
            "year": pd.Series([r[2] for r in rows], dtype="Int64"),
            "kind": [r[3] for r in rows],
            "subject": [r[4] for r in rows],
        }
    )


PAIR_CASES = [
    # (rows, expected (from_year, to_year, cagr) per output row)
    ([(100.0, "USD", 2025, "forecast", "cloud market"), (121.0, "USD", 2027, "forecast", "cloud market")],
     [(2025, 2027, 0.10)]),
    ([(200.0, "CNY", 2030, "forecast", "robot sales"), (100.0, "CNY", 2026, "forecast", "robot sales")],
     [(2026, 2030, 2 ** 0.25 - 1)]),
    ([(100.0, "USD", 2025, "forecast", "AI capex"), (110.0, "USD", 2026, "forecast", "AI capex"),
      (133.1, "USD", 2028, "forecast", "AI capex")],
     [(2025, 2026, 0.10), (2026, 2028, 0.10)]),
    ([(100.0, "EUR", 2025, "forecast", "Chip Market"), (144.0, "EUR", 2027, "forecast", "chip market")],
     [(2025, 2027, 0.20)]),
]


@pytest.mark.parametrize(("rows", "expected"), PAIR_CASES)
def test_consecutive_forecast_years_give_cagr(rows: list[tuple[float, str, int, str, str]],
                                               expected: list[tuple[int, int, float]]) -> None:
    out = implied_forecasts(numbers(*rows), article_id="a1")
    assert list(out.columns) == FORECAST_COLUMNS
    got = [(int(r.from_year), int(r.to_year), float(r.cagr)) for r in out.itertuples()]
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    assert all(math.isclose(g[2], e[2], rel_tol=1e-9) for g, e in zip(got, expected, strict=True))
    assert set(out["article_id"]) == {"a1"}


NO_PAIR_CASES = [
    ("different units", [(100.0, "USD", 2025, "forecast", "market"), (150.0, "CNY", 2027, "forecast", "market")]),
    ("different subjects", [(100.0, "USD", 2025, "forecast", "servers"), (150.0, "USD", 2027, "forecast", "chips")]),
    ("empty subject", [(100.0, "USD", 2025, "forecast", ""), (150.0, "USD", 2027, "forecast", "")]),
    ("actual figures", [(100.0, "USD", 2022, "actual", "market"), (150.0, "USD", 2023, "actual", "market")]),
    ("same year", [(100.0, "USD", 2027, "forecast", "market"), (150.0, "USD", 2027, "forecast", "market")]),
    ("missing year", [(100.0, "USD", None, "forecast", "market"), (150.0, "USD", 2027, "forecast", "market")]),
    ("non-positive value", [(-5.0, "USD", 2025, "forecast", "market"), (150.0, "USD", 2027, "forecast", "market")]),
]


@pytest.mark.parametrize(("case", "rows"), NO_PAIR_CASES)
def test_unpairable_forecasts_give_no_rows(case: str, rows: list[tuple[float, str, int | None, str, str]]) -> None:
    out = implied_forecasts(numbers(*rows))
    assert out.empty, case
    assert list(out.columns) == FORECAST_COLUMNS


def test_first_value_of_a_year_wins() -> None:
    out = implied_forecasts(numbers(
        (100.0, "USD", 2025, "forecast", "market"),
        (999.0, "USD", 2025, "forecast", "market"),
        (121.0, "USD", 2027, "forecast", "market"),
    ))
    assert len(out) == 1 and out.iloc[0]["from_value"] == 100.0


def test_pairs_never_cross_articles_when_ids_are_given() -> None:
    df = numbers((100.0, "USD", 2025, "forecast", "market"), (121.0, "USD", 2027, "forecast", "market"))
    df["article_id"] = ["a", "b"]
    assert implied_forecasts(df).empty
    df["article_id"] = ["a", "a"]
    assert list(implied_forecasts(df, article_id="ignored")["article_id"]) == ["a"]


@pytest.mark.parametrize("frame", [pd.DataFrame(), extract_numbers(""), pd.DataFrame({"value": [1.0]})])
def test_empty_or_partial_input_gives_empty_frame_with_contract_columns(frame: pd.DataFrame) -> None:
    out = implied_forecasts(frame)
    assert out.empty and list(out.columns) == FORECAST_COLUMNS


def test_forecasts_read_from_text_pair_on_subject_and_unit() -> None:
    text = ("According to a consultancy, the scale of Korea's robotics industry is expected to reach "
            "500 billion won in 2026. It is expected that the scale of Korea's robotics industry will "
            "climb to 800 billion won in 2029.")
    out = implied_forecasts(extract_numbers(text, default_year=2024), article_id="k1")
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["unit"], row["from_year"], row["to_year"]) == ("KRW", 2026, 2029)
    assert "robotics" in row["subject"]
    assert math.isclose(row["cagr"], (800 / 500) ** (1 / 3) - 1, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("text", "unit", "ratio", "years"),
    [
        # a rate between the two levels, and "a further" / "another" carrying the clause on
        ("Gartner expects the global wearables market to grow 9% to $80 billion in 2025 and a further "
         "11% to $88.8 billion in 2026.", "USD", 88.8 / 80, 1),
        ("IDC sees shipments of smart speakers rising to 150 million units in 2025 and another "
         "180 million in 2027.", "units", 180 / 150, 2),
        ("The research firm expects the market for edge AI chips to reach $20 billion in 2026 and "
         "$35 billion in 2028.", "USD", 35 / 20, 2),
    ],
)
def test_elliptical_second_forecast_pairs_with_the_first(text: str, unit: str, ratio: float, years: int) -> None:
    out = implied_forecasts(extract_numbers(text, default_year=2024))
    assert len(out) == 1
    row = out.iloc[0]
    assert row["unit"] == unit and row["to_year"] - row["from_year"] == years
    assert math.isclose(row["cagr"], ratio ** (1 / years) - 1, rel_tol=1e-9)


def test_chinese_forecast_pair_gives_cagr() -> None:
    text = "据机构预测，2026年中国AI芯片市场规模将达1500亿元，2028年将突破2400亿元。"
    out = implied_forecasts(extract_numbers(text, default_year=2024))
    assert len(out) == 1
    assert math.isclose(out.iloc[0]["cagr"], (2400 / 1500) ** 0.5 - 1, rel_tol=1e-9)


_ROW = st.tuples(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from(["USD", "CNY", "%", ""]),
    st.one_of(st.none(), st.integers(min_value=2000, max_value=2040)),
    st.sampled_from(["forecast", "actual", "count"]),
    st.sampled_from(["market", "Market", "", "sales"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, max_size=12))
def test_any_numbers_table_gives_contract_columns_and_finite_rates(rows: list[tuple[float, str, int | None, str, str]]) -> None:
    out = implied_forecasts(numbers(*rows))
    assert list(out.columns) == FORECAST_COLUMNS
    assert all(math.isfinite(c) for c in out["cagr"])
    assert all(f < t for f, t in zip(out["from_year"], out["to_year"], strict=True))
