"""CSV exports that are safe to open in a spreadsheet.

A text cell starting with "=", "+", "-", "@", tab or carriage return is a formula to Excel and
LibreOffice; article text is untrusted, so such cells get a leading apostrophe. Numeric columns
are left alone, so a negative number stays a number.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

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


def write_csvs(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        path = out_dir / f"{name}.csv"
        path.write_bytes(to_csv_bytes(export_columns(name, tables[name])))
        written.append(path)
    return written


def zip_csvs(tables: dict[str, pd.DataFrame]) -> bytes:
    """Every table as CSV in one zip, for the dashboard's full export."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in TABLES:
            zf.writestr(f"{name}.csv", to_csv_bytes(export_columns(name, tables[name])))
    return buf.getvalue()
