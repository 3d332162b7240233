"""Search: what the sidebar's search box found when it could not go straight to one entity:
the entities by any spelling (fund codes too), then the sentences with the words."""
from __future__ import annotations

import streamlit as st

from core.store.queries import search_entities, search_sentences
from ui import data, frame, nav, tables
from ui.labels import md, plural, type_label


def entities(text: str) -> None:
    df = data.fetch(search_entities, text, data.data_dir())
    st.subheader("Entities")
    if df.empty:
        st.caption(f"No entity is called or spelled like “{md(text)}”.")
        return
    st.caption("Select a row to go to the entity: a fund house, fund or manager on Funds, a theme on Themes, "
               "anything else in the Mentions explorer.")
    view = df.assign(kind=df["entity_type"].map(type_label))
    event = st.dataframe(view, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="search_entities", height=tables.table_height(len(df), 10),
                         column_order=["entity", "kind", "matched", "house", "mentions", "articles"],
                         column_config={"entity": st.column_config.TextColumn("Name", width="large"),
                                        "kind": "Type", "matched": st.column_config.TextColumn("Matched spelling"),
                                        "house": st.column_config.TextColumn("Fund house", width="medium"),
                                        "mentions": "Mentions", "articles": "Articles"})
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(df):
        row = df.iloc[rows[0]]
        nav.go_to_entity(str(row["entity"]), str(row["entity_type"]), str(row["house"] or ""))


def sentences(text: str) -> None:
    df = data.fetch(search_sentences, text)
    st.subheader("Sentences")
    if df.empty:
        st.caption(f"No sentence contains “{md(text)}”.")
        return
    total = int(df["total"].iloc[0])
    st.caption((f"The newest {len(df):,} of {total:,} sentences" if total > len(df) else plural(total, "sentence"))
               + f" containing “{md(text)}”, newest first.")
    view = tables.with_links(df)
    st.dataframe(view, hide_index=True, width="stretch", key="search_sentences", height=tables.table_height(len(df)),
                 column_order=[tables.READ, "sentiment", "sentence", "published", "title", "source"],
                 column_config={tables.READ: tables.read_column(), "sentence": tables.SENTENCE, "sentiment": tables.SCORE,
                                "published": tables.PUBLISHED, "title": tables.ARTICLE, "source": tables.SOURCE})


def render() -> None:
    st.title("Search")
    text = st.text_input("Entity, fund code or phrase", key="q", bind="query-params",
                         placeholder="e.g. AXA Puyin, 515070, price war").strip()
    if not text:
        st.caption("Type a name in any spelling, a fund code or words from the articles.")
        return
    entities(text)
    sentences(text)


frame.show(nav.SEARCH, render)
