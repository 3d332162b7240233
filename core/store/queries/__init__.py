"""Read-only queries behind the dashboard: a connection and filter values in, a DataFrame out.

Every aggregation runs in DuckDB SQL over the stored tables, never in pandas over a whole table,
so a page stays fast at 100k articles. The gazetteer (a few hundred entities) is the only
in-memory input: it is registered as a small relation when a query needs fund-house links,
theme sectors or curated names. Nothing here imports streamlit; the dashboard caches these
results (ui/data.py) and draws one query's result per chart.

How the queries stay fast (measured on 100k articles, 1.6M mentions, see bench/dashboard.py):
- mentions are counted per (entity, article) *before* they are joined to the articles for a
  date, so the join sees one row per pair (100k for the themes) instead of one per mention;
- sentences are aggregated per theme set (the `themes` column has a few hundred distinct values)
  and only then split into themes or sectors;
- tables of evidence pick their top rows first and fetch sentence text for those rows only;
- the article filter becomes a semi-join only when a date or source is set: every stored row
  belongs to a stored article (the store writes and deletes an article's rows together).

One module per page or concern: `filters` (the shared filters and SQL pieces), `overview`,
`themes`, `funds`, `houses` (fund houses side by side), `forecasts`, `sentiment`, `mentions`,
`entities`, `articles` (the reader), `search`, and `reference` (frames from the gazetteer); the
Sources page's `feed_table` lives with the feeds' write side in `core.store.sources`.
Connections come from `core.store.connection`.
"""
from __future__ import annotations

from core.store.connection import reading, retry_busy, run
from core.store.queries.articles import ArticleView, article_list, article_view, sentence_context
from core.store.queries.entities import DISCOVERED_METHODS, entity_catalogue, new_entities
from core.store.queries.filters import HOUSE_TYPES, PERIODS, Filters
from core.store.queries.forecasts import forecast_growth, forecast_growth_summary, forecast_numbers, forecast_points
from core.store.queries.funds import FACTS, fund_facts, fund_houses, house_articles, house_people_and_funds, house_themes
from core.store.queries.houses import house_periods
from core.store.queries.mentions import MENTION_COLUMNS, count_mentions, entity_names, export_zip, mentions, mentions_csv
from core.store.queries.overview import data_version, filter_options, latest_articles, overview, top_entities
from core.store.queries.reference import reference, theme_sectors
from core.store.queries.search import SEARCH_ENTITY_COLUMNS, search_entities, search_exact, search_sentences
from core.store.queries.sentiment import FEW_SENTENCES, sentiment_by_group, sentiment_evidence, sentiment_trend
from core.store.queries.themes import (
    MOMENTUM_COLUMNS,
    theme_evidence,
    theme_house_matrix,
    theme_momentum,
    theme_periods,
    theme_ranking,
    theme_timeline,
)
from core.store.sources import feed_table  # the Sources page's table, beside the feeds' write side

__all__ = ["DISCOVERED_METHODS", "FACTS", "FEW_SENTENCES", "HOUSE_TYPES", "MENTION_COLUMNS", "MOMENTUM_COLUMNS",
           "PERIODS", "SEARCH_ENTITY_COLUMNS", "ArticleView", "Filters", "article_list", "article_view",
           "count_mentions", "data_version", "entity_catalogue", "entity_names", "export_zip", "feed_table", "filter_options",
           "forecast_growth", "forecast_growth_summary", "forecast_numbers", "forecast_points", "fund_facts",
           "fund_houses", "house_articles", "house_people_and_funds", "house_periods", "house_themes",
           "latest_articles", "mentions", "mentions_csv", "new_entities", "overview", "reading", "reference",
           "retry_busy", "run", "search_entities", "search_exact", "search_sentences", "sentence_context",
           "sentiment_by_group", "sentiment_evidence", "sentiment_trend", "theme_evidence", "theme_house_matrix",
           "theme_momentum", "theme_periods", "theme_ranking", "theme_sectors", "theme_timeline", "top_entities"]
