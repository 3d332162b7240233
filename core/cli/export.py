"""`python -m core export --out DIR`: the five tables as spreadsheet-safe CSV files."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import store
from core.settings import Settings
from core.store.export import copy_csvs


def add_parser(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser("export", help="write articles, sentences, mentions, numbers and forecasts as CSV")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR")
    exp.add_argument("--db", type=Path, default=None)
    exp.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not Path(settings.db_path).exists():
        print(f"error: no database at {settings.db_path}; ingest some articles first", file=sys.stderr)
        return 1
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        paths = copy_csvs(con, args.out)
    for path in paths:
        print(path)
    return 0
