"""`python -m core refdata import FILE.csv`: a user's own fund list joins the gazetteer."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import UnreadableFile
from core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    ref = sub.add_parser("refdata", help="reference data of your own: import a fund list (CSV)")
    ref.add_argument("--db", type=Path, default=None)
    actions = ref.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="add the funds of a CSV file (columns: code, name, chinese name, house, "
                                            "managers, aliases) to the gazetteer and re-resolve stored articles")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    ref.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core.run.refdata import import_fund_list  # the pipeline, loaded only by this command

    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: {path.name}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return 1
    try:
        result = import_fund_list(settings, path.name, data)
    except UnreadableFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result.errors:
        print(f"error: {line}", file=sys.stderr)
    print(f"{result.funds} funds read from {path.name}: {result.new} new, {result.changed} changed, "
          f"{result.unchanged} unchanged; {result.reanalysed} stored articles re-analysed -> {settings.db_path}")
    return 1 if result.errors else 0
