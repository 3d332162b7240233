"""Ingestion: readers -> pipeline -> store, one file at a time, one result line per file.

Analysis (the slow part) happens outside the database lock; each article is then written in a
transaction of its own, so a crash or a kill loses at most the article being written and a
re-run completes the rest without duplicates.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core import store
from core.cleaning import Article
from core.document import Document
from core.errors import NewsError, UnreadableFile
from core.pipeline import Rows, UserEntities, analyze_article, analyze_documents, load_models
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
    bad file; raises StoreBusy when the database stays locked.

    Documents go in batches of `settings.batch_size`: analysed (in this process, in
    `settings.workers` processes, or on a Dask cluster), then written in one transaction per
    batch, which holds whole articles only.
    """
    user = _user_entities(settings) if Path(settings.db_path).exists() else ()
    if settings.engine == "dask":
        return _ingest_on_dask(items, settings, user, progress, total)
    results: list[FileResult] = []
    for batch in analysed_batches(items, settings, user):
        rows = [r for _, r in batch if isinstance(r, dict)]
        added: list[bool] = []
        if rows:
            with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
                added = store.add_batch(con, rows)
        new = iter(added)
        for name, r in batch:
            if isinstance(r, FileResult):
                results.append(r)
            else:
                row = r["articles"][0]
                results.append(FileResult(name, INGESTED if next(new) else PRESENT, "", str(row["article_id"]),
                                          str(row["title"]), len(r["mentions"]), len(r["numbers"])))
            if progress:
                progress(len(results), max(total, len(results)), name)
    return results


Analysed = list[tuple[str, "Rows | FileResult"]]


def _outcome(doc: Document, result: Rows | Exception) -> Rows | FileResult:
    if isinstance(result, NewsError):
        return FileResult(doc.file_name, REFUSED, str(result))
    if isinstance(result, Exception):
        log.error("analysis failed for %s: %r", doc.file_name, result)
        return FileResult(doc.file_name, REFUSED, f"could not analyse the text ({type(result).__name__})")
    if not str(result["articles"][0]["body"]).strip():
        return FileResult(doc.file_name, REFUSED, "no article text after removing site chrome")
    return result


def analyse_chunk(docs: list[Document], settings: Settings, user: UserEntities) -> Analysed:
    """One batch of documents analysed in this process (also the unit of work of every engine)."""
    return [(doc.file_name, _outcome(doc, result)) for doc, result in analyze_documents(docs, settings, user)]


def _chunks(items: Iterable[Document | UnreadableFile], size: int) -> Iterator[list[Document | UnreadableFile]]:
    chunk: list[Document | UnreadableFile] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analysed_batches(items: Iterable[Document | UnreadableFile], settings: Settings,
                     user: UserEntities) -> Iterator[Analysed]:
    """Batches of (file name, rows or refusal), in input order, from the configured engine."""
    chunks = _chunks(items, settings.batch_size)
    if settings.workers > 1:
        yield from _pool_batches(chunks, settings, user)
    else:
        for chunk in chunks:
            yield _merge(chunk, analyse_chunk(_docs(chunk), settings, user))


def _docs(chunk: list[Document | UnreadableFile]) -> list[Document]:
    return [d for d in chunk if isinstance(d, Document)]


def _merge(chunk: list[Document | UnreadableFile], analysed: Analysed) -> Analysed:
    """Put refusals from reading back in their place among the analysed documents."""
    done = iter(analysed)
    return [(item.file_name, FileResult(item.file_name, REFUSED, item.reason)) if isinstance(item, UnreadableFile)
            else next(done) for item in chunk]


def _pool_work(args: tuple[list[Document], Settings, UserEntities]) -> Analysed:
    return analyse_chunk(*args)


def _pool_batches(chunks: Iterator[list[Document | UnreadableFile]], settings: Settings,
                  user: UserEntities) -> Iterator[Analysed]:
    # Models are loaded before the fork, so every worker shares them instead of loading its own.
    load_models(settings.spacy_model, settings.use_model, settings.data_dir, "en", user)
    pending: list[list[Document | UnreadableFile]] = []

    def work() -> Iterator[tuple[list[Document], Settings, UserEntities]]:
        for chunk in chunks:
            pending.append(chunk)
            yield _docs(chunk), settings, user
    with multiprocessing.get_context("fork").Pool(settings.workers) as pool:
        for analysed in pool.imap(_pool_work, work()):
            yield _merge(pending.pop(0), analysed)


def _ingest_on_dask(items: Iterable[Document | UnreadableFile], settings: Settings, user: UserEntities,
                    progress: Progress | None, total: int) -> list[FileResult]:
    from core.distributed import dask_batches

    results: list[FileResult] = []
    for shard, refusals in dask_batches(_chunks(items, settings.batch_size), settings, user):
        with store.connect(settings.db_path, timeout_s=settings.lock_timeout_s) as con:
            new = store.load_shard(con, shard.folder)
        results += [r for _, r in refusals if isinstance(r, FileResult)]
        for name, article_id, title, n_mentions, n_numbers in shard.articles:
            status = INGESTED if article_id in new else PRESENT
            new.discard(article_id)
            results.append(FileResult(name, status, "", article_id, title, n_mentions, n_numbers))
        if progress:
            progress(len(results), max(total, len(results)), results[-1].file_name if results else "")
    return results


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
    settings = settings.with_(batch_size=min(settings.batch_size, 4))  # small batches: a smooth progress bar

    def items() -> Iterator[Document | UnreadableFile]:
        for name, data in uploads:
            yield from read_bytes(name, data, settings)
    return ingest_items(items(), settings, progress, total=len(uploads))


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
