"""What every page shares: settings, the cached query runner, the sidebar filters as a `Filters`,
plain-English labels and one chart style. Presentation only: the data logic is in core.store.queries.

Caching: each query result is cached by its arguments plus a "data version" (article count,
latest ingestion, mention count, user entities), so an upload or a re-analysis shows at once.
Connections are not cached across runs: another process may write the file, and DuckDB lets a
writer in only while no one reads. Within one run of the app (see app.py) the queries that miss
the cache share one read-only connection, opened at the first miss and closed when the run ends:
opening one costs ~12 ms (a DuckDB instance with its threads), a page runs several queries, and
the connection is held for well under a second. A page that writes calls `writing()` first, which
closes it, because DuckDB refuses a writer beside a reader of the same file even in one process.
"""
from __future__ import annotations

import math
import runpy
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from core.settings import Settings
from core.store import queries
from core.store.queries import Filters

ENTITY_LABELS = {
    "FUND_HOUSE": "Fund house", "FUND": "Fund", "MANAGER": "Fund manager", "COMPANY": "Company",
    "PRODUCT": "Product", "THEME": "Theme", "PERSON": "Person", "ORG": "Organisation",
}
METHOD_LABELS = {
    "gazetteer": "name in the gazetteer", "alias": "listed spelling", "pinyin": "pinyin spelling",
    "rule": "generated spelling", "fuzzy": "close spelling (fuzzy)", "pattern": "text pattern",
    "model": "language model",
}
PERIOD_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter", "year": "Year"}

# Session-state keys of the sidebar widgets (app.py) and the Filters field each one feeds.
ANY_DATE, BETWEEN = "Any date", "Between dates"
FILTER_FIELDS = {"dates": ("date_from", "date_to"), "sources": ("sources",), "themes": ("themes",),
                 "entity_types": ("entity_types",)}
FILTER_NAMES = {"dates": "Published", "sources": "Source", "themes": "Theme", "entity_types": "Entity type"}
WIDGET_KEYS = ("f_period", "f_dates", "f_sources", "f_themes", "f_types")

COLORS = ["#1f5f8b", "#e07b39", "#3a9d5d", "#c0392b", "#8e6bbf", "#8c6d31", "#d35fa0", "#7f8c8d",
          "#17a2b8", "#b5a400"]
POSITIVE, NEGATIVE, NEUTRAL = "#2e8b57", "#c0392b", "#95a5a6"
TEMPLATE = pio.templates["plotly_white"]


ROUTED_KEY = "_routed"
APP_PATH = Path(__file__).resolve().parents[1] / "app.py"


def via_router() -> None:
    """Make sure this page runs inside app.py (sidebar filters, menu, wide layout).

    Streamlit treats a `pages/` folder beside the entry script as an old-style multipage app
    until the entry script calls st.navigation, so the first request of a fresh server straight
    to /themes (a bookmark, a reload) would run this file alone. Then switch that mode off and
    run the router in this same run (a rerun would lose a button click), which runs the page.
    A page started on its own as the main script is left alone.
    """
    if st.session_state.get(ROUTED_KEY):
        return
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP_PATH), run_name="__main__")
        st.stop()


# --- data -----------------------------------------------------------------------------------

def settings() -> Settings:
    """Fresh settings on every run, so NEWS_DB is read where the app is started (and in tests)."""
    return Settings()


def db_path() -> str:
    return str(settings().db_path)


class _RunReader(threading.local):
    """The read-only connection shared by one script run (one per thread: Streamlit runs each
    session's script in a thread of its own). `stack` is None outside `one_connection()`."""

    stack: ExitStack | None = None
    con: Any = None
    db: str = ""


_reader = _RunReader()


@contextmanager
def one_connection() -> Iterator[None]:
    """Let the queries of this run share one read-only connection (app.py wraps each run in it)."""
    _reader.stack, _reader.con, _reader.db = ExitStack(), None, ""
    try:
        yield
    finally:
        release()
        _reader.stack = None


def release() -> None:
    """Close this run's read connection, if one is open; the next query opens a fresh one."""
    if _reader.stack is not None:
        _reader.stack.close()
    _reader.con, _reader.db = None, ""


@contextmanager
def writing() -> Iterator[None]:
    """Wrap every write of a page (ingest, re-analysis, user entities): the run's read connection
    is closed first, or the writer would wait on this very process for the lock timeout."""
    release()
    yield


