"""The dashboard through Streamlit's AppTest: every page on the seed database and on an empty one,
the sidebar filters, the upload result table and the Entities form."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core import store
from core.settings import DATA_DIR
from core.store import queries
from pages import ui

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
AXA = "AXA SPDB Investment Managers"
PAGES = ["pages/home.py", "pages/upload.py", "pages/themes.py", "pages/funds.py", "pages/forecasts.py",
         "pages/sentiment.py", "pages/mentions.py", "pages/entities.py"]
TIMEOUT = 90  # re-analysis and ingestion load the spaCy pipeline


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page != "pages/home.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "caption", "info", "success", "warning", "markdown", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def in_frames(at: AppTest, needle: str) -> bool:
    return any(df.astype(str).apply(lambda c: c.str.contains(needle, regex=False)).to_numpy().any()
               for df in frames(at))


# Per page: (plotly charts at least, dataframes at least, text that must be in a chart or table)
EXPECTED = {
    "pages/home.py": (2, 1, "Text-to-video"),
    "pages/upload.py": (0, 0, None),
    "pages/themes.py": (4, 1, "Text-to-video"),
    "pages/funds.py": (1, 4, AXA),
    "pages/forecasts.py": (1, 2, "China AIGC industry scale"),
    "pages/sentiment.py": (2, 1, "AI applications"),
    "pages/mentions.py": (0, 1, AXA),
    "pages/entities.py": (0, 2, AXA),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_seed(seed_db: Path, page: str) -> None:
    at = open_page(page)
    n_charts, n_frames, needle = EXPECTED[page]
    assert len(at.get("plotly_chart")) >= n_charts
    assert len(at.dataframe) >= n_frames
    if needle:
        assert any(needle in json.dumps(c) for c in charts(at)) or in_frames(at, needle)
    for chart in charts(at):  # every chart says what it shows
        layout = chart["layout"]
        assert layout["title"]["text"]
        assert "xaxis" in layout and "title" in layout["xaxis"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_its_own(seed_db: Path, page: str) -> None:
    """A page without the router (no sidebar state) falls back to no filters."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_explains_what_to_do(empty_db: Path, page: str) -> None:
    at = open_page(page)
    assert not at.get("plotly_chart")
    if page == "pages/home.py":
        assert "database is empty" in texts(at)
        assert at.button(key="load_samples")
    elif page not in ("pages/upload.py", "pages/entities.py"):
        assert "no articles yet" in texts(at)
    assert not empty_db.exists()  # reading never creates the file


def test_themes_page_chart_is_titled_and_hovers_in_words(seed_db: Path) -> None:
    at = open_page("pages/themes.py")
    ranking = next(c for c in charts(at) if c["layout"]["title"]["text"] == "Themes ranked by mentions")
    bar = ranking["data"][0]
    assert "Text-to-video" in bar["y"] and "mentions in" in bar["hovertemplate"]


def test_funds_page_shows_the_house_with_its_funds_and_managers(seed_db: Path) -> None:
    at = open_page("pages/funds.py")
    assert AXA in [s.value for s in at.subheader][0].replace("\\", "")
    assert in_frames(at, "AXA SPDB Global Intelligent Technology (QDII)")
    assert in_frames(at, "Yu Jin")


def test_forecasts_page_shows_the_implied_cagr(seed_db: Path) -> None:
    at = open_page("pages/forecasts.py")
    growth = next(df for df in frames(at) if "cagr" in df.columns)
    assert growth["cagr"].iloc[0] == pytest.approx(0.2604, abs=1e-4)
    assert growth["start"].iloc[0] == "720.2 billion CNY"
    assert any("+26.0% a year" in json.dumps(c) for c in charts(at))


def test_sentiment_evidence_follows_the_selected_group(seed_db: Path) -> None:
    at = open_page("pages/sentiment.py")
    at.selectbox(key="sentiment_pick").set_value("Semiconductors").run()
    evidence = frames(at)[-1]
    assert len(evidence) and evidence["label"].isin(["positive", "negative", "neutral"]).all()
    assert (evidence["sentiment"].diff().dropna() >= 0).all()  # most negative first


def test_filter_that_excludes_everything_shows_the_empty_state(seed_db: Path) -> None:
    at = open_page("pages/themes.py")
    at.selectbox(key="f_period").set_value(ui.BETWEEN).run()
    at.date_input(key="f_dates").set_value((date(2000, 1, 1), date(2000, 12, 31))).run()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert "match the current filters" in texts(at)
    at.switch_page("pages/mentions.py").run()  # the filter follows to the next page
    assert "match the current filters" in texts(at)
    at.button(key="f_clear").click().run()
    assert at.get("plotly_chart") or at.dataframe


