"""Funds: the fund houses in the news side by side (coverage and tone over time, tone overall),
then one house in detail: its funds and managers with their tone, its themes and its articles.
A house's mentions include its funds and its managers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core.store.queries import (
    FEW_SENTENCES,
    Filters,
    fund_facts,
    fund_houses,
    house_articles,
    house_people_and_funds,
    house_periods,
    house_themes,
)
from ui import charts, data, frame, nav, state, tables
from ui.labels import PERIOD_LABELS, amount, md, period_label, period_name, plain, plural, scale, short, tone_score

COMPARED = 5  # houses drawn side by side unless the user picks others
FACTS_SHOWN = 2000  # fund_facts' row limit
SIZE_LINES = 8
FACT_LABELS = {"size": "Size", "flows": "Flows", "return": "Return", "fee": "Fee"}


def houses_table(df: pd.DataFrame) -> str | None:
    """All houses; selecting a row picks the house for the details below."""
    event = st.dataframe(
        df.assign(tone_text=[tone_score(t) for t in df["tone"]]), hide_index=True, width="stretch",
        on_select="rerun", selection_mode="single-row", key="funds_table",
        height=tables.table_height(len(df), 10),
        column_order=["fund_house", "articles", "mentions", "tone_text", "funds", "managers", "last_mentioned"],
        column_config={
            "fund_house": st.column_config.TextColumn("Fund house", width="large"),
            "mentions": st.column_config.NumberColumn("Mentions", help="The house, its funds and its managers"),
            "articles": "Articles", "funds": "Funds named", "managers": "Managers named",
            "tone_text": st.column_config.TextColumn("Tone", help="Mean score of the sentences naming the house, "
                                                     "its funds or managers, −1 … +1"),
            "last_mentioned": st.column_config.DateColumn("Last in the news", format="YYYY-MM-DD")})
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(df):
        value = str(df["fund_house"].iloc[rows[0]])
        if value != st.session_state.get("funds_table_clicked"):
            st.session_state["funds_table_clicked"] = value
            return value
    elif not rows:
        st.session_state.pop("funds_table_clicked", None)
    return None


def over_time(df: pd.DataFrame, period: str) -> None:
    """Mentions (top) and tone (bottom) per period, one colour per house in both."""
    if df.empty:
        st.info("None of these houses is named in a dated article.")
        return
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14, row_heights=[0.55, 0.45],
                        subplot_titles=("Mentions (the house, its funds and managers)",
                                        "Tone: mean score of the sentences naming them"))
    for i, (house, rows) in enumerate(df.groupby("fund_house", sort=False)):
        color = charts.COLORS[i % len(charts.COLORS)]
        names = [period_name(pd.Timestamp(p), period) for p in rows["period"]]
        fig.add_trace(go.Scatter(
            x=rows["period"].to_numpy(), y=rows["mentions"], mode="lines+markers", name=short(house, 40), legendgroup=str(house),
            line={"color": color}, customdata=list(zip(names, rows["articles"], strict=True)),
            hovertemplate="<b>" + plain(house) + "</b><br>%{customdata[0]}: %{y} mentions in %{customdata[1]} "
                          "articles<extra></extra>"), row=1, col=1)
        fig.add_trace(go.Scatter(
            x=rows["period"].to_numpy(), y=rows["tone"], mode="lines+markers", name=short(house, 40), legendgroup=str(house),
            showlegend=False, connectgaps=False, line={"color": color, "dash": "dot"},
            customdata=list(zip(names, rows["sentences"], strict=True)),
            hovertemplate="<b>" + plain(house) + "</b><br>%{customdata[0]}: mean %{y:+.2f} over %{customdata[1]} "
                          "sentences<extra></extra>"), row=2, col=1)
    fig.add_hline(y=0, line_color="#7f8c8d", line_width=1, row=2, col=1)
    fig.update_yaxes(title_text="Mentions", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="Mean score", range=[-1.05, 1.05], row=2, col=1)
    charts.period_axis(fig, df["period"], period)
    fig.update_xaxes(title_text=f"{PERIOD_LABELS[period]} of publication", row=2, col=1)
    fig.update_layout(title_text=f"Fund houses side by side, per {period}", height=560, legend_title_text="Fund house",
                      legend={"orientation": "h", "y": -0.18, "x": 0})
    charts.show(fig, key="funds_over_time")
    st.caption("A gap in a tone line: no sentence named the house that "
               f"{period}. Periods without any article are left out.")


def tone_bars(houses: pd.DataFrame, top: int = 15) -> None:
    """Tone of the `top` most covered houses, most positive on top, those of few sentences last
    and grey (the bars are drawn bottom up, so the order is reversed)."""
    df = houses.head(top).rename(columns={"tone": "mean"})
    df = df.sort_values(["few", "mean", "sentences"], ascending=[True, False, False], na_position="last").iloc[::-1]
    few = df["few"].astype(bool)
    fig = go.Figure(go.Bar(
        x=df["mean"], y=[short(h, 40) for h in df["fund_house"]], orientation="h",
        marker_color=[charts.FEW if f else charts.tone_color(m) for m, f in zip(df["mean"], few, strict=True)],
        text=[plural(int(n), "sentence") for n in df["sentences"]], textposition="outside", cliponaxis=False,
        customdata=df[["sentences", "positive", "neutral", "negative"]].to_numpy(),
        hovertemplate="<b>%{y}</b><br>Mean score %{x:+.2f} over %{customdata[0]} sentences<br>"
                      "%{customdata[1]} positive, %{customdata[2]} neutral, %{customdata[3]} negative<extra></extra>"))
    fig.add_vline(x=0, line_color="#7f8c8d", line_width=1)
    reach = min(1.0, max(0.5, float(df["mean"].abs().max()) * 1.8))
    fig.update_xaxes(range=[-reach, reach], tickformat="+.1f")
    charts.show(charts.style(fig, f"Tone of the news about the {len(df)} most covered fund houses",
                             "Mean sentence score (−1 … +1)", "",
                             height=charts.bar_height(len(df))), key="funds_tone")
    if few.any():
        st.caption(f"Houses named in fewer than {FEW_SENTENCES} sentences are listed last, in grey.")


def people_and_funds(df: pd.DataFrame, fund: str | None) -> None:
    """The house's funds and managers from the gazetteer, each with its coverage and tone."""
    for type_, heading, empty, name_label, related_label in (
            ("FUND", "Funds", "No fund of this house is in the gazetteer yet (add one on the Entities page).",
             "Fund", "Managers"),
            ("MANAGER", "Managers", "No manager of this house is in the gazetteer yet.", "Manager", "Manages")):
        rows = df[df["type"] == type_]
        st.markdown(f"**{heading}**")
        if rows.empty:
            st.caption(empty)
            continue
        rows = rows.assign(tone_text=[tone_score(t) for t in rows["tone"]])
        if fund and type_ == "FUND" and fund in set(rows["name"]):
            rows = pd.concat([rows[rows["name"] == fund], rows[rows["name"] != fund]])
            st.caption(f"{md(fund)} is listed first: it is what you searched for.")
        st.dataframe(rows, hide_index=True, width="stretch", height=tables.table_height(len(rows), 8),
                     column_order=["name", "mentions", "articles", "tone_text", "sentences", "related"],
                     column_config={"name": st.column_config.TextColumn(name_label, width="large"),
                                    "mentions": st.column_config.NumberColumn("Mentions", width="small"),
                                    "articles": st.column_config.NumberColumn("Articles", width="small"),
                                    "tone_text": st.column_config.TextColumn("Tone", width="small", help="Mean score "
                                                                             "of the sentences naming it, −1 … +1"),
                                    "sentences": st.column_config.NumberColumn("Sentences", width="small",
                                                                               help="Sentences naming it"),
                                    "related": st.column_config.TextColumn(related_label, width="medium")})


