"""Dashboard speed at scale: every page and filter change on a database of 100k articles.

    python bench/dashboard.py [--articles 100000] [--db /tmp/news100k.duckdb]

The database is built once (and reused when it exists): a few hundred generated articles are
ingested for real, then copied in SQL under new ids and dates until the target count is reached.
Each page is run through Streamlit's AppTest, cold (first run after a data change) and warm
(cached), and compared with a trivial page in the same process; so is each sidebar filter change.
Targets on this 2-core machine: a page under 1 s, a filter change under 0.3 s, memory under 600 MB.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from core import store  # noqa: E402
from core.ingest import ingest_paths  # noqa: E402
from core.settings import Settings  # noqa: E402

PAGES = ["pages/home.py", "pages/themes.py", "pages/funds.py", "pages/forecasts.py", "pages/sentiment.py",
         "pages/mentions.py", "pages/entities.py", "pages/upload.py"]
BASE = 500


def build(db: Path, n: int) -> None:
    """A database of `n` articles: BASE real ingests, then SQL copies with shifted dates."""
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), BASE, seed=9)
        ingest_paths([Path(tmp)], Settings(db_path=db, use_model=False, workers=2))
    copies = max(0, n // BASE - 1)
    with store.connect(db) as con:
        con.execute("CREATE TEMP TABLE k AS SELECT range AS k FROM range(1, ?)", [copies + 1])
        cols = {name: ", ".join(f'"{c}"' for c in store.COLUMNS[name]) for name in store.TABLES}

        def copied(name: str, replace: dict[str, str]) -> str:
            exprs = [replace.get(c, f'"{c}"') for c in store.COLUMNS[name]]
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


def timed(at_run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    at_run()
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "news100k.duckdb")
    args = ap.parse_args()
    if not args.db.exists():
        start = time.perf_counter()
        build(args.db, args.articles)
        print(f"built {args.db} in {time.perf_counter() - start:.0f} s")
    with store.connect(args.db, read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("articles", "mentions")}
    print(f"{counts['articles']:,} articles, {counts['mentions']:,} mentions")
    os.environ["NEWS_DB"] = str(args.db)
    from streamlit.testing.v1 import AppTest

    trivial = AppTest.from_string("import streamlit as st\nst.title('Trivial')\nst.write('hello')")
    base = min(timed(trivial.run) for _ in range(3))
    app = str(ROOT / "app.py")
    print(f"trivial page {base:.3f} s")
    print(f"{'page':24s} {'cold s':>7s} {'warm s':>7s} {'warm/trivial':>12s}")
    for page in PAGES:
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        cold = timed(at.switch_page(page).run) if page != "pages/home.py" else timed(at.run)
        warm = timed(at.run)
        assert not at.exception, (page, [e.value for e in at.exception])
        print(f"{page:24s} {cold:7.2f} {warm:7.2f} {warm / base:12.1f}   (target: under 1 s)")
    for page in ("pages/themes.py", "pages/mentions.py"):
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        at.switch_page(page).run()
        themes = at.multiselect(key="f_themes").options
        sources = at.multiselect(key="f_sources").options
        changes = {
            "theme": (at.multiselect(key="f_themes").set_value, themes[:1]),
            "source": (at.multiselect(key="f_sources").set_value, sources[:1]),
            "entity type": (at.multiselect(key="f_types").set_value, ["FUND_HOUSE"]),
        }
        for name, (set_value, value) in changes.items():
            set_value(value)
            seconds = timed(at.run)
            assert not at.exception, (page, name, [e.value for e in at.exception])
            print(f"{page:18s} filter {name:12s} {seconds:7.2f} s   (target: under 0.3 s)")
        at.button(key="f_clear").click()
        print(f"{page:18s} filter {'clear':12s} {timed(at.run):7.2f} s   (target: under 0.3 s)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {rss:.0f} MB   (target: under 600 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
