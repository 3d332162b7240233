"""Dashboard speed at scale: every page and filter change on a database of 100k articles.

    python bench/dashboard.py [--articles 100000] [--db /tmp/news100k.duckdb] [--queries] [--pages funds ...]

The database is built once (and reused when it exists), in a child process so that building it
does not count towards this process's memory: a few hundred generated articles are ingested for
real, then copied in SQL under new ids and dates until the target count is reached.

Each page is run through Streamlit's AppTest in this process:
- cold: the first run after a data change. The query cache is cleared first, so this run pays for
  every query it shows, the sidebar's included, as after an upload or a re-analysis (the
  gazetteer frames, built once per process like the imports, are timed on their own);
- warm: the same page again, every query cached;
- each sidebar filter change on the Themes and Mentions pages (each a new combination, not cached).
`--queries` adds the time of each query run by a page's cold run.

Memory: the peak resident size of this process (ru_maxrss) against a baseline measured after the
imports every dashboard process makes (core, streamlit, plotly, pandas, duckdb) and a trivial
AppTest page: the baseline is what the process costs before any query runs.
Targets on this 2-core machine: a page under 1 s, a filter change under 0.3 s, memory under 600 MB.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["app.py", "pages/themes.py", "pages/funds.py", "pages/forecasts.py", "pages/sentiment.py",
         "pages/mentions.py", "pages/articles.py", "pages/entities.py", "pages/upload.py", "pages/sources.py"]
BASE = 500


def build(db: Path, n: int) -> None:
    """A database of `n` articles: BASE real ingests, then SQL copies with shifted dates."""
    from bench.corpus import write_corpus
    from core import store
    from core.run import ingest_paths
    from core.settings import Settings
    from core.tables import COLUMNS, TABLES

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), BASE, seed=9)
        ingest_paths([Path(tmp)], Settings(db_path=db, use_model=False, workers=2))
    copies = max(0, n // BASE - 1)
    with store.connect(db) as con:
        con.execute("CREATE TEMP TABLE k AS SELECT range AS k FROM range(1, ?)", [copies + 1])
        cols = {name: ", ".join(f'"{c}"' for c in COLUMNS[name]) for name in TABLES}

        def copied(name: str, replace: dict[str, str]) -> str:
            exprs = [replace.get(c, f'"{c}"') for c in COLUMNS[name]]
            return f"INSERT INTO {name} ({cols[name]}) SELECT {', '.join(exprs)} FROM {name} CROSS JOIN k"
        new_id = "article_id || '-' || k"
        con.execute("BEGIN TRANSACTION")
        con.execute(copied("articles", {
            "article_id": new_id, "content_sha256": "content_sha256 || '-' || k",
            "published": "CASE WHEN published = '' THEN '' ELSE "
                         "strftime(CAST(published AS DATE) - INTERVAL (k % 700) DAY, '%Y-%m-%d') END",
            "duplicate_of": "NULL"}))
        for name in ("sentences", "mentions", "numbers", "forecasts"):
            con.execute(copied(name, {"article_id": new_id}))
        store.bump_version(con)
        con.execute("COMMIT")


def timed(at_run: Callable[[], object]) -> float:
    start = time.perf_counter()
    at_run()
    return time.perf_counter() - start


def rss_mb() -> float:
    """The resident size now (ru_maxrss only ever gives the peak)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class QueryLog:
    """Times each query a page runs (with --queries), by wrapping ui.data._read."""

    def __init__(self) -> None:
        from ui import data
        self.data, self.inner = data, data._read
        self.calls: list[tuple[str, float]] = []

    def __enter__(self) -> QueryLog:
        def logged(db: str, query: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            start = time.perf_counter()
            try:
                return self.inner(db, query, args, kwargs)
            finally:
                self.calls.append((query.__name__, time.perf_counter() - start))
        self.data._read = logged  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        self.data._read = self.inner  # type: ignore[assignment]

    def report(self) -> str:
        return ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in self.calls)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "news100k.duckdb")
    ap.add_argument("--queries", action="store_true", help="print each query's time in every cold run (ms)")
    ap.add_argument("--pages", nargs="*", default=None, metavar="PAGE",
                    help="only these pages, by file name (e.g. funds themes); default: all")
    args = ap.parse_args()
    if not args.db.exists():
        start = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(target=build, args=(args.db, args.articles))
        child.start()
        child.join()
        if child.exitcode:
            return child.exitcode
        print(f"built {args.db} in {time.perf_counter() - start:.0f} s")
    os.environ["NEWS_DB"] = str(args.db)

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from core import store
    from core.store.connection import READ_SETTINGS
    from ui import charts, data, nav, state  # noqa: F401  (what the app imports, before the baseline)

    with store.connect(args.db, read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("articles", "mentions")}
    print(f"{counts['articles']:,} articles, {counts['mentions']:,} mentions; "
          f"read connections: {', '.join(f'{k}={v}' for k, v in READ_SETTINGS.items())}")
    # The gazetteer frames (fund-house links, spellings) are built once per process, like the
    # imports: timed here on their own, not inside the first page that needs them.
    from core.settings import DATA_DIR
    from core.store.queries import reference
    with store.connect(args.db, read_only=True) as con:
        start = time.perf_counter()
        reference(con, DATA_DIR)
        print(f"gazetteer frames, built once per process: {time.perf_counter() - start:.2f} s")
    trivial = AppTest.from_string("import streamlit as st\nst.title('Trivial')\nst.write('hello')")
    base = min(timed(trivial.run) for _ in range(3))
    baseline_rss = rss_mb()
    print(f"trivial page {base:.3f} s; memory after imports and the trivial page: {baseline_rss:.0f} MB "
          f"(peak so far {peak_mb():.0f} MB)")

    app = str(ROOT / "app.py")
    print(f"{'page':24s} {'cold s':>7s} {'warm s':>7s} {'warm/trivial':>12s}")
    def chosen(page: str) -> bool:
        return args.pages is None or Path(page).stem in args.pages or (page == "app.py" and "home" in args.pages)

    for page in filter(chosen, PAGES):
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        if page != "app.py":
            at.switch_page(page)
        st.cache_data.clear()  # cold: as after a data change, nothing cached
        with QueryLog() as log:
            cold = timed(at.run)
        warm = timed(at.run)
        assert not at.exception, (page, [e.value for e in at.exception])
        print(f"{page:24s} {cold:7.2f} {warm:7.2f} {warm / base:12.1f}   (target: under 1 s)   "
              f"peak so far {peak_mb():.0f} MB")
        if args.queries:
            print(f"    queries (ms): {log.report()}")
    for page in filter(chosen, ("pages/themes.py", "pages/mentions.py", "pages/funds.py")):
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        at.switch_page(page).run()
        changes = {"theme": ("theme", at.multiselect(key="theme").options[:1]),
                   "source": ("source", at.multiselect(key="source").options[:1])}
        if page == "pages/mentions.py":
            changes["entity type"] = ("type", ["FUND_HOUSE"])
        for name, (key, value) in changes.items():
            # Looked up again after every run: an element of an earlier run no longer sets anything.
            at.multiselect(key=key).set_value(value)
            with QueryLog() as log:
                seconds = timed(at.run)
            assert not at.exception, (page, name, [e.value for e in at.exception])
            print(f"{page:18s} filter {name:12s} {seconds:7.2f} s   (target: under 0.3 s)")
            if args.queries:
                print(f"    queries (ms): {log.report()}")
        at.button(key="clear_filters").click()
        print(f"{page:18s} filter {'clear':12s} {timed(at.run):7.2f} s   (target: under 0.3 s)")
    print(f"peak memory {peak_mb():.0f} MB   (target: under 600 MB); baseline {baseline_rss:.0f} MB, "
          f"so the pages and their queries added at most {peak_mb() - baseline_rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
