"""Following feeds end to end against our own news site on 127.0.0.1: `ingest URL...`, saved feeds,
`refresh`; good items stored once, one line per bad one, nothing stored fetched again."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from core.cli.main import main
from core.fetch import ingest_urls
from core.run import INGESTED, PRESENT, REFUSED
from core.settings import Settings
from tests.newsserver import ARTICLES, BAD_ITEMS, GOOD_ATOM, GOOD_RSS, NewsServer, news_site, serving

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--timeout", "1", "--pause", "0"]  # the slow page sleeps 3 s; our own server needs no pacing


@pytest.fixture
def site() -> Iterator[NewsServer]:
    routes = news_site(stream_bytes=51 * 1024 * 1024, slow_s=3.0)
    routes["/feeds/etf.atom"].headers["ETag"] = '"etf-v1"'
    with serving(routes) as server:
        yield server


def articles(db: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [(str(u), str(t), str(s)) for u, t, s in
                con.execute("SELECT url, title, source FROM articles ORDER BY url").fetchall()]


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args, "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_ingest_feeds_stores_good_items_once_and_names_each_bad_one(site: NewsServer, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    feeds = [site.url("/feeds/ai-funds.rss"), site.url("/feeds/etf.atom"), site.url("/feeds/broken.rss")]
    first = cli("ingest", *feeds, "--no-model", *FAST, db=db)
    assert first.returncode == 1, first.stderr
    lines = first.stderr.strip().splitlines()
    expected = {site.url(path): words for path, words in BAD_ITEMS.items()}
    expected[site.url("/feeds/broken.rss")] = "malformed feed"
    assert len(lines) == len(expected), first.stderr  # one line per bad item, no traceback
    for url, words in expected.items():
        assert sum(line.startswith(f"error: {url}: {words}") for line in lines) == 1, (url, first.stderr)
    good = GOOD_RSS + GOOD_ATOM
    assert first.stdout.strip().startswith(f"{len(good)} ingested, 1 already present, {len(expected)} refused")
    stored = articles(db)
    assert [u for u, _, _ in stored] == sorted(site.url(f"/news/{s}.html") for s in good)
    assert {t for _, t, _ in stored} == {ARTICLES[s][0] for s in good}
    assert {s for _, _, s in stored} == {"AI Fund Wire"}

    site.hits.clear()
    second = cli("ingest", *feeds, "--no-model", *FAST, db=db)
    assert second.stdout.strip().startswith(f"0 ingested, {len(good) + 1} already present")
    assert articles(db) == stored
    for slug in good:  # stored: not asked for again
        assert site.count(f"/news/{slug}.html") == 0
    assert site.count("/news/copy-of-chinaamc.html") == 0  # a copy by content is remembered too
    assert site.count("/news/gone.html") == 1  # failures are tried again, and said again
    assert second.returncode == 1


def test_an_article_url_is_stored_with_its_url_and_not_fetched_twice(site: NewsServer, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "news.duckdb"
    page = site.url("/news/bosera-cloud.html")
    assert main(["ingest", page + "?utm_source=newsletter", "--db", str(db), "--no-model", *FAST]) == 0
    assert articles(db) == [(page, ARTICLES["bosera-cloud"][0], "AI Fund Wire")]
    assert main(["ingest", site.url("/feeds/ai-funds.rss"), page, "--db", str(db), "--no-model", *FAST]) == 1
    assert site.count("/news/bosera-cloud.html") == 1  # neither the feed's item nor the second ingest fetched it
    out = capsys.readouterr()
    assert f"error: {page}" not in out.err


def test_saved_feeds_are_added_listed_refreshed_and_removed(site: NewsServer, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "news.duckdb")]
    assert main(["feeds", "add", site.url("/feeds/etf.atom"), *db, *FAST]) == 0
    assert main(["feeds", "add", site.url("/feeds/ai-funds.rss"), "--name", "Wire: all AI funds", *db, *FAST]) == 0
    assert "saved feed 'AI Fund Wire ETFs'" in capsys.readouterr().out
    assert main(["feeds", "add", site.url("/news/gf-ai-pc.html"), *db, *FAST]) == 1
    assert main(["feeds", "add", site.url("/feeds/broken.rss"), *db, *FAST]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {site.url('/news/gf-ai-pc.html')}: not a feed (an HTML page); not saved",
                   f"error: {site.url('/feeds/broken.rss')}: malformed feed (mismatched tag at line 1, column 114); "
                   "not saved"]
    assert main(["feeds", "list", *db]) == 0
    listed = capsys.readouterr().out
    assert "AI Fund Wire ETFs" in listed and "Wire: all AI funds" in listed and listed.count("last fetched: never") == 2

    assert main(["refresh", *db, "--no-model", *FAST]) == 1  # the RSS feed's bad items
    out = capsys.readouterr()
    assert "AI Fund Wire ETFs: 2 new, 0 already present, 0 refused" in out.out
    assert f"Wire: all AI funds: 3 new, 1 already present, {len(BAD_ITEMS)} refused" in out.out
    assert len(out.err.splitlines()) == len(BAD_ITEMS)
    assert main(["feeds", "list", *db]) == 0
    listed = capsys.readouterr().out
    assert "last error: " + site.url("/news/loop-a.html") + ": redirect loop" in listed
    assert "2 articles in all" in listed and "3 articles in all" in listed

    site.hits.clear()
    assert main(["refresh", site.url("/feeds/etf.atom"), *db, "--no-model", *FAST]) == 0
    assert "AI Fund Wire ETFs: not modified" in capsys.readouterr().out  # the ETag was sent back
    assert site.hits == ["/feeds/etf.atom"]

    assert main(["feeds", "remove", "Wire: all AI funds", *db]) == 0
    assert main(["feeds", "remove", "no such feed", *db]) == 1
    main(["feeds", "list", *db])
    listed = capsys.readouterr().out
    assert "Wire: all AI funds" not in listed and "AI Fund Wire ETFs" in listed
    assert len(articles(tmp_path / "news.duckdb")) == 5  # removing a feed keeps its articles


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_a_failing_item_is_given_up_after_the_attempt_limit(site: NewsServer, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "news.duckdb")]
    main(["feeds", "add", site.url("/feeds/ai-funds.rss"), *db, *FAST])
    for _ in range(Settings().fetch_max_attempts):
        assert main(["refresh", *db, "--no-model", *FAST]) == 1
    last = capsys.readouterr().err
    assert "not found (HTTP 404); not tried again after 3 failures" in last
    site.hits.clear()
    assert main(["refresh", *db, "--no-model", *FAST]) == 0  # nothing new failed
    assert site.hits == ["/feeds/ai-funds.rss"]
    assert f"AI Fund Wire: 0 new, 4 already present, 0 refused, {len(BAD_ITEMS)} given up after repeated failures" \
        in capsys.readouterr().out


def test_a_feed_that_fails_is_one_line_and_its_last_error_is_kept(site: NewsServer, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "news.duckdb")]
    main(["feeds", "add", site.url("/feeds/etf.atom"), *db, *FAST])
    site.routes["/feeds/etf.atom"] = site.routes["/news/gone.html"]
    assert main(["refresh", *db, "--no-model", *FAST]) == 1
    out = capsys.readouterr()
    assert out.err.strip() == f"error: {site.url('/feeds/etf.atom')}: not found (HTTP 404)"
    main(["feeds", "list", *db])
    assert "last error: not found (HTTP 404)" in capsys.readouterr().out


def test_the_dashboard_setting_refuses_private_addresses(site: NewsServer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWS_ALLOW_PRIVATE_URLS", raising=False)
    settings = Settings(db_path=tmp_path / "news.duckdb", use_model=False, fetch_host_interval_s=0)
    results = ingest_urls([site.url("/feeds/etf.atom")], settings)
    assert [(r.status, r.file_name) for r in results] == [(REFUSED, site.url("/feeds/etf.atom"))]
    assert "loopback or private-network address" in results[0].reason and site.hits == []
    monkeypatch.setenv("NEWS_ALLOW_PRIVATE_URLS", "1")
    settings = Settings(db_path=tmp_path / "news.duckdb", use_model=False, fetch_host_interval_s=0)
    results = ingest_urls([site.url("/feeds/etf.atom")], settings)
    assert [r.status for r in results] == [INGESTED, INGESTED]
    assert [r.status for r in ingest_urls([site.url("/feeds/etf.atom")], settings)] == [PRESENT, PRESENT]


def test_item_links_that_are_not_web_addresses_are_named_not_fetched(site: NewsServer, tmp_path: Path) -> None:
    from tests.newsserver import Route, rss

    site.routes["/feeds/odd.rss"] = Route(rss("Odd links", [("Mail the desk", "mailto:desk@aifundwire.test"),
                                                            ("Good", "/news/gf-ai-pc.html")]), "application/rss+xml")
    settings = Settings(db_path=tmp_path / "news.duckdb", use_model=False, fetch_host_interval_s=0,
                        fetch_allow_private=True)
    results = ingest_urls([site.url("/feeds/odd.rss")], settings)
    assert sorted((r.status, r.file_name, r.reason) for r in results) == [
        (INGESTED, site.url("/news/gf-ai-pc.html"), ""),
        (REFUSED, "mailto:desk@aifundwire.test", "only http and https URLs are fetched, not mailto:")]
