"""A watched folder: files ingested as they appear, never while they are still being written.

A file is taken once its size and modification time were the same at two polls in a row, and
never while its name says it is temporary (`.part`, `.tmp`, `.crdownload`, `~$...`, hidden
files): browsers, sync tools and editors write under such names and rename when done. A file
changed after it was taken is taken again (its new content is a new article; the same content
adds nothing).
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from core.read.files import walk_problem
from core.read.limits import clean_name
from core.run.batches import REFUSED, FileResult
from core.run.ingest import ingest_paths
from core.settings import Settings

# Names that download managers, browsers, office suites, editors and rsync give files being written.
PARTIAL_NAME = re.compile(r"^[.~]|^~\$|\.(part|partial|tmp|temp|crdownload|download|filepart|swp|swx|!ut)$|~$",
                          re.IGNORECASE)

Signature = tuple[int, int]  # size, modification time in ns


class FolderWatch:
    """Polls one folder (recursively, hidden folders skipped) and says which files are ready."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._last: dict[Path, Signature] = {}
        self._taken: dict[Path, Signature] = {}

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if PARTIAL_NAME.search(name):
                    continue
                path = Path(root) / name
                try:
                    info = path.stat()
                except OSError:  # gone between listing and looking
                    continue
                if path.is_file():
                    found[path] = (info.st_size, info.st_mtime_ns)
        return found

    def ready(self) -> list[Path]:
        """The files not yet taken (or changed since) whose size and time held since the last poll;
        they count as taken from now on."""
        now = self._scan()
        ready = [p for p, sig in now.items() if self._last.get(p) == sig and self._taken.get(p) != sig]
        self._last = now
        for path in ready:
            self._taken[path] = now[path]
        for gone in set(self._taken) - set(now):
            del self._taken[gone]
        return ready


def watch_folder(folder: Path, settings: Settings, interval_s: float, stop: threading.Event,
                 report: Callable[[list[FileResult]], None]) -> None:
    """Ingest files as they become ready until `stop` is set; `report` gets each poll's results.

    Files already in the folder when the watch starts are ingested too (the stored ones add
    nothing). Raises StoreBusy when the database stays locked.
    """
    watch = FolderWatch(folder)
    while not stop.is_set():
        ready = watch.ready()
        if ready:
            # A link to a file outside the folder is refused, as in a folder given to `ingest`.
            root = watch.folder.resolve()
            refused = [FileResult(clean_name(p.name), REFUSED, why) for p in ready if (why := walk_problem(p, root))]
            inside = [p for p in ready if not walk_problem(p, root)]
            report(refused + (ingest_paths(inside, settings) if inside else []))
        stop.wait(interval_s)
