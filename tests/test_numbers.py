"""Tests for core.analyse.numbers: money, percentages, multiples and counts, with year, kind and subject."""
from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.analyse.numbers import COLUMNS, Quantity, extract_numbers, find_numbers

SHARED = Path(__file__).resolve().parents[2] / "shared"


def only(text: str, **kwargs: object) -> Quantity:
    found = find_numbers(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def approx(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------------------------------------
# Money

MONEY_CASES = [
    ("The lab raised $ 42 million from investors.", 42e6, "USD", "$ 42 million"),
    ("Its cloud unit earned US $3.25 billion last quarter.", 3.25e9, "USD", "US $3.25 billion"),
    ("the charity was given u.s $ 2,500,000 in grants.", 2.5e6, "USD", "u.s $ 2,500,000"),
    ("The fund paid out HK$ 8.4 billion to holders.", 8.4e9, "HKD", "HK$ 8.4 billion"),
    ("the province offered a c $ 12.5 million grant", 12.5e6, "CAD", "c $ 12.5 million"),
    ("Bonds worth EUR 9.7 mn were placed.", 9.7e6, "EUR", "EUR 9.7 mn"),
    ("It booked net income of EUR42m.", 42e6, "EUR", "EUR42m"),
    ("The regulator imposed a £ 3.2 million fine.", 3.2e6, "GBP", "£ 3.2 million"),
    ("The board approved a PS9.5m bonus pool.", 9.5e6, "GBP", "PS9.5m"),
    ("The robot sells for 5,600,000 yen in Osaka.", 5.6e6, "JPY", "5,600,000 yen"),
    ("Operating profit came in at Y=450 billion.", 450e9, "JPY", "Y=450 billion"),
    ("The licence cost 250,000 Swiss francs.", 250e3, "CHF", "250,000 Swiss francs"),
    ("The memory unit was valued at 1.8 trillion won.", 1.8e12, "KRW", "1.8 trillion won"),
    ("The group earned 4.6 billion yuan from cloud services.", 4.6e9, "CNY", "4.6 billion yuan"),
    ("The fund has a budget of Rs 450 crore.", 4.5e9, "INR", "Rs 450 crore"),
    ("She took a loan of 8 lakh rupees.", 8e5, "INR", "8 lakh rupees"),
    ("The shares were placed at USD115.5 each.", 115.5, "USD", "USD115.5"),
    ("The token fell to 42USD overnight.", 42.0, "USD", "42USD"),
    ("Losses above 30 MUSD were written off.", 30e6, "USD", "30 MUSD"),
    ("Analysts put the figure at 75 USD million.", 75e6, "USD", "75 USD million"),
    ("Revenue hit $4.2b in the quarter.", 4.2e9, "USD", "$4.2b"),
    ("The state spent $13.6M on the data centre.", 13.6e6, "USD", "$13.6M"),
    ("Australian buyers paid $A2.4 billion.", 2.4e9, "AUD", "$A2.4 billion"),
    ("He sold the patent for two million dollars.", 2e6, "USD", "two million dollars"),
    ("It is a half billion euro programme.", 5e8, "EUR", "half billion euro"),
    ("The ticket was seven dollars and twenty-five cents.", 7.25, "USD", "seven dollars and twenty-five cents"),
    ("The fee is 12 dollars 40 cents.", 12.4, "USD", "12 dollars 40 cents"),
    ("The trade balance moved to $-12.5bn in May.", -12.5e9, "USD", "$-12.5bn"),
    ("the market was priced at 3 billion pounds sterling.", 3e9, "GBP", "3 billion pounds sterling"),
    ("The studio was bought for €1,250 by a collector.", 1250.0, "EUR", "€1,250"),
    ("A ticket costs 1,400€ in August.", 1400.0, "EUR", "1,400€"),
]


@pytest.mark.parametrize(("text", "value", "unit", "span"), MONEY_CASES)
def test_money_is_found_in_base_units_with_iso_code(text: str, value: float, unit: str, span: str) -> None:
    q = only(text)
    assert approx(q.value, value)
    assert q.unit == unit
    assert q.text == span
    assert text[q.start:q.end] == span


CHINESE_CASES = [
    ("智能算力市场规模达到3650亿元。", 3.65e11, "CNY"),
    ("该公司营收为60.9亿美元。", 6.09e9, "USD"),
    ("行业规模有望突破1.2万亿元。", 1.2e12, "CNY"),
    ("基金募集资金8000万元。", 8e7, "CNY"),
    ("单价为三千元。", 3000.0, "CNY"),
    ("净利润同比增长百分之三十五。", 35.0, "%"),
    ("需求增长了3倍。", 3.0, "x"),
    ("用户规模达到6000万。", 6e7, ""),
]


@pytest.mark.parametrize(("text", "value", "unit"), CHINESE_CASES)
def test_chinese_yi_wan_and_numerals_are_base_units(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert approx(q.value, value)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Buyers paid ¥3 billion for the Chinese start-up in yuan terms.", "CNY"),
        ("The Tokyo firm paid ¥3 billion for the robot maker.", "JPY"),
    ],
)
def test_yen_sign_reads_as_yuan_only_in_chinese_context(text: str, unit: str) -> None:
    assert only(text).unit == unit


def test_public_api_example_gives_percent_change_and_hong_kong_dollars() -> None:
    df = extract_numbers("sales rose 19 % to HK$10.05 billion")
    assert list(df.columns) == COLUMNS
    pct, hkd = df.iloc[0], df.iloc[1]
    assert (pct["value"], pct["unit"], pct["kind"]) == (19.0, "%", "change")
    assert hkd["unit"] == "HKD" and approx(hkd["value"], 10.05e9)


# ---------------------------------------------------------------------------------------------
# Percentages, multiples, counts

UNIT_CASES = [
    ("Exports grew 14.5 per cent in March.", 14.5, "%"),
    ("Margins widened to 38pc this year.", 38.0, "%"),
    ("Shares slid 2.4 percent on Friday.", 2.4, "%"),
    ("The chip index closed -1.2% lower.", -1.2, "%"),
    ("Bond yields were +0.3% higher.", 0.3, "%"),
    ("The error rate fell to .05 per cent.", 0.05, "%"),
    ("A stake of one per cent changed hands.", 1.0, "%"),
    ("The central bank cut rates by 25 basis points.", 25.0, "bp"),
    ("The jobless rate rose 0.4 percentage points.", 0.4, "pp"),
    ("The new model is 40 times faster than the old one.", 40.0, "x"),
    ("Inference cost dropped 3x after the update.", 3.0, "x"),
    ("Trials showed a 2-fold increase in throughput.", 2.0, "x"),
    ("Demand for accelerators rose fivefold.", 5.0, "x"),
    ("The app has 35 million daily users.", 35e6, "users"),
    ("The service reached 2.5 billion queries.", 2.5e9, "queries"),
    ("It employs 12,400 engineers worldwide.", 12400.0, "employees"),
]


@pytest.mark.parametrize(("text", "value", "unit"), UNIT_CASES)
def test_percentages_multiples_and_counts_have_their_unit(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert approx(q.value, value)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "values", "unit"),
    [
        ("Prices rose between 20-25% this spring.", [20.0, 25.0], "%"),
        ("A ticket costs about 8 or $9 at the door.", [8.0, 9.0], "USD"),
        ("The round could raise $5-10 million.", [5e6, 10e6], "USD"),
        ("Budgets of 3 to 4 billion yuan were approved.", [3e9, 4e9], "CNY"),
    ],
)
def test_ranges_share_unit_and_scale(text: str, values: list[float], unit: str) -> None:
    found = find_numbers(text)
    assert [round(q.value, 6) for q in found] == values
    assert {q.unit for q in found} == {unit}