def test_theme_filter_narrows_the_mentions(seed_db: Path) -> None:
    at = open_page("pages/mentions.py")
    everything = len(frames(at)[0])
    at.multiselect(key="f_themes").set_value(["AI chips"]).run()
    narrowed = frames(at)[0]
    assert 0 < len(narrowed) < everything
    assert narrowed["sentence"].str.contains("chip|GPU", case=False).all()
    assert "Theme: AI chips" in texts(at)


def test_page_filters_entity_and_text_narrow_the_mentions(seed_db: Path) -> None:
    at = open_page("pages/mentions.py")
    at.multiselect(key="mentions_entities").set_value([AXA]).run()
    assert set(frames(at)[0]["entity"]) == {AXA}
    at.text_input(key="mentions_text").input("Shi Ping").run()
    df = frames(at)[0]
    assert len(df) and df["sentence"].str.contains("Shi Ping").all()


def test_download_buttons_build_the_files_they_promise(seed_db: Path) -> None:
    at = open_page("pages/mentions.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download these") for label in labels) and len(labels) == 2
    data = queries.mentions_csv(seed_db, queries.Filters()).decode("utf-8")
    assert data.startswith("article_id,sentence_id,entity,entity_type,surface,method,sentence,title,published")
    assert AXA in data


def test_upload_table_reports_each_file_once(empty_db: Path, seed_text: bytes) -> None:
    at = open_page("pages/upload.py")
    at.file_uploader(key="uploader").set_value([
        ("sora.txt", seed_text, "text/plain"),
        ("sora copy.txt", seed_text, "text/plain"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"),
    ]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = frames(at)[0]
    assert dict(zip(table["file_name"], table["status"], strict=True)) == {
        "sora.txt": "ingested", "sora copy.txt": "already present", "broken.pdf": "refused"}
    assert table.set_index("file_name").loc["broken.pdf", "reason"]
    assert "1 ingested, 1 already present, 1 refused" in texts(at)
    at.run()  # a rerun shows the table again and ingests nothing
    assert len(frames(at)[0]) == 3
    with store.connect(empty_db, read_only=True) as con:
        assert store.count_articles(con) == 1
    at.switch_page("pages/themes.py").run()  # the new article shows on the other pages at once
    assert any("Text-to-video" in json.dumps(c) for c in charts(at))


def test_entities_form_adds_a_spelling_and_reresolves_mentions(seed_db: Path) -> None:
    phrase = "American GPU chip giant"
    at = open_page("pages/entities.py")
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
    at = open_page("pages/entities.py")
    at.text_input(key="new_name").input("Transformer")
    at.selectbox(key="new_type").set_value("PRODUCT")
    at.button(key="new_submit").click().run()
    assert not at.exception
    assert "Transformer" in queries.run(seed_db, queries.entity_names, ("PRODUCT",))


def test_new_entities_are_listed_for_review(seed_db: Path) -> None:
    at = open_page("pages/entities.py")
    review = next(df for df in frames(at) if "found_by" in df.columns)
    assert "Ikeda Kae" in set(review["entity"])


def test_review_merges_a_new_name_into_an_entity(seed_db: Path) -> None:
    at = open_page("pages/entities.py")
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
    at = open_page("pages/entities.py")
    at.selectbox(key="decision_name").set_value("Ikeda Kae")
    at.radio(key="decision_kind").set_value("reject")
    at.button(key="decision_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert queries.run(seed_db, queries.mentions, queries.Filters(entities=("Ikeda Kae",))).empty


@pytest.mark.skipif(not any((DATA_DIR / "samples").glob("*.*")), reason="no sample articles in data/samples yet")
def test_home_loads_the_samples_on_first_run(empty_db: Path) -> None:
    at = open_page("pages/home.py")
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
    at = open_page("pages/themes.py")
    st.cache_data.clear()
    opened.clear()
    at.run()
    assert not at.exception and len(opened) == 1  # every query of the run, the sidebar's too
    with store.connect(seed_db, timeout_s=0.5) as con:  # closed at the end of the run: a writer gets in
        store.bump_version(con)


def test_themes_period_control_regroups_timeline_and_momentum(seed_db: Path) -> None:
    at = open_page("pages/themes.py")
    at.button_group(key="themes_period").set_value("quarter").run()
    assert not at.exception, [e.value for e in at.exception]
    titles = [c["layout"]["title"]["text"] for c in charts(at)]
    assert any(t.startswith("Mentions per quarter") for t in titles)
    assert "Momentum: mentions in Q1 2024 against Q4 2023" in titles
