"""Sources: the saved RSS and Atom feeds. Add one (it is fetched once to check that it is a feed),
remove one (its articles stay), refresh one or all with a progress bar; per feed, when it was
last fetched, what that refresh found (new, already stored, refused) and its last error.

The same feeds are what `python -m core refresh` fetches from cron or a systemd timer. The
dashboard may serve several people, so it refuses addresses of its own machine and private
network unless NEWS_ALLOW_PRIVATE_URLS=1 is set where it runs (core.settings); the page says so
when it refuses one.
"""
from __future__ import annotations

from dataclasses import asdict

import duckdb
import pandas as pd
import streamlit as st

from core.errors import FetchFailed, StoreBusy
from core.fetch import FeedReport, add_feed, refresh_feeds, remove_feed
from core.fetch.urls import refused_as_private
from core.run import INGESTED, PRESENT, REFUSED
from core.store.queries import feed_table
from ui import data, frame, nav, tables
from ui.labels import md, plural

MESSAGE_KEY, REPORT_KEY = "sources_message", "sources_report"
PRIVATE_NOTE = ("This dashboard does not fetch addresses of the machine it runs on or of a private network "
                "(localhost, 10.x, 192.168.x and the like), so that nobody using it can make the server read "
                "pages that are not public. To follow such a feed, start the dashboard with "
                "`NEWS_ALLOW_PRIVATE_URLS=1`, or save it from the command line: `python -m core feeds add URL`.")


def typed_url(text: str) -> str:
    """What the user typed, with https:// added when no scheme is given ("example.com/feed.rss")."""
    text = text.strip()
    return text if "://" in text or not text else f"https://{text}"


def refused(url: str, reason: str) -> None:
    """One line naming the URL and the reason; the private-address rule explained in words."""
    st.error(f"Not saved: {md(url)}: {md(reason)}")
    if refused_as_private(reason):
        st.info(PRIVATE_NOTE)


def add_form() -> None:
    with st.form("feed_form", clear_on_submit=False):
        left, right = st.columns([3, 2])
        url = left.text_input("Feed address", key="feed_url", placeholder="https://example.com/feeds/ai-funds.rss",
                              help="An RSS or Atom feed. A news page that links to its feed is named in the answer.")
        name = right.text_input("Name (optional)", key="feed_name", placeholder="the feed's own title",
                                help="What the table calls it; by default the feed's own title.")
        if not st.form_submit_button("Check and save the feed", type="primary", key="feed_add",
                                     icon=":material/add:"):
            return
    url = typed_url(url)
    if not url:
        st.error("Type the address of an RSS or Atom feed.")
        return
    try:
        with st.spinner(f"Fetching {url} to check that it is a feed…"), data.writing():
            feed, items, added = add_feed(url, data.settings(), name or None)
    except FetchFailed as failure:
        refused(url, failure.reason)
        return
    except (StoreBusy, duckdb.ConnectionException) as exc:
        st.error(f"The database is busy ({type(exc).__name__}); save the feed again in a moment.")
        return
    data.refresh_version()
    st.session_state[MESSAGE_KEY] = (
        f"Saved the feed {md(feed.name)}: it lists {plural(items, 'item')} now. Refresh it to fetch them."
        if added else f"The feed {md(feed.name)} was saved already.")
    st.rerun()


def feeds_table(feeds: pd.DataFrame) -> None:
    """One row per feed: what its last refresh found. (Its address is in the picker below.)"""
    view = feeds.assign(last_fetched=pd.to_datetime(feeds["last_fetched"], utc=True, errors="coerce"),
                        last_error=feeds["last_error"].fillna(""))
    st.dataframe(view, hide_index=True, width="stretch", key="feeds_table", height=tables.table_height(len(view), 20),
                 placeholder="",
                 column_order=["name", "last_fetched", "items_new", "items_present", "items_refused", "articles",
                               "last_error"],
                 column_config={
                     "name": st.column_config.TextColumn("Feed", width=170),
                     "last_fetched": st.column_config.DatetimeColumn(
                         "Last fetched (UTC)", format="YYYY-MM-DD HH:mm", width=140,
                         help="When the feed was last refreshed; empty: not yet since it was saved"),
                     "items_new": st.column_config.NumberColumn("New", width=55, help="Articles the last refresh stored"),
                     "items_present": st.column_config.NumberColumn(
                         "Already stored", width=110, help="Items of the last refresh stored already (by address or "
                                                         "as a copy of a stored article): not stored again"),
                     "items_refused": st.column_config.NumberColumn(
                         "Refused", width=70, help="Items of the last refresh that gave no article"),
                     "articles": st.column_config.NumberColumn("Articles in all", width=105,
                                                               help="Articles stored from this feed since it was saved"),
                     "last_error": st.column_config.TextColumn(
                         "Last error", width="large", help="The feed's own failure, or the last refused item's")})