NOT_QUANTITIES = [
    "The Ascend 910B rivals the A100 and the H20.",
    "Nvidia's B100 and the GB200 ship next spring.",
    "The call started at 09:30 on 2024-03-15.",
    "Call 010-5555-1234 for details.",
    "Section 12 of the rules, point 3, applies.",
    "Each clip lasts 1-2 minutes.",
    "The company was founded in 2019.",
    "A 5G phone with 128GB of storage and a 4K screen.",
    "Page 4 of the 22nd report, version 2.0.1.",
    "The boxer weighed 180 pounds before the fight.",
    "He checks the feed 3 times a day.",
    "The index closed at 1,500.75 points.",
    "GPT-4 and COVID-19 were in the news; see ISO 9001.",
    "He read 3/4 of the book on 5/6.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_codes_dates_times_and_ids_are_not_quantities(text: str) -> None:
    assert find_numbers(text) == []


# ---------------------------------------------------------------------------------------------
# Year, kind, subject

YEAR_KIND_CASES = [
    ("Analysts expect the market to reach $80 billion in 2027.", "USD", 2027, "forecast"),
    ("The firm reported revenue of $3.1 billion for 2023.", "USD", 2023, "actual"),
    ("Profit increased by $300 million.", "USD", 2024, "change"),
    ("In the third quarter of 2023, sales were $2 billion.", "USD", 2023, "actual"),
    ("Its revenue in fiscal year 2025 climbed 31%.", "%", 2025, "change"),
    ("Revenue last year was $4 billion.", "USD", 2023, "actual"),
    ("Cloud revenue will be $6 billion by 2026.", "USD", 2026, "forecast"),
    ("The fund holds 35 million shares.", "shares", None, "count"),
    ("Around 45% of investors hold AI stocks.", "%", None, "other"),
    ("2027年市场规模预计达到5000亿元。", "CNY", 2027, "forecast"),
    ("Sales of $7 billion are planned for 2026.", "USD", 2026, "forecast"),
]


@pytest.mark.parametrize(("text", "unit", "year", "kind"), YEAR_KIND_CASES)
def test_year_and_kind_come_from_the_sentence(text: str, unit: str, year: int | None, kind: str) -> None:
    q = only(text, default_year=2024)
    assert (q.unit, q.year, q.kind) == (unit, year, kind)


def test_percent_before_to_is_change_and_money_after_it_is_actual() -> None:
    pct, money = find_numbers("Its chip sales rose 12% to $5.6 billion in 2023.", default_year=2024)
    assert (pct.kind, money.kind) == ("change", "actual")
    assert pct.year == money.year == 2023
    assert pct.subject == money.subject == "chip sales"


def test_base_of_a_forecast_is_actual() -> None:
    target, base = find_numbers("The firm expects $12 billion in 2026, up from $9 billion in 2024.", default_year=2024)
    assert (target.kind, target.year) == ("forecast", 2026)
    assert (base.kind, base.year) == ("actual", 2024)


def test_default_year_only_fills_actual_and_change() -> None:
    assert only("Orders reached $2 billion.", default_year=2022).year == 2022
    assert only("Orders will reach $2 billion.", default_year=2022).year is None
    assert only("Orders reached $2 billion.").year is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The size of Europe's robotics market is expected to reach €40 billion in 2026.",
         "Europe's robotics market size will reach €55 billion in 2029."),
        ("The scale of India's cloud industry is projected to hit 900 billion rupees in 2027.",
         "It is forecast that the scale of India's cloud industry will rise to 1,300 billion rupees in 2030."),
        ("预计2026年中国具身智能市场规模将达到800亿元。", "到2030年中国具身智能市场规模将突破3000亿元。"),
    ],
)
def test_subject_is_the_same_for_of_phrase_and_possessive(first: str, second: str) -> None:
    a, b = only(first, default_year=2024), only(second, default_year=2024)
    assert a.subject and a.subject == b.subject
    assert a.kind == b.kind == "forecast"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The scale of Japan's AI chip industry is expected to reach 9 trillion yen in 2029.",
         "Japan AI chip industry scale"),
        ("Its revenue in 2023 increased by 40% to $12 billion.", "revenue"),
        ("The startup booked $7 billion in sales.", "sales"),
        ("Tencent's operating profit rose 20%.", "Tencent operating profit"),
        # a fund's positions and charges, and a figure right before its noun
        ("The Bosera AI Industry Fund lowered its weighting in memory chips to 9%.", "memory chips weighting"),
        ("The ETF charges a management fee of 0.5% a year.", "management fee"),
        ("The product raised 2.1 billion yuan in its initial offering.", "initial offering"),
        ("The insurer took a 6% stake in Zhipu.", "stake in Zhipu"),
        # a metric word inside a fund's name is not what is measured
        ("The Penghua Robot Industry Fund returned 41% this year.", "return"),
        ("Daewoo Asset Global Investments said its ETF passed 1 trillion won in net assets.", "net assets"),
        ("Chip designers trade at 45 times forward earnings.", "forward earnings"),
    ],
)
def test_subject_names_what_is_measured(text: str, subject: str) -> None:
    assert find_numbers(text, default_year=2024)[0].subject == subject


