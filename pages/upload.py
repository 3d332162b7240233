"""Upload: many news files at once, each ingested once, then a result line per file.

Streamlit reruns the page on every interaction and the uploader keeps its files, so the ids of
the files already ingested are kept in session_state: a rerun shows the results again instead
of ingesting again.
"""
from __future__ import annotations

from dataclasses import asdict

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core.errors import StoreBusy, StoreUnusable
from core.read import SUPPORTED_EXTENSIONS
from core.run import INGESTED, PRESENT, REFUSED, ingest_uploads
from ui import data, frame, nav, tables

DONE_KEY, RESULTS_KEY = "uploads_done", "upload_results"


def pending(files: list[UploadedFile]) -> list[UploadedFile]:
    done = st.session_state.setdefault(DONE_KEY, set())
    return [f for f in files if f.file_id not in done]


def ingest(files: list[UploadedFile]) -> None:
    """Ingest the new files with a progress bar; keep their results for the table."""
    bar = st.progress(0.0, text=f"Reading {len(files)} file(s)…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Analysed {done} of {total}: {name}")

    try:
        with data.writing():
            results = ingest_uploads([(f.name, f.getvalue()) for f in files], data.settings(), progress)
    except (StoreBusy, duckdb.ConnectionException) as exc:
        # Another process, or another browser tab of this dashboard, holds the database file.
        bar.empty()
        st.error(f"The database is busy ({type(exc).__name__}). Upload the files again in a moment: "
                 "articles already stored will show as already present.")
        return
    except StoreUnusable as exc:  # checked before any file is analysed
        bar.empty()
        st.error(f"The files were not ingested: the database {exc}.")
        return
    st.session_state[DONE_KEY].update(f.file_id for f in files)
    st.session_state[RESULTS_KEY] = [asdict(r) for r in results] + st.session_state.get(RESULTS_KEY, [])
    data.refresh_version()
    st.rerun()  # redraw the sidebar and the other pages' data with the new articles


def results_table(rows: list[dict]) -> None:
    """One line per file: the counts first, the reason of a refusal last (and only when a file was refused)."""
    df = pd.DataFrame(rows)
    counts = {s: int((df["status"] == s).sum()) for s in (INGESTED, PRESENT, REFUSED)}
    summary = f"{counts[INGESTED]} ingested, {counts[PRESENT]} already present, {counts[REFUSED]} refused."
    (st.warning if counts[REFUSED] else st.success)(summary)
    df[tables.READ] = [nav.article_href(a) if a else None for a in df["article_id"]]
    new = df["status"] == INGESTED  # counts only for what this upload added
    df["mentions"], df["numbers"] = df["mentions"].where(new), df["numbers"].where(new)
    # One column says what each file gave: the article's title, or why it was refused.
    df["detail"] = [f"Refused: {r}" if s == REFUSED else t for s, r, t in zip(df["status"], df["reason"], df["title"],
                                                                              strict=True)]
    st.dataframe(df, hide_index=True, width="stretch", key="upload_results", placeholder="",
                 column_order=[tables.READ, "file_name", "status", "mentions", "numbers", "detail"], column_config={
                     tables.READ: tables.read_column("the article"),
                     "file_name": st.column_config.TextColumn("File", width="medium"),
                     "status": st.column_config.TextColumn("Result", width=120),
                     "mentions": st.column_config.NumberColumn("Mentions", width="small",
                                                               help="Entity mentions found in a new article"),
                     "numbers": st.column_config.NumberColumn("Numbers", width="small",
                                                              help="Numbers found in a new article"),
                     "detail": st.column_config.TextColumn("Article title, or why the file was refused",
                                                           width="large")})
    if st.button("Clear this list", key="clear_results"):
        st.session_state.pop(RESULTS_KEY, None)
        st.rerun()


def render() -> None:
    st.title("Upload articles")
    types = ", ".join(e for e in SUPPORTED_EXTENSIONS if e != ".zip")
    st.caption(f"Add news articles as {types} files, or .zip archives of them; up to 50 MB per file. "
               "The same story uploaded twice is stored once.")
    files = st.file_uploader("News files", accept_multiple_files=True, key="uploader",
                             help="Select or drop many files at once. Each is read, cleaned and analysed: "
                                  "entities, themes, numbers and sentiment.")
    new = pending(list(files or []))
    if new:
        ingest(new)
    rows = st.session_state.get(RESULTS_KEY)
    if rows:
        st.subheader("Results")
        results_table(rows)
    elif not files:
        st.info("No files uploaded in this session yet.")


frame.show(nav.UPLOAD, render)
