"""The Forecasts page: market forecasts, their values by year, and implied growth rates."""
from __future__ import annotations

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _limited, _q

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
    articles, and the newest article quoting one (title, published, article_id, sentence_id)."""
    cte, params = _arts_cte(f)
    return _q(con, f"""WITH {cte},
        pts AS (SELECT coalesce(NULLIF(n.subject, ''), '(subject not found)') AS subject,
                       coalesce(n.unit, '') AS unit, n.year, median(n.value) AS value, min(n.value) AS low,
                       max(n.value) AS high, count(*) AS figures, count(DISTINCT n.article_id) AS articles,
                       arg_max({{'title': arts.title, 'pub': arts.pub, 'id': n.article_id, 'sid': n.sentence_id}},
                               (arts.pub, n.article_id)) AS newest
                FROM numbers n JOIN arts USING (article_id)
                WHERE n.kind = 'forecast'
                GROUP BY ALL)
        SELECT subject, unit, year, value, low, high, figures, articles, newest.title AS title,
               newest.pub AS published, newest.id AS article_id, newest.sid AS sentence_id
        FROM pts ORDER BY figures DESC, subject, year""", params)


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
