"""The embedded DuckDB store, one file: the write side (ingestion, re-analysis, users' entity
decisions) in this package's modules, the dashboard's read side in `core.store.queries`, and the
CSV export in `core.store.export`.

    connection  opening with one wait-and-retry; schema check and migration
    schema      tables and their versioned migrations
    write       whole articles per transaction, content hash as identity
    review      users' entities and decisions on discovered names
    refdata     users' imported fund lists, as gazetteer entries
    contents    whole tables, counts, the integrity check
"""
from __future__ import annotations

from core.store.connection import check_target, connect, reading, retry_busy, run
from core.store.contents import check_integrity, count_articles, read_table
from core.store.refdata import save_entries
from core.store.review import REJECTED, add_user_entity, decide_entity, user_entities
from core.store.schema import SCHEMA_VERSION, migrate, schema_version
from core.store.write import (
    add_batch,
    add_tables,
    articles_naming,
    bump_version,
    delete_articles,
    has_article,
    insert_frame,
    load_shard,
    mark_near_duplicates,
    replace_derived_rows,
    stored_hashes,
)

__all__ = ["REJECTED", "SCHEMA_VERSION", "add_batch", "add_tables", "add_user_entity", "articles_naming",
           "bump_version", "check_integrity", "check_target", "connect", "count_articles", "decide_entity", "delete_articles",
           "has_article", "insert_frame", "load_shard", "mark_near_duplicates", "migrate", "read_table", "reading",
           "replace_derived_rows", "retry_busy", "run", "save_entries", "schema_version", "stored_hashes",
           "user_entities"]
