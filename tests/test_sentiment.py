"""Sentence sentiment: the finance lexicon, the direction of a metric, negation, the tables."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.analyse import sentiment
from core.analyse.sentiment import (
    SENTIMENT_DIR,
    english,
    explain,
    label_for,
    lexicon,
    load_lexicon,
    score_sentence,
    score_sentence_zh,
    sentence,
)

LABELS = {"positive", "negative", "neutral"}


def label(text: str) -> str:
    return score_sentence(text)[1]


# --- the product's own sentence types ----------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("The chip designer is subject to many export restrictions.", "negative"),
        ("Memory, server and cloud industries will benefit from the new policy.", "positive"),
        ("Local accelerators cannot meet the needs of the largest domestic buyers.", "negative"),
        ("The plan will bring long-term effects such as cost reduction and efficiency increase.", "positive"),
        ("The fund holds shares in twelve semiconductor companies listed in Shanghai.", "neutral"),
        ("The ETF tracks an index of robotics and artificial intelligence companies.", "neutral"),
        ("The annual report was published on the company's website on Tuesday.", "neutral"),
        ("The fund manager is based in Hong Kong and has offices in Singapore.", "neutral"),
    ],
)
def test_product_sentence_types(text: str, expected: str) -> None:
    assert label(text) == expected


def test_subject_alone_is_not_negative() -> None:
    assert label("The subject of the meeting was the fund's investment policy.") == "neutral"
    assert not [hit for hit in explain("The subject was discussed.") if hit[0] == "subject"]


def test_restrictions_carry_the_negative_not_subject() -> None:
    assert [hit[0] for hit in explain("It is subject to restrictions.")] == ["restrictions"]


# --- direction of a metric ----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Operating profit rose to EUR 21.4 mn from EUR 15.2 mn a year earlier.", "positive"),
        ("Quarterly revenue grew 12 % to USD 4.2 bn.", "positive"),
        ("Net sales decreased by 5 % to EUR 80 mn.", "negative"),
        ("Order intake climbed sharply in the second half.", "positive"),
        ("Earnings per share fell to EUR 0.41 from EUR 0.77.", "negative"),
        ("The operating margin improved to 9.1 %.", "positive"),
        ("Unemployment rose to 9 % in March.", "negative"),
        ("Net debt was reduced by EUR 40 mn.", "positive"),
        ("Expenses increased faster than sales.", "negative"),
        ("Risks have increased significantly.", "negative"),
        ("Sales were up 3 % year-on-year.", "positive"),
        ("Market share dropped in all regions.", "negative"),
        ("Demand for data-centre chips doubled.", "positive"),
        ("The dividend was raised to EUR 0.50 per share.", "positive"),
    ],
)
def test_metric_movement_sets_the_sign(text: str, expected: str) -> None:
    assert label(text) == expected


def test_loss_widened_is_negative() -> None:
    assert label("The net loss widened to EUR 6 mn.") == "negative"


def test_loss_narrowed_is_positive() -> None:
    assert label("The pre-tax loss narrowed to EUR 1.2 mn.") == "positive"


def test_costs_were_cut_is_positive() -> None:
    assert label("Costs were cut by a tenth this year.") == "positive"


def test_cost_reduction_noun_is_positive() -> None:
    assert label("The merger brings a cost reduction of EUR 10 mn.") == "positive"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The group moved to a profit from a loss a year earlier.", "positive"),
        ("The unit swung to a loss of EUR 2 mn from a profit of EUR 1 mn.", "negative"),
        ("Pre-tax profit was EUR 5 mn, compared with a loss of EUR 3 mn.", "positive"),
        ("The result went from a loss to a profit.", "positive"),
    ],
)
def test_swing_between_profit_and_loss(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Operating profit totalled EUR 9.8 mn, compared to EUR 7.1 mn in 2022.", "positive"),
        ("Net sales amounted to EUR 44.0 mn ( EUR 51.3 mn ).", "negative"),
        ("The loss per share stood at EUR 0.12 versus EUR 0.30.", "positive"),
        ("Operating profit was EUR 3.1 mn, up from EUR -2.4 mn.", "positive"),
        ("Revenue changed from EUR 12 mn to EUR 10 mn.", "negative"),
    ],
)
def test_figures_give_the_direction(text: str, expected: str) -> None:
    assert label(text) == expected


def test_coordinated_metrics_move_together() -> None:
    assert [kind for _, kind, _ in explain("Both operating profit and net sales increased.")].count("coordinated") == 1
    assert label("Both the net loss and costs increased.") == "negative"


def test_movement_does_not_pair_with_the_earlier_state() -> None:
    assert label("Earnings per share were EUR 0.05, up from a loss of EUR 0.09.") == "positive"
    assert label("The operating loss was EUR 0.4 mn, down from a profit of EUR 3.0 mn.") == "negative"


def test_swing_survives_a_currency_conversion() -> None:
    text = "The group swung to a net profit of 12.0 mln euro ( $ 15.1 mln ) in 2023 from a net loss of 3.1 mln euro."
    assert label(text) == "positive"


def test_same_metric_compared_with_itself() -> None:
    assert label("The loss after taxes was EUR 1.0 mn, compared to a loss of EUR 2.5 mn.") == "positive"


def test_negative_word_before_a_figure_is_a_sign() -> None:
    assert label("Cash flow from operations was EUR 2.0 mn, compared to a negative EUR 1.1 mn.") == "positive"


def test_durations_are_not_figures() -> None:
    assert label("Operating profit for the 12-month period was EUR 20 mn.") == "neutral"


def test_currency_conversion_is_not_a_change() -> None:
    assert label("The company reported net sales of 65 mln euro ( $ 85.1 mln ).") == "neutral"


def test_years_are_not_figures() -> None:
    assert label("Revenue was reported from 2019 to 2023.") == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "The company set up a new office in Berlin.",
        "The plant will employ up to 200 people.",
        "The annual general meeting will be held in April.",
        "In order to serve customers, the firm opened a branch.",
        "The company declined to comment.",
    ],
)
def test_ambiguous_words_stay_neutral(text: str) -> None:
    assert label(text) == "neutral"


# --- negation, intensity, evaluative words -----------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("The sector will not benefit from the subsidy.", "negative"),
        ("Demand did not improve in the quarter.", "negative"),
        ("Sales did not decline.", "positive"),
        ("The restructuring was completed without layoffs.", "positive"),
        ("The company failed to win the tender.", "negative"),
        ("The vendor can't meet delivery requirements.", "negative"),
        ("Not only sales but also profit increased.", "positive"),
    ],
)
def test_negation_flips(text: str, expected: str) -> None:
    assert label(text) == expected


def test_negation_flips_benefit() -> None:
    assert score_sentence("Suppliers benefit from the rule.")[0] > 0
    assert score_sentence("Suppliers do not benefit from the rule.")[0] < 0


def test_intensifier_strengthens_score() -> None:
    plain = score_sentence("Operating profit fell.")[0]
    strong = score_sentence("Operating profit fell sharply.")[0]
    assert strong < plain < 0


def test_dampener_weakens_score() -> None:
    plain = score_sentence("Sales increased.")[0]
    slight = score_sentence("Sales increased slightly.")[0]
    assert 0 < slight < plain


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The company signed a three-year supply contract with a carmaker.", "positive"),
        ("The chipmaker issued a profit warning for the full year.", "negative"),
        ("Regulators fined the bank for misconduct.", "negative"),
        ("The broker upgraded the stock to buy.", "positive"),
        ("The plant will close and 300 employees will lose their jobs.", "negative"),
        ("Analysts were disappointed by the outlook.", "negative"),
        ("Management is optimistic about next year.", "positive"),
    ],
)
def test_evaluative_words(text: str, expected: str) -> None:
    assert label(text) == expected


# --- lemmas --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "form, lemma",
    [
        ("rose", "rise"), ("rising", "rise"), ("risen", "rise"), ("rises", "rise"),
        ("widened", "widen"), ("narrowed", "narrow"), ("dropped", "drop"), ("cutting", "cut"),
        ("losses", "loss"), ("costs", "cost"), ("fell", "fall"), ("doubled", "double"),
        ("meeting", "meeting"), ("subject", "subject"), ("goods", "goods"),
    ],
)
def test_lemma_reaches_table_word(form: str, lemma: str) -> None:
    assert sentence._lemma(form, load_lexicon()) == lemma


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The robots lower the production cost of each car.", "positive"),
        ("New machinery will sharply reduce the assembly cost of battery packs.", "positive"),
        ("The merger raised the production cost of memory chips.", "negative"),
    ],
)
def test_compound_noun_moves_its_head(text: str, expected: str) -> None:
    """"production cost" is a cost: the modifier in front is not the metric that moved."""
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Washington plans to tighten sanctions on Chinese chip firms.", "negative"),
        ("Tokyo tightened export controls on lithography tools.", "negative"),
        ("Brussels lifted the restrictions on drone exports.", "positive"),
        ("Beijing relaxed the ban on foreign cloud providers.", "positive"),
        ("The new handset lifted quarterly sales.", "positive"),
    ],
)
def test_tightening_a_rule_is_more_of_it(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Price fluctuations in memory chips may intensify next quarter.", "negative"),
        ("Selling pressure intensified in the afternoon.", "negative"),
        ("Market fluctuations have eased.", "positive"),
        ("Competition among cloud vendors intensified.", "negative"),
    ],
)
def test_fluctuations_going_up_are_bad_news(text: str, expected: str) -> None:
    assert label(text) == expected


def test_movement_does_not_pair_with_the_subject_of_the_next_clause() -> None:
    text = "The valuation of the whole semiconductor sector has risen, and volatility may climb."
    values = {words: value for words, kind, value in explain(text) if kind == "movement"}
    assert values["risen"] > 0 and values["climb"] < 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Short-video platforms face great pressure from regulators.", "negative"),
        ("Parts suppliers are fighting strong headwinds this year.", "negative"),
        ("It was a great year for the fund.", "positive"),
        ("Robot makers reported strong demand.", "positive"),
    ],
)
def test_praise_word_before_bad_news_only_says_how_much(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The state fund will inject fresh capital into lithography suppliers.", "positive"),
        ("The bank received a capital injection from its parent.", "positive"),
        ("Pension funds poured money into AI chip ETFs last month.", "positive"),
        ("Dozens of apps were pulled from the shelves after the inspection.", "negative"),
        ("Regulators removed several games from the shelves.", "negative"),
        ("A crackdown on online lending swept the sector.", "negative"),
        ("Higher tariffs would hurt local assemblers.", "negative"),
    ],
)
def test_money_flows_and_market_actions(text: str, expected: str) -> None:
    assert label(text) == expected


# --- Chinese -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("受出口限制影响，该公司面临较大风险。", "negative"),
        ("芯片、计算和云产业将从中受益。", "positive"),
        ("国产芯片无法满足国内大客户的需求。", "negative"),
        ("公司营收同比增长20%。", "positive"),
        ("公司净利润同比下降15%。", "negative"),
        ("需求没有增长。", "negative"),
        ("行业规模不断增长。", "positive"),
        ("未来公司将发布新产品。", "neutral"),
        ("该基金持有十二家半导体公司的股票。", "neutral"),
        ("存储芯片供应紧缺制约了服务器出货。", "negative"),
        ("散热能力仍是数据中心扩容的瓶颈。", "negative"),
        ("大量违规应用被下架。", "negative"),
        ("芯片出口受限。", "negative"),
    ],
)
def test_chinese_sentences(text: str, expected: str) -> None:
    assert score_sentence_zh(text)[1] == expected
    assert score_sentence(text)[1] == expected  # dispatch on CJK characters


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新工艺将大幅降低电池的生产成本。", "positive"),
        ("公司的生产成本明显上升。", "negative"),
        ("公司今年减少了亏损。", "positive"),
        ("行业面临较大风险。", "negative"),
        ("公司首次实现盈利。", "positive"),
        ("公司盈利明显下降。", "negative"),
        ("智能手机销量下降，生产成本降低。", "neutral"),
        ("公司没有降低成本。", "negative"),
    ],
)
def test_chinese_movement_is_read_against_its_metric(text: str, expected: str) -> None:
    """降低 with 成本 is good news, 上升 with 成本 bad: the metric's good direction decides."""
    assert score_sentence_zh(text)[1] == expected


