"""Connections to the database file, with the one wait-and-retry every caller shares.

DuckDB lets one process write a file at a time. Writers therefore hold the file only while they
write a batch, and every opener retries on the lock until its timeout, so two ingests and a
dashboard can share one database: they take turns rather than fail. Opening also checks that the
file is a database of ours and brings its schema up to date (see `schema`).
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from core.errors import StoreBusy, StoreUnusable
from core.store.schema import migrate, pending

log = logging.getLogger(__name__)

T = TypeVar("T")

# Settings of every read connection. DuckDB's default memory limit is 80 % of the machine's RAM per
# database instance, and each read connection is an instance of its own; the dashboard's queries
# need well under this (their largest hash tables are per-article aggregates), and a query that
# needs more spills to disk instead of growing the process. Result order always comes from ORDER BY,
# so DuckDB need not keep insertion order (which costs memory on large results).
READ_SETTINGS = {"memory_limit": "256MiB", "preserve_insertion_order": "false"}


def is_busy(exc: BaseException) -> bool:
    """Whether a DuckDB error means "another connection holds the file": worth waiting for.

    "different configuration" is DuckDB refusing a second handle of one process with other
    settings (the dashboard writing in one session while reading in another): also a wait.
    """
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and (
        "lock" in text or "conflicting" in text or "being used" in text or "different configuration" in text)


def retry_busy(call: Callable[[], T], timeout_s: float = 60.0, what: str = "the database") -> T:
    """Run `call`, retrying with backoff while the file is held by another writer.

    Raises StoreBusy once `timeout_s` has passed; any other error goes through at once.
    """
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            return call()
        except duckdb.Error as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{what} is in use by another process; try again in a moment") from exc
            log.info("%s is locked by another process, waiting", what)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _unusable(path: Path, exc: duckdb.Error) -> StoreUnusable:
    text = str(exc).lower()
    if path.is_file() and path.stat().st_size == 0:
        reason = "is an empty file (0 bytes), not a DuckDB database file"
    elif "not a valid duckdb database" in text or "unable to open" in text and "magic" in text:
        reason = "is not a DuckDB database file"
    elif "read-only" in text or "readonly" in text or "permission" in text or "not permitted" in text:
        reason = "cannot be written (read-only or immutable file, or a read-only folder)"
    elif _damaged(exc):
        reason = "is damaged or truncated"
    else:
        reason = f"cannot be opened ({str(exc).splitlines()[0][:120]})"
    return StoreUnusable(reason, path)


def _damaged(exc: BaseException) -> bool:
    """Whether an error (or the one it was raised while handling) says the file's bytes are broken."""
    while exc is not None:
        text = str(exc).lower()
        if isinstance(exc, duckdb.Error) and any(
                w in text for w in ("corrupt", "truncated", "checksum", "could not read enough bytes",
                                    "not a valid duckdb", "invalid block", "failed to deserialize")):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def check_path(path: Path) -> None:
    """Refuse, with one plain line, a database path that can never work: a folder, or a file under a file."""
    if path.is_dir():
        raise StoreUnusable("is a folder, not a database file", path)
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreUnusable(f"cannot be created: {parent} is a file, not a folder", path)
            break


def _check_size(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file too short to hold the blocks in use that its header counts: a truncated copy
    opens, then fails mid-query. Free blocks at the end need not be on disk, so only used ones
    count. (With a write-ahead log beside it, blocks may not be on disk yet: no check.)"""
    if Path(f"{path}.wal").exists():
        return
    rows = con.execute("SELECT block_size, used_blocks FROM pragma_database_size() "
                       "WHERE database_name = current_database()").fetchall()
    if rows and path.stat().st_size < _HEADER_BYTES + int(rows[0][0]) * int(rows[0][1]):
        raise StoreUnusable("is damaged or truncated", path)


# DuckDB's file header: three 4 KiB blocks before the data blocks.
_HEADER_BYTES = 3 * 4096


def check_target(path: Path | str, timeout_s: float = 60.0) -> None:
    """Before a long analysis: refuse, with one plain line, a database that could not take its
    results (a folder, a file that is not ours, a damaged, read-only or immutable file, a folder
    that cannot be written). An existing database of ours is migrated here, as any opening does."""
    path = Path(path)
    check_path(path)
    if path.exists():
        with connect(path, timeout_s=timeout_s):
            pass
    folder = next((p for p in path.parents if p.exists()), Path("."))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreUnusable(f"cannot be created: the folder {folder} cannot be written", path)


def _open(path: Path, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    def attempt() -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if is_busy(exc):
                raise
            raise _unusable(path, exc) from exc
    return retry_busy(attempt, timeout_s, f"the database {path}")


@contextmanager
def connect(path: Path | str, read_only: bool = False, timeout_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the database file, migrated to the current schema.

    Waits for another process's lock up to `timeout_s`, then raises StoreBusy; raises
    StoreUnusable (one plain reason) for a path or file that is not a database of ours. A
    read-only connection to a file that does not exist yet is an empty in-memory database with
    the schema; one to a database of an older schema migrates it first (briefly read-write).
    """
    path = Path(path)
    check_path(path)
    if read_only and not path.exists():
        con = duckdb.connect(":memory:")
        migrate(con)
        try:
            yield con
        finally:
            con.close()
        return
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, timeout_s)
    try:
        try:
            _check_size(con, path)
            outdated = pending(con)
        except StoreUnusable as exc:
            raise exc.at(path) from None
        except duckdb.Error as exc:
            raise _unusable(path, exc) from exc
        if outdated:
            if read_only:
                con.close()
                con = _migrated_then_read_only(path, timeout_s)
            else:
                migrate(con)
        try:
            yield con
        except duckdb.Error as exc:
            if _damaged(exc):
                raise StoreUnusable("is damaged or truncated", path) from exc
            raise
    finally:
        con.close()


def _migrated_then_read_only(path: Path, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a database of an older schema, after migrating it read-write."""
    try:
        writer = _open(path, False, timeout_s)
    except StoreUnusable as exc:
        raise StoreUnusable(f"is from an earlier release of the tracker and must be updated, but {exc.reason}",
                            path) from None
    try:
        migrate(writer)
    finally:
        writer.close()
    return _open(path, True, timeout_s)


@contextmanager
def reading(db_path: Path | str, timeout_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only connection with the dashboard's memory settings, so an ingest running
    elsewhere can take the file next."""
    with connect(Path(db_path), read_only=True, timeout_s=timeout_s) as con:
        for name, value in READ_SETTINGS.items():
            con.execute(f"SET {name} = '{value}'")
        yield con


def run(db_path: Path | str, query: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`query(con, *args)` on a fresh read-only connection to `db_path`."""
    with reading(db_path) as con:
        return query(con, *args, **kwargs)
