"""Sentence tone rules beyond single words: recovery phrasing, changes of changes, the scope of
negation, metric direction, concessions, frames, faders, rankings, and their Chinese counterparts.

Every sentence here is our own, written for the rule it checks; each table mixes the cases a
rule must turn with near misses it must leave alone.
"""
from __future__ import annotations

import pytest

from core.analyse.sentiment import explain, score_sentence, score_sentence_zh


def label(text: str) -> str:
    return score_sentence(text)[1]


@pytest.mark.parametrize("text, expected", [
    ("Asian chip shares recouped most of last week's losses on Monday.", "positive"),
    ("The Kospi erased its early losses to end the session higher.", "positive"),
    ("Software stocks clawed back their morning losses to finish higher.", "positive"),
    ("European tech stocks pared gains in late trade.", "negative"),
    ("The Nasdaq gave up all of its gains for the week.", "negative"),
    ("The shares regained all of the ground they lost after the profit warning.", "positive"),
    ("Robotics stocks recovered all of Tuesday's slump.", "positive"),
    ("The index snapped a three-session losing streak.", "positive"),
    ("The index snapped a six-day winning streak.", "negative"),
])
def test_recovery_phrasing_with_loss_words(text: str, expected: str) -> None:
    """A verb that takes back losses is good news whatever loss word follows it."""
    assert label(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The decline in memory prices narrowed in October.", "positive"),
    ("The decline in memory prices accelerated in October.", "negative"),
    ("Revenue growth slowed to 4 % in the third quarter.", "negative"),
    ("Sales growth picked up again in the spring.", "positive"),
    ("The drop in shipments was smaller than analysts had feared.", "positive"),
    ("The company reported a smaller-than-expected dip in its margins.", "positive"),
    ("The company reported a deeper-than-expected drop in its margins.", "negative"),
])
def test_a_change_of_a_change_takes_its_sign(text: str, expected: str) -> None:
    """"the decline narrowed" is good news, "growth slowed" bad: the verb moves the change."""
    assert label(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The chipmaker no longer expects its data-centre revenue to grow this year.", "negative"),
    ("The group is no longer expected to return to profit before 2027.", "negative"),
    ("Analysts no longer see tariffs as a serious risk to the supplier's margins.", "positive"),
    ("Management does not expect the new export rules to hurt demand.", "positive"),
    ("The lender no longer expects to turn a profit this year and delayed its targets.", "negative"),
])
def test_negation_of_a_belief_reaches_its_clause(text: str, expected: str) -> None:
    assert label(text) == expected


def test_negation_of_a_belief_stops_at_the_next_verb() -> None:
    trace = explain("We do not expect a profit this year and raised our cost estimates.")
    assert [w for w, kind, _ in trace if kind == "belief"] == ["expect"]
    assert label("We do not expect a big loss this year, and margins improved.") == "positive"


@pytest.mark.parametrize("text, expected", [
    ("Research and development expenses surged 35 % in the year.", "negative"),
    ("The group's net debt rose to 3.1 times EBITDA.", "negative"),
    ("Customer churn increased for a second straight quarter.", "negative"),
    ("The company cut its borrowings by a third.", "positive"),
    ("Fees on the ETF were lowered to 0.2 %.", "positive"),
    ("Inventory days climbed to a record high.", "negative"),
    ("The Nasdaq closed at a record high on Friday.", "positive"),
    ("The chipmaker posted record quarterly revenue.", "positive"),
    ("The carmaker posted a record quarterly loss.", "negative"),
    ("The fund's one-year return of -12 % was the worst in its category.", "negative"),
    ("Higher borrowing costs compressed valuations across the sector.", "negative"),
    ("Losses at the cloud unit were smaller than we had feared.", "positive"),
])
def test_metric_direction(text: str, expected: str) -> None:
    assert label(text) == expected


def test_ratio_yardstick_is_not_a_metric() -> None:
    """"30 times earnings" says how expensive something is; the earnings did not move."""
    assert "earnings" not in [w for w, kind, _ in explain("The stock trades at 30 times earnings.") if kind == "metric"]
    assert label("Net debt climbed to 4.2 times earnings.") == "negative"


