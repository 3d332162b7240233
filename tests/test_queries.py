"""core.store.queries on a real database holding the seed article: counts, filters, evidence, exports."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

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
    assert str(row["latest_start"])[:10] == "2024-02-01" and str(row["previous_start"])[:10] == "2024-01-01"


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
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0][:4] == ["article_id", "sentence_id", "entity", "entity_type"]
    assert {r[2] for r in rows[1:]} == {AXA}
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_export_zip_holds_every_table(seed_db: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(queries.export_zip(seed_db))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{t}.csv" for t in ("articles", "sentences", "mentions",
                                                                     "numbers", "forecasts"))
        header = zf.read("articles.csv").decode("utf-8").splitlines()[0]
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


def test_theme_views_of_the_periods_match_the_single_queries(tiny_db: Path) -> None:
    periods = run(tiny_db, "theme_periods", Filters(), "month")
    ranked = queries.theme_ranking_of(periods, queries.theme_sectors(DATA_DIR))
    assert ranked.set_index("theme").loc["AI chips", ["mentions", "articles"]].tolist() == [4, 3]  # undated too
    assert ranked.equals(run(tiny_db, "theme_ranking", Filters(), DATA_DIR))
    timeline = queries.theme_timeline_of(periods, 8)
    assert timeline["period"].notna().all() and timeline.equals(run(tiny_db, "theme_timeline", Filters(), "month", 8))
    momentum = queries.theme_momentum_of(periods, "month").set_index("theme")
    assert momentum.loc["AI chips", ["latest", "previous", "change"]].tolist() == [2, 1, 1]
    assert momentum.loc["AI chips", "change_pct"] == 1.0 and momentum.loc["Text-to-video", "change"] == -1


def test_theme_views_of_nothing_are_empty_frames_with_their_columns(tiny_db: Path) -> None:
    periods = run(tiny_db, "theme_periods", NO_MATCH_DATES, "month")
    assert periods.empty
    assert list(queries.theme_ranking_of(periods, queries.theme_sectors(DATA_DIR)).columns) == [
        "theme", "sector", "mentions", "articles"]
    assert queries.theme_timeline_of(periods).empty
    assert list(queries.theme_momentum_of(periods).columns) == queries.MOMENTUM_COLUMNS


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
