"""Ingestion: readers -> pipeline -> store, one file at a time, one result line per file.

Analysis (the slow part) happens outside the database lock; each article is then written in a
transaction of its own, so a crash or a kill loses at most the article being written and a
re-run completes the rest without duplicates.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from core import store
from core.analyse.pipeline import UserEntities
from core.errors import UnreadableFile
from core.read import collect_paths, read_bytes, read_path
from core.read.document import Document
from core.run.batches import INGESTED, PRESENT, FileResult, Progress, _chunks
from core.run.pool import analysed_batches
from core.settings import Settings

log = logging.getLogger(__name__)


def _user_entities(settings: Settings) -> UserEntities:
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        try:
            return store.user_entities(con)
        except Exception:  # a database from before user entities existed
            return ()


def ingest_items(items: Iterable[Document | UnreadableFile], settings: Settings,
                 progress: Progress | None = None, total: int = 0) -> list[FileResult]:
    """Analyse and store every document; refusals pass through as results. Never raises for a
    bad file; raises StoreBusy when the database stays locked.

    Documents go in batches of `settings.batch_size`: analysed (in this process, in
    `settings.workers` processes, or on a Dask cluster), then written in one transaction per
    batch, which holds whole articles only.
    """
    user = _user_entities(settings) if Path(settings.db_path).exists() else ()
    if settings.engine == "dask":
        return _ingest_on_dask(items, settings, user, progress, total)
    results: list[FileResult] = []
    for batch in analysed_batches(items, settings, user):
        rows = [r for _, r in batch if isinstance(r, dict)]
        added: list[bool] = []
        if rows:
            with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
                added = store.add_batch(con, rows)
        new = iter(added)
        for name, r in batch:
            if isinstance(r, FileResult):
                results.append(r)
            else:
                row = r["articles"][0]
                results.append(FileResult(name, INGESTED if next(new) else PRESENT, "", str(row["article_id"]),
                                          str(row["title"]), len(r["mentions"]), len(r["numbers"])))
            if progress:
                progress(len(results), max(total, len(results)), name)
    return results


def _ingest_on_dask(items: Iterable[Document | UnreadableFile], settings: Settings, user: UserEntities,
                    progress: Progress | None, total: int) -> list[FileResult]:
    from core.run.cluster import dask_batches

    results: list[FileResult] = []
    for shard, refusals in dask_batches(_chunks(items, settings.batch_size), settings, user):
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            new = store.load_shard(con, shard.folder)
        results += [r for _, r in refusals if isinstance(r, FileResult)]
        for name, article_id, title, n_mentions, n_numbers in shard.articles:
            status = INGESTED if article_id in new else PRESENT
            new.discard(article_id)
            results.append(FileResult(name, status, "", article_id, title, n_mentions, n_numbers))
        if progress:
            progress(len(results), max(total, len(results)), results[-1].file_name if results else "")
    return results


def iter_paths(paths: Iterable[Path], settings: Settings) -> tuple[list[Path], Iterator[Document | UnreadableFile]]:
    files, missing = collect_paths(paths)

    def items() -> Iterator[Document | UnreadableFile]:
        yield from missing
        for path in files:
            yield from read_path(path, settings)
    return files, items()


def ingest_paths(paths: Iterable[Path], settings: Settings, progress: Progress | None = None) -> list[FileResult]:
    files, items = iter_paths(paths, settings)
    return ingest_items(items, settings, progress, total=len(files))


def ingest_uploads(uploads: Iterable[tuple[str, bytes]], settings: Settings,
                   progress: Progress | None = None) -> list[FileResult]:
    """Files from the dashboard's uploader: (name as uploaded, bytes)."""
    uploads = list(uploads)
    settings = settings.with_(batch_size=min(settings.batch_size, 4))  # small batches: a smooth progress bar

    def items() -> Iterator[Document | UnreadableFile]:
        for name, data in uploads:
            yield from read_bytes(name, data, settings)
    return ingest_items(items(), settings, progress, total=len(uploads))
