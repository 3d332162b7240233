"""Forecasts: every market forecast the articles quote (subject, year, value, currency), a chart of
value by year per subject, and the compound annual growth implied by two forecasts of one subject."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import ui


def chart(numbers: pd.DataFrame, growth: pd.DataFrame, unit: str) -> None:
    """One line per subject; the implied growth rate is written on the segment it belongs to."""
    df = numbers[(numbers["unit"] == unit) & numbers["year"].notna()].sort_values(["subject", "year"])
    if df.empty:
        st.info("None of these forecasts names the year it refers to, so they cannot be drawn by year.")
        return
    divisor, word = ui.scale(df["value"]) if unit != "%" else (1.0, "")
    unit_words = " ".join(p for p in (word, unit) if p)
    fig = go.Figure()
    for subject, rows in df.groupby("subject", sort=False):
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"] / divisor, mode="lines+markers", name=ui.short(subject, 40),
            customdata=list(zip([ui.amount(v, unit) for v in rows["value"]], [ui.short(t, 60) for t in rows["title"]],
                                rows["published"].astype(str).str[:10])),
            hovertemplate="<b>" + ui.plain(subject) + "</b><br>%{x}: %{customdata[0]}<br>"
                          "From: %{customdata[1]} (%{customdata[2]})<extra></extra>"))
    for _, g in growth[growth["unit"] == unit].iterrows():
        fig.add_annotation(x=(g["from_year"] + g["to_year"]) / 2, y=(g["from_value"] + g["to_value"]) / 2 / divisor,
                           text=f"{g['cagr']:+.1%} a year", showarrow=False, yshift=14,
                           font={"color": "#1b2631", "size": 12}, bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(dtick=1, tickformat="d")
    ui.show(ui.style(fig, f"Forecast values by year ({unit_words})", "Year the forecast is for",
                     f"Forecast value ({unit_words})", height=420, legend_title="What is forecast"),
            key="forecasts_chart")


def numbers_table(df: pd.DataFrame) -> None:
    view = df.assign(amount=[ui.amount(v, u) for v, u in zip(df["value"], df["unit"])])
    st.dataframe(view[["subject", "year", "amount", "unit", "written_as", "sentence", "title", "published", "source"]],
                 hide_index=True, width="stretch", column_config={
                     "subject": st.column_config.TextColumn("What is forecast", width="medium"),
                     "year": st.column_config.NumberColumn("Year", format="%d"), "amount": "Value",
                     "unit": "Unit", "written_as": "Written as",
                     "sentence": st.column_config.TextColumn("Sentence", width="large"),
                     "title": st.column_config.TextColumn("Article", width="medium"),
                     "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD"), "source": "Source"})


def growth_table(df: pd.DataFrame) -> None:
    st.subheader("Implied growth between forecasts")
    if df.empty:
        st.info("No subject has forecasts for two different years in the same article, so no growth rate "
                "can be implied.")
        return
    view = df.assign(start=[ui.amount(v, u) for v, u in zip(df["from_value"], df["unit"])],
                     end=[ui.amount(v, u) for v, u in zip(df["to_value"], df["unit"])])
    st.dataframe(view[["subject", "from_year", "start", "to_year", "end", "cagr", "title", "published"]],
                 hide_index=True, width="stretch", column_config={
                     "subject": st.column_config.TextColumn("What is forecast", width="medium"),
                     "from_year": st.column_config.NumberColumn("From year", format="%d"), "start": "From value",
                     "to_year": st.column_config.NumberColumn("To year", format="%d"), "end": "To value",
                     "cagr": st.column_config.NumberColumn("Growth a year (CAGR)", format="percent",
                                                           help="Compound annual growth rate implied by the two values"),
                     "title": st.column_config.TextColumn("Article", width="medium"),
                     "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD")})


def render() -> None:
    ui.via_router()
    st.title("Market forecasts")
    if ui.database_is_empty():
        ui.empty_database_note()
        return
    f = ui.filters("dates", "sources")
    numbers = ui.query("forecast_numbers", f)
    if numbers.empty:
        ui.nothing_matches(f, "market forecasts")
        return
    growth = ui.query("forecast_growth", f)
    units = list(numbers["unit"].value_counts().index)
    st.caption(f"{len(numbers):,} forecast figures on {numbers['subject'].nunique():,} subjects.")
    unit = units[0]
    if len(units) > 1:
        unit = st.segmented_control("Currency or unit", units, default=units[0], key="forecasts_unit",
                                    format_func=lambda u: u or "plain number") or units[0]
    chart(numbers, growth, unit)
    growth_table(growth)
    st.subheader("Every forecast figure")
    numbers_table(numbers)


render()
