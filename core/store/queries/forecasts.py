"""The Forecasts page: forecasts and the baselines they grow from, their values by year, and implied growth rates.

Only what a reader would call a forecast is listed: figures of kind "forecast" that name their
subject and are not bare counts, plus the reported figure each growth rate starts from (its
baseline, said in the same sentence). Pledges ("plans to invest $500 billion") are kind "other"
in `numbers` and never show here.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _limited, _q

# `shown`: the forecasts and baselines of the selected articles, each with its role. A baseline is
# an actual figure that a stored growth rate starts from (same article, subject, unit, year, value).
_SHOWN = """
    baselines AS (SELECT DISTINCT n.article_id, n.sentence_id, n.start FROM numbers n
                  JOIN forecasts fc ON fc.article_id = n.article_id AND lower(fc.subject) = lower(n.subject)
                   AND fc.unit = coalesce(n.unit, '') AND fc.from_year = n.year AND fc.from_value = n.value
                  WHERE n.kind = 'actual'),
    shown AS (SELECT n.*, CASE WHEN n.kind = 'forecast' THEN 'forecast' ELSE 'baseline' END AS role
              FROM numbers n JOIN arts USING (article_id)
              WHERE (n.kind = 'forecast' AND coalesce(n.subject, '') <> '' AND coalesce(n.unit, '') <> '')
                 OR (n.article_id, n.sentence_id, n.start) IN (SELECT (article_id, sentence_id, start) FROM baselines))"""


def forecast_numbers(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Every forecast with its subject, and every baseline a growth rate starts from, newest article
    first: role ("forecast" or "baseline"), subject, year, value, unit, the text as written, the
    entity it is about, its sentence and article."""
    cte, params = _arts_cte(f)
    tail, params = _limited(limit, params)
    return _q(con, f"""WITH {cte}, {_SHOWN},
        top AS (SELECT shown.role, shown.subject, shown.year, shown.value, shown.unit, shown.text, shown.entity,
                       shown.start, shown.article_id, shown.sentence_id, arts.title, arts.pub, arts.source
                FROM shown JOIN arts USING (article_id)
                ORDER BY arts.pub DESC NULLS LAST, shown.article_id, shown.start {tail})
        SELECT top.role, top.subject, top.year, top.value, coalesce(top.unit, '') AS unit, top.text AS written_as,
               top.entity, s.text AS sentence, top.title, top.pub AS published, top.source, top.article_id,
               top.sentence_id
        FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
        ORDER BY top.pub DESC NULLS LAST, top.article_id, top.start""", params)


def forecast_points(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Forecasts and baselines per subject, unit and year (year NULL when the text gives none): the
    median value and the range when several articles give the same one, the number of figures
    and articles, and the newest article quoting one (title, published, article_id, sentence_id)."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte}, {_SHOWN},
        pts AS (SELECT shown.subject, coalesce(shown.unit, '') AS unit, shown.year, median(shown.value) AS value,
                       min(shown.value) AS low, max(shown.value) AS high, count(*) AS figures,
                       count(DISTINCT shown.article_id) AS articles,
                       arg_max({{'title': arts.title, 'pub': arts.pub, 'id': shown.article_id, 'sid': shown.sentence_id}},
                               (arts.pub, shown.article_id)) AS newest
                FROM shown JOIN arts USING (article_id)
                GROUP BY ALL)
        SELECT subject, unit, year, value, low, high, figures, articles, newest.title AS title,
               newest.pub AS published, newest.id AS article_id, newest.sid AS sentence_id
        FROM pts ORDER BY figures DESC, subject, year""", params)


def forecast_growth(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Implied compound annual growth between two forecasts, or a baseline and a forecast, of the
    same subject and unit, one row per article that gives both, newest first."""
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
