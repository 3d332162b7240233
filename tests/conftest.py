"""Fixtures for the dashboard tests: real DuckDB files built in code under tmp_path.

The seed article is ingested once per session (the trained pipeline takes seconds to load) and
each test gets its own copy, so a test that writes cannot leak into another.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.run import INGESTED, ingest_paths
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


AXA = "AXA SPDB Investment Managers"
# Three short articles written as rows: January, February and undated; one sentence about two
# themes of one sector (AI chips, Semiconductors), mentions counted by hand in test_queries.
TINY = {
    "a1": {"published": "2024-01-15", "source": "Securities Times", "sentences": [
        ("Chip makers and semiconductor funds rallied.", 0.5, "positive", "AI chips;Semiconductors",
         [("AI chips", "THEME", "Chip makers"), ("Semiconductors", "THEME", "semiconductor"),
          (AXA, "FUND_HOUSE", "AXA Puyin")]),
        ("Video tools disappointed.", -0.5, "negative", "Text-to-video", [("Text-to-video", "THEME", "Video tools")])]},
    "a2": {"published": "2024-02-10", "source": "Caixin", "sentences": [
        ("Chips, chips again.", 0.1, "neutral", "AI chips", [("AI chips", "THEME", "Chips"), ("AI chips", "THEME", "chips")])]},
    "a3": {"published": "", "source": "Securities Times", "sentences": [
        ("Undated chip news.", 0.0, "neutral", "AI chips", [("AI chips", "THEME", "chip")])]},
}


def tiny_rows() -> list[dict[str, list[dict[str, object]]]]:
    batch = []
    for article_id, a in TINY.items():
        rows: dict[str, list[dict[str, object]]] = {
            "articles": [{"article_id": article_id, "title": f"Article {article_id}", "published": a["published"],
                          "source": a["source"], "content_sha256": article_id * 8, "file_name": f"{article_id}.txt"}],
            "sentences": [], "mentions": [], "numbers": [], "forecasts": []}
        for sid, (text, score, label, themes, named) in enumerate(a["sentences"]):
            rows["sentences"].append({"article_id": article_id, "sentence_id": sid, "text": text, "sentiment": score,
                                      "label": label, "themes": themes})
            for start, (entity, type_, surface) in enumerate(named):
                rows["mentions"].append({"article_id": article_id, "sentence_id": sid, "entity": entity,
                                         "entity_type": type_, "surface": surface, "start": start, "method": "gazetteer"})
        batch.append(rows)
    return batch


@pytest.fixture
def tiny_db(tmp_path: Path) -> Path:
    """A database of the three TINY articles, built from rows (no pipeline)."""
    from core import store

    path = tmp_path / "tiny.duckdb"
    with store.connect(path) as con:
        store.add_batch(con, tiny_rows())
    return path
