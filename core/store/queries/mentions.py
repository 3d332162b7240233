"""The Mentions explorer: filtered mentions with their sentences, counts and CSV downloads."""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.store.connection import run
from core.store.export import copy_csvs, to_csv_bytes
from core.store.queries.filters import Filters, _arts_cte, _limited, _q, _sentence_theme_clause, _Sql

# --- the mentions explorer ------------------------------------------------------------------

MENTION_COLUMNS = ["article_id", "sentence_id", "entity", "entity_type", "surface", "method", "sentence",
                   "title", "published", "source"]


def _mentions_sql(f: Filters) -> tuple[str, dict[str, Any]]:
    """`arts`, and `hits`: the mentions passing every filter, without their sentence text. The
    theme and text filters look at sentences through semi-joins, so only the mentions finally
    shown are joined to their sentence."""
    cte, params = _arts_cte(f)
    sql = _Sql(params=dict(params))
    if f.picks_articles:
        sql.add("m.article_id IN (SELECT article_id FROM arts)")
    if f.themes:
        theme_clause, theme_params = _sentence_theme_clause(f)
        sql.add(f"""EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = m.article_id
                            AND s.sentence_id = m.sentence_id AND {theme_clause})""", **theme_params)
    if f.entity_types:
        sql.add("list_contains($types, m.entity_type)", types=list(f.entity_types))
    if f.entities:
        sql.add("list_contains($entities, m.entity)", entities=list(f.entities))
    if f.text.strip():
        sql.add("""(contains(lower(m.entity), $q) OR contains(lower(m.surface), $q)
                    OR EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = m.article_id
                               AND s.sentence_id = m.sentence_id AND contains(lower(coalesce(s.text, '')), $q)))""",
                q=f.text.strip().lower())
    body = f"""{cte},
        hits AS (SELECT m.article_id, m.sentence_id, m.entity, m.entity_type, m.surface, m.method, m.start
                 FROM mentions m {sql.where()})"""
    return body, sql.params


def mentions(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered mentions with their sentence and article, newest first (columns MENTION_COLUMNS)."""
    body, params = _mentions_sql(f)
    tail, params = _limited(limit, params)
    return _q(con, f"""WITH {body},
        top AS (SELECT hits.*, arts.title, arts.pub, arts.source FROM hits JOIN arts USING (article_id)
                ORDER BY arts.pub DESC NULLS LAST, hits.article_id, hits.start, hits.entity {tail})
        SELECT top.article_id, top.sentence_id, top.entity, top.entity_type, top.surface, top.method,
               s.text AS sentence, top.title, CAST(top.pub AS VARCHAR) AS published, top.source
        FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.start, top.entity""", params)


def count_mentions(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    body, params = _mentions_sql(f)
    return int(con.execute(f"WITH {body} SELECT count(*) FROM hits", params).fetchall()[0][0])


def entity_names(con: duckdb.DuckDBPyConnection, entity_types: tuple[str, ...] = ()) -> list[str]:
    """Canonical names found in the mentions (of the given types), most mentioned first."""
    clause = "WHERE list_contains($types, entity_type)" if entity_types else ""
    params = {"types": list(entity_types)} if entity_types else {}
    return [r[0] for r in con.execute(
        f"SELECT entity FROM mentions {clause} GROUP BY entity ORDER BY count(*) DESC, entity", params).fetchall()]


# A byte-order mark first: Excel reads a CSV without one in the machine's legacy code page, which
# garbles Chinese. Only the dashboard's downloads carry it; `python -m core export` writes plain
# UTF-8, which the contract promises to scripts.
BOM = "\ufeff".encode()


def mentions_csv(db_path: Path | str, f: Filters) -> bytes:
    """The filtered mentions as spreadsheet-safe CSV with a byte-order mark (the explorer's download)."""
    return BOM + to_csv_bytes(run(db_path, mentions, f))


def _zip_with_bom(con: duckdb.DuckDBPyConnection) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in copy_csvs(con, Path(tmp)):
                with zf.open(path.name, "w") as member, path.open("rb") as csv:
                    member.write(BOM)
                    shutil.copyfileobj(csv, member, 1 << 20)
        return buf.getvalue()


def export_zip(db_path: Path | str) -> bytes:
    """Every table as spreadsheet-safe CSV with a byte-order mark, in one zip (DuckDB writes the
    files, so whole tables never pass through pandas)."""
    return run(db_path, _zip_with_bom)
