"""HTML pages: the article text and metadata trafilatura extracts; menus and index pages refused."""
from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

from core.read.decode import declared_charset, decode
from core.read.document import Document
from core.read.limits import Refused
from core.read.lines import join_paragraphs, normal_lines
from core.read.meta import iso_date, one_line

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# lxml (libxml2) stops nesting elements at this depth and drops what lies deeper, so a page nested
# past it loses its text. Such a page is read again with its container tags taken out.
MAX_DEPTH = 255
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
# Tags kept when flattening: those that carry the text, its paragraphs and the page's metadata
# (script and style too, so their contents are still recognised as code, not text).
_KEEP = {"html", "head", "title", "meta", "link", "body", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "a",
         "script", "style"}


class _LinkText(HTMLParser):
    """Collects the words inside <a> elements, to tell navigation from an article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.update(_WORD.findall(data.casefold()))


def _only_links(html: str, text: str) -> bool:
    """True when every word trafilatura kept is link text: a menu or index page, not an article."""
    parser = _LinkText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but a failure here must not lose the article
        logger.debug("html.parser gave up; keeping the extraction", exc_info=True)
        return False
    words = _WORD.findall(text.casefold())
    return all(word in parser.words for word in words)


def _depth(html: str) -> int:
    """How deep lxml nests the page's elements (at most MAX_DEPTH or so: it stops there)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - an unparsable page has no depth to speak of
        return 0
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _flattened(html: str) -> str:
    """The page without its container tags (div, span, table...), so nothing is nested deeply."""
    return _TAG.sub(lambda m: m.group(0) if m.group(1).lower() in _KEEP else "\n", html)


def _extract(html: str, name: str) -> dict[str, object]:
    try:
        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Markup dates only: the extensive search turns a "Copyright 2024" footer into 2024-01-01.
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception:
        logger.warning("trafilatura failed on %s", name, exc_info=True)
        return {}
    if extracted is None:
        return {}
    return extracted if isinstance(extracted, dict) else extracted.as_dict()


def read_html(name: str, data: bytes, charset: str | None = None) -> Document:
    """`charset` is one the server declared (HTTP Content-Type); it outranks the page's own <meta>."""
    html = decode(data, declared=charset or declared_charset(data))
    found = _extract(html, name)
    text = join_paragraphs(normal_lines(str(found.get("text") or "")))
    # Only short extractions can be a menu or a page cut at the nesting limit; parsing a long page
    # again would cost seconds for nothing.
    if len(text) < 1000 and _depth(html) >= MAX_DEPTH - 2:
        flat = _extract(_flattened(html), name)
        flat_text = join_paragraphs(normal_lines(str(flat.get("text") or "")))
        if len(flat_text) > len(text):
            found, text = flat, flat_text
        if not text:
            raise Refused(f"no article text found in the HTML (nested more than {MAX_DEPTH} levels deep)")
    if not text or (len(text) < 1000 and _only_links(html, text)):
        raise Refused("no article text found in the HTML")
    title = one_line(found.get("title"))
    source = one_line(found.get("sitename"))
    # Without og:site_name trafilatura reports the page title as the site name.
    if source and title and source.casefold() == title.casefold():
        source = None
    return Document(file_name=name, text=text, fmt="html", title=title, published=iso_date(found.get("date")),
                    author=one_line(found.get("author")), source=source)
