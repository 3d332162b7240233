"""Fixtures for the dashboard tests: real DuckDB files built in code under tmp_path.

The seed article is ingested once per session (the trained pipeline takes seconds to load) and
each test gets its own copy, so a test that writes cannot leak into another.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.ingest import INGESTED, ingest_paths
from core.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "shared/seeds/sora_axa_spdb_2024-02-28.txt"
APP_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "news.duckdb"
    results = ingest_paths([SEED], Settings(db_path=path))
    assert [r.status for r in results] == [INGESTED], results
    return path


@pytest.fixture
def seed_db(seed_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database holding the seed article; NEWS_DB points at it, as the app reads it."""
    path = tmp_path / "news.duckdb"
    shutil.copy(seed_master, path)
    monkeypatch.setenv("NEWS_DB", str(path))
    return path


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No database file yet: the first-run state."""
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("NEWS_DB", str(path))
    return path


@pytest.fixture
def seed_text() -> bytes:
    return SEED.read_bytes()
