"""The dashboard's Home page and entry point: what is in the database at a glance, or, on first run,
how to get articles into it.

Run with `streamlit run app.py`; the database is $NEWS_DB (default data/news.duckdb). The other
pages are Streamlit folder pages in pages/, listed with their sidebar filters in ui/nav.py; ui/frame.py
draws what they all share."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.run import INGESTED, ingest_paths
from core.store.queries import latest_articles, overview, top_entities
from ui import charts, data, frame, nav, state, tables
from ui.labels import plain


def first_run() -> None:
    """The empty-database state: what the tool does and a one-click way to try it."""
    st.info("The database is empty. This dashboard tracks what the news says about AI-themed funds: "
            "which themes and fund houses are mentioned, market forecasts and the tone of coverage.")
    st.markdown("**Two ways to start**\n\n"
                "1. Load the bundled sample articles (a few machine-translated fund news stories).\n"
                "2. Upload your own files (txt, md, html, pdf, docx or a zip of them) on the Upload page.")
    left, right = st.columns(2)
    samples = data.settings().data_dir / "samples"
    has_samples = samples.is_dir() and any(samples.iterdir())
    if left.button("Load the sample articles", type="primary", disabled=not has_samples, key="load_samples"):
        with st.spinner("Reading and analysing the sample articles…"), data.writing():
            results = ingest_paths([samples], data.settings())
        st.session_state["samples_loaded"] = sum(r.status == INGESTED for r in results)
        data.refresh_version()
        st.rerun()
    if not has_samples:
        left.caption("No sample articles are installed (data/samples is missing or empty).")
    right.page_link(nav.UPLOAD.path, label="Upload your own files", icon=":material/upload:")


def headline(stats: dict) -> None:
    cols = st.columns(6)
    cols[0].metric("Articles", f"{stats['articles']:,}")
    cols[1].metric("Sources", f"{stats['sources']:,}")
    cols[2].metric("Oldest article", f"{stats['first']:%b %Y}" if stats["first"] else "no date",
                   help="By publication date")
    cols[3].metric("Newest article", f"{stats['last']:%b %Y}" if stats["last"] else "no date",
                   help="By publication date")
    cols[4].metric("Entity mentions", f"{stats['mentions']:,}",
                   help="Fund houses, funds, managers, companies, products and themes named in the articles")
    cols[5].metric("Fund houses named", f"{stats['fund_houses']:,}")
    notes = []
    if stats["articles"] != stats["total_articles"]:
        notes.append(f"{stats['articles']:,} of {stats['total_articles']:,} articles match the filters.")
    if stats["undated"]:
        notes.append(f"{stats['undated']:,} articles have no publication date.")
    if notes:
        st.caption(" ".join(notes))


def top_chart(df: pd.DataFrame, entity_type: str, title: str, what: str, key: str) -> None:
    """The most mentioned entities of one type; clicking a bar goes to the entity's page."""
    if df.empty:
        st.info(f"No {what} mentioned in these articles.")
        return
    df = df.iloc[::-1]
    names = {plain(e): str(e) for e in df["entity"]}
    fig = go.Figure(go.Bar(
        x=df["mentions"], y=list(names), orientation="h", marker_color=charts.COLORS[0],
        customdata=df[["articles"]],
        hovertemplate="<b>%{y}</b><br>%{x} mentions in %{customdata[0]} articles<br>Click to go to it<extra></extra>"))
    event = charts.show(charts.style(fig, title, "Mentions", "", height=charts.bar_height(len(df))), key=key,
                        selectable=True)
    clicked = charts.clicked(event, "y", f"{key}_clicked")
    if clicked in names:
        nav.go_to_entity(names[clicked], entity_type)


def latest(df: pd.DataFrame) -> None:
    st.subheader("Latest articles")
    links = [tables.web_link(u) for u in df["url"]]
    # A fetched article's "file" is its address, which the source link already opens.
    view = tables.with_links(df, sentence=False).assign(url=links, file_name=df["file_name"].where(
        [link is None for link in links], ""))
    st.dataframe(view, hide_index=True, width="stretch", height=tables.table_height(len(df)), placeholder="",
                 column_order=[tables.READ, "url", "published", "title", "source", "mentions", "file_name"],
                 column_config={
                     tables.READ: tables.read_column("the article"), "published": tables.PUBLISHED,
                     "url": tables.source_column(),
                     "title": st.column_config.TextColumn("Title", width="large"),
                     "source": st.column_config.TextColumn("Source", width=170),
                     "mentions": st.column_config.NumberColumn("Mentions", width="small"),
                     "file_name": st.column_config.TextColumn("File", width="medium")})


def render() -> None:
    st.title("AI fund news tracker")
    st.caption("What the news says about AI investment themes, fund houses, their funds and managers.")
    if data.database_is_empty():
        first_run()
        return
    loaded = st.session_state.pop("samples_loaded", None)
    if loaded is not None:
        st.success(f"{loaded} sample article{'' if loaded == 1 else 's'} loaded.")
    f = state.filters(nav.HOME.filters)
    stats = data.fetch(overview, f)
    headline(stats)
    if not stats["articles"]:
        state.nothing_matches(f, "articles")
        return
    left, right = st.columns(2)
    with left:
        top_chart(data.fetch(top_entities, f, "THEME", 10), "THEME", "Most mentioned themes", "themes", "home_themes")
    with right:
        top_chart(data.fetch(top_entities, f, "FUND_HOUSE", 10), "FUND_HOUSE", "Most mentioned fund houses",
                  "fund houses", "home_houses")
    latest(data.fetch(latest_articles, f, 15))


frame.show(nav.HOME, render)
