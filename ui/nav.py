"""The pages of the dashboard and the links between them.

The pages are Streamlit's folder pages: `app.py` is Home and each script in `pages/` is the page
of its file name (`pages/themes.py` is `/themes`). Each page says here which sidebar filters it
applies; `ui.frame` draws the menu and the sidebar from that, and the page reads the same list
through `state.filters(spec.filters)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

DATES, SOURCES_F, THEMES_F, TYPES = "dates", "sources", "themes", "entity_types"


@dataclass(frozen=True)
class PageSpec:
    path: str  # the page script, relative to app.py
    title: str
    icon: str
    url_path: str  # the file name: Streamlit names a folder page's URL after it
    filters: tuple[str, ...] = ()  # the sidebar filters it applies; none: no sidebar filters
    hidden: bool = False  # reached by links and the search box, not listed in the menu


HOME = PageSpec("app.py", "Home", ":material/home:", "", (DATES, SOURCES_F))
UPLOAD = PageSpec("pages/upload.py", "Upload", ":material/upload:", "upload")
SOURCES = PageSpec("pages/sources.py", "Sources", ":material/rss_feed:", "sources")
THEMES = PageSpec("pages/themes.py", "Themes", ":material/trending_up:", "themes", (DATES, SOURCES_F, THEMES_F))
FUNDS = PageSpec("pages/funds.py", "Funds", ":material/account_balance:", "funds", (DATES, SOURCES_F, THEMES_F))
FORECASTS = PageSpec("pages/forecasts.py", "Forecasts", ":material/query_stats:", "forecasts", (DATES, SOURCES_F))
SENTIMENT = PageSpec("pages/sentiment.py", "Sentiment", ":material/sentiment_satisfied:", "sentiment",
                     (DATES, SOURCES_F, THEMES_F))
MENTIONS = PageSpec("pages/mentions.py", "Mentions", ":material/manage_search:", "mentions",
                    (DATES, SOURCES_F, THEMES_F, TYPES))
ARTICLES = PageSpec("pages/articles.py", "Articles", ":material/article:", "articles", (DATES, SOURCES_F))
ENTITIES = PageSpec("pages/entities.py", "Entities", ":material/sell:", "entities", (DATES, SOURCES_F, TYPES))
SEARCH = PageSpec("pages/search.py", "Search", ":material/search:", "search", hidden=True)

PAGES = [HOME, UPLOAD, SOURCES, THEMES, FUNDS, FORECASTS, SENTIMENT, MENTIONS, ARTICLES, ENTITIES, SEARCH]



def article_href(article_id: str, sentence_id: int | None = None) -> str:
    """A link to the reader, relative to the app's root, for a table's LinkColumn."""
    params: dict[str, str | int] = {"id": article_id}
    if sentence_id is not None and sentence_id == sentence_id:  # not NaN
        params["s"] = int(sentence_id)
    return f"./{ARTICLES.url_path}?{urlencode(params)}"


def article_link(article_id: str, sentence_id: int | None = None, label: str = "Open the article") -> None:
    """A link to the reader in the page (same tab)."""
    params: dict[str, str] = {"id": article_id}
    if sentence_id is not None and sentence_id == sentence_id:
        params["s"] = str(int(sentence_id))
    st.page_link(ARTICLES.path, label=label, icon=":material/article:", query_params=params)


def go_to_article(article_id: str, sentence_id: int | None = None) -> None:
    params: dict[str, str] = {"id": article_id}
    if sentence_id is not None and sentence_id == sentence_id:
        params["s"] = str(int(sentence_id))
    st.switch_page(ARTICLES.path, query_params=params)


def entity_destination(name: str, entity_type: str, house: str = "") -> tuple[PageSpec, dict[str, str]]:
    """Where an entity is best read: a fund house, its funds and managers on Funds, a theme on
    Themes, anything else in the Mentions explorer."""
    if entity_type == "FUND_HOUSE":
        return FUNDS, {"house": name}
    if entity_type in ("FUND", "MANAGER") and house:
        return FUNDS, {"house": house, **({"fund": name} if entity_type == "FUND" else {})}
    if entity_type == "THEME":
        return THEMES, {"evidence": name}
    return MENTIONS, {"entity": name}


def go_to_entity(name: str, entity_type: str, house: str = "") -> None:
    page, params = entity_destination(name, entity_type, house)
    st.switch_page(page.path, query_params=params)


def sidebar_filters(spec: PageSpec) -> tuple[str, ...]:
    """The filters to draw for a page: none in the reader, which shows one article."""
    if spec is ARTICLES and st.query_params.get("id"):
        return ()
    return spec.filters
