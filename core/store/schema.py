"""The database schema and its versioned migrations.

Every database this project writes carries `meta.schema_version`. Opening one runs the migrations
it has not seen yet, in order, each in its own transaction, so a database from any earlier
release is brought up to date by whichever command opens it first. A file whose tables were not
made by us (no `meta` table, or tables of ours missing) is refused untouched.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb

from core.errors import StoreUnusable

log = logging.getLogger(__name__)

_DDL = {
    "articles": """article_id VARCHAR PRIMARY KEY, file_name VARCHAR, title VARCHAR, published VARCHAR,
        source VARCHAR, language VARCHAR, content_sha256 VARCHAR UNIQUE, n_words INTEGER,
        ingested_at VARCHAR, body VARCHAR""",
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
_OURS = ("articles", "sentences", "mentions", "numbers", "forecasts")


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    for name, ddl in _DDL.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({ddl})")
    for sql in _INDEXES:
        con.execute(sql)


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS simhash BIGINT")
    con.execute(_RELEVANCE_VIEW)


def _v3(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS url VARCHAR")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS chars_removed INTEGER")
    con.execute("ALTER TABLE numbers ADD COLUMN IF NOT EXISTS entity VARCHAR")


def _v4(con: duckdb.DuckDBPyConnection) -> None:
    # Saved feeds, with what their last refresh found; and every URL fetched as an article, so a
    # stored item is not fetched again and a failing one is not asked for forever.
    con.execute("""CREATE TABLE IF NOT EXISTS feeds (url VARCHAR PRIMARY KEY, name VARCHAR, added_at VARCHAR,
        last_fetched VARCHAR, items_new INTEGER, items_present INTEGER, items_refused INTEGER, last_error VARCHAR,
        etag VARCHAR, last_modified VARCHAR)""")
    con.execute("""CREATE TABLE IF NOT EXISTS fetched_items (url VARCHAR PRIMARY KEY, feed_url VARCHAR,
        article_id VARCHAR, status VARCHAR, reason VARCHAR, attempts INTEGER, fetched_at VARCHAR)""")


def _v5(con: duckdb.DuckDBPyConnection) -> None:
    # Users' fund lists (`refdata import`): one gazetteer entry per fund, new house or manager, as JSON.
    con.execute("""CREATE TABLE IF NOT EXISTS user_refdata (name VARCHAR PRIMARY KEY, type VARCHAR, entry VARCHAR,
        source VARCHAR, added_at VARCHAR)""")


def _v6(con: duckdb.DuckDBPyConnection) -> None:
    # Databases of the earliest releases called themselves schema 1 or 2 before users' entities,
    # decisions and the relevance view existed; make sure every database has them.
    for name in ("user_entities", "entity_decisions"):
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({_DDL[name]})")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS simhash BIGINT")
    con.execute(_RELEVANCE_VIEW)


# (version, what it adds, the step). Append only: a released step never changes.
MIGRATIONS: list[tuple[int, str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    (1, "articles, their sentences, mentions, numbers and forecasts; user entities and decisions", _v1),
    (2, "near-duplicate links and the entity relevance view", _v2),
    (3, "source URL and characters removed by cleaning per article; the entity a number is about", _v3),
    (4, "saved feeds and the URLs fetched from them", _v4),
    (5, "users' imported fund lists as gazetteer entries", _v5),
    (6, "users' entities, decisions and the relevance view in databases of the earliest releases", _v6),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version stored in the database: 0 for an empty database; raises StoreUnusable for a
    database this project did not make (tables of its own, no `meta` version)."""
    tables = _tables(con)
    if not tables:
        return 0
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() if "meta" in tables else []
    if not rows or not set(_OURS) <= tables:
        raise StoreUnusable("is a DuckDB database of another application (no tables of this tracker); "
                            "left untouched")
    return int(rows[0][0])


def pending(con: duckdb.DuckDBPyConnection) -> int:
    """How many migrations the database still needs; raises StoreUnusable for one made by a newer release."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreUnusable(f"was written by a newer release of the tracker (schema {version}, this one reads "
                            f"{SCHEMA_VERSION}); left untouched")
    return sum(1 for v, _, _ in MIGRATIONS if v > version)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Run the migrations the database has not seen, each in one transaction. Returns the versions applied."""
    version = schema_version(con)
    pending(con)
    applied = []
    for number, what, step in MIGRATIONS:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            step(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        if version:
            log.info("database migrated to schema %d: %s", number, what)
        applied.append(number)
    return applied
