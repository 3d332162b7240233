"""`python -m core export --out DIR`: the five tables as spreadsheet-safe CSV files."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser("export", help="write articles, sentences, mentions, numbers and forecasts as CSV")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR")
    exp.add_argument("--db", type=Path, default=None)
    exp.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: the store is all an export needs, so it starts without the analysis pipeline.
    from core import store
    from core.store.connection import check_path
    from core.store.export import copy_csvs

    check_path(Path(settings.db_path))
    if not Path(settings.db_path).exists():
        print(f"error: no database at {settings.db_path}; ingest some articles first", file=sys.stderr)
        return 1
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        probe = args.out / ".export-check"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        print(f"error: {args.out}: cannot write the CSV files there ({exc.strerror or exc})", file=sys.stderr)
        return 1
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        paths = copy_csvs(con, args.out)
    for path in paths:
        print(path)
    return 0
