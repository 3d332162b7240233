"""Read-only queries behind the dashboard: a connection and filter values in, a DataFrame out.

Every aggregation runs in DuckDB SQL over the stored tables, never in pandas over a whole table,
so a page stays fast at 100k articles. The gazetteer (a few hundred entities) is the only
in-memory input: it is registered as a small relation when a query needs fund-house links,
theme sectors or curated names. Nothing here imports streamlit; the pages cache these results.
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
from core.export import to_csv_bytes, zip_csvs
from core.gazetteer import load_gazetteer
from core.tables import TABLES

T = TypeVar("T")

# How mentions were found when nobody curated the name: the review list on the Entities page.
DISCOVERED_METHODS = ("pattern", "model", "fuzzy")
PERIODS = ("week", "month", "quarter", "year")


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


def _arts_cte(f: Filters) -> tuple[str, dict[str, Any]]:
    """`arts`: the articles passing the date and source filters, with a parsed date."""
    sql = _article_sql(f)
    cte = f"""arts AS (SELECT a.article_id, a.title, a.source, a.file_name, a.n_words,
                  {_PUB} AS pub, a.ingested_at FROM articles a {sql.where()})"""
    return cte, sql.params


def _sentence_theme_clause(f: Filters, alias: str = "s") -> tuple[str, dict[str, Any]]:
    if not f.themes:
        return "TRUE", {}
    return (f"list_has_any(string_split(coalesce({alias}.themes, ''), ';'), $themes)",
            {"themes": list(f.themes)})


def _q(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or {}).df()


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
    themes = [r[0] for r in con.execute(
        "SELECT DISTINCT entity FROM mentions WHERE entity_type = 'THEME' ORDER BY 1").fetchall()]
    types = [r[0] for r in con.execute("SELECT DISTINCT entity_type FROM mentions ORDER BY 1").fetchall()]
    first, last = con.execute(
        "SELECT min(TRY_CAST(NULLIF(published, '') AS DATE)), max(TRY_CAST(NULLIF(published, '') AS DATE)) "
        "FROM articles").fetchall()[0]
    return {"sources": sources, "themes": themes, "entity_types": types, "first": first, "last": last}


def overview(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> dict[str, Any]:
    """Headline numbers for the selection: articles, sources, date range, mentions, fund houses."""
    cte, params = _arts_cte(f)
    row = con.execute(f"""WITH {cte}
        SELECT (SELECT count(*) FROM arts), (SELECT count(DISTINCT source) FROM arts),
               (SELECT min(pub) FROM arts), (SELECT max(pub) FROM arts),
               (SELECT count(*) FROM arts WHERE pub IS NULL),
               (SELECT count(*) FROM mentions m JOIN arts USING (article_id)),
               (SELECT count(DISTINCT entity) FROM mentions m JOIN arts USING (article_id)
                 WHERE m.entity_type = 'FUND_HOUSE'),
               (SELECT count(*) FROM articles)""", params).fetchall()[0]
    keys = ("articles", "sources", "first", "last", "undated", "mentions", "fund_houses", "total_articles")
    return dict(zip(keys, row, strict=True))


def top_entities(con: duckdb.DuckDBPyConnection, f: Filters, entity_type: str, limit: int = 10) -> pd.DataFrame:
    """The most mentioned entities of one type: entity, mentions, articles."""
    cte, params = _arts_cte(f)
    theme_sql, theme_params = ("list_contains($themes, m.entity)", {"themes": list(f.themes)}) \
        if f.themes and entity_type == "THEME" else ("TRUE", {})
    return _q(con, f"""WITH {cte}
        SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM mentions m JOIN arts USING (article_id)
        WHERE m.entity_type = $etype AND {theme_sql}
        GROUP BY m.entity ORDER BY mentions DESC, m.entity LIMIT $limit""",
              {**params, **theme_params, "etype": entity_type, "limit": limit})


def latest_articles(con: duckdb.DuckDBPyConnection, f: Filters = Filters(), limit: int = 20) -> pd.DataFrame:
    """Newest articles first (by publication date, then ingestion): with their mention counts."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte}
        SELECT arts.pub AS published, arts.title, arts.source, arts.file_name, arts.n_words,
               (SELECT count(*) FROM mentions m WHERE m.article_id = arts.article_id) AS mentions,
               arts.ingested_at, arts.article_id
        FROM arts ORDER BY arts.pub DESC NULLS LAST, arts.ingested_at DESC LIMIT $limit""",
              {**params, "limit": limit})


# --- themes ---------------------------------------------------------------------------------

def _theme_mentions_cte(f: Filters) -> tuple[str, dict[str, Any]]:
    """`tm`: theme mentions in the selected articles (restricted to the selected themes)."""
    cte, params = _arts_cte(f)
    extra = ""
    if f.themes:
        extra = "AND list_contains($themes, m.entity)"
        params = {**params, "themes": list(f.themes)}
    return f"""{cte}, tm AS (SELECT m.entity AS theme, m.article_id, m.sentence_id, m.surface, arts.pub
        FROM mentions m JOIN arts USING (article_id) WHERE m.entity_type = 'THEME' {extra})""", params


def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    return period


def theme_ranking(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Themes by number of mentions: theme, sector, mentions, articles."""
    cte, params = _theme_mentions_cte(f)
    with _registered(con, "theme_sector", _theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte}
            SELECT tm.theme, coalesce(ts.sector, 'Other') AS sector, count(*) AS mentions,
                   count(DISTINCT tm.article_id) AS articles
            FROM tm LEFT JOIN theme_sector ts ON ts.theme = tm.theme
            GROUP BY ALL ORDER BY mentions DESC, tm.theme""", params)


def theme_timeline(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month", top: int = 8) -> pd.DataFrame:
    """Mentions per theme per period of publication date, for the `top` themes overall:
    period (first day), theme, mentions, articles. Undated articles cannot be placed in time."""
    cte, params = _theme_mentions_cte(f)
    return _q(con, f"""WITH {cte},
        top AS (SELECT theme FROM tm WHERE pub IS NOT NULL GROUP BY theme
                ORDER BY count(*) DESC, theme LIMIT $top)
        SELECT CAST(date_trunc('{_check_period(period)}', pub) AS DATE) AS period, theme,
               count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM tm WHERE pub IS NOT NULL AND theme IN (SELECT theme FROM top)
        GROUP BY ALL ORDER BY period, mentions DESC""", {**params, "top": top})


def theme_momentum(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month") -> pd.DataFrame:
    """Mentions per theme in the latest period with dated articles against the period before:
    theme, latest, previous, change, change_pct (None when the previous period had none),
    latest_start, previous_start."""
    cte, params = _theme_mentions_cte(f)
    p = _check_period(period)
    return _q(con, f"""WITH {cte},
        bounds AS (SELECT CAST(date_trunc('{p}', max(pub)) AS DATE) AS latest_start FROM tm),
        b AS (SELECT latest_start, CAST(latest_start - INTERVAL 1 {p} AS DATE) AS previous_start,
                     CAST(latest_start + INTERVAL 1 {p} AS DATE) AS latest_end FROM bounds),
        counts AS (
            SELECT tm.theme,
                   count(*) FILTER (WHERE tm.pub >= b.latest_start AND tm.pub < b.latest_end) AS latest,
                   count(*) FILTER (WHERE tm.pub >= b.previous_start AND tm.pub < b.latest_start) AS previous
            FROM tm, b GROUP BY tm.theme)
        SELECT counts.theme, latest, previous, latest - previous AS change,
               CASE WHEN previous > 0 THEN (latest - previous) / previous END AS change_pct,
               b.latest_start, b.previous_start
        FROM counts, b WHERE latest + previous > 0
        ORDER BY change DESC, latest DESC, counts.theme""", params)


def theme_house_matrix(con: duckdb.DuckDBPyConnection, f: Filters, top_themes: int = 15,
                       top_houses: int = 12) -> pd.DataFrame:
    """Articles in which a theme and a fund house are both mentioned: theme, fund_house, articles.
    Only the most mentioned themes and houses, so the heatmap stays readable."""
    cte, params = _theme_mentions_cte(f)
    return _q(con, f"""WITH {cte},
        hm AS (SELECT m.entity AS fund_house, m.article_id FROM mentions m JOIN arts USING (article_id)
               WHERE m.entity_type = 'FUND_HOUSE'),
        top_t AS (SELECT theme FROM tm GROUP BY theme ORDER BY count(*) DESC, theme LIMIT $tt),
        top_h AS (SELECT fund_house FROM hm GROUP BY fund_house ORDER BY count(*) DESC, fund_house LIMIT $th),
        t AS (SELECT DISTINCT theme, article_id FROM tm WHERE theme IN (SELECT theme FROM top_t)),
        h AS (SELECT DISTINCT fund_house, article_id FROM hm WHERE fund_house IN (SELECT fund_house FROM top_h))
        SELECT t.theme, h.fund_house, count(*) AS articles
        FROM t JOIN h USING (article_id) GROUP BY ALL ORDER BY articles DESC, t.theme, h.fund_house""",
              {**params, "tt": top_themes, "th": top_houses})


def theme_evidence(con: duckdb.DuckDBPyConnection, f: Filters, theme: str, limit: int = 500) -> pd.DataFrame:
    """The sentences where a theme is mentioned, newest first, with the article they come from."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte}
        SELECT arts.pub AS published, arts.title, arts.source, string_agg(DISTINCT m.surface, '; ') AS written_as,
               s.text AS sentence, s.sentiment, s.label, m.article_id, m.sentence_id
        FROM mentions m JOIN arts USING (article_id)
        JOIN sentences s ON s.article_id = m.article_id AND s.sentence_id = m.sentence_id
        WHERE m.entity_type = 'THEME' AND m.entity = $theme
        GROUP BY ALL ORDER BY arts.pub DESC NULLS LAST, m.article_id, m.sentence_id LIMIT $limit""",
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


def _theme_sectors(data_dir: Path) -> pd.DataFrame:
    return _reference(Path(data_dir), ())["sectors"]


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> Iterator[None]:
    con.register(name, df)
    try:
        yield
    finally:
        con.unregister(name)


def _house_cte(f: Filters) -> tuple[str, dict[str, Any]]:
    """`hx`: mentions of a fund house, one of its funds or one of its managers, per article."""
    cte, params = _arts_cte(f)
    return f"""{cte}, hx AS (
        SELECT DISTINCT l.fund_house, m.entity, m.entity_type, m.article_id, m.sentence_id, m.start
        FROM mentions m JOIN arts USING (article_id)
        JOIN links l ON l.entity = m.entity AND l.type = m.entity_type
        UNION ALL
        SELECT m.entity, m.entity, m.entity_type, m.article_id, m.sentence_id, m.start
        FROM mentions m JOIN arts USING (article_id)
        WHERE m.entity_type = 'FUND_HOUSE' AND m.entity NOT IN (SELECT entity FROM links))""", params


def fund_houses(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Fund houses in the news, the most widely covered first: fund_house, mentions (house, funds
    and managers together), articles, funds and managers mentioned, last publication date."""
    cte, params = _house_cte(f)
    with _registered(con, "links", reference(con, data_dir)["links"]):
        return _q(con, f"""WITH {cte}
            SELECT hx.fund_house, count(*) AS mentions, count(DISTINCT hx.article_id) AS articles,
                   count(DISTINCT hx.entity) FILTER (WHERE hx.entity_type = 'FUND') AS funds,
                   count(DISTINCT hx.entity) FILTER (WHERE hx.entity_type = 'MANAGER') AS managers,
                   max(arts.pub) AS last_mentioned
            FROM hx JOIN arts USING (article_id)
            GROUP BY hx.fund_house ORDER BY articles DESC, mentions DESC, hx.fund_house""", params)


