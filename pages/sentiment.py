"""Sentiment: the tone of the sentences about each sector or theme (mean score and count), its
trend over time, and the sentences behind each bar. Scores run from -1 (negative) to +1."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.store.queries import FEW_SENTENCES, Filters, sentiment_by_group, sentiment_evidence, sentiment_trend
from ui import charts, data, frame, nav, state, tables
from ui.labels import PERIOD_LABELS, md, period_label, period_name, plain, plural

LEVELS = {"sector": "Sector", "theme": "Theme"}


def diverging(df: pd.DataFrame, level: str) -> str | None:
    """Mean sentiment per group around zero, most positive on top; groups of fewer than
    FEW_SENTENCES sentences below the others, faded, each bar labelled with its count.
    Returns the group a user just clicked."""
    df = df.iloc[::-1]  # plotly draws the first row at the bottom
    few = df["few"].astype(bool)
    fig = go.Figure(go.Bar(
        x=df["mean"], y=[plain(g) for g in df["group"]], orientation="h",
        marker_color=[charts.FEW if f else charts.tone_color(m) for m, f in zip(df["mean"], few, strict=True)],
        text=[plural(int(n), "sentence") + (" (too few to compare)" if f else "")
              for n, f in zip(df["sentences"], few, strict=True)],
        textposition="outside", cliponaxis=False,
        customdata=df[["sentences", "positive", "neutral", "negative"]].to_numpy(),
        hovertemplate="<b>%{y}</b><br>Mean score %{x:+.2f} over %{customdata[0]} sentences<br>"
                      "%{customdata[1]} positive, %{customdata[2]} neutral, %{customdata[3]} negative"
                      "<br>Click to read them<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    if few.any() and not few.all():  # a rule between the groups that can be compared and the others
        fig.add_hline(y=int(few.sum()) - 0.5, line_color="#b0b7bd", line_dash="dot", line_width=1)
    # Symmetric around neutral, wide enough for the strongest bar and its label.
    reach = min(1.0, max(0.5, float(df["mean"].abs().max()) * 1.8))
    fig.update_xaxes(range=[-reach, reach], zeroline=False, tickformat="+.1f")
    event = charts.show(charts.style(fig, f"Tone of the news by {level}: mean sentence score",
                                     "Mean sentiment score (−1 negative … +1 positive)", "",
                                     height=charts.bar_height(len(df))), key="sentiment_bars", selectable=True)
    if few.any():
        st.caption(f"{LEVELS[level]}s with fewer than {FEW_SENTENCES} sentences are listed last, in grey: a mean "
                   "of so few sentences says little.")
    return charts.clicked(event, "y", "sentiment_bars_clicked")


def trend(df: pd.DataFrame, level: str, period: str) -> None:
    if df.empty:
        st.info("No dated sentences to draw over time.")
        return
    fig = go.Figure()
    colors = charts.theme_colors() if level == "theme" else {}
    for i, (group, rows) in enumerate(df.groupby("group", sort=False)):
        color = charts.color_of(str(group), colors) if level == "theme" else charts.COLORS[i % len(charts.COLORS)]
        fig.add_trace(go.Scatter(
            x=rows["period"].to_numpy(), y=rows["mean"], mode="lines+markers", name=plain(group), connectgaps=False,
            line={"color": color}, marker={"size": 9, "color": color},
            customdata=list(zip(rows["sentences"], [period_name(pd.Timestamp(p), period) for p in rows["period"]],
                                strict=True)),
            hovertemplate="<b>" + plain(group) + "</b><br>%{customdata[1]}: mean %{y:+.2f} over %{customdata[0]} "
                          "sentences<extra></extra>"))
    fig.add_hline(y=0, line_color="#7f8c8d", line_width=1)
    fig.update_yaxes(range=[-1.05, 1.05])
    charts.period_axis(fig, df["period"], period)
    periods = df["period"].nunique()
    title = f"Tone per {period} by {level}" if periods > 1 else \
        f"Tone by {level} (all these articles fall in one {period})"
    charts.show(charts.style(fig, title, f"{PERIOD_LABELS[period]} of publication", "Mean sentiment score",
                             height=400, legend_title=LEVELS[level]), key="sentiment_trend")
    if periods > 1:
        st.caption(f"A break in a line: no sentence about it that {period}. Hover a point for the number of sentences.")


def evidence(groups: list[str], clicked: str | None, f: Filters, level: str) -> None:
    st.subheader("The sentences behind a bar")
    group = state.pick(LEVELS[level], groups, "evidence", clicked, help="Or click a bar above.")
    if group is None:
        return
    df = tables.with_links(data.fetch(sentiment_evidence, f, data.data_dir(), level, group))
    st.caption(f"{plural(len(df), 'sentence')} about {md(group)}, most negative first.")
    st.dataframe(df, hide_index=True, width="stretch", key="sentiment_evidence", height=tables.table_height(len(df)),
                 column_order=[tables.READ, "sentiment", "sentence", "published", "title", "source"],
                 column_config={tables.READ: tables.read_column(), "sentiment": tables.SCORE,
                                "sentence": tables.SENTENCE, "published": tables.PUBLISHED, "title": tables.ARTICLE,
                                "source": tables.SOURCE})


def render() -> None:
    if not state.data_page("Sentiment"):
        return
    f = state.filters(nav.SENTIMENT.filters)
    left, right = st.columns(2)
    with left:
        level = state.choice("Group by", list(LEVELS), "by", "sector", format_func=LEVELS.__getitem__)
    with right:
        period = state.choice("Dates by", list(PERIOD_LABELS), "period", "month", format_func=period_label)
    groups = data.fetch(sentiment_by_group, f, data.data_dir(), level)
    if groups.empty:
        state.nothing_matches(f, "sentences about a theme")
        return
    st.caption("Each sentence gets a score from −1 (negative) to +1 (positive); a sentence about several "
               "themes counts for each of them.")
    clicked = diverging(groups, level)
    trend(data.fetch(sentiment_trend, f, data.data_dir(), level, period), level, period)
    evidence(list(groups["group"]), clicked, f, level)  # in the order of the bars, top first


frame.show(nav.SENTIMENT, render)
