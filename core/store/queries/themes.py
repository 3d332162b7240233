"""The Themes page: ranking, timeline, momentum, theme x fund house, and the sentences behind a theme."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _check_period, _in_arts, _q, _theme_clause
from core.store.queries.reference import theme_sectors


def theme_periods(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month") -> pd.DataFrame:
    """Theme mentions per period of publication: theme, period (its first day; NaT for undated
    articles), mentions, articles. Each article falls in one period, so summing over periods
    gives a theme's totals. A story syndicated by several sites counts once."""
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


def theme_ranking(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path) -> pd.DataFrame:
    """Themes by number of mentions (undated articles included): theme, sector, mentions, articles."""
    totals = theme_periods(con, f, "year").groupby("theme", as_index=False)[["mentions", "articles"]].sum()
    df = totals.merge(theme_sectors(data_dir), on="theme", how="left").fillna({"sector": "Other"})
    df = df[["theme", "sector", "mentions", "articles"]].astype({"mentions": "int64", "articles": "int64"})
    return df.sort_values(["mentions", "theme"], ascending=[False, True], ignore_index=True)


def theme_timeline(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month", top: int = 8) -> pd.DataFrame:
    """Mentions per period of publication for the `top` themes by dated mentions: period (first
    day), theme, mentions, articles. Undated articles cannot be placed in time."""
    periods = theme_periods(con, f, period)
    dated = periods[periods["period"].notna()]
    totals = dated.groupby("theme", as_index=False)["mentions"].sum()
    best = totals.sort_values(["mentions", "theme"], ascending=[False, True]).head(top)["theme"]
    df = dated[dated["theme"].isin(best)][["period", "theme", "mentions", "articles"]]
    return df.sort_values(["period", "mentions", "theme"], ascending=[True, False, True], ignore_index=True)


MOMENTUM_COLUMNS = ["theme", "latest", "previous", "change", "change_pct", "latest_start", "previous_start",
                    "latest_articles", "previous_articles", "latest_through", "adjacent"]


def theme_momentum(con: duckdb.DuckDBPyConnection, f: Filters, period: str = "month") -> pd.DataFrame:
    """Theme mentions in the latest period that has articles against the latest one before it
    that has articles: theme, latest, previous, change, change_pct (NaN when the earlier period
    had none), latest_start, previous_start, latest_articles and previous_articles (articles
    published in each, with or without themes), latest_through (the last day of the range when
    it cuts the latest period short, else NaT) and adjacent (False when periods without any
    article lie between the two). Only periods inside the date filter count, so the range's
    last period is always the latest one it has articles for."""
    cte, params = _arts_cte(f, one_copy=True)
    p = _check_period(period)
    themes, theme_params = _theme_clause(f)
    both = con.execute(f"""WITH {cte},
        per AS (SELECT CAST(date_trunc('{p}', pub) AS DATE) AS period, count(*) AS articles
                FROM arts WHERE pub IS NOT NULL GROUP BY ALL)
        SELECT period, articles FROM per ORDER BY period DESC LIMIT 2""", params).fetchall()
    if not both:
        return pd.DataFrame(columns=MOMENTUM_COLUMNS)
    (latest_start, latest_articles), (previous_start, previous_articles) = (
        both[0], both[1] if len(both) > 1 else (None, 0))
    counts = _q(con, f"""WITH {cte},
        ta AS (SELECT m.entity AS theme, m.article_id, count(*) AS n FROM mentions m
               WHERE m.entity_type = 'THEME' {themes} {_in_arts(f, "m")} GROUP BY ALL)
        SELECT ta.theme,
               CAST(coalesce(sum(ta.n) FILTER (WHERE date_trunc('{p}', arts.pub) = $latest), 0) AS BIGINT) AS latest,
               CAST(coalesce(sum(ta.n) FILTER (WHERE date_trunc('{p}', arts.pub) = $previous), 0) AS BIGINT) AS previous
        FROM ta JOIN arts USING (article_id)
        WHERE date_trunc('{p}', arts.pub) IN ($latest, $previous)
        GROUP BY ta.theme""", {**params, **theme_params, "latest": latest_start,
                              "previous": previous_start or date(1, 1, 1)})  # no earlier period: counts 0
    step = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3),
            "year": pd.DateOffset(years=1)}[p]
    start = pd.Timestamp(latest_start)
    through = pd.Timestamp(f.date_to) if f.date_to and pd.Timestamp(f.date_to) < start + step - pd.Timedelta(days=1) \
        else pd.NaT
    df = counts.assign(
        change=counts["latest"] - counts["previous"],
        change_pct=((counts["latest"] - counts["previous"]) / counts["previous"]).where(counts["previous"] > 0),
        latest_start=start, previous_start=pd.Timestamp(previous_start) if previous_start else pd.NaT,
        latest_articles=int(latest_articles), previous_articles=int(previous_articles), latest_through=through,
        adjacent=bool(previous_start) and pd.Timestamp(previous_start) + step == start)
    df = df[df["latest"] + df["previous"] > 0].reindex(columns=MOMENTUM_COLUMNS)
    return df.sort_values(["change", "latest", "theme"], ascending=[False, False, True], ignore_index=True)


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
    """The sentences where a theme is mentioned, newest first, with the article they come from:
    published, title, source, written_as, sentence, sentiment, label, article_id, sentence_id."""
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
