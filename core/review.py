"""Review of entities the gazetteer does not know: found by cue patterns, fund-name rules or the
trained model, listed as "new" until a user confirms, merges or rejects them."""
from __future__ import annotations

import duckdb
import pandas as pd

from core.gazetteer import Gazetteer


def new_entities(con: duckdb.DuckDBPyConnection, gazetteer: Gazetteer) -> pd.DataFrame:
    """Entities with mentions that are neither in the gazetteer nor decided on, most mentioned first:
    entity, entity_type, mentions, articles, methods, example (a sentence that names it)."""
    known = sorted(gazetteer.entities)
    return con.execute("""
        SELECT m.entity, any_value(m.entity_type) AS entity_type, count(*) AS mentions,
               count(DISTINCT m.article_id) AS articles, string_agg(DISTINCT m.method, ', ') AS methods,
               any_value(s.text) AS example
        FROM mentions m
        LEFT JOIN sentences s ON s.article_id = m.article_id AND s.sentence_id = m.sentence_id
        WHERE m.entity NOT IN (SELECT unnest(?::VARCHAR[]))
          AND m.entity NOT IN (SELECT name FROM entity_decisions)
        GROUP BY m.entity
        ORDER BY mentions DESC, m.entity""", [known]).df()
