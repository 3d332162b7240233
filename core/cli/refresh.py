"""`python -m core refresh`: fetch every saved feed once (for cron or a systemd timer)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.ingest import add_fetch_options, fetch_settings
from core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    ref = sub.add_parser("refresh", help="fetch every saved feed once and ingest its new items")
    ref.add_argument("feeds", nargs="*", metavar="URL", help="only these saved feeds (default: all)")
    ref.add_argument("--db", type=Path, default=None)
    ref.add_argument("--no-model", action="store_true", help="skip the trained NER model (faster, fewer new entities)")
    add_fetch_options(ref)
    ref.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core.fetch import refresh_feeds
    from core.fetch.follow import GIVEN_UP
    from core.run import INGESTED, PRESENT, REFUSED

    settings = fetch_settings(args, settings.with_(use_model=not args.no_model))
    reports = refresh_feeds(settings, args.feeds or None)
    if not reports:
        print("no saved feeds" + (" with those URLs" if args.feeds else "; add one with `python -m core feeds add URL`"))
        return 1 if args.feeds else 0
    failed = False
    for report in reports:
        if report.error:
            print(f"error: {report.url}: {report.error}", file=sys.stderr)
        for r in report.results:
            if r.status == REFUSED:
                print(f"error: {r.file_name}: {r.reason}", file=sys.stderr)
        failed = failed or bool(report.error) or report.count(REFUSED) > 0
    for report in reports:
        state = "failed" if report.error else "not modified" if report.not_modified else \
            f"{report.count(INGESTED)} new, {report.count(PRESENT)} already present, {report.count(REFUSED)} refused" + \
            (f", {report.count(GIVEN_UP)} given up after repeated failures" if report.count(GIVEN_UP) else "")
        print(f"{report.name}: {state}")
    print(f"{sum(r.count(INGESTED) for r in reports)} ingested from {len(reports)} feeds -> {settings.db_path}")
    return 1 if failed else 0
