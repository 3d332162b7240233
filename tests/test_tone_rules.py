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


@pytest.mark.parametrize(("sentence", "expected"), [
    # a passive phrasal verb moves its subject: losses erased are good news, gains wiped out bad
    ("The early losses of the fund were erased within two sessions.", "positive"),
    ("The year's gains were wiped out in a week.", "negative"),
    # a worry granted before a main clause with nothing of its own: that clause answers it
    ("Although some analysts warn of a peak-out in memory prices, demand is being led by data centres.", "positive"),
    ("While conceding that there will be setbacks, she said AI will drive markets for years.", "positive"),
    # flows, trends and their direction; pressure of money leaving
    ("Flows into the ETF have been accelerating this month.", "positive"),
    ("Strategists believe the long-term trend of chip demand is upward.", "positive"),
    ("Technology funds are facing redemption pressure after the rally.", "negative"),
    ("Tech funds showed obvious share redemptions in July.", "negative"),
    # what investors are told to watch is no news yet
    ("Investors should watch subscriber growth and model releases.", "neutral"),
    # how an asset performed, a call that proved right, a success hard to repeat
    ("Hardware leaders performed steadily during the quarter.", "positive"),
    ("The return comes from the accurate judgment of its manager.", "positive"),
    ("The strategy is difficult to replicate in a different market.", "negative"),
    ("中国智能算力的增速高于预期。", "positive"),
    ("三季度业绩弱于预期。", "negative"),
    ("行业长期趋势向上。", "positive"),
])
def test_flows_expectations_and_outlook(sentence: str, expected: str) -> None:
    assert label(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a theme's heat and how it fades, flows a fund attracts, values that retreat
    ("Interest in AI glasses keeps climbing, and the market heat of the theme is rising.", "positive"),
    ("By November the theme had cooled.", "negative"),
    ("The chip ETF attracted fresh subscriptions every day last week.", "positive"),
    ("The robot fund's unit value retreated 18% from its high.", "negative"),
    ("Brokers see a bright outlook for server makers.", "positive"),
    # a valuation priced too far ahead, in plain and in translated words
    ("Prices of quantum stocks look detached from fundamentals.", "negative"),
    ("Analysts say the valuation of robot stocks has been overdrawn.", "negative"),
    # cautions and hard hits
    ("A strategist cautioned that robot stocks are priced for perfection.", "negative"),
    ("Higher rates would hit small-cap chip designers hard.", "negative"),
])
def test_theme_heat_flows_valuations_and_cautions(sentence: str, expected: str) -> None:
    assert label(sentence) == expected
