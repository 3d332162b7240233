"""The reader: one article with everything found in it, and the list of articles to open."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _q


@dataclass(frozen=True)
class ArticleView:
    """One stored article: `meta` (title, published, source, url, language, n_words, file_name,
    ingested_at, duplicate_of, duplicate_title), its cleaned `body`, and frames of its sentences
    (sentence_id, start, end, text, sentiment, label, themes), mentions (start, end, sentence_id,
    entity, entity_type, surface, method) and numbers (start, end, sentence_id, text, value, unit,
    year, kind, subject), each in text order. Offsets are into `body`."""

    article_id: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)
    mentions: pd.DataFrame = field(default_factory=pd.DataFrame)
    numbers: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def found(self) -> bool:
        return bool(self.meta)


_META = ("title", "published", "source", "url", "language", "n_words", "file_name", "ingested_at",
         "duplicate_of", "duplicate_title", "chars_removed", "body")


def article_view(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleView:
    """The article `article_id` with its sentences, mentions and numbers; `found` is False when
    no article has that id (a link from an older database, a mistyped URL)."""
    row = con.execute("""SELECT a.title, a.published, a.source, a.url, a.language, a.n_words, a.file_name,
                                a.ingested_at, a.duplicate_of, d.title, a.chars_removed, a.body
                         FROM articles a LEFT JOIN articles d ON d.article_id = a.duplicate_of
                         WHERE a.article_id = ?""", [article_id]).fetchall()
    if not row:
        return ArticleView(article_id)
    meta = dict(zip(_META, row[0], strict=True))
    body = meta.pop("body") or ""
    params = {"id": article_id}
    sentences = _q(con, """SELECT sentence_id, start, "end", text, sentiment, label, coalesce(themes, '') AS themes
                           FROM sentences WHERE article_id = $id ORDER BY sentence_id""", params)
    mentions = _q(con, """SELECT start, "end", sentence_id, entity, entity_type, surface, method
                          FROM mentions WHERE article_id = $id ORDER BY start, "end" DESC, entity""", params)
    numbers = _q(con, """SELECT start, "end", sentence_id, text, value, coalesce(unit, '') AS unit, year, kind,
                                coalesce(subject, '') AS subject
                         FROM numbers WHERE article_id = $id ORDER BY start""", params)
    return ArticleView(article_id, meta, body, sentences, mentions, numbers)


def article_list(con: duckdb.DuckDBPyConnection, f: Filters, text: str = "", limit: int = 500) -> pd.DataFrame:
    """Articles newest first, narrowed by the date and source filters and by `text` in the title,
    source or file name: published, title, source, mentions, n_words, tone (mean sentence score),
    url, article_id; also `total`, the number of matching articles before the limit."""
    cte, params = _arts_cte(f)
    where, q = "", text.strip().lower()
    if q:
        where = "WHERE contains(lower(coalesce(title, '') || '|' || coalesce(source, '') || '|' || coalesce(file_name, '')), $q)"
        params = {**params, "q": q}
    return _q(con, f"""WITH {cte},
        hit AS (SELECT * FROM arts {where}),
        top AS (SELECT * FROM hit ORDER BY pub DESC NULLS LAST, ingested_at DESC, article_id LIMIT $limit),
        n AS (SELECT article_id, count(*) AS mentions FROM mentions
              WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id),
        t AS (SELECT article_id, avg(sentiment) AS tone FROM sentences
              WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id)
        SELECT top.pub AS published, top.title, top.source, coalesce(n.mentions, 0) AS mentions, top.n_words,
               t.tone, a.url, top.article_id, (SELECT count(*) FROM hit) AS total
        FROM top LEFT JOIN n USING (article_id) LEFT JOIN t USING (article_id)
        JOIN articles a ON a.article_id = top.article_id
        ORDER BY top.pub DESC NULLS LAST, top.ingested_at DESC, top.article_id""", {**params, "limit": limit})


def sentence_context(con: duckdb.DuckDBPyConnection, article_id: str, sentence_id: int, around: int = 1) -> pd.DataFrame:
    """The sentence `sentence_id` of an article with `around` sentences either side: sentence_id,
    text, sentiment, label, and the article's title, published and source on every row."""
    return _q(con, """SELECT s.sentence_id, s.text, s.sentiment, s.label, a.title, a.published, a.source
                      FROM sentences s JOIN articles a USING (article_id)
                      WHERE s.article_id = $id AND s.sentence_id BETWEEN $lo AND $hi
                      ORDER BY s.sentence_id""",
              {"id": article_id, "lo": int(sentence_id) - around, "hi": int(sentence_id) + around})
