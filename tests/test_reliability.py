"""Crashes and concurrency lose nothing: killed ingests, two writers, a reader during a write."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from core import store
from core.store import queries

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 40


def ingest_cmd(db: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "core", "ingest", *map(str, paths), "--db", str(db), "--no-model"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, N_ARTICLES, seed=11)
    return folder


def stored(db: Path) -> tuple[int, list[str]]:
    with store.connect(db, read_only=True, timeout_s=30) as con:
        return store.count_articles(con), store.check_integrity(con)


@pytest.mark.slow
def test_killed_ingests_leave_only_whole_articles_and_a_rerun_completes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    rng = random.Random(3)
    for _ in range(8):
        proc = subprocess.Popen(ingest_cmd(db, corpus), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 3.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        if db.exists():
            count, problems = stored(db)
            assert problems == [], problems
            assert 0 <= count <= N_ARTICLES
    done = subprocess.run(ingest_cmd(db, corpus), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert stored(db) == (N_ARTICLES, [])


@pytest.mark.slow
def test_two_ingests_and_a_reader_share_one_database(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    files = sorted(corpus.glob("*.txt"))
    first, second = files[: N_ARTICLES * 2 // 3], files[N_ARTICLES // 3:]  # a third of the files in both
    procs = [subprocess.Popen(ingest_cmd(db, *part), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for part in (first, second)]
    reads = 0
    while any(p.poll() is None for p in procs):
        if db.exists():
            count, problems = stored(db)
            assert problems == []
            overview = queries.run(db, queries.overview)  # what the dashboard's Home page reads
            assert overview["total_articles"] <= N_ARTICLES
            reads += 1
        time.sleep(0.2)
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert reads > 0
    assert stored(db) == (N_ARTICLES, [])