def themes_chart(df: pd.DataFrame, house: str) -> None:
    if df.empty:
        st.info("The articles naming this house mention no theme (under the current filters).")
        return
    df = df.head(15).iloc[::-1]
    fig = go.Figure(go.Bar(  # one colour: each bar is named, and twenty colours cannot tell thirty themes apart
        x=df["mentions"], y=[plain(t) for t in df["theme"]], orientation="h", marker_color=charts.COLORS[1],
        customdata=df[["articles"]],
        hovertemplate="<b>%{y}</b><br>%{x} mentions in %{customdata[0]} articles naming "
                      + plain(house) + "<extra></extra>"))
    charts.show(charts.style(fig, f"Themes in the articles naming {plain(house)}", "Theme mentions", "",
                             height=charts.bar_height(len(df))), key="funds_themes")


def articles(df: pd.DataFrame) -> None:
    st.markdown("**Articles**")
    st.dataframe(tables.with_links(df, sentence=False), hide_index=True, width="stretch",
                 column_order=[tables.READ, "published", "title", "relevance", "mentions", "source", "first_sentence"],
                 column_config={
                     tables.READ: tables.read_column("the article"), "published": tables.PUBLISHED,
                     "title": st.column_config.TextColumn("Title", width="medium"), "source": tables.SOURCE,
                     "mentions": st.column_config.NumberColumn("Mentions", width="small",
                                                               help="Of the house, its funds and managers"),
                     "relevance": st.column_config.ProgressColumn(
                         "Relevance", min_value=0, max_value=100, format="%d", width="small",
                         help="0-100: named in the headline, how early and how often, against the article's "
                              "most mentioned name"),
                     "first_sentence": st.column_config.TextColumn("First sentence naming it", width="large")})


