"""core.store.queries on a real database holding the seed article: counts, filters, evidence, exports."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from core import store
from core.settings import DATA_DIR
from core.store import queries
from core.store.queries import Filters

AXA = "AXA SPDB Investment Managers"
NO_MATCH_DATES = Filters(date_from="2000-01-01", date_to="2000-12-31")


def run(db: Path, name: str, *args: object) -> object:
    return queries.run(db, getattr(queries, name), *args)


def test_overview_counts_the_seed(seed_db: Path) -> None:
    stats = run(seed_db, "overview", Filters())
    assert stats["articles"] == stats["total_articles"] == 1
    assert str(stats["first"]) == str(stats["last"]) == "2024-02-28"
    assert stats["fund_houses"] == 1 and stats["mentions"] > 50


def test_missing_database_reads_as_empty(tmp_path: Path) -> None:
    assert run(tmp_path / "none.duckdb", "data_version")[0] == 0
    assert run(tmp_path / "none.duckdb", "theme_ranking", Filters(), DATA_DIR).empty
    assert not (tmp_path / "none.duckdb").exists()


def test_filter_options_list_what_is_stored(seed_db: Path) -> None:
    options = run(seed_db, "filter_options")
    assert options["sources"] == ["Shanghai Securities News"]
    assert "Text-to-video" in options["themes"] and "FUND_HOUSE" in options["entity_types"]


def test_theme_ranking_puts_each_spelling_under_one_name(seed_db: Path) -> None:
    ranked = run(seed_db, "theme_ranking", Filters(), DATA_DIR).set_index("theme")
    assert ranked.loc["Text-to-video", "mentions"] >= 7  # Wensheng / liberal arts / cultural video
    assert ranked.loc["Text-to-video", "sector"] == "AI applications"
    assert list(ranked["mentions"]) == sorted(ranked["mentions"], reverse=True)


def test_theme_timeline_buckets_by_publication_month(seed_db: Path) -> None:
    df = run(seed_db, "theme_timeline", Filters(), "month", 3)
    assert set(df["period"].astype(str)) == {"2024-02-01"}
    assert df["theme"].nunique() == 3


def test_theme_momentum_compares_latest_period_with_the_one_before(seed_db: Path) -> None:
    df = run(seed_db, "theme_momentum", Filters(), "month").set_index("theme")
    row = df.loc["Text-to-video"]
    assert row["previous"] == 0 and row["change"] == row["latest"] >= 7
    assert str(row["latest_start"])[:10] == "2024-02-01" and pd.isna(row["previous_start"])


def test_heatmap_counts_articles_naming_theme_and_house(seed_db: Path) -> None:
    df = run(seed_db, "theme_house_matrix", Filters())
    assert set(df["fund_house"]) == {AXA}
    assert (df["articles"] == 1).all() and "Text-to-video" in set(df["theme"])


def test_theme_evidence_gives_the_sentences_as_written(seed_db: Path) -> None:
    df = run(seed_db, "theme_evidence", Filters(), "Text-to-video")
    assert any("Wensheng video" in s for s in df["sentence"])
    assert set(df["source"]) == {"Shanghai Securities News"}


def test_fund_house_gathers_its_funds_and_managers(seed_db: Path) -> None:
    houses = run(seed_db, "fund_houses", Filters(), DATA_DIR).set_index("fund_house")
    assert houses.loc[AXA, "funds"] == 3 and houses.loc[AXA, "managers"] >= 4
    people = run(seed_db, "house_people_and_funds", Filters(), AXA, DATA_DIR).set_index("name")
    assert people.loc["Yu Jin", "type"] == "MANAGER" and people.loc["Yu Jin", "mentions"] >= 2
    assert "Yu Jin" in people.loc["AXA SPDB Global Intelligent Technology (QDII)", "related"]


def test_house_themes_and_articles(seed_db: Path) -> None:
    themes = run(seed_db, "house_themes", Filters(), AXA, DATA_DIR)
    assert "Text-to-video" in set(themes["theme"])
    narrowed = run(seed_db, "house_themes", Filters(themes=("AI chips",)), AXA, DATA_DIR)
    assert list(narrowed["theme"]) == ["AI chips"]
    articles = run(seed_db, "house_articles", Filters(), AXA, DATA_DIR)
    assert len(articles) == 1 and "AXA Puyin" in articles["first_sentence"].iloc[0]


def test_forecasts_and_implied_growth(seed_db: Path) -> None:
    numbers = run(seed_db, "forecast_numbers", Filters())
    assert list(numbers["year"]) == [2028, 2030]
    assert numbers["value"].iloc[0] == pytest.approx(720.2e9) and set(numbers["unit"]) == {"CNY"}
    growth = run(seed_db, "forecast_growth", Filters())
    assert growth["cagr"].iloc[0] == pytest.approx(0.2604, abs=1e-4)


def test_forecast_points_and_growth_summary_aggregate_per_subject_and_year(seed_db: Path) -> None:
    points = run(seed_db, "forecast_points", Filters())
    assert list(points["year"]) == [2028, 2030] and (points["figures"] == 1).all()
    assert points["value"].iloc[0] == pytest.approx(720.2e9) == points["low"].iloc[0] == points["high"].iloc[0]
    summary = run(seed_db, "forecast_growth_summary", Filters())
    assert summary[["from_year", "to_year"]].values.tolist() == [[2028, 2030]]
    assert summary["cagr"].iloc[0] == pytest.approx(0.2604, abs=1e-4)
    assert run(seed_db, "forecast_points", NO_MATCH_DATES).empty
    assert len(run(seed_db, "forecast_numbers", Filters(), 1)) == 1


@pytest.mark.parametrize("level, group", [("sector", "AI applications"), ("theme", "Text-to-video")])
def test_sentiment_by_group_and_its_evidence(seed_db: Path, level: str, group: str) -> None:
    df = run(seed_db, "sentiment_by_group", Filters(), DATA_DIR, level).set_index("group")
    row = df.loc[group]
    assert row["sentences"] == row["positive"] + row["negative"] + row["neutral"] > 0
    assert -1 <= row["mean"] <= 1
    evidence = run(seed_db, "sentiment_evidence", Filters(), DATA_DIR, level, group)
    assert len(evidence) == row["sentences"]
    assert list(evidence["sentiment"]) == sorted(evidence["sentiment"])
    assert evidence["sentiment"].mean() == pytest.approx(row["mean"])


def test_sentiment_theme_filter_keeps_only_that_theme(seed_db: Path) -> None:
    df = run(seed_db, "sentiment_by_group", Filters(themes=("AI chips",)), DATA_DIR, "theme")
    assert list(df["group"]) == ["AI chips"]


@pytest.mark.parametrize("filters, expect", [
    (Filters(), "all"),
    (Filters(sources=("Shanghai Securities News",)), "all"),
    (Filters(date_from="2024-02-01", date_to="2024-02-29"), "all"),
    (NO_MATCH_DATES, "none"),
    (Filters(sources=("Reuters",)), "none"),
    (Filters(themes=("AI chips",)), "some"),
    (Filters(entity_types=("MANAGER",)), "some"),
    (Filters(entities=(AXA,)), "some"),
    (Filters(text="puyin"), "some"),
])
def test_mention_filters_narrow_the_explorer(seed_db: Path, filters: Filters, expect: str) -> None:
    total = run(seed_db, "count_mentions", Filters())
    count = run(seed_db, "count_mentions", filters)
    assert {"all": count == total, "none": count == 0, "some": 0 < count < total}[expect]
    df = run(seed_db, "mentions", filters)
    assert len(df) == count and list(df.columns) == queries.MENTION_COLUMNS


def test_mention_filters_mean_what_they_say(seed_db: Path) -> None:
    managers = run(seed_db, "mentions", Filters(entity_types=("MANAGER",)))
    assert set(managers["entity_type"]) == {"MANAGER"}
    chips = run(seed_db, "mentions", Filters(themes=("AI chips",)))
    assert chips["sentence"].str.contains("chip|GPU", case=False).all()
    puyin = run(seed_db, "mentions", Filters(text="PUYIN"))
    assert (puyin["sentence"].str.contains("Puyin") | puyin["surface"].str.contains("Puyin")).all()
    assert set(run(seed_db, "mentions", Filters(entities=(AXA,)))["entity"]) == {AXA}


def test_mentions_limit_and_entity_names(seed_db: Path) -> None:
    assert len(run(seed_db, "mentions", Filters(), 5)) == 5
    assert run(seed_db, "entity_names", ("FUND_HOUSE",)) == [AXA]


def test_mentions_csv_is_formula_safe_with_the_contract_header(seed_db: Path) -> None:
    data = queries.mentions_csv(seed_db, Filters(entities=(AXA,)))
    assert data.startswith("\ufeff".encode())  # Excel needs the byte-order mark to read Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["article_id", "sentence_id", "entity", "entity_type"]
    assert {r[2] for r in rows[1:]} == {AXA}
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_export_zip_holds_every_table(seed_db: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(queries.export_zip(seed_db))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{t}.csv" for t in ("articles", "sentences", "mentions",
                                                                     "numbers", "forecasts"))
        raw = zf.read("articles.csv")
        header = raw.decode("utf-8-sig").splitlines()[0]
    assert raw.startswith("\ufeff".encode())
    assert header.startswith("article_id,file_name,title") and "body" not in header


def test_entity_catalogue_joins_gazetteer_and_articles(seed_db: Path) -> None:
    df = run(seed_db, "entity_catalogue", Filters(), DATA_DIR).set_index("name")
    axa = df.loc[AXA]
    assert axa["status"] == "curated" and axa["mentions"] >= 6
    assert {"AXA Puyin", "SPDB AXA"} <= set(axa["seen_as"]) and axa["generated"] > len(axa["listed"])
    assert df.loc["Ikeda Kae", "status"] == "new"
    assert df.loc["Cathie Wood", "mentions"] == 0  # in the gazetteer, not in the seed
    managers = run(seed_db, "entity_catalogue", Filters(entity_types=("MANAGER",)), DATA_DIR)
    assert set(managers["type"]) == {"MANAGER"}
    assert AXA in set(run(seed_db, "entity_catalogue", Filters(text="puyin"), DATA_DIR)["name"])


def test_new_entities_are_those_found_only_by_pattern_or_model(seed_db: Path) -> None:
    df = run(seed_db, "new_entities", Filters(), DATA_DIR)
    assert "Ikeda Kae" in set(df["entity"])
    assert set(df["found_by"]) <= {"pattern", "model", "fuzzy"}
    assert AXA not in set(df["entity"])


def test_user_entity_changes_the_data_version_and_the_reference(seed_db: Path) -> None:
    before = run(seed_db, "data_version")
    with store.connect(seed_db) as con:
        store.add_user_entity(con, "Ikeda Kae", "MANAGER", "IKEDA KAE")
    assert run(seed_db, "data_version") != before
    df = run(seed_db, "new_entities", Filters(), DATA_DIR)
    assert "Ikeda Kae" not in set(df["entity"])  # confirmed by a user: no longer "new"


def test_bad_period_is_refused(seed_db: Path) -> None:
    with pytest.raises(ValueError):
        run(seed_db, "theme_timeline", Filters(), "fortnight; DROP TABLE articles")


def test_queries_module_does_not_import_streamlit() -> None:
    source = (Path(queries.__file__)).read_text(encoding="utf-8")
    assert "streamlit" not in source.replace("Nothing here imports streamlit", "")


# --- on TINY (tests/conftest.py): counts known by hand --------------------------------------

def test_theme_periods_count_mentions_and_articles_per_period(tiny_db: Path) -> None:
    df = run(tiny_db, "theme_periods", Filters(), "month")
    chips = df[df["theme"] == "AI chips"]
    assert chips["period"].astype(str).tolist()[:2] == ["2024-01-01", "2024-02-01"] and chips["period"].isna().iloc[2]
    assert chips["mentions"].tolist() == [1, 2, 1] and chips["articles"].tolist() == [1, 1, 1]


def test_theme_views_count_mentions_and_articles(tiny_db: Path) -> None:
    ranked = run(tiny_db, "theme_ranking", Filters(), DATA_DIR)
    assert ranked.set_index("theme").loc["AI chips", ["mentions", "articles"]].tolist() == [4, 3]  # undated too
    assert list(ranked.columns) == ["theme", "sector", "mentions", "articles"]
    timeline = run(tiny_db, "theme_timeline", Filters(), "month", 8)
    assert timeline["period"].notna().all()
    assert timeline[timeline["theme"] == "AI chips"]["mentions"].tolist() == [1, 2]
    momentum = run(tiny_db, "theme_momentum", Filters(), "month").set_index("theme")
    assert momentum.loc["AI chips", ["latest", "previous", "change"]].tolist() == [2, 1, 1]
    assert momentum.loc["AI chips", "change_pct"] == 1.0 and momentum.loc["Text-to-video", "change"] == -1
    assert momentum["adjacent"].all() and momentum["latest_articles"].iloc[0] == 1


def test_theme_views_of_nothing_are_empty_frames_with_their_columns(tiny_db: Path) -> None:
    assert run(tiny_db, "theme_periods", NO_MATCH_DATES, "month").empty
    assert list(run(tiny_db, "theme_ranking", NO_MATCH_DATES, DATA_DIR).columns) == [
        "theme", "sector", "mentions", "articles"]
    assert run(tiny_db, "theme_timeline", NO_MATCH_DATES).empty
    assert list(run(tiny_db, "theme_momentum", NO_MATCH_DATES).columns) == queries.MOMENTUM_COLUMNS


def _tiny_article(article_id: str, published: str, theme: str = "AI chips", n: int = 1) -> dict:
    return {"articles": [{"article_id": article_id, "title": article_id, "published": published, "source": "S",
                          "content_sha256": article_id * 16, "file_name": f"{article_id}.txt"}],
            "sentences": [{"article_id": article_id, "sentence_id": 0, "text": "x", "sentiment": 0.0,
                           "label": "neutral", "themes": theme}],
            "mentions": [{"article_id": article_id, "sentence_id": 0, "entity": theme, "entity_type": "THEME",
                          "surface": "x", "start": i, "method": "gazetteer"} for i in range(n)],
            "numbers": [], "forecasts": []}


@pytest.fixture
def gappy_db(tmp_path: Path) -> Path:
    """Articles in January, March (none in February) and in the first and second half of April 2024."""
    path = tmp_path / "gappy.duckdb"
    with store.connect(path) as con:
        store.add_batch(con, [_tiny_article("jan", "2024-01-10", n=2), _tiny_article("mar", "2024-03-05", n=3),
                              _tiny_article("apr1", "2024-04-03", n=1), _tiny_article("apr2", "2024-04-25", n=4)])
    return path


def test_momentum_compares_with_the_last_period_that_has_articles(gappy_db: Path) -> None:
    march = run(gappy_db, "theme_momentum", Filters(date_to="2024-03-31"), "month").set_index("theme").loc["AI chips"]
    assert str(march["latest_start"])[:10] == "2024-03-01" and str(march["previous_start"])[:10] == "2024-01-01"
    assert (march["latest"], march["previous"]) == (3, 2) and not march["adjacent"]


def test_momentum_ends_with_the_last_period_of_the_range(gappy_db: Path) -> None:
    cut = run(gappy_db, "theme_momentum", Filters(date_from="2024-01-01", date_to="2024-04-15"), "month")
    row = cut.set_index("theme").loc["AI chips"]
    assert str(row["latest_start"])[:10] == "2024-04-01" and row["latest"] == 1  # only the article before the 15th
    assert str(row["latest_through"])[:10] == "2024-04-15" and row["adjacent"]
    whole = run(gappy_db, "theme_momentum", Filters(), "month").set_index("theme").loc["AI chips"]
    assert whole["latest"] == 5 and pd.isna(whole["latest_through"])


def test_sentiment_groups_of_few_sentences_come_last(gappy_db: Path, tiny_db: Path) -> None:
    df = run(tiny_db, "sentiment_by_group", Filters(), DATA_DIR, "theme", 2)
    assert list(df["few"]) == sorted(df["few"])  # False (enough) before True (few)
    assert df.set_index("group").loc["AI chips", "few"] == False  # noqa: E712  (3 sentences)
    assert df["group"].iloc[-1] in {"Semiconductors", "Text-to-video"}


@pytest.mark.parametrize("level, group, sentences, mean", [
    ("sector", "Semiconductors", 3, 0.2),  # the sentence about AI chips and Semiconductors counts once
    ("theme", "AI chips", 3, 0.2),
    ("theme", "Semiconductors", 1, 0.5),
    ("sector", "AI applications", 1, -0.5),
])
def test_a_sentence_counts_once_per_group(tiny_db: Path, level: str, group: str, sentences: int,
                                          mean: float) -> None:
    row = run(tiny_db, "sentiment_by_group", Filters(), DATA_DIR, level).set_index("group").loc[group]
    assert row["sentences"] == sentences and row["mean"] == pytest.approx(mean)
    evidence = run(tiny_db, "sentiment_evidence", Filters(), DATA_DIR, level, group)
    assert len(evidence) == sentences and evidence["sentence"].notna().all()


def test_source_filter_narrows_mentions_to_its_articles(tiny_db: Path) -> None:
    caixin = Filters(sources=("Caixin",))
    df = run(tiny_db, "mentions", caixin)
    assert set(df["article_id"]) == {"a2"} and run(tiny_db, "count_mentions", caixin) == len(df) == 2
    assert run(tiny_db, "overview", caixin)["mentions"] == 2


def test_house_matrix_and_houses_count_articles(tiny_db: Path) -> None:
    matrix = run(tiny_db, "theme_house_matrix", Filters())
    assert set(matrix["theme"]) == {"AI chips", "Semiconductors", "Text-to-video"} and (matrix["articles"] == 1).all()
    houses = run(tiny_db, "fund_houses", Filters(), DATA_DIR).set_index("fund_house")
    assert houses.loc[AXA, ["mentions", "articles"]].tolist() == [1, 1]
    assert str(houses.loc[AXA, "last_mentioned"])[:10] == "2024-01-15"


def test_read_connections_cap_their_memory(tiny_db: Path) -> None:
    with queries.reading(tiny_db) as con:
        limit, order = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('preserve_insertion_order')").fetchall()[0]
    assert (limit, order) == ("256.0 MiB", False)


# --- fund houses side by side, the reader, search ------------------------------------------

def test_house_periods_and_tone_count_the_house_with_its_funds_and_managers(seed_db: Path) -> None:
    periods = run(seed_db, "house_periods", Filters(), DATA_DIR, (AXA,), "month")
    feb = periods.set_index("period").loc[pd.Timestamp("2024-02-01")]
    houses = run(seed_db, "fund_houses", Filters(), DATA_DIR).set_index("fund_house")
    assert feb["fund_house"] == AXA and feb["mentions"] == houses.loc[AXA, "mentions"] and feb["sentences"] > 0
    assert -1 <= feb["tone"] <= 1
    assert houses.loc[AXA, "sentences"] == feb["sentences"] and houses.loc[AXA, "tone"] == pytest.approx(feb["tone"])
    assert houses.loc[AXA, "sentences"] == houses.loc[AXA, ["positive", "negative", "neutral"]].sum()
    people = run(seed_db, "house_people_and_funds", Filters(), AXA, DATA_DIR).set_index("name")
    assert people.loc["Yu Jin", "sentences"] >= 1 and -1 <= people.loc["Yu Jin", "tone"] <= 1


def test_theme_filter_on_fund_houses_keeps_the_articles_about_the_theme(tiny_db: Path) -> None:
    assert AXA in set(run(tiny_db, "fund_houses", Filters(themes=("Semiconductors",)), DATA_DIR)["fund_house"])
    assert run(tiny_db, "fund_houses", Filters(themes=("Robotics",)), DATA_DIR).empty


def test_article_view_has_the_text_and_everything_found_in_it(seed_db: Path) -> None:
    article_id = run(seed_db, "latest_articles", Filters(), 1)["article_id"].iloc[0]
    view = run(seed_db, "article_view", article_id)
    assert view.found and view.meta["title"] and view.body
    assert all(view.body[m.start:m.end] == m.surface for m in view.mentions.itertuples())
    assert all(view.body[s.start:s.end] == s.text for s in view.sentences.itertuples())
    assert not run(seed_db, "article_view", "nope").found


def test_search_finds_entities_by_spelling_and_code_and_sentences_by_phrase(seed_db: Path) -> None:
    exact = run(seed_db, "search_exact", "axa puyin", DATA_DIR)
    assert list(exact["entity"]) == [AXA]
    code = run(seed_db, "search_exact", "515070", DATA_DIR)
    assert list(code["entity_type"]) == ["FUND"] and code["house"].iloc[0] == "China Asset Management"
    loose = run(seed_db, "search_entities", "puyin", DATA_DIR)
    assert AXA in set(loose["entity"]) and not loose["exact"].any()
    sentences = run(seed_db, "search_sentences", "WENSHENG")
    assert len(sentences) and sentences["sentence"].str.contains("Wensheng").all()
    assert sentences["total"].iloc[0] == len(sentences)
