import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from core import store
from core.analyse.pipeline import analyze
from core.settings import Settings
from core.store.export import copy_csvs, neutralise_cell, safe_frame, to_csv_bytes, zip_store
from core.tables import TABLES


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("AXA SPDB", "AXA SPDB"), ("", ""),
])
def test_formula_cells_are_neutralised(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


def test_negative_numbers_stay_numbers() -> None:
    df = pd.DataFrame({"sentiment": [-0.5, 0.25], "text": ["=1+1", "fine"]})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(df)))
    assert back["sentiment"].tolist() == [-0.5, 0.25]
    assert back["text"].tolist() == ["'=1+1", "fine"]
    assert safe_frame(df)["sentiment"].dtype.kind == "f"


def test_store_export_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    text = "=HYPERLINK(\"http://x\") AI chips slump\n2024-03-01 Source: @Wire\nAI chip sales fell 12% as losses widened.\n"
    db = tmp_path / "news.duckdb"
    with store.connect(db) as con:
        store.add_tables(con, analyze(text, "-evil.txt", Settings(use_model=False)))
        paths = copy_csvs(con, tmp_path / "out")
        archive = zip_store(con)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str, keep_default_na=False)
    assert articles["title"].iloc[0].startswith("'=HYPERLINK")
    assert articles["source"].iloc[0] == "'@Wire" and articles["file_name"].iloc[0] == "'-evil.txt"
    assert "body" not in articles.columns and "simhash" not in articles.columns
    sentences = pd.read_csv(tmp_path / "out" / "sentences.csv")
    assert sentences["sentiment"].min() < 0 and sentences["sentiment"].dtype.kind == "f"
    assert sorted(p.name for p in paths) == sorted(f"{n}.csv" for n in TABLES)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert sorted(zf.namelist()) == sorted(f"{n}.csv" for n in TABLES)
        assert zf.read("articles.csv") == (tmp_path / "out" / "articles.csv").read_bytes()