@pytest.mark.parametrize("text, expected", [
    ("Palantir jumped 9 % in early trade.", "positive"),
    ("The semiconductor ETF shed 7 % over the week.", "negative"),
    ("The Hang Seng Tech index fell 320 points.", "negative"),
    ("The fee was cut to 0.3 %.", "positive"),
    ("Turnover in Shanghai rose to 900 billion yuan.", "positive"),
])
def test_a_movement_with_only_a_percentage_moved_a_price(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Goldman Sachs upgraded the stock to buy from neutral.", "positive"),
    ("The agency revised the outlook to stable from negative.", "positive"),
    ("The agency revised the outlook to negative from stable.", "negative"),
    ("Morgan Stanley cut its price target on the shares.", "negative"),
    ("Fitch downgraded the developer to junk.", "negative"),
    ("S&P raised the carmaker to BBB.", "positive"),
    ("The robot maker won a 300 million yuan contract from a state carmaker.", "positive"),
    ("The supplier inked a three-year deal with a European carmaker.", "positive"),
    ("The two sides struck a deal on chip supplies.", "positive"),
    ("The IPO was oversubscribed more than 200 times.", "positive"),
    ("The fund beat its benchmark by 3 percentage points.", "positive"),
    ("The fund lagged its peers for a second year.", "negative"),
    ("The fund ranked first among 150 technology funds over three years.", "positive"),
    ("Outflows from the fund exceeded $1 billion, ranking first among all ETFs.", "negative"),
    ("Investors poured $1.2 billion into AI-themed ETFs last month.", "positive"),
    ("Investors pulled $800 million from the robotics fund in March.", "negative"),
    ("The ETF suffered net outflows of $300 million in May.", "negative"),
    ("Foreign investors were net sellers of Korean chip stocks.", "neutral"),
    ("The Hang Seng Tech index slid into a bear market.", "negative"),
    ("About $200 billion of market value was wiped out in two days.", "negative"),
    ("The exchange said the company will be delisted next month.", "negative"),
    ("The securities regulator opened a probe into the firm's accounts.", "negative"),
    ("Cost overruns pushed the chip plant deeper into the red.", "negative"),
])
def test_good_and_bad_news_without_a_moving_metric(text: str, expected: str) -> None:
    assert label(text) == expected


def test_a_pair_speaks_for_its_words() -> None:
    """"struck a deal" is a deal, not a strike: the word inside the pair adds nothing of its own."""
    values = {w: v for w, _, v in explain("The union and the carmaker struck a deal.")}
    assert values["struck"] == 0.6
    assert label("Workers went on strike at the plant.") == "negative"


@pytest.mark.parametrize("text", [
    "The fund aims to achieve long-term capital growth through investment in AI companies.",
    "The investment objective is to track the performance of the index before fees.",
    "Investors should note that the value of units may go down as well as up.",
    "Past performance is no reliable guide to what the fund will return in future.",
    "The prospectus warns that investors could lose money if the strategy fails.",
    "The meeting will consider whether the fund should reduce its exposure to losses.",
    "Shares in the group were little changed at the close.",
    "Is the AI trade running out of road?",
    "The board lists cost control and growth among its priorities for next year.",
    "The fund may use derivatives for efficient portfolio management.",
    "The risk team sets limits on losses for each position.",
])
def test_frames_and_boilerplate_stay_neutral(text: str) -> None:
    assert label(text) == "neutral"


@pytest.mark.parametrize("text, expected", [
    ("Although revenue rose, the company swung to a loss.", "negative"),
    ("Despite a weak market, the fund gained 8 % in the quarter.", "positive"),
    ("Shares fell even though profit beat forecasts.", "negative"),
    ("Shares slipped despite upbeat guidance.", "negative"),
    ("Sales dipped in April, but orders picked up sharply in May.", "positive"),
    ("The stock rebounded strongly after a difficult year.", "positive"),
])
def test_the_main_clause_overrules_a_concession(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The rebound in robot orders fizzled in the second half.", "negative"),
    ("Chip stocks slumped as the recent rally fizzled.", "negative"),
    ("The expected pickup in smartphone demand never materialised.", "negative"),
    ("Worries about a glut of AI servers proved overblown.", "positive"),
    ("We think the worst of the downturn is behind us.", "positive"),
    ("The chipmaker weathered the downturn better than its peers.", "positive"),
    ("The fund avoided the worst of the sell-off in growth stocks.", "positive"),
    ("The fund could not avoid the sell-off in growth stocks.", "negative"),
    ("The company saw little impact from the new tariffs.", "positive"),
    ("The manager has never been more confident about the outlook.", "positive"),
])
def test_news_that_faded_is_over_or_was_waved_away(text: str, expected: str) -> None:
    assert label(text) == expected


