"""One look for every chart: a registered plotly template, fixed colours, and small helpers.

Importing this module registers the "tracker" template and makes it plotly's default, so every
figure a page builds starts from it; plotly applies a default template when it builds the figure,
which is cheaper than setting one on each figure afterwards.
"""
from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from core.store import queries
from ui.data import data_dir
from ui.labels import period_name

COLORS = ["#1f5f8b", "#e07b39", "#3a9d5d", "#c0392b", "#8e6bbf", "#8c6d31", "#d35fa0", "#7f8c8d",
          "#17a2b8", "#b5a400"]
POSITIVE, NEGATIVE, NEUTRAL, FEW = "#2e8b57", "#c0392b", "#95a5a6", "#d5dbdf"
# Twenty calm, distinct colours (Tableau's 20: the ten strong ones, then their light partners),
# so the themes of one chart rarely share one (there are ~30 themes).
THEME_PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#9d7660", "#499894", "#d37295",
                 "#b6992d", "#79706e", "#a0cbe8", "#ffbe7d", "#8cd17d", "#ff9d9a", "#d4a6c8", "#d7b5a6",
                 "#86bcb6", "#fabfd2", "#f1ce63", "#bab0ac"]

_template = go.layout.Template(pio.templates["plotly_white"])
_template.layout.update(
    font={"size": 13, "color": "#1b2631"}, colorway=COLORS,
    title={"x": 0, "xanchor": "left", "font": {"size": 17}},
    margin={"l": 10, "r": 10, "t": 56, "b": 10},
    hoverlabel={"bgcolor": "white", "font": {"size": 13}},
    xaxis={"automargin": True}, yaxis={"automargin": True},
)
pio.templates["tracker"] = _template
pio.templates.default = "tracker"


def theme_colors() -> dict[str, str]:
    """A fixed colour per theme of the gazetteer, in its order, whatever the filters show."""
    themes = queries.theme_sectors(data_dir())["theme"]
    return {t: THEME_PALETTE[i % len(THEME_PALETTE)] for i, t in enumerate(themes)}


def color_of(name: str, fixed: dict[str, str]) -> str:
    """The fixed colour of a name, or one picked from its letters (the same on every run)."""
    return fixed.get(name) or THEME_PALETTE[zlib.crc32(name.encode("utf-8")) % len(THEME_PALETTE)]


def tone_color(mean: float) -> str:
    return POSITIVE if mean >= 0.05 else NEGATIVE if mean <= -0.05 else NEUTRAL


def style(fig: go.Figure, title: str, x_title: str, y_title: str, height: int | None = None,
          legend_title: str | None = None) -> go.Figure:
    """Titles that say what is counted; everything else comes from the template."""
    fig.update_layout(  # one update: each is a walk over the figure's properties
        title_text=title, legend_title_text=legend_title or "",
        xaxis_title_text=x_title, yaxis_title_text=y_title, **({"height": height} if height else {}))
    return fig


def period_axis(fig: go.Figure, periods: Sequence[Any], period: str, most: int = 12, axis: str = "x") -> None:
    """Ticks at the start of each period, named as the period ("Q1 2024", "Feb 2024"), at most
    `most` of them, so a quarter never reads as a month."""
    days = sorted({pd.Timestamp(p) for p in periods if pd.notna(p)})
    if not days:
        return
    step = max(1, -(-len(days) // most))
    shown = days[::step]
    update = {"tickvals": shown, "ticktext": [period_name(d, period) for d in shown], "tickmode": "array"}
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**update)


def show(fig: go.Figure, key: str | None = None, selectable: bool = False) -> Any:
    """Draw a figure; with `selectable`, clicking a bar or cell reruns the page with the selection."""
    config = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
    if selectable:
        return st.plotly_chart(fig, width="stretch", key=key, on_select="rerun", selection_mode="points",
                               config=config)
    st.plotly_chart(fig, width="stretch", key=key, config=config)
    return None


def clicked(event: Any, field: str, memo_key: str) -> str | None:
    """The value a user just clicked in a selectable chart (`field` is "x", "y" or "customdata"),
    once per click: the chart keeps its selection across reruns, the page should not."""
    points = (getattr(getattr(event, "selection", None), "points", None) or []) if event else []
    value = None
    if points:
        raw = points[0].get(field)
        value = raw[0] if isinstance(raw, list) and raw else raw
    if value is not None and value != st.session_state.get(memo_key):
        st.session_state[memo_key] = value
        return str(value)
    if value is None:
        st.session_state.pop(memo_key, None)
    return None


def bar_height(n: int) -> int:
    return max(260, 90 + 28 * n)
