"""The Funds page: fund houses with their funds and managers, themes, articles and facts (size, flows, returns)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.store.queries.filters import (
    HOUSE_TYPES,
    Filters,
    _arts_cte,
    _in_arts,
    _q,
    _registered,
    _theme_articles,
    _theme_clause,
)
from core.store.queries.reference import _links
from core.store.queries.sentiment import FEW_SENTENCES


def _house_cte(f: Filters) -> tuple[str, dict[str, Any]]:
    """`hx`: mentions of a fund house, one of its funds or one of its managers (house, entity,
    entity_type, article_id, sentence_id), in the selected articles (with the theme filter: the
    articles mentioning one of its themes); a house the gazetteer does not know counts its own
    mentions. One pass over the mentions. Needs `links` registered."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_articles(f)
    params = {**params, **theme_params, "house_types": list(HOUSE_TYPES)}
    return f"""{cte}, hx AS (
        SELECT coalesce(l.fund_house, m.entity) AS fund_house, m.entity, m.entity_type, m.article_id, m.sentence_id
        FROM mentions m LEFT JOIN links l ON l.entity = m.entity AND l.type = m.entity_type
        WHERE list_contains($house_types, m.entity_type) {_in_arts(f, "m")} {themes}
          AND (l.fund_house IS NOT NULL
               OR (m.entity_type = 'FUND_HOUSE' AND m.entity NOT IN (SELECT entity FROM links))))""", params


# `mine`: the (entity, type) pairs that count for the house `$house`: itself, its funds and its
# managers, or, for a house the gazetteer does not know, its own name. Needs `links` registered.
_HOUSE_ENTITIES = """mine AS (SELECT entity, type FROM links WHERE fund_house = $house
    UNION SELECT $house, 'FUND_HOUSE' WHERE $house NOT IN (SELECT entity FROM links))"""


def fund_houses(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, few: int = FEW_SENTENCES) -> pd.DataFrame:
    """Fund houses in the news, the most widely covered first: fund_house, mentions (house, funds
    and managers together), articles, funds and managers mentioned, last publication date, and
    the tone of the news about it: sentences (naming the house, a fund or a manager of it),
    tone (their mean score), positive, negative, neutral, few (fewer than `few` sentences)."""
    cte, params = _house_cte(f)
    with _registered(con, "links", _links(con, data_dir)):
        # The house mentions (870k of 1.8M at 100k articles) are grouped three ways: per house,
        # per (house, article) and per (house, sentence). Grouped on 64-bit hashes of the house,
        # the article and the sentence instead of their strings, this takes a third less time and
        # memory; two of 900k sentences share a hash once in about 10^8 such databases.
        return _q(con, f"""WITH {cte},
            keyed AS (SELECT hash(fund_house) AS h, hash(article_id) AS a, hash(article_id, sentence_id) AS s,
                             fund_house, entity, entity_type FROM hx),
            named AS (SELECT h, any_value(fund_house) AS fund_house, count(*) AS mentions,
                             count(DISTINCT entity) FILTER (WHERE entity_type = 'FUND') AS funds,
                             count(DISTINCT entity) FILTER (WHERE entity_type = 'MANAGER') AS managers
                      FROM keyed GROUP BY h),
            houses AS (SELECT pairs.h, count(*) AS articles, max(arts.pub) AS last_mentioned
                       FROM (SELECT DISTINCT h, a FROM keyed) pairs
                       JOIN (SELECT hash(article_id) AS a, pub FROM arts) arts USING (a) GROUP BY pairs.h),
            tone AS (SELECT x.h, count(*) AS sentences, avg(s.sentiment) AS tone,
                            count(*) FILTER (WHERE s.label = 'positive') AS positive,
                            count(*) FILTER (WHERE s.label = 'negative') AS negative,
                            count(*) FILTER (WHERE s.label = 'neutral') AS neutral
                     FROM (SELECT DISTINCT h, s FROM keyed) x
                     JOIN (SELECT hash(article_id, sentence_id) AS s, sentiment, label FROM sentences) s USING (s)
                     GROUP BY x.h)
            SELECT named.fund_house, CAST(named.mentions AS BIGINT) AS mentions, houses.articles, named.funds,
                   named.managers, houses.last_mentioned, coalesce(tone.sentences, 0) AS sentences, tone.tone,
                   coalesce(tone.positive, 0) AS positive, coalesce(tone.negative, 0) AS negative,
                   coalesce(tone.neutral, 0) AS neutral, coalesce(tone.sentences, 0) < $few AS few
            FROM houses JOIN named USING (h) LEFT JOIN tone USING (h)
            ORDER BY houses.articles DESC, named.mentions DESC, named.fund_house""", {**params, "few": few})


