"""What every page shares around its own layout: the page settings, the sidebar (the menu, the
search box and the filters the page applies) and the one read-only connection of a script run.

Each page script ends with `frame.show(nav.THEMES, render)`. The pages are Streamlit's own
folder pages (`pages/`, with `app.py` as Home), so any URL, even the first request a fresh
server answers, runs the page it names; the built-in page list is switched off in
`.streamlit/config.toml` and this menu, with proper titles and icons, is drawn instead.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import StoreBusy, StoreUnusable
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


def menu() -> None:
    """The pages, with their titles and icons (the container's key names it for the browser tests)."""
    with st.container(key="menu", gap="small"):
        for page in nav.PAGES:
            if not page.hidden:
                st.page_link(page.path, label=page.title, icon=page.icon)


def show(spec: nav.PageSpec, render: Callable[[], None]) -> None:
    """Draw the frame of the page `spec` and its layout `render`."""
    st.set_page_config(page_title=f"{spec.title} · AI fund news tracker", page_icon=":material/newspaper:",
                       layout="wide")
    try:
        with data.one_connection():  # the queries of this run share one read-only connection
            data.refresh_version()
            with st.sidebar:
                menu()
                st.divider()
                search_box()
                uses = nav.sidebar_filters(spec)
                if uses and not data.database_is_empty():
                    state.sidebar(uses, spec.path)
            render()
    except StoreBusy as exc:
        st.error(f"{exc}. The page will work again once the other job finishes; reload it then.")
    except StoreUnusable as exc:
        st.error(f"The database {exc}. Set NEWS_DB to a database of this tracker, or to a new file.")