@pytest.mark.parametrize(("text", "kind", "subject"), [
    ("The robot ETF gained 38.5% this year, compared with 9.1% for the Nasdaq Composite.", "change", "Nasdaq Composite"),
    ("Net profit rose 20% to 3 billion yuan, compared with 2.5 billion yuan a year earlier.", "actual", "net profit"),
])
def test_a_yardstick_figure_shares_the_kind_and_names_what_it_measures(text: str, kind: str, subject: str) -> None:
    yardstick = find_numbers(text, default_year=2024)[-1]
    assert (yardstick.kind, yardstick.subject) == (kind, subject)


def test_a_relative_clause_measures_the_noun_before_its_comma() -> None:
    fund, index = find_numbers("Chip funds gained 12% in May, beating the KOSPI 200 index, which added 3%.",
                               default_year=2024)
    assert (fund.subject, index.subject) == ("return", "KOSPI 200 index")


def test_elliptical_second_forecast_takes_the_first_subject() -> None:
    a, b = find_numbers("The global AI server market is projected to hit $120 billion in 2027 and $210 billion by 2030.",
                        default_year=2024)
    assert a.subject == b.subject == "global AI server market"
    assert (a.year, b.year) == (2027, 2030)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Analysts say smart glasses will sell 12 million units in 2024.", "forecast"),
        ("Baidu plans to deploy 2,000 driverless taxis by the end of 2026.", "forecast"),
        ("The startup now has 3,000 employees this year.", "count"),
        ("The fund holds 35 million shares.", "count"),
    ],
)
def test_count_with_a_forecast_cue_is_a_forecast(text: str, kind: str) -> None:
    assert only(text, default_year=2024).kind == kind


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Shipments of foldable phones will hit 30 million units in 2026, making up 7% of the market.",
         [2026, 2026]),
        ("The market was worth 80 billion yuan in 2022, a rise of 35% year-on-year.", [2022, 2022]),
        ("Bank of America thinks the sector could be worth $2 trillion by 2040, with about 500 million "
         "robots at work.", [2040, 2040]),
        ("2022年全球智能音箱出货量为1.5亿台，同比下降8.2%；预计2025年将回升。", [2022, 2022]),
    ],
)
def test_clause_without_a_year_continues_the_figure_before(text: str, years: list[int]) -> None:
    assert [q.year for q in find_numbers(text, default_year=2024)] == years


