"""End to end in a real Chromium: upload the seed, see a chart, download the mentions as CSV.

The dashboard runs as `streamlit run app.py` in a subprocess on a free port, with NEWS_DB on a
throw-away database. Debian's chromium is driven by Playwright (no browser download); without it
the tests are skipped locally and fail in CI, where `make test` installs it.

Also the screenshot helper for docs/screenshots:

    .venv/bin/python tests/test_browser.py [EXTRA_PATH ...]

ingests the seed, data/samples and any extra files or folders into a temporary database and
saves a full-page screenshot of every page to docs/screenshots/<page>.png.
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

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared/seeds/sora_axa_spdb_2024-02-28.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXA = "AXA SPDB Investment Managers"
# Page title in the menu -> (file name of its screenshot, heading the page shows when drawn)
PAGES = {"Home": ("home", "AI fund news tracker"), "Upload": ("upload", "Upload articles"),
         "Themes": ("themes", "Themes"), "Funds": ("funds", "Fund houses and their funds"),
         "Forecasts": ("forecasts", "Market forecasts"), "Sentiment": ("sentiment", "Sentiment"),
         "Mentions": ("mentions", "Mentions explorer"), "Entities": ("entities", "Entities and spellings")}

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
def dashboard(db: Path, timeout_s: float = 60.0) -> Iterator[str]:
    """`streamlit run app.py` on a free port with NEWS_DB=db; yields its URL, kills it after."""
    port = _free_port()
    env = {**os.environ, "NEWS_DB": str(db)}
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
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def browser_page(width: int = 1400, height: int = 2400) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def wait_until_drawn(page, heading: str) -> None:  # type: ignore[no-untyped-def]
    """The page's heading is shown and the script has stopped running."""
    page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(700)  # plotly draws after the script finishes


def go_to(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    wait_until_drawn(page, PAGES[title][1])


def test_upload_then_chart_then_csv_download(tmp_path: Path) -> None:
    _need_chromium()
    with dashboard(tmp_path / "news.duckdb") as url, browser_page() as page:
        page.goto(url)
        wait_until_drawn(page, PAGES["Home"][1])
        assert page.get_by_text("The database is empty").is_visible()

        go_to(page, "Upload")
        page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(SEED))
        page.get_by_text("1 ingested, 0 already present, 0 refused").wait_for(timeout=120_000)

        go_to(page, "Themes")
        chart = page.locator('[data-testid="stPlotlyChart"], .js-plotly-plot').first
        chart.wait_for()
        assert "Text-to-video" in page.locator(".js-plotly-plot").first.inner_text()

        go_to(page, "Mentions")
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(r"^.*Download these")).click()
        download = info.value
        assert download.suggested_filename == "mentions_filtered.csv"
        text = Path(download.path()).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:4] == ["article_id", "sentence_id", "entity", "entity_type"]
        assert any(row[2] == AXA for row in rows[1:])


def test_deep_link_to_a_page_runs_inside_the_router(seed_db: Path) -> None:
    """A fresh server opened straight on /themes still shows the shared sidebar filters."""
    _need_chromium()
    with dashboard(seed_db) as url, browser_page() as page:
        page.goto(f"{url}/themes")
        wait_until_drawn(page, "Themes")
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Filters" in sidebar and "Clear filters" in sidebar


def _content_height(page) -> int:  # type: ignore[no-untyped-def]
    """Height of the page's content; Streamlit scrolls inside its own container, so measure that
    with a short viewport (scrollHeight is never less than the viewport)."""
    page.set_viewport_size({"width": 1400, "height": 800})
    page.wait_for_timeout(600)
    return int(page.evaluate(
        "() => Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent']"
        ".map(id => document.querySelector(`[data-testid=\"${id}\"]`)?.scrollHeight || 0))"))


def take_screenshots(url: str, out_dir: Path) -> list[Path]:
    """A full-page PNG of every page, the viewport as tall as the page's content. The Upload page
    is shown after uploading the seed again and a file it cannot read, to show the result table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = []
    with browser_page() as page, tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "quarterly_figures.xlsx"
        bad.write_bytes(b"PK\x03\x04 not an article")
        page.goto(url)
        wait_until_drawn(page, PAGES["Home"][1])
        for title, (name, _) in PAGES.items():
            go_to(page, title)
            if title == "Upload":
                page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files([str(SEED), str(bad)])
                page.get_by_text(re.compile(r"\d+ ingested, \d+ already present, \d+ refused")).wait_for(
                    timeout=120_000)
                wait_until_drawn(page, PAGES[title][1])
            height = _content_height(page)
            page.set_viewport_size({"width": 1400, "height": min(max(height + 30, 900), 7000)})
            page.wait_for_timeout(1200)  # charts redraw at the new size
            path = out_dir / f"{name}.png"
            page.screenshot(path=str(path), full_page=True)
            page.set_viewport_size({"width": 1400, "height": 2400})
            saved.append(path)
    return saved


def test_screenshot_helper_saves_every_page(seed_db: Path, tmp_path: Path) -> None:
    _need_chromium()
    with dashboard(seed_db) as url:
        saved = take_screenshots(url, tmp_path / "shots")
    assert [p.stem for p in saved] == [name for name, _ in PAGES.values()]
    assert all(p.stat().st_size > 20_000 for p in saved)


def main(extra: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from core.run import ingest_paths
    from core.settings import DATA_DIR, Settings

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.duckdb"
        paths = [SEED, *[p for p in [DATA_DIR / "samples"] if any(p.glob("*.*"))], *map(Path, extra)]
        results = ingest_paths(paths, Settings(db_path=db))
        print(f"{sum(r.status == 'ingested' for r in results)} articles from {', '.join(map(str, paths))}")
        with dashboard(db) as url:
            for path in take_screenshots(url, ROOT / "docs" / "screenshots"):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
