"""The Sources page through AppTest, against our own news site on 127.0.0.1 (tests/newsserver.py):
a feed refused as a private address by default and explained, saved once allowed, refreshed with
its items stored and shown per feed, a bad feed's error kept, a feed removed with its articles kept;
and Home's latest articles linking to the page each article came from."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import store
from core.store import queries
from tests.newsserver import FUND_DESK, NewsServer, news_site, serving
from tests.test_app import frame_with, open_page, texts
from ui import nav

PRIVATE = "NEWS_ALLOW_PRIVATE_URLS"


@pytest.fixture
def site() -> Iterator[NewsServer]:
    with serving(news_site(stream_bytes=51 * 1024 * 1024, slow_s=3.0)) as server:
        yield server


@pytest.fixture
def allow_private(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our news site is on 127.0.0.1, which the dashboard refuses unless told otherwise."""
    monkeypatch.setenv(PRIVATE, "1")


def add(at: AppTest, url: str, name: str = "") -> AppTest:
    at.text_input(key="feed_url").input(url)
    at.text_input(key="feed_name").input(name)
    at.button(key="feed_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def feeds(at: AppTest):  # type: ignore[no-untyped-def]
    return frame_with(at, "items_new").set_index("name")


def test_a_private_address_is_refused_and_the_page_says_why(seed_db: Path, site: NewsServer,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIVATE, raising=False)
    at = add(open_page(nav.SOURCES.path), site.url("/feeds/fund-desk.rss"))
    error = " ".join(e.value for e in at.error).replace("\\", "")
    assert "loopback or private-network address" in error and "127.0.0.1" in error
    assert "NEWS_ALLOW_PRIVATE_URLS=1" in texts(at) + " ".join(i.value for i in at.info)
    assert site.hits == []  # refused before any request
    with store.connect(seed_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM feeds").fetchall()[0][0] == 0


def test_a_feed_is_saved_refreshed_and_its_articles_stored(seed_db: Path, site: NewsServer,
                                                           allow_private: None) -> None:
    at = add(open_page(nav.SOURCES.path), site.url("/feeds/fund-desk.rss"), "Fund desk")
    assert any("Saved the feed Fund desk: it lists 3 items" in s.value for s in at.success)
    row = feeds(at).loc["Fund desk"]
    assert row["last_fetched"] is None or str(row["last_fetched"]) in ("NaT", "None")  # saved, not fetched yet
    at.button(key="feed_refresh").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Fund desk: 3 new, 0 already stored, 0 refused" in "".join(s.value for s in at.success).replace("**", "")
    row = feeds(at).loc["Fund desk"]
    assert (row["items_new"], row["items_refused"], row["articles"]) == (3, 0, 3) and str(row["last_fetched"]) != "NaT"
    items = frame_with(at, "detail")
    assert set(items["detail"]) == {title for title, _, _ in FUND_DESK.values()}
    assert items["read"].str.startswith("./articles?id=").all()
    with store.connect(seed_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE url LIKE '%/funds/%'").fetchall()[0][0] == 3
    # A second refresh of all feeds stores nothing twice and fetches no stored item again.
    fetched = site.count("/funds/efund-ai-etf-september.html")
    at.button(key="feeds_refresh_all").click().run()
    assert "Fund desk: 0 new" in "".join(s.value for s in at.success).replace("**", "")
    assert site.count("/funds/efund-ai-etf-september.html") == fetched


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_a_refresh_names_each_refused_item_and_keeps_the_last_error(seed_db: Path, site: NewsServer,
                                                                    allow_private: None) -> None:
    at = add(open_page(nav.SOURCES.path), site.url("/feeds/ai-funds.rss"))
    at.button(key="feed_refresh").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # The slow page answers within the dashboard's 20 s timeout; the other bad items are refused.
    assert any("AI Fund Wire**: 4 new, 1 already stored, 4 refused" in w.value for w in at.warning)
    items = frame_with(at, "detail")
    refused = items[items["status"] == "refused"].set_index("link")["detail"]
    assert dict(refused) == {site.url("/news/gone.html"): "Refused: not found (HTTP 404)",
                             site.url("/news/huge.html"): "Refused: too large (over the 50 MB limit)",
                             site.url("/news/chart.png"): "Refused: not an article (content type image/png)",
                             site.url("/news/loop-a.html"): "Refused: redirect loop"}
    row = feeds(at).loc["AI Fund Wire"]
    assert row["items_refused"] == 4 and row["last_error"] == f"{site.url('/news/loop-a.html')}: redirect loop"


def test_not_a_feed_is_one_line_and_saves_nothing(seed_db: Path, site: NewsServer, allow_private: None) -> None:
    at = add(open_page(nav.SOURCES.path), site.url("/news/bosera-cloud.html"))
    assert [e.value for e in at.error] and "not a feed" in at.error[0].value.replace("\\", "")
    assert "No saved feeds yet" in " ".join(i.value for i in at.info)


def test_a_removed_feed_keeps_its_articles(seed_db: Path, site: NewsServer, allow_private: None) -> None:
    at = add(open_page(nav.SOURCES.path), site.url("/feeds/fund-desk.rss"), "Fund desk")
    at.button(key="feed_refresh").click().run()
    at.button(key="feed_remove").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Removed the feed Fund desk; its articles stay" in s.value for s in at.success)
    assert "No saved feeds yet" in " ".join(i.value for i in at.info)
    assert len(queries.run(seed_db, queries.article_list, queries.Filters(), "AI ETF")) == 3


def test_home_links_each_fetched_article_to_its_source(seed_db: Path, site: NewsServer, allow_private: None) -> None:
    at = add(open_page(nav.SOURCES.path), site.url("/feeds/fund-desk.rss"))
    at.button(key="feed_refresh").click().run()
    at.switch_page(nav.HOME.path).run()
    latest = frame_with(at, "url").set_index("title")
    assert latest.loc["E Fund's AI ETF keeps growing", "url"] == site.url("/funds/efund-ai-etf-december.html")
    assert latest["url"].isna().sum() == 1  # the seed, an uploaded file, has no source link
