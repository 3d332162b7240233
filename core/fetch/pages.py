"""A fetched page to a `Document`: the same readers as files, chosen by the content type.

HTML goes through trafilatura (text and metadata, menus and index pages refused), PDF and plain
text through their file readers. Anything else is "not an article", with its content type.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from core.errors import FetchFailed
from core.fetch.feeds import FeedItem, looks_like_feed
from core.fetch.http import Fetched
from core.read.document import Document
from core.read.html import read_html
from core.read.limits import Refused
from core.read.pdf import read_pdf
from core.read.text import read_text

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html, application/xhtml+xml;q=0.9, application/pdf;q=0.8, text/plain;q=0.5"


def read_page(fetched: Fetched, item: FeedItem | None = None, feed_title: str | None = None) -> Document:
    """The article in a fetched page, named by its URL; raises FetchFailed "not an article: ...".

    What the page lacks (title, date, publisher) is taken from its feed item and feed, when the
    page came from a feed.
    """
    url = fetched.url
    if looks_like_feed(fetched):
        raise FetchFailed(url, "not an article (the URL is a feed)")
    media = fetched.media_type
    try:
        if media in HTML_TYPES or (not media and fetched.body.lstrip()[:1] == b"<"):
            doc = read_html(url, fetched.body, charset=fetched.charset)
        elif media == "application/pdf":
            doc = read_pdf(url, fetched.body)
        elif media == "text/plain":
            doc = read_text(url, fetched.body)
        else:
            raise FetchFailed(url, f"not an article (content type {media or 'not given'})")
    except Refused as refusal:
        raise FetchFailed(url, f"not an article: {refusal.reason}") from None
    except FetchFailed:
        raise
    except Exception:  # the safety net, as for files: one bad page costs itself only
        log.exception("unexpected error reading %s", url)
        raise FetchFailed(url, "not an article: the page could not be read") from None
    return replace(doc, url=url, title=doc.title or (item.title if item else None),
                   published=doc.published or (item.published if item else None),
                   source=doc.source or feed_title)