def _read(db: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    query = getattr(queries, name)
    if _reader.stack is None:  # a page run outside app.py: a connection per query
        return queries.run(db, query, *args, **kwargs)
    if _reader.con is None or _reader.db != db:
        release()
        _reader.con, _reader.db = _reader.stack.enter_context(queries.reading(db)), db
    return query(_reader.con, *args, **kwargs)


def refresh_version() -> tuple[Any, ...]:
    """Read the data version now; app.py does it once per run, a page again after it writes."""
    version = _read(db_path(), "data_version", (), {})
    st.session_state["_data_version"] = version
    return version


def version() -> tuple[Any, ...]:
    return st.session_state.get("_data_version") or _read(db_path(), "data_version", (), {})


@st.cache_data(show_spinner=False, max_entries=500)
def _cached(db: str, data_version: tuple[Any, ...], name: str, args: tuple[Any, ...],
            kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return _read(db, name, args, dict(kwargs))


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """`core.store.queries.<name>(con, *args)`, cached by database, data version and arguments."""
    return _cached(db_path(), version(), name, args, tuple(sorted(kwargs.items())))


def data_dir() -> Any:
    return settings().data_dir


# --- filters --------------------------------------------------------------------------------

def full_filters() -> Filters:
    """Every sidebar filter as set, whether or not a page applies it."""
    ss = st.session_state
    date_from = date_to = None
    if ss.get("f_period") == BETWEEN:
        picked = ss.get("f_dates") or ()
        picked = picked if isinstance(picked, (tuple, list)) else (picked,)
        days = [d for d in picked if isinstance(d, date)]
        if days:
            date_from = days[0].isoformat()
        if len(days) > 1:
            date_to = days[1].isoformat()
    return Filters(date_from=date_from, date_to=date_to, sources=tuple(ss.get("f_sources") or ()),
                   themes=tuple(ss.get("f_themes") or ()), entity_types=tuple(ss.get("f_types") or ()))


def _describe(f: Filters, name: str) -> str:
    if name == "dates":
        return f"{FILTER_NAMES[name]} {f.date_from or '…'} to {f.date_to or '…'}"
    values = getattr(f, FILTER_FIELDS[name][0])
    if name == "entity_types":
        values = [type_label(v) for v in values]
    return f"{FILTER_NAMES[name]}: {', '.join(md(v) for v in values)}"


def filters(*uses: str) -> Filters:
    """The sidebar filters this page applies (names from FILTER_FIELDS), with a one-line note of
    what is active and which active filters this page ignores."""
    full = full_filters()
    active = [n for n in FILTER_FIELDS if any(getattr(full, k) for k in FILTER_FIELDS[n])]
    used = [n for n in active if n in uses]
    ignored = [n for n in active if n not in uses]
    parts = []
    if used:
        parts.append("Filtered by " + "; ".join(_describe(full, n) for n in used) + ".")
    if ignored:
        parts.append("Not used on this page: " + ", ".join(FILTER_NAMES[n].lower() for n in ignored) + ".")
    if parts:
        st.caption(" ".join(parts))
    return full.only(*[k for n in uses for k in FILTER_FIELDS[n]])


def is_filtered(f: Filters) -> bool:
    return f != Filters()


def nothing_matches(f: Filters, what: str) -> None:
    """The empty state: says whether the filters or an empty database are the reason."""
    if is_filtered(f):
        st.info(f"No {what} match the current filters. Widen the date range or clear filters in the sidebar.")
    else:
        st.info(f"No {what} yet. Add articles on the Upload page (or load the samples from Home).")


def data_page(title: str) -> bool:
    """Open a page that charts stored articles: route, title, and the empty-database note.
    False when there is nothing to show, so the page stops there."""
    via_router()
    st.title(title)
    if database_is_empty():
        empty_database_note()
        return False
    return True


def database_is_empty() -> bool:
    return not version()[0]


def empty_database_note() -> None:
    st.info("The database has no articles yet. Upload news files on the Upload page, or load the sample "
            "articles from the Home page.")
    st.page_link("pages/upload.py", label="Go to Upload", icon=":material/upload:")


# --- labels ---------------------------------------------------------------------------------

def type_label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, entity_type.replace("_", " ").capitalize())


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:=")


def md(text: object) -> str:
    """Text from the database made inert inside st.caption/subheader/success, which read markdown:
    a source or entity name comes from an article and must show as written, never as formatting."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))


def plain(text: object) -> str:
    """A name safe for plotly, whose labels understand a few HTML tags: angle brackets become
    look-alikes, so a name taken from article text cannot turn into markup."""
    return str(text).replace("<", "‹").replace(">", "›")


def short(text: str, width: int = 34) -> str:
    text = plain(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def short_labels(names: list[str], width: int = 34) -> list[str]:
    """Shortened axis labels, kept distinct (two names cut to the same label would merge)."""
    labels = [short(n, width) for n in names]
    return labels if len(set(labels)) == len(labels) else [plain(n) for n in names]


def period_label(period: str) -> str:
    return PERIOD_LABELS.get(period, period)


def period_name(day: date, period: str) -> str:
    """How a period starting on `day` is called: "Feb 2024", "Q1 2024", "week of 05 Feb 2024"."""
    if period == "week":
        return f"week of {day:%d %b %Y}"
    if period == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return f"{day:%Y}" if period == "year" else f"{day:%b %Y}"


def scale(value: float) -> tuple[float, str]:
    """A divisor and word that make an amount readable: 720200000000 -> (1e9, "billion")."""
    size = abs(float(value)) if value == value else 0.0  # NaN -> 0
    for divisor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if size >= divisor:
            return divisor, word
    return 1.0, ""


def amount(value: float, unit: str) -> str:
    """720200000000, "CNY" -> "720.2 billion CNY"; 26.5, "%" -> "26.5 %"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "%":
        return f"{value:g} %"
    divisor, word = scale(value)
    return " ".join(p for p in (f"{value / divisor:,.4g}", word, unit) if p)


# --- charts ---------------------------------------------------------------------------------

def style(fig: go.Figure, title: str, x_title: str, y_title: str, height: int | None = None,
          legend_title: str | None = None) -> go.Figure:
    """One look for every chart: a title that says what is counted, axis titles, readable hovers."""
    # Setting a template validates and deep-copies it, ~10 ms a chart, most of a warm page's time.
    # This one was validated when plotly built it, so it is set as plotly sets its own default
    # template (BaseFigure._initialize_layout_template): with validation off for that one step.
    fig.layout._validate = False
    try:
        fig.layout.template = TEMPLATE
    finally:
        fig.layout._validate = True
    fig.update_layout(  # one update: each is a walk over the figure's properties
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"size": 13}, colorway=COLORS,
        margin={"l": 10, "r": 10, "t": 56, "b": 10}, hoverlabel={"bgcolor": "white", "font": {"size": 13}},
        legend={"title": {"text": legend_title or ""}},
        xaxis={"title": {"text": x_title}, "automargin": True}, yaxis={"title": {"text": y_title}, "automargin": True},
        **({"height": height} if height else {}),
    )
    return fig


