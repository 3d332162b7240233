"""`python -m core ingest PATH|URL...`: files, folders, archives, article pages and feeds into the
database, one line per refusal."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    ing = sub.add_parser("ingest", help="ingest files, folders (recursive), .zip archives, article URLs or feeds")
    ing.add_argument("paths", nargs="+", metavar="PATH|URL",
                     help="a file, folder or .zip archive; or an http(s) URL of an article page or an RSS/Atom feed")
    ing.add_argument("--db", type=Path, default=None, help="database file (default: $NEWS_DB or data/news.duckdb)")
    ing.add_argument("--no-model", action="store_true", help="skip the trained NER model (faster, fewer new entities)")
    ing.add_argument("--workers", type=int, default=1, metavar="N", help="analyse in N processes (default 1)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="'dask' runs the analysis on a Dask cluster (a LocalCluster of --workers workers)")
    ing.add_argument("--scheduler", default="", metavar="ADDR", help="address of a running Dask scheduler")
    add_fetch_options(ing)
    ing.set_defaults(run=run)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """The fetch limits a user may want to change per run (the others are in core.settings)."""
    defaults = Settings()
    parser.add_argument("--timeout", type=float, default=defaults.fetch_timeout_s, metavar="SECONDS",
                        help=f"URLs: give up on a host that does not answer within this time (default "
                             f"{defaults.fetch_timeout_s:g})")
    parser.add_argument("--pause", type=float, default=defaults.fetch_host_interval_s, metavar="SECONDS",
                        help=f"URLs: wait between two requests to the same host (default "
                             f"{defaults.fetch_host_interval_s:g})")


def fetch_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    # The machine's owner runs the command line: their own network's pages are theirs to fetch.
    return settings.with_(fetch_timeout_s=max(0.1, args.timeout), fetch_host_interval_s=max(0.0, args.pause),
                          fetch_allow_private=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, so that the other commands start without the analysis pipeline (spaCy).
    from core import store
    from core.cli.progress import Progress
    from core.fetch import ingest_urls, looks_like_url
    from core.fetch.follow import GIVEN_UP
    from core.run import INGESTED, PRESENT, REFUSED, ingest_paths

    settings = settings.with_(use_model=not args.no_model, workers=max(1, args.workers), engine=args.engine,
                              dask_scheduler=args.scheduler)
    store.check_target(settings.db_path, settings.lock_timeout_s)  # a wrong --db is refused before any work
    urls = [p for p in args.paths if looks_like_url(p)]
    paths = [Path(p) for p in args.paths if not looks_like_url(p)]
    progress = Progress()
    try:
        results = ingest_paths(paths, settings, progress, progress.refused) if paths else []
        if urls:
            results += ingest_urls(urls, fetch_settings(args, settings), progress)
    finally:
        progress.close()
    for r in results:
        if r.status == REFUSED:
            print(f"error: {r.file_name}: {r.reason}", file=sys.stderr)
    counts = {s: sum(r.status == s for r in results) for s in (INGESTED, PRESENT, REFUSED)}
    given_up = sum(r.status == GIVEN_UP for r in results)
    print(f"{counts[INGESTED]} ingested, {counts[PRESENT]} already present, {counts[REFUSED]} refused "
          + (f"({given_up} feed items given up after repeated failures) " if given_up else "") + f"-> {settings.db_path}")
    return 1 if counts[REFUSED] else 0
