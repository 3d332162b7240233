"""Themes: how often each AI theme is in the news, how that moves, and which fund houses talk
about it. Click a bar of the ranking (or pick a theme) to read the sentences behind it."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.store.queries import Filters, theme_evidence, theme_house_matrix, theme_momentum, theme_ranking, theme_timeline
from ui import charts, data, frame, nav, state, tables
from ui.labels import PERIOD_LABELS, md, period_label, period_name, plain, plural


def timeline(df: pd.DataFrame, period: str) -> None:
    """Stacked bars: the height is the period's volume, the segments its themes, each theme in
    its own fixed colour; a period with no article has no bar rather than a line drawn across it."""
    if df.empty:
        st.info("No dated articles mention these themes, so there is nothing to place in time.")
        return
    colors = charts.theme_colors()
    fig = go.Figure()
    for theme, rows in df.groupby("theme", sort=False):
        labels = [period_name(pd.Timestamp(p), period) for p in rows["period"]]
        fig.add_trace(go.Bar(
            x=rows["period"].to_numpy(), y=rows["mentions"], name=plain(theme), marker_color=charts.color_of(str(theme), colors),
            customdata=list(zip(labels, rows["articles"], strict=True)),
            hovertemplate="<b>" + plain(theme) + "</b><br>%{customdata[0]}: %{y} mentions in "
                          "%{customdata[1]} articles<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25)
    charts.period_axis(fig, df["period"], period)
    charts.show(charts.style(fig, f"Mentions per {period} of the {df['theme'].nunique()} most mentioned themes",
                             f"{PERIOD_LABELS[period]} of publication", "Mentions", height=420, legend_title="Theme"),
                key="themes_timeline")


def ranking(df: pd.DataFrame, top: int = 15) -> str | None:
    """The most mentioned themes; returns the theme a user just clicked."""
    shown = df.head(top).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=shown["mentions"], y=[plain(t) for t in shown["theme"]], orientation="h", marker_color=charts.COLORS[0],
        customdata=shown[["articles", "sector"]].to_numpy(),
        hovertemplate="<b>%{y}</b> (%{customdata[1]})<br>%{x} mentions in %{customdata[0]} articles"
                      "<br>Click to read the sentences<extra></extra>"))
    title = "Themes ranked by mentions" if len(df) <= top else f"The {top} most mentioned of {len(df)} themes"
    event = charts.show(charts.style(fig, title, "Mentions", "", height=charts.bar_height(len(shown))),
                        key="themes_ranking", selectable=True)
    return charts.clicked(event, "y", "themes_ranking_clicked")


def _period_words(start: object, period: str, through: object = None) -> str:
    name = period_name(pd.Timestamp(start), period)
    if through is not None and pd.notna(through):
        name += f" (to {pd.Timestamp(through):%d %b})"
    return name


def momentum(df: pd.DataFrame, period: str) -> None:
    if df.empty:
        st.info("No dated mentions to compare.")
        return
    first = df.iloc[0]
    latest = _period_words(first["latest_start"], period, first["latest_through"])
    if pd.isna(first["previous_start"]):
        st.info(f"All these articles fall in {latest}: there is no earlier {period} to compare it with.")
        return
    before = _period_words(first["previous_start"], period)
    shown = df.reindex(df["change"].abs().sort_values(ascending=False).index).head(15).sort_values("change")
    growth = [f"{p:+.0%}" if pd.notna(p) else "new" for p in shown["change_pct"]]
    fig = go.Figure(go.Bar(
        x=shown["change"], y=[plain(t) for t in shown["theme"]], orientation="h",
        marker_color=[charts.POSITIVE if c > 0 else charts.NEGATIVE if c < 0 else charts.NEUTRAL for c in shown["change"]],
        customdata=list(zip(shown["latest"], shown["previous"], growth, strict=True)),
        hovertemplate=f"<b>%{{y}}</b><br>{latest}: %{{customdata[0]}} mentions<br>{before}: %{{customdata[1]}} "
                      "mentions<br>Change: %{x:+} (%{customdata[2]})<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    charts.show(charts.style(fig, f"Momentum: mentions in {latest} against {before}", "Change in mentions", "",
                             height=charts.bar_height(max(len(shown), 8))), key="themes_momentum")
    gap = "" if first["adjacent"] else f" The {period}s between them have no articles, so {before} is the last " \
                                       f"earlier {period} with any."
    st.caption(f"{plural(int(first['latest_articles']), 'article')} in {latest}, "
               f"{plural(int(first['previous_articles']), 'article')} in {before}.{gap} "
               "Largest changes first.")


def heatmap(df: pd.DataFrame) -> None:
    """Fund houses down the side with their full names, themes across."""
    if df.empty:
        st.info("No article mentions both a theme and a fund house.")
        return
    grid = df.pivot_table(index="fund_house", columns="theme", values="articles", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values().index, grid.sum(axis=0).sort_values(ascending=False).index]
    houses, themes = [plain(h) for h in grid.index], [plain(t) for t in grid.columns]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=themes, y=houses, colorscale="Blues", xgap=2, ygap=2, zmin=0,
        customdata=[[(h, t) for t in themes] for h in houses],
        colorbar={"title": {"text": "Articles"}, "dtick": max(1, math.ceil(grid.to_numpy().max() / 5))},
        hovertemplate="<b>%{customdata[0]}</b> and <b>%{customdata[1]}</b><br>"
                      "named together in %{z} articles<extra></extra>"))
    fig.update_xaxes(tickangle=-35, side="bottom")
    charts.show(charts.style(fig, "Which fund houses appear with which themes (articles naming both)", "Theme", "",
                             height=max(360, 170 + 30 * len(houses))), key="themes_heatmap")


def evidence(themes: list[str], clicked: str | None, f: Filters) -> None:
    st.subheader("The sentences behind a theme")
    theme = state.pick("Theme", themes, "evidence", clicked, help="Or click a bar in the ranking above.")
    if theme is None:
        return
    df = tables.with_links(data.fetch(theme_evidence, f, theme))
    st.caption(f"{plural(len(df), 'sentence')} mention {md(theme)}, newest first. Open one to read it in its "
               "article with every name highlighted.")
    st.dataframe(df, hide_index=True, width="stretch", key="themes_evidence", height=tables.table_height(len(df)),
                 column_order=[tables.READ, "sentiment", "sentence", "written_as", "published", "title", "source"],
                 column_config={
                     tables.READ: tables.read_column(), "sentiment": tables.SCORE, "sentence": tables.SENTENCE,
                     "written_as": st.column_config.TextColumn("Written as", width="small"),
                     "published": tables.PUBLISHED, "title": tables.ARTICLE, "source": tables.SOURCE})


def render() -> None:
    if not state.data_page("Themes"):
        return
    f = state.filters(nav.THEMES.filters)
    ranked = data.fetch(theme_ranking, f, data.data_dir())
    if ranked.empty:
        state.nothing_matches(f, "theme mentions")
        return
    period = state.choice("Group dates by", list(PERIOD_LABELS), "period", "month", format_func=period_label)
    timeline(data.fetch(theme_timeline, f, period, 8), period)
    left, right = st.columns(2)
    with left:
        clicked = ranking(ranked)
    with right:
        momentum(data.fetch(theme_momentum, f, period), period)
    heatmap(data.fetch(theme_house_matrix, f))
    evidence(list(ranked["theme"]), clicked, f)


frame.show(nav.THEMES, render)
