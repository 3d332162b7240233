"""Fetching the news from the web: article pages and RSS/Atom feeds, with the limits of a polite
and careful fetcher, into the same pipeline as files.

    urls    which URLs are fetched, their normal form, public and private addresses
    http    GET with timeouts, size cap, bounded redirects, User-Agent, per-host pacing
    feeds   RSS and Atom read with feedparser: items' links, titles and dates
    pages   a fetched page to a `Document` (HTML through trafilatura, PDF, plain text)
    follow  URLs and feeds ingested; stored URLs never fetched again
    saved   saved feeds: add (checked), remove, list, refresh
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.fetch.follow import FeedReport, ingest_urls
    from core.fetch.http import USER_AGENT, Fetcher
    from core.fetch.saved import add_feed, feed_table, refresh_feeds, remove_feed
    from core.fetch.urls import looks_like_url, normal_url

__all__ = ["USER_AGENT", "FeedReport", "Fetcher", "add_feed", "feed_table", "ingest_urls", "looks_like_url",
           "normal_url", "refresh_feeds", "remove_feed"]

# Imported on first use: `follow` and `saved` bring the analysis pipeline (spaCy) with them, which
# `python -m core feeds list` or a URL check need not load.
_LAZY = {"FeedReport": "follow", "ingest_urls": "follow", "USER_AGENT": "http", "Fetcher": "http",
         "add_feed": "saved", "feed_table": "saved", "refresh_feeds": "saved", "remove_feed": "saved",
         "looks_like_url": "urls", "normal_url": "urls"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"core.fetch.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'core.fetch' has no attribute {name!r}")
