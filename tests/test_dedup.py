"""Near-duplicates: a syndicated copy points at the first copy; other stories stay independent."""
from pathlib import Path

from core import store
from core.analyse.dedup import NEAR_BITS, hamming, simhash
from core.read.document import Document
from core.run import ingest_items
from core.settings import Settings
from tests.texts import EFUND_STORY, HUATAI_STORY, SYNDICATED_STORY

COPY = (SYNDICATED_STORY.replace("Source: China Securities Journal", "Source: Sina Finance")
        .replace("on Wednesday", "this week") + "Read more market news on our site.\n")


def test_syndicated_copy_is_a_few_bits_away_and_other_stories_are_not() -> None:
    assert hamming(simhash(SYNDICATED_STORY), simhash(COPY)) <= NEAR_BITS
    assert hamming(simhash(SYNDICATED_STORY), simhash(HUATAI_STORY)) > 10


def test_store_links_a_copy_to_the_first_one_and_keeps_both(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "news.duckdb", use_model=False)
    docs = [Document("journal.txt", SYNDICATED_STORY, "txt"), Document("efund.txt", EFUND_STORY, "txt"),
            Document("sina.txt", COPY, "txt")]
    results = ingest_items(docs, settings)
    assert [r.status for r in results] == ["ingested"] * 3
    with store.connect(settings.db_path, read_only=True) as con:
        rows = dict(con.execute("SELECT file_name, duplicate_of FROM articles").fetchall())
        ids = dict(con.execute("SELECT file_name, article_id FROM articles").fetchall())
    assert rows["sina.txt"] == ids["journal.txt"]
    assert rows["journal.txt"] is None and rows["efund.txt"] is None


def test_trends_count_a_syndicated_story_once(tmp_path: Path) -> None:
    from core.settings import DATA_DIR
    from core.store import queries

    settings = Settings(db_path=tmp_path / "news.duckdb", use_model=False)
    ingest_items([Document("journal.txt", SYNDICATED_STORY, "txt"), Document("sina.txt", COPY, "txt")], settings)
    periods = queries.run(settings.db_path, queries.theme_periods, queries.Filters())
    chips = periods[periods["theme"] == "AI chips"]
    assert chips["articles"].sum() == 1
    mentions = queries.run(settings.db_path, queries.mentions, queries.Filters(entities=("AI chips",)))
    assert mentions["article_id"].nunique() == 2  # both copies stay in the explorer
    articles = queries.run(settings.db_path, queries.house_articles, queries.Filters(), "China Asset Management",
                           DATA_DIR)
    assert articles["relevance"].between(0, 100).all() and len(articles) == 2