def test_base_after_compared_with_does_not_take_the_year_before() -> None:
    _, base = find_numbers("Revenue hit $9 billion in 2022, compared with $7 billion.", default_year=2024)
    assert base.year != 2022


def test_making_up_a_share_is_not_a_change() -> None:
    assert only("Foldables made up 7% of phone sales.", default_year=2024).kind != "change"


def test_rate_leading_to_a_level_shares_its_year_and_subject() -> None:
    found = find_numbers("Analysts see cloud spending growing 20% to $300 billion in 2026 and another 18% to "
                         "$354 billion in 2027.", default_year=2024)
    assert [(q.unit, q.year, q.kind) for q in found] == [
        ("%", 2026, "change"), ("USD", 2026, "forecast"), ("%", 2027, "change"), ("USD", 2027, "forecast")]
    assert {q.subject for q in found} == {"cloud spending"}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Bernstein expects the European market for drone delivery to reach €9 billion by 2030.", "drone"),
        ("Demand for liquid cooling is set to reach $4 billion in 2027.", "cooling"),
    ],
)
def test_market_for_names_the_market(text: str, word: str) -> None:
    assert word in only(text, default_year=2024).subject


# ---------------------------------------------------------------------------------------------
# Contract and robustness

def test_empty_text_gives_empty_frame_with_contract_columns() -> None:
    df = extract_numbers("")
    assert df.empty and list(df.columns) == COLUMNS
    df = extract_numbers("No figures here at all.")
    assert df.empty and list(df.columns) == COLUMNS


