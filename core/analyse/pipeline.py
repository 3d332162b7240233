"""The pipeline: document -> clean -> sentences -> mentions -> numbers -> sentiment -> tables.

No I/O here beyond loading data files and the spaCy model once per process; the store and the
CLI are the edges.
"""
from __future__ import annotations

import hashlib
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.analyse.cleaning import Article, clean_document
from core.analyse.dedup import simhash
from core.analyse.forecasts import forecast_rows
from core.analyse.gazetteer import Gazetteer, load_gazetteer
from core.analyse.mentions import GazetteerMatcher, Mention, find_mentions
from core.analyse.numbers import find_numbers
from core.analyse.numbers.context import PERIOD_WORDS_RE, YEAR_RE
from core.analyse.numbers.entity import Named, figure_entities
from core.analyse.sentences import split_sentences
from core.analyse.sentiment import Lexicon, load_lexicon, score_sentence
from core.read.document import Document
from core.settings import Settings
from core.tables import TABLES, Tables, frame

log = logging.getLogger(__name__)

UserEntities = tuple[tuple[str, str, str], ...]  # (canonical name, type, alias) added by users
# The model reads an article in pieces of about this many characters (see `body_pieces`).
PIECE_CHARS = 20_000
BATCH_CHARS = 100_000
_PIECE_BREAK = re.compile(r"[.!?。！？；;]\s*|\s+")


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


def _sentence_of(spans: list[tuple[int, int]], starts: list[int], start: int) -> int:
    """The sentence holding offset `start` (the last one when it falls after every sentence)."""
    i = bisect_right(starts, start) - 1
    return i if i >= 0 and start < spans[i][1] else max(0, len(spans) - 1)


