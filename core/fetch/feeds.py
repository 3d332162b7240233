"""RSS and Atom feeds read with feedparser: the feed's title and its items' links and metadata.

feedparser is given the bytes we fetched, never a URL, so it fetches nothing itself (and its
XML parser does not load external entities). It reads many feeds that are not quite well-formed;
we take their items, and call a feed malformed only when nothing usable could be read.
"""
from __future__ import annotations

import logging
import re
import time
import xml.sax
from dataclasses import dataclass

import feedparser

from core.errors import FetchFailed
from core.fetch.http import Fetched
from core.read.meta import one_line

log = logging.getLogger(__name__)

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml")
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8"
# The root element of a feed, after an optional BOM, XML declaration, comments, processing
# instructions and doctype: how a feed served as text/html or text/plain is still recognised.
_FEED_ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
                        rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.DOTALL | re.IGNORECASE)
_ALTERNATE = re.compile(rb"<link\b[^>]*\btype=[\"']application/(?:rss|atom)\+xml[\"'][^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str | None = None
    published: str | None = None  # ISO date


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    items: tuple[FeedItem, ...]


def looks_like_feed(fetched: Fetched) -> bool:
    """Whether a response is a feed: by its content type, or by its root element."""
    return fetched.media_type in FEED_TYPES or bool(_FEED_ROOT.match(fetched.body[:4096]))


def linked_feed(body: bytes) -> str | None:
    """The feed an HTML page links to (`<link rel="alternate" type="application/rss+xml">`), if any."""
    tag = _ALTERNATE.search(body[:200_000])
    href = _HREF.search(tag.group(0)) if tag else None
    return href.group(1).decode("utf-8", "replace") if href else None


def _iso(parsed: object) -> str | None:
    if isinstance(parsed, time.struct_time):
        return time.strftime("%Y-%m-%d", parsed)
    return None


def _where(exc: BaseException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def parse_feed(fetched: Fetched, max_items: int) -> Feed:
    """The feed in a response, its first `max_items` items with a link; raises FetchFailed when
    the body is not a feed, or a feed so malformed that no item could be read."""
    headers = {"content-type": fetched.media_type + (f"; charset={fetched.charset}" if fetched.charset else ""),
               "content-location": fetched.final_url}
    parsed = feedparser.parse(fetched.body, response_headers=headers, sanitize_html=False)
    if fetched.media_type in ("text/html", "application/xhtml+xml") and not _FEED_ROOT.match(fetched.body[:4096]):
        found = linked_feed(fetched.body)
        hint = f"; the page links to a feed at {found}" if found else ""
        raise FetchFailed(fetched.url, f"not a feed (an HTML page){hint}")
    if not parsed.get("version"):
        raise FetchFailed(fetched.url, "not a feed (no RSS or Atom root element)")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith(("http://", "https://"))
                                     else None)
        if link:
            items.append(FeedItem(str(link).strip(), one_line(entry.get("title")),
                                  _iso(entry.get("published_parsed") or entry.get("updated_parsed"))))
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        problem = _where(parsed["bozo_exception"])
        if not items:
            raise FetchFailed(fetched.url, f"malformed feed ({problem})")
        log.warning("%s: feed is not well-formed (%s); %d items read anyway", fetched.url, problem, len(items))
    return Feed(fetched.url, one_line(parsed.feed.get("title")), tuple(items[:max_items]))
