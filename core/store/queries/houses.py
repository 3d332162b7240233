"""Fund houses side by side: their coverage and tone per period (the tone overall is a column of
`funds.fund_houses`).

A house counts its own mentions and those of its funds and managers (the gazetteer's links), as
on the Funds page. Its tone is the mean score of the distinct sentences naming any of them.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _check_period, _in_arts, _q, _registered, _theme_articles
from core.store.queries.reference import _links


def house_periods(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, houses: tuple[str, ...],
                  period: str = "month") -> pd.DataFrame:
    """Per period of publication and house in `houses`: period (first day), fund_house, mentions,
    articles, sentences (naming it) and tone (their mean score; NULL when none). Every period
    that has articles is listed for every house, with 0 mentions where the house was not named,
    so a line drops to zero rather than bridging a quiet spell."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_articles(f)
    p = _check_period(period)
    with _registered(con, "links", _links(con, data_dir)):
        # Only the entities of the chosen houses are looked up: a few of the stored mentions.
        return _q(con, f"""WITH {cte},
            mine AS (SELECT entity, type, fund_house FROM links WHERE list_contains($houses, fund_house)
                     UNION SELECT h, 'FUND_HOUSE', h FROM (SELECT unnest($houses) AS h)
                     WHERE h NOT IN (SELECT entity FROM links)),
            sel AS MATERIALIZED (SELECT mine.fund_house, m.article_id, m.sentence_id FROM mentions m
                    JOIN mine ON mine.entity = m.entity AND mine.type = m.entity_type
                    WHERE TRUE {_in_arts(f, "m")} {themes}),
            pairs AS (SELECT fund_house, article_id, count(*) AS n FROM sel GROUP BY ALL),
            ments AS (SELECT pairs.fund_house, CAST(date_trunc('{p}', arts.pub) AS DATE) AS period,
                             sum(pairs.n) AS mentions, count(*) AS articles
                      FROM pairs JOIN arts USING (article_id) WHERE arts.pub IS NOT NULL GROUP BY ALL),
            tone AS (SELECT x.fund_house, CAST(date_trunc('{p}', arts.pub) AS DATE) AS period,
                            count(*) AS sentences, avg(s.sentiment) AS tone
                     FROM (SELECT DISTINCT fund_house, article_id, sentence_id FROM sel) x
                     JOIN arts USING (article_id) JOIN sentences s USING (article_id, sentence_id)
                     WHERE arts.pub IS NOT NULL GROUP BY ALL),
            periods AS (SELECT DISTINCT CAST(date_trunc('{p}', pub) AS DATE) AS period FROM arts WHERE pub IS NOT NULL),
            grid AS (SELECT periods.period, h.fund_house FROM periods
                     CROSS JOIN (SELECT DISTINCT fund_house FROM pairs) h)
            SELECT grid.period, grid.fund_house, CAST(coalesce(ments.mentions, 0) AS BIGINT) AS mentions,
                   coalesce(ments.articles, 0) AS articles, coalesce(tone.sentences, 0) AS sentences, tone.tone
            FROM grid LEFT JOIN ments USING (period, fund_house) LEFT JOIN tone USING (period, fund_house)
            ORDER BY grid.period, grid.fund_house""", {**params, **theme_params, "houses": list(houses)})
