"""The Dask engine: the same pipeline on a cluster, results as Parquet shards loaded by DuckDB.

`--engine dask` sends batches of documents to Dask workers (a LocalCluster when no scheduler
address is given). Each worker analyses its batch and writes one Parquet file per table into a
shard folder; the ingesting process then loads each shard into DuckDB in one transaction,
straight from the Parquet files, skipping articles whose content is already stored. With a remote
scheduler the shard folder (`Settings.shard_dir`) must be storage that every worker and the
ingesting machine share.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from core.analyse.pipeline import UserEntities, load_models
from core.run.batches import FileResult, Slot, Work, analyse_chunk
from core.settings import Settings
from core.tables import COLUMNS, TABLES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shard:
    """Where one analysed batch's tables were written, and the outcome of each of its articles, in order."""

    folder: str
    # per article: (file name, article id, title, mentions, numbers), or its refusal
    outcomes: tuple[tuple[str, str, str, int, int] | FileResult, ...]


def analyse_to_shard(work: list[Work], settings: Settings, user: UserEntities, folder: str) -> Shard:
    """Runs on a worker: analyse a batch and write its tables as Parquet, one file per table."""
    analysed = analyse_chunk(work, settings, user)
    good, seen = [], set()
    for _, r in analysed:  # the same content twice in one batch is written once
        if isinstance(r, dict) and r["articles"][0]["article_id"] not in seen:
            seen.add(r["articles"][0]["article_id"])
            good.append(r)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        records = [row for rows in good for row in rows[name]]
        frame = pd.DataFrame.from_records(records, columns=COLUMNS[name])
        if name == "numbers":
            frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        frame.to_parquet(Path(folder) / f"{name}.parquet", index=False)
    outcomes = tuple(r if isinstance(r, FileResult) else
                     (n, str(r["articles"][0]["article_id"]), str(r["articles"][0]["title"]), len(r["mentions"]),
                      len(r["numbers"])) for n, r in analysed)
    return Shard(folder, outcomes)


def dask_batches(prepared: Iterator[list[Slot]], settings: Settings,
                 user: UserEntities) -> Iterator[tuple[list[Slot], Shard | None]]:
    """Each prepared batch with the shard of its analysed articles (None when it had nothing to
    analyse), in input order, with a bounded number of batches in flight."""
    import dask
    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    if settings.dask_scheduler:
        client = Client(settings.dask_scheduler)
    else:
        # Local workers are forked after the models are loaded, so they share them (as --workers does).
        load_models(settings.spacy_model, settings.use_model, settings.data_dir, "en", user)
        dask.config.set({"distributed.worker.multiprocessing-method": "fork"})
        cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
        client = Client(cluster)
    shard_root = Path(settings.shard_dir or tempfile.mkdtemp(prefix="news-shards-"))
    in_flight: deque[tuple[list[Slot], Any]] = deque()
    try:
        for i, slots in enumerate(prepared):
            work = [s for s in slots if isinstance(s, Work)]
            future = client.submit(analyse_to_shard, work, settings, user, str(shard_root / f"{i:06d}"),
                                   pure=False) if work else None
            in_flight.append((slots, future))
            while len(in_flight) > 2 * max(1, settings.workers):
                yield _done(in_flight.popleft())
        while in_flight:
            yield _done(in_flight.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if not settings.shard_dir:
            shutil.rmtree(shard_root, ignore_errors=True)


def _done(item: tuple[list[Slot], Any]) -> tuple[list[Slot], Shard | None]:
    slots, future = item
    return slots, (future.result() if future is not None else None)
