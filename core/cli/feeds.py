"""`python -m core feeds add|list|remove`: the feeds that `refresh` fetches."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.ingest import add_fetch_options, fetch_settings
from core.errors import FetchFailed
from core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    feeds = sub.add_parser("feeds", help="save, list or remove the RSS/Atom feeds that `refresh` fetches")
    feeds.add_argument("--db", type=Path, default=None)
    actions = feeds.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="save a feed (it is fetched once to check that it is one)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default=None, help="what to call it (default: the feed's own title)")
    add_fetch_options(add)
    actions.add_parser("list", help="the saved feeds and what their last refresh found")
    remove = actions.add_parser("remove", help="forget a saved feed (its articles stay)")
    remove.add_argument("feed", metavar="URL|NAME")
    for p in actions.choices.values():
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    feeds.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "list":
        return _list(settings)
    # Imported here: fetching brings the analysis pipeline, which `feeds list` does without.
    from core.fetch import add_feed, remove_feed

    if args.action == "add":
        try:
            feed, n_items, added = add_feed(args.url, fetch_settings(args, settings), args.name)
        except FetchFailed as failure:
            print(f"error: {failure.file_name}: {failure.reason}; not saved", file=sys.stderr)
            return 1
        if added:
            print(f"saved feed '{feed.name}' ({feed.url}), {n_items} items listed now; "
                  "`python -m core refresh` fetches them")
        else:
            print(f"feed '{feed.name}' ({feed.url}) was saved already")
        return 0
    if args.action == "remove":
        removed = remove_feed(args.feed, settings)
        if not removed:
            print(f"error: no saved feed with the URL or name '{args.feed}'", file=sys.stderr)
            return 1
        for url in removed:
            print(f"removed {url} (its articles stay)")
        return 0
    return _list(settings)


def _list(settings: Settings) -> int:
    from core import store
    from core.store import sources

    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        table = sources.feed_table(con)
    if table.empty:
        print("no saved feeds; add one with `python -m core feeds add URL`")
        return 0
    for row in table.itertuples():
        when = row.last_fetched or "never"
        counts = "" if row.last_fetched is None else \
            f", last time {_n(row.items_new)} new, {_n(row.items_present)} present, {_n(row.items_refused)} refused"
        print(f"{row.name}\n  {row.url}\n  last fetched: {when}{counts}; {row.articles} articles in all")
        if isinstance(row.last_error, str) and row.last_error:
            print(f"  last error: {row.last_error}")
    return 0


def _n(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