def test_an_ender_before_a_figure_is_no_ender() -> None:
    """"the loss is over EUR 5 mn" is a size, not the end of the loss."""
    assert label("The net loss is over EUR 5 mn.") == "negative"


@pytest.mark.parametrize("text, expected", [
    ("The computing power sector ushered in a wave of rise.", "positive"),
    ("The industry maintains high prosperity and orders are full.", "positive"),
    ("The AI index fell into adjustment after the holiday.", "negative"),
    ("Valuation repair of the chip sector is expected to continue.", "positive"),
    ("The loss of the company narrowed significantly year on year.", "positive"),
    ("Northbound funds net sold 5 billion yuan of tech shares.", "negative"),
    ("Northbound funds net bought 5 billion yuan of tech shares.", "positive"),
    ("The fund's scale shrank by half within a year.", "negative"),
    ("The index has entered the rising channel.", "positive"),
    ("The three major indexes fluctuated narrowly in the morning.", "neutral"),
])
def test_machine_translated_market_idioms(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("券商将该股评级上调至买入。", "positive"),
    ("多家机构下调了公司的目标价。", "negative"),
    ("评级机构将公司展望由负面上调至稳定。", "positive"),
    ("公司中标一个5亿元的数据中心项目。", "positive"),
    ("纳斯达克指数跌入技术性熊市。", "negative"),
    ("该股市值三天蒸发超千亿元。", "negative"),
    ("公司上半年亏损同比收窄。", "positive"),
    ("公司营收降幅明显收窄。", "positive"),
    ("公司营收增速明显放缓。", "negative"),
    ("半导体板块净流入资金创年内新高。", "positive"),
    ("公司存货周转天数升至200天，创五年新高。", "negative"),
    ("公司客户续约率由80%升至90%，创历史新高。", "positive"),
    ("主力资金净流出居首。", "negative"),
    ("公司收到交易所的监管函。", "negative"),
    ("公司因涉嫌违规被立案调查。", "negative"),
    ("行业景气度持续上行，估值修复可期。", "positive"),
    ("板块反弹行情中断，股价回到原点。", "negative"),
    ("公司偿债压力明显缓解。", "positive"),
])
def test_chinese_market_vocabulary(text: str, expected: str) -> None:
    assert score_sentence_zh(text)[1] == expected


@pytest.mark.parametrize("text, expected", [
    ("尽管业绩增长，公司股价仍然下跌。", "negative"),
    ("虽然大盘震荡，科技板块逆势收涨。", "positive"),
    ("公司销量下滑，但利润率明显提升。", "positive"),
    ("公司不再预计年内实现盈利。", "negative"),
    ("基金经理认为泡沫短期内不会破裂。", "positive"),
])
def test_chinese_concession_contrast_and_negation_scope(text: str, expected: str) -> None:
    assert score_sentence_zh(text)[1] == expected


@pytest.mark.parametrize("text, expected", [
    ("净利润3.2亿元，上年同期为2.1亿元。", "positive"),
    ("营业收入18亿元，去年同期为25亿元。", "negative"),
    ("净亏损3亿元，上年同期为1亿元。", "negative"),
    ("主营业务收入7亿元，上年同期为7亿元。", "neutral"),
])
def test_chinese_figure_against_the_same_period_a_year_earlier(text: str, expected: str) -> None:
    assert score_sentence_zh(text)[1] == expected


@pytest.mark.parametrize("text", [
    "该基金的投资目标是追求长期资本增值。",
    "上证指数平开后窄幅震荡。",
    "股东大会审议通过了年度报告。",
    "市场对人工智能的泡沫论与革命论一直存在争议。",
])
def test_chinese_neutral_sentences(text: str) -> None:
    assert score_sentence_zh(text)[1] == "neutral"
