"""Whole tables, counts and the integrity check: what tests, the CLI and exports ask of a store."""
from __future__ import annotations

import duckdb
import pandas as pd

from core.tables import COLUMNS, frame


def read_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """A whole table with the contract's columns, ordered for stable exports."""
    if name not in COLUMNS:
        raise ValueError(f"unknown table {name!r}")
    order = {"articles": "published, article_id", "sentences": "article_id, sentence_id",
             "mentions": "article_id, start, entity", "numbers": "article_id, start",
             "forecasts": "article_id, subject, from_year"}[name]
    cols = ", ".join(f'"{c}"' for c in COLUMNS[name])
    df = con.execute(f"SELECT {cols} FROM {name} ORDER BY {order}").df()
    return df if len(df) else frame(name)


def count_articles(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])


def check_integrity(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Problems that would mean a partly written or doubled article; empty when the store is sound."""
    checks = {
        "articles without sentences":
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.article_id)",
        "rows of articles that are not stored": " + ".join(
            f"(SELECT count(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = x.article_id))"
            for t in ("sentences", "mentions", "numbers", "forecasts")).join(["SELECT ", ""]),
        "articles stored twice": "SELECT count(*) - count(DISTINCT content_sha256) FROM articles",
        "sentences stored twice": "SELECT count(*) - count(DISTINCT (article_id, sentence_id)) FROM sentences",
    }
    problems = []
    for what, sql in checks.items():
        n = int(con.execute(sql).fetchall()[0][0])
        if n:
            problems.append(f"{n} {what}")
    return problems
