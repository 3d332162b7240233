import io
import zipfile

import pandas as pd
import pytest

from core.export import neutralise_cell, safe_frame, to_csv_bytes, zip_csvs
from core.tables import TABLES, frame


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


def test_zip_holds_every_table_without_article_bodies() -> None:
    tables = {name: frame(name) for name in TABLES}
    with zipfile.ZipFile(io.BytesIO(zip_csvs(tables))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{n}.csv" for n in TABLES)
        assert "body" not in zf.read("articles.csv").decode().splitlines()[0].split(",")
