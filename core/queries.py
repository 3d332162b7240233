"""Read-only queries behind the dashboard: a connection and filter values in, a DataFrame out.

Every aggregation runs in DuckDB SQL over the stored tables, never in pandas over a whole table,
so a page stays fast at 100k articles. The gazetteer (a few hundred entities) is the only
in-memory input: it is registered as a small relation when a query needs fund-house links,
theme sectors or curated names. Nothing here imports streamlit; the pages cache these results.

How the queries stay fast (measured on 100k articles, 1.6M mentions, see bench/dashboard.py):
- mentions are counted per (entity, article) *before* they are joined to the articles for a
  date, so the join sees one row per pair (100k for the themes) instead of one per mention;
- sentences are aggregated per theme set (the `themes` column has a few hundred distinct values)
  and only then split into themes or sectors;
- tables of evidence pick their top rows first and fetch sentence text for those rows only;
- the article filter becomes a semi-join only when a date or source is set: every stored row
  belongs to a stored article (the store writes and deletes an article's rows together).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from core import store
from core.export import to_csv_bytes, zip_store
from core.gazetteer import load_gazetteer

T = TypeVar("T")

# How mentions were found when nobody curated the name: the review list on the Entities page.
DISCOVERED_METHODS = ("pattern", "model", "fuzzy")
PERIODS = ("week", "month", "quarter", "year")
# Settings of every read connection. DuckDB's default memory limit is 80 % of the machine's RAM per
# database instance, and each read connection is an instance of its own; the dashboard's queries
# need well under this (their largest hash tables are per-article aggregates), and a query that
# needs more spills to disk instead of growing the process. Result order always comes from ORDER BY,
# so DuckDB need not keep insertion order (which costs memory on large results).
READ_SETTINGS = {"memory_limit": "256MiB", "preserve_insertion_order": "false"}
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


# --- connections ---------------------------------------------------------------------------

def _is_busy(exc: Exception) -> bool:
    # Inside one process DuckDB refuses a read-only and a read-write handle on the same file at
    # once ("different configuration"); that is the dashboard's own writer, so it passes too.
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "different configuration" in text


def retry_busy(call: Callable[[], T], timeout_s: float = 60.0) -> T:
    """Run `call`, retrying while the database file is held by a writer (this or another process)."""
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            return call()
        except duckdb.Error as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def reading(db_path: Path | str, timeout_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only connection, so an ingest running elsewhere can take the file next."""
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        opener = store.connect(Path(db_path), read_only=True, timeout_s=timeout_s)
        try:
            con = opener.__enter__()
            break
        except duckdb.Error as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        for name, value in READ_SETTINGS.items():
            con.execute(f"SET {name} = '{value}'")
        yield con
    finally:
        opener.__exit__(None, None, None)