# --- contract ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "score, expected",
    [(1.0, "positive"), (0.5, "positive"), (0.0, "neutral"), (-0.5, "negative"), (-1.0, "negative")],
)
def test_label_for_thresholds(score: float, expected: str) -> None:
    assert label_for(score) == expected


def test_label_for_boundaries_are_neutral() -> None:
    assert label_for(sentiment.POSITIVE_AT) == "neutral"
    assert label_for(sentiment.NEGATIVE_AT) == "neutral"


@pytest.mark.parametrize("text", ["", "   ", ".", "12345", "EUR", "( ) - , ;", "\u2212 5"])
def test_degenerate_input_is_neutral(text: str) -> None:
    assert score_sentence(text) == (0.0, "neutral")


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_string_gives_bounded_score_and_valid_label(text: str) -> None:
    score, lab = score_sentence(text)
    assert -1.0 <= score <= 1.0
    assert lab in LABELS
    assert lab == label_for(score)


@given(st.lists(st.sampled_from(
    ["profit", "loss", "rose", "fell", "not", "from", "to", "EUR", "5.2", "mn", "(", ")", "-3",
     "sharply", "up", "cannot", "but", "costs", "compared", "with", "a", "benefit", ","]), max_size=60))
@settings(max_examples=300, deadline=None)
def test_finance_word_soup_never_raises(words: list[str]) -> None:
    score, lab = score_sentence(" ".join(words))
    assert -1.0 <= score <= 1.0 and lab in LABELS


