"""The dashboard's one way to read the database: `fetch(query, *args)`, typed and cached.

`fetch(themes.theme_ranking, f, data_dir())` calls the query function itself, so mypy and a
reader can follow it, and caches the result by the function's name, its arguments, the database
path and a "data version" (article count, latest ingestion, mention count, user entities, the
version every write bumps), so an upload or a re-analysis shows at once.

Connections are not cached across runs: another process may write the file, and DuckDB lets a
writer in only while no one reads. Within one run of the app (see app.py) the queries that miss
the cache share one read-only connection, opened at the first miss and closed when the run ends:
opening one costs ~12 ms (a DuckDB instance with its threads), a page runs several queries, and
the connection is held for well under a second. A page that writes calls `writing()` first,
which closes it, because DuckDB refuses a writer beside a reader of the same file even in one
process.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import duckdb
import streamlit as st

from core.settings import Settings
from core.store import queries

P = ParamSpec("P")
T = TypeVar("T")
Query = Callable[Concatenate[duckdb.DuckDBPyConnection, P], T]
VERSION_KEY = "_data_version"


def settings() -> Settings:
    """Fresh settings on every run, so NEWS_DB is read where the app is started (and in tests)."""
    return Settings()


def db_path() -> str:
    return str(settings().db_path)


def data_dir() -> Path:
    return Path(settings().data_dir)


class _RunReader(threading.local):
    """The read-only connection shared by one script run (one per thread: Streamlit runs each
    session's script in a thread of its own). `stack` is None outside `one_connection()`."""

    stack: ExitStack | None = None
    con: duckdb.DuckDBPyConnection | None = None
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


def _read(db: str, query: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """Run one query on this run's connection (or on its own when no run is open)."""
    if _reader.stack is None:  # a page run outside app.py: a connection per query
        return queries.run(db, query, *args, **kwargs)
    if _reader.con is None or _reader.db != db:
        release()
        _reader.con, _reader.db = _reader.stack.enter_context(queries.reading(db)), db
    return query(_reader.con, *args, **kwargs)


def refresh_version() -> tuple[Any, ...]:
    """Read the data version now; app.py does it once per run, a page again after it writes."""
    version = _read(db_path(), queries.data_version, (), {})
    st.session_state[VERSION_KEY] = version
    return version


def version() -> tuple[Any, ...]:
    return st.session_state.get(VERSION_KEY) or refresh_version()


def database_is_empty() -> bool:
    return not version()[0]


@st.cache_data(show_spinner=False, max_entries=500)
def _cached(db: str, data_version: tuple[Any, ...], name: str, _query: Callable[..., Any],
            args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    # `_query` is left out of the cache key (leading underscore); `name` stands for it.
    return _read(db, _query, args, dict(kwargs))


def fetch(query: Query[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`query(con, *args, **kwargs)`, cached by database, data version, query and arguments.
    Each call gets its own copy of the result (st.cache_data unpickles it), so a page may change it."""
    name = f"{query.__module__}.{query.__qualname__}"
    return _cached(db_path(), version(), name, query, args, tuple(sorted(kwargs.items())))
