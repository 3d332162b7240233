"""Mentions: the explorer. Every entity mention with its sentence and article, narrowed by the
sidebar filters plus entity and free text; downloads of the filtered view and of everything."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.store.queries import (
    Filters,
    count_mentions,
    entity_names,
    export_zip,
    mentions,
    mentions_csv,
    sentence_context,
)
from ui import data, frame, nav, state, tables
from ui.labels import day_name, md, method_label, plural, tone_label, tone_score, type_label

SHOWN = 2000  # rows drawn in the table; the download has them all
CSV_MOST = 500_000  # beyond this a CSV is built in memory for nothing a spreadsheet can open


def page_filters(f: Filters) -> Filters:
    left, right = st.columns([3, 2])
    names = data.fetch(entity_names, f.entity_types)
    with left:
        entities = st.multiselect("Entity", names, key="entity", placeholder="All entities", bind="query-params",
                                  help="Canonical names: every spelling of an entity is counted under one name.")
    with right:
        text = st.text_input("Text contains", key="text", placeholder="e.g. Puyin, forecast, GPU", bind="query-params",
                             help="Searches the sentence, the canonical name and the spelling as written.")
    return Filters(f.date_from, f.date_to, f.sources, f.themes, f.entity_types, tuple(entities), text)


def downloads(f: Filters, count: int) -> None:
    """Both files are built only when clicked, and the click does not rerun the page. The CSV
    files start with a byte-order mark, so Excel reads Chinese text correctly."""
    db = data.db_path()
    left, right = st.columns(2)
    left.download_button(f"Download these {count:,} mentions (CSV)", lambda: mentions_csv(db, f),
                         file_name="mentions_filtered.csv", mime="text/csv", on_click="ignore",
                         icon=":material/download:", key="download_filtered", disabled=not 0 < count <= CSV_MOST,
                         help=None if count <= CSV_MOST else f"More than {CSV_MOST:,} rows: narrow the filters, "
                         "or use `python -m core export` for everything.")
    right.download_button("Download everything (all tables, zip of CSV files)", lambda: export_zip(db),
                          file_name="ai_fund_news_export.zip", mime="application/zip", on_click="ignore",
                          icon=":material/folder_zip:", key="download_all")


def table(df: pd.DataFrame) -> pd.Series | None:
    """The mentions; selecting a row returns it for the evidence panel."""
    view = tables.with_links(df).assign(kind=df["entity_type"].map(type_label),
                                        found_by=df["method"].map(method_label))
    event = st.dataframe(
        view, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="mentions_table",
        height=tables.table_height(len(df)),
        column_order=[tables.READ, "entity", "kind", "surface", "sentence", "published", "title", "source", "found_by"],
        column_config={
            tables.READ: tables.read_column(), "published": st.column_config.TextColumn("Published", width="small"),
            "entity": st.column_config.TextColumn("Entity", width="medium"),
            "kind": st.column_config.TextColumn("Type", width=100),
            "surface": st.column_config.TextColumn("Written as", width="small"), "sentence": tables.SENTENCE,
            "title": tables.ARTICLE, "source": tables.SOURCE,
            "found_by": st.column_config.TextColumn("Found by", width="small")})
    rows = event.selection.rows if event else []
    return df.iloc[rows[0]] if rows and rows[0] < len(df) else None


def evidence(row: pd.Series | None) -> None:
    """The selected mention in its article: the sentence with the one before and after it."""
    st.subheader("Evidence")
    if row is None:
        st.caption("Select a row in the table to read its sentence in context here.")
        return
    context = data.fetch(sentence_context, str(row["article_id"]), int(row["sentence_id"]), 1)
    st.markdown(f"**{md(row['entity'])}** ({type_label(row['entity_type'])}), written as “{md(row['surface'])}”, "
                f"found by {method_label(row['method'])}.")
    if not context.empty:
        first = context.iloc[0]
        st.caption(f"{md(first['title'])} · {day_name(first['published'])} · {md(first['source'] or 'unknown source')}")
        lines = []
        for _, s in context.iterrows():
            text = md(s["text"])
            tone = f" :gray[({tone_label(s['label']).lower()} {tone_score(s['sentiment'])})]" if s["label"] else ""
            lines.append(f"**{text}**{tone}" if s["sentence_id"] == row["sentence_id"] else f":gray[{text}]")
        with st.container(border=True):
            st.markdown("\n\n".join(lines))
    nav.article_link(str(row["article_id"]), int(row["sentence_id"]), "Open the article at this sentence")


def render() -> None:
    if not state.data_page("Mentions explorer"):
        return
    f = page_filters(state.filters(nav.MENTIONS.filters))
    count = data.fetch(count_mentions, f)
    downloads(f, count)
    if not count:
        state.nothing_matches(f, "mentions")
        return
    more = f"; the first {SHOWN:,} are shown, the download has them all." if count > SHOWN else "."
    st.caption(f"{plural(count, 'mention')} match{'es' if count == 1 else ''}{more}")
    evidence(table(data.fetch(mentions, f, SHOWN)))


frame.show(nav.MENTIONS, render)
