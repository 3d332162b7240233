"""Funds: the fund houses in the news, their funds and managers, the themes their articles are
about, and the articles themselves. A house's mentions include its funds and its managers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import ui


def houses_table(df: pd.DataFrame) -> str | None:
    """All houses; selecting a row picks the house for the details below."""
    event = st.dataframe(
        df[["fund_house", "articles", "mentions", "funds", "managers", "last_mentioned"]], hide_index=True,
        width="stretch", on_select="rerun", selection_mode="single-row", key="funds_table",
        column_config={
            "fund_house": st.column_config.TextColumn("Fund house", width="large"),
            "mentions": st.column_config.NumberColumn("Mentions", help="The house, its funds and its managers"),
            "articles": "Articles", "funds": "Funds named", "managers": "Managers named",
            "last_mentioned": st.column_config.DateColumn("Last in the news", format="YYYY-MM-DD")})
    rows = event.selection.rows if event else []
    return ui.clicked_row(df["fund_house"], rows, "funds_table_clicked")


def _linked_table(df: pd.DataFrame, heading: str, empty: str, name_label: str, related_label: str) -> None:
    """A house's funds or managers from the gazetteer, with the other side of the link."""
    st.markdown(f"**{heading}**")
    if df.empty:
        st.caption(empty)
        return
    st.dataframe(df[["name", "related", "mentions", "articles"]], hide_index=True, width="stretch",
                 height=ui.table_height(len(df), 8),
                 column_config={"name": st.column_config.TextColumn(name_label, width="large"),
                                "related": st.column_config.TextColumn(related_label, width="medium"),
                                "mentions": "Mentions", "articles": "Articles"})


def people_and_funds(df: pd.DataFrame) -> None:
    """The house's funds and managers from the gazetteer, each with its news coverage."""
    _linked_table(df[df["type"] == "FUND"], "Funds",
                  "No fund of this house is in the gazetteer yet (add one on the Entities page).", "Fund", "Managers")
    _linked_table(df[df["type"] == "MANAGER"], "Managers", "No manager of this house is in the gazetteer yet.",
                  "Manager", "Manages")


def themes_chart(df: pd.DataFrame, house: str) -> None:
    if df.empty:
        st.info("The articles naming this house mention no theme (under the current filters).")
        return
    df = df.head(15).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df["mentions"], y=[ui.plain(t) for t in df["theme"]], orientation="h", marker_color=ui.COLORS[1],
        customdata=df[["articles"]],
        hovertemplate="<b>%{y}</b><br>%{x} mentions in %{customdata[0]} articles naming "
                      + ui.plain(house) + "<extra></extra>"))
    ui.show(ui.style(fig, f"Themes in the articles naming {ui.plain(house)}", "Theme mentions", "",
                     height=ui.bar_height(len(df))), key="funds_themes")


def articles(df: pd.DataFrame) -> None:
    st.markdown("**Articles**")
    st.dataframe(df[["published", "title", "source", "mentions", "relevance", "first_sentence"]], hide_index=True,
                 width="stretch", column_config={
                     "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD"),
                     "title": st.column_config.TextColumn("Title", width="medium"), "source": "Source",
                     "mentions": st.column_config.NumberColumn("Mentions", help="Of the house, its funds and managers"),
                     "relevance": st.column_config.ProgressColumn(
                         "Relevance", min_value=0, max_value=100, format="%d",
                         help="0-100: named in the headline, how early and how often, against the article's "
                              "most mentioned name"),
                     "first_sentence": st.column_config.TextColumn("First sentence naming it", width="large")})


def render() -> None:
    if not ui.data_page("Fund houses and their funds"):
        return
    f = ui.filters("dates", "sources", "themes")
    houses = ui.query("fund_houses", f, ui.data_dir())
    if houses.empty:
        ui.nothing_matches(f, "fund houses")
        return
    st.caption("Mentions count the house, its funds and its managers. Select a row to see its funds, "
               "managers, themes and articles below.")
    picked = houses_table(houses)
    names = list(houses["fund_house"])
    house = ui.pick("Fund house", names, "funds_pick", picked)
    st.subheader(ui.md(house))
    row = houses.set_index("fund_house").loc[house]
    cols = st.columns(4)
    cols[0].metric("Mentions", f"{row['mentions']:,}")
    cols[1].metric("Articles", f"{row['articles']:,}")
    cols[2].metric("Funds named", f"{row['funds']:,}")
    cols[3].metric("Managers named", f"{row['managers']:,}")
    people_and_funds(ui.query("house_people_and_funds", f, house, ui.data_dir()))
    themes_chart(ui.query("house_themes", f, house, ui.data_dir()), house)
    articles(ui.query("house_articles", f, house, ui.data_dir()))


render()
