"""Following the news: article URLs and feeds into the database.

Every page goes through the same pipeline as a file (`core.run.ingest.ingest_items`), named by
its URL, so it gets the same guarantees: one result per item, whole articles only, the same
content never stored twice. A URL already stored is not fetched again; one that failed is tried
again on later refreshes until it has failed `Settings.fetch_max_attempts` times.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from core import store
from core.errors import FetchFailed, UnreadableFile
from core.fetch import feeds as feed_format
from core.fetch import pages
from core.fetch.http import Fetcher
from core.fetch.urls import check_url, normal_url
from core.read.document import Document
from core.run.batches import PRESENT, REFUSED, FileResult, Progress
from core.run.ingest import ingest_items
from core.settings import Settings
from core.store.sources import STORED, fetch_history, record_fetches

log = logging.getLogger(__name__)

GIVEN_UP = "given up"  # a feed item left out: it failed `fetch_max_attempts` times already
# Fetching, not analysis, is the slow part here: small batches store each page soon after it is
# fetched, so an interrupted run loses little and a progress bar moves smoothly.
_BATCH = 4


@dataclass
class FeedReport:
    """What one feed gave: counts of items, the feed's own failure, one result per item."""

    url: str
    name: str
    error: str | None = None
    not_modified: bool = False
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def last_error(self) -> str | None:
        """The feed's failure, or else the last item's, as one line."""
        if self.error:
            return self.error
        refused = [r for r in self.results if r.status == REFUSED]
        return f"{refused[-1].file_name}: {refused[-1].reason}" if refused else None


def _store_fetches(settings: Settings, feed_url: str | None, results: list[FileResult]) -> None:
    outcomes = [(r.file_name, feed_url, r.status, r.article_id, r.reason) for r in results]
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        record_fetches(con, outcomes)


def _history(settings: Settings, urls: list[str]) -> dict[str, tuple[str, int]]:
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        return fetch_history(con, urls)


def _ingest_pages(docs: Iterator[Document | UnreadableFile], settings: Settings, feed_url: str | None,
                  progress: Progress | None, total: int) -> list[FileResult]:
    results = ingest_items(docs, settings.with_(batch_size=min(settings.batch_size, _BATCH)), progress, total)
    _store_fetches(settings, feed_url, results)
    return results


def ingest_feed(feed: feed_format.Feed, settings: Settings, fetcher: Fetcher,
                progress: Progress | None = None) -> list[FileResult]:
    """Fetch and ingest the items of a parsed feed: stored ones are "already present" and those
    that failed too often before are "given up", both without a request; every other is fetched now."""
    links: dict[str, feed_format.FeedItem] = {}
    bad: dict[str, str] = {}  # an item link we will not fetch -> why; reported like a failed fetch
    for item in feed.items:
        try:
            links.setdefault(normal_url(check_url(urljoin(feed.url, item.link))), item)
        except FetchFailed as failure:
            bad.setdefault(failure.file_name, failure.reason)
        except ValueError:
            bad.setdefault(item.link.encode("unicode_escape").decode("ascii"), "not a valid URL")
    history = _history(settings, [*links, *bad])
    known, todo = [], []
    for url in [*links, *bad]:
        status, failures = history.get(url, ("", 0))
        if status in STORED:
            known.append(FileResult(url, PRESENT))
        elif failures >= settings.fetch_max_attempts:
            known.append(FileResult(url, GIVEN_UP, f"failed {failures} times"))
        else:
            todo.append(url)

    def docs() -> Iterator[Document | UnreadableFile]:
        for url in todo:
            if url in bad:
                yield FetchFailed(url, bad[url])
                continue
            try:
                yield pages.read_page(fetcher.get(url, accept=pages.ACCEPT), links[url], feed.title)
            except FetchFailed as failure:
                yield failure
    fetched = _ingest_pages(docs(), settings, feed.url, progress, len(todo))
    for i, r in enumerate(fetched):
        if r.status == REFUSED and history.get(r.file_name, ("", 0))[1] + 1 >= settings.fetch_max_attempts:
            fetched[i] = replace(r, reason=f"{r.reason}; not tried again after {settings.fetch_max_attempts} failures")
    return known + fetched


def ingest_urls(urls: list[str], settings: Settings, progress: Progress | None = None,
                fetcher: Fetcher | None = None) -> list[FileResult]:
    """Ingest article pages and feeds (every item of a feed): one result per article or failure.

    A URL already stored is "already present" without a request. Never raises for a bad URL or
    page; raises StoreBusy when the database stays locked.
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    results: list[FileResult] = []
    articles: list[Document | UnreadableFile] = []

    def flush() -> None:
        if articles:
            results.extend(_ingest_pages(iter(articles), settings, None, progress, len(articles)))
            articles.clear()
    try:
        wanted: list[str] = []
        for raw in urls:
            try:
                url = normal_url(check_url(raw))
            except FetchFailed as failure:
                results.append(FileResult(raw.strip(), REFUSED, failure.reason))
                continue
            if url not in wanted:
                wanted.append(url)
        history = _history(settings, wanted)
        for url in wanted:
            if history.get(url, ("", 0))[0] in STORED:
                results.append(FileResult(url, PRESENT))
                continue
            try:
                got = fetcher.get(url, accept=f"{pages.ACCEPT}, {feed_format.ACCEPT}")
                if feed_format.looks_like_feed(got) or got.media_type in feed_format.XML_TYPES:
                    feed = feed_format.parse_feed(got, settings.feed_max_items)
                    flush()
                    results.extend(ingest_feed(feed, settings, fetcher, progress))
                else:
                    articles.append(pages.read_page(got))
            except FetchFailed as failure:
                articles.append(failure)
        flush()
    finally:
        if own:
            fetcher.close()
    return results
