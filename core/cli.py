"""The command line of shared/CONTRACT.md: `python -m core ingest PATH... [--db DB]` and
`python -m core export --out DIR [--db DB]`. The only module of core/ that talks to people."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core import store
from core.errors import NewsError
from core.export import copy_csvs
from core.ingest import INGESTED, PRESENT, REFUSED, ingest_paths
from core.settings import DATA_DIR, Settings, default_db_path

SAMPLES_DIR = DATA_DIR / "samples"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="AI fund news tracker: ingest articles, export tables.")
    sub = p.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest files, folders (recursive) or .zip archives")
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ing.add_argument("--db", type=Path, default=None, help="database file (default: $NEWS_DB or data/news.duckdb)")
    ing.add_argument("--no-model", action="store_true", help="skip the trained NER model (faster, fewer new entities)")
    ing.add_argument("--workers", type=int, default=1, metavar="N", help="analyse in N processes (default 1)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="'dask' runs the analysis on a Dask cluster (a LocalCluster of --workers workers)")
    ing.add_argument("--scheduler", default="", metavar="ADDR", help="address of a running Dask scheduler")
    exp = sub.add_parser("export", help="write articles, sentences, mentions, numbers and forecasts as CSV")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR")
    exp.add_argument("--db", type=Path, default=None)
    smp = sub.add_parser("load-samples", help="ingest the bundled sample articles when the database is empty")
    smp.add_argument("--db", type=Path, default=None)
    return p


def _load_samples(settings: Settings) -> int:
    if Path(settings.db_path).exists():
        with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
            if store.count_articles(con):
                print(f"{settings.db_path} already holds articles; samples not loaded")
                return 0
    results = ingest_paths([SAMPLES_DIR], settings)
    print(f"loaded {sum(r.status == INGESTED for r in results)} sample articles into {settings.db_path}")
    return 0


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(unit="file", file=sys.stderr)

    def progress(done: int, total: int, name: str) -> None:
        if bar is not None:
            bar.total = total
            bar.set_postfix_str(name[-40:])
            bar.update(done - bar.n)
    results = ingest_paths(args.paths, settings, progress)
    if bar is not None:
        bar.close()
    for r in results:
        if r.status == REFUSED:
            print(f"error: {r.file_name}: {r.reason}", file=sys.stderr)
    counts = {s: sum(r.status == s for r in results) for s in (INGESTED, PRESENT, REFUSED)}
    print(f"{counts[INGESTED]} ingested, {counts[PRESENT]} already present, {counts[REFUSED]} refused "
          f"-> {settings.db_path}")
    return 1 if counts[REFUSED] else 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    if not Path(settings.db_path).exists():
        print(f"error: no database at {settings.db_path}; ingest some articles first", file=sys.stderr)
        return 1
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        paths = copy_csvs(con, args.out)
    for path in paths:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    args = _parser().parse_args(argv)
    settings = Settings(db_path=args.db or default_db_path())
    if args.command == "ingest":
        settings = settings.with_(use_model=not args.no_model, workers=max(1, args.workers), engine=args.engine,
                                  dask_scheduler=args.scheduler)
    try:
        if args.command == "load-samples":
            return _load_samples(settings)
        return _ingest(args, settings) if args.command == "ingest" else _export(args, settings)
    except NewsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; articles written so far are kept", file=sys.stderr)
        return 130
