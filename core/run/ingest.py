"""Ingestion: readers -> pipeline -> store, one file at a time, one result line per file.

Analysis (the slow part) happens outside the database lock; each article is then written in a
transaction of its own, so a crash or a kill loses at most the article being written and a
re-run completes the rest without duplicates.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from core import store
from core.analyse.pipeline import Rows, UserEntities
from core.errors import UnreadableFile
from core.read import collect_paths, read_bytes, read_path
from core.read.document import Document
from core.run.batches import INGESTED, PRESENT, REFUSED, FileResult, Progress, Slot, Work, chunks, prepare, settle_present
from core.run.pool import analysed
from core.settings import Settings

log = logging.getLogger(__name__)


def _user_entities(settings: Settings) -> UserEntities:
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        try:
            return store.user_entities(con)
        except Exception:  # a database from before user entities existed
            return ()


def _prepared(items: Iterable[Document | UnreadableFile], settings: Settings) -> Iterator[list[Slot]]:
    """Batches of slots: every file cleaned and hashed, stored content settled as already present."""
    seen: set[str] = set()
    for chunk in chunks(items, settings.batch_size):
        slots = prepare(chunk, settings)
        shas = [s.sha for s in slots if isinstance(s, Work) and s.sha not in seen]
        if shas and Path(settings.db_path).exists():
            with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
                seen |= store.stored_hashes(con, shas)
        yield settle_present(slots, seen)


def _write(slots: list[Slot], outcomes: list[tuple[str, Rows | FileResult]], settings: Settings) -> list[FileResult]:
    """Store a batch's analysed articles in one transaction; one result per file, in order."""
    rows = [r for _, r in outcomes if isinstance(r, dict)]
    added: list[bool] = []
    if rows:
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            added = store.add_batch(con, rows)
    new = iter(added)
    done = iter(outcomes)
    results = []
    for slot in slots:
        if isinstance(slot, FileResult):
            results.append(slot)
            continue
        name, r = next(done)
        if isinstance(r, FileResult):
            results.append(r)
        else:
            row = r["articles"][0]
            results.append(FileResult(name, INGESTED if next(new) else PRESENT, "", str(row["article_id"]),
                                      str(row["title"]), len(r["mentions"]), len(r["numbers"])))
    return results


def ingest_items(items: Iterable[Document | UnreadableFile], settings: Settings,
                 progress: Progress | None = None, total: int = 0,
                 on_refused: Callable[[str], None] | None = None) -> list[FileResult]:
    """Analyse and store every document; refusals pass through as results. Never raises for a
    bad file; raises StoreBusy when the database stays locked.

    Documents go in batches of `settings.batch_size`: cleaned and hashed here (stored content is
    not analysed again), analysed (in this process, in `settings.workers` processes, or on a Dask
    cluster), then written in one transaction per batch, which holds whole articles only. Raises
    StoreUnusable before any analysis when the database could not take the results.
    `progress(done, total, file name)` is called as each file is settled, and `on_refused(file
    name)` as each refusal is (before the batch's results are known).
    """
    store.check_target(settings.db_path, settings.lock_timeout_s)  # before any analysis, not after it
    user = _user_entities(settings) if Path(settings.db_path).exists() else ()
    if settings.engine == "dask":
        return _ingest_on_dask(_prepared(items, settings), settings, user, progress, total, on_refused)
    results: list[FileResult] = []
    settled = 0

    def tick(name: str, refused: bool = False) -> None:
        nonlocal settled
        settled += 1
        if refused and on_refused:
            on_refused(name)
        if progress:
            progress(settled, max(total, settled), name)

    pending: deque[list[Slot]] = deque()  # batches handed to the engine, in order

    def work() -> Iterator[list[Work]]:
        for slots in _prepared(items, settings):
            pending.append(slots)
            yield [s for s in slots if isinstance(s, Work)]

    current: list[Slot] = []
    outcomes: list[tuple[str, Rows | FileResult]] = []
    needed = 0

    def open_next() -> None:
        """Take the next batch; batches with nothing to analyse are written (settled) at once."""
        nonlocal current, needed
        while pending:
            current = pending.popleft()
            for slot in current:
                if isinstance(slot, FileResult):
                    tick(slot.file_name, slot.status == REFUSED)
            needed = sum(isinstance(s, Work) for s in current)
            if needed:
                return
            results.extend(_write(current, [], settings))
        current, needed = [], 0

    for name, outcome in analysed(work(), settings, user):
        if not needed:
            open_next()
        outcomes.append((name, outcome))
        needed -= 1
        tick(name, isinstance(outcome, FileResult) and outcome.status == REFUSED)
        if not needed:
            results.extend(_write(current, outcomes, settings))
            outcomes = []
    open_next()  # batches at the end with nothing to analyse
    return results


def _ingest_on_dask(prepared: Iterator[list[Slot]], settings: Settings, user: UserEntities,
                    progress: Progress | None, total: int,
                    on_refused: Callable[[str], None] | None) -> list[FileResult]:
    from core.run.cluster import dask_batches

    results: list[FileResult] = []
    for slots, shard in dask_batches(prepared, settings, user):
        new: set[str] = set()
        if shard is not None:
            with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
                new = store.load_shard(con, shard.folder)
        outcomes = iter(shard.outcomes if shard is not None else ())
        for slot in slots:
            if isinstance(slot, FileResult):
                results.append(slot)
            else:
                outcome = next(outcomes)
                if isinstance(outcome, FileResult):
                    results.append(outcome)
                else:
                    name, article_id, title, n_mentions, n_numbers = outcome
                    status = INGESTED if article_id in new else PRESENT
                    new.discard(article_id)
                    results.append(FileResult(name, status, "", article_id, title, n_mentions, n_numbers))
            if on_refused and results[-1].status == REFUSED:
                on_refused(results[-1].file_name)
            if progress:
                progress(len(results), max(total, len(results)), results[-1].file_name)
    return results


def iter_paths(paths: Iterable[Path], settings: Settings) -> tuple[list[Path], Iterator[Document | UnreadableFile]]:
    files, missing = collect_paths(paths)

    def items() -> Iterator[Document | UnreadableFile]:
        yield from missing
        for path in files:
            yield from read_path(path, settings)
    return files, items()


def ingest_paths(paths: Iterable[Path], settings: Settings, progress: Progress | None = None,
                 on_refused: Callable[[str], None] | None = None) -> list[FileResult]:
    files, items = iter_paths(paths, settings)
    return ingest_items(items, settings, progress, total=len(files), on_refused=on_refused)


def ingest_uploads(uploads: Iterable[tuple[str, bytes]], settings: Settings,
                   progress: Progress | None = None) -> list[FileResult]:
    """Files from the dashboard's uploader: (name as uploaded, bytes)."""
    uploads = list(uploads)
    settings = settings.with_(batch_size=min(settings.batch_size, 4))  # small batches: a smooth progress bar

    def items() -> Iterator[Document | UnreadableFile]:
        for name, data in uploads:
            yield from read_bytes(name, data, settings)
    return ingest_items(items(), settings, progress, total=len(uploads))
