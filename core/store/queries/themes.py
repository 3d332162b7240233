"""The Themes page: mentions per theme and period, ranking, timeline, momentum, theme x fund house, evidence."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _check_period, _in_arts, _q, _theme_clause
from core.store.queries.reference import theme_sectors


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
