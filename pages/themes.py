"""Themes: how often each AI theme is in the news, how that moves, and which fund houses talk
about it. Click a bar of the ranking (or pick a theme) to read the sentences behind it."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.store import queries
from pages import ui


def timeline(df: pd.DataFrame, period: str) -> None:
    """Stacked bars: the height is the month's volume, the segments its themes; a period with
    no article has no bar rather than a line drawn across it."""
    if df.empty:
        st.info("No dated articles mention these themes, so there is nothing to place in time.")
        return
    fig = go.Figure()
    for theme, rows in df.groupby("theme", sort=False):
        labels = [ui.period_name(pd.Timestamp(p).date(), period) for p in rows["period"]]
        fig.add_trace(go.Bar(
            x=rows["period"], y=rows["mentions"], name=ui.plain(theme),
            customdata=list(zip(labels, rows["articles"], strict=True)),
            hovertemplate="<b>" + ui.plain(theme) + "</b><br>%{customdata[0]}: %{y} mentions in "
                          "%{customdata[1]} articles<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25)
    periods = sorted(df["period"].unique())
    if len(periods) <= 12:
        fig.update_xaxes(tickvals=periods, ticktext=[ui.period_name(pd.Timestamp(p).date(), period) for p in periods])
    ui.show(ui.style(fig, f"Mentions per {period} of the {df['theme'].nunique()} most mentioned themes",
                     f"{ui.PERIOD_LABELS[period]} of publication", "Mentions", height=420, legend_title="Theme"),
            key="themes_timeline")


def ranking(df: pd.DataFrame, top: int = 15) -> str | None:
    """The most mentioned themes; returns the theme a user just clicked."""
    shown = df.head(top).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=shown["mentions"], y=[ui.plain(t) for t in shown["theme"]], orientation="h", marker_color=ui.COLORS[0],
        customdata=shown[["articles", "sector"]].to_numpy(),
        hovertemplate="<b>%{y}</b> (%{customdata[1]})<br>%{x} mentions in %{customdata[0]} articles"
                      "<br>Click to read the sentences<extra></extra>"))
    title = "Themes ranked by mentions" if len(df) <= top else f"The {top} most mentioned of {len(df)} themes"
    event = ui.show(ui.style(fig, title, "Mentions", "", height=ui.bar_height(len(shown))),
                    key="themes_ranking", selectable=True)
    return ui.clicked(event, "y", "themes_ranking_clicked")


def momentum(df: pd.DataFrame, period: str) -> None:
    if df.empty:
        st.info("No dated mentions to compare.")
        return
    latest = ui.period_name(pd.Timestamp(df["latest_start"].iloc[0]).date(), period)
    before = ui.period_name(pd.Timestamp(df["previous_start"].iloc[0]).date(), period)
    df = df.reindex(df["change"].abs().sort_values(ascending=False).index).head(15).sort_values("change")
    growth = [f"{p:+.0%}" if pd.notna(p) else "new" for p in df["change_pct"]]
    fig = go.Figure(go.Bar(
        x=df["change"], y=[ui.plain(t) for t in df["theme"]], orientation="h",
        marker_color=[ui.POSITIVE if c > 0 else ui.NEGATIVE if c < 0 else ui.NEUTRAL for c in df["change"]],
        customdata=list(zip(df["latest"], df["previous"], growth, strict=True)),
        hovertemplate=f"<b>%{{y}}</b><br>{latest}: %{{customdata[0]}} mentions<br>{before}: %{{customdata[1]}} "
                      "mentions<br>Change: %{x:+} (%{customdata[2]})<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    ui.show(ui.style(fig, f"Momentum: mentions in {latest} against {before}", "Change in mentions", "",
                     height=ui.bar_height(max(len(df), 8))), key="themes_momentum")
    st.caption("Themes mentioned in either period, largest changes first.")


def heatmap(df: pd.DataFrame) -> None:
    if df.empty:
        st.info("No article mentions both a theme and a fund house.")
        return
    grid = df.pivot_table(index="theme", columns="fund_house", values="articles", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values().index, grid.sum(axis=0).sort_values(ascending=False).index]
    themes, houses = [ui.plain(t) for t in grid.index], [ui.plain(h) for h in grid.columns]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=ui.short_labels(list(grid.columns), 28), y=themes, colorscale="Blues",
        customdata=[[(t, h) for h in houses] for t in themes], xgap=2, ygap=2, zmin=0,
        colorbar={"title": {"text": "Articles"}, "dtick": max(1, math.ceil(grid.to_numpy().max() / 5))},
        hovertemplate="<b>%{customdata[0]}</b> and <b>%{customdata[1]}</b><br>"
                      "mentioned together in %{z} articles<extra></extra>"))
    fig.update_xaxes(tickangle=-30, side="bottom")
    ui.show(ui.style(fig, "Which fund houses appear with which themes (articles naming both)", "Fund house", "",
                     height=max(340, 120 + 26 * len(themes))), key="themes_heatmap")


def evidence(themes: list[str], picked: str | None, f: ui.Filters) -> None:
    st.subheader("The sentences behind a theme")
    theme = ui.pick("Theme", themes, "themes_pick", picked, help="Or click a bar in the ranking above.")
    df = ui.query("theme_evidence", f, theme)
    st.caption(f"{len(df):,} sentences mention {ui.md(theme)}, newest first.")
    st.dataframe(df[["published", "title", "source", "written_as", "sentence", "label", "sentiment"]],
                 hide_index=True, width="stretch", column_config={
                     "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD"),
                     "title": st.column_config.TextColumn("Article", width="medium"), "source": "Source",
                     "written_as": "Written as", "sentence": st.column_config.TextColumn("Sentence", width="large"),
                     "label": "Tone", "sentiment": st.column_config.NumberColumn("Score", format="%.2f")})


def render() -> None:
    if not ui.data_page("Themes"):
        return
    f = ui.filters("dates", "sources", "themes")
    # One query gives the ranking, the timeline and the momentum (theme mentions per period); the
    # period control is drawn only when there is data, so its value is read before it is drawn.
    period = st.session_state.get("themes_period") or "month"
    periods = ui.query("theme_periods", f, period)
    if periods.empty:
        ui.nothing_matches(f, "theme mentions")
        return
    period = st.segmented_control("Group dates by", list(ui.PERIOD_LABELS), default="month", key="themes_period",
                                  format_func=ui.period_label) or "month"
    ranked = queries.theme_ranking_of(periods, queries.theme_sectors(ui.data_dir()))
    timeline(queries.theme_timeline_of(periods, 8), period)
    left, right = st.columns(2)
    with left:
        picked = ranking(ranked)
    with right:
        momentum(queries.theme_momentum_of(periods, period), period)
    heatmap(ui.query("theme_house_matrix", f))
    evidence(list(ranked["theme"]), picked, f)


render()
