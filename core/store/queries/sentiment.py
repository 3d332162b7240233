"""The Sentiment page: tone per sector or theme, its trend, and the sentences behind each bar."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.store.queries.filters import Filters, _arts_cte, _check_period, _in_arts, _q, _registered
from core.store.queries.reference import theme_sectors

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


FEW_SENTENCES = 5  # below this a group's mean says little: listed after the others


def sentiment_by_group(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path,
                       level: str = "sector", few: int = FEW_SENTENCES) -> pd.DataFrame:
    """Mean sentence sentiment per sector or theme: group, sentences, mean, positive, negative,
    neutral (counts of labels), few (fewer than `few` sentences). A sentence about two themes
    counts for both. Ordered by mean, most positive first, but groups with few sentences come
    after all the others: a mean of one or two sentences must not top the list."""
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
                   CAST(sum(agg.neutral) AS BIGINT) AS neutral, sum(agg.n) < $few AS few
            FROM agg JOIN tg USING (themes) GROUP BY tg.grp
            ORDER BY few, mean DESC NULLS LAST, sentences DESC, "group" """, {**params, "few": few})


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
