"""The view's state: the sidebar filters, the pickers, and the URL that carries both.

Every filter and picker is a widget bound to the URL (`bind="query-params"`, the key is the
parameter's name), so a bookmark or a link sent to a colleague opens the same view, and a
reload keeps it. The sidebar filters also follow the user from page to page: each page is a
script of its own, so its widgets are its own, and the values the last page showed are handed to
the next one before it draws its filters (`carry_filters`); a page that shows no filters (Upload,
the reader) keeps them for the page after it. Nothing here reads a widget's value back from the
frontend's memory: a value the current options no longer offer is replaced by a valid one
*before* the widget is drawn, so the picker and the table under it always show the same thing.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from core.store.queries import Filters, filter_options
from ui.data import database_is_empty, fetch
from ui.labels import md, type_label

# Sidebar filter name -> (URL parameter and widget key, label, Filters fields it feeds)
FILTERS = {
    "dates": ("published", "Published", ("date_from", "date_to")),
    "sources": ("source", "Source", ("sources",)),
    "themes": ("theme", "Theme", ("themes",)),
    "entity_types": ("type", "Entity type", ("entity_types",)),
}
FILTER_KEYS = tuple(key for key, _, _ in FILTERS.values())
EMPTY: dict[str, Any] = {"published": [], "source": [], "theme": [], "type": []}
V = TypeVar("V")


def clear_filters() -> None:
    """The "Clear filters" button: every sidebar filter back to "all". Assigning the empty value
    (rather than deleting the key) is what the widget, and the URL it is bound to, then show."""
    for key, empty in EMPTY.items():
        st.session_state[key] = empty


CARRIED = "_carried_filters"  # session key: (page, {filter key: value}) as the last page drew them


def carry_filters(page: str) -> None:
    """Give this page the filter values the previous page showed: on a change of page, or when a
    page without filters came between and its widgets were forgotten. On the same page the
    widgets hold what the user just did."""
    carried = st.session_state.get(CARRIED)
    if carried:
        for key, value in carried[1].items():
            if carried[0] != page or key not in st.session_state:
                st.session_state[key] = value


def _remember_filters(page: str) -> None:
    st.session_state[CARRIED] = (page, {key: st.session_state.get(key, EMPTY[key]) for key in FILTER_KEYS})


def sidebar(uses: Sequence[str], page: str) -> None:
    """The shared filters, drawn on every page that charts stored articles. Those this page does
    not apply are drawn disabled, so a filter set elsewhere is seen, not forgotten."""
    carry_filters(page)
    options = fetch(filter_options)
    st.subheader("Filters")

    def off(name: str) -> dict[str, Any]:
        return {"disabled": True, "help": "Not used on this page."} if name not in uses else {}

    first, last = options["first"], options["last"]
    span = f"Articles run from {first:%d %b %Y} to {last:%d %b %Y}. " if first and last else ""
    dates_help = off("dates").get("help") or (
        span + "Pick the first and the last day. Articles without a publication date are left out "
        "while a range is set.")
    st.date_input("Published between", value=[], key="published", format="YYYY-MM-DD",
                  min_value=date(1990, 1, 1), max_value=date(2100, 12, 31), help=dates_help,
                  disabled=bool(off("dates")), bind="query-params")
    st.multiselect("Source", options["sources"], key="source", placeholder="All sources",
                   bind="query-params", **off("sources"))
    st.multiselect("Theme", options["themes"], key="theme", placeholder="All themes",
                   bind="query-params", **off("themes"))
    st.multiselect("Entity type", options["entity_types"], key="type", placeholder="All types",
                   format_func=type_label, bind="query-params", **off("entity_types"))
    st.button("Clear filters", on_click=clear_filters, width="stretch", key="clear_filters",
              disabled=full_filters() == Filters(), icon=":material/filter_alt_off:")
    _remember_filters(page)


def full_filters() -> Filters:
    """Every sidebar filter as set, whether or not a page applies it."""
    ss = st.session_state
    picked = ss.get("published") or ()
    days = [d for d in (picked if isinstance(picked, (tuple, list)) else (picked,)) if isinstance(d, date)]
    return Filters(date_from=days[0].isoformat() if days else None,
                   date_to=days[1].isoformat() if len(days) > 1 else None,
                   sources=tuple(ss.get("source") or ()), themes=tuple(ss.get("theme") or ()),
                   entity_types=tuple(ss.get("type") or ()))


def _describe(f: Filters, name: str) -> str:
    label = FILTERS[name][1]
    if name == "dates":
        return f"{label} {f.date_from or '…'} to {f.date_to or '…'}"
    values = list(getattr(f, FILTERS[name][2][0]))
    if name == "entity_types":
        values = [type_label(v) for v in values]
    return f"{label}: {', '.join(md(v) for v in values)}"


def filters(uses: Sequence[str]) -> Filters:
    """The sidebar filters this page applies (names of FILTERS), with a one-line note saying
    which are active here and which active ones this page leaves aside."""
    full = full_filters()
    active = [n for n in FILTERS if any(getattr(full, k) for k in FILTERS[n][2])]
    used = [n for n in active if n in uses]
    ignored = [n for n in active if n not in uses]
    parts = []
    if used:
        parts.append("Filtered by " + "; ".join(_describe(full, n) for n in used) + ".")
    if ignored:
        parts.append("Not used on this page: " + ", ".join(FILTERS[n][1].lower() for n in ignored) + ".")
    if parts:
        st.caption(" ".join(parts))
    return full.only(*[k for n in uses for k in FILTERS[n][2]])


def is_filtered(f: Filters) -> bool:
    return f != Filters()


def nothing_matches(f: Filters, what: str) -> None:
    """The empty state: says whether the filters or an empty database are the reason."""
    if is_filtered(f):
        st.info(f"No {what} match the current filters. Widen the date range or clear filters in the sidebar.")
    else:
        st.info(f"No {what} yet. Add articles on the Upload page (or load the samples from Home).")


def pick(label: str, options: Sequence[V], key: str, clicked: V | None = None, help: str | None = None,
         format_func: Callable[[Any], str] = str) -> V | None:
    """A selectbox bound to the URL that a chart click or a table row can set, and that never
    shows a value the current options lack: such a value is replaced by the first option before
    the box is drawn, so the box and what the page shows for it agree. (On a page's first run the
    URL's value, if valid, is what the box starts with.) None when there is nothing to pick."""
    options = list(options)
    if not options:
        return None
    if clicked is not None and clicked in options:
        st.session_state[key] = clicked
    elif key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = options[0]
    value = st.selectbox(label, options, key=key, help=help, format_func=format_func, bind="query-params")
    return value if value in options else options[0]


def choice(label: str, options: Sequence[V], key: str, default: V,
           format_func: Callable[[Any], str] = str) -> V:
    """A segmented control bound to the URL that always has one of `options` chosen."""
    options = list(options)
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = default
    value = st.segmented_control(label, options, key=key, default=default, format_func=format_func, required=True,
                                 bind="query-params")
    return value if value in options else default


def data_page(title: str) -> bool:
    """Open a page that charts stored articles: its title, and the empty-database note.
    False when there is nothing to show, so the page stops there."""
    st.title(title)
    if database_is_empty():
        empty_database_note()
        return False
    return True


def empty_database_note() -> None:
    from ui.nav import UPLOAD  # nav links to pages; state is imported by them

    st.info("The database has no articles yet. Upload news files on the Upload page, or load the sample "
            "articles from the Home page.")
    st.page_link(UPLOAD.path, label="Go to Upload", icon=":material/upload:")
