"""The DuckDB store on real files under tmp_path."""
import multiprocessing
import time
from pathlib import Path

import duckdb
import pytest

from core import store
from core.analyse.pipeline import analyze
from core.errors import StoreBusy
from core.settings import Settings
from tests.texts import EFUND_STORY, HUATAI_STORY

FAST = Settings(use_model=False)


def test_adding_the_same_content_twice_stores_it_once(tmp_path: Path) -> None:
    tables = analyze(EFUND_STORY, "efund.txt", FAST)
    db = tmp_path / "news.duckdb"
    with store.connect(db) as con:
        assert store.add_tables(con, tables) is True
        assert store.add_tables(con, analyze(EFUND_STORY, "copy_under_other_name.txt", FAST)) is False
        assert store.count_articles(con) == 1
        n_mentions = len(store.read_table(con, "mentions"))
    assert n_mentions == len(tables.mentions) > 0


def test_every_table_round_trips_with_contract_columns(tmp_path: Path) -> None:
    tables = analyze(HUATAI_STORY, "huatai.txt", FAST)
    with store.connect(tmp_path / "db.duckdb") as con:
        store.add_tables(con, tables)
        for name, df in tables.items():
            stored = store.read_table(con, name)
            assert list(stored.columns) == list(df.columns)
            assert len(stored) == len(df)
        assert store.schema_version(con) == store.SCHEMA_VERSION


def test_failed_transaction_leaves_no_partial_article(tmp_path: Path) -> None:
    tables = analyze(EFUND_STORY, "efund.txt", FAST)
    tables.numbers["year"] = "not a year"  # makes the numbers insert fail after articles went in
    with store.connect(tmp_path / "db.duckdb") as con:
        with pytest.raises(duckdb.Error):
            store.add_tables(con, tables)
        assert store.count_articles(con) == 0
        assert len(store.read_table(con, "mentions")) == 0


def test_read_only_connection_to_missing_file_is_empty(tmp_path: Path) -> None:
    with store.connect(tmp_path / "absent.duckdb", read_only=True) as con:
        assert store.count_articles(con) == 0
    assert not (tmp_path / "absent.duckdb").exists()


def _hold_lock(path: str, seconds: float, ready: "multiprocessing.synchronize.Event") -> None:
    with store.connect(Path(path)):
        ready.set()
        time.sleep(seconds)


def test_writer_waits_for_another_process_then_gives_a_plain_error(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(db), 3.0, ready))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(StoreBusy, match="in use by another process"):
            with store.connect(db, timeout_s=0.5):
                pass
        with store.connect(db, timeout_s=30) as con:  # waits for the holder to finish
            assert store.count_articles(con) == 0
    finally:
        holder.join(10)
