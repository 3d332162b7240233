"""Sentiment: the tone of the sentences about each sector or theme (mean score and count), its
trend over time, and the sentences behind each bar. Scores run from -1 (negative) to +1."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import ui

LEVELS = {"sector": "Sector", "theme": "Theme"}


def tone_color(mean: float) -> str:
    return ui.POSITIVE if mean >= 0.05 else ui.NEGATIVE if mean <= -0.05 else ui.NEUTRAL


def diverging(df: pd.DataFrame, level: str) -> str | None:
    """Mean sentiment per group around zero; returns the group a user just clicked."""
    df = df.sort_values("mean")
    fig = go.Figure(go.Bar(
        x=df["mean"], y=[ui.plain(g) for g in df["group"]], orientation="h",
        marker_color=[tone_color(m) for m in df["mean"]], text=[f"{n:,} sentences" for n in df["sentences"]],
        textposition="outside", cliponaxis=False,
        customdata=df[["sentences", "positive", "neutral", "negative"]].to_numpy(),
        hovertemplate="<b>%{y}</b><br>Mean score %{x:+.2f} over %{customdata[0]} sentences<br>"
                      "%{customdata[1]} positive, %{customdata[2]} neutral, %{customdata[3]} negative"
                      "<br>Click to read them<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    # Symmetric around neutral, wide enough for the strongest bar and its label.
    reach = min(1.0, max(0.5, float(df["mean"].abs().max()) * 1.6))
    fig.update_xaxes(range=[-reach, reach], zeroline=False, tickformat="+.1f")
    event = ui.show(ui.style(fig, f"Tone of the news by {level}: mean sentence score",
                             "Mean sentiment score (−1 negative … +1 positive)", "", height=ui.bar_height(len(df))),
                    key="sentiment_bars", selectable=True)
    return ui.clicked(event, "y", "sentiment_bars_clicked")


def trend(df: pd.DataFrame, level: str, period: str) -> None:
    if df.empty:
        st.info("No dated sentences to draw over time.")
        return
    fig = go.Figure()
    for group, rows in df.groupby("group", sort=False):
        fig.add_trace(go.Scatter(
            x=rows["period"], y=rows["mean"], mode="lines+markers", name=ui.plain(group), connectgaps=False,
            customdata=list(zip(rows["sentences"], [ui.period_name(pd.Timestamp(p).date(), period)
                                                    for p in rows["period"]], strict=True)), marker={"size": 9},
            hovertemplate="<b>" + ui.plain(group) + "</b><br>%{customdata[1]}: mean %{y:+.2f} over %{customdata[0]} "
                          "sentences<extra></extra>"))
    fig.add_hline(y=0, line_color="#7f8c8d", line_width=1)
    fig.update_yaxes(range=[-1.05, 1.05])
    periods = df["period"].nunique()
    title = f"Tone per {period} by {level}"
    if periods < 2:
        title = f"Tone by {level} (all these articles fall in one {period})"
        only = sorted(df["period"].unique())
        fig.update_xaxes(tickvals=only, ticktext=[ui.period_name(pd.Timestamp(p).date(), period) for p in only])
    ui.show(ui.style(fig, title, f"{ui.PERIOD_LABELS[period]} of publication", "Mean sentiment score", height=400,
                     legend_title=LEVELS[level]), key="sentiment_trend")
    if periods > 1:
        st.caption(f"A break in a line: no sentence about it that {period}. Hover a point for the number of sentences.")


def evidence(groups: list[str], picked: str | None, f: ui.Filters, level: str) -> None:
    st.subheader("The sentences behind a bar")
    group = ui.pick(LEVELS[level], groups, "sentiment_pick", picked, help="Or click a bar above.")
    df = ui.query("sentiment_evidence", f, ui.data_dir(), level, group)
    st.caption(f"{len(df):,} sentences about {ui.md(group)}, most negative first.")
    st.dataframe(df[["sentiment", "label", "sentence", "title", "published", "source"]], hide_index=True,
                 width="stretch", column_config={
                     "sentiment": st.column_config.NumberColumn("Score", format="%+.2f"), "label": "Tone",
                     "sentence": st.column_config.TextColumn("Sentence", width="large"),
                     "title": st.column_config.TextColumn("Article", width="medium"),
                     "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD"), "source": "Source"})


def render() -> None:
    if not ui.data_page("Sentiment"):
        return
    f = ui.filters("dates", "sources", "themes")
    left, right = st.columns(2)
    level = left.segmented_control("Group by", list(LEVELS), default="sector", key="sentiment_level",
                                   format_func=LEVELS.__getitem__) or "sector"
    period = right.segmented_control("Dates by", list(ui.PERIOD_LABELS), default="month", key="sentiment_period",
                                     format_func=ui.period_label) or "month"
    groups = ui.query("sentiment_by_group", f, ui.data_dir(), level)
    if groups.empty:
        ui.nothing_matches(f, "sentences about a theme")
        return
    st.caption("Each sentence gets a score from -1 (negative) to +1 (positive); a sentence about several "
               "themes counts for each of them.")
    picked = diverging(groups, level)
    trend(ui.query("sentiment_trend", f, ui.data_dir(), level, period), level, period)
    evidence(list(groups.sort_values("sentences", ascending=False)["group"]), picked, f, level)


render()