def house_people_and_funds(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """A house's funds and managers known to the gazetteer, with how often the news names them:
    name, type, related (a fund's managers, a manager's funds), mentions, articles. Unmentioned
    ones are listed with 0 mentions: knowing who is silent is part of the picture."""
    cte, params = _arts_cte(f)
    with _registered(con, "links", reference(con, data_dir)["links"]):
        return _q(con, f"""WITH {cte},
            mine AS (SELECT entity, type, related FROM links
                     WHERE fund_house = $house AND type IN ('FUND', 'MANAGER'))
            SELECT mine.entity AS name, mine.type, mine.related, count(m.entity) AS mentions,
                   count(DISTINCT m.article_id) AS articles
            FROM mine LEFT JOIN (SELECT m.* FROM mentions m JOIN arts USING (article_id)) m
              ON m.entity = mine.entity AND m.entity_type = mine.type
            GROUP BY ALL ORDER BY mine.type, mentions DESC, name""", {**params, "house": house})


def house_themes(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """Themes mentioned in the articles naming a house (or its funds or managers):
    theme, mentions, articles."""
    cte, params = _house_cte(f)
    extra = ""
    if f.themes:
        extra, params = "AND list_contains($themes, m.entity)", {**params, "themes": list(f.themes)}
    with _registered(con, "links", reference(con, data_dir)["links"]):
        return _q(con, f"""WITH {cte},
            ha AS (SELECT DISTINCT article_id FROM hx WHERE fund_house = $house)
            SELECT m.entity AS theme, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
            FROM mentions m JOIN ha USING (article_id)
            WHERE m.entity_type = 'THEME' {extra}
            GROUP BY m.entity ORDER BY mentions DESC, theme""", {**params, "house": house})


def house_articles(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path,
                   limit: int = 500) -> pd.DataFrame:
    """The articles behind a house: published, title, source, mentions, the first sentence
    naming it (evidence), article_id."""
    cte, params = _house_cte(f)
    with _registered(con, "links", reference(con, data_dir)["links"]):
        return _q(con, f"""WITH {cte},
            hits AS (SELECT article_id, count(*) AS mentions, min(sentence_id) AS first_sentence
                     FROM hx WHERE fund_house = $house GROUP BY article_id)
            SELECT arts.pub AS published, arts.title, arts.source, hits.mentions, s.text AS first_sentence,
                   arts.article_id
            FROM hits JOIN arts USING (article_id)
            LEFT JOIN sentences s ON s.article_id = hits.article_id AND s.sentence_id = hits.first_sentence
            ORDER BY arts.pub DESC NULLS LAST, hits.mentions DESC LIMIT $limit""",
                  {**params, "house": house, "limit": limit})


# --- forecasts ------------------------------------------------------------------------------

def forecast_numbers(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Every number the pipeline read as a market forecast, newest article first: subject, year,
    value, unit, the text as written, its sentence and article."""
    cte, params = _arts_cte(f)
    tail = "LIMIT $limit" if limit is not None else ""
    return _q(con, f"""WITH {cte}
        SELECT coalesce(NULLIF(n.subject, ''), '(subject not found)') AS subject, n.year, n.value,
               coalesce(n.unit, '') AS unit, n.text AS written_as, s.text AS sentence,
               arts.title, arts.pub AS published, arts.source, n.article_id, n.sentence_id
        FROM numbers n JOIN arts USING (article_id)
        LEFT JOIN sentences s ON s.article_id = n.article_id AND s.sentence_id = n.sentence_id
        WHERE n.kind = 'forecast'
        ORDER BY arts.pub DESC NULLS LAST, n.article_id, n.start {tail}""",
              {**params, "limit": limit} if limit is not None else params)


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
    tail = "LIMIT $limit" if limit is not None else ""
    return _q(con, f"""WITH {cte}
        SELECT fc.subject, fc.unit, fc.from_year, fc.from_value, fc.to_year, fc.to_value, fc.cagr,
               arts.title, arts.pub AS published, arts.source, fc.article_id
        FROM forecasts fc JOIN arts USING (article_id)
        ORDER BY arts.pub DESC NULLS LAST, fc.subject, fc.from_year, fc.to_year {tail}""",
              {**params, "limit": limit} if limit is not None else params)


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

def _sentence_groups_cte(f: Filters, level: str) -> tuple[str, dict[str, Any]]:
    """`sg`: one row per (sentence, theme or sector) in the selected articles."""
    if level not in ("theme", "sector"):
        raise ValueError("level must be 'theme' or 'sector'")
    cte, params = _arts_cte(f)
    extra = ""
    if f.themes:
        extra, params = "WHERE list_contains($themes, st.theme)", {**params, "themes": list(f.themes)}
    group = "st.theme" if level == "theme" else "coalesce(ts.sector, 'Other')"
    return f"""{cte},
        st AS (SELECT s.article_id, s.sentence_id, s.sentiment, s.label, s.text, arts.pub,
                      unnest(string_split(s.themes, ';')) AS theme
               FROM sentences s JOIN arts USING (article_id) WHERE coalesce(s.themes, '') <> ''),
        sg AS (SELECT DISTINCT {group} AS grp, st.article_id, st.sentence_id, st.sentiment, st.label, st.text, st.pub
               FROM st LEFT JOIN theme_sector ts ON ts.theme = st.theme {extra})""", params


def sentiment_by_group(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path,
                       level: str = "sector") -> pd.DataFrame:
    """Mean sentence sentiment per sector or theme: group, sentences, mean, positive, negative,
    neutral (counts of labels). A sentence about two themes counts for both."""
    cte, params = _sentence_groups_cte(f, level)
    with _registered(con, "theme_sector", _theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte}
            SELECT grp AS "group", count(*) AS sentences, avg(sentiment) AS mean,
                   count(*) FILTER (WHERE label = 'positive') AS positive,
                   count(*) FILTER (WHERE label = 'negative') AS negative,
                   count(*) FILTER (WHERE label = 'neutral') AS neutral
            FROM sg GROUP BY grp ORDER BY mean DESC, "group" """, params)


def sentiment_trend(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, level: str = "sector",
                    period: str = "month", top: int = 6) -> pd.DataFrame:
    """Mean sentiment per period of publication for the `top` groups by sentence count:
    period, group, mean, sentences. Every period from the first to the last is listed for every
    group, with mean NULL where nothing was said, so a line breaks instead of bridging a gap."""
    cte, params = _sentence_groups_cte(f, level)
    p = _check_period(period)
    with _registered(con, "theme_sector", _theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte},
            top AS (SELECT grp FROM sg WHERE pub IS NOT NULL GROUP BY grp ORDER BY count(*) DESC, grp LIMIT $top),
            data AS (SELECT CAST(date_trunc('{p}', pub) AS DATE) AS period, grp, avg(sentiment) AS mean,
                            count(*) AS sentences
                     FROM sg WHERE pub IS NOT NULL AND grp IN (SELECT grp FROM top) GROUP BY ALL),
            periods AS (SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 {p})) AS DATE) AS period
                        FROM (SELECT CAST(min(period) AS TIMESTAMP) AS lo, CAST(max(period) AS TIMESTAMP) AS hi
                              FROM data))
            SELECT periods.period, top.grp AS "group", data.mean, coalesce(data.sentences, 0) AS sentences
            FROM periods CROSS JOIN top
            LEFT JOIN data ON data.period = periods.period AND data.grp = top.grp
            ORDER BY periods.period, "group" """, {**params, "top": top})


def sentiment_evidence(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, level: str, group: str,
                       limit: int = 500) -> pd.DataFrame:
    """The sentences behind one bar, most negative first: sentiment, label, sentence, article."""
    cte, params = _sentence_groups_cte(f, level)
    with _registered(con, "theme_sector", _theme_sectors(data_dir)):
        return _q(con, f"""WITH {cte}
            SELECT sg.sentiment, sg.label, sg.text AS sentence, arts.title, arts.pub AS published, arts.source,
                   sg.article_id, sg.sentence_id
            FROM sg JOIN arts USING (article_id) WHERE sg.grp = $grp
            ORDER BY sg.sentiment, arts.pub DESC NULLS LAST LIMIT $limit""",
                  {**params, "grp": group, "limit": limit})


# --- the mentions explorer ------------------------------------------------------------------

MENTION_COLUMNS = ["article_id", "sentence_id", "entity", "entity_type", "surface", "method", "sentence",
                   "title", "published", "source"]


def _mentions_sql(f: Filters) -> tuple[str, dict[str, Any]]:
    cte, params = _arts_cte(f)
    sql = _Sql(params=dict(params))
    theme_clause, theme_params = _sentence_theme_clause(f)
    if f.themes:
        sql.add(theme_clause, **theme_params)
    if f.entity_types:
        sql.add("list_contains($types, m.entity_type)", types=list(f.entity_types))
    if f.entities:
        sql.add("list_contains($entities, m.entity)", entities=list(f.entities))
    if f.text.strip():
        sql.add("""(contains(lower(coalesce(s.text, '')), $q) OR contains(lower(m.entity), $q)
                    OR contains(lower(m.surface), $q))""", q=f.text.strip().lower())
    body = f"""WITH {cte}
        SELECT m.article_id, m.sentence_id, m.entity, m.entity_type, m.surface, m.method, s.text AS sentence,
               arts.title, CAST(arts.pub AS VARCHAR) AS published, arts.source
        FROM mentions m JOIN arts USING (article_id)
        LEFT JOIN sentences s ON s.article_id = m.article_id AND s.sentence_id = m.sentence_id
        {sql.where()}"""
    return body, sql.params


def mentions(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered mentions with their sentence and article, newest first (columns MENTION_COLUMNS)."""
    body, params = _mentions_sql(f)
    tail = " LIMIT $limit" if limit is not None else ""
    if limit is not None:
        params = {**params, "limit": limit}
    return _q(con, f"{body} ORDER BY published DESC NULLS LAST, m.article_id, m.start{tail}", params)