def test_very_long_input_is_scored_in_chunks() -> None:
    text = "Operating profit rose to EUR 5 mn from EUR 4 mn while costs fell , " * 2000
    score, lab = score_sentence(text)
    assert lab == "positive" and score <= 1.0


def test_sentiment_needs_no_nlp_model() -> None:
    for module in Path(sentiment.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "import spacy" not in source and "streamlit" not in source, module.name


# --- the tables ----------------------------------------------------------------------------

HEADERS = {
    "lexicon.csv": ["term", "polarity", "weight", "notes"],
    "metrics.csv": ["term", "good_direction", "weight", "standalone", "family", "notes"],
    "movements.csv": ["term", "direction", "weight", "unpaired", "context", "on_rule", "notes"],
    "modifiers.csv": ["term", "kind", "weight", "notes"],
    "forms.csv": ["form", "lemma", "notes"],
    "lexicon_zh.csv": ["term", "polarity", "weight", "notes"],
}


def read_rows(name: str) -> list[dict[str, str]]:
    with (SENTIMENT_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name, header", sorted(HEADERS.items()))
def test_table_has_expected_columns_and_no_blank_terms(name: str, header: list[str]) -> None:
    with (SENTIMENT_DIR / name).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == header
        rows = list(reader)
    assert rows, f"{name} is empty"
    for row in rows:
        assert len(row) == len(header), f"{name}: {row}"
        assert row[0].strip(), f"{name}: blank first column in {row}"
        assert row[0] == row[0].strip().lower() or name in {"lexicon_zh.csv"}, f"{name}: {row[0]!r}"


@pytest.mark.parametrize("name, column, allowed", [
    ("lexicon.csv", "polarity", {"positive", "negative", "neutral"}),
    ("metrics.csv", "good_direction", {"up", "down"}),
    ("movements.csv", "direction", {"up", "down"}),
    ("movements.csv", "context", set(lexicon.MOVEMENT_CONTEXTS)),
    ("movements.csv", "on_rule", {"", "up", "down"}),
    ("metrics.csv", "family", {"", "result", lexicon.RULE_FAMILY}),
    ("modifiers.csv", "kind", set(lexicon.MODIFIER_KINDS)),
    ("lexicon_zh.csv", "polarity", set(lexicon.ZH_KINDS)),
])
def test_table_column_uses_known_values(name: str, column: str, allowed: set[str]) -> None:
    bad = [row["term"] for row in read_rows(name) if row[column] not in allowed]
    assert not bad, f"{name}: unexpected {column} for {bad}"


@pytest.mark.parametrize("name", ["lexicon.csv", "metrics.csv", "movements.csv", "lexicon_zh.csv"])
def test_table_weights_are_numbers_in_range(name: str) -> None:
    for row in read_rows(name):
        weight = float(row["weight"])
        assert -2.0 <= weight <= 2.0, f"{name}: {row['term']} weight {weight}"
        if row.get("polarity") == "neutral":
            assert weight == 0, f"{name}: neutral {row['term']} must weigh 0"


def test_every_table_word_is_its_own_lemma() -> None:
    """A term written as "rising" could never match: text is reduced to "rise" first."""
    lex = load_lexicon()
    wrong = sorted({w for key in lex.terms for w in key if sentence._lemma(w, lex) != w})
    assert not wrong


def test_tables_load_once() -> None:
    assert load_lexicon() is load_lexicon()


def test_duplicate_term_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "sentiment"
    shutil.copytree(SENTIMENT_DIR, folder)
    with (folder / "movements.csv").open("a", encoding="utf-8") as f:
        f.write("profit,up,1.0,0,,,a metric written again as a movement\n")
    with pytest.raises(ValueError, match="defined twice"):
        load_lexicon(folder)


def test_user_row_extends_the_lexicon(tmp_path: Path) -> None:
    folder = tmp_path / "sentiment"
    shutil.copytree(SENTIMENT_DIR, folder)
    assert english._raw_score(lexicon._words("The chip is a blockbuster."), load_lexicon(folder)) == 0
    with (folder / "lexicon.csv").open("a", encoding="utf-8") as f:
        f.write("blockbuster,positive,1.0,a user's own word\n")
    load_lexicon.cache_clear()
    try:
        assert english._raw_score(lexicon._words("The chip is a blockbuster."), load_lexicon(folder)) > 0
    finally:
        load_lexicon.cache_clear()


# --- quality gate ---------------------------------------------------------------------------

PHRASEBANK = Path(__file__).resolve().parents[2] / "shared" / "bench" / "sentiment" / "phrasebank"


def read_phrasebank(name: str) -> list[tuple[str, str]]:
    raw = (PHRASEBANK / name).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return [(s.strip(), g.strip()) for s, g in (line.rsplit("@", 1) for line in text.splitlines() if "@" in line)]


@pytest.mark.skipif(not PHRASEBANK.exists(), reason="the shared PhraseBank benchmark is not checked out")
@pytest.mark.parametrize("name, floor", [("Sentences_AllAgree.txt", 0.90), ("Sentences_75Agree.txt", 0.88)])
def test_phrasebank_accuracy_floor(name: str, floor: float) -> None:
    rows = read_phrasebank(name)
    accuracy = sum(label(s) == gold for s, gold in rows) / len(rows)
    assert accuracy >= floor


@pytest.mark.parametrize("text", [
    "Generative tools will shorten the development cycle and cut the cost of each animated series.",
    "The new line will reduce the production cycle of each handset.",
])
def test_shorter_cycles_are_good_news(text: str) -> None:
    assert score_sentence(text)[1] == "positive"
