"""Every engine stores the same tables: one process, a worker pool, a Dask LocalCluster."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bench.corpus import write_corpus
from core import store
from core.run import INGESTED, PRESENT, ingest_paths
from core.settings import Settings
from core.tables import TABLES

N = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, N, seed=21)
    (folder / "duplicate.txt").write_text((folder / "article_000003.txt").read_text(encoding="utf-8"), "utf-8")
    (folder / "bad.pdf").write_bytes(b"not a pdf")
    return folder


def snapshot(db: Path) -> dict[str, pd.DataFrame]:
    with store.connect(db, read_only=True) as con:
        frames = {name: store.read_table(con, name).drop(columns=["ingested_at"], errors="ignore") for name in TABLES}
    return {name: df.sort_values(list(df.columns)).reset_index(drop=True) for name, df in frames.items()}


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    db = tmp_path_factory.mktemp("ref") / "news.duckdb"
    ingest_paths([corpus], Settings(db_path=db, use_model=False, batch_size=8))
    return snapshot(db)


@pytest.mark.slow
@pytest.mark.parametrize("changes", [{"workers": 2}, {"workers": 2, "engine": "dask"}], ids=["pool", "dask"])
def test_engine_stores_the_same_tables_as_one_process(corpus: Path, reference: dict[str, pd.DataFrame],
                                                      tmp_path: Path, changes: dict[str, object]) -> None:
    db = tmp_path / "news.duckdb"
    settings = Settings(db_path=db, use_model=False, batch_size=8).with_(**changes)
    results = ingest_paths([corpus], settings)
    statuses = sorted(r.status for r in results)
    assert statuses.count(INGESTED) == N and statuses.count(PRESENT) == 1 and statuses.count("refused") == 1
    got = snapshot(db)
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], reference[name], check_dtype=False, obj=name)
    again = ingest_paths([corpus], settings)
    assert sum(r.status == INGESTED for r in again) == 0
