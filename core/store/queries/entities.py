"""The Entities page: the catalogue of canonical names and the names found by pattern or model, for review."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _in_arts, _q, _registered, _Sql
from core.store.queries.reference import reference

# How mentions were found when nobody curated the name: the review list on the Entities page.
DISCOVERED_METHODS = ("pattern", "model", "fuzzy")


# --- entities -------------------------------------------------------------------------------

def entity_catalogue(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Every canonical entity, from the gazetteer or only from the articles: name, type, status
    (curated, user = added on the Entities page, new = found by pattern/model only), listed
    spellings (written in the gazetteer or added by users), generated (how many spellings the
    rules add), seen_as (spellings found in the articles), mentions, articles."""
    ref = reference(con, data_dir)
    cte, params = _arts_cte(f)
    aliases = ref["aliases"]
    listed = aliases[aliases["method"].isin(["gazetteer", "alias"]) & (aliases["alias"] != aliases["entity"])]
    spellings = (listed.groupby("entity")["alias"].apply(list).rename("listed").to_frame()
                 .join(aliases.groupby("entity").size().rename("n_spellings"), how="outer").reset_index())
    sql = _Sql()
    if f.entity_types:
        sql.add("list_contains($types, type)", types=list(f.entity_types))
    if f.entities:
        sql.add("list_contains($entities, name)", entities=list(f.entities))
    if f.text.strip():
        sql.add("contains(lower(name || '|' || array_to_string(listed, '|') || '|' || array_to_string(seen_as, '|')), $q)",
                q=f.text.strip().lower())
    with _registered(con, "gaz", ref["entities"]), _registered(con, "gaz_spelling", spellings):
        return _q(con, f"""WITH {cte},
            counts AS (SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
                       FROM mentions m WHERE TRUE {_in_arts(f, "m")} GROUP BY m.entity),
            spelled AS (SELECT entity, list(surface ORDER BY surface) AS seen_as
                        FROM (SELECT DISTINCT m.entity, m.surface FROM mentions m WHERE TRUE {_in_arts(f, "m")})
                        GROUP BY entity),
            seen AS (SELECT * FROM counts JOIN spelled USING (entity)),
            found AS (SELECT m.entity, any_value(m.entity_type) AS type FROM mentions m
                      WHERE m.entity NOT IN (SELECT name FROM gaz) GROUP BY m.entity),
            allents AS (SELECT name, type, status FROM gaz
                        UNION ALL SELECT entity, type, 'new' FROM found)
            SELECT name, type, status, listed, n_spellings AS generated, seen_as, mentions, articles FROM (
                SELECT e.name, e.type, e.status, coalesce(g.listed, []) AS listed, coalesce(g.n_spellings, 0) AS n_spellings,
                       coalesce(s.seen_as, []) AS seen_as,
                       coalesce(s.mentions, 0) AS mentions, coalesce(s.articles, 0) AS articles
                FROM allents e LEFT JOIN gaz_spelling g ON g.entity = e.name
                LEFT JOIN seen s ON s.entity = e.name)
            {sql.where()}
            ORDER BY mentions DESC, name""", {**params, **sql.params})


def new_entities(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Entities found only by a pattern, the model or fuzzy matching and not in the gazetteer:
    entity, type, found_by, mentions, articles, an example sentence and its article (title,
    article_id, sentence_id)."""
    ref = reference(con, data_dir)
    cte, params = _arts_cte(f)
    with _registered(con, "gaz", ref["entities"]):
        # The example sentence is looked up for the one chosen mention per name, not for every hit.
        return _q(con, f"""WITH {cte},
            hits AS (SELECT m.entity, m.entity_type, m.method, m.surface, m.article_id, m.sentence_id,
                            arts.title, arts.pub
                     FROM mentions m JOIN arts USING (article_id)
                     WHERE list_contains($methods, m.method) AND m.entity NOT IN (SELECT name FROM gaz)
                       AND m.entity NOT IN (SELECT name FROM entity_decisions)),
            agg AS (SELECT h.entity, h.entity_type AS type, string_agg(DISTINCT h.method, ', ' ORDER BY h.method) AS found_by,
                           count(*) AS mentions, count(DISTINCT h.article_id) AS articles,
                           list(DISTINCT h.surface ORDER BY h.surface) AS seen_as,
                           arg_min({{'article_id': h.article_id, 'sentence_id': h.sentence_id, 'title': h.title}},
                                   h.pub) AS first
                    FROM hits h GROUP BY h.entity, h.entity_type)
            SELECT agg.entity, agg.type, agg.found_by, agg.mentions, agg.articles, agg.seen_as,
                   s.text AS example, agg.first.title AS title, agg.first.article_id AS article_id,
                   agg.first.sentence_id AS sentence_id
            FROM agg LEFT JOIN sentences s
              ON s.article_id = agg.first.article_id AND s.sentence_id = agg.first.sentence_id
            ORDER BY agg.mentions DESC, agg.entity""",
                  {**params, "methods": list(DISCOVERED_METHODS)})
