"""Running the pipeline over many files: in this process, in a pool of worker processes, or on a
Dask cluster, each batch written to the store as whole articles; and re-analysis of stored
articles after the gazetteer changes.

    batches    the unit of work (analyse a batch, one result per file) shared by every engine
    pool       this process, or worker processes forked after the models are loaded
    cluster    the Dask engine, results as Parquet shards loaded by DuckDB
    ingest     files, folders and uploads in; one result line per file out
    reanalyse  stored articles analysed again with the current gazetteer and user entities
"""
from __future__ import annotations

from core.run.batches import INGESTED, PRESENT, REFUSED, FileResult, Progress
from core.run.ingest import ingest_items, ingest_paths, ingest_uploads, iter_paths
from core.run.reanalyse import reanalyze_all

__all__ = ["INGESTED", "PRESENT", "REFUSED", "FileResult", "Progress", "ingest_items", "ingest_paths",
           "ingest_uploads", "iter_paths", "reanalyze_all"]
