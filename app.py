"""The dashboard's entry point: the page router and the sidebar filters every page shares.

Run with `streamlit run app.py`; the database is $NEWS_DB (default data/news.duckdb). Pages read
the filters from st.session_state through pages.ui.filters().
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from core.errors import StoreBusy, StoreUnusable
from pages import ui

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload:"),
    st.Page("pages/themes.py", title="Themes", icon=":material/trending_up:"),
    st.Page("pages/funds.py", title="Funds", icon=":material/account_balance:"),
    st.Page("pages/forecasts.py", title="Forecasts", icon=":material/query_stats:"),
    st.Page("pages/sentiment.py", title="Sentiment", icon=":material/sentiment_satisfied:"),
    st.Page("pages/mentions.py", title="Mentions", icon=":material/manage_search:"),
    st.Page("pages/entities.py", title="Entities", icon=":material/sell:"),
]


def _reset_filters() -> None:
    for key in ui.WIDGET_KEYS:
        st.session_state.pop(key, None)


def sidebar_filters() -> None:
    """The shared filters. Empty means "all"; each page says which of them it applies."""
    options = ui.query("filter_options")
    with st.sidebar:
        st.subheader("Filters")
        period = st.selectbox("Published", [ui.ANY_DATE, ui.BETWEEN], key="f_period")
        if period == ui.BETWEEN:
            first, last = options["first"], options["last"]
            default: tuple[date | str, date | str] = (first, last) if first and last else ("today", "today")
            st.date_input("From – to", value=default, key="f_dates", format="YYYY-MM-DD",
                          min_value="1990-01-01", max_value="2100-12-31",
                          help="Articles without a publication date are left out while a range is set.")
        st.multiselect("Source", options["sources"], key="f_sources", placeholder="All sources")
        st.multiselect("Theme", options["themes"], key="f_themes", placeholder="All themes")
        st.multiselect("Entity type", options["entity_types"], key="f_types", placeholder="All types",
                       format_func=ui.type_label)
        st.button("Clear filters", on_click=_reset_filters, width="stretch", key="f_clear")


st.set_page_config(page_title="AI fund news tracker", page_icon=":material/newspaper:", layout="wide")
page = st.navigation(PAGES)
st.session_state[ui.ROUTED_KEY] = True  # pages check it: see ui.via_router
try:
    with ui.one_connection():  # the queries of this run share one read-only connection
        ui.refresh_version()
        sidebar_filters()
        page.run()
except StoreBusy as exc:
    st.error(f"{exc}. The page will work again once the other job finishes; reload it then.")
except StoreUnusable as exc:
    st.error(f"The database {exc}. Set NEWS_DB to a database of this tracker, or to a new file.")
finally:
    st.session_state[ui.ROUTED_KEY] = False
