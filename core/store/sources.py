"""Saved feeds and fetched URLs: what `feeds`, `refresh` and URL ingestion keep between runs.

`feeds` holds each saved feed with what its last refresh found (for `feeds list` and the Sources
page). `fetched_items` holds every URL fetched as an article, with its outcome: a URL stored (or
found to be a copy of a stored article) is never fetched again; a failing one is tried again up
to a limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

STORED = ("ingested", "already present")  # outcomes that mean "the article is in the database"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SavedFeed:
    url: str
    name: str
    etag: str | None = None
    last_modified: str | None = None


def add_feed(con: duckdb.DuckDBPyConnection, url: str, name: str) -> bool:
    """Save a feed; False when it was saved already (its name is then left as it was)."""
    if con.execute("SELECT count(*) FROM feeds WHERE url = ?", [url]).fetchall()[0][0]:
        return False
    con.execute("INSERT INTO feeds (url, name, added_at) VALUES (?, ?, ?)", [url, name, _now()])
    return True


def remove_feed(con: duckdb.DuckDBPyConnection, url_or_name: str) -> list[str]:
    """Forget the feeds with this URL or name (their articles stay). Returns the URLs removed."""
    urls = [r[0] for r in con.execute("SELECT url FROM feeds WHERE url = ? OR name = ? ORDER BY url",
                                      [url_or_name, url_or_name]).fetchall()]
    if urls:
        con.execute("DELETE FROM feeds WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls])
    return urls


def saved_feeds(con: duckdb.DuckDBPyConnection, urls: list[str] | None = None) -> list[SavedFeed]:
    """The saved feeds (those of `urls` only, when given), in the order they were added."""
    rows = con.execute("SELECT url, coalesce(name, url), etag, last_modified FROM feeds ORDER BY added_at, url").fetchall()
    feeds = [SavedFeed(str(u), str(n), e, m) for u, n, e, m in rows]
    return feeds if urls is None else [f for f in feeds if f.url in urls]


def feed_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per saved feed: name, url, added, last fetched, items new, present and refused in
    the last refresh, the last error, and how many articles came from the feed in all."""
    return con.execute("""
        SELECT f.name, f.url, f.added_at, f.last_fetched, f.items_new, f.items_present, f.items_refused,
               f.last_error, count(DISTINCT i.article_id) AS articles
        FROM feeds f LEFT JOIN fetched_items i ON i.feed_url = f.url AND i.status IN ('ingested', 'already present')
        GROUP BY ALL ORDER BY f.added_at, f.url""").df()


def record_refresh(con: duckdb.DuckDBPyConnection, feed: SavedFeed, new: int, present: int, refused: int,
                   error: str | None, etag: str | None = None, last_modified: str | None = None) -> None:
    """What one refresh of a saved feed found. A failed fetch keeps the validators of the last good one."""
    con.execute("""UPDATE feeds SET last_fetched = ?, items_new = ?, items_present = ?, items_refused = ?,
                   last_error = ?, etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                   WHERE url = ?""", [_now(), new, present, refused, error, etag, last_modified, feed.url])


def fetch_history(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, tuple[str, int]]:
    """URL -> (outcome, failed attempts) for those of `urls` fetched before; an article stored
    with one of these URLs (by an earlier release or a direct ingest) counts as stored."""
    if not urls:
        return {}
    found = {str(u): (str(s), int(a or 0)) for u, s, a in con.execute(
        "SELECT url, status, attempts FROM fetched_items WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls]).fetchall()}
    for (url,) in con.execute("SELECT DISTINCT url FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))",
                              [urls]).fetchall():
        found[str(url)] = ("already present", 0)
    return found


def record_fetches(con: duckdb.DuckDBPyConnection, outcomes: list[tuple[str, str | None, str, str, str]]) -> None:
    """Record (url, feed url, outcome, article id, reason) per fetched URL, in one transaction;
    a refusal adds one to the URL's failed attempts, a stored article resets them."""
    latest = {o[0]: o for o in outcomes}  # one row per URL: DuckDB upserts a key once per statement
    if not latest:
        return
    now = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        for url, feed_url, status, article_id, reason in latest.values():
            con.execute("""INSERT INTO fetched_items VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET feed_url = coalesce(excluded.feed_url, fetched_items.feed_url),
                    article_id = excluded.article_id, status = excluded.status, reason = excluded.reason,
                    attempts = CASE WHEN excluded.status = 'refused' THEN fetched_items.attempts + 1 ELSE 0 END,
                    fetched_at = excluded.fetched_at""",
                        [url, feed_url, article_id or None, status, reason or None,
                         1 if status == "refused" else 0, now])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
