from pathlib import Path

import pytest

from core.analyse.cleaning import clean_document, detect_language, find_date
from core.read.document import Document
from core.settings import DATA_DIR
from tests.texts import EFUND_STORY, HUATAI_STORY


def clean(text: str, **meta: str):
    return clean_document(Document("a.txt", text, "txt", **meta), Path(DATA_DIR))


@pytest.mark.parametrize("text, iso", [
    ("13:09, February 28, 2024", "2024-02-28"),
    ("2024-05-08 09:45", "2024-05-08"),
    ("2024年5月8日 09:45", "2024-05-08"),
    ("8 May 2024", "2024-05-08"),
    ("Sept. 3, 2025 | Source: Reuters", "2025-09-03"),
])
def test_find_date_normalises_to_iso(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found[0] == iso


def test_dateline_gives_date_and_source_and_title_is_line_above() -> None:
    article = clean(HUATAI_STORY)
    assert article.published == "2024-05-08"
    assert article.source == "Securities Daily"
    assert article.title.startswith("Huatai Bairui launches computing power ETF")


def test_chrome_editor_and_disclaimer_stay_out_of_body() -> None:
    body = clean(HUATAI_STORY).body
    assert "WeChat" not in body
    assert "Editor in charge" not in body and "Zhang San" not in body
    assert "Disclaimer" not in body and "investment advice" not in body
    assert "1,117.4 EFLOPS" in body


def test_headline_is_first_line_of_body() -> None:
    article = clean(EFUND_STORY)
    assert article.body.splitlines()[0] == article.title == "E Fund bets on humanoid robots"
    assert article.published == "2024-11-02" and article.source == "China Fund News"


def test_metadata_from_the_format_wins() -> None:
    article = clean("Body text about AI chips.\nMore text.", title="Given title", published="2023-01-05", source="Site")
    assert (article.title, article.published, article.source) == ("Given title", "2023-01-05", "Site")


@pytest.mark.parametrize("text, lang", [("英伟达发布新一代GPU芯片", "zh"), ("Nvidia released a new GPU", "en")])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_section_bar_with_pipes_is_chrome() -> None:
    article = clean("Daily Wire | Finance | Technology\nChip funds rally\n2024-03-01 Source: X\nBody sentence here.\n")
    assert "Finance" not in article.body and article.title == "Chip funds rally"


FORECAST = "The fund house expects the market to reach 75 billion yuan in 2029."


@pytest.mark.parametrize("opener", [
    "Risk warning: funds carry risk, and past results say little about the future.",
    "Disclaimer of the fund house: the figures below come from its own research.",
    "Important notice: the fund changes its benchmark on 1 July.",
    "Statement: the company said it would keep its AI chip orders.",
    "风险提示：基金有风险。",
])
def test_disclaimer_words_mid_article_keep_the_rest_of_the_body(opener: str) -> None:
    text = ("E Fund bets on humanoid robots\n2024-11-02 Source: China Fund News\n"
            f"E Fund launched a robot ETF.\n{opener}\n{FORECAST}\n")
    article = clean(text)
    assert article.body.splitlines() == ["E Fund bets on humanoid robots", "E Fund launched a robot ETF.", opener, FORECAST]


def test_closing_disclaimer_block_is_removed_with_what_follows_it() -> None:
    text = ("E Fund bets on humanoid robots\n2024-11-02 Source: China Fund News\n" + FORECAST + "\n"
            "Risk warning: The market is risky, and investment needs to be cautious.\n"
            "This article is for reference only and does not constitute investment advice.\n"
            "(Editor in charge: Li Si)\nCopyright © China Fund News. All rights reserved.\n")
    assert clean(text).body.splitlines() == ["E Fund bets on humanoid robots", FORECAST]


@pytest.mark.parametrize("closing", [
    "Risk tips: The market is risky and investment needs to be cautious.",  # 风险提示 as translated
    "Risk reminder: Investors should be prudent; past performance does not represent the future.",
    "风险揭示：市场有风险，投资需谨慎。",
])
def test_closing_risk_notes_in_their_translated_wordings_are_removed(closing: str) -> None:
    text = f"E Fund bets on humanoid robots\n2024-11-02 Source: China Fund News\n{FORECAST}\n{closing}\n"
    assert clean(text).body.splitlines() == ["E Fund bets on humanoid robots", FORECAST]


def test_two_articles_ending_in_the_same_disclaimer_stay_two() -> None:
    closing = "Disclaimer: This article is for reference only and does not constitute investment advice."
    story = f"E Fund bets on humanoid robots\n2024-11-02 Source: China Fund News\nE Fund launched a robot ETF.\n{closing}\n"
    first = clean(story + "Update: the ETF raised 1.2 billion yuan in its first week.\n")
    second = clean(story + "Update: the ETF raised 0.8 billion yuan in its first week.\n")
    assert first.body != second.body
    assert clean(story).body == "E Fund bets on humanoid robots\nE Fund launched a robot ETF."


def test_characters_removed_are_counted() -> None:
    removed_lines = ["Mobile phone reading WeChat of Securities Daily", "09:45, May 8, 2024 Source: Securities Daily",
                     "(Editor in charge: Zhang San)",
                     "Disclaimer: This article is for reference only and does not constitute investment advice."]
    assert all(line in " ".join(HUATAI_STORY.split()) for line in removed_lines)
    assert clean(HUATAI_STORY).chars_removed == sum(len(line) for line in removed_lines)
    assert clean("Body text about AI chips.\nMore text about AI funds.").chars_removed == 0


def test_characters_removed_are_stored_with_the_article(tmp_path: Path) -> None:
    from core import store
    from core.run import ingest_paths
    from core.settings import Settings

    (tmp_path / "huatai.txt").write_text(HUATAI_STORY, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    ingest_paths([tmp_path / "huatai.txt"], Settings(db_path=db, use_model=False))
    with store.connect(db, read_only=True) as con:
        stored = con.execute("SELECT chars_removed FROM articles").fetchall()
    assert stored == [(clean(HUATAI_STORY).chars_removed,)]
