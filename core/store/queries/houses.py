"""Fund houses side by side: their coverage and tone per period, and their tone overall.

A house counts its own mentions and those of its funds and managers (the gazetteer's links), as
on the Funds page. Its tone is the mean score of the distinct sentences naming any of them.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _check_period, _q, _registered
from core.store.queries.funds import _house_cte
from core.store.queries.reference import _links
from core.store.queries.sentiment import FEW_SENTENCES


def house_periods(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, houses: tuple[str, ...],
                  period: str = "month") -> pd.DataFrame:
    """Per period of publication and house in `houses`: period (first day), fund_house, mentions,
    articles, sentences (naming it) and tone (their mean score; NULL when none). Every period
    that has articles is listed for every house, with 0 mentions where the house was not named,
    so a line drops to zero rather than bridging a quiet spell."""
    cte, params = _house_cte(f)
    p = _check_period(period)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte},
            sel AS (SELECT fund_house, article_id, sentence_id FROM hx WHERE list_contains($houses, fund_house)),
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
            ORDER BY grid.period, grid.fund_house""", {**params, "houses": list(houses)})


def house_tone(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, few: int = FEW_SENTENCES) -> pd.DataFrame:
    """The tone of the news about each house: fund_house, sentences, mean, positive, negative,
    neutral, few (fewer than `few` sentences). Ordered as the Sentiment page orders its groups:
    by mean, with the houses of few sentences after all the others."""
    cte, params = _house_cte(f)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte},
            x AS (SELECT DISTINCT fund_house, article_id, sentence_id FROM hx)
            SELECT x.fund_house, count(*) AS sentences, avg(s.sentiment) AS mean,
                   count(*) FILTER (WHERE s.label = 'positive') AS positive,
                   count(*) FILTER (WHERE s.label = 'negative') AS negative,
                   count(*) FILTER (WHERE s.label = 'neutral') AS neutral, count(*) < $few AS few
            FROM x JOIN sentences s USING (article_id, sentence_id)
            GROUP BY x.fund_house ORDER BY few, mean DESC NULLS LAST, sentences DESC, x.fund_house""",
                  {**params, "few": few})
