"""The shared filters and the SQL pieces every read query is built from."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

PERIODS = ("week", "month", "quarter", "year")
# Linked to a fund house in the gazetteer frames (`_reference` links): houses, funds, managers.
HOUSE_TYPES = ("FUND_HOUSE", "FUND", "MANAGER")


@dataclass(frozen=True)
class Filters:
    """The shared filters. Empty tuples and None mean "no restriction".

    `date_from`/`date_to` are ISO dates bounding the publication date; with either set, articles
    without a publication date are left out. `themes` keeps sentences (and their mentions) tagged
    with any of the themes; `entity_types`/`entities` restrict mentions; `text` is a
    case-insensitive substring of the sentence, the canonical name or the spelling.
    """

    date_from: str | None = None
    date_to: str | None = None
    sources: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    text: str = ""

    def only(self, *names: str) -> Filters:
        """A copy keeping only the named filters, for a view where the others make no sense."""
        return Filters(**{k: getattr(self, k) for k in names})

    @property
    def picks_articles(self) -> bool:
        """Whether the date or source filter leaves some articles out."""
        return bool(self.date_from or self.date_to or self.sources)


@dataclass
class _Sql:
    """WHERE clauses with named parameters, composed without string-pasting user values."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, clause: str, **params: Any) -> None:
        self.clauses.append(clause)
        self.params.update(params)

    def where(self) -> str:
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""


_PUB = "TRY_CAST(NULLIF(a.published, '') AS DATE)"


def _article_sql(f: Filters) -> _Sql:
    sql = _Sql()
    if f.date_from:
        sql.add(f"{_PUB} >= CAST($date_from AS DATE)", date_from=f.date_from)
    if f.date_to:
        sql.add(f"{_PUB} <= CAST($date_to AS DATE)", date_to=f.date_to)
    if f.sources:
        sql.add("list_contains($sources, a.source)", sources=list(f.sources))
    return sql


def _arts_cte(f: Filters, one_copy: bool = False) -> tuple[str, dict[str, Any]]:
    """`arts`: the articles passing the date and source filters, with a parsed date. With
    `one_copy`, a syndicated story counts once: later copies (`duplicate_of` set) are left out."""
    sql = _article_sql(f)
    if one_copy:
        sql.add("a.duplicate_of IS NULL")
    cte = f"""arts AS (SELECT a.article_id, a.title, a.source, a.file_name, a.n_words,
                  {_PUB} AS pub, a.ingested_at FROM articles a {sql.where()})"""
    return cte, sql.params


def _in_arts(f: Filters, alias: str) -> str:
    """`AND <alias>.article_id IN arts` when the date or source filter is set, else nothing."""
    return f"AND {alias}.article_id IN (SELECT article_id FROM arts)" if f.picks_articles else ""


def _sentence_theme_clause(f: Filters, alias: str = "s") -> tuple[str, dict[str, Any]]:
    if not f.themes:
        return "TRUE", {}
    return (f"list_has_any(string_split(coalesce({alias}.themes, ''), ';'), $themes)",
            {"themes": list(f.themes)})


def _q(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or {}).df()


def _limited(limit: int | None, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A LIMIT clause and its parameter, or nothing when `limit` is None."""
    return ("LIMIT $limit", {**params, "limit": limit}) if limit is not None else ("", params)


# --- themes ---------------------------------------------------------------------------------

def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    return period


def _theme_clause(f: Filters, alias: str = "m") -> tuple[str, dict[str, Any]]:
    """`AND` the mention is of a selected theme, when themes are selected."""
    if not f.themes:
        return "", {}
    return f"AND list_contains($themes, {alias}.entity)", {"themes": list(f.themes)}


def _theme_articles(f: Filters, alias: str = "m") -> tuple[str, dict[str, Any]]:
    """`AND` the row's article mentions one of the selected themes, when themes are selected:
    the theme filter of views that count articles rather than sentences (fund houses)."""
    if not f.themes:
        return "", {}
    return (f"""AND {alias}.article_id IN (SELECT article_id FROM mentions
                                          WHERE entity_type = 'THEME' AND list_contains($themes, entity))""",
            {"themes": list(f.themes)})


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> Iterator[None]:
    con.register(name, df)
    try:
        yield
    finally:
        con.unregister(name)
