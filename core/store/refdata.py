"""Users' reference data: the entries of imported fund lists (funds, their new houses, managers)."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import duckdb

from core.store.write import bump_version

ENTRY = "ENTRY"  # user-entity rows of this type carry a whole gazetteer entry as JSON


def save_entries(con: duckdb.DuckDBPyConnection, entries: list[dict[str, Any]], source: str) -> dict[str, str]:
    """Store gazetteer entries by name; returns each name's outcome: new, changed or unchanged.
    An entry stored before with the same content is left as it is, so importing a file twice
    changes nothing."""
    stored = dict(con.execute("SELECT name, entry FROM user_refdata").fetchall())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outcome: dict[str, str] = {}
    for entry in entries:
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        name = str(entry["name"])
        if stored.get(name) == text:
            outcome[name] = "unchanged"
            continue
        outcome[name] = "changed" if name in stored else "new"
        con.execute("INSERT OR REPLACE INTO user_refdata VALUES (?, ?, ?, ?, ?)",
                    [name, str(entry["type"]), text, source, now])
        stored[name] = text
    if any(o != "unchanged" for o in outcome.values()):
        bump_version(con)
    return outcome


def refdata_entities(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, str, str], ...]:
    """The stored entries as user-entity rows `(name, ENTRY, json)`, houses first."""
    rows = con.execute("""SELECT name, entry FROM user_refdata
                          ORDER BY CASE type WHEN 'FUND_HOUSE' THEN 0 WHEN 'FUND' THEN 1 ELSE 2 END, name""").fetchall()
    return tuple((str(n), ENTRY, str(e)) for n, e in rows)
