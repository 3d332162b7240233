"""The unit of work every engine shares: cleaned articles analysed in one process, one result per file.

Before any analysis a batch is *prepared* in the ingesting process: each document is cleaned and
hashed, and the ones whose content is stored already (or came earlier in this run) are settled as
"already present" without running the model, so a re-run over files that are all stored costs
only reading and cleaning. A document whose reading, cleaning or analysis fails becomes a refusal
with a plain reason in its place, so one bad file costs itself only.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.analyse.cleaning import Article, clean_document
from core.analyse.pipeline import Rows, UserEntities, analyze_articles, content_sha256
from core.errors import NewsError, UnreadableFile
from core.read.document import Document
from core.read.limits import too_long
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


@dataclass(frozen=True)
class Work:
    """A cleaned article waiting for analysis."""

    file_name: str
    article: Article
    sha: str
    url: str | None = None  # where a fetched article came from, stored with it


Progress = Callable[[int, int, str], None]
Slot = FileResult | Work  # one file of a prepared batch: settled already, or to analyse
Analysed = list[tuple[str, "Rows | FileResult"]]


def chunks(items: Iterable[Document | UnreadableFile], size: int) -> Iterator[list[Document | UnreadableFile]]:
    chunk: list[Document | UnreadableFile] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _refusal(file_name: str, exc: Exception) -> FileResult:
    if isinstance(exc, NewsError):
        return FileResult(file_name, REFUSED, str(exc))
    log.error("analysis failed for %s: %r", file_name, exc)
    return FileResult(file_name, REFUSED, f"could not analyse the text ({type(exc).__name__})")


def prepare(chunk: list[Document | UnreadableFile], settings: Settings) -> list[Slot]:
    """Each item cleaned and hashed, in order; reading and cleaning failures become refusals."""
    slots: list[Slot] = []
    for item in chunk:
        if isinstance(item, UnreadableFile):
            slots.append(FileResult(item.file_name, REFUSED, item.reason))
            continue
        if len(item.text) > settings.max_article_chars:  # checked before cleaning: files, uploads and URLs alike
            slots.append(FileResult(item.file_name, REFUSED, too_long(len(item.text), settings.max_article_chars)))
            continue
        try:
            article = clean_document(item, settings.data_dir)
        except Exception as exc:  # noqa: BLE001 - reported per document
            slots.append(_refusal(item.file_name, exc))
            continue
        if not article.body.strip():
            slots.append(FileResult(item.file_name, REFUSED, "no article text after removing site chrome"))
        else:
            slots.append(Work(item.file_name, article, content_sha256(article.body), item.url))
    return slots


def settle_present(slots: list[Slot], stored: set[str]) -> list[Slot]:
    """Work whose hash is in `stored` (stored before, or earlier in this run) settled as already
    present; `stored` grows by the hashes still to analyse."""
    out: list[Slot] = []
    for slot in slots:
        if isinstance(slot, Work) and slot.sha in stored:
            out.append(FileResult(slot.file_name, PRESENT, "", slot.sha[:16], slot.article.title))
        else:
            if isinstance(slot, Work):
                stored.add(slot.sha)
            out.append(slot)
    return out


def analyse_work(work: list[Work], settings: Settings, user: UserEntities) -> Iterator[tuple[str, Rows | FileResult]]:
    """Rows (or a refusal) per article, in order, analysed in this process: the unit of every engine."""
    items = [(w.file_name, w.article) for w in work]
    for w, result in zip(work, analyze_articles(items, settings, user), strict=True):
        if isinstance(result, Exception):
            yield w.file_name, _refusal(w.file_name, result)
            continue
        if w.url:
            result["articles"][0]["url"] = w.url
        yield w.file_name, result


def analyse_chunk(work: list[Work], settings: Settings, user: UserEntities) -> Analysed:
    return list(analyse_work(work, settings, user))