def house_people_and_funds(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """A house's funds and managers known to the gazetteer, with how often the news names them
    and in what tone: name, type, related (a fund's managers, a manager's funds), mentions,
    articles, sentences (naming it) and tone (their mean score, NULL when none). Unmentioned
    ones are listed with 0 mentions: knowing who is silent is part of the picture."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_articles(f)
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte},
            mine AS (SELECT DISTINCT entity, type, related FROM links
                     WHERE fund_house = $house AND type IN ('FUND', 'MANAGER')),
            ms AS (SELECT m.entity, m.entity_type, m.article_id, m.sentence_id FROM mentions m
                   WHERE m.entity_type IN ('FUND', 'MANAGER') AND m.entity IN (SELECT entity FROM mine)
                     {_in_arts(f, "m")} {themes}),
            hits AS (SELECT entity, entity_type, count(*) AS n, count(DISTINCT article_id) AS a FROM ms GROUP BY ALL),
            tone AS (SELECT x.entity, x.entity_type, count(*) AS sentences, avg(s.sentiment) AS tone
                     FROM (SELECT DISTINCT entity, entity_type, article_id, sentence_id FROM ms) x
                     JOIN sentences s USING (article_id, sentence_id) GROUP BY ALL)
            SELECT mine.entity AS name, mine.type, mine.related, coalesce(hits.n, 0) AS mentions,
                   coalesce(hits.a, 0) AS articles, coalesce(tone.sentences, 0) AS sentences, tone.tone
            FROM mine LEFT JOIN hits ON hits.entity = mine.entity AND hits.entity_type = mine.type
            LEFT JOIN tone ON tone.entity = mine.entity AND tone.entity_type = mine.type
            ORDER BY mine.type, mentions DESC, name""", {**params, **theme_params, "house": house})


