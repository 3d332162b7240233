"""The dashboard's entry point: the router, the search box and the sidebar filters pages share.

Run with `streamlit run app.py`; the database is $NEWS_DB (default data/news.duckdb). The pages
are in views/ and listed in ui/nav.py, with the sidebar filters each one applies.
"""
from __future__ import annotations

import streamlit as st

from core.errors import StoreBusy
from core.store.queries import search_exact
from ui import data, nav, state

SEARCH_KEY, SEARCH_GO = "search_box", "_search_go"


def _search_submitted() -> None:
    """Take the text and empty the box, so the next page starts with a clean box."""
    st.session_state[SEARCH_GO] = (st.session_state.get(SEARCH_KEY) or "").strip()
    st.session_state[SEARCH_KEY] = ""


def search_box() -> None:
    """One box for an entity, a fund code or a phrase. A name or code that means exactly one
    entity goes straight to its page; anything else opens the search results."""
    st.text_input("Search", key=SEARCH_KEY, placeholder="Entity, fund code or phrase", on_change=_search_submitted,
                  help="A fund house, fund, manager, company or theme by any spelling, a fund code such as "
                       "515070, or words to find in the articles.", icon=":material/search:")
    text = st.session_state.pop(SEARCH_GO, "")
    if text:
        exact = data.fetch(search_exact, text, data.data_dir())
        exact = exact[exact["mentions"] > 0]  # an entity no article names has no page to show
        if len(exact) == 1:
            row = exact.iloc[0]
            nav.go_to_entity(row["entity"], row["entity_type"], row["house"])
        st.switch_page(nav.SEARCH.path, query_params={"q": text})


st.set_page_config(page_title="AI fund news tracker", page_icon=":material/newspaper:", layout="wide")
page = st.navigation(nav.pages())
spec = nav.spec_of(page)
try:
    with data.one_connection():  # the queries of this run share one read-only connection
        data.refresh_version()
        with st.sidebar:
            search_box()
            uses = nav.sidebar_filters(spec)
            if uses and not data.database_is_empty():
                state.sidebar(uses)
        page.run()
except StoreBusy as exc:
    st.error(f"{exc}. The page will work again once the other job finishes; reload it then.")
