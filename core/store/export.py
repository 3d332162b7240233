"""CSV exports that are safe to open in a spreadsheet.

A text cell starting with "=", "+", "-", "@", tab or carriage return is a formula to Excel and
LibreOffice; article text is untrusted, so such cells get a leading apostrophe. Numeric columns
are left alone, so a negative number stays a number.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from core.tables import COLUMNS, TABLES

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    return safe_frame(df).to_csv(index=False).encode("utf-8")


def export_columns(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns of a table; the stored body and the SimHash stay out of articles.csv."""
    cols = [c for c in COLUMNS[name] if c not in ("body", "simhash")]
    return df.reindex(columns=cols)


def _safe_sql(column: str, type_: str) -> str:
    """SQL for one column with formula cells neutralised; numbers pass through unchanged."""
    quoted = f'"{column}"'
    if type_.upper() != "VARCHAR":
        return quoted
    return (f"CASE WHEN left({quoted}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
            f"THEN chr(39) || {quoted} ELSE {quoted} END AS {quoted}")


_ORDER = {"articles": "published, article_id", "sentences": "article_id, sentence_id",
          "mentions": "article_id, start, entity", "numbers": "article_id, start",
          "forecasts": "article_id, subject, from_year"}


def copy_csvs(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Every table of the store as formula-safe CSV, written by DuckDB straight from the database,
    so an export of any size streams instead of passing through pandas."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = ?", [name]).fetchall())
        cols = [c for c in COLUMNS[name] if c not in ("body", "simhash")]
        select = ", ".join(_safe_sql(c, str(types.get(c, "VARCHAR"))) for c in cols)
        path = out_dir / f"{name}.csv"
        target = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT {select} FROM {name} ORDER BY {_ORDER[name]}) TO '{target}' (HEADER)")
        written.append(path)
    return written


def zip_store(con: duckdb.DuckDBPyConnection) -> bytes:
    """Every table as CSV in one zip, from the files `copy_csvs` writes."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = copy_csvs(con, Path(tmp))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, path.name)
        return buf.getvalue()
