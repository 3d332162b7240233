"""Fetching against a real HTTP server on 127.0.0.1: the limits (size, time, redirects, schemes,
private addresses, pacing), content types and charsets, feeds told from pages."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import FetchFailed
from core.fetch import USER_AGENT, Fetcher, normal_url
from core.fetch import http as fetch_http
from core.fetch.feeds import parse_feed
from core.fetch.pages import read_page
from core.fetch.urls import is_public, looks_like_url
from core.settings import Settings
from tests.newsserver import ARTICLES, NewsServer, Route, article_html, news_site, serving

JAPANESE = "日興アセットマネジメントは、世界のロボット関連株に投資するファンドの純資産が五千億円を回復したと発表した。" * 3


@pytest.fixture(scope="module")
def site() -> Iterator[NewsServer]:
    routes = news_site(stream_bytes=400_000, slow_s=2.0)
    routes["/declared-huge.html"] = Route(b"<p>small</p>", headers={"Content-Length": "999999999"})
    routes["/gzipped.html"] = Route(article_html(*ARTICLES["bosera-cloud"]), gzip=True)
    routes["/euc-jp.html"] = Route(f"<html><body><article><h1>ロボット株ファンド</h1><p>{JAPANESE}</p></article>"
                                   f"</body></html>".encode("euc_jp"), "text/html; charset=EUC-JP")
    routes["/menu.html"] = Route(b"<html><body><ul><li><a href='/a'>Markets</a></li><li><a href='/b'>Funds</a></li>"
                                 b"</ul></body></html>")
    routes["/with-feed-link.html"] = Route(b"<html><head><link rel='alternate' type='application/rss+xml' "
                                           b"href='/feeds/ai-funds.rss'></head><body><p>Home</p></body></html>")
    routes["/not-a-feed.xml"] = Route(b"<?xml version='1.0'?><catalogue><fund>ChinaAMC</fund></catalogue>",
                                      "application/xml")
    routes["/feed-as-html.xml"] = Route(routes["/feeds/ai-funds.rss"].body, "text/html")
    for i in range(8):  # a chain of redirects /hop0 -> /hop1 -> ... -> /hop7 -> the article
        target = f"/hop{i + 1}" if i < 7 else "/news/gf-ai-pc.html"
        routes[f"/hop{i}"] = Route(status=301, headers={"Location": target})
    routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with serving(routes) as server:
        yield server


def settings(tmp_path: Path, **changes: object) -> Settings:
    base = Settings(db_path=tmp_path / "news.duckdb", use_model=False, fetch_timeout_s=0.5, fetch_host_interval_s=0,
                    fetch_allow_private=True, max_file_bytes=200_000)
    return base.with_(**changes)


def failure(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchFailed) as caught:
        fetcher.get(url)
    assert caught.value.file_name == url
    return caught.value.reason


def test_fetcher_names_the_project_and_reads_gzip(site: NewsServer, tmp_path: Path) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        got = fetcher.get(site.url("/gzipped.html"))
    assert got.status == 200 and got.media_type == "text/html" and got.charset == "utf_8"
    assert b"Bosera Fund said" in got.body
    assert site.agents[-1] == USER_AGENT and "news tracker" in USER_AGENT


@pytest.mark.parametrize(("path", "words"), [
    ("/news/gone.html", "not found (HTTP 404)"),
    ("/news/slow.html", "timed out (no answer within 0.5 s)"),
    ("/news/huge.html", "too large (over the 195.3 KB limit)"),
    ("/declared-huge.html", "too large (953.7 MB, over the 195.3 KB limit)"),
    ("/news/loop-a.html", "redirect loop"),
    ("/hop0", "too many redirects (more than 5)"),
    ("/to-file", "redirected to a URL we do not fetch: only http and https URLs are fetched"),
])
def test_each_failure_is_one_plain_reason(site: NewsServer, tmp_path: Path, path: str, words: str) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        reason = failure(fetcher, site.url(path))
    assert reason.startswith(words) and "\n" not in reason


def test_redirects_are_followed_up_to_the_limit(site: NewsServer, tmp_path: Path) -> None:
    with Fetcher(settings(tmp_path, fetch_max_redirects=8)) as fetcher:
        got = fetcher.get(site.url("/hop0"))
    assert got.url == site.url("/hop0") and got.final_url == site.url("/news/gf-ai-pc.html")
    assert b"GF Fund Management" in got.body


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "gopher://host/1", "http:///nohost"])
def test_only_http_and_https_are_fetched(tmp_path: Path, url: str) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        reason = failure(fetcher, url)
    assert "only http and https" in reason or "no host" in reason
    assert looks_like_url(url)


def test_a_url_with_a_line_break_is_refused_on_one_line(tmp_path: Path) -> None:
    with Fetcher(settings(tmp_path)) as fetcher, pytest.raises(FetchFailed) as caught:
        fetcher.get("http://127.0.0.1/a\nerror: forged line")
    assert "\n" not in str(caught.value) and caught.value.reason == "the URL contains spaces or control characters"


def test_private_addresses_are_refused_unless_allowed(site: NewsServer, tmp_path: Path) -> None:
    before = len(site.hits)
    with Fetcher(settings(tmp_path, fetch_allow_private=False)) as fetcher:
        for host in ("127.0.0.1", "localhost"):
            reason = failure(fetcher, f"http://{host}:{site.port}/news/gf-ai-pc.html")
            assert "loopback or private-network address" in reason and "NEWS_ALLOW_PRIVATE_URLS" in reason
    assert len(site.hits) == before
    with Fetcher(settings(tmp_path, fetch_allow_private=True)) as fetcher:
        assert fetcher.get(site.url("/news/gf-ai-pc.html")).status == 200


def test_the_address_connected_to_is_checked_too(site: NewsServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A host name can resolve to a public address when checked and a private one a moment later."""
    monkeypatch.setattr(fetch_http, "check_public_host", lambda url: None)
    before = len(site.hits)
    with Fetcher(settings(tmp_path, fetch_allow_private=False)) as fetcher:
        reason = failure(fetcher, site.url("/news/gf-ai-pc.html"))
    assert "loopback or private-network address (127.0.0.1)" in reason
    assert len(site.hits) == before


