"""Analysis in this process or in a pool of worker processes forked after the models are loaded."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from core.analyse.pipeline import UserEntities, load_models
from core.errors import UnreadableFile
from core.read.document import Document
from core.run.batches import Analysed, _chunks, _docs, _merge, analyse_chunk
from core.settings import Settings


def analysed_batches(items: Iterable[Document | UnreadableFile], settings: Settings,
                     user: UserEntities) -> Iterator[Analysed]:
    """Batches of (file name, rows or refusal), in input order, from the configured engine."""
    chunks = _chunks(items, settings.batch_size)
    if settings.workers > 1:
        yield from _pool_batches(chunks, settings, user)
    else:
        for chunk in chunks:
            yield _merge(chunk, analyse_chunk(_docs(chunk), settings, user))


def _pool_work(args: tuple[list[Document], Settings, UserEntities]) -> Analysed:
    return analyse_chunk(*args)


def _pool_batches(chunks: Iterator[list[Document | UnreadableFile]], settings: Settings,
                  user: UserEntities) -> Iterator[Analysed]:
    # Models are loaded before the fork, so every worker shares them instead of loading its own.
    load_models(settings.spacy_model, settings.use_model, settings.data_dir, "en", user)
    pending: list[list[Document | UnreadableFile]] = []

    def work() -> Iterator[tuple[list[Document], Settings, UserEntities]]:
        for chunk in chunks:
            pending.append(chunk)
            yield _docs(chunk), settings, user
    with multiprocessing.get_context("fork").Pool(settings.workers) as pool:
        for analysed in pool.imap(_pool_work, work()):
            yield _merge(pending.pop(0), analysed)
