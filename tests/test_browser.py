"""End to end in a real Chromium, each test on a freshly started server: the first visit, at `/`
and at a deep link, shows the app's own navigation and page; a theme filter set, cleared and
seen on another page; an article opened from an evidence table with its mentions highlighted;
a filtered URL reloaded into the same view; an upload, its chart and the CSV download; a feed
saved and refreshed on the Sources page and its articles on Home.

The dashboard runs as `streamlit run app.py` in a subprocess on a free port, with NEWS_DB on a
throw-away database. Debian's chromium is driven by Playwright (no browser download); without it
the tests are skipped locally and fail in CI, where `make test` installs it.

Also the screenshot helper for docs/screenshots:

    .venv/bin/python tests/test_browser.py [EXTRA_PATH ...]

ingests the seed, data/samples and any extra files or folders into a temporary database, follows
two feeds of our own news site (tests/newsserver.py, served on 127.0.0.1) from the Sources page,
and saves a full-page screenshot of every page to docs/screenshots/<page>.png.
"""
from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared/seeds/sora_axa_spdb_2024-02-28.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXA = "AXA SPDB Investment Managers"
# A user's fund list for the Entities page's screenshot: one fund, and a row with a code that is none.
FUND_LIST = ("Fund Code,Fund Name,Fund House,Fund Manager,Aliases\n"
             "019999,AXA SPDB Japan Technology Select Mixed,AXA Puyin,Ikeda Kae,AXA SPDB Japan Tech\n"
             "BAD CODE!,Broken Fund,,,\n")