def refresh(urls: list[str] | None, what: str) -> None:
    """Refresh the feeds of `urls` (all when None) with a progress bar; keep the report."""
    bar = st.progress(0.0, text=f"Refreshing {what}…")

    def progress(fraction: float, label: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=f"Refreshing {what}: {label}" if label != "done" else "Done")

    try:
        with data.writing():
            reports = refresh_feeds(data.settings(), urls, progress)
    except (StoreBusy, duckdb.ConnectionException) as exc:
        bar.empty()
        st.error(f"The database is busy ({type(exc).__name__}). Refresh again in a moment: "
                 "articles already stored are not fetched again.")
        return
    st.session_state[REPORT_KEY] = [report_row(r) for r in reports]
    data.refresh_version()
    st.rerun()  # the table, the sidebar and the other pages with the new articles


def report_row(report: FeedReport) -> dict:
    return {"name": report.name, "url": report.url, "error": report.error, "not_modified": report.not_modified,
            "items": [asdict(r) for r in report.results]}


def summary(row: dict) -> str:
    items = row["items"]
    if row["error"]:
        return f"**{md(row['name'])}**: the feed could not be read: {md(row['error'])}"
    if row["not_modified"]:
        return f"**{md(row['name'])}**: unchanged since the last refresh."
    counts = {s: sum(i["status"] == s for i in items) for s in (INGESTED, PRESENT, REFUSED)}
    return (f"**{md(row['name'])}**: {counts[INGESTED]} new, {counts[PRESENT]} already stored, "
            f"{counts[REFUSED]} refused.")


def last_report(rows: list[dict]) -> None:
    """What the last refresh of this session did: a line per feed, then a line per item."""
    st.subheader("Last refresh")
    failed = any(r["error"] or any(i["status"] == REFUSED for i in r["items"]) for r in rows)
    (st.warning if failed else st.success)("  \n".join(summary(r) for r in rows))
    for row in rows:
        if refused_as_private(row["error"] or ""):
            st.info(PRIVATE_NOTE)
            break
    items = pd.DataFrame([{**i, "feed": r["name"]} for r in rows for i in r["items"]])
    if items.empty:
        return
    items[tables.READ] = [nav.article_href(a) if a else None for a in items["article_id"]]
    items["link"] = [tables.web_link(u) for u in items["file_name"]]
    items["detail"] = [f"Refused: {reason}" if status == REFUSED else title
                       for status, reason, title in zip(items["status"], items["reason"], items["title"], strict=True)]
    st.dataframe(items, hide_index=True, width="stretch", key="refresh_items", height=tables.table_height(len(items)),
                 placeholder="",
                 column_order=[tables.READ, "feed", "status", "detail", "link"], column_config={
                     tables.READ: tables.read_column("the article"),
                     "feed": st.column_config.TextColumn("Feed", width="small"),
                     "status": st.column_config.TextColumn("Result", width=110),
                     "detail": st.column_config.TextColumn("Article title, or why the item was refused",
                                                           width="large"),
                     "link": st.column_config.LinkColumn("Item address", width="medium")})


def actions(feeds: pd.DataFrame) -> None:
    names = dict(zip(feeds["url"], feeds["name"], strict=True))
    left, mid, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    url = left.selectbox("Feed", list(names), key="feed_pick", format_func=lambda u: f"{names.get(u, u)} ({u})")
    if mid.button("Refresh this feed", key="feed_refresh", icon=":material/refresh:", width="stretch") and url:
        refresh([url], names[url])
    if right.button("Remove this feed", key="feed_remove", icon=":material/delete:", width="stretch",
                    help="Forget the feed; the articles stored from it stay.") and url:
        with data.writing():
            removed = remove_feed(url, data.settings())
        data.refresh_version()
        st.session_state[MESSAGE_KEY] = (f"Removed the feed {md(names[url])}; its articles stay." if removed
                                         else f"The feed {md(names[url])} was removed already.")
        st.rerun()


def render() -> None:
    st.title("News sources")
    st.caption("The RSS and Atom feeds you follow. A refresh fetches the items not stored yet; an item already "
               "stored, under any address or as a copy, is not fetched again. `python -m core refresh` does the "
               "same from cron or a systemd timer (see the README).")
    if message := st.session_state.pop(MESSAGE_KEY, None):
        st.success(message)
    add_form()
    feeds = data.fetch(feed_table)
    if feeds.empty:
        st.info("No saved feeds yet. Add the address of an RSS or Atom feed above.")
    else:
        top, button = st.columns([4, 1], vertical_alignment="bottom")
        top.subheader(f"Saved feeds ({len(feeds)})")
        if button.button("Refresh all feeds", type="primary", key="feeds_refresh_all", icon=":material/sync:",
                         width="stretch"):
            refresh(None, plural(len(feeds), "feed"))
        feeds_table(feeds)
        actions(feeds)
    rows = st.session_state.get(REPORT_KEY)
    if rows:
        last_report(rows)


frame.show(nav.SOURCES, render)