def show(fig: go.Figure, key: str | None = None, selectable: bool = False) -> Any:
    """Draw a figure; with `selectable`, clicking a bar or cell reruns the page with the selection."""
    config = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
    if selectable:
        return st.plotly_chart(fig, width="stretch", key=key, on_select="rerun", selection_mode="points",
                               config=config)
    st.plotly_chart(fig, width="stretch", key=key, config=config)
    return None


def clicked(event: Any, field: str, memo_key: str) -> str | None:
    """The value a user just clicked in a selectable chart (`field` is "x", "y" or "customdata"),
    once per click: the chart keeps its selection across reruns, the page should not."""
    points = (getattr(getattr(event, "selection", None), "points", None) or []) if event else []
    value = None
    if points:
        raw = points[0].get(field)
        value = raw[0] if isinstance(raw, list) and raw else raw
    if value is not None and value != st.session_state.get(memo_key):
        st.session_state[memo_key] = value
        return str(value)
    if value is None:
        st.session_state.pop(memo_key, None)
    return None


def clicked_row(values: pd.Series, rows: list[int], memo_key: str) -> str | None:
    """The value of the row a user just selected in a dataframe, once per selection."""
    value = str(values.iloc[rows[0]]) if rows and rows[0] < len(values) else None
    if value is not None and value != st.session_state.get(memo_key):
        st.session_state[memo_key] = value
        return value
    if value is None:
        st.session_state.pop(memo_key, None)
    return None


def pick(label: str, options: list[str], key: str, clicked: str | None = None, help: str | None = None) -> str:
    """A selectbox that a chart click or table selection can set, and that forgets a value the
    current filters no longer offer."""
    if clicked in options:
        st.session_state[key] = clicked
    elif st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    return st.selectbox(label, options, key=key, help=help)


def bar_height(n: int) -> int:
    return max(260, 90 + 28 * n)


def table_height(rows: int, most: int = 15) -> int:
    """Pixels that show `rows` rows (up to `most`) without an inner scrollbar."""
    return 38 + 35 * max(1, min(rows, most))
