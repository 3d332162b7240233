"""Articles: the list of stored articles, and the reader for one of them.

`?id=<article_id>` opens the reader: the text with every mention coloured by type, numbers in
bold and the tone of each sentence; then the sentences, numbers and names as tables, and the
link to the source where the article came from a URL. `&s=<sentence_id>` marks the sentence a
table linked to and shows it first, with the sentences around it.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from core.store.queries import ArticleView, Filters, article_list, article_view
from ui import data, frame, nav, state, tables
from ui.highlight import TYPE_COLORS, legend, paragraphs, sentence_markdown
from ui.labels import amount, day_name, md, plural, tone_label, tone_score, type_label


def article_table(f: Filters) -> None:
    text = st.text_input("Find an article", key="find", placeholder="words of the title, a source or a file name",
                         bind="query-params")
    df = data.fetch(article_list, f, text)
    if df.empty:
        state.nothing_matches(f if not text else Filters(text=text), "articles")
        return
    total = int(df["total"].iloc[0])
    shown = f"the newest {len(df):,} of {total:,}" if total > len(df) else plural(total, "article")
    st.caption(f"{shown[0].upper()}{shown[1:]}, newest first. Open one to read it with every name highlighted.")
    view = tables.with_links(df, sentence=False).assign(tone_text=[tone_score(t) for t in df["tone"]])
    st.dataframe(view, hide_index=True, width="stretch", key="articles_table", height=tables.table_height(len(df), 20),
                 column_order=[tables.READ, "published", "title", "source", "mentions", "n_words", "tone_text"],
                 column_config={tables.READ: tables.read_column("the article"), "published": tables.PUBLISHED,
                                "title": st.column_config.TextColumn("Title", width="large"), "source": tables.SOURCE,
                                "mentions": st.column_config.NumberColumn("Mentions", width="small"),
                                "n_words": st.column_config.NumberColumn("Words", width="small"),
                                "tone_text": st.column_config.TextColumn("Tone", width="small",
                                                                         help="Mean sentence score, −1 … +1")})


def header(view: ArticleView) -> None:
    meta = view.meta
    st.page_link(nav.ARTICLES.path, label="All articles", icon=":material/arrow_back:")
    st.title(md(meta["title"] or meta["file_name"] or "Untitled article"))
    parts = [day_name(meta["published"]), md(meta["source"] or "unknown source"),
             plural(int(meta["n_words"] or 0), "word"), f"file {md(meta['file_name'])}" if meta["file_name"] else ""]
    removed = meta.get("chars_removed")
    if removed == removed and removed:  # not NULL (articles stored before it was counted) and not 0
        parts.append(f"cleaning removed {plural(int(removed), 'character')} of site chrome, datelines and closing "
                     "notices")
    st.caption(" · ".join(p for p in parts if p))
    url = str(meta.get("url") or "")
    if urlparse(url).scheme in ("http", "https"):
        st.link_button("Read it at the source", url, icon=":material/open_in_new:")
    if meta.get("duplicate_of"):
        st.info("The same story, published earlier elsewhere, is stored too; it counts once in the charts.")
        nav.article_link(str(meta["duplicate_of"]), label=f"Open the earlier copy: {md(meta['duplicate_title'] or '')}")
    tone = view.sentences["sentiment"].mean() if len(view.sentences) else float("nan")
    cols = st.columns(4)
    cols[0].metric("Sentences", f"{len(view.sentences):,}")
    cols[1].metric("Names found", f"{view.mentions['entity'].nunique():,}",
                   help=f"{plural(len(view.mentions), 'mention')} in all")
    cols[2].metric("Numbers", f"{len(view.numbers):,}")
    cols[3].metric("Mean tone", tone_score(tone) or "–", help="Mean sentence score, −1 (negative) … +1 (positive)")


def came_for(view: ArticleView, target: int) -> None:
    """The sentence a table linked to, with the one before and after it."""
    s = view.sentences
    rows = s[(s["sentence_id"] >= target - 1) & (s["sentence_id"] <= target + 1)]
    if not (rows["sentence_id"] == target).any():
        st.warning(f"This article has no sentence number {target}; showing the whole text.")
        return
    with st.container(border=True):
        st.markdown("**The sentence you opened, with the sentences around it**")
        for row in rows.itertuples():
            text = sentence_markdown(str(row.text), int(row.start), view.mentions, view.numbers)
            tone = f" :gray[({tone_label(row.label).lower()} {tone_score(row.sentiment)})]" if row.label else ""
            st.markdown(f"**{text}**{tone}" if row.sentence_id == target else f":gray[{text}]")


def text_tab(view: ArticleView, target: int | None) -> None:
    types = [t for t in TYPE_COLORS if t in set(view.mentions["entity_type"])]
    types += sorted(set(view.mentions["entity_type"]) - set(types))
    left, right = st.columns(2)
    tone = left.toggle("Mark the tone of each sentence", value=True, key="mark_tone",
                       help="A green or red badge after each positive or negative sentence, with its score.")
    canonical = right.toggle("Show canonical names", value=False, key="show_canonical",
                             help="After each name written differently, the name it is counted under.")
    if types:
        st.markdown("Colours: " + legend(types, type_label) + "  **numbers in bold**")
    with st.container(border=True):
        st.markdown("\n\n".join(paragraphs(view.body, view.mentions, view.numbers, view.sentences, tone, target,
                                           canonical)))


def sentences_tab(view: ArticleView) -> None:
    df = view.sentences.assign(tone=view.sentences["label"].map(tone_label),
                               themes=view.sentences["themes"].str.replace(";", ", "))
    st.dataframe(df, hide_index=True, width="stretch", key="reader_sentences",
                 column_order=["sentence_id", "sentiment", "tone", "text", "themes"],
                 column_config={"sentence_id": st.column_config.NumberColumn("#", width="small"),
                                "sentiment": tables.SCORE, "tone": tables.TONE, "text": tables.SENTENCE,
                                "themes": st.column_config.TextColumn("Themes", width="medium")})


def numbers_tab(view: ArticleView) -> None:
    if view.numbers.empty:
        st.caption("No numbers were found in this article.")
        return
    df = view.numbers.assign(amount=[amount(v, u) for v, u in zip(view.numbers["value"], view.numbers["unit"],
                                                                  strict=True)],
                             year=[str(int(y)) if pd.notna(y) else "" for y in view.numbers["year"]])
    st.dataframe(df, hide_index=True, width="stretch", key="reader_numbers",
                 column_order=["text", "amount", "kind", "year", "subject", "sentence_id"],
                 column_config={"text": "Written as", "amount": "Value", "kind": "Kind", "year": "Year",
                                "subject": st.column_config.TextColumn("About", width="large"),
                                "sentence_id": st.column_config.NumberColumn("Sentence #", width="small")})


def names_tab(view: ArticleView) -> None:
    if view.mentions.empty:
        st.caption("No names were found in this article.")
        return
    names = (view.mentions.groupby(["entity", "entity_type"], as_index=False)
             .agg(mentions=("surface", "size"), written_as=("surface", lambda s: ", ".join(sorted(set(s))))))
    names = names.sort_values(["mentions", "entity"], ascending=[False, True])
    st.dataframe(names.assign(kind=names["entity_type"].map(type_label)), hide_index=True, width="stretch",
                 key="reader_names", column_order=["entity", "kind", "mentions", "written_as"],
                 column_config={"entity": st.column_config.TextColumn("Name", width="medium"), "kind": "Type",
                                "mentions": "Mentions", "written_as": st.column_config.TextColumn("Written as",
                                                                                                  width="large")})


def reader(article_id: str, target: int | None) -> None:
    view = data.fetch(article_view, article_id)
    if not view.found:
        st.title("Article not found")
        st.warning("No stored article has this id: the link may come from another database.")
        st.page_link(nav.ARTICLES.path, label="All articles", icon=":material/arrow_back:")
        return
    header(view)
    if target is not None:
        came_for(view, target)
    text, sentences, numbers, names = st.tabs(["Text", f"Sentences and tone ({len(view.sentences)})",
                                               f"Numbers ({len(view.numbers)})",
                                               f"Names ({view.mentions['entity'].nunique()})"])
    with text:
        text_tab(view, target)
    with sentences:
        sentences_tab(view)
    with numbers:
        numbers_tab(view)
    with names:
        names_tab(view)


def render() -> None:
    article_id = st.query_params.get("id")
    if article_id:
        sentence = st.query_params.get("s", "")
        reader(article_id, int(sentence) if sentence.isdigit() else None)
        return
    if not state.data_page("Articles"):
        return
    article_table(state.filters(nav.ARTICLES.filters))


frame.show(nav.ARTICLES, render)
