"""Users' additions to the gazetteer and their decisions on names the pipeline found by itself."""
from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from core.store.refdata import refdata_entities
from core.store.write import bump_version

REJECTED = "REJECTED"  # type of a user-entity row that removes an entity's mentions


def user_entities(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, str, str], ...]:
    """Users' imported fund lists as (name, ENTRY, json), their additions as (name, type, alias),
    then rejected names as (name, REJECTED, "")."""
    rows = con.execute("SELECT name, type, coalesce(alias, '') FROM user_entities ORDER BY added_at, name").fetchall()
    rejected = con.execute("SELECT name FROM entity_decisions WHERE decision = 'reject' ORDER BY name").fetchall()
    return refdata_entities(con) + tuple((str(n), str(t), str(a)) for n, t, a in rows) + \
        tuple((str(n), REJECTED, "") for (n,) in rejected)


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