def fact_text(value: float, unit: str, flow: object) -> str:
    """"6.1 billion CNY", "24.6 %", "inflow of 350 million CNY"."""
    text = amount(value, unit)
    return f"{'outflow' if flow == 'out' else 'inflow'} of {text}" if flow in ("in", "out") else text


def facts_view(df: pd.DataFrame) -> pd.DataFrame:
    return tables.with_links(df).assign(
        kind=[FACT_LABELS.get(k, k) for k in df["fact"]],
        figure=[fact_text(v, u, fl) for v, u, fl in zip(df["value"], df["unit"], df["flow"], strict=True)])


FACT_COLUMNS = {
    tables.READ: tables.read_column(), "entity": st.column_config.TextColumn("Fund or house", width=300),
    "kind": st.column_config.TextColumn("Fact", width=60, help="Size (assets under management, units), flows "
                                        "in or out, a return, a fee"),
    "figure": st.column_config.TextColumn("Figure", width=175), "published": tables.PUBLISHED,
    "sentence": st.column_config.TextColumn("The sentence it comes from", width="large"), "title": tables.ARTICLE,
    "source": tables.SOURCE}


def size_chart(df: pd.DataFrame, house: str) -> None:
    """The sizes reported for each fund, by publication date: how a fund grew in the news. (The
    house's own assets, a hundred times larger, would flatten the funds' lines: its table row says it.)"""
    sizes = df[(df["fact"] == "size") & (df["entity_type"] == "FUND") & df["published"].notna() & (df["unit"] != "%")]
    if sizes.empty or len(sizes) < 2:
        return
    unit = sizes["unit"].value_counts().index[0]
    sizes = sizes[sizes["unit"] == unit]
    total = sizes["entity"].nunique()
    shown = sizes["entity"].value_counts().index[:SIZE_LINES]  # the funds reported on most; more lines are a tangle
    sizes = sizes[sizes["entity"].isin(shown)].sort_values("published")
    divisor, word = scale(sizes["value"].abs().min())
    units = " ".join(p for p in (word, unit) if p)
    fig = go.Figure()
    for i, (entity, rows) in enumerate(sizes.groupby("entity", sort=False)):
        fig.add_trace(go.Scatter(
            x=rows["published"].to_numpy(), y=(rows["value"] / divisor).to_numpy(), mode="lines+markers", name=short(entity, 50),
            line={"color": charts.COLORS[i % len(charts.COLORS)]}, marker={"size": 9},
            customdata=[short(t, 90) for t in rows["sentence"].fillna("")],
            hovertemplate="<b>" + plain(entity) + "</b><br>%{x|%d %b %Y}: %{y:,.4g} " + units
                          + "<br>%{customdata}<extra></extra>"))
    some = f"the {len(shown)} most reported funds" if len(shown) < total else "the funds"
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.3, "x": 0})  # the name even of one fund
    fig.update_yaxes(rangemode="tozero")  # sizes from zero: growth is not exaggerated
    charts.show(charts.style(fig, f"Size of {some} of {plain(house)} as the news reported it",
                             "Published", f"Size ({units})", height=380, legend_title="Fund"), key="funds_sizes")


