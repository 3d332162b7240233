"""Tone rules added for language the PhraseBank barely has: recovery and decline phrasal verbs,
dismissed worries, concessive clauses, room to grow, rankings, mood words, Chinese market idiom."""
from __future__ import annotations

import pytest

from core.analyse.sentiment import score_sentence


def label(sentence: str) -> str:
    return score_sentence(sentence)[1]


@pytest.mark.parametrize(("sentence", "expected"), [
    # phrasal verbs: what they move decides, and the subject is never moved
    ("Chip shares clawed back most of last week's losses.", "positive"),
    ("The retailer clawed back market share from rivals.", "positive"),
    ("Tech stocks bounced back on Thursday.", "positive"),
    ("The index pared its losses in afternoon trade.", "positive"),
    ("The index pared gains late in the session.", "negative"),
    ("The slump wiped out $80 billion of market value.", "negative"),
    ("Growth stocks gave back their gains from January.", "negative"),
    ("The rally ran out of steam by midday.", "negative"),
])
def test_recovery_and_decline_phrasal_verbs(sentence: str, expected: str) -> None:
    assert label(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a worry waved away is good news
    ("The fund manager shrugged off fears of a slowdown in chip demand.", "positive"),
    ("She refuses to believe the AI bubble is about to burst.", "positive"),
    ("The chief executive played down concerns about weak orders.", "positive"),
    # a concessive clause or what comes before "but" says less than the main clause
    ("Despite a weak first quarter, the company raised its full-year profit forecast.", "positive"),
    ("Although revenue rose slightly, the company swung to a heavy loss.", "negative"),
    ("Sales grew modestly, but margins collapsed.", "negative"),
])
def test_dismissed_worries_and_concessive_clauses(sentence: str, expected: str) -> None:
    assert label(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Analysts see ample room for growth in edge computing.", "positive"),
    ("Cloud software is the growth engine of the group.", "positive"),
    ("The robotics fund ranks first among its peers this year.", "positive"),
    ("The fund was the worst performer in its category.", "negative"),
    ("Brokers are upbeat about the memory cycle.", "positive"),
    ("Investors grew uneasy about the pace of data-centre spending.", "negative"),
    ("Strategists warn that AI valuations look frothy.", "negative"),
    ("The market is expected to break through 1 trillion yuan by 2027.", "positive"),
])
def test_outlook_room_and_ranking_words(sentence: str, expected: str) -> None:
    assert label(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("机器人产业链国产替代正在提速。", "positive"),
    ("算力需求仍有广阔空间。", "positive"),
    ("该基金年内收益率排名第一。", "positive"),
    ("半导体板块午后跳水，多只个股创新低。", "negative"),
    ("部分个股估值过高，需警惕回调风险。", "negative"),
    ("北向资金连续三日净流出。", "negative"),
    ("消费电子板块逐步回暖。", "positive"),
])
def test_chinese_market_idiom(sentence: str, expected: str) -> None:
    assert label(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The board will discuss the growth strategy on Friday.",
    "The fund tracks an index of 50 robotics companies.",
    "基金投资有风险，过往业绩不代表未来表现。",
])
def test_descriptive_sentences_stay_neutral(sentence: str) -> None:
    assert label(sentence) == "neutral"
