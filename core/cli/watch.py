"""`python -m core watch DIR`: ingest files as they appear in a folder (a shared inbox), until stopped."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from core.settings import Settings

if TYPE_CHECKING:
    from core.run import FileResult


def add_parser(sub: argparse._SubParsersAction) -> None:
    wat = sub.add_parser("watch", help="ingest files as they appear in a folder, until stopped (Ctrl-C)")
    wat.add_argument("folder", type=Path, metavar="DIR")
    wat.add_argument("--interval", type=float, default=5.0, metavar="SECONDS",
                     help="seconds between two looks at the folder (default 5); a file is taken once it "
                          "stayed the same for one interval")
    wat.add_argument("--db", type=Path, default=None)
    wat.add_argument("--no-model", action="store_true", help="skip the trained NER model (faster, fewer new entities)")
    wat.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core.run import INGESTED, PRESENT, REFUSED
    from core.run.watch import watch_folder

    if not args.folder.is_dir():
        print(f"error: {args.folder}: not a folder", file=sys.stderr)
        return 1
    settings = settings.with_(use_model=not args.no_model)
    stop = threading.Event()
    refused = 0

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    def report(results: list[FileResult]) -> None:
        nonlocal refused
        for r in results:
            if r.status == REFUSED:
                refused += 1
                print(f"error: {r.file_name}: {r.reason}", file=sys.stderr, flush=True)
            elif r.status == INGESTED:
                print(f"ingested {r.file_name}: {r.title}", flush=True)
            elif r.status == PRESENT:
                print(f"already present {r.file_name}", flush=True)
    previous = signal.signal(signal.SIGTERM, on_signal)
    interval = max(0.1, args.interval)
    print(f"watching {args.folder} every {interval:g} s -> {settings.db_path}; Ctrl-C to stop", flush=True)
    try:
        watch_folder(args.folder, settings, interval, stop, report)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"stopped; {refused} files refused while watching", flush=True)
    return 1 if refused else 0