def run(db_path: Path | str, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`query(con, *args)` on a fresh read-only connection to `db_path`."""
    with reading(db_path) as con:
        return query(con, *args, **kwargs)


# --- what is in the database ----------------------------------------------------------------

def data_version(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """Changes whenever articles are added or user entities change (cache key for every query)."""
    row = con.execute("""SELECT (SELECT count(*) FROM articles), (SELECT max(ingested_at) FROM articles),
                                (SELECT count(*) FROM mentions), (SELECT count(*) FROM user_entities),
                                (SELECT max(added_at) FROM user_entities),
                                (SELECT max(value) FROM meta WHERE key = 'data_version')""").fetchall()[0]
    return tuple(row)


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Choices for the sidebar: sources, themes, entity types and the publication-date range."""
    sources = [r[0] for r in con.execute(
        "SELECT DISTINCT source FROM articles WHERE coalesce(source, '') <> '' ORDER BY 1").fetchall()]
    # One pass over the mentions for both lists: (type, theme name or NULL) pairs are few.
    pairs = con.execute("""SELECT DISTINCT entity_type, CASE WHEN entity_type = 'THEME' THEN entity END
                           FROM mentions""").fetchall()
    themes = sorted({e for t, e in pairs if e is not None})
    types = sorted({t for t, _ in pairs if t is not None})
    first, last = con.execute(
        "SELECT min(TRY_CAST(NULLIF(published, '') AS DATE)), max(TRY_CAST(NULLIF(published, '') AS DATE)) "
        "FROM articles").fetchall()[0]
    return {"sources": sources, "themes": themes, "entity_types": types, "first": first, "last": last}


def overview(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> dict[str, Any]:
    """Headline numbers for the selection: articles, sources, date range, mentions, fund houses."""
    cte, params = _arts_cte(f)
    row = con.execute(f"""WITH {cte}
        SELECT a.*, (SELECT count(*) FROM mentions m WHERE TRUE {_in_arts(f, "m")}),
               (SELECT count(DISTINCT entity) FROM mentions m WHERE m.entity_type = 'FUND_HOUSE' {_in_arts(f, "m")}),
               (SELECT count(*) FROM articles)
        FROM (SELECT count(*), count(DISTINCT source), min(pub), max(pub), count(*) FILTER (WHERE pub IS NULL)
              FROM arts) a""", params).fetchall()[0]
    keys = ("articles", "sources", "first", "last", "undated", "mentions", "fund_houses", "total_articles")
    return dict(zip(keys, row, strict=True))


def top_entities(con: duckdb.DuckDBPyConnection, f: Filters, entity_type: str, limit: int = 10) -> pd.DataFrame:
    """The most mentioned entities of one type: entity, mentions, articles."""
    cte, params = _arts_cte(f)
    theme_sql, theme_params = ("list_contains($themes, m.entity)", {"themes": list(f.themes)}) \
        if f.themes and entity_type == "THEME" else ("TRUE", {})
    return _q(con, f"""WITH {cte}
        SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM mentions m
        WHERE m.entity_type = $etype AND {theme_sql} {_in_arts(f, "m")}
        GROUP BY m.entity ORDER BY mentions DESC, m.entity LIMIT $limit""",
              {**params, **theme_params, "etype": entity_type, "limit": limit})


def latest_articles(con: duckdb.DuckDBPyConnection, f: Filters = Filters(), limit: int = 20) -> pd.DataFrame:
    """Newest articles first (by publication date, then ingestion): with their mention counts."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte},
        top AS (SELECT * FROM arts ORDER BY pub DESC NULLS LAST, ingested_at DESC, article_id LIMIT $limit),
        n AS (SELECT article_id, count(*) AS mentions FROM mentions
              WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id)
        SELECT top.pub AS published, top.title, top.source, top.file_name, top.n_words,
               coalesce(n.mentions, 0) AS mentions, top.ingested_at, top.article_id
        FROM top LEFT JOIN n USING (article_id)
        ORDER BY top.pub DESC NULLS LAST, top.ingested_at DESC, top.article_id""", {**params, "limit": limit})


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


def theme_periods(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month") -> pd.DataFrame:
    """Theme mentions per period of publication: theme, period (its first day; NaT for undated
    articles), mentions, articles. Each article falls in one period, so summing over periods
    gives a theme's totals: the ranking, the timeline and the momentum on the Themes page are all
    views of this one result (`theme_ranking_of`, `theme_timeline_of`, `theme_momentum_of`).
    A story syndicated by several sites counts once."""
    cte, params = _arts_cte(f, one_copy=True)
    p = _check_period(period)
    themes, theme_params = _theme_clause(f)
    return _q(con, f"""WITH {cte},
        ta AS (SELECT m.entity AS theme, m.article_id, count(*) AS n FROM mentions m
               WHERE m.entity_type = 'THEME' {themes} {_in_arts(f, "m")} GROUP BY ALL)
        SELECT ta.theme, CAST(date_trunc('{p}', arts.pub) AS DATE) AS period,
               CAST(sum(ta.n) AS BIGINT) AS mentions, count(*) AS articles
        FROM ta JOIN arts USING (article_id)
        GROUP BY ALL ORDER BY ta.theme, period""", {**params, **theme_params})


def theme_ranking_of(periods: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """Themes by number of mentions, from `theme_periods`: theme, sector, mentions, articles."""
    totals = periods.groupby("theme", as_index=False)[["mentions", "articles"]].sum()
    df = totals.merge(sectors, on="theme", how="left").fillna({"sector": "Other"})
    df = df[["theme", "sector", "mentions", "articles"]].astype({"mentions": "int64", "articles": "int64"})
    return df.sort_values(["mentions", "theme"], ascending=[False, True], ignore_index=True)


def theme_timeline_of(periods: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The `top` themes by dated mentions, per period, from `theme_periods`: period, theme,
    mentions, articles. Undated articles cannot be placed in time."""
    dated = periods[periods["period"].notna()]
    totals = dated.groupby("theme", as_index=False)["mentions"].sum()
    best = totals.sort_values(["mentions", "theme"], ascending=[False, True]).head(top)["theme"]
    df = dated[dated["theme"].isin(best)][["period", "theme", "mentions", "articles"]]
    return df.sort_values(["period", "mentions", "theme"], ascending=[True, False, True], ignore_index=True)


_STEP = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3),
         "year": pd.DateOffset(years=1)}
MOMENTUM_COLUMNS = ["theme", "latest", "previous", "change", "change_pct", "latest_start", "previous_start"]


def theme_momentum_of(periods: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Mentions per theme in the latest period with dated articles against the period before,
    from `theme_periods` of the same `period`: theme, latest, previous, change, change_pct (NaN
    when the previous period had none), latest_start, previous_start."""
    dated = periods[periods["period"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=MOMENTUM_COLUMNS)
    latest_start = dated["period"].max()
    previous_start = latest_start - _STEP[_check_period(period)]
    counts = {name: dated[dated["period"] == start].groupby("theme")["mentions"].sum()
              for name, start in (("latest", latest_start), ("previous", previous_start))}
    df = pd.DataFrame(counts).fillna(0).astype("int64").rename_axis("theme").reset_index()
    df["change"] = df["latest"] - df["previous"]
    df["change_pct"] = (df["change"] / df["previous"]).where(df["previous"] > 0)
    df["latest_start"], df["previous_start"] = latest_start, previous_start
    df = df[df["latest"] + df["previous"] > 0][MOMENTUM_COLUMNS]
    return df.sort_values(["change", "latest", "theme"], ascending=[False, False, True], ignore_index=True)


def theme_ranking(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Themes by number of mentions: theme, sector, mentions, articles."""
    return theme_ranking_of(theme_periods(con, f, "year"), theme_sectors(data_dir))


def theme_timeline(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month", top: int = 8) -> pd.DataFrame:
    """Mentions per theme per period of publication date, for the `top` themes overall:
    period (first day), theme, mentions, articles. Undated articles cannot be placed in time."""
    return theme_timeline_of(theme_periods(con, f, period), top)


def theme_momentum(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month") -> pd.DataFrame:
    """Mentions per theme in the latest period with dated articles against the period before:
    theme, latest, previous, change, change_pct (None when the previous period had none),
    latest_start, previous_start."""
    return theme_momentum_of(theme_periods(con, f, period), period)


def theme_house_matrix(con: duckdb.DuckDBPyConnection, f: Filters, top_themes: int = 15,
                       top_houses: int = 12) -> pd.DataFrame:
    """Articles in which a theme and a fund house are both mentioned: theme, fund_house, articles.
    Only the most mentioned themes and houses, so the heatmap stays readable."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_clause(f)
    return _q(con, f"""WITH {cte},
        ta AS (SELECT m.entity AS theme, m.article_id, count(*) AS n FROM mentions m
               WHERE m.entity_type = 'THEME' {themes} {_in_arts(f, "m")} GROUP BY ALL),
        ha AS (SELECT m.entity AS fund_house, m.article_id, count(*) AS n FROM mentions m
               WHERE m.entity_type = 'FUND_HOUSE' {_in_arts(f, "m")} GROUP BY ALL),
        top_t AS (SELECT theme FROM ta GROUP BY theme ORDER BY sum(n) DESC, theme LIMIT $tt),
        top_h AS (SELECT fund_house FROM ha GROUP BY fund_house ORDER BY sum(n) DESC, fund_house LIMIT $th)
        SELECT t.theme, h.fund_house, count(*) AS articles
        FROM (SELECT theme, article_id FROM ta WHERE theme IN (SELECT theme FROM top_t)) t
        JOIN (SELECT fund_house, article_id FROM ha WHERE fund_house IN (SELECT fund_house FROM top_h)) h
          USING (article_id)
        GROUP BY ALL ORDER BY articles DESC, t.theme, h.fund_house""",
              {**params, **theme_params, "tt": top_themes, "th": top_houses})


def theme_evidence(con: duckdb.DuckDBPyConnection, f: Filters, theme: str, limit: int = 500) -> pd.DataFrame:
    """The sentences where a theme is mentioned, newest first, with the article they come from."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte},
        hits AS (SELECT m.article_id, m.sentence_id, string_agg(DISTINCT m.surface, '; ' ORDER BY m.surface) AS written_as
                 FROM mentions m WHERE m.entity_type = 'THEME' AND m.entity = $theme GROUP BY ALL),
        top AS (SELECT hits.*, arts.pub, arts.title, arts.source FROM hits JOIN arts USING (article_id)
                ORDER BY arts.pub DESC NULLS LAST, hits.article_id, hits.sentence_id LIMIT $limit)
        SELECT top.pub AS published, top.title, top.source, top.written_as,
               s.text AS sentence, s.sentiment, s.label, top.article_id, top.sentence_id
        FROM top JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.sentence_id""",
              {**params, "theme": theme, "limit": limit})


# --- fund houses ----------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _reference(data_dir: Path, user: tuple[tuple[str, str, str], ...]) -> dict[str, pd.DataFrame]:
    """Small frames from the gazetteer: entity names and types, links to fund houses, theme sectors."""
    gaz = load_gazetteer(data_dir, user)
    entities = pd.DataFrame([(e.name, e.type, e.status, len(gaz.aliases_of(e.name))) for e in gaz.entities.values()],
                            columns=["name", "type", "status", "n_aliases"])
    managed: dict[str, list[str]] = {}
    for fund in gaz.of_type("FUND"):
        for manager in fund.managers:
            managed.setdefault(manager, []).append(fund.name)
    links: list[tuple[str, str, str, str]] = []  # entity, type, fund_house, related (managers / funds)
    for e in gaz.entities.values():
        if e.type == "FUND_HOUSE":
            links.append((e.name, e.type, e.name, ""))
        elif e.type == "FUND" and e.house:
            links.append((e.name, e.type, e.house, "; ".join(e.managers)))
        elif e.type == "MANAGER" and e.house:
            links.append((e.name, e.type, e.house, "; ".join(managed.get(e.name, []))))
    houses = {e.name: e.house for e in gaz.of_type("FUND")}
    for manager, funds in managed.items():  # managers named only on a fund's entry
        if manager not in gaz.entities and houses[funds[0]]:
            links.append((manager, "MANAGER", houses[funds[0]], "; ".join(funds)))
    link_df = pd.DataFrame(links, columns=["entity", "type", "fund_house", "related"])
    sectors = pd.DataFrame([(e.name, e.sector or "Other") for e in gaz.of_type("THEME")], columns=["theme", "sector"])
    aliases = pd.DataFrame([(a.entity, a.text, a.method) for a in gaz.aliases], columns=["entity", "alias", "method"])
    return {"entities": entities, "links": link_df, "sectors": sectors, "aliases": aliases}


def reference(con: duckdb.DuckDBPyConnection, data_dir: Path) -> dict[str, pd.DataFrame]:
    """The gazetteer frames including the users' additions stored in this database."""
    try:
        user = store.user_entities(con)
    except duckdb.Error:  # a database from before user entities existed
        user = ()
    return _reference(Path(data_dir), user)


def theme_sectors(data_dir: Path) -> pd.DataFrame:
    """Each theme of the gazetteer with its sector: theme, sector."""
    return _reference(Path(data_dir), ())["sectors"]


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> Iterator[None]:
    con.register(name, df)
    try:
        yield
    finally:
        con.unregister(name)


def _links(con: duckdb.DuckDBPyConnection, data_dir: Path) -> pd.DataFrame:
    """The fund-house links, each (entity, type, fund_house) once, so a mention counts once."""
    return reference(con, data_dir)["links"].drop_duplicates(["entity", "type", "fund_house"])


def _house_cte(f: Filters) -> tuple[str, dict[str, Any]]:
    """`hx`: mentions of a fund house, one of its funds or one of its managers (house, entity,
    entity_type, article_id), in the selected articles. Needs `links` registered."""
    cte, params = _arts_cte(f)
    params = {**params, "house_types": list(HOUSE_TYPES)}
    return f"""{cte}, hx AS (
        SELECT l.fund_house, m.entity, m.entity_type, m.article_id
        FROM mentions m JOIN links l ON l.entity = m.entity AND l.type = m.entity_type
        WHERE list_contains($house_types, m.entity_type) {_in_arts(f, "m")}
        UNION ALL
        SELECT m.entity, m.entity, m.entity_type, m.article_id
        FROM mentions m
        WHERE m.entity_type = 'FUND_HOUSE' AND m.entity NOT IN (SELECT entity FROM links) {_in_arts(f, "m")})""", params


# `mine`: the (entity, type) pairs that count for the house `$house`: itself, its funds and its
# managers, or, for a house the gazetteer does not know, its own name. Needs `links` registered.
_HOUSE_ENTITIES = """mine AS (SELECT entity, type FROM links WHERE fund_house = $house
    UNION SELECT $house, 'FUND_HOUSE' WHERE $house NOT IN (SELECT entity FROM links))"""


def fund_houses(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Fund houses in the news, the most widely covered first: fund_house, mentions (house, funds
    and managers together), articles, funds and managers mentioned, last publication date."""
    cte, params = _house_cte(f)
    with _registered(con, "links", _links(con, data_dir)):
        # Counted per (house, article) first: the join to the articles for a date then sees those
        # pairs instead of every mention, and the pairs count the articles without a DISTINCT.
        return _q(con, f"""WITH {cte},
            pairs AS (SELECT fund_house, article_id, count(*) AS n FROM hx GROUP BY ALL),
            named AS (SELECT fund_house, count(DISTINCT entity) FILTER (WHERE entity_type = 'FUND') AS funds,
                             count(DISTINCT entity) FILTER (WHERE entity_type = 'MANAGER') AS managers
                      FROM hx GROUP BY fund_house),
            houses AS (SELECT pairs.fund_house, CAST(sum(pairs.n) AS BIGINT) AS mentions, count(*) AS articles,
                              max(arts.pub) AS last_mentioned
                       FROM pairs JOIN arts USING (article_id) GROUP BY pairs.fund_house)
            SELECT houses.fund_house, houses.mentions, houses.articles, coalesce(named.funds, 0) AS funds,
                   coalesce(named.managers, 0) AS managers, houses.last_mentioned
            FROM houses LEFT JOIN named USING (fund_house)
            ORDER BY houses.articles DESC, houses.mentions DESC, houses.fund_house""", params)


def house_people_and_funds(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """A house's funds and managers known to the gazetteer, with how often the news names them:
    name, type, related (a fund's managers, a manager's funds), mentions, articles. Unmentioned
    ones are listed with 0 mentions: knowing who is silent is part of the picture."""
    cte, params = _arts_cte(f)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte},
            mine AS (SELECT DISTINCT entity, type, related FROM links
                     WHERE fund_house = $house AND type IN ('FUND', 'MANAGER')),
            hits AS (SELECT m.entity, m.entity_type, count(*) AS n, count(DISTINCT m.article_id) AS a
                     FROM mentions m
                     WHERE m.entity_type IN ('FUND', 'MANAGER') AND m.entity IN (SELECT entity FROM mine)
                       {_in_arts(f, "m")}
                     GROUP BY ALL)
            SELECT mine.entity AS name, mine.type, mine.related, coalesce(hits.n, 0) AS mentions,
                   coalesce(hits.a, 0) AS articles
            FROM mine LEFT JOIN hits ON hits.entity = mine.entity AND hits.entity_type = mine.type
            ORDER BY mine.type, mentions DESC, name""", {**params, "house": house})


def house_themes(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """Themes mentioned in the articles naming a house (or its funds or managers):
    theme, mentions, articles."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_clause(f)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte}, {_HOUSE_ENTITIES},
            ha AS (SELECT DISTINCT m.article_id FROM mentions m
                   JOIN mine ON mine.entity = m.entity AND mine.type = m.entity_type
                   WHERE TRUE {_in_arts(f, "m")})
            SELECT m.entity AS theme, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
            FROM mentions m
            WHERE m.entity_type = 'THEME' {themes} AND m.article_id IN (SELECT article_id FROM ha)
            GROUP BY m.entity ORDER BY mentions DESC, theme""", {**params, **theme_params, "house": house})


def house_articles(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path,
                   limit: int = 500) -> pd.DataFrame:
    """The articles behind a house: published, title, source, mentions, relevance (0-100: how
    central the house, its funds or managers are to the article), the first sentence naming it
    (evidence), article_id."""
    cte, params = _arts_cte(f)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte}, {_HOUSE_ENTITIES},
            hits AS (SELECT m.article_id, count(*) AS mentions, min(m.sentence_id) AS first_sentence
                     FROM mentions m JOIN mine ON mine.entity = m.entity AND mine.type = m.entity_type
                     WHERE TRUE {_in_arts(f, "m")} GROUP BY m.article_id),
            top AS (SELECT hits.*, arts.pub, arts.title, arts.source FROM hits JOIN arts USING (article_id)
                    ORDER BY arts.pub DESC NULLS LAST, hits.mentions DESC, hits.article_id LIMIT $limit),
            rel AS (SELECT r.article_id, max(r.relevance) AS relevance FROM entity_relevance r
                    JOIN mine ON mine.entity = r.entity AND mine.type = r.entity_type
                    WHERE r.article_id IN (SELECT article_id FROM top) GROUP BY r.article_id)
            SELECT top.pub AS published, top.title, top.source, top.mentions, rel.relevance,
                   s.text AS first_sentence, top.article_id
            FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.first_sentence
            LEFT JOIN rel ON rel.article_id = top.article_id
            ORDER BY top.pub DESC NULLS LAST, top.mentions DESC, top.article_id""",
                  {**params, "house": house, "limit": limit})


# --- forecasts ------------------------------------------------------------------------------

def forecast_numbers(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Every number the pipeline read as a market forecast, newest article first: subject, year,
    value, unit, the text as written, its sentence and article."""
    cte, params = _arts_cte(f)
    tail, params = _limited(limit, params)
    return _q(con, f"""WITH {cte},
        top AS (SELECT n.subject, n.year, n.value, n.unit, n.text, n.start, n.article_id, n.sentence_id,
                       arts.title, arts.pub, arts.source
                FROM numbers n JOIN arts USING (article_id) WHERE n.kind = 'forecast'
                ORDER BY arts.pub DESC NULLS LAST, n.article_id, n.start {tail})
        SELECT coalesce(NULLIF(top.subject, ''), '(subject not found)') AS subject, top.year, top.value,
               coalesce(top.unit, '') AS unit, top.text AS written_as, s.text AS sentence,
               top.title, top.pub AS published, top.source, top.article_id, top.sentence_id
        FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.start""", params)


def forecast_points(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Forecasts per subject, unit and year (year NULL when the text gives none): the median value
    and the range when several articles forecast the same thing, the number of figures and
    articles, and the newest article quoting one."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte}
        SELECT coalesce(NULLIF(n.subject, ''), '(subject not found)') AS subject, coalesce(n.unit, '') AS unit,
               n.year, median(n.value) AS value, min(n.value) AS low, max(n.value) AS high, count(*) AS figures,
               count(DISTINCT n.article_id) AS articles, arg_max(arts.title, arts.pub) AS title,
               max(arts.pub) AS published
        FROM numbers n JOIN arts USING (article_id)
        WHERE n.kind = 'forecast'
        GROUP BY ALL ORDER BY figures DESC, subject, n.year""", params)


def forecast_growth(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Implied compound annual growth between two forecasts of the same subject and unit, one row
    per article that gives both, newest first."""
    cte, params = _arts_cte(f)
    tail, params = _limited(limit, params)
    return _q(con, f"""WITH {cte}
        SELECT fc.subject, fc.unit, fc.from_year, fc.from_value, fc.to_year, fc.to_value, fc.cagr,
               arts.title, arts.pub AS published, arts.source, fc.article_id
        FROM forecasts fc JOIN arts USING (article_id)
        ORDER BY arts.pub DESC NULLS LAST, fc.subject, fc.from_year, fc.to_year {tail}""", params)


def forecast_growth_summary(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The growth pairs per subject, unit and pair of years, with medians when several articles
    give the same pair: subject, unit, from_year, to_year, from_value, to_value, cagr, articles."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte}
        SELECT fc.subject, fc.unit, fc.from_year, fc.to_year, median(fc.from_value) AS from_value,
               median(fc.to_value) AS to_value, median(fc.cagr) AS cagr, count(DISTINCT fc.article_id) AS articles
        FROM forecasts fc JOIN arts USING (article_id)
        GROUP BY ALL ORDER BY fc.subject, fc.from_year, fc.to_year""", params)


# --- sentiment ------------------------------------------------------------------------------

def _theme_groups_cte(f: Filters, level: str, one_copy: bool = False) -> tuple[str, dict[str, Any]]:
    """`arts`, and `tg`: for each distinct value of sentences.themes, the groups (themes or
    sectors) a sentence tagged so counts for, each once; `theme_sector` must be registered.

    Sentences share theme sets (a few hundred distinct values at 100k articles), so the queries
    aggregate sentences per theme set first and split only these sets into groups, instead of
    unnesting and de-duplicating every sentence."""
    if level not in ("theme", "sector"):
        raise ValueError("level must be 'theme' or 'sector'")
    cte, params = _arts_cte(f, one_copy)
    extra = ""
    if f.themes:
        extra, params = "WHERE list_contains($themes, st.theme)", {**params, "themes": list(f.themes)}
    group = "st.theme" if level == "theme" else "coalesce(ts.sector, 'Other')"
    return f"""{cte},
        sets AS (SELECT DISTINCT themes FROM sentences WHERE coalesce(themes, '') <> ''),
        st AS (SELECT themes, unnest(string_split(themes, ';')) AS theme FROM sets),
        tg AS (SELECT DISTINCT st.themes, {group} AS grp
               FROM st LEFT JOIN theme_sector ts ON ts.theme = st.theme {extra})""", params


def sentiment_by_group(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path,
                       level: str = "sector") -> pd.DataFrame:
    """Mean sentence sentiment per sector or theme: group, sentences, mean, positive, negative,
    neutral (counts of labels). A sentence about two themes counts for both."""
    cte, params = _theme_groups_cte(f, level)
    with _registered(con, "theme_sector", theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte},
            agg AS (SELECT s.themes, count(*) AS n, sum(s.sentiment) AS total, count(s.sentiment) AS scored,
                           count(*) FILTER (WHERE s.label = 'positive') AS positive,
                           count(*) FILTER (WHERE s.label = 'negative') AS negative,
                           count(*) FILTER (WHERE s.label = 'neutral') AS neutral
                    FROM sentences s WHERE coalesce(s.themes, '') <> '' {_in_arts(f, "s")} GROUP BY s.themes)
            SELECT tg.grp AS "group", CAST(sum(agg.n) AS BIGINT) AS sentences,
                   CASE WHEN sum(agg.scored) > 0 THEN sum(agg.total) / sum(agg.scored) END AS mean,
                   CAST(sum(agg.positive) AS BIGINT) AS positive, CAST(sum(agg.negative) AS BIGINT) AS negative,
                   CAST(sum(agg.neutral) AS BIGINT) AS neutral
            FROM agg JOIN tg USING (themes) GROUP BY tg.grp ORDER BY mean DESC, "group" """, params)


def sentiment_trend(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, level: str = "sector",
                    period: str = "month", top: int = 6) -> pd.DataFrame:
    """Mean sentiment per period of publication for the `top` groups by sentence count:
    period, group, mean, sentences. Every period from the first to the last is listed for every
    group, with mean NULL where nothing was said, so a line breaks instead of bridging a gap.
    A story syndicated by several sites counts once."""
    cte, params = _theme_groups_cte(f, level, one_copy=True)
    p = _check_period(period)
    with _registered(con, "theme_sector", theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte},
            agg AS (SELECT s.themes, CAST(date_trunc('{p}', arts.pub) AS DATE) AS period, count(*) AS n,
                           sum(s.sentiment) AS total, count(s.sentiment) AS scored
                    FROM sentences s JOIN arts USING (article_id)
                    WHERE coalesce(s.themes, '') <> '' AND arts.pub IS NOT NULL GROUP BY ALL),
            g AS (SELECT tg.grp, agg.period, sum(agg.n) AS n, sum(agg.total) AS total, sum(agg.scored) AS scored
                  FROM agg JOIN tg USING (themes) GROUP BY ALL),
            top AS (SELECT grp FROM g GROUP BY grp ORDER BY sum(n) DESC, grp LIMIT $top),
            data AS (SELECT period, grp, CASE WHEN scored > 0 THEN total / scored END AS mean, n AS sentences
                     FROM g WHERE grp IN (SELECT grp FROM top)),
            periods AS (SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 {p})) AS DATE) AS period
                        FROM (SELECT CAST(min(period) AS TIMESTAMP) AS lo, CAST(max(period) AS TIMESTAMP) AS hi
                              FROM data))
            SELECT periods.period, top.grp AS "group", data.mean, CAST(coalesce(data.sentences, 0) AS BIGINT) AS sentences
            FROM periods CROSS JOIN top
            LEFT JOIN data ON data.period = periods.period AND data.grp = top.grp
            ORDER BY periods.period, "group" """, {**params, "top": top})


def sentiment_evidence(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, level: str, group: str,
                       limit: int = 500) -> pd.DataFrame:
    """The sentences behind one bar, most negative first: sentiment, label, sentence, article."""
    cte, params = _theme_groups_cte(f, level)
    with _registered(con, "theme_sector", theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte},
            top AS (SELECT s.sentiment, s.label, s.article_id, s.sentence_id, arts.title, arts.pub, arts.source
                    FROM sentences s JOIN arts USING (article_id)
                    WHERE s.themes IN (SELECT themes FROM tg WHERE grp = $grp)
                    ORDER BY s.sentiment, arts.pub DESC NULLS LAST, s.article_id, s.sentence_id LIMIT $limit)
            SELECT top.sentiment, top.label, s.text AS sentence, top.title, top.pub AS published, top.source,
                   top.article_id, top.sentence_id
            FROM top JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
            ORDER BY top.sentiment, top.pub DESC NULLS LAST, top.article_id, top.sentence_id""",
                  {**params, "grp": group, "limit": limit})


# --- the mentions explorer ------------------------------------------------------------------

MENTION_COLUMNS = ["article_id", "sentence_id", "entity", "entity_type", "surface", "method", "sentence",
                   "title", "published", "source"]


def _mentions_sql(f: Filters) -> tuple[str, dict[str, Any]]:
    """`arts`, and `hits`: the mentions passing every filter, without their sentence text. The
    theme and text filters look at sentences through semi-joins, so only the mentions finally
    shown are joined to their sentence."""
    cte, params = _arts_cte(f)
    sql = _Sql(params=dict(params))
    if f.picks_articles:
        sql.add("m.article_id IN (SELECT article_id FROM arts)")
    if f.themes:
        theme_clause, theme_params = _sentence_theme_clause(f)
        sql.add(f"""EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = m.article_id
                            AND s.sentence_id = m.sentence_id AND {theme_clause})""", **theme_params)
    if f.entity_types:
        sql.add("list_contains($types, m.entity_type)", types=list(f.entity_types))
    if f.entities:
        sql.add("list_contains($entities, m.entity)", entities=list(f.entities))
    if f.text.strip():
        sql.add("""(contains(lower(m.entity), $q) OR contains(lower(m.surface), $q)
                    OR EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = m.article_id
                               AND s.sentence_id = m.sentence_id AND contains(lower(coalesce(s.text, '')), $q)))""",
                q=f.text.strip().lower())
    body = f"""{cte},
        hits AS (SELECT m.article_id, m.sentence_id, m.entity, m.entity_type, m.surface, m.method, m.start
                 FROM mentions m {sql.where()})"""
    return body, sql.params


def mentions(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered mentions with their sentence and article, newest first (columns MENTION_COLUMNS)."""
    body, params = _mentions_sql(f)
    tail, params = _limited(limit, params)
    return _q(con, f"""WITH {body},
        top AS (SELECT hits.*, arts.title, arts.pub, arts.source FROM hits JOIN arts USING (article_id)
                ORDER BY arts.pub DESC NULLS LAST, hits.article_id, hits.start, hits.entity {tail})
        SELECT top.article_id, top.sentence_id, top.entity, top.entity_type, top.surface, top.method,
               s.text AS sentence, top.title, CAST(top.pub AS VARCHAR) AS published, top.source
        FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.start, top.entity""", params)


def count_mentions(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    body, params = _mentions_sql(f)
    return int(con.execute(f"WITH {body} SELECT count(*) FROM hits", params).fetchall()[0][0])


def entity_names(con: duckdb.DuckDBPyConnection, entity_types: tuple[str, ...] = ()) -> list[str]:
    """Canonical names found in the mentions (of the given types), most mentioned first."""
    clause = "WHERE list_contains($types, entity_type)" if entity_types else ""
    params = {"types": list(entity_types)} if entity_types else {}
    return [r[0] for r in con.execute(
        f"SELECT entity FROM mentions {clause} GROUP BY entity ORDER BY count(*) DESC, entity", params).fetchall()]


def mentions_csv(db_path: Path | str, f: Filters) -> bytes:
    """The filtered mentions as spreadsheet-safe CSV (the explorer's download)."""
    return to_csv_bytes(run(db_path, mentions, f))


def export_zip(db_path: Path | str) -> bytes:
    """Every table as spreadsheet-safe CSV in one zip, like `python -m core export` (DuckDB writes
    the files, so whole tables never pass through pandas)."""
    return run(db_path, zip_store)


# --- entities -------------------------------------------------------------------------------

def entity_catalogue(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Every canonical entity, from the gazetteer or only from the articles: name, type, status
    (curated, user = added on the Entities page, new = found by pattern/model only), listed
    spellings (written in the gazetteer or added by users), generated (how many spellings the
    rules add), seen_as (spellings found in the articles), mentions, articles."""
    ref = reference(con, data_dir)
    cte, params = _arts_cte(f)
    aliases = ref["aliases"]
    listed = aliases[aliases["method"].isin(["gazetteer", "alias"]) & (aliases["alias"] != aliases["entity"])]
    spellings = (listed.groupby("entity")["alias"].apply(list).rename("listed").to_frame()
                 .join(aliases.groupby("entity").size().rename("n_spellings"), how="outer").reset_index())
    sql = _Sql()
    if f.entity_types:
        sql.add("list_contains($types, type)", types=list(f.entity_types))
    if f.entities:
        sql.add("list_contains($entities, name)", entities=list(f.entities))
    if f.text.strip():
        sql.add("contains(lower(name || '|' || array_to_string(listed, '|') || '|' || array_to_string(seen_as, '|')), $q)",
                q=f.text.strip().lower())
    with _registered(con, "gaz", ref["entities"]), _registered(con, "gaz_spelling", spellings):
        return _q(con, f"""WITH {cte},
            counts AS (SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
                       FROM mentions m WHERE TRUE {_in_arts(f, "m")} GROUP BY m.entity),
            spelled AS (SELECT entity, list(surface ORDER BY surface) AS seen_as
                        FROM (SELECT DISTINCT m.entity, m.surface FROM mentions m WHERE TRUE {_in_arts(f, "m")})
                        GROUP BY entity),
            seen AS (SELECT * FROM counts JOIN spelled USING (entity)),
            found AS (SELECT m.entity, any_value(m.entity_type) AS type FROM mentions m
                      WHERE m.entity NOT IN (SELECT name FROM gaz) GROUP BY m.entity),
            allents AS (SELECT name, type, status FROM gaz
                        UNION ALL SELECT entity, type, 'new' FROM found)
            SELECT name, type, status, listed, n_spellings AS generated, seen_as, mentions, articles FROM (
                SELECT e.name, e.type, e.status, coalesce(g.listed, []) AS listed, coalesce(g.n_spellings, 0) AS n_spellings,
                       coalesce(s.seen_as, []) AS seen_as,
                       coalesce(s.mentions, 0) AS mentions, coalesce(s.articles, 0) AS articles
                FROM allents e LEFT JOIN gaz_spelling g ON g.entity = e.name
                LEFT JOIN seen s ON s.entity = e.name)
            {sql.where()}
            ORDER BY mentions DESC, name""", {**params, **sql.params})


def new_entities(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Entities found only by a pattern, the model or fuzzy matching and not in the gazetteer:
    entity, type, found_by, mentions, articles, an example sentence and its article."""
    ref = reference(con, data_dir)
    cte, params = _arts_cte(f)
    with _registered(con, "gaz", ref["entities"]):
        # The example sentence is looked up for the one chosen mention per name, not for every hit.
        return _q(con, f"""WITH {cte},
            hits AS (SELECT m.entity, m.entity_type, m.method, m.surface, m.article_id, m.sentence_id,
                            arts.title, arts.pub
                     FROM mentions m JOIN arts USING (article_id)
                     WHERE list_contains($methods, m.method) AND m.entity NOT IN (SELECT name FROM gaz)
                       AND m.entity NOT IN (SELECT name FROM entity_decisions)),
            agg AS (SELECT h.entity, h.entity_type AS type, string_agg(DISTINCT h.method, ', ' ORDER BY h.method) AS found_by,
                           count(*) AS mentions, count(DISTINCT h.article_id) AS articles,
                           list(DISTINCT h.surface ORDER BY h.surface) AS seen_as,
                           arg_min({{'article_id': h.article_id, 'sentence_id': h.sentence_id, 'title': h.title}},
                                   h.pub) AS first
                    FROM hits h GROUP BY h.entity, h.entity_type)
            SELECT agg.entity, agg.type, agg.found_by, agg.mentions, agg.articles, agg.seen_as,
                   s.text AS example, agg.first.title AS title
            FROM agg LEFT JOIN sentences s
              ON s.article_id = agg.first.article_id AND s.sentence_id = agg.first.sentence_id
            ORDER BY agg.mentions DESC, agg.entity""",
                  {**params, "methods": list(DISCOVERED_METHODS)})