def facts(f: Filters, house: str) -> None:
    """The house's and its funds' figures in the news: the newest of each kind, then every one."""
    st.markdown("**Facts from the news**")
    # A fund's size or return is the same whatever theme the article was about: the facts follow
    # the date and source filters only (and a theme change re-uses them from the cache).
    every = data.fetch(fund_facts, f.only("date_from", "date_to", "sources"), data.data_dir(), house)
    if every.empty:
        st.caption("No article under these filters gives a size, flow, return or fee of this house or its funds.")
        return
    latest = every[every["latest"].astype(bool)]
    st.caption("The newest figure of each kind for each fund, with the sentence it comes from"
               + (", from articles on any theme." if f.themes else "."))
    st.dataframe(facts_view(latest), hide_index=True, width="stretch", key="facts_latest",
                 height=tables.table_height(len(latest), 10),
                 column_order=[tables.READ, "entity", "kind", "figure", "published", "sentence", "title"],
                 column_config=FACT_COLUMNS)
    size_chart(every, house)
    if len(every) > len(latest):
        with st.expander(f"Every figure over time ({len(every):,}{', the newest' if len(every) >= FACTS_SHOWN else ''})"):
            st.dataframe(facts_view(every), hide_index=True, width="stretch", key="facts_all",
                         column_order=[tables.READ, "entity", "kind", "figure", "published", "sentence", "title",
                                       "source"], column_config=FACT_COLUMNS)


def detail(houses: pd.DataFrame, house: str, fund: str | None, f: Filters) -> None:
    st.subheader(md(house))
    row = houses.set_index("fund_house").loc[house]
    cols = st.columns(4)
    cols[0].metric("Mentions", f"{row['mentions']:,}")
    cols[1].metric("Articles", f"{row['articles']:,}")
    cols[2].metric("Funds named", f"{row['funds']:,}")
    cols[3].metric("Managers named", f"{row['managers']:,}")
    people_and_funds(data.fetch(house_people_and_funds, f, house, data.data_dir()), fund)
    facts(f, house)
    themes_chart(data.fetch(house_themes, f, house, data.data_dir()), house)
    articles(data.fetch(house_articles, f, house, data.data_dir()))


def render() -> None:
    if not state.data_page("Fund houses and their funds"):
        return
    f = state.filters(nav.FUNDS.filters)
    houses = data.fetch(fund_houses, f, data.data_dir())
    if houses.empty:
        state.nothing_matches(f, "fund houses")
        return
    names = list(houses["fund_house"])
    st.subheader("Side by side")
    left, right = st.columns([3, 1])
    with left:
        compared = st.multiselect("Fund houses to compare", names, default=names[:COMPARED], key="compare",
                                  bind="query-params", max_selections=10,
                                  help="Up to ten. The most covered houses are chosen until you pick others.")
    with right:
        period = state.choice("Dates by", list(PERIOD_LABELS), "period", "month", format_func=period_label)
    if compared:
        over_time(data.fetch(house_periods, f, data.data_dir(), tuple(compared), period), period)
    tone_bars(houses)

    st.subheader("One house in detail")
    st.caption("Mentions count the house, its funds and its managers. Select a row, or pick a house below.")
    clicked = houses_table(houses)
    house = state.pick("Fund house", names, "house", clicked)
    if house is None:
        return
    fund = st.query_params.get("fund")
    detail(houses, house, fund, f)


frame.show(nav.FUNDS, render)