@pytest.mark.parametrize(("address", "public"), [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.9", False), ("192.168.1.1", False), ("169.254.1.1", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False), ("fd00::1", False), ("fe80::1%eth0", False),
    ("::ffff:192.168.0.1", False), ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("224.0.0.1", False),
])
def test_public_addresses_are_told_from_private_ones(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_requests_to_one_host_are_paced(site: NewsServer, tmp_path: Path) -> None:
    clock = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds
    fetcher = Fetcher(settings(tmp_path, fetch_host_interval_s=2.0), sleep=sleep, clock=lambda: clock[0])
    with fetcher:
        fetcher.get(site.url("/news/gf-ai-pc.html"))
        clock[0] += 0.5
        fetcher.get(site.url("/news/bosera-cloud.html"))  # same host, 0.5 s later: waits 1.5 s
        fetcher.get(f"http://localhost:{site.port}/news/bosera-cloud.html")  # another host name: no wait
    assert waits == [1.5]


@pytest.mark.parametrize(("raw", "normal"), [
    ("HTTP://Example.COM:80/news/a.html#comments", "http://example.com/news/a.html"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/a?id=7&utm_source=rss&utm_medium=feed", "https://example.com:8443/a?id=7"),
    ("https://example.com/a?fbclid=x", "https://example.com/a"),
])
def test_urls_are_compared_in_a_normal_form(raw: str, normal: str) -> None:
    assert normal_url(raw) == normal


def test_article_page_becomes_a_document_with_its_url_and_metadata(site: NewsServer, tmp_path: Path) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        doc = read_page(fetcher.get(site.url("/news/efund-robots.html")))
    assert doc.url == doc.file_name == site.url("/news/efund-robots.html")
    assert doc.title == ARTICLES["efund-robots"][0] and doc.published == "2024-06-03" and doc.source == "AI Fund Wire"
    assert "E Fund Management said" in doc.text and "Markets" not in doc.text


def test_the_charset_the_server_declares_is_used(site: NewsServer, tmp_path: Path) -> None:
    """EUC-JP without a <meta> charset: detection alone reads it as Chinese mojibake."""
    with Fetcher(settings(tmp_path)) as fetcher:
        doc = read_page(fetcher.get(site.url("/euc-jp.html")))
    assert JAPANESE[:40] in doc.text


@pytest.mark.parametrize(("path", "words"), [
    ("/news/chart.png", "not an article (content type image/png)"),
    ("/menu.html", "not an article: no article text found in the HTML"),
    ("/feeds/etf.atom", "not an article (the URL is a feed)"),
])
def test_pages_without_an_article_are_refused(site: NewsServer, tmp_path: Path, path: str, words: str) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        got = fetcher.get(site.url(path))
    with pytest.raises(FetchFailed) as caught:
        read_page(got)
    assert caught.value.reason == words


def test_feeds_are_read_and_relative_links_resolved(site: NewsServer, tmp_path: Path) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        rss = parse_feed(fetcher.get(site.url("/feeds/ai-funds.rss")), 100)
        atom = parse_feed(fetcher.get(site.url("/feeds/etf.atom")), 100)
        as_html = parse_feed(fetcher.get(site.url("/feed-as-html.xml")), 2)
    assert rss.title == "AI Fund Wire" and len(rss.items) == 9
    assert rss.items[0].link == site.url("/news/chinaamc-star-ai.html") and rss.items[0].published == "2024-09-02"
    assert [i.link for i in atom.items] == [site.url("/news/harvest-ai-etf.html"), site.url("/news/gf-ai-pc.html")]
    assert len(as_html.items) == 2  # a feed served as text/html is still a feed; max_items holds


@pytest.mark.parametrize(("path", "words"), [
    ("/feeds/broken.rss", "malformed feed (mismatched tag at line 1, column "),
    ("/not-a-feed.xml", "not a feed (no RSS or Atom root element)"),
    ("/news/gf-ai-pc.html", "not a feed (an HTML page)"),
    ("/with-feed-link.html", "not a feed (an HTML page); the page links to a feed at /feeds/ai-funds.rss"),
])
def test_what_is_not_a_feed_is_named(site: NewsServer, tmp_path: Path, path: str, words: str) -> None:
    with Fetcher(settings(tmp_path)) as fetcher:
        got = fetcher.get(site.url(path))
    with pytest.raises(FetchFailed) as caught:
        parse_feed(got, 100)
    assert caught.value.reason.startswith(words)