def house_themes(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path) -> pd.DataFrame:
    """Themes mentioned in the articles naming a house (or its funds or managers):
    theme, mentions, articles."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_clause(f)
    with _registered(con, "links", _links(con, data_dir)):
        # The articles are matched on a 64-bit hash of their id: a semi-join on integers is
        # twice as fast as on the strings, and ids that share a hash are vanishingly rare.
        return _q(con, f"""WITH {cte}, {_HOUSE_ENTITIES},
            ha AS (SELECT DISTINCT hash(m.article_id) AS a FROM mentions m
                   JOIN mine ON mine.entity = m.entity AND mine.type = m.entity_type
                   WHERE TRUE {_in_arts(f, "m")})
            SELECT m.entity AS theme, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
            FROM mentions m
            WHERE m.entity_type = 'THEME' {themes} AND hash(m.article_id) IN (SELECT a FROM ha)
            GROUP BY m.entity ORDER BY mentions DESC, theme""", {**params, **theme_params, "house": house})


def house_articles(con: duckdb.DuckDBPyConnection, f: Filters, house: str, data_dir: Path,
                   limit: int = 500) -> pd.DataFrame:
    """The articles behind a house: published, title, source, mentions, relevance (0-100: how
    central the house, its funds or managers are to the article), the first sentence naming it
    (evidence), article_id."""
    cte, params = _arts_cte(f)
    themes, theme_params = _theme_articles(f)
    with _registered(con, "links", _links(con, data_dir)):
        # Relevance is the formula of the entity_relevance view (core/store/schema.py), computed
        # here for the articles shown only: the view aggregates every stored mention first.
        return _q(con, f"""WITH {cte}, {_HOUSE_ENTITIES},
            hits AS (SELECT m.article_id, count(*) AS mentions, min(m.sentence_id) AS first_sentence
                     FROM mentions m JOIN mine ON mine.entity = m.entity AND mine.type = m.entity_type
                     WHERE TRUE {_in_arts(f, "m")} {themes} GROUP BY m.article_id),
            top AS (SELECT hits.*, arts.pub, arts.title, arts.source FROM hits JOIN arts USING (article_id)
                    ORDER BY arts.pub DESC NULLS LAST, hits.mentions DESC, hits.article_id LIMIT $limit),
            tm AS (SELECT article_id, entity, any_value(entity_type) AS entity_type, count(*) AS n,
                          min(sentence_id) AS first_sentence
                   FROM mentions WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id, entity),
            ts AS (SELECT article_id, count(*) AS n_sentences FROM sentences
                   WHERE article_id IN (SELECT article_id FROM top) GROUP BY article_id),
            tmax AS (SELECT article_id, max(n) AS max_n FROM tm GROUP BY article_id),
            rel AS (SELECT tm.article_id, max(CAST(round(100 * (
                        0.4 * CASE WHEN tm.first_sentence = 0 AND coalesce(top.title, '') <> '' THEN 1 ELSE 0 END
                        + 0.3 * (1 - tm.first_sentence / greatest(ts.n_sentences, 1))
                        + 0.3 * tm.n / tmax.max_n)) AS INTEGER)) AS relevance
                    FROM tm JOIN mine ON mine.entity = tm.entity AND mine.type = tm.entity_type
                    JOIN ts USING (article_id) JOIN tmax USING (article_id) JOIN top USING (article_id)
                    GROUP BY tm.article_id)
            SELECT top.pub AS published, top.title, top.source, top.mentions, rel.relevance,
                   s.text AS first_sentence, top.article_id
            FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.first_sentence
            LEFT JOIN rel ON rel.article_id = top.article_id
            ORDER BY top.pub DESC NULLS LAST, top.mentions DESC, top.article_id""",
                  {**params, **theme_params, "house": house, "limit": limit})


# What a fund's figure is, from what the pipeline read around it (numbers.subject names "assets",
# "inflows", "outflows" or "return" when the clause says so): its size, its flows, a return, a fee.
_FACT = r"""CASE
    WHEN regexp_matches(lower(n.subject), 'inflow|outflow|purchase|redemption|subscription|流入|流出|申购|赎回')
        THEN 'flows'
    WHEN n.unit = '%' AND n.kind = 'change' THEN 'return'
    WHEN regexp_matches(lower(n.subject), 'fee|expense ratio|费率|管理费') THEN 'fee'
    WHEN n.kind IN ('actual', 'count') AND (n.unit = 'units'
         OR regexp_matches(lower(n.subject), 'asset|aum|size|scale|net worth|规模|份额|净值')) THEN 'size'
    END"""
FACTS = ("size", "flows", "return", "fee")
_OUT = "'outflow|redemption|流出|赎回'"  # flows out of a fund, as its subject names them


def fund_facts(con: duckdb.DuckDBPyConnection, f: Filters, data_dir: Path, house: str | None = None,
               latest: bool = False, limit: int = 2000) -> pd.DataFrame:
    """Funds' and fund houses' facts over time, newest first: the size (assets under management,
    units outstanding), flows, returns and fees the articles give for each, with the sentence
    behind each figure. Columns: fund_house, entity, entity_type, fact, value, unit, year,
    written_as, subject, flow ("in" or "out" for flows, else NULL), latest (the newest figure of
    its entity and fact), sentence, published, title, source, article_id, sentence_id.

    A figure counts when the pipeline tied it to a fund or house (`numbers.entity`) that the same
    article mentions as one. `house` keeps that house and its funds; `latest` keeps the newest
    figure of each entity and fact only (the "latest AUM" view). Past `limit` rows, the newest
    figures are kept, the latest of each entity and fact always among them."""
    cte, params = _arts_cte(f)
    params = {**params, "limit": limit, "house": house}
    # The figures tied to an entity come first (a few per article); only then is each entity
    # typed. For one house its funds and its own name are known (`mine`), so no mention is read;
    # for every house, the mentions of those few (article, entity) pairs say what each one is.
    if house is not None:
        pick, typed = "AND n.entity IN (SELECT entity FROM mine)", """typed AS (
            SELECT DISTINCT c.article_id, c.entity, mine.type AS entity_type FROM cand c
            JOIN mine ON mine.entity = c.entity AND mine.type IN ('FUND', 'FUND_HOUSE') WHERE c.fact IS NOT NULL)"""
    else:
        pick, typed = "", """typed AS (SELECT DISTINCT m.article_id, m.entity, m.entity_type FROM mentions m
            WHERE m.entity_type IN ('FUND', 'FUND_HOUSE')
              AND (m.article_id, m.entity) IN (SELECT (article_id, entity) FROM cand WHERE fact IS NOT NULL))"""
    with _registered(con, "links", _links(con, data_dir)):
        return _q(con, f"""WITH {cte}, {_HOUSE_ENTITIES},
            cand AS (SELECT n.article_id, n.sentence_id, n.start, n.entity, {_FACT} AS fact, n.value, n.unit, n.year,
                            n.text, n.subject
                     FROM numbers n WHERE n.entity IS NOT NULL {pick} {_in_arts(f, "n")}),
            {typed},
            facts AS (SELECT c.*, t.entity_type,
                             coalesce(l.fund_house, CASE WHEN t.entity_type = 'FUND_HOUSE' THEN c.entity END)
                                 AS fund_house
                      FROM cand c JOIN typed t ON t.article_id = c.article_id AND t.entity = c.entity
                      LEFT JOIN links l ON l.entity = c.entity AND l.type = t.entity_type
                      WHERE c.fact IS NOT NULL),
            ranked AS (SELECT facts.*, arts.pub, arts.title, arts.source,
                              row_number() OVER (PARTITION BY facts.entity, facts.fact ORDER BY arts.pub DESC NULLS LAST,
                                                 facts.article_id DESC, facts.start DESC) = 1 AS latest
                       FROM facts JOIN arts USING (article_id)
                       WHERE $house IS NULL OR facts.fund_house = $house),
            top AS (SELECT * FROM ranked WHERE latest OR NOT $only_latest  -- the latest always within the limit
                    ORDER BY latest DESC, pub DESC NULLS LAST, article_id, start LIMIT $limit)
            SELECT top.fund_house, top.entity, top.entity_type, top.fact, top.value, coalesce(top.unit, '') AS unit,
                   top.year, top.text AS written_as, top.subject,
                   CASE WHEN top.fact = 'flows' THEN CASE WHEN regexp_matches(lower(top.subject), {_OUT}) THEN 'out'
                                                          ELSE 'in' END END AS flow, top.latest,
                   s.text AS sentence, top.pub AS published, top.title, top.source, top.article_id, top.sentence_id
            FROM top LEFT JOIN sentences s ON s.article_id = top.article_id AND s.sentence_id = top.sentence_id
            ORDER BY top.entity, top.fact, top.pub DESC NULLS LAST""", {**params, "only_latest": latest})
