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
