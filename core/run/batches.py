"""The unit of work every engine shares: analyse one batch of documents, one result per file.

A document whose reading or analysis fails becomes a refusal with a plain reason in its place,
so one bad file costs itself only."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.analyse.pipeline import Rows, UserEntities, analyze_documents
from core.errors import NewsError, UnreadableFile
from core.read.document import Document
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


Analysed = list[tuple[str, "Rows | FileResult"]]


def _outcome(doc: Document, result: Rows | Exception) -> Rows | FileResult:
    if isinstance(result, NewsError):
        return FileResult(doc.file_name, REFUSED, str(result))
    if isinstance(result, Exception):
        log.error("analysis failed for %s: %r", doc.file_name, result)
        return FileResult(doc.file_name, REFUSED, f"could not analyse the text ({type(result).__name__})")
    if not str(result["articles"][0]["body"]).strip():
        return FileResult(doc.file_name, REFUSED, "no article text after removing site chrome")
    if doc.url:
        result["articles"][0]["url"] = doc.url
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


def _docs(chunk: list[Document | UnreadableFile]) -> list[Document]:
    return [d for d in chunk if isinstance(d, Document)]


def _merge(chunk: list[Document | UnreadableFile], analysed: Analysed) -> Analysed:
    """Put refusals from reading back in their place among the analysed documents."""
    done = iter(analysed)
    return [(item.file_name, FileResult(item.file_name, REFUSED, item.reason)) if isinstance(item, UnreadableFile)
            else next(done) for item in chunk]
