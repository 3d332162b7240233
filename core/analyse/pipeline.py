"""The pipeline: document -> clean -> sentences -> mentions -> numbers -> sentiment -> tables.

No I/O here beyond loading data files and the spaCy model once per process; the store and the
CLI are the edges.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.analyse.cleaning import Article, clean_document
from core.analyse.dedup import simhash
from core.analyse.forecasts import implied_forecasts
from core.analyse.gazetteer import Gazetteer, load_gazetteer
from core.analyse.mentions import GazetteerMatcher, Mention, find_mentions
from core.analyse.numbers import find_numbers
from core.analyse.numbers.entity import Named, figure_entities
from core.analyse.sentences import split_sentences
from core.analyse.sentiment import Lexicon, load_lexicon, score_sentence
from core.read.document import Document
from core.settings import Settings
from core.tables import TABLES, Tables, frame

log = logging.getLogger(__name__)

UserEntities = tuple[tuple[str, str, str], ...]  # (canonical name, type, alias) added by users


@dataclass(frozen=True)
class Models:
    nlp: Language
    matcher: GazetteerMatcher
    gazetteer: Gazetteer
    lexicon: Lexicon
    user: UserEntities = ()


@lru_cache(maxsize=8)
def load_models(model: str, use_model: bool, data_dir: Path, language: str = "en",
                user: UserEntities = ()) -> Models:
    """The spaCy pipeline and the compiled gazetteer, built once per process and key.

    English uses the trained pipeline's tokenizer and NER (the parser, tagger and lemmatizer are
    not needed); Chinese uses spaCy's character segmentation, which matches Chinese spellings
    regardless of word boundaries.
    """
    if language == "zh":
        nlp = spacy.blank("zh")
    elif use_model:
        nlp = spacy.load(model, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"])
    else:
        nlp = spacy.blank("en")
    gazetteer = load_gazetteer(data_dir, user)
    return Models(nlp, GazetteerMatcher(nlp, gazetteer), gazetteer, load_lexicon(data_dir / "sentiment"), user)


def content_sha256(text: str) -> str:
    """Hash of the text with whitespace folded, so a re-saved copy of the same story is a duplicate."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _sentence_of(spans: list[tuple[int, int]], start: int) -> int:
    for i, (s, e) in enumerate(spans):
        if s <= start < e:
            return i
    return max(0, len(spans) - 1)