def test_offsets_point_at_the_span_as_written() -> None:
    text = "Revenue rose 8% to €2.1 billion, while 3 million users signed up."
    for q in find_numbers(text):
        assert text[q.start:q.end] == q.text


_PIECES = st.sampled_from(
    list("0123456789 ,.-+$€£¥%xXmMbBkK亿万元年倍百分之一二三十千:/()\n")
    + ["US $", " million", " billion", " yuan", " times", " per cent", "HK$", "RMB", " and ", " to ", "PS",
       "Y=", "2028", " in ", "fold", " dollars", " cents", "three quarters", "half a", " will ", "the scale of "]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=50).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)))
def test_any_text_gives_contract_frame_with_finite_values(text: str, year: int | None) -> None:
    df = extract_numbers(text, default_year=year)
    assert list(df.columns) == COLUMNS
    assert all(math.isfinite(v) for v in df["value"])
    assert set(df["kind"]) <= {"forecast", "actual", "change", "count", "other"}
    for start, end, span in zip(df["start"], df["end"], df["text"], strict=True):
        assert 0 <= start < end <= len(text) and text[start:end] == span


# ---------------------------------------------------------------------------------------------
# Quality gates: the numbers benchmark from shared/bench (pinned floor), when it is present.

_BENCH = SHARED / "bench" / "numbers"


@pytest.mark.skipif(not (_BENCH / "score.py").exists(), reason="shared numbers benchmark not present")
@pytest.mark.parametrize(("name", "floor"), [("newsquant", 0.95), ("currency", 0.93)])
def test_numbers_benchmark_f1_stays_above_floor(name: str, floor: float) -> None:
    spec = importlib.util.spec_from_file_location("numbers_bench_score", _BENCH / "score.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = [json.loads(line) for line in (_BENCH / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]

    def run(text: str) -> list[tuple[float, str]]:
        df = extract_numbers(text)
        return [(float(v), str(u)) for v, u in zip(df["value"], df["unit"], strict=True) if str(u) in bench.MONEY]

    assert bench.score(run, rows, 0)["f1"] >= floor


@pytest.mark.parametrize("text, kind", [
    ("Sales are expected to reach US$12 billion in 2030, a compound annual growth rate of 22%.", "forecast"),
    ("预计2025年至2030年市场规模年复合增长率将达到30.5%。", "forecast"),
    ("Sales grew at a compound annual growth rate of 9% between 2015 and 2020.", "change"),
])
def test_compound_growth_rate_takes_the_kind_of_its_period(text: str, kind: str) -> None:
    rates = extract_numbers(text, default_year=2024)
    assert rates.loc[rates["unit"] == "%", "kind"].tolist() == [kind]


def test_count_with_a_describing_word_before_its_noun_is_kept() -> None:
    counts = extract_numbers("The fleet completed 230,000 paid rides last month.")
    assert counts["value"].tolist() == [230000.0] and counts["kind"].tolist() == ["count"]


def test_a_chinese_change_against_an_earlier_date_keeps_the_subject_of_the_level() -> None:
    level, change = find_numbers("截至6月末，某某机器人ETF总规模达到85亿元，较去年底增长21.4%。", default_year=2025)
    assert level.subject == change.subject == "某某机器人ETF总规模"