MENU = ["Home", "Upload", "Sources", "Themes", "Funds", "Forecasts", "Sentiment", "Mentions", "Articles", "Entities"]
# Menu title -> (URL path, heading the page shows when drawn)
PAGES = {"Home": ("", "AI fund news tracker"), "Upload": ("upload", "Upload articles"),
         "Sources": ("sources", "News sources"),
         "Themes": ("themes", "Themes"), "Funds": ("funds", "Fund houses and their funds"),
         "Forecasts": ("forecasts", "Market forecasts"), "Sentiment": ("sentiment", "Sentiment"),
         "Mentions": ("mentions", "Mentions explorer"), "Articles": ("articles", "Articles"),
         "Entities": ("entities", "Entities and spellings")}

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; `make browser` installs it")
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium to run the browser tests)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dashboard(db: Path, timeout_s: float = 60.0, env: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh `streamlit run app.py` on a free port with NEWS_DB=db (and `env`); yields its URL as
    soon as its health check answers (when `streamlit run` itself would open the browser), kills it after."""
    port = _free_port()
    env = {**os.environ, "NEWS_DB": str(db), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"the dashboard did not start:\n{out[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def browser(width: int = 1400, height: int = 1600) -> Iterator[Any]:
    """A browser context (pages share nothing with other contexts: each is a new session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
            context.set_default_timeout(60_000)
            yield context
        finally:
            chromium.close()


def wait_until_drawn(page: Any, heading: str) -> None:
    """The page's heading is shown and the script has stopped running."""
    page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(700)  # plotly draws after the script finishes


def first_chart_text(page: Any) -> str:
    """The text of the page's first chart, once plotly has drawn it."""
    page.wait_for_function("() => (document.querySelector('.js-plotly-plot')?.innerText || '').trim().length > 0")
    return str(page.locator(".js-plotly-plot").first.inner_text())


def menu(page: Any) -> list[str]:
    links = page.locator('.st-key-menu a')
    links.first.wait_for()
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # the icon comes first, as a word


def go_to(page: Any, title: str) -> None:
    page.locator('.st-key-menu a', has_text=title).first.click()
    wait_until_drawn(page, PAGES[title][1])


def caption_number(page: Any, pattern: str) -> int:
    """The first number of the caption matching `pattern` (e.g. "mentions? match")."""
    text = page.get_by_text(re.compile(pattern)).first.inner_text()
    return int(re.search(r"[\d,]+", text).group(0).replace(",", ""))  # type: ignore[union-attr]


def pick_in_multiselect(page: Any, label: str, option: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]', has_text=label)
    box.locator("input").click()
    box.locator("input").fill(option)  # the list is long: narrow it to the option
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("path, title", [("", "Home"), ("themes", "Themes")])
def test_first_visit_to_a_fresh_server_shows_the_app(seed_db: Path, path: str, title: str) -> None:
    """Opened the moment the server answers, at `/` and at a deep link: the app's own menu (never
    the files of a folder) and the page itself, with its sidebar filters."""
    _need_chromium()
    with dashboard(seed_db) as url, browser() as context:
        page = context.new_page()
        page.goto(f"{url}/{path}")
        wait_until_drawn(page, PAGES[title][1])
        assert menu(page) == MENU
        # the sidebar draws after the page's heading: wait for its search box (and on Themes for the
        # filters, the sidebar's last widgets) on a busy machine; a sidebar without them times out
        page.locator('[data-testid="stSidebar"] input[aria-label="Search"]').wait_for()
        if title == "Themes":
            page.get_by_role("button", name="Clear filters").wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Search" in sidebar
        if title == "Themes":
            assert "Clear filters" in sidebar and "Theme" in sidebar
            page.locator(".js-plotly-plot").nth(2).wait_for()  # the page's charts, not an empty shell


def test_theme_filter_set_cleared_and_seen_on_another_page(seed_db: Path) -> None:
    _need_chromium()
    with dashboard(seed_db) as url, browser() as context:
        page = context.new_page()
        page.goto(f"{url}/mentions")
        wait_until_drawn(page, "Mentions explorer")
        everything = caption_number(page, r"mentions? match")
        go_to(page, "Themes")
        pick_in_multiselect(page, "Theme", "AI chips")
        page.get_by_text("Filtered by Theme: AI chips").wait_for()
        assert "theme=AI" in page.url
        go_to(page, "Mentions")
        page.get_by_text("Filtered by Theme: AI chips").wait_for()
        narrowed = caption_number(page, r"mentions? match")
        assert 0 < narrowed < everything
        page.get_by_role("button", name="Clear filters").click()
        page.get_by_text(re.compile(rf"^{everything:,} mentions match")).wait_for()
        go_to(page, "Themes")
        assert page.get_by_text("Filtered by").count() == 0
        chips = page.locator('[data-testid="stMultiSelect"]', has_text="Theme").inner_text()
        assert "AI chips" not in chips and "theme=" not in page.url
        go_to(page, "Mentions")
        assert caption_number(page, r"mentions? match") == everything


def _click_first_link_cell(page: Any, table: Any, row_height: int = 35) -> None:
    """Click the "Open ↗" link of the first row of a dataframe (its first, pinned column). The
    grid is drawn on a canvas: the link is where the cell is, under the 35-pixel header."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    x, y = box["x"] + 24, box["y"] + 35 + row_height / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)


def test_article_opens_from_an_evidence_table_with_its_mentions_highlighted(seed_db: Path) -> None:
    _need_chromium()
    with dashboard(seed_db) as url, browser() as context:
        page = context.new_page()
        page.goto(f"{url}/themes?evidence=Text-to-video")
        wait_until_drawn(page, "Themes")
        with context.expect_page() as opened:
            _click_first_link_cell(page, page.locator('[data-testid="stDataFrame"]').last)
        reader = opened.value
        reader.wait_for_load_state()
        reader.get_by_text("The sentence you opened, with").wait_for()
        assert "/articles?id=" in reader.url and "&s=" in reader.url
        text = reader.locator('[data-testid="stTabPanel"]').first
        text.get_by_text("AXA Puyin").first.wait_for()
        # Each mention is drawn on its type's colour: the theme spelled "Wensheng video" on the theme's.
        colour = reader.get_by_text("Wensheng video", exact=True).first.evaluate(
            "e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(255, 242, 204)"  # TYPE_COLORS["THEME"], #fff2cc
        assert reader.locator("script", has_text="alert").count() == 0


def test_a_filtered_url_reloads_into_the_same_view(seed_db: Path) -> None:
    _need_chromium()
    with dashboard(seed_db) as url, browser() as context:
        page = context.new_page()
        page.goto(f"{url}/sentiment")
        wait_until_drawn(page, "Sentiment")
        pick_in_multiselect(page, "Theme", "Text-to-video")
        page.get_by_text("Filtered by Theme: Text-to-video").wait_for()
        page.locator(".st-key-by").get_by_text("Theme", exact=True).click()  # group by theme
        page.wait_for_function("() => location.search.includes('by=')")
        wait_until_drawn(page, "Sentiment")
        before = first_chart_text(page)
        filtered = page.url
        assert "theme=Text-to-video" in filtered and "by=Theme" in filtered
        fresh = context.new_page()  # the link sent to a colleague: a new session
        fresh.goto(filtered)
        wait_until_drawn(fresh, "Sentiment")
        fresh.get_by_text("Filtered by Theme: Text-to-video").wait_for()
        assert first_chart_text(fresh) == before and "Text-to-video" in before
        page.reload()
        wait_until_drawn(page, "Sentiment")
        assert first_chart_text(page) == before


def test_upload_then_chart_then_csv_download(tmp_path: Path) -> None:
    _need_chromium()
    with dashboard(tmp_path / "news.duckdb") as url, browser() as context:
        page = context.new_page()
        page.goto(url)
        wait_until_drawn(page, PAGES["Home"][1])
        assert page.get_by_text("The database is empty").is_visible()

        go_to(page, "Upload")
        assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 0
        page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(SEED))
        page.get_by_text("1 ingested, 0 already present, 0 refused").wait_for(timeout=120_000)

        go_to(page, "Themes")
        assert "Text-to-video" in first_chart_text(page)

        go_to(page, "Mentions")
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(r"^.*Download these")).click()
        download = info.value
        assert download.suggested_filename == "mentions_filtered.csv"
        raw = Path(download.path()).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel then reads it as UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0][:4] == ["article_id", "sentence_id", "entity", "entity_type"]
        assert any(row[2] == AXA for row in rows[1:])


def add_and_refresh_feeds(page: Any, feeds: list[str]) -> None:
    """On the Sources page: save each feed, then refresh them all, watching the progress bar."""
    for feed in feeds:
        page.get_by_role("textbox", name="Feed address").fill(feed)
        page.get_by_role("button", name="Check and save the feed").click()
        page.get_by_text("Saved the feed").wait_for()
        wait_until_drawn(page, PAGES["Sources"][1])
    page.get_by_role("button", name="Refresh all feeds").click()
    page.locator('[data-testid="stProgress"]').first.wait_for()  # fetching: one request a second per host
    page.get_by_role("heading", name="Last refresh").wait_for(timeout=180_000)
    wait_until_drawn(page, PAGES["Sources"][1])


def test_a_feed_added_and_refreshed_on_sources_shows_its_articles_on_home(seed_db: Path) -> None:
    """Our own news site on 127.0.0.1 (allowed with NEWS_ALLOW_PRIVATE_URLS=1): the fund desk's
    feed saved and refreshed on the Sources page, its three stories then counted and drawn on Home."""
    from tests.newsserver import news_site, serving  # here: the screenshot helper runs this file as a script

    _need_chromium()
    with serving(news_site()) as site, dashboard(seed_db, env={"NEWS_ALLOW_PRIVATE_URLS": "1"}) as url, \
            browser() as context:
        page = context.new_page()
        page.goto(f"{url}/sources")
        wait_until_drawn(page, PAGES["Sources"][1])
        assert page.get_by_text("No saved feeds yet").is_visible()
        add_and_refresh_feeds(page, [site.url("/feeds/fund-desk.rss")])
        page.get_by_text("AI Fund Desk: 3 new, 0 already stored, 0 refused").wait_for()
        assert site.count("/funds/efund-ai-etf-december.html") == 1
        go_to(page, "Home")
        articles = page.locator('[data-testid="stMetric"]', has_text="Articles").first.inner_text()
        assert articles.split()[-1] == "4"  # the seed and the fund desk's three stories
        houses = page.locator(".js-plotly-plot").nth(1)
        houses.wait_for()
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot')[1]?.innerText.includes('E Fund')")
        assert "E Fund Management" in houses.inner_text() and "China Asset Management" in houses.inner_text()


# --- screenshots ---------------------------------------------------------------------------

def _content_height(page: Any) -> int:
    """Height of the page's content; Streamlit scrolls inside its own container, so measure that
    with a short viewport (scrollHeight is never less than the viewport)."""
    page.set_viewport_size({"width": 1400, "height": 800})
    heights = [0]
    for _ in range(20):  # tables and charts draw after the script: wait until the height settles
        page.wait_for_timeout(500)
        heights.append(int(page.evaluate(
            "() => Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent']"
            ".map(id => document.querySelector(`[data-testid=\"${id}\"]`)?.scrollHeight || 0))")))
        if heights[-1] == heights[-2]:
            break
    return heights[-1]


def _shoot(page: Any, path: Path) -> Path:
    height = _content_height(page)
    page.set_viewport_size({"width": 1400, "height": min(max(height + 30, 900), 7000)})
    page.wait_for_timeout(1200)  # charts redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1600})
    return path


def take_screenshots(url: str, out_dir: Path, article_id: str = "", feeds: list[str] | None = None,
                     titles: list[str] | None = None) -> list[Path]:
    """A full-page PNG of every page (or of the menu `titles`), the viewport as tall as the page's content; with `feeds`,
    those are first saved and refreshed on the Sources page (so Home, Funds and the others show
    their articles, and Funds opens on E Fund with its facts); the Upload page after uploading
    the seed again and a file it cannot read, to show the result table; the reader with an
    article open at a sentence; the search results for a phrase."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = []
    with browser() as context, tempfile.TemporaryDirectory() as tmp:
        page = context.new_page()
        bad = Path(tmp) / "quarterly_figures.xlsx"
        bad.write_bytes(b"PK\x03\x04 not an article")
        page.goto(url)
        wait_until_drawn(page, PAGES["Home"][1])
        if feeds:
            go_to(page, "Sources")
            add_and_refresh_feeds(page, feeds)
        for title, (path, heading) in PAGES.items():
            if titles is not None and title not in titles:
                continue
            go_to(page, title)
            if title == "Upload":
                page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files([str(SEED), str(bad)])
                page.get_by_text(re.compile(r"\d+ ingested, \d+ already present, \d+ refused")).wait_for(
                    timeout=120_000)
                wait_until_drawn(page, heading)
            if title == "Funds" and feeds:  # a house the fund desk gives facts for
                box = page.locator('[data-testid="stSelectbox"]', has_text="Fund house").locator("input")
                box.click()
                box.fill("E Fund")  # the list is long and drawn lazily: narrow it to the house
                page.get_by_role("option", name="E Fund Management", exact=True).click()
                page.get_by_text("Facts from the news").wait_for()
                wait_until_drawn(page, heading)
            if title == "Entities" and feeds:  # a fund list imported, with a row it cannot use
                fund_list = Path(tmp) / "my_funds.csv"
                fund_list.write_text(FUND_LIST, encoding="utf-8")
                tab = page.get_by_role("tab", name="Import your fund list (CSV)")
                tab.click()
                page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(fund_list))
                page.get_by_text("my_funds.csv").first.wait_for()  # uploaded before the form is sent
                page.get_by_role("button", name="Import the funds and re-analyse").click()
                page.get_by_text(re.compile(r"funds? read from my_funds.csv")).wait_for(timeout=120_000)
                wait_until_drawn(page, heading)
                tab.click()
            if title == "Mentions":  # select the fifth row, to show its evidence in context
                grid = page.locator('[data-testid="stDataFrame"]').first
                box = grid.bounding_box()
                page.mouse.click(box["x"] + 15, box["y"] + 35 + 35 * 4 + 17)
                page.get_by_text("Open the article at this sentence").wait_for()
                wait_until_drawn(page, heading)
            saved.append(_shoot(page, out_dir / f"{path or 'home'}.png"))
        if article_id:
            page.goto(f"{url}/articles?id={article_id}&s=20")
            page.get_by_text("The sentence you opened, with").wait_for()
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
            page.wait_for_timeout(1000)
            saved.append(_shoot(page, out_dir / "reader.png"))
        page.goto(f"{url}/search?q=price%20war")
        wait_until_drawn(page, "Search")
        saved.append(_shoot(page, out_dir / "search.png"))
    return saved


def test_screenshot_helper_saves_its_pages(seed_db: Path, tmp_path: Path) -> None:
    """The helper's own steps (an upload with a refused file, a row picked, the reader, search)
    on the pages that have them; the AppTest suites draw every page."""
    _need_chromium()
    with dashboard(seed_db) as url:
        saved = take_screenshots(url, tmp_path / "shots", "7c0a8489fc9ad68f", titles=["Upload", "Mentions"])
    assert [p.stem for p in saved] == ["upload", "mentions", "reader", "search"]
    assert all(p.stat().st_size > 20_000 for p in saved)


def main(extra: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from core.run import INGESTED, ingest_paths
    from core.settings import DATA_DIR, Settings
    from tests.newsserver import news_site, serving

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.duckdb"
        paths = [SEED, *[p for p in [DATA_DIR / "samples"] if any(p.glob("*.*"))], *map(Path, extra)]
        results = ingest_paths(paths, Settings(db_path=db))
        seed_id = next(r.article_id for r in results if r.status == INGESTED and r.file_name == SEED.name)
        print(f"{sum(r.status == INGESTED for r in results)} articles from {', '.join(map(str, paths))}")
        # Our own news site (tests/newsserver.py) on 127.0.0.1, followed from the Sources page.
        # Its oversized page and its slow one (past the 20 s timeout) are refused, as they would be.
        site_routes = news_site(stream_bytes=51 * 1024 * 1024, slow_s=21.0)
        with serving(site_routes) as site, dashboard(db, env={"NEWS_ALLOW_PRIVATE_URLS": "1"}) as url:
            feeds = [site.url("/feeds/fund-desk.rss"), site.url("/feeds/ai-funds.rss")]
            for path in take_screenshots(url, ROOT / "docs" / "screenshots", seed_id, feeds):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
