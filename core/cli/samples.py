"""`python -m core load-samples`: the bundled sample articles, only into an empty database."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.settings import DATA_DIR, Settings

SAMPLES_DIR = DATA_DIR / "samples"


def add_parser(sub: argparse._SubParsersAction) -> None:
    smp = sub.add_parser("load-samples", help="ingest the bundled sample articles when the database is empty")
    smp.add_argument("--db", type=Path, default=None)
    smp.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core import store
    from core.run import INGESTED, ingest_paths

    if Path(settings.db_path).exists():
        with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
            if store.count_articles(con):
                print(f"{settings.db_path} already holds articles; samples not loaded")
                return 0
    results = ingest_paths([SAMPLES_DIR], settings)
    print(f"loaded {sum(r.status == INGESTED for r in results)} sample articles into {settings.db_path}")
    return 0