def count_mentions(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    body, params = _mentions_sql(f)
    return int(con.execute(f"SELECT count(*) FROM ({body})", params).fetchall()[0][0])


def entity_names(con: duckdb.DuckDBPyConnection, entity_types: tuple[str, ...] = ()) -> list[str]:
    """Canonical names found in the mentions (of the given types), most mentioned first."""
    clause = "WHERE list_contains($types, entity_type)" if entity_types else ""
    params = {"types": list(entity_types)} if entity_types else {}
    return [r[0] for r in con.execute(
        f"SELECT entity FROM mentions {clause} GROUP BY entity ORDER BY count(*) DESC, entity", params).fetchall()]


def export_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table, whole, for the full export (the one place a whole table is read)."""
    return {name: store.read_table(con, name) for name in TABLES}


def mentions_csv(db_path: Path | str, f: Filters) -> bytes:
    """The filtered mentions as spreadsheet-safe CSV (the explorer's download)."""
    return to_csv_bytes(run(db_path, mentions, f))


def export_zip(db_path: Path | str) -> bytes:
    """Every table as spreadsheet-safe CSV in one zip, like `python -m core export`."""
    return zip_csvs(run(db_path, export_tables))


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
            seen AS (SELECT m.entity, count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
                            list(DISTINCT m.surface ORDER BY m.surface) AS seen_as
                     FROM mentions m JOIN arts USING (article_id) GROUP BY m.entity),
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
        return _q(con, f"""WITH {cte},
            hits AS (SELECT m.*, arts.title, arts.pub FROM mentions m JOIN arts USING (article_id)
                     WHERE list_contains($methods, m.method) AND m.entity NOT IN (SELECT name FROM gaz)
                       AND m.entity NOT IN (SELECT name FROM entity_decisions))
            SELECT h.entity, h.entity_type AS type, string_agg(DISTINCT h.method, ', ') AS found_by,
                   count(*) AS mentions, count(DISTINCT h.article_id) AS articles,
                   list(DISTINCT h.surface ORDER BY h.surface) AS seen_as,
                   arg_min(s.text, h.pub) AS example, arg_min(h.title, h.pub) AS title
            FROM hits h LEFT JOIN sentences s ON s.article_id = h.article_id AND s.sentence_id = h.sentence_id
            GROUP BY h.entity, h.entity_type ORDER BY mentions DESC, h.entity""",
                  {**params, "methods": list(DISCOVERED_METHODS)})

