"""Mentions: the explorer. Every entity mention with its sentence and article, narrowed by the
sidebar filters plus entity and free text; downloads of the filtered view and of everything."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.store import queries
from pages import ui

SHOWN = 2000  # rows drawn in the table; the download has them all
CSV_MOST = 500_000  # beyond this a CSV is built in memory for nothing a spreadsheet can open


def page_filters(f: ui.Filters) -> ui.Filters:
    left, right = st.columns([3, 2])
    names = ui.query("entity_names", f.entity_types)
    entities = left.multiselect("Entity", names, key="mentions_entities", placeholder="All entities",
                                help="Canonical names: every spelling of an entity is counted under one name.")
    text = right.text_input("Text contains", key="mentions_text", placeholder="e.g. Puyin, forecast, GPU",
                            help="Searches the sentence, the canonical name and the spelling as written.")
    return ui.Filters(f.date_from, f.date_to, f.sources, f.themes, f.entity_types, tuple(entities), text)


def downloads(f: ui.Filters, count: int) -> None:
    """Both files are built only when clicked, and the click does not rerun the page."""
    db = ui.db_path()
    left, right = st.columns(2)
    left.download_button(f"Download these {count:,} mentions (CSV)", lambda: queries.mentions_csv(db, f),
                         file_name="mentions_filtered.csv", mime="text/csv", on_click="ignore",
                         icon=":material/download:", key="download_filtered", disabled=not 0 < count <= CSV_MOST,
                         help=None if count <= CSV_MOST else f"More than {CSV_MOST:,} rows: narrow the filters, "
                         "or use `python -m core export` for everything.")
    right.download_button("Download everything (all tables, zip of CSV files)", lambda: queries.export_zip(db),
                          file_name="ai_fund_news_export.zip", mime="application/zip", on_click="ignore",
                          icon=":material/folder_zip:", key="download_all")


def table(df: pd.DataFrame) -> pd.Series | None:
    """The mentions; selecting a row returns it for the evidence panel."""
    view = df.assign(kind=df["entity_type"].map(ui.type_label), found_by=df["method"].map(
        lambda m: ui.METHOD_LABELS.get(m, m)))
    event = st.dataframe(
        view[["published", "entity", "kind", "surface", "sentence", "title", "source", "found_by"]],
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="mentions_table",
        height=ui.table_height(len(df)),
        column_config={
            "published": st.column_config.TextColumn("Published"), "entity": "Entity", "kind": "Type",
            "surface": "Written as", "sentence": st.column_config.TextColumn("Sentence", width="large"),
            "title": st.column_config.TextColumn("Article", width="medium"), "source": "Source",
            "found_by": "Found by"})
    rows = event.selection.rows if event else []
    return df.iloc[rows[0]] if rows and rows[0] < len(df) else None


def evidence(row: pd.Series | None) -> None:
    st.subheader("Evidence")
    if row is None:
        st.caption("Select a row in the table to read its sentence and article here.")
        return
    st.markdown("**Entity:**")
    st.text(f"{row['entity']} ({ui.type_label(row['entity_type'])}), written as “{row['surface']}”")
    st.markdown("**Sentence:**")
    st.text(row["sentence"] or "")
    st.markdown("**Article:**")
    st.text(f"{row['title']}\n{row['published'] or 'no date'} · {row['source'] or 'unknown source'} · "
            f"article {row['article_id']}, sentence {row['sentence_id']}")


def render() -> None:
    if not ui.data_page("Mentions explorer"):
        return
    f = page_filters(ui.filters("dates", "sources", "themes", "entity_types"))
    count = ui.query("count_mentions", f)
    downloads(f, count)
    if not count:
        ui.nothing_matches(f, "mentions")
        return
    st.caption(f"{count:,} mentions match" + (f"; the first {SHOWN:,} are shown, the download has them all."
                                               if count > SHOWN else "."))
    evidence(table(ui.query("mentions", f, SHOWN)))


render()
