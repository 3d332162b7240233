"""Themes: how often each AI theme is in the news, how that moves, and which fund houses talk
about it. Click a bar of the ranking (or pick a theme) to read the sentences behind it."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import ui


def period_name(day: date, period: str) -> str:
    if period == "week":
        return f"week of {day:%d %b %Y}"
    if period == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return f"{day:%Y}" if period == "year" else f"{day:%b %Y}"


def timeline(df: pd.DataFrame, period: str) -> None:
    """Lines when there are enough periods to show a trend, grouped bars otherwise."""
    if df.empty:
        st.info("No dated articles mention these themes, so there is nothing to place in time.")
        return
    periods = sorted(df["period"].unique())
    fig = go.Figure()
    for theme, rows in df.groupby("theme", sort=False):
        labels = [period_name(pd.Timestamp(p).date(), period) for p in rows["period"]]
        hover = "<b>" + ui.plain(theme) + "</b><br>%{customdata[0]}: %{y} mentions in %{customdata[1]} articles<extra></extra>"
        common = dict(x=rows["period"], y=rows["mentions"], name=ui.plain(theme),
                      customdata=list(zip(labels, rows["articles"])), hovertemplate=hover)
        fig.add_trace(go.Scatter(mode="lines+markers", **common) if len(periods) >= 3 else go.Bar(**common))
    fig.update_xaxes(tickformat="%b %Y" if period in ("month", "quarter") else None)
    if len(periods) < 3:
        fig.update_xaxes(tickvals=periods, ticktext=[period_name(pd.Timestamp(p).date(), period) for p in periods])
    ui.show(ui.style(fig, f"Mentions per {period} — the {df['theme'].nunique()} most mentioned themes",
                     f"{ui.PERIOD_LABELS[period]} of publication", "Mentions", height=420, legend_title="Theme"),
            key="themes_timeline")


def ranking(df: pd.DataFrame) -> str | None:
    """Themes ranked by mentions; returns the theme a user just clicked."""
    df = df.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df["mentions"], y=[ui.plain(t) for t in df["theme"]], orientation="h", marker_color=ui.COLORS[0],
        customdata=df[["articles", "sector"]].to_numpy(),
        hovertemplate="<b>%{y}</b> (%{customdata[1]})<br>%{x} mentions in %{customdata[0]} articles"
                      "<br>Click to read the sentences<extra></extra>"))
    event = ui.show(ui.style(fig, "Themes ranked by mentions", "Mentions", "", height=ui.bar_height(len(df))),
                    key="themes_ranking", selectable=True)
    return ui.clicked(event, "y", "themes_ranking_clicked")


def momentum(df: pd.DataFrame, period: str) -> None:
    if df.empty:
        st.info("No dated mentions to compare.")
        return
    latest = period_name(pd.Timestamp(df["latest_start"].iloc[0]).date(), period)
    before = period_name(pd.Timestamp(df["previous_start"].iloc[0]).date(), period)
    df = df.sort_values(["change", "latest"]).tail(15)
    growth = [f"{p:+.0%}" if pd.notna(p) else "new" for p in df["change_pct"]]
    fig = go.Figure(go.Bar(
        x=df["change"], y=[ui.plain(t) for t in df["theme"]], orientation="h",
        marker_color=[ui.POSITIVE if c > 0 else ui.NEGATIVE if c < 0 else ui.NEUTRAL for c in df["change"]],
        customdata=list(zip(df["latest"], df["previous"], growth)),
        hovertemplate=f"<b>%{{y}}</b><br>{latest}: %{{customdata[0]}} mentions<br>{before}: %{{customdata[1]}} "
                      "mentions<br>Change: %{x:+} (%{customdata[2]})<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    ui.show(ui.style(fig, f"Momentum: {latest} against {before}", "Change in mentions", "",
                     height=ui.bar_height(len(df))), key="themes_momentum")


def heatmap(df: pd.DataFrame) -> None:
    if df.empty:
        st.info("No article mentions both a theme and a fund house.")
        return
    grid = df.pivot_table(index="theme", columns="fund_house", values="articles", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values().index, grid.sum(axis=0).sort_values(ascending=False).index]
    themes, houses = [ui.plain(t) for t in grid.index], [ui.plain(h) for h in grid.columns]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=ui.short_labels(list(grid.columns), 28), y=themes, colorscale="Blues",
        customdata=[[(t, h) for h in houses] for t in themes], xgap=2, ygap=2,
        colorbar={"title": {"text": "Articles"}},
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
    ui.via_router()
    st.title("Themes")
    if ui.database_is_empty():
        ui.empty_database_note()
        return
    f = ui.filters("dates", "sources", "themes")
    ranked = ui.query("theme_ranking", f, ui.data_dir())
    if ranked.empty:
        ui.nothing_matches(f, "theme mentions")
        return
    period = st.segmented_control("Group dates by", list(ui.PERIOD_LABELS), default="month", key="themes_period",
                                  format_func=ui.PERIOD_LABELS.get) or "month"
    timeline(ui.query("theme_timeline", f, period, 8), period)
    left, right = st.columns(2)
    with left:
        picked = ranking(ranked)
    with right:
        momentum(ui.query("theme_momentum", f, period), period)
    heatmap(ui.query("theme_house_matrix", f))
    evidence(list(ranked["theme"]), picked, f)


render()
