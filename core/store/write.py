"""Writes: whole articles in one transaction each, content hash as identity, near-duplicates linked."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.analyse.dedup import NEAR_BITS
from core.tables import COLUMNS, TABLES, Tables


def mark_near_duplicates(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Point each of `article_ids` at the first stored copy of the same story, if there is one.
    Runs inside the caller's transaction, after the articles were inserted."""
    if not article_ids:
        return
    con.execute(f"""
        UPDATE articles SET duplicate_of = d.first_copy FROM (
            SELECT a.article_id, arg_min(b.article_id, b.rowid) AS first_copy
            FROM articles a JOIN articles b
              ON b.rowid < a.rowid AND b.duplicate_of IS NULL AND b.simhash IS NOT NULL
             AND bit_count(xor(a.simhash, b.simhash)) <= {NEAR_BITS}
            WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) AND a.simhash IS NOT NULL
            GROUP BY a.article_id) d
        WHERE articles.article_id = d.article_id""", [article_ids])


def bump_version(con: duckdb.DuckDBPyConnection) -> None:
    """Count a change of stored data, so caches keyed on `data_version` see re-analyses too."""
    con.execute("""INSERT OR REPLACE INTO meta SELECT 'data_version',
                   CAST(coalesce(max(CAST(value AS BIGINT)), 0) + 1 AS VARCHAR) FROM meta WHERE key = 'data_version'""")


def has_article(con: duckdb.DuckDBPyConnection, sha: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM articles WHERE content_sha256 = ?", [sha]).fetchall()[0][0])


def add_tables(con: duckdb.DuckDBPyConnection, tables: Tables) -> bool:
    """Store one article's tables in one transaction. False when its content is already stored."""
    if tables.articles.empty:
        return False
    return add_batch(con, [{name: df.to_dict("records") for name, df in tables.items()}])[0]


def add_batch(con: duckdb.DuckDBPyConnection, batch: list[dict[str, list[dict[str, Any]]]]) -> list[bool]:
    """Store many articles' rows (see `pipeline.article_rows`) in one transaction: whole articles
    or nothing. Returns, per article, whether it was new (False: its content was already stored,
    or it came earlier in the same batch)."""
    shas = [str(rows["articles"][0]["content_sha256"]) for rows in batch]
    con.execute("BEGIN TRANSACTION")
    try:
        stored = {r[0] for r in con.execute(
            "SELECT content_sha256 FROM articles WHERE content_sha256 IN (SELECT unnest(?::VARCHAR[]))",
            [shas]).fetchall()}
        added: list[bool] = []
        new_rows: list[dict[str, list[dict[str, Any]]]] = []
        for sha, rows in zip(shas, batch, strict=True):
            added.append(sha not in stored)
            if sha not in stored:
                stored.add(sha)
                new_rows.append(rows)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for name in TABLES:
            records = [r for rows in new_rows for r in rows[name]]
            if name == "articles":
                records = [{**r, "ingested_at": now} for r in records]
            if records:
                insert_frame(con, name, pd.DataFrame.from_records(records))
        mark_near_duplicates(con, [str(rows["articles"][0]["article_id"]) for rows in new_rows])
        if new_rows:
            bump_version(con)
        con.execute("COMMIT")
        return added
    except Exception:
        con.execute("ROLLBACK")
        raise


def load_shard(con: duckdb.DuckDBPyConnection, folder: Path | str) -> set[str]:
    """Load one Parquet shard (one file per table, see `core.run.cluster`) in one transaction,
    straight from the files; articles already stored are skipped. Returns the ids added."""
    folder = Path(folder)

    def parquet(name: str) -> str:
        return "read_parquet('" + str(folder / f"{name}.parquet").replace("'", "''") + "')"
    con.execute("BEGIN TRANSACTION")
    try:
        new = {r[0] for r in con.execute(
            f"SELECT article_id FROM {parquet('articles')} WHERE content_sha256 NOT IN "
            "(SELECT content_sha256 FROM articles)").fetchall()}
        con.execute("CREATE OR REPLACE TEMP TABLE shard_new AS SELECT unnest(?::VARCHAR[]) AS article_id", [sorted(new)])
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for name in TABLES:
            cols = ", ".join(f'"{c}"' for c in COLUMNS[name])
            select = cols.replace('"ingested_at"', f"'{now}' AS ingested_at") if name == "articles" else cols
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {select} FROM {parquet(name)} "
                        "WHERE article_id IN (SELECT article_id FROM shard_new)")
        mark_near_duplicates(con, sorted(new))
        bump_version(con)
        con.execute("COMMIT")
        return new
    except Exception:
        con.execute("ROLLBACK")
        raise


def insert_frame(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    cols = COLUMNS[name]
    data = df.reindex(columns=cols).astype(object).where(df.reindex(columns=cols).notna(), None)
    con.register("incoming", data)
    try:
        quoted = ", ".join(f'"{c}"' for c in cols)
        con.execute(f"INSERT INTO {name} ({quoted}) SELECT {quoted} FROM incoming")
    finally:
        con.unregister("incoming")


def delete_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Remove articles and every row derived from them (used when re-analysing)."""
    con.execute("BEGIN TRANSACTION")
    for name in TABLES:
        con.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
    con.execute("COMMIT")


def stored_hashes(con: duckdb.DuckDBPyConnection, shas: list[str]) -> set[str]:
    """Which of these content hashes are stored already (checked before analysis, to skip it)."""
    if not shas:
        return set()
    return {r[0] for r in con.execute(
        "SELECT content_sha256 FROM articles WHERE content_sha256 IN (SELECT unnest(?::VARCHAR[]))", [shas]).fetchall()}


def articles_naming(con: duckdb.DuckDBPyConnection, names: list[str]) -> pd.DataFrame:
    """Stored articles whose text contains one of `names` or that mention an entity of that name
    (all articles when `names` is empty): the articles table with its body."""
    articles = con.execute("SELECT * FROM articles ORDER BY rowid").df()
    if not names:
        return articles
    # One pattern for every name, so an imported list of thousands of funds reads each body once.
    pattern = re.compile("|".join(re.escape(n) for n in sorted({n.lower() for n in names}, key=len, reverse=True)))
    mentioned = {r[0] for r in con.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE entity IN (SELECT unnest(?::VARCHAR[]))", [names]).fetchall()}
    keep = [aid in mentioned or bool(pattern.search(str(body).lower()))
            for aid, body in zip(articles["article_id"], articles["body"], strict=True)]
    return articles[keep]


def replace_derived_rows(con: duckdb.DuckDBPyConnection, article_id: str, tables: Tables) -> None:
    """Swap one stored article's sentences, mentions, numbers and forecasts for a new analysis,
    in one transaction (the article row and its identity stay)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name in ("sentences", "mentions", "numbers", "forecasts"):
            con.execute(f"DELETE FROM {name} WHERE article_id = ?", [article_id])
            df = getattr(tables, name).copy()
            df["article_id"] = article_id
            if len(df):
                insert_frame(con, name, df)
        bump_version(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
