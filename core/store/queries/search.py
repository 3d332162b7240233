"""The search box: entities by any spelling (fund codes included), article titles and phrases.

Spellings come from the gazetteer (listed, generated, users' additions: "AXA Puyin", "515070")
and from the articles (the names found there and the text as written).
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import _q, _registered
from core.store.queries.reference import reference

SEARCH_ENTITY_COLUMNS = ["entity", "entity_type", "house", "matched", "exact", "mentions", "articles"]


def _spellings(con: duckdb.DuckDBPyConnection, data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(spelling -> entity, entity -> type and house) from the gazetteer with users' additions."""
    ref = reference(con, data_dir)
    aliases = ref["aliases"][["entity", "alias"]]
    names = ref["entities"][["name", "type"]].rename(columns={"name": "entity", "type": "entity_type"})
    houses = ref["links"][["entity", "type", "fund_house"]].rename(columns={"type": "entity_type"})
    known = names.merge(houses.drop_duplicates(["entity", "entity_type"]), on=["entity", "entity_type"], how="left")
    return aliases, known.assign(fund_house=known["fund_house"].fillna("").where(known["entity_type"] != "FUND_HOUSE", ""))


def search_entities(con: duckdb.DuckDBPyConnection, text: str, data_dir: Path, limit: int = 50) -> pd.DataFrame:
    """Entities whose name or a spelling contains `text` (case-insensitive): entity, entity_type,
    house (of a fund or manager), matched (the closest spelling), exact (a name or spelling equal
    to `text`), mentions and articles in the database. Exact matches first, then the most mentioned."""
    q = text.strip().lower()
    if not q:
        return pd.DataFrame(columns=SEARCH_ENTITY_COLUMNS)
    aliases, known = _spellings(con, data_dir)
    with _registered(con, "gaz_alias", aliases), _registered(con, "gaz_known", known):
        return _q(con, """WITH
            spelled AS (SELECT entity, alias AS spelling FROM gaz_alias WHERE contains(lower(alias), $q)
                        UNION SELECT entity, entity FROM gaz_known WHERE contains(lower(entity), $q)),
            gaz AS (SELECT s.entity, k.entity_type, k.fund_house AS house, s.spelling
                    FROM spelled s JOIN gaz_known k USING (entity)),
            seen AS (SELECT entity, any_value(entity_type) AS entity_type, '' AS house, any_value(surface) AS spelling
                     FROM mentions WHERE entity NOT IN (SELECT entity FROM gaz_known)
                       AND (contains(lower(entity), $q) OR contains(lower(surface), $q))
                     GROUP BY entity),
            hits AS (SELECT * FROM gaz UNION ALL SELECT * FROM seen),
            best AS (SELECT entity, entity_type, any_value(house) AS house,
                            arg_min(spelling, (lower(spelling) <> $q, lower(entity) <> $q, length(spelling))) AS matched,
                            bool_or(lower(spelling) = $q OR lower(entity) = $q) AS exact
                     FROM hits GROUP BY entity, entity_type),
            counts AS (SELECT entity, count(*) AS mentions, count(DISTINCT article_id) AS articles FROM mentions
                       WHERE entity IN (SELECT entity FROM best) GROUP BY entity)
            SELECT best.entity, best.entity_type, best.house, best.matched, best.exact,
                   coalesce(counts.mentions, 0) AS mentions, coalesce(counts.articles, 0) AS articles
            FROM best LEFT JOIN counts USING (entity)
            ORDER BY best.exact DESC, mentions DESC, length(best.entity), best.entity LIMIT $limit""",
                  {"q": q, "limit": limit})


def search_exact(con: duckdb.DuckDBPyConnection, text: str, data_dir: Path) -> pd.DataFrame:
    """The entities that `text` names exactly, by name or spelling (columns of `search_entities`):
    one row means the search box can go straight to that entity."""
    df = search_entities(con, text, data_dir)
    return df[df["exact"].astype(bool)].reset_index(drop=True)


def search_sentences(con: duckdb.DuckDBPyConnection, text: str, limit: int = 200) -> pd.DataFrame:
    """Sentences containing `text` (case-insensitive), newest article first: published, title,
    source, sentence, sentiment, label, article_id, sentence_id; `total` counts every match."""
    q = text.strip().lower()
    return _q(con, """WITH
        hits AS (SELECT article_id, sentence_id FROM sentences WHERE contains(lower(text), $q)),
        top AS (SELECT hits.*, TRY_CAST(NULLIF(a.published, '') AS DATE) AS pub, a.title, a.source
                FROM hits JOIN articles a USING (article_id)
                ORDER BY pub DESC NULLS LAST, hits.article_id, hits.sentence_id LIMIT $limit)
        SELECT top.pub AS published, top.title, top.source, s.text AS sentence, s.sentiment, s.label,
               top.article_id, top.sentence_id, (SELECT count(*) FROM hits) AS total
        FROM top JOIN sentences s USING (article_id, sentence_id)
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.sentence_id""", {"q": q, "limit": limit})
