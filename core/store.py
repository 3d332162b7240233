"""The embedded DuckDB store: one file, one transaction per article, articles keyed by content hash.

DuckDB lets one process write a file at a time. Writers therefore hold the file only while they
write a batch, and every opener retries on the lock until `Settings.lock_timeout_s`, so two
ingests and a dashboard can share one database: they take turns rather than fail.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.dedup import NEAR_BITS
from core.errors import StoreBusy
from core.tables import COLUMNS, TABLES, Tables, frame

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2

_DDL = {
    "articles": """article_id VARCHAR PRIMARY KEY, file_name VARCHAR, title VARCHAR, published VARCHAR,
        source VARCHAR, language VARCHAR, content_sha256 VARCHAR UNIQUE, n_words INTEGER,
        ingested_at VARCHAR, duplicate_of VARCHAR, simhash BIGINT, body VARCHAR""",
    "sentences": """article_id VARCHAR, sentence_id INTEGER, text VARCHAR, sentiment DOUBLE, label VARCHAR,
        themes VARCHAR, start INTEGER, "end" INTEGER""",
    "mentions": """article_id VARCHAR, sentence_id INTEGER, entity VARCHAR, entity_type VARCHAR, surface VARCHAR,
        start INTEGER, "end" INTEGER, method VARCHAR""",
    "numbers": """article_id VARCHAR, sentence_id INTEGER, text VARCHAR, value DOUBLE, unit VARCHAR,
        year INTEGER, kind VARCHAR, subject VARCHAR, start INTEGER, "end" INTEGER""",
    "forecasts": """subject VARCHAR, unit VARCHAR, from_year INTEGER, from_value DOUBLE, to_year INTEGER,
        to_value DOUBLE, cagr DOUBLE, article_id VARCHAR""",
    # Entities and spellings users add on the Entities page; applied to past and future articles.
    "user_entities": """name VARCHAR, type VARCHAR, alias VARCHAR, added_at VARCHAR""",
    # Users' decisions on entities found by pattern or model: confirm, merge (into target) or reject.
    "entity_decisions": """name VARCHAR PRIMARY KEY, decision VARCHAR, target VARCHAR, decided_at VARCHAR""",
}
# How relevant each entity is to each article, 0-100, as news-analytics services score it: named
# in the headline (40), how early it first appears (30), how often against the article's most
# mentioned entity (30).
_RELEVANCE_VIEW = """
CREATE OR REPLACE VIEW entity_relevance AS
WITH m AS (SELECT article_id, entity, any_value(entity_type) AS entity_type, count(*) AS n,
                  min(sentence_id) AS first_sentence
           FROM mentions GROUP BY article_id, entity),
     s AS (SELECT article_id, count(*) AS n_sentences FROM sentences GROUP BY article_id),
     t AS (SELECT article_id, max(n) AS max_n FROM m GROUP BY article_id)
SELECT m.article_id, m.entity, m.entity_type, m.n AS mentions, m.first_sentence,
       (m.first_sentence = 0 AND coalesce(a.title, '') <> '') AS in_title,
       CAST(round(100 * (0.4 * CASE WHEN m.first_sentence = 0 AND coalesce(a.title, '') <> '' THEN 1 ELSE 0 END
                         + 0.3 * (1 - m.first_sentence / greatest(s.n_sentences, 1))
                         + 0.3 * m.n / t.max_n)) AS INTEGER) AS relevance
FROM m JOIN s USING (article_id) JOIN t USING (article_id) JOIN articles a USING (article_id)
"""
_INDEXES = [
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id)",
    "CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id)",
    "CREATE INDEX IF NOT EXISTS numbers_article ON numbers(article_id)",
]


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    # The last one is DuckDB refusing a second connection of one process with other settings
    # (the dashboard writing in one session while reading in another): also a wait-and-retry case.
    return "lock" in text or "conflicting" in text or "being used" in text or "different configuration" in text


@contextmanager
def connect(path: Path, read_only: bool = False, timeout_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the database file, waiting for another process's lock up to `timeout_s`.

    Raises StoreBusy when the lock is still held after that. A read-only connection to a file that
    does not exist yet is a connection to an empty in-memory database with the schema.
    """
    path = Path(path)
    if read_only and not path.exists():
        con = duckdb.connect(":memory:")
        _ensure_schema(con)
        try:
            yield con
        finally:
            con.close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(f"the database {path} is in use by another process; try again in a moment") from exc
            log.info("database %s is locked by another process, waiting", path)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        if not read_only:
            _ensure_schema(con)
        yield con
    finally:
        con.close()


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for name, ddl in _DDL.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({ddl})")
    for sql in _INDEXES:
        con.execute(sql)
    # Version 2 added near-duplicate detection to articles.
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS simhash BIGINT")
    con.execute(_RELEVANCE_VIEW)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


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
    """Load one Parquet shard (one file per table, see `core.distributed`) in one transaction,
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


REJECTED = "REJECTED"  # type of a user-entity row that removes an entity's mentions


def user_entities(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, str, str], ...]:
    """Users' additions as (name, type, alias), then rejected names as (name, REJECTED, "")."""
    rows = con.execute("SELECT name, type, coalesce(alias, '') FROM user_entities ORDER BY added_at, name").fetchall()
    rejected = con.execute("SELECT name FROM entity_decisions WHERE decision = 'reject' ORDER BY name").fetchall()
    return tuple((str(n), str(t), str(a)) for n, t, a in rows) + tuple((str(n), REJECTED, "") for (n,) in rejected)


def decide_entity(con: duckdb.DuckDBPyConnection, name: str, decision: str, type_: str = "", target: str = "",
                  target_type: str = "") -> None:
    """Record a user's decision on an entity found by pattern or model. `confirm` makes it a
    gazetteer entity of `type_`; `merge` makes its name an alias of `target`; `reject` drops its
    mentions. Re-analysis (`ingest.reanalyze_all`) applies the decision to stored articles."""
    if decision not in ("confirm", "merge", "reject"):
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "merge" and not target:
        raise ValueError("a merge needs the entity to merge into")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    con.execute("INSERT OR REPLACE INTO entity_decisions VALUES (?, ?, ?, ?)", [name, decision, target, now])
    bump_version(con)
    if decision == "confirm":
        add_user_entity(con, name, type_, name)
    elif decision == "merge":
        add_user_entity(con, target, target_type, name)


def add_user_entity(con: duckdb.DuckDBPyConnection, name: str, type_: str, alias: str = "") -> None:
    con.execute("INSERT INTO user_entities VALUES (?, ?, ?, ?)",
                [name, type_, alias, datetime.now(UTC).isoformat(timespec="seconds")])
    bump_version(con)


def count_articles(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


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
