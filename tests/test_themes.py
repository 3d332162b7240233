"""Sentence themes: bare "AI" about the sector, AI chips, humanoid robots and their broader theme."""
from __future__ import annotations

import pytest

from core import analyze
from core.settings import Settings

FAST = Settings(use_model=False)


def themes_of(sentence: str) -> list[str]:
    tables = analyze(f"Notes\n\n{sentence}", "notes.txt", FAST)
    row = tables.sentences[tables.sentences["text"] == sentence]
    return str(row["themes"].iloc[0]).split(";") if len(row) else []


@pytest.mark.parametrize(("sentence", "theme"), [
    ("AI-related shares led the rebound on Friday.", "Artificial intelligence"),
    ("Fund managers are debating whether the AI market is overheating.", "Artificial intelligence"),
    ("近期AI行情持续升温。", "Artificial intelligence"),
    ("The fund holds a basket of AI semiconductor makers.", "AI chips"),
    ("Demand for the AI chip went far beyond supply.", "AI chips"),
    ("Humanoid robots drew the largest crowds at the expo.", "Humanoid robots"),
    ("人形机器人产业链有望加速落地。", "Humanoid robots"),
    ("DRAM prices rose for a third month.", "Memory chips"),
    ("Investors fret about cloud infrastructure bills.", "Cloud computing"),
    ("She called AI-driven healthcare a long-term opportunity.", "AI in healthcare"),
    ("SK hynix leads in high-bandwidth memory (HBM).", "Memory chips"),
    ("Its holdings were concentrated in optical modules and PCB makers.", "PCB"),
    ("The hunt for electricity has also become an AI story.", "AI power"),
    ("Software covers cloud computing, big data and machine vision.", "Machine vision"),
    ("Medicine theme funds doubled while AI funds lagged.", "Innovative drugs"),
    ("Error-corrected qubits are still years from commercial use.", "Quantum computing"),
    ("多家基金公司布局量子计算主题产品。", "Quantum computing"),
])
def test_sentence_is_tagged_with_its_theme(sentence: str, theme: str) -> None:
    assert theme in themes_of(sentence)


@pytest.mark.parametrize(("sentence", "narrow", "broad"), [
    ("Humanoid robots drew the largest crowds at the expo.", "Humanoid robots", "Robotics"),
    ("DRAM prices rose for a third month.", "Memory chips", "Semiconductors"),
    ("It can lose money quickly when chip stocks fall.", "AI chips", "Semiconductors"),
    ("Shipments of AI servers doubled.", "AI servers", "Data centres"),
    # 智能体 as machine translation gives it, and as written in Chinese
    ("Brokers expect the intelligent body to reach every office by 2027.", "AI agents", "Software & applications"),
    ("多家基金经理在季报中加仓AI智能体相关公司。", "AI agents", "Software & applications"),
])
def test_a_narrow_theme_brings_its_broader_theme(sentence: str, narrow: str, broad: str) -> None:
    got = themes_of(sentence)
    assert narrow in got and broad in got


def test_ai_inside_a_longer_theme_name_is_that_theme_only() -> None:
    got = themes_of("Orders for AI chips doubled.")
    assert "AI chips" in got and "Artificial intelligence" not in got


def test_humanoid_robot_mention_is_its_own_theme_not_robotics() -> None:
    tables = analyze("Notes\n\nHumanoid robots drew the largest crowds at the expo.", "notes.txt", FAST)
    themes = set(tables.mentions.loc[tables.mentions["entity_type"] == "THEME", "entity"])
    assert themes == {"Humanoid robots"}
