"""Growth rates implied by pairs of forecasts of one subject, or by a forecast and its baseline.

An article that says "the market will reach 720 billion yuan in 2028 and 1,144 billion in 2030",
or "will grow from $125.1 billion in 2024 to $222.7 billion by 2028", implies a compound annual
growth rate; the forecast view shows it next to the figures.
"""
from __future__ import annotations

import math
from itertools import pairwise

import pandas as pd

__all__ = ["FORECAST_COLUMNS", "implied_forecasts"]

FORECAST_COLUMNS = ["subject", "unit", "from_year", "from_value", "to_year", "to_value", "cagr", "article_id"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subject": pd.Series(dtype=object),
            "unit": pd.Series(dtype=object),
            "from_year": pd.Series(dtype="int64"),
            "from_value": pd.Series(dtype="float64"),
            "to_year": pd.Series(dtype="int64"),
            "to_value": pd.Series(dtype="float64"),
            "cagr": pd.Series(dtype="float64"),
            "article_id": pd.Series(dtype=object),
        }
    )[FORECAST_COLUMNS]


def implied_forecasts(numbers: pd.DataFrame, article_id: str = "") -> pd.DataFrame:
    """One row per pair of forecasts of the same subject and unit in consecutive forecast years.

    `numbers` has the columns of `extract_numbers` (`value`, `unit`, `year`, `kind`, `subject`),
    in text order. Rows with kind "forecast", a non-empty subject (compared without case) and a
    year are grouped by subject and unit, together with their baseline: the latest "actual"
    figure of the same subject and unit dated before the first forecast year (and, when
    `numbers` has a `sentence_id` column, in a sentence that gives one of the forecasts). When one year has
    several values the first one in the text wins. Pairs are consecutive by year (2026 -> 2028 -> 2030, not 2026 -> 2030), so each
    rate covers one stretch and the stretches chain. `cagr` is (to / from) ** (1 / years) - 1 as a
    fraction; a pair whose values are not both positive has no such rate and is left out.

    If `numbers` has an `article_id` column, pairs never cross articles and each row keeps its own
    id; otherwise every row gets `article_id`.
    """
    needed = {"value", "unit", "year", "kind", "subject"}
    if numbers.empty or not needed <= set(numbers.columns):
        return _empty()
    df = numbers.copy()
    if "article_id" not in df.columns:
        df["article_id"] = article_id
    df["article_id"] = df["article_id"].fillna(article_id).astype(str)
    named = df["subject"].fillna("").astype(str).str.strip().ne("")
    df = df[df["kind"].isin(["forecast", "actual"]) & df["year"].notna() & named]
    if df.empty:
        return _empty()
    df = df.assign(
        _order=range(len(df)),
        _key=df["subject"].astype(str).str.strip().str.casefold(),
        unit=df["unit"].fillna("").astype(str),
        year=df["year"].astype("int64"),
        value=df["value"].astype("float64"),
    )
    rows = []
    for _, group in df.groupby(["article_id", "_key", "unit"], sort=False):
        ahead = group[group["kind"] == "forecast"]
        if ahead.empty:
            continue
        # The baseline: the latest reported figure before the first forecast year ("from $100
        # billion in 2025 to $500 billion in 2030", "up from 200 billion yuan in 2023").
        before = group[(group["kind"] == "actual") & (group["year"] < ahead["year"].min())]
        if "sentence_id" in group.columns:  # said together: a figure elsewhere may have another source
            before = before[before["sentence_id"].isin(ahead["sentence_id"])]
        base = before[before["year"] == before["year"].max()].sort_values("_order").head(1)
        points_df = pd.concat([base, ahead]) if len(base) else ahead
        by_year = points_df.sort_values("_order").drop_duplicates("year", keep="first").sort_values("year")
        subject = str(points_df.sort_values("_order")["subject"].iloc[0]).strip()
        points = list(zip(by_year["year"], by_year["value"], strict=True))
        for (y0, v0), (y1, v1) in pairwise(points):
            if not (v0 > 0 and v1 > 0 and math.isfinite(v0) and math.isfinite(v1)):
                continue
            cagr = (v1 / v0) ** (1.0 / (y1 - y0)) - 1.0
            if not math.isfinite(cagr):
                continue  # a ratio beyond float range says more about the parse than the market
            rows.append({
                "subject": subject, "unit": group["unit"].iloc[0], "from_year": int(y0), "from_value": float(v0),
                "to_year": int(y1), "to_value": float(v1), "cagr": cagr,
                "article_id": group["article_id"].iloc[0],
            })
    if not rows:
        return _empty()
    return pd.DataFrame(rows).astype({"from_year": "int64", "to_year": "int64"})[FORECAST_COLUMNS]
