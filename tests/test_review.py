"""Entities found by patterns are reviewed: confirm, merge or reject, applied to stored articles."""
from pathlib import Path

import pytest

from core import store
from core.read.document import Document
from core.run import ingest_items, reanalyze_all
from core.settings import DATA_DIR, Settings
from core.store.queries import Filters, new_entities

STORY = """Quant houses court AI investors
2024-09-09 10:00 Source: China Fund News
Tanaka Hiro, fund manager of a Tokyo robotics fund, said humanoid robots will benefit from cheaper parts.
Analysts at Puyin Ansheng Fund Management agreed.
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(db_path=tmp_path / "news.duckdb", use_model=False)
    ingest_items([Document("story.txt", STORY, "txt")], s)
    return s


def entities(settings: Settings) -> set[tuple[str, str]]:
    with store.connect(settings.db_path, read_only=True) as con:
        return {(e, t) for e, t in con.execute("SELECT entity, entity_type FROM mentions").fetchall()}


def test_pattern_found_manager_is_listed_as_new(settings: Settings) -> None:
    with store.connect(settings.db_path, read_only=True) as con:
        new = new_entities(con, Filters(), DATA_DIR)
    assert new["entity"].tolist() == ["Tanaka Hiro"]
    assert new["type"].tolist() == ["MANAGER"] and "fund manager" in new["example"].iloc[0]


def test_rejected_entity_loses_its_mentions(settings: Settings) -> None:
    with store.connect(settings.db_path) as con:
        store.decide_entity(con, "Tanaka Hiro", "reject")
    assert reanalyze_all(settings, only_naming=["Tanaka Hiro"]) == 1
    assert ("Tanaka Hiro", "MANAGER") not in entities(settings)
    assert ("AXA SPDB Investment Managers", "FUND_HOUSE") in entities(settings)


def test_merged_entity_resolves_to_its_target(settings: Settings) -> None:
    with store.connect(settings.db_path) as con:
        store.decide_entity(con, "Tanaka Hiro", "merge", target="Cathie Wood", target_type="MANAGER")
    reanalyze_all(settings)
    assert ("Cathie Wood", "MANAGER") in entities(settings)
    assert ("Tanaka Hiro", "MANAGER") not in entities(settings)


def test_confirmed_entity_is_no_longer_new_and_matches_everywhere(settings: Settings) -> None:
    with store.connect(settings.db_path) as con:
        store.decide_entity(con, "Tanaka Hiro", "confirm", type_="MANAGER")
        assert new_entities(con, Filters(), DATA_DIR).empty
    reanalyze_all(settings)
    assert ("Tanaka Hiro", "MANAGER") in entities(settings)


def test_relevance_scores_headline_entities_highest(tmp_path: Path) -> None:
    s = Settings(db_path=tmp_path / "news.duckdb", use_model=False)
    text = "AXA SPDB bets on robots\n2024-09-09 Source: X\nRobots were shown. Later, iResearch said so.\n"
    ingest_items([Document("a.txt", text, "txt")], s)
    with store.connect(s.db_path, read_only=True) as con:
        scores = dict(con.execute("SELECT entity, relevance FROM entity_relevance").fetchall())
    assert scores["AXA SPDB Investment Managers"] > scores["iResearch"]
    assert all(0 <= v <= 100 for v in scores.values())
