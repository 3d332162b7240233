"""Column settings every table shares: the link to the reader, dates, tone, and the height that
shows the rows without an inner scrollbar."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlparse

import pandas as pd
import streamlit as st

from ui.nav import ARTICLES

READ = "read"  # the column holding the reader link


def with_links(df: pd.DataFrame, sentence: bool = True) -> pd.DataFrame:
    """`df` with a `read` column linking each row to its article (at its sentence, when it has one):
    the links of `nav.article_href`, built a column at a time (a table may have thousands of rows)."""
    if df.empty:
        return df.assign(**{READ: pd.Series(dtype="object")})
    links = "./" + ARTICLES.url_path + "?id=" + df["article_id"].astype(str).map(lambda a: quote(a, safe=""))
    if sentence and "sentence_id" in df.columns:
        ids = pd.to_numeric(df["sentence_id"], errors="coerce")
        links = links.where(ids.isna(), links + "&s=" + ids.fillna(0).astype("int64").astype(str))
    return df.assign(**{READ: links})


def web_link(url: object) -> str | None:
    """An http(s) address for a link column; anything else (a file, a `javascript:` item link a
    feed held) is not made a link."""
    return url if isinstance(url, str) and urlparse(url).scheme.lower() in ("http", "https") else None


def source_column() -> Any:
    return st.column_config.LinkColumn("Source page", display_text="Source ↗", width=95,
                                       help="The page the article was fetched from (empty for uploaded files)")


def read_column(what: str = "the article at this sentence") -> Any:
    return st.column_config.LinkColumn("Read", display_text="Open ↗", width="small", pinned=True,
                                       help=f"Open {what} in the reader (a new tab)")


TONE = st.column_config.TextColumn("Tone", width="small")
SCORE = st.column_config.NumberColumn("Tone", format="%+.2f", width="small",
                                      help="The sentence's score from −1 (negative) to +1 (positive)")
PUBLISHED = st.column_config.DateColumn("Published", format="YYYY-MM-DD", width="small")
SENTENCE = st.column_config.TextColumn("Sentence", width=380)
ARTICLE = st.column_config.TextColumn("Article", width=180)
SOURCE = st.column_config.TextColumn("Source", width="small")


def table_height(rows: int, most: int = 15, row: int = 35) -> int:
    """Pixels that show `rows` rows of `row` pixels (up to `most`) without an inner scrollbar."""
    return 38 + row * max(1, min(rows, most))
