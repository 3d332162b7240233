"""The dashboard through Streamlit's AppTest: every page (the reader and search included) on the
seed database and on an empty one, the sidebar filters and their URL, the pickers against the
tables under them, the reader's highlighted text, the search box, uploads and the Entities forms."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core import store
from core.run import ingest_paths
from core.settings import DATA_DIR, Settings
from core.store import queries
from ui import highlight, nav

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
AXA = "AXA SPDB Investment Managers"
SEED_ID = "7c0a8489fc9ad68f"  # the seed article's id (a hash of its content)
PAGES = [p.path for p in nav.PAGES]
TIMEOUT = 90  # re-analysis and ingestion load the spaCy pipeline


@pytest.fixture(scope="session")
def samples_master(seed_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the bundled samples: news from Feb 2024 to Jan 2025, with months without any."""
    path = tmp_path_factory.mktemp("samples") / "news.duckdb"
    shutil.copy(seed_master, path)
    ingest_paths([DATA_DIR / "samples"], Settings(db_path=path))
    return path


@pytest.fixture
def samples_db(samples_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "news.duckdb"
    shutil.copy(samples_master, path)
    monkeypatch.setenv("NEWS_DB", str(path))
    return path


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """The app at `page`, as a browser opening its URL with `params`."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page != nav.HOME.path:
        at.query_params.update(params)
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart(at: AppTest, title_start: str) -> dict:
    return next(c for c in charts(at) if c["layout"]["title"]["text"].startswith(title_start))


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(df for df in frames(at) if column in df.columns)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "caption", "info", "success", "warning", "markdown", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def in_frames(at: AppTest, needle: str) -> bool:
    return any(df.astype(str).apply(lambda c: c.str.contains(needle, regex=False)).to_numpy().any()
               for df in frames(at))


def mention_count(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if " match" in c.value)
    return int(caption.split()[0].replace(",", ""))


# Per page: (plotly charts at least, dataframes at least, text that must be in a chart or table)
EXPECTED = {
    nav.HOME.path: (2, 1, "Text-to-video"),
    nav.UPLOAD.path: (0, 0, None),
    nav.SOURCES.path: (0, 0, None),  # no feed saved: tests/test_sources_page.py
    nav.THEMES.path: (3, 1, "Text-to-video"),  # one month of news: no momentum yet
    nav.FUNDS.path: (3, 3, AXA),
    nav.FORECASTS.path: (1, 2, "China AIGC industry scale"),
    nav.SENTIMENT.path: (2, 1, "AI applications"),
    nav.MENTIONS.path: (0, 1, AXA),
    nav.ARTICLES.path: (0, 1, "AXA Puyin"),
    nav.ENTITIES.path: (0, 2, AXA),
    nav.SEARCH.path: (0, 0, None),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_seed(seed_db: Path, page: str) -> None:
    at = open_page(page)
    n_charts, n_frames, needle = EXPECTED[page]
    assert len(at.get("plotly_chart")) >= n_charts
    assert len(at.dataframe) >= n_frames
    if needle:
        assert any(needle in json.dumps(c) for c in charts(at)) or in_frames(at, needle)
    for c in charts(at):  # every chart says what it shows
        assert c["layout"]["title"]["text"]
    assert not at.warning or page == nav.UPLOAD.path


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_explains_what_to_do(empty_db: Path, page: str) -> None:
    at = open_page(page)
    assert not at.get("plotly_chart")
    if page == nav.HOME.path:
        assert "database is empty" in texts(at)
        assert at.button(key="load_samples")
    elif page not in (nav.UPLOAD.path, nav.SOURCES.path, nav.ENTITIES.path, nav.SEARCH.path):
        assert "no articles yet" in texts(at)
    assert not empty_db.exists()  # reading never creates the file


@pytest.mark.parametrize("page, filters", [(nav.UPLOAD.path, False), (nav.SEARCH.path, False), (nav.SOURCES.path, False),
                                           (nav.THEMES.path, True), (nav.ARTICLES.path, True)])
def test_sidebar_filters_only_where_they_apply(seed_db: Path, page: str, filters: bool) -> None:
    at = open_page(page)
    assert bool(at.sidebar.multiselect) == filters
    assert at.sidebar.text_input(key="search_box")  # the search box is everywhere


def test_a_filter_a_page_ignores_is_shown_disabled(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    assert at.multiselect(key="type").disabled and not at.multiselect(key="theme").disabled


# --- filters, the URL and Clear -------------------------------------------------------------

def test_filter_that_excludes_everything_shows_the_empty_state(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    at.date_input(key="published").set_value((date(2000, 1, 1), date(2000, 12, 31))).run()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert "match the current filters" in texts(at)
    at.switch_page(nav.MENTIONS.path).run()  # the filter follows to the next page
    assert "match the current filters" in texts(at)
    at.button(key="clear_filters").click().run()
    assert at.dataframe and "match the current filters" not in texts(at)


def test_clear_filters_clears_the_widgets_and_the_next_page(seed_db: Path) -> None:
    at = open_page(nav.MENTIONS.path)
    everything = mention_count(at)
    at.multiselect(key="theme").set_value(["AI chips"]).run()
    narrowed = mention_count(at)
    assert 0 < narrowed < everything and "Filtered by Theme: AI chips" in texts(at)
    at.switch_page(nav.THEMES.path).run()
    assert at.multiselect(key="theme").value == ["AI chips"]
    at.button(key="clear_filters").click().run()
    assert at.multiselect(key="theme").value == [] and not at.date_input(key="published").value
    assert "theme" not in at.query_params
    at.switch_page(nav.MENTIONS.path).run()
    assert mention_count(at) == everything and "Filtered by" not in texts(at)


def test_a_shared_url_opens_the_same_view(seed_db: Path) -> None:
    """Filters, pickers and controls are bound to the URL: opening a link with them set gives
    the view a user gets by setting them by hand (the browser test checks the URL they write)."""
    at = open_page(nav.THEMES.path)
    at.multiselect(key="theme").set_value(["Text-to-video", "AIGC"]).run()
    at.selectbox(key="evidence").set_value("AIGC").run()
    at.button_group(key="period").set_value("quarter").run()
    shared = open_page(nav.THEMES.path, theme=["Text-to-video", "AIGC"], evidence="AIGC", period="Quarter")
    assert shared.multiselect(key="theme").value == ["Text-to-video", "AIGC"]
    assert shared.selectbox(key="evidence").value == "AIGC" and shared.button_group(key="period").value == "quarter"
    assert frame_with(shared, "sentence").equals(frame_with(at, "sentence"))
    assert [c["data"] for c in charts(shared)] == [c["data"] for c in charts(at)]


def test_a_url_value_the_data_lacks_is_dropped(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path, theme="No such theme", evidence="No such theme")
    assert at.multiselect(key="theme").value == []
    assert at.selectbox(key="evidence").value in at.selectbox(key="evidence").options


def test_theme_filter_narrows_the_mentions(seed_db: Path) -> None:
    at = open_page(nav.MENTIONS.path, theme="AI chips")
    narrowed = frames(at)[0]
    assert len(narrowed) and narrowed["sentence"].str.contains("chip|GPU", case=False).all()
    assert "Theme: AI chips" in texts(at)


# --- pickers agree with the tables under them -------------------------------------------

def test_themes_picker_and_evidence_agree_after_every_switch(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    at.selectbox(key="evidence").set_value("Text-to-video").run()
    for themes in (["AI chips"], ["AIGC", "Semiconductors"], []):
        at.multiselect(key="theme").set_value(themes).run()
        picked = at.selectbox(key="evidence").value
        assert not themes or picked in themes
        assert picked in at.selectbox(key="evidence").options
        assert f"mention {picked}" in texts(at)
        evidence = frame_with(at, "written_as")
        mentioned = queries.run(seed_db, queries.theme_evidence, queries.Filters(), picked)
        assert set(evidence["sentence"]) == set(mentioned["sentence"])


def test_sentiment_picker_and_evidence_agree_after_every_switch(seed_db: Path) -> None:
    at = open_page(nav.SENTIMENT.path)
    for level in ("theme", "sector", "theme"):
        at.button_group(key="by").set_value(level).run()
        picked = at.selectbox(key="evidence").value
        groups = queries.run(seed_db, queries.sentiment_by_group, queries.Filters(), DATA_DIR, level)
        assert picked in set(groups["group"]) and at.selectbox(key="evidence").options == list(groups["group"])
        evidence = frame_with(at, "sentiment")
        expected = queries.run(seed_db, queries.sentiment_evidence, queries.Filters(), DATA_DIR, level, picked)
        assert list(evidence["sentence"]) == list(expected["sentence"]) and f"about {picked}" in texts(at)


def test_sentiment_evidence_is_most_negative_first(seed_db: Path) -> None:
    at = open_page(nav.SENTIMENT.path)
    at.selectbox(key="evidence").set_value("Semiconductors").run()
    evidence = frame_with(at, "sentiment")
    assert len(evidence) and (evidence["sentiment"].diff().dropna() >= 0).all()


def test_sentiment_bars_put_groups_of_few_sentences_last_with_their_count(seed_db: Path) -> None:
    at = open_page(nav.SENTIMENT.path, by="Theme")  # the URL names a choice as the page shows it
    bars = chart(at, "Tone of the news by theme")["data"][0]
    labels = list(reversed(bars["text"]))  # top first
    few = [("too few" in t) for t in labels]
    assert any(few) and few == sorted(few)  # every group of few sentences below every other one
    assert all(t.split()[1] in ("sentence", "sentences") for t in labels)
    assert not any(t.startswith("1 sentences") for t in labels)


# --- pages --------------------------------------------------------------------------------

def test_themes_page_chart_is_titled_and_hovers_in_words(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    bar = chart(at, "Themes ranked by mentions")["data"][0]
    assert "Text-to-video" in bar["y"] and "mentions in" in bar["hovertemplate"]


def test_theme_colours_stay_put_when_filters_change(seed_db: Path) -> None:
    def colours(at: AppTest) -> dict[str, str]:
        return {t["name"]: t["marker"]["color"] for t in chart(at, "Mentions per")["data"]}
    at = open_page(nav.THEMES.path)
    before = colours(at)
    at.multiselect(key="theme").set_value(["AIGC", "Robotics"]).run()
    after = colours(at)
    assert after and all(before.get(t, c) == c for t, c in after.items())
    assert after["AIGC"] == before["AIGC"]


def test_heatmap_names_fund_houses_in_full(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    heat = chart(at, "Which fund houses")["data"][0]
    assert AXA in heat["y"] and not any("…" in h for h in heat["y"])


@pytest.mark.skipif(not any((DATA_DIR / "samples").glob("*.*")), reason="no sample articles in data/samples")
def test_period_control_names_quarters_as_quarters(samples_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    at.button_group(key="period").set_value("quarter").run()
    assert not at.exception, [e.value for e in at.exception]
    timeline = chart(at, "Mentions per quarter")
    assert all(t.startswith("Q") for t in timeline["layout"]["xaxis"]["ticktext"])
    assert chart(at, "Momentum: mentions in Q1 2025 against Q3 2024")
    at.switch_page(nav.SENTIMENT.path).run()
    at.button_group(key="period").set_value("quarter").run()
    assert all(t.startswith("Q") for t in chart(at, "Tone per quarter")["layout"]["xaxis"]["ticktext"])


@pytest.mark.skipif(not any((DATA_DIR / "samples").glob("*.*")), reason="no sample articles in data/samples")
def test_momentum_skips_periods_without_articles(samples_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    assert chart(at, "Momentum: mentions in Jan 2025 against Aug 2024")
    assert "have no articles" in texts(at)


def test_funds_page_shows_the_house_with_its_funds_managers_and_tone(seed_db: Path) -> None:
    at = open_page(nav.FUNDS.path, house=AXA)
    assert AXA in [s.value for s in at.main.subheader][-1].replace("\\", "")
    funds = frame_with(at, "related")
    assert "AXA SPDB Global Intelligent Technology (QDII)" in set(funds["name"]) and "tone_text" in funds.columns
    assert in_frames(at, "Yu Jin")
    side = chart(at, "Fund houses side by side")
    assert {t["name"] for t in side["data"]} >= {AXA}
    assert chart(at, "Tone of the news about the")


def test_forecasts_page_shows_the_implied_cagr(seed_db: Path) -> None:
    at = open_page(nav.FORECASTS.path, unit="CNY")
    growth = frame_with(at, "cagr")
    row = growth[growth["subject"] == "China AIGC industry scale"].iloc[0]
    assert row["cagr"] == pytest.approx(0.2604, abs=1e-4) and row["start"] == "720.2 billion CNY"
    assert any("+26.0% a year" in json.dumps(c) for c in charts(at))


def test_evidence_tables_link_to_the_reader_at_the_sentence(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path, evidence="Text-to-video")
    evidence = frame_with(at, "written_as")
    assert "article_id" in evidence.columns
    first = evidence.iloc[0]
    assert first["read"] == f"./articles?id={first['article_id']}&s={first['sentence_id']}"


def test_mentions_evidence_shows_the_sentence_in_context_not_ids(seed_db: Path) -> None:
    at = open_page(nav.MENTIONS.path, entity=AXA)
    row = frames(at)[0].iloc[1]
    at.session_state["mentions_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert row["title"] in shown and SEED_ID not in shown
    context = queries.run(seed_db, queries.sentence_context, row["article_id"], int(row["sentence_id"]), 1)
    assert len(context) >= 2 and all(s in shown for s in context["text"])
    link = next(p for p in at.get("page_link") if "at this sentence" in p.proto.label)
    assert link.proto.query_string == f"id={row['article_id']}&s={row['sentence_id']}"


def test_page_filters_entity_and_text_narrow_the_mentions(seed_db: Path) -> None:
    at = open_page(nav.MENTIONS.path)
    at.multiselect(key="entity").set_value([AXA]).run()
    assert set(frames(at)[0]["entity"]) == {AXA}
    at.text_input(key="text").input("Shi Ping").run()
    df = frames(at)[0]
    assert len(df) and df["sentence"].str.contains("Shi Ping").all()
    shared = open_page(nav.MENTIONS.path, entity=AXA, text="Shi Ping")
    assert frames(shared)[0].equals(df)


def test_download_buttons_build_the_files_they_promise(seed_db: Path) -> None:
    at = open_page(nav.MENTIONS.path)
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download these") for label in labels) and len(labels) == 2
    raw = queries.mentions_csv(seed_db, queries.Filters())
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Chinese text
    data = raw.decode("utf-8-sig")
    assert data.startswith("article_id,sentence_id,entity,entity_type,surface,method,sentence,title,published")
    assert AXA in data


# --- the reader ------------------------------------------------------------------------------

NASTY = ("<script>alert(1)</script> AXA Puyin paid $5 and $6 for **bold** :red[red] [link](javascript:x) "
         "# heading | table ~strike~ &amp;")


@pytest.fixture
def tiny_db_with_body(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One article whose text is full of markdown and HTML, with a source URL and one mention."""
    path = tmp_path / "nasty.duckdb"
    at = NASTY.index("AXA Puyin")
    rows = {"articles": [{"article_id": "x1", "title": "A <b>nasty</b> :red[title]", "published": "2024-03-01",
                          "source": "Test wire", "content_sha256": "x1" * 32, "file_name": "x1.html", "body": NASTY,
                          "url": "https://example.com/story"}],
            "sentences": [{"article_id": "x1", "sentence_id": 0, "text": NASTY, "sentiment": -0.4,
                           "label": "negative", "themes": "", "start": 0, "end": len(NASTY)}],
            "mentions": [{"article_id": "x1", "sentence_id": 0, "entity": AXA, "entity_type": "FUND_HOUSE",
                          "surface": "AXA Puyin", "start": at, "end": at + 9, "method": "alias"}],
            "numbers": [], "forecasts": []}
    with store.connect(path) as con:
        store.add_batch(con, [rows])
    monkeypatch.setenv("NEWS_DB", str(path))
    return path


def test_reader_highlights_every_mention_by_type(seed_db: Path) -> None:
    at = open_page(nav.ARTICLES.path, id=SEED_ID)
    assert "Sora shocked" in at.title[0].value.replace("\\", "")
    body = next(m.value for m in at.markdown if "AXA Puyin" in m.value and "background" in m.value)
    house = highlight.TYPE_COLORS["FUND_HOUSE"]
    assert f':color[AXA Puyin]{{background="{house}"}}' in body
    assert f':color[Wensheng video]{{background="{highlight.TYPE_COLORS["THEME"]}"}}' in body
    assert "**720\\.2 billion yuan**" in body  # numbers in bold
    assert ":green-badge[" in body or ":red-badge[" in body  # the tone of sentences
    names = frame_with(at, "written_as")
    assert AXA in set(names["entity"])
    assert len(frame_with(at, "themes")) == queries.run(seed_db, queries.article_view, SEED_ID).sentences.shape[0]


def test_reader_says_how_much_cleaning_removed(seed_db: Path) -> None:
    removed = queries.run(seed_db, queries.article_view, SEED_ID).meta["chars_removed"]
    assert removed > 0  # the seed carries a dateline, editor lines and a closing notice
    at = open_page(nav.ARTICLES.path, id=SEED_ID)
    assert f"cleaning removed {removed:,} characters" in " ".join(c.value for c in at.caption)


def test_reader_opens_at_the_linked_sentence(seed_db: Path) -> None:
    at = open_page(nav.ARTICLES.path, id=SEED_ID, s="20")
    assert "The sentence you opened" in texts(at)
    assert any("720\\.2 billion yuan" in m.value and m.value.startswith("**") for m in at.markdown)
    assert any("▶ the sentence you opened" in m.value for m in at.markdown)


def test_reader_says_when_an_article_is_unknown(seed_db: Path) -> None:
    at = open_page(nav.ARTICLES.path, id="no-such-article")
    assert "Article not found" in texts(at)


def test_reader_links_to_the_source_url(tiny_db_with_body: Path) -> None:
    at = open_page(nav.ARTICLES.path, id="x1")
    assert [b.proto.url for b in at.get("link_button")] == ["https://example.com/story"]


def test_reader_never_renders_article_text_as_markup(tiny_db_with_body: Path) -> None:
    at = open_page(nav.ARTICLES.path, id="x1")
    body = next(m.value for m in at.markdown if "script" in m.value)
    assert "\\<script\\>" in body and "<script>" not in body
    assert ":red[" not in body.replace(":red-badge[", "") and "\\:red\\[" in body
    assert "\\$5" in body and "\\*\\*" in body
    assert not any(m.proto.allow_html for m in at.markdown)


def test_highlighting_keeps_overlapping_mentions_apart() -> None:
    mentions = pd.DataFrame({"start": [0, 0, 4], "end": [3, 8, 8], "entity": ["AXA", "AXA SPDB", "SPDB"],
                             "entity_type": ["FUND_HOUSE", "FUND_HOUSE", "COMPANY"]})
    kept = highlight.spans(mentions, pd.DataFrame(columns=["start", "end"]))
    assert [(s.start, s.end) for s in kept] == [(0, 8)]


def test_articles_list_links_every_article(seed_db: Path) -> None:
    at = open_page(nav.ARTICLES.path)
    table = frame_with(at, "n_words")
    assert set(table["read"]) == {f"./articles?id={a}" for a in table["article_id"]}
    at.text_input(key="find").input("AXA Puyin").run()
    assert list(frame_with(at, "n_words")["article_id"]) == [SEED_ID]


# --- search ------------------------------------------------------------------------------

def test_search_box_goes_straight_to_a_fund_by_a_spelling(seed_db: Path) -> None:
    at = open_page(nav.HOME.path)
    at.sidebar.text_input(key="search_box").input("Global Smart Technology (QDII)").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Fund houses and their funds"
    assert at.selectbox(key="house").value == AXA
    funds = frame_with(at, "related")
    assert funds["name"].iloc[0] == "AXA SPDB Global Intelligent Technology (QDII)"  # what was searched for, first


def test_search_box_goes_straight_to_a_house_by_any_spelling(seed_db: Path) -> None:
    at = open_page(nav.THEMES.path)
    at.sidebar.text_input(key="search_box").input("AXA Puyin").run()
    assert at.selectbox(key="house").value == AXA


def test_search_box_finds_a_fund_code_the_news_has_not_named(seed_db: Path) -> None:
    at = open_page(nav.HOME.path)
    at.sidebar.text_input(key="search_box").input("515070").run()
    assert at.title[0].value == "Search"
    found = frame_with(at, "matched").set_index("entity").loc["ChinaAMC CSI Artificial Intelligence Theme ETF"]
    assert found["matched"] == "515070" and found["mentions"] == 0


def test_search_box_lists_sentences_for_a_phrase(seed_db: Path) -> None:
    at = open_page(nav.HOME.path)
    at.sidebar.text_input(key="search_box").input("Wensheng").run()
    assert at.title[0].value == "Search"
    sentences = frame_with(at, "sentence")
    assert len(sentences) and sentences["sentence"].str.contains("Wensheng", case=False).all()
    assert at.query_params["q"] == "Wensheng"


# --- writing pages ------------------------------------------------------------------------

def test_upload_table_reports_each_file_once(empty_db: Path, seed_text: bytes) -> None:
    at = open_page(nav.UPLOAD.path)
    at.file_uploader(key="uploader").set_value([
        ("sora.txt", seed_text, "text/plain"),
        ("sora copy.txt", seed_text, "text/plain"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"),
    ]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = frames(at)[0]
    assert dict(zip(table["file_name"], table["status"], strict=True)) == {
        "sora.txt": "ingested", "sora copy.txt": "already present", "broken.pdf": "refused"}
    assert table.set_index("file_name").loc["broken.pdf", "detail"].startswith("Refused: ")
    assert "1 ingested, 1 already present, 1 refused" in texts(at)
    at.run()  # a rerun shows the table again and ingests nothing
    assert len(frames(at)[0]) == 3
    with store.connect(empty_db, read_only=True) as con:
        assert store.count_articles(con) == 1
    at.switch_page(nav.THEMES.path).run()  # the new article shows on the other pages at once
    assert any("Text-to-video" in json.dumps(c) for c in charts(at))


def test_entities_form_adds_a_spelling_and_reresolves_mentions(seed_db: Path) -> None:
    phrase = "American GPU chip giant"
    at = open_page(nav.ENTITIES.path)
    at.selectbox(key="alias_entity").set_value("NVIDIA")
    at.text_input(key="alias_text").input(phrase)
    at.button(key="alias_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("now counts as NVIDIA" in s.value.replace("\\", "") for s in at.success)
    mentions = queries.run(seed_db, queries.mentions, queries.Filters(entities=("NVIDIA",)))
    assert phrase in set(mentions["surface"])
    with store.connect(seed_db, read_only=True) as con:
        assert store.user_entities(con) == (("NVIDIA", "COMPANY", phrase),)
    catalogue = next(df for df in frames(at) if "seen_as" in df.columns and "listed" in df.columns)
    nvidia = catalogue.set_index("name").loc["NVIDIA"]
    assert nvidia["mentions"] >= 1 and phrase in list(nvidia["listed"])


def test_entities_form_adds_a_new_entity(seed_db: Path) -> None:
    at = open_page(nav.ENTITIES.path)
    at.text_input(key="new_name").input("Transformer")
    at.selectbox(key="new_type").set_value("PRODUCT")
    at.button(key="new_submit").click().run()
    assert not at.exception
    assert "Transformer" in queries.run(seed_db, queries.entity_names, ("PRODUCT",))


def test_new_entities_are_listed_for_review_with_a_link(seed_db: Path) -> None:
    at = open_page(nav.ENTITIES.path)
    review = frame_with(at, "found_by")
    assert "Ikeda Kae" in set(review["entity"]) and review["read"].str.startswith("./articles?id=").all()


def test_review_merges_a_new_name_into_an_entity(seed_db: Path) -> None:
    at = open_page(nav.ENTITIES.path)
    at.selectbox(key="decision_name").set_value("Ikeda Kae")
    at.radio(key="decision_kind").set_value("merge")
    at.selectbox(key="decision_target").set_value("Yu Jin")
    at.button(key="decision_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("merged into Yu Jin" in s.value for s in at.success)
    mentions = queries.run(seed_db, queries.mentions, queries.Filters(entities=("Yu Jin",)))
    assert "IKEDA KAE" in set(mentions["surface"])
    review = next((df for df in frames(at) if "found_by" in df.columns), pd.DataFrame({"entity": []}))
    assert "Ikeda Kae" not in set(review["entity"])


def test_review_rejects_a_new_name(seed_db: Path) -> None:
    at = open_page(nav.ENTITIES.path)
    at.selectbox(key="decision_name").set_value("Ikeda Kae")
    at.radio(key="decision_kind").set_value("reject")
    at.button(key="decision_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert queries.run(seed_db, queries.mentions, queries.Filters(entities=("Ikeda Kae",))).empty


@pytest.mark.skipif(not any((DATA_DIR / "samples").glob("*.*")), reason="no sample articles in data/samples yet")
def test_home_loads_the_samples_on_first_run(empty_db: Path) -> None:
    at = open_page(nav.HOME.path)
    at.button(key="load_samples").click().run()
    assert not at.exception
    assert "sample articles loaded" in texts(at) or "sample article loaded" in texts(at)
    assert at.metric[0].value != "0"


def test_a_page_run_reads_through_one_connection_and_lets_writers_in(seed_db: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    reading = queries.reading

    def counted(db: Path | str, timeout_s: float = 60.0):  # type: ignore[no-untyped-def]
        opened.append(db)
        return reading(db, timeout_s)
    monkeypatch.setattr(queries, "reading", counted)
    at = open_page(nav.THEMES.path)
    st.cache_data.clear()
    opened.clear()
    at.run()
    assert not at.exception and len(opened) == 1  # every query of the run, the sidebar's too
    with store.connect(seed_db, timeout_s=0.5) as con:  # closed at the end of the run: a writer gets in
        store.bump_version(con)
