"""The parser, assembled from one module per command, and the error boundary of the command line."""
from __future__ import annotations

import argparse
import logging
import sys

from core.cli import export, feeds, ingest, refdata, refresh, samples, watch
from core.errors import NewsError
from core.settings import Settings, default_db_path

COMMANDS = (ingest, export, samples, feeds, refresh, watch, refdata)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core",
                                description="AI fund news tracker: ingest articles, follow feeds, export tables.")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status: 0 all good, 1 something refused or failed, 130 interrupted."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    args = parser().parse_args(argv)
    settings = Settings(db_path=args.db or default_db_path())
    try:
        return int(args.run(args, settings))
    except NewsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; articles written so far are kept", file=sys.stderr)
        return 130
