"""Analysis in this process or in a pool of worker processes forked after the models are loaded.

Either way results come back one file at a time, in input order, so progress moves per file.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

from core.analyse.pipeline import Rows, UserEntities, load_models
from core.run.batches import Analysed, FileResult, Work, analyse_chunk, analyse_work
from core.settings import Settings

# Work goes to pool workers in slices this small, so results (and progress) keep flowing.
POOL_SLICE = 8


def analysed(work: Iterator[list[Work]], settings: Settings,
             user: UserEntities) -> Iterator[tuple[str, Rows | FileResult]]:
    """(file name, rows or refusal) for every article of every batch, in order."""
    if settings.workers > 1:
        yield from _pooled(work, settings, user)
    else:
        for batch in work:
            yield from analyse_work(batch, settings, user)


def _pool_work(args: tuple[list[Work], Settings, UserEntities]) -> Analysed:
    return analyse_chunk(*args)


def _pooled(work: Iterator[list[Work]], settings: Settings, user: UserEntities) -> Iterator[tuple[str, Rows | FileResult]]:
    # Models are loaded before the fork, so every worker shares them instead of loading its own.
    load_models(settings.spacy_model, settings.use_model, settings.data_dir, "en", user)

    def slices() -> Iterator[tuple[list[Work], Settings, UserEntities]]:
        for batch in work:
            for i in range(0, len(batch), POOL_SLICE):
                yield batch[i:i + POOL_SLICE], settings, user
    with multiprocessing.get_context("fork").Pool(settings.workers) as pool:
        for results in pool.imap(_pool_work, slices()):
            yield from results
