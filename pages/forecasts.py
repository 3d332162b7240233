"""Forecasts: every market forecast the articles quote and the reported figure each growth rate
starts from (its baseline), with its subject, the company or fund it is about, year, value and
currency; a chart of value by year per subject; and the compound annual growth implied by two
figures of one subject. Pledges and plain counts are not forecasts and are left out."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.store.queries import forecast_growth, forecast_growth_summary, forecast_numbers, forecast_points
from ui import charts, data, frame, nav, state, tables
from ui.labels import amount, plain, scale, short

SHOWN = 2000  # table rows; the Mentions page's full export has them all
UNIT_LABELS = {"": "plain number", "%": "per cent", "x": "multiple (×)"}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def chart(points: pd.DataFrame, growth: pd.DataFrame, unit: str, top: int = 10) -> None:
    """Each forecast is a point (the median where several articles forecast the same subject and
    year); a line joins two years only where an article gives both, with the implied growth rate
    written on it, so unrelated figures are never joined. Clicking a point opens the newest
    article quoting it, at its sentence."""
    df = points[(points["unit"] == unit) & points["year"].notna()]
    subjects = list(df.groupby("subject")["figures"].sum().sort_values(ascending=False).index[:top])
    df = df[df["subject"].isin(subjects)].sort_values(["subject", "year"])
    if df.empty:
        st.info("None of these forecasts names the year it refers to, so they cannot be drawn by year.")
        return
    # Scaled so the smallest figure is at least 1: "50 … 1,144 billion" reads better than "0.05 … 1.1 trillion".
    smallest = df.loc[df["value"] != 0, "value"].abs().min()
    divisor, word = scale(smallest) if unit != "%" else (1.0, "")
    unit_words = " ".join(p for p in (word, unit) if p) or "count"
    color = {s: charts.COLORS[i % len(charts.COLORS)] for i, s in enumerate(subjects)}
    fig = go.Figure()
    for _, g in growth[(growth["unit"] == unit) & growth["subject"].isin(subjects)].iterrows():
        fig.add_trace(go.Scatter(
            x=[g["from_year"], g["to_year"]], y=[g["from_value"] / divisor, g["to_value"] / divisor], mode="lines",
            line={"color": color[g["subject"]], "width": 2}, showlegend=False, hoverinfo="skip"))
        fig.add_annotation(x=(g["from_year"] + g["to_year"]) / 2, y=(g["from_value"] + g["to_value"]) / 2 / divisor,
                           text=f"{g['cagr']:+.1%} a year", showarrow=False, yshift=14,
                           font={"color": "#1b2631", "size": 12}, bgcolor="rgba(255,255,255,0.8)")
    for subject, rows in df.groupby("subject", sort=False):
        spread = [f"{amount(lo, unit)} to {amount(hi, unit)} in {n} articles" if n > 1 else "1 article"
                  for lo, hi, n in zip(rows["low"], rows["high"], rows["articles"], strict=True)]
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"] / divisor, mode="markers", name=short(subject, 40),
            marker={"size": 11, "color": color[subject], "line": {"width": 1, "color": "white"}},
            customdata=list(zip([amount(v, unit) for v in rows["value"]], spread,
                                [short(t, 60) for t in rows["title"]], rows["published"].astype(str).str[:10],
                                rows["article_id"], rows["sentence_id"].astype(int), strict=True)),
            hovertemplate="<b>" + plain(subject) + "</b><br>%{x}: %{customdata[0]} (%{customdata[1]})<br>"
                          "Newest: %{customdata[2]} (%{customdata[3]})<br>Click to read it<extra></extra>"))
    span = df["year"].max() - df["year"].min()
    fig.update_xaxes(tickformat="d", dtick=1 if span <= 12 else None)
    title = f"Forecast values by year ({unit_words})"
    if df["articles"].max() > 1:
        title += ", median where several articles agree on subject and year"
    event = charts.show(charts.style(fig, title, "Year the forecast is for", f"Forecast value ({unit_words})",
                                     height=420, legend_title="What is forecast"), key="forecasts_chart",
                        selectable=True)
    picked = charts.clicked(event, "customdata", "forecasts_chart_clicked")
    points_clicked = (getattr(getattr(event, "selection", None), "points", None) or []) if event else []
    if picked and points_clicked:
        custom = points_clicked[0].get("customdata") or []
        if len(custom) >= 6:
            nav.go_to_article(str(custom[4]), int(custom[5]))


def numbers_table(df: pd.DataFrame) -> None:
    view = tables.with_links(df).assign(
        amount=[amount(v, u) for v, u in zip(df["value"], df["unit"], strict=True)],
        year=[str(int(y)) if pd.notna(y) else "" for y in df["year"]],
        role=df["role"].str.capitalize(), entity=df["entity"].fillna(""))
    st.dataframe(view, hide_index=True, width="stretch", key="forecasts_numbers", height=tables.table_height(len(df)),
                 column_order=[tables.READ, "subject", *(["entity"] if df["entity"].notna().any() else []), "year",
                               "amount", "role", "sentence", "written_as", "published", "title", "source"],
                 column_config={
                     tables.READ: tables.read_column(), "subject": st.column_config.TextColumn("What is forecast",
                                                                                              width="medium"),
                     "entity": st.column_config.TextColumn(
                         "About", width="medium", help="The company, fund or fund house the figure is about, where "
                                                       "the sentence names one"),
                     "year": st.column_config.TextColumn("Year", width="small"),
                     "role": st.column_config.TextColumn("Kind", width="small",
                                                         help="A forecast, or the reported figure a growth rate starts from"),
                     "amount": st.column_config.TextColumn("Value", width=130),
                     "written_as": st.column_config.TextColumn("Written as", width="small"),
                     "sentence": tables.SENTENCE, "title": tables.ARTICLE, "published": tables.PUBLISHED,
                     "source": tables.SOURCE})


def growth_table(df: pd.DataFrame) -> None:
    st.subheader("Implied growth between forecasts")
    if df.empty:
        st.info("No subject has forecasts for two different years in the same article, so no growth rate "
                "can be implied.")
        return
    view = df.assign(start=[amount(v, u) for v, u in zip(df["from_value"], df["unit"], strict=True)],
                     end=[amount(v, u) for v, u in zip(df["to_value"], df["unit"], strict=True)])
    st.dataframe(tables.with_links(view, sentence=False), hide_index=True, width="stretch",
                 column_order=[tables.READ, "subject", "from_year", "start", "to_year", "end", "cagr", "published",
                               "title"],
                 column_config={
                     tables.READ: tables.read_column("the article"),
                     "subject": st.column_config.TextColumn("What is forecast", width="medium"),
                     "from_year": st.column_config.NumberColumn("From year", format="%d"), "start": "From value",
                     "to_year": st.column_config.NumberColumn("To year", format="%d"), "end": "To value",
                     "cagr": st.column_config.NumberColumn("Growth a year (CAGR)", format="percent",
                                                           help="Compound annual growth rate implied by the two values"),
                     "title": tables.ARTICLE, "published": tables.PUBLISHED})


def render() -> None:
    if not state.data_page("Market forecasts"):
        return
    f = state.filters(nav.FORECASTS.filters)
    points = data.fetch(forecast_points, f)
    if points.empty:
        state.nothing_matches(f, "market forecasts")
        return
    figures = int(points["figures"].sum())
    st.caption(f"{figures:,} forecast figures on {points['subject'].nunique():,} subjects. Hover a point for the "
               "article it comes from; the tables below give every sentence.")
    units = list(points.groupby("unit")["figures"].sum().sort_values(ascending=False).index)
    unit = units[0]
    if len(units) > 1:
        unit = state.choice("Currency or unit", units, "unit", units[0], format_func=unit_label)
    chart(points, data.fetch(forecast_growth_summary, f), unit)
    growth_table(data.fetch(forecast_growth, f, SHOWN))
    st.subheader("Every forecast, and the baselines growth rates start from")
    if figures > SHOWN:
        st.caption(f"The newest {SHOWN:,} of {figures:,}.")
    numbers_table(data.fetch(forecast_numbers, f, SHOWN))


frame.show(nav.FORECASTS, render)
