"""A real HTTP server on 127.0.0.1 serving a small news site written for the tests: article pages,
an RSS and an Atom feed, and every kind of bad link a feed can hold. Every request is logged, so a
test can tell what was fetched. Names and figures are real facts; every sentence is our own."""
from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before the answer: a slow server
    stream_bytes: int = 0  # send this many bytes without a Content-Length: an endless page cut by our limit
    gzip: bool = False


ARTICLES = {
    "chinaamc-star-ai": ("ChinaAMC's STAR Market AI ETF draws fresh money", "2024-05-08", [
        "China Asset Management said on Wednesday that its STAR Market artificial intelligence ETF took in "
        "1.2 billion yuan of new subscriptions in the first week of May as investors bought chip designers.",
        "The fund house said computing power and AI chip stocks now make up more than half of the index, "
        "and it expects domestic AI server shipments to grow by about 30% a year through 2027.",
        "Fund manager Zhang Hong said the pull-back in April had made valuations easier to defend."]),
    "efund-robots": ("E Fund adds humanoid robot makers to its innovation fund", "2024-06-03", [
        "E Fund Management said it raised the weight of humanoid robot component makers in its technology "
        "innovation fund to 12% at the end of May, up from 7% three months earlier.",
        "The fund house expects falling costs of actuators and sensors to bring the first factory "
        "deployments forward, while warning that orders remain small and uneven.",
        "Analysts at the company put China's humanoid robot market at 2.76 billion yuan in 2024."]),
    "bosera-cloud": ("Bosera sees large models lifting cloud spending", "2024-07-15", [
        "Bosera Fund said in its second-quarter letter that training and serving large models has become "
        "the main driver of cloud computing capital spending among Chinese internet platforms.",
        "The fund house increased holdings of data centre operators and optical module suppliers, and said "
        "it was cautious on application software whose revenue has yet to follow the hype."]),
    "harvest-ai-etf": ("Harvest Fund files for an AI industry ETF", "2024-08-21", [
        "Harvest Fund Management filed with the securities regulator on Tuesday for an exchange-traded fund "
        "tracking Chinese artificial intelligence companies across chips, models and applications.",
        "The company said the product would charge a management fee of 0.5% a year and would be managed by "
        "its quantitative investment team."]),
    "gf-ai-pc": ("GF Fund bets on AI PCs reviving chip demand", "2024-09-10", [
        "GF Fund Management said it expects personal computers with on-device AI to lift demand for memory "
        "chips in 2025, as companies replace machines bought during the pandemic.",
        "The fund house added to positions in storage chip makers and said consumer electronics inventories "
        "had returned to normal levels in most channels."]),
}

# A fund desk's stories: the figures a fund is reported with (size, flows, returns, a fee), for the
# Funds page's facts. The funds and houses are real; the figures are ours, for the tests.
FUND_DESK = {
    "efund-ai-etf-september": ("E Fund's AI ETF draws fresh money", "2024-10-15", [
        "E Fund CSI Artificial Intelligence Theme ETF, a 5.2 billion yuan fund, drew 640 million yuan of "
        "inflows in September as investors returned to computing power stocks.",
        "E Fund CSI Artificial Intelligence Theme ETF returned 24.6% in the third quarter, ahead of the "
        "CSI 300 index.",
        "Fund manager Zhang Zhan said cloud spending by Chinese platforms would keep supporting chip designers."]),
    "chinaamc-ai-etf-november": ("Investors take profits in ChinaAMC's AI ETF", "2024-11-20", [
        "ChinaAMC CSI Artificial Intelligence Theme ETF, a 3.1 billion yuan fund, saw 210 million yuan of "
        "outflows in November after a strong October.",
        "ChinaAMC CSI Artificial Intelligence Theme ETF returned 18.2% this year.",
        "China Asset Management manages 1.8 trillion yuan in total and said it still favours AI applications "
        "over hardware."]),
    "efund-ai-etf-december": ("E Fund's AI ETF keeps growing", "2025-01-08", [
        "E Fund CSI Artificial Intelligence Theme ETF, a 6.1 billion yuan fund, drew 350 million yuan of "
        "inflows in December.",
        "E Fund Management said demand for AI funds stayed strong at the start of the year."]),
}


