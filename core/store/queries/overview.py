"""What is in the database: the data version, the sidebar's choices, headline counts, top entities, latest articles."""
from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _in_arts, _q

# --- connections ---------------------------------------------------------------------------


def data_version(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """Changes whenever articles are added, user entities change or a saved feed is added, removed
    or refreshed (the cache key of every query). The first value is the number of articles."""
    row = con.execute("""SELECT (SELECT count(*) FROM articles), (SELECT max(ingested_at) FROM articles),
                                (SELECT count(*) FROM mentions), (SELECT count(*) FROM user_entities),
                                (SELECT max(added_at) FROM user_entities),
                                (SELECT max(value) FROM meta WHERE key = 'data_version'),
                                (SELECT hash(list(url || coalesce(last_fetched, '') ORDER BY url)) FROM feeds)
                         """).fetchall()[0]
    return tuple(row)


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Choices for the sidebar: sources, themes, entity types and the publication-date range."""
    sources = [r[0] for r in con.execute(
        "SELECT DISTINCT source FROM articles WHERE coalesce(source, '') <> '' ORDER BY 1").fetchall()]
    # One pass over the mentions for both lists: (type, theme name or NULL) pairs are few.
    pairs = con.execute("""SELECT DISTINCT entity_type, CASE WHEN entity_type = 'THEME' THEN entity END
                           FROM mentions""").fetchall()
    themes = sorted({e for t, e in pairs if e is not None})
    types = sorted({t for t, _ in pairs if t is not None})
    first, last = con.execute(
        "SELECT min(TRY_CAST(NULLIF(published, '') AS DATE)), max(TRY_CAST(NULLIF(published, '') AS DATE)) "
        "FROM articles").fetchall()[0]
    return {"sources": sources, "themes": themes, "entity_types": types, "first": first, "last": last}


def overview(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> dict[str, Any]:
    """Headline numbers for the selection: articles, sources, date range, mentions, fund houses."""
    cte, params = _arts_cte(f)
    row = con.execute(f"""WITH {cte}
        SELECT a.*, (SELECT count(*) FROM mentions m WHERE TRUE {_in_arts(f, "m")}),
               (SELECT count(DISTINCT entity) FROM mentions m WHERE m.entity_type = 'FUND_HOUSE' {_in_arts(f, "m")}),
               (SELECT count(*) FROM articles)
        FROM (SELECT count(*), count(DISTINCT source), min(pub), max(pub), count(*) FILTER (WHERE pub IS NULL)
              FROM arts) a""", params).fetchall()[0]
    keys = ("articles", "sources", "first", "last", "undated", "mentions", "fund_houses", "total_articles")
    return dict(zip(keys, row, strict=True))


def top_entities(con: duckdb.DuckDBPyConnection, f: Filters, entity_type: str, limit: int = 10) -> pd.DataFrame:
    """The most mentioned entities of one type: entity, mentions, articles."""
    cte, params = _arts_cte(f)
    theme_sql, theme_params = ("list_contains($themes, m.entity)", {"themes": list(f.themes)}) \
        if f.themes and entity_type == "THEME" else ("TRUE", {})
    return _q(con, f"""WITH {cte}
        SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM mentions m
        WHERE m.entity_type = $etype AND {theme_sql} {_in_arts(f, "m")}
        GROUP BY m.entity ORDER BY mentions DESC, m.entity LIMIT $limit""",
              {**params, **theme_params, "etype": entity_type, "limit": limit})


def latest_articles(con: duckdb.DuckDBPyConnection, f: Filters = Filters(), limit: int = 20) -> pd.DataFrame:
    """Newest articles first (by publication date, then ingestion): with their mention counts and
    the URL each came from (NULL for files)."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte},
        top AS (SELECT * FROM arts ORDER BY pub DESC NULLS LAST, ingested_at DESC, article_id LIMIT $limit),
        n AS (SELECT article_id, count(*) AS mentions FROM mentions
              WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id)
        SELECT top.pub AS published, top.title, top.source, top.file_name, top.n_words,
               coalesce(n.mentions, 0) AS mentions, top.ingested_at, a.url, top.article_id
        FROM top LEFT JOIN n USING (article_id) JOIN articles a USING (article_id)
        ORDER BY top.pub DESC NULLS LAST, top.ingested_at DESC, top.article_id""", {**params, "limit": limit})
