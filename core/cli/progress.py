"""Progress of a long ingest: a bar on a terminal, a plain line every few seconds anywhere else.

A cron job or a `| tee log` run has no terminal; without these lines its log would show nothing
until the end of a run that may take an hour, so a stuck job and a busy one would look the same.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

LINE_EVERY_S = 5.0


class Progress:
    """`progress(done, total, name)` and `refused(name)`, as `core.run.ingest_items` calls them."""

    def __init__(self, stream: TextIO | None = None, every_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.every_s = LINE_EVERY_S if every_s is None else every_s
        self.clock = clock
        self.started = self.last_line = clock()
        self.done = self.total = self.refusals = 0
        self.bar = None
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="file", file=self.stream)

    def __call__(self, done: int, total: int, name: str) -> None:
        self.done, self.total = done, total
        if self.bar is not None:
            self.bar.total = total
            self.bar.set_postfix_str(name[-40:])
            self.bar.n = done  # set, not added: files, then each feed, count from zero
            self.bar.refresh()
            return
        now = self.clock()
        if now - self.last_line >= self.every_s:
            self.last_line = now
            self.line(now)

    def refused(self, name: str) -> None:
        self.refusals += 1

    def line(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-9)
        of = f" of {self.total}" if self.total >= self.done else ""
        print(f"progress: {self.done}{of} files done, {self.refusals} refused, {rate:.1f} files/s",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
