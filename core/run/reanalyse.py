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
        articles = store.articles_naming(con, names)
        for row in articles.itertuples(index=False):
            article = Article(title=str(row.title or ""), published=str(row.published or ""),
                              source=str(row.source or ""), language=str(row.language or "en"),
                              body=str(row.body or ""))
            tables = analyze_article(article, str(row.file_name), settings, user)
            store.replace_derived_rows(con, str(row.article_id), tables)
    return len(articles)


def add_entity(settings: Settings, name: str, type_: str, alias: str = "") -> int:
    """Store a user's entity or spelling, then re-analyse the articles it can change; returns
    how many were re-analysed. Waits for other writers like every store write."""
    def write() -> None:
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            store.add_user_entity(con, name, type_, alias)
    store.retry_busy(write, settings.lock_timeout_s)
    return store.retry_busy(lambda: reanalyze_all(settings, only_naming=[name, alias]), settings.lock_timeout_s)


def decide(settings: Settings, name: str, decision: str, type_: str = "", target: str = "",
           target_type: str = "") -> int:
    """Record a user's decision on a discovered name (confirm, merge into `target`, reject), then
    re-analyse the articles naming it; returns how many were re-analysed."""
    def write() -> None:
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            store.decide_entity(con, name, decision, type_, target, target_type)
    store.retry_busy(write, settings.lock_timeout_s)
    return store.retry_busy(lambda: reanalyze_all(settings, only_naming=[name]), settings.lock_timeout_s)
