"""The five tables of an analysis, with the columns of shared/CONTRACT.md (extra columns last)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "file_name", "title", "published", "source", "language", "content_sha256",
                 "n_words", "ingested_at", "duplicate_of", "simhash", "body", "url", "chars_removed"],
    "sentences": ["article_id", "sentence_id", "text", "sentiment", "label", "themes", "start", "end"],
    "mentions": ["article_id", "sentence_id", "entity", "entity_type", "surface", "start", "end", "method"],
    "numbers": ["article_id", "sentence_id", "text", "value", "unit", "year", "kind", "subject", "start", "end",
                "entity"],
    "forecasts": ["subject", "unit", "from_year", "from_value", "to_year", "to_value", "cagr", "article_id"],
}
TABLES = tuple(COLUMNS)


@dataclass
class Tables:
    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    numbers: pd.DataFrame
    forecasts: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        return [(name, getattr(self, name)) for name in TABLES]


def frame(name: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """A DataFrame of table `name` with exactly its columns, in order, even when empty."""
    return pd.DataFrame(rows or [], columns=COLUMNS[name])


def concat(parts: list[Tables]) -> Tables:
    """Many analyses as one set of tables."""
    def cat(name: str) -> pd.DataFrame:
        frames = [getattr(p, name) for p in parts if len(getattr(p, name))]
        return pd.concat(frames, ignore_index=True) if frames else frame(name)
    return Tables(*(cat(name) for name in TABLES))