def body_pieces(body: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """The body cut into pieces of at most about `limit` characters at line ends (sentence ends or
    spaces for a longer line), as (offset, text).

    The model runs on each piece, so its cost stays linear in the article's length and no text
    reaches spaCy's length limit; an ordinary article is one piece.
    """
    pieces: list[tuple[int, str]] = []
    start, n = 0, len(body)
    while n - start > limit:
        cut = body.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            window = body[start + limit // 2:start + limit]
            ends = [m.end() for m in _PIECE_BREAK.finditer(window)]
            cut = start + limit // 2 + ends[-1] if ends else start + limit
        pieces.append((start, body[start:cut]))
        start = cut
    pieces.append((start, body[start:]))
    return pieces


def _shifted(mentions: list[Mention], offset: int) -> list[Mention]:
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions] if offset else mentions


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
    result = next(analyze_articles([(file_name, article)], settings, user))
    if isinstance(result, Exception):
        raise result
    return rows_to_tables([result])


def _model_docs(models: Models, texts: list[str], batch_size: int) -> list[Doc | Exception]:
    """The model's docs for many texts; a text the model fails on gets its exception, the others their doc.

    Texts go to the model in groups of at most `batch_size` texts and `BATCH_CHARS` characters:
    beyond that its matrices outgrow the processor's caches and every character costs more.
    """
    out: list[Doc | Exception] = []
    group: list[str] = []
    size = 0
    for text in [*texts, None]:
        if group and (text is None or len(group) >= batch_size or size + len(text) > BATCH_CHARS):
            try:
                out += list(models.nlp.pipe(group, batch_size=len(group)))
            except Exception:  # noqa: BLE001 - isolate the text that failed, so the others go on
                for one in group:
                    try:
                        out.append(models.nlp(one))
                    except Exception as exc:  # noqa: BLE001
                        out.append(exc)
            group, size = [], 0
        if text is not None:
            group.append(text)
            size += len(text)
    return out


def analyze_articles(items: list[tuple[str, Article]], settings: Settings, user: UserEntities = (),
                     batch_size: int = 32) -> Iterator[Rows | Exception]:
    """Rows for cleaned articles `(file name, article)`, in order, the model run in batches of pieces.

    An article whose analysis raises comes back as its exception, so one bad article costs itself only.
    """
    for language in ("en", "zh"):
        if any(a.language == language for _, a in items):
            load_models(settings.spacy_model, settings.use_model, settings.data_dir, language, user)
    for i in range(0, len(items), batch_size):
        chunk = items[i:i + batch_size]
        docs: dict[int, list[tuple[int, Doc | Exception]]] = {}
        for language in ("en", "zh"):
            todo = [(j, offset, text) for j, (_, a) in enumerate(chunk) if a.language == language
                    for offset, text in body_pieces(a.body)]
            if todo:
                models = load_models(settings.spacy_model, settings.use_model, settings.data_dir, language, user)
                for (j, offset, _), doc in zip(todo, _model_docs(models, [t for _, _, t in todo], batch_size),
                                               strict=True):
                    docs.setdefault(j, []).append((offset, doc))
        for j, (file_name, article) in enumerate(chunk):
            models = load_models(settings.spacy_model, settings.use_model, settings.data_dir, article.language, user)
            failed = next((d for _, d in docs.get(j, []) if isinstance(d, Exception)), None)
            if failed is not None:
                yield failed
                continue
            try:
                yield article_rows(article, file_name, [(o, d) for o, d in docs.get(j, []) if isinstance(d, Doc)],
                                   models)
            except Exception as exc:  # noqa: BLE001 - reported per article
                yield exc


def analyze_documents(docs: Iterable[Document], settings: Settings, user: UserEntities = (),
                      batch_size: int = 32) -> Iterator[tuple[Document, Rows | Exception]]:
    """Rows for many documents, in order: cleaned, then `analyze_articles`.

    A document whose cleaning or analysis raises comes back with the exception instead of rows.
    """
    docs = list(docs)
    cleaned: list[Article | Exception] = []
    for doc in docs:
        try:
            cleaned.append(clean_document(doc, settings.data_dir))
        except Exception as exc:  # noqa: BLE001 - reported per document
            cleaned.append(exc)
    good = [(doc.file_name, a) for doc, a in zip(docs, cleaned, strict=True) if isinstance(a, Article)]
    analysed = iter(analyze_articles(good, settings, user, batch_size))
    for doc, a in zip(docs, cleaned, strict=True):
        yield doc, a if isinstance(a, Exception) else next(analysed)


def article_rows(article: Article, file_name: str, pieces: list[tuple[int, Doc]], models: Models) -> Rows:
    """The rows of every table for one article whose body the spaCy pipeline has processed, as
    docs of its pieces with their offsets (see `body_pieces`)."""
    sha = content_sha256(article.body)
    article_id = sha[:16]
    body = article.body
    spans = split_sentences(body)
    starts = [s for s, _ in spans]
    rejected = {name for name, type_, _ in models.user if type_ == "REJECTED"}
    mentions = [m for offset, doc in pieces for m in _shifted(find_mentions(doc, models.gazetteer, models.matcher), offset)
                if m.entity not in rejected]
    by_sentence: dict[int, list[Mention]] = {}
    mention_rows = []
    for m in mentions:
        sid = _sentence_of(spans, starts, m.start)
        by_sentence.setdefault(sid, []).append(m)
        mention_rows.append({"article_id": article_id, "sentence_id": sid, "entity": m.entity,
                             "entity_type": m.entity_type, "surface": m.surface, "start": m.start,
                             "end": m.end, "method": m.method})
    year = int(article.published[:4]) if re.match(r"\d{4}", article.published) else None
    sentence_rows, number_rows = [], []
    period_year: int | None = None  # the year of the period a sentence dated last ("this period" later)
    last_fund = ""  # the fund named last: what "the fund" or "the ETF" opening a sentence refers to
    for sid, (s, e) in enumerate(spans):
        text = body[s:e]
        score, label = score_sentence(text, models.lexicon)
        themes = _sentence_themes(by_sentence.get(sid, []), models.gazetteer)
        sentence_rows.append({"article_id": article_id, "sentence_id": sid, "text": text, "sentiment": score,
                              "label": label, "themes": ";".join(themes), "start": s, "end": e})
        found = _number_rows(article_id, sid, text, s, (year, period_year), by_sentence.get(sid, []))
        if last_fund and THE_FUND_RE.match(text):  # "The fund now manages $4.8 billion."
            found = [r if r["entity"] else {**r, "entity": last_fund,
                                            "subject": r["subject"] or _fund_return(r["unit"], r["kind"])}
                     for r in found]
        number_rows += found
        last_fund = next((m.entity for m in reversed(by_sentence.get(sid, [])) if m.entity_type == "FUND"), last_fund)
        if PERIOD_WORDS_RE.search(text) and (dated := YEAR_RE.findall(text)):
            period_year = int(dated[-1])
    forecasts = forecast_rows(number_rows, article_id)
    n_words = len(body.split()) if article.language != "zh" else len(re.findall(r"[\u3400-\u9fff]", body))
    return {
        "articles": [{"article_id": article_id, "file_name": file_name, "title": article.title,
                      "published": article.published, "source": article.source, "language": article.language,
                      "content_sha256": sha, "n_words": n_words, "ingested_at": "", "duplicate_of": None,
                      "simhash": simhash(body), "body": body, "chars_removed": article.chars_removed}],
        "sentences": sentence_rows, "mentions": mention_rows, "numbers": number_rows, "forecasts": forecasts,
    }


def _number_rows(article_id: str, sid: int, text: str, offset: int, years: tuple[int | None, int | None],
                 mentions: list[Mention]) -> list[dict[str, Any]]:
    """The numbers of one sentence, each with the fund, house, company or product it is about;
    `years` are the publication year and the year of the period dated last."""
    found = find_numbers(text, default_year=years[0], period_year=years[1])
    if not found:
        return []
    named = [Named(m.start - offset, m.end - offset, m.entity, m.entity_type) for m in mentions]
    about = figure_entities(text, [(q.start, q.end) for q in found], named)
    funds = {n.entity for n in named if n.entity_type == "FUND"}
    return [{"article_id": article_id, "sentence_id": sid, "text": q.text, "value": q.value, "unit": q.unit,
             "year": q.year, "kind": q.kind, "subject": q.subject or (_fund_return(q.unit, q.kind) if entity in funds else ""),
             "start": offset + q.start, "end": offset + q.end, "entity": entity or None}
            for q, entity in zip(found, about, strict=True)]


# A sentence that opens on the fund named before it: "The fund now manages ...", "该基金规模..."
THE_FUND_RE = re.compile(r"\s*(?:(?:The|This|That)\s+(?:fund|ETF|product)(?!\s+(?:industry|sector|market|house|"
                         r"managers?|compan(?:y|ies)|flows?))\b|该(?:基金|ETF|产品))")


def _fund_return(unit: str, kind: str) -> str:
    """What a fund's figure with no subject is: a percentage move is its return ("the ETF rose 28.9%")."""
    return "return" if unit == "%" and kind == "change" else ""


def rows_to_tables(rows: list[Rows]) -> Tables:
    """The tables of many articles' rows, each with the contract's columns."""
    return Tables(*(frame(name, [r for article in rows for r in article[name]]) for name in TABLES))


def analyze(text: str, file_name: str | None = None, settings: Settings | None = None) -> Tables:
    """Public API: analyse one article's text without touching any database."""
    doc = Document(file_name=file_name or "text.txt", text=text, fmt="txt")
    return analyze_document(doc, settings)
