"""Stored articles analysed again after the gazetteer changed (a user added a spelling or an
entity, or decided on a name the pipeline found), so past mentions resolve the new way too."""
from __future__ import annotations

from collections.abc import Iterable

from core import store
from core.analyse.cleaning import Article
from core.analyse.pipeline import analyze_article
from core.settings import Settings


def reanalyze_all(settings: Settings, only_naming: Iterable[str] = ()) -> int:
    """Re-run analysis on stored articles with the current gazetteer and user entities, replacing
    the derived rows; used after a user adds an entity or an alias or decides on a new name.

    `only_naming` limits the work to articles whose text contains one of those strings or that
    mention an entity of that name (a new spelling cannot change any other article).
    Returns the number of articles re-analysed."""
    names = sorted({n.strip() for n in only_naming if n.strip()})
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        user = store.user_entities(con)
        articles = store.read_table(con, "articles")
        if names:
            lowered = [n.lower() for n in names]
            mentioned = {r[0] for r in con.execute(
                "SELECT DISTINCT article_id FROM mentions WHERE entity IN (SELECT unnest(?::VARCHAR[]))",
                [names]).fetchall()}
            articles = articles[[aid in mentioned or any(n in str(body).lower() for n in lowered)
                                 for aid, body in zip(articles["article_id"], articles["body"], strict=True)]]
        for _, row in articles.iterrows():
            article = Article(title=str(row["title"] or ""), published=str(row["published"] or ""),
                              source=str(row["source"] or ""), language=str(row["language"] or "en"),
                              body=str(row["body"] or ""))
            tables = analyze_article(article, str(row["file_name"]), settings, user)
            aid = str(row["article_id"])
            con.execute("BEGIN TRANSACTION")
            for name in ("sentences", "mentions", "numbers", "forecasts"):
                con.execute(f"DELETE FROM {name} WHERE article_id = ?", [aid])
                df = getattr(tables, name).copy()
                df["article_id"] = aid
                if len(df):
                    store.insert_frame(con, name, df)
            store.bump_version(con)
            con.execute("COMMIT")
    return len(articles)
