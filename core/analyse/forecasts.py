"""Growth rates implied by pairs of forecasts of one subject, or by a forecast and its baseline.

An article that says "the market will reach 720 billion yuan in 2028 and 1,144 billion in 2030",
or "will grow from $125.1 billion in 2024 to $222.7 billion by 2028", implies a compound annual
growth rate; the forecast view shows it next to the figures.
"""
from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import pandas as pd

__all__ = ["FORECAST_COLUMNS", "forecast_rows", "implied_forecasts"]

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
    in text order; see `forecast_rows` for the rules. If `numbers` has an `article_id` column,
    pairs never cross articles and each row keeps its own id; otherwise every row gets `article_id`.
    """
    needed = {"value", "unit", "year", "kind", "subject"}
    if numbers.empty or not needed <= set(numbers.columns):
        return _empty()
    records = numbers.astype(object).where(numbers.notna(), None).to_dict("records")
    rows = forecast_rows(records, article_id)
    if not rows:
        return _empty()
    return pd.DataFrame(rows).astype({"from_year": "int64", "to_year": "int64"})[FORECAST_COLUMNS]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def forecast_rows(numbers: list[dict[str, Any]], article_id: str = "") -> list[dict[str, Any]]:
    """The implied growth rates of number rows (dicts with `value`, `unit`, `year`, `kind`,
    `subject`, optionally `article_id` and `sentence_id`), in text order. Plain Python: it runs
    once per article during ingestion, where building data frames cost more than the arithmetic.

    Rows with kind "forecast", a non-empty subject (compared without case) and a year are grouped
    by article, subject and unit, together with their baseline: the latest "actual" figure of the
    same subject and unit dated before the first forecast year (and, when rows carry a
    `sentence_id`, in a sentence that gives one of the forecasts). When one year has several
    values the first one in the text wins. Pairs are consecutive by year (2026 -> 2028 -> 2030,
    not 2026 -> 2030), so each rate covers one stretch and the stretches chain. `cagr` is
    (to / from) ** (1 / years) - 1 as a fraction; a pair whose values are not both positive has
    no such rate and is left out.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in numbers:
        subject = "" if _blank(r.get("subject")) else str(r["subject"]).strip()
        if r.get("kind") not in ("forecast", "actual") or _blank(r.get("year")) or not subject:
            continue
        aid = r.get("article_id")
        unit = "" if _blank(r.get("unit")) else str(r["unit"])
        value = float("nan") if _blank(r.get("value")) else float(r["value"])
        point = {"kind": r["kind"], "year": int(r["year"]), "value": value, "subject": subject,
                 "sentence_id": r.get("sentence_id"), "article_id": article_id if _blank(aid) else str(aid)}
        groups.setdefault((point["article_id"], subject.casefold(), unit), []).append(point)
    rows = []
    for (aid, _, unit), group in groups.items():
        ahead = [p for p in group if p["kind"] == "forecast"]
        if not ahead:
            continue
        # The baseline: the latest reported figure before the first forecast year ("from $100
        # billion in 2025 to $500 billion in 2030", "up from 200 billion yuan in 2023"), said in
        # the same sentence as a forecast: a figure elsewhere may have another source.
        first = min(p["year"] for p in ahead)
        said = {p["sentence_id"] for p in ahead}
        before = [p for p in group if p["kind"] == "actual" and p["year"] < first
                  and (p["sentence_id"] is None or p["sentence_id"] in said)]
        latest = max((p["year"] for p in before), default=None)
        base = [next(p for p in before if p["year"] == latest)] if before else []
        chosen = {id(p) for p in base + ahead}
        in_order = [p for p in group if id(p) in chosen]
        by_year: dict[int, float] = {}
        for p in in_order:
            by_year.setdefault(p["year"], p["value"])
        points = sorted(by_year.items())
        for (y0, v0), (y1, v1) in pairwise(points):
            if not (v0 > 0 and v1 > 0 and math.isfinite(v0) and math.isfinite(v1)):
                continue
            cagr = (v1 / v0) ** (1.0 / (y1 - y0)) - 1.0
            if not math.isfinite(cagr):
                continue  # a ratio beyond float range says more about the parse than the market
            rows.append({"subject": in_order[0]["subject"], "unit": unit, "from_year": y0, "from_value": v0,
                         "to_year": y1, "to_value": v1, "cagr": cagr, "article_id": aid})
    return rows
