"""Ingestion: readers -> pipeline -> store, one file at a time, one result line per file.

Analysis (the slow part) happens outside the database lock; each article is then written in a
transaction of its own, so a crash or a kill loses at most the article being written and a
re-run completes the rest without duplicates.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core import store
from core.cleaning import Article
from core.document import Document
from core.errors import NewsError, UnreadableFile
from core.pipeline import UserEntities, analyze_article, analyze_document
from core.readers import collect_paths, read_bytes, read_path
from core.settings import Settings

log = logging.getLogger(__name__)

INGESTED, PRESENT, REFUSED = "ingested", "already present", "refused"


@dataclass(frozen=True)
class FileResult:
    file_name: str
    status: str  # ingested | already present | refused
    reason: str = ""
    article_id: str = ""
    title: str = ""
    mentions: int = 0
    numbers: int = 0


Progress = Callable[[int, int, str], None]


def _user_entities(settings: Settings) -> UserEntities:
    with store.connect(settings.db_path, read_only=True, timeout_s=settings.lock_timeout_s) as con:
        try:
            return store.user_entities(con)
        except Exception:  # a database from before user entities existed
            return ()


def ingest_items(items: Iterable[Document | UnreadableFile], settings: Settings,
                 progress: Progress | None = None, total: int = 0) -> list[FileResult]:
    """Analyse and store every document; refusals pass through as results. Never raises for a
    bad file; raises StoreBusy when the database stays locked."""
    user = _user_entities(settings) if Path(settings.db_path).exists() else ()
    results: list[FileResult] = []
    for i, item in enumerate(items, 1):
        if isinstance(item, UnreadableFile):
            results.append(FileResult(item.file_name, REFUSED, item.reason))
        else:
            results.append(_ingest_one(item, settings, user))
        if progress:
            progress(i, max(total, i), results[-1].file_name)
    return results


def _ingest_one(doc: Document, settings: Settings, user: UserEntities) -> FileResult:
    try:
        tables = analyze_document(doc, settings, user)
    except NewsError as exc:
        return FileResult(doc.file_name, REFUSED, str(exc))
    except Exception as exc:  # an analysis bug must cost one file, not the batch
        log.exception("analysis failed for %s", doc.file_name)
        return FileResult(doc.file_name, REFUSED, f"could not analyse the text ({type(exc).__name__})")
    row = tables.articles.iloc[0]
    if not str(row["body"]).strip():
        return FileResult(doc.file_name, REFUSED, "no article text after removing site chrome")
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        added = store.add_tables(con, tables)
    return FileResult(doc.file_name, INGESTED if added else PRESENT, "", str(row["article_id"]), str(row["title"]),
                      len(tables.mentions), len(tables.numbers))


def iter_paths(paths: Iterable[Path], settings: Settings) -> tuple[list[Path], Iterator[Document | UnreadableFile]]:
    files, missing = collect_paths(paths)

    def items() -> Iterator[Document | UnreadableFile]:
        yield from missing
        for path in files:
            yield from read_path(path, settings)
    return files, items()


def ingest_paths(paths: Iterable[Path], settings: Settings, progress: Progress | None = None) -> list[FileResult]:
    files, items = iter_paths(paths, settings)
    return ingest_items(items, settings, progress, total=len(files))


def ingest_uploads(uploads: Iterable[tuple[str, bytes]], settings: Settings,
                   progress: Progress | None = None) -> list[FileResult]:
    """Files from the dashboard's uploader: (name as uploaded, bytes)."""
    uploads = list(uploads)

    def items() -> Iterator[Document | UnreadableFile]:
        for name, data in uploads:
            yield from read_bytes(name, data, settings)
    return ingest_items(items(), settings, progress, total=len(uploads))


def reanalyze_all(settings: Settings) -> int:
    """Re-run analysis on every stored article with the current gazetteer and user entities,
    replacing the derived rows; used after a user adds an entity or an alias."""
    with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
        user = store.user_entities(con)
        articles = store.read_table(con, "articles")
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
                    store._insert(con, name, df)
            con.execute("COMMIT")
    return len(articles)