def _sentence_themes(mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """The themes a sentence is about: those it names, with their broader themes (Humanoid robots
    is Robotics too), and those of the entities it names (a GPU maker's)."""
    themes: list[str] = []
    for m in mentions:
        entity = gazetteer.entities.get(m.entity)
        names = ([m.entity] if m.entity_type == "THEME" else []) + (list(entity.themes) if entity else [])
        themes += [t for t in names if t not in themes]
    return themes


Rows = dict[str, list[dict[str, Any]]]  # table name -> rows of one article


def analyze_document(doc: Document, settings: Settings | None = None, user: UserEntities = ()) -> Tables:
    """Every table for one document. Pure: nothing is stored."""
    settings = settings or Settings()
    article = clean_document(doc, settings.data_dir)
    return analyze_article(article, doc.file_name, settings, user)


def analyze_article(article: Article, file_name: str, settings: Settings, user: UserEntities = ()) -> Tables:
    models = load_models(settings.spacy_model, settings.use_model, settings.data_dir, article.language, user)
    return rows_to_tables([article_rows(article, file_name, models.nlp(article.body), models)])


def analyze_documents(docs: Iterable[Document], settings: Settings, user: UserEntities = (),
                      batch_size: int = 32) -> Iterator[tuple[Document, Rows | Exception]]:
    """Rows for many documents, in order, the spaCy model run in batches (`nlp.pipe`).

    A document whose analysis raises comes back with the exception instead of rows, so one bad
    article costs itself only.
    """
    docs = list(docs)
    for i in range(0, len(docs), batch_size):
        chunk = docs[i:i + batch_size]
        results: list[Rows | Exception] = [{} for _ in chunk]
        articles: list[Article | None] = []
        for j, doc in enumerate(chunk):
            try:
                articles.append(clean_document(doc, settings.data_dir))
            except Exception as exc:  # noqa: BLE001 - reported per document
                articles.append(None)
                results[j] = exc
        for language in ("en", "zh"):
            todo = [(j, a) for j, a in enumerate(articles) if a is not None and a.language == language]
            if not todo:
                continue
            models = load_models(settings.spacy_model, settings.use_model, settings.data_dir, language, user)
            spacy_docs = models.nlp.pipe([a.body for _, a in todo], batch_size=batch_size)
            for (j, article), spacy_doc in zip(todo, spacy_docs, strict=True):
                try:
                    results[j] = article_rows(article, chunk[j].file_name, spacy_doc, models)
                except Exception as exc:  # noqa: BLE001 - reported per document
                    results[j] = exc
        yield from zip(chunk, results, strict=True)


def article_rows(article: Article, file_name: str, doc: Doc, models: Models) -> Rows:
    """The rows of every table for one article whose body the spaCy pipeline has processed."""
    sha = content_sha256(article.body)
    article_id = sha[:16]
    body = article.body
    spans = split_sentences(body)
    rejected = {name for name, type_, _ in models.user if type_ == "REJECTED"}
    mentions = [m for m in find_mentions(doc, models.gazetteer, models.matcher) if m.entity not in rejected]
    by_sentence: dict[int, list[Mention]] = {}
    mention_rows = []
    for m in mentions:
        sid = _sentence_of(spans, m.start)
        by_sentence.setdefault(sid, []).append(m)
        mention_rows.append({"article_id": article_id, "sentence_id": sid, "entity": m.entity,
                             "entity_type": m.entity_type, "surface": m.surface, "start": m.start,
                             "end": m.end, "method": m.method})
    year = int(article.published[:4]) if re.match(r"\d{4}", article.published) else None
    sentence_rows, number_rows = [], []
    for sid, (s, e) in enumerate(spans):
        text = body[s:e]
        score, label = score_sentence(text, models.lexicon)
        themes = _sentence_themes(by_sentence.get(sid, []), models.gazetteer)
        sentence_rows.append({"article_id": article_id, "sentence_id": sid, "text": text, "sentiment": score,
                              "label": label, "themes": ";".join(themes), "start": s, "end": e})
        number_rows += _number_rows(article_id, sid, text, s, year, by_sentence.get(sid, []))
    forecast_rows: list[dict[str, Any]] = []
    if sum(r["kind"] == "forecast" for r in number_rows) >= 2:  # pandas only when a pair is possible
        forecast_rows = implied_forecasts(frame("numbers", number_rows), article_id).to_dict("records")
    n_words = len(body.split()) if article.language != "zh" else len(re.findall(r"[\u3400-\u9fff]", body))
    return {
        "articles": [{"article_id": article_id, "file_name": file_name, "title": article.title,
                      "published": article.published, "source": article.source, "language": article.language,
                      "content_sha256": sha, "n_words": n_words, "ingested_at": "", "duplicate_of": None,
                      "simhash": simhash(body), "body": body}],
        "sentences": sentence_rows, "mentions": mention_rows, "numbers": number_rows, "forecasts": forecast_rows,
    }


def _number_rows(article_id: str, sid: int, text: str, offset: int, year: int | None,
                 mentions: list[Mention]) -> list[dict[str, Any]]:
    """The numbers of one sentence, each with the fund, house, company or product it is about."""
    found = find_numbers(text, default_year=year)
    if not found:
        return []
    named = [Named(m.start - offset, m.end - offset, m.entity, m.entity_type) for m in mentions]
    about = figure_entities(text, [(q.start, q.end) for q in found], named)
    return [{"article_id": article_id, "sentence_id": sid, "text": q.text, "value": q.value, "unit": q.unit,
             "year": q.year, "kind": q.kind, "subject": q.subject, "start": offset + q.start,
             "end": offset + q.end, "entity": entity or None} for q, entity in zip(found, about, strict=True)]


def rows_to_tables(rows: list[Rows]) -> Tables:
    """The tables of many articles' rows, each with the contract's columns."""
    return Tables(*(frame(name, [r for article in rows for r in article[name]]) for name in TABLES))


def analyze(text: str, file_name: str | None = None, settings: Settings | None = None) -> Tables:
    """Public API: analyse one article's text without touching any database."""
    doc = Document(file_name=file_name or "text.txt", text=text, fmt="txt")
    return analyze_document(doc, settings)
