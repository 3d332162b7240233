"""The Funds page's facts (size, flows, returns, with the sentence behind each) and the Forecasts
page's list of forecasts and baselines, through AppTest on real databases: the seed, and the seed
with a fund desk's stories (tests/newsserver.py) ingested as the HTML files they are."""
from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.run import INGESTED, ingest_paths
from core.settings import Settings
from tests.newsserver import FUND_DESK, article_html
from tests.test_app import frame_with, open_page, texts
from ui import nav

EFUND, EFUND_AI = "E Fund Management", "E Fund CSI Artificial Intelligence Theme ETF"
CHINAAMC, CHINAAMC_AI = "China Asset Management", "ChinaAMC CSI Artificial Intelligence Theme ETF"


@pytest.fixture(scope="module")
def desk_master(seed_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("desk") / "stories"
    folder.mkdir()
    for slug, story in FUND_DESK.items():
        (folder / f"{slug}.html").write_bytes(article_html(*story))
    path = folder.parent / "news.duckdb"
    shutil.copy(seed_master, path)
    assert {r.status for r in ingest_paths([folder], Settings(db_path=path))} == {INGESTED}
    return path


@pytest.fixture
def desk_db(desk_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "news.duckdb"
    shutil.copy(desk_master, path)
    monkeypatch.setenv("NEWS_DB", str(path))
    return path


def values(array: list | dict) -> list[float]:
    """A plotly array from the chart's JSON: a list, or typed binary data (`bdata`)."""
    if isinstance(array, list):
        return [round(v, 6) for v in array]
    return [round(float(v), 6) for v in np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])]


def test_funds_page_gives_a_funds_latest_size_flows_and_return_with_the_sentence(desk_db: Path) -> None:
    at = open_page(nav.FUNDS.path, house=EFUND)
    latest = frame_with(at, "figure").set_index("kind")
    assert set(latest["entity"]) == {EFUND_AI}
    # The newest of each: January's size and flow, October's return (January gave none).
    assert latest.loc["Size", "figure"] == "6.1 billion CNY" and str(latest.loc["Size", "published"])[:10] == "2025-01-08"
    assert latest.loc["Flows", "figure"] == "inflow of 350 million CNY"
    assert latest.loc["Return", "figure"] == "24.6 %"
    assert latest.loc["Return", "sentence"].startswith("E Fund CSI Artificial Intelligence Theme ETF returned 24.6%")
    assert latest["read"].str.match(r"\./articles\?id=\w+&s=\d+$").all()
    sizes = next(c for c in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                 if c["layout"]["title"]["text"].startswith("Size of the funds of"))
    assert [(t["name"], values(t["y"])) for t in sizes["data"]] == [(EFUND_AI, [5.2, 6.1])]  # billion CNY, oldest first
    every = next(d.value for d in at.dataframe if "figure" in d.value.columns and len(d.value) > len(latest))
    assert len(every) == 5 and "inflow of 640 million CNY" in set(every["figure"])


def test_funds_page_says_a_flow_out_is_an_outflow_and_keeps_the_houses_own_size(desk_db: Path) -> None:
    at = open_page(nav.FUNDS.path, house=CHINAAMC)
    latest = frame_with(at, "figure")
    rows = {(e, k): f for e, k, f in zip(latest["entity"], latest["kind"], latest["figure"], strict=True)}
    assert rows[(CHINAAMC_AI, "Flows")] == "outflow of 210 million CNY"
    assert rows[(CHINAAMC, "Size")] == "1.8 trillion CNY"


def test_funds_page_follows_the_date_filter_and_says_when_no_fact_is_given(desk_db: Path) -> None:
    at = open_page(nav.FUNDS.path, house=EFUND, published=["2024-10-01", "2024-10-31"])
    latest = frame_with(at, "figure").set_index("kind")
    assert latest.loc["Size", "figure"] == "5.2 billion CNY"  # January's article is outside the range
    at = open_page(nav.FUNDS.path, house="AXA SPDB Investment Managers")
    assert "No article under these filters gives a size, flow, return or fee" in texts(at)


def test_forecasts_page_lists_forecasts_and_baselines_with_subject_and_entity(seed_db: Path) -> None:
    at = open_page(nav.FORECASTS.path)
    table: pd.DataFrame = frame_with(at, "role")
    assert set(table["role"]) <= {"Forecast", "Baseline"} and "entity" in table.columns
    assert (table["subject"].str.len() > 0).all()
    assert "China AIGC industry scale" in set(table["subject"])
    assert "Every forecast, and the baselines growth rates start from" in texts(at)
