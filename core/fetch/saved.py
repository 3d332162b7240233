"""Saved feeds: adding one (checked to be a feed first), removing, listing, and refreshing them.

`python -m core refresh` (from cron or a systemd timer) and the dashboard's Sources page both call
`refresh_feeds`; each feed's last refresh is recorded for `feeds list` and the page.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable

import pandas as pd

from core import store
from core.errors import FetchFailed
from core.fetch import feeds as feed_format
from core.fetch.follow import FeedReport, ingest_feed
from core.fetch.http import Fetcher
from core.fetch.urls import check_url, normal_url
from core.run.batches import INGESTED, PRESENT, REFUSED, Progress
from core.settings import Settings
from core.store import sources


def add_feed(url: str, settings: Settings, name: str | None = None,
             fetcher: Fetcher | None = None) -> tuple[sources.SavedFeed, int, bool]:
    """Fetch `url` once to check it is a feed, then save it under `name` (default: the feed's
    title). Returns the saved feed, how many items it lists now, and whether it is new (False:
    it was saved already). Raises FetchFailed naming the URL when it is not a readable feed."""
    url = normal_url(check_url(url))
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        feed = feed_format.parse_feed(fetcher.get(url, accept=feed_format.ACCEPT), settings.feed_max_items)
    finally:
        if own:
            fetcher.close()
    name = (name or "").strip() or feed.title or url
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        added = sources.add_feed(con, url, name)
        saved = next(f for f in sources.saved_feeds(con, [url]))
    return saved, len(feed.items), added


def remove_feed(url_or_name: str, settings: Settings) -> list[str]:
    """Forget a saved feed by URL or name; its articles stay. Returns the URLs removed."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        removed = sources.remove_feed(con, url_or_name.strip())
        if not removed and "://" in url_or_name:
            with contextlib.suppress(ValueError):  # not a URL after all
                removed = sources.remove_feed(con, normal_url(url_or_name))
    return removed


def feed_table(settings: Settings) -> pd.DataFrame:
    """The saved feeds with their last refresh (see `core.store.sources.feed_table`)."""
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        return sources.feed_table(con)


def refresh_feed(feed: sources.SavedFeed, settings: Settings, fetcher: Fetcher,
                 progress: Progress | None = None) -> FeedReport:
    """Fetch one saved feed (conditionally: an unchanged feed costs one short answer), ingest its
    new items, and record what it found."""
    report = FeedReport(feed.url, feed.name)
    etag = modified = None
    try:
        got = fetcher.get(feed.url, accept=feed_format.ACCEPT, etag=feed.etag, last_modified=feed.last_modified)
        etag, modified = got.etag, got.last_modified
        if got.status == 304:
            report.not_modified = True
        else:
            report.results = ingest_feed(feed_format.parse_feed(got, settings.feed_max_items), settings, fetcher,
                                         progress)
    except FetchFailed as failure:
        report.error = failure.reason
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        sources.record_refresh(con, feed, report.count(INGESTED), report.count(PRESENT), report.count(REFUSED),
                               report.last_error, etag, modified)
    return report


def refresh_feeds(settings: Settings, urls: list[str] | None = None,
                  progress: Callable[[float, str], None] | None = None,
                  fetcher: Fetcher | None = None) -> list[FeedReport]:
    """Refresh every saved feed (or those of `urls`), one after another. `progress(fraction,
    what)` is called as items are stored, for a progress bar."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        todo = sources.saved_feeds(con, urls)
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    reports = []
    try:
        for i, feed in enumerate(todo):
            def step(done: int, total: int, name: str, i: int = i, feed: sources.SavedFeed = feed) -> None:
                if progress:
                    progress((i + done / max(total, 1)) / len(todo), f"{feed.name}: {name}")
            if progress:
                progress(i / len(todo), feed.name)
            reports.append(refresh_feed(feed, settings, fetcher, step))
        if progress and todo:
            progress(1.0, "done")
    finally:
        if own:
            fetcher.close()
    return reports