def article_html(title: str, date: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='AI Fund Wire'><meta name='date' content='{date}'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>AI Fund Wire</footer></body></html>").encode()


def rss(title: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>Mon, 02 Sep 2024 08:00:00 GMT</pubDate>"
                    f"</item>" for t, link in links)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>http://example.invalid/</link><description>AI fund news</description>{items}"
            f"</channel></rss>").encode()


def atom(title: str, links: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<entry><title>{t}</title><link href='{link}'/><id>tag:aifundwire,2024:{link}</id>"
                      f"<updated>2024-09-02T08:00:00Z</updated></entry>" for t, link in links)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>"
            f"<id>tag:aifundwire,2024:etf</id><updated>2024-09-02T08:00:00Z</updated>{entries}</feed>").encode()


GOOD_RSS = ["chinaamc-star-ai", "efund-robots", "bosera-cloud"]
GOOD_ATOM = ["harvest-ai-etf", "gf-ai-pc"]
# The RSS feed's bad items: path -> the words its error line must hold.
BAD_ITEMS = {"/news/gone.html": "not found (HTTP 404)", "/news/slow.html": "timed out",
             "/news/huge.html": "too large", "/news/chart.png": "not an article (content type image/png)",
             "/news/loop-a.html": "redirect loop"}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def news_site(stream_bytes: int = 2_000_000, slow_s: float = 3.0) -> dict[str, Route]:
    """The site: good articles, both feeds, a malformed feed, and one route per bad item."""
    site = {f"/news/{slug}.html": Route(article_html(*ARTICLES[slug])) for slug in ARTICLES}
    site.update({f"/funds/{slug}.html": Route(article_html(*FUND_DESK[slug])) for slug in FUND_DESK})
    site["/feeds/fund-desk.rss"] = Route(rss("AI Fund Desk", [(FUND_DESK[s][0], f"/funds/{s}.html") for s in FUND_DESK]),
                                         "application/rss+xml")
    # The same story again under another address: stored once, by content.
    site["/news/copy-of-chinaamc.html"] = Route(article_html(*ARTICLES["chinaamc-star-ai"]))
    rss_links = [(ARTICLES[s][0], f"/news/{s}.html") for s in GOOD_RSS]
    rss_links += [("A copy", "/news/copy-of-chinaamc.html")] + [(f"Bad {p}", p) for p in BAD_ITEMS]
    site["/feeds/ai-funds.rss"] = Route(rss("AI Fund Wire", rss_links), "application/rss+xml")
    # Atom links are relative: resolved against the feed's address.
    site["/feeds/etf.atom"] = Route(atom("AI Fund Wire ETFs", [(ARTICLES[s][0], f"../news/{s}.html") for s in GOOD_ATOM]),
                                    "application/atom+xml")
    site["/feeds/broken.rss"] = Route(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title>"
                                      b"<item><title>Half an item</link></item>", "application/rss+xml")
    site["/news/gone.html"] = Route(b"<html><body>gone</body></html>", status=404)
    site["/news/slow.html"] = Route(article_html("Slow", "2024-01-01", ["A slow page."]), delay_s=slow_s)
    site["/news/huge.html"] = Route(stream_bytes=stream_bytes)
    site["/news/chart.png"] = Route(PNG, "image/png")
    site["/news/loop-a.html"] = Route(status=302, headers={"Location": "/news/loop-b.html"})
    site["/news/loop-b.html"] = Route(status=302, headers={"Location": "/news/loop-a.html"})
    return site


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (the timeout tests do) is expected: no report on stderr,
    where the tests read the command's own lines."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class NewsServer:
    """The site served on 127.0.0.1 (a free port) in a background thread; `hits` logs every path."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        self.agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                server.hits.append(self.path)
                server.agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(self.path.split("?")[0], Route(b"no such page", "text/plain", 404))
                if route.delay_s:
                    time.sleep(route.delay_s)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.stream_bytes:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    chunk = b"<p>" + b"x" * 65530 + b"</p>"
                    try:
                        for _ in range(route.stream_bytes // len(chunk) + 1):
                            self.wfile.write(chunk)
                    except OSError:  # the client hung up at its limit, as it should
                        pass
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(body)))
                else:  # a false length: the client must refuse it before reading
                    self.close_connection = True
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up (a timeout test)
                    self.wfile.write(body)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(h.split("?")[0] == path for h in self.hits)


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[NewsServer]:
    server = NewsServer(routes)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
