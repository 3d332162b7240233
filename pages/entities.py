"""Entities: the canonical names (gazetteer and those found in the articles) with their spellings
and mention counts; forms to teach the tracker a new spelling, a new entity or a whole fund list
(CSV, as `python -m core refdata import`), after which the stored articles are re-analysed so past
mentions resolve too; and the names found only by pattern, model or fuzzy matching, for review."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.analyse.gazetteer import ENTITY_TYPES
from core.errors import StoreBusy, UnreadableFile
from core.run import reanalyse
from core.run.refdata import ImportResult, import_fund_list
from core.store.queries import Filters, entity_catalogue, new_entities
from ui import data, frame, nav, state, tables
from ui.labels import md, plural, type_label

IMPORT_KEY = "fund_list_result"
STATUS_LABELS = {"curated": "in the gazetteer", "user": "added here", "new": "new, found in articles"}


def catalogue(f: Filters) -> pd.DataFrame:
    search = st.text_input("Find an entity", key="find", placeholder="name or spelling, e.g. Puyin", bind="query-params")
    df = data.fetch(entity_catalogue, Filters(f.date_from, f.date_to, f.sources, (), f.entity_types, (), search),
                  data.data_dir())
    if df.empty:
        state.nothing_matches(f if search == "" else Filters(text=search), "entities")
        return df
    view = df.assign(kind=df["type"].map(type_label), state=df["status"].map(lambda s: STATUS_LABELS.get(s, s)))
    st.caption(f"{len(df):,} entities; {int((df['mentions'] > 0).sum()):,} of them mentioned in these articles.")
    st.dataframe(view[["name", "kind", "state", "mentions", "articles", "seen_as", "listed", "generated"]],
                 hide_index=True, width="stretch", column_config={
                     "name": st.column_config.TextColumn("Canonical name", width="medium"), "kind": "Type",
                     "state": "Status", "mentions": "Mentions", "articles": "Articles",
                     "seen_as": st.column_config.ListColumn("Spellings seen in articles", width="medium"),
                     "listed": st.column_config.ListColumn("Spellings in the gazetteer", width="medium"),
                     "generated": st.column_config.NumberColumn(
                         "All spellings matched", help="Listed spellings plus those made by rule: pinyin, "
                         "word order, fund-house suffixes, plurals")})
    return df


def review(f: Filters) -> None:
    st.subheader("New names to review")
    df = data.fetch(new_entities, f, data.data_dir())
    if df.empty:
        st.caption("Every name found in these articles is in the gazetteer.")
        return
    st.caption("Found by a text pattern, the language model or a close spelling, but not in the gazetteer. "
               "Confirm, merge or reject each one below; the decision applies to past and future articles.")
    view = tables.with_links(df).assign(kind=df["type"].map(type_label))
    st.dataframe(view, hide_index=True, width="stretch",
                 column_order=["entity", "kind", "found_by", "mentions", "articles", "seen_as", tables.READ, "example",
                               "title"],
                 column_config={
                     tables.READ: tables.read_column("the example in its article"),
                     "entity": "Name", "kind": "Type", "found_by": "Found by", "mentions": "Mentions",
                     "articles": "Articles", "seen_as": st.column_config.ListColumn("Written as"),
                     "example": st.column_config.TextColumn("Example sentence", width="large"),
                     "title": st.column_config.TextColumn("Article", width="medium")})
    decide(df, data.fetch(entity_catalogue, Filters(), data.data_dir()))


def decide(new: pd.DataFrame, known: pd.DataFrame) -> None:
    """Confirm a new name as an entity, merge it into a known one as a spelling, or reject it."""
    with st.form("decision_form", clear_on_submit=True):
        types = dict(zip(new["entity"], new["type"], strict=True))
        name = st.selectbox("New name", sorted(types), key="decision_name", index=None, placeholder="Choose a name",
                            format_func=lambda n: f"{n} ({type_label(types.get(n, ''))})")
        decision = st.radio("Decision", ["confirm", "merge", "reject"], key="decision_kind", horizontal=True,
                            format_func={"confirm": "Confirm as a new entity", "merge": "Merge into an entity",
                                         "reject": "Reject: not an entity"}.get)
        known_types = dict(zip(known["name"], known["type"], strict=True)) if not known.empty else {}
        target = st.selectbox("Merge into (for a merge)", sorted(known_types), key="decision_target", index=None,
                              placeholder="Choose the entity it is a spelling of")
        if st.form_submit_button("Apply decision and re-analyse", key="decision_submit"):
            if not name or (decision == "merge" and not target):
                st.error("Choose a name, and for a merge the entity it belongs to.")
                return
            with st.spinner("Saving the decision and re-analysing the articles that name it…"), data.writing():
                count = reanalyse.decide(data.settings(), name, decision, types[name], target or "",
                                         known_types.get(target or "", ""))
            data.refresh_version()
            verb = {"confirm": "confirmed", "merge": f"merged into {target}", "reject": "rejected"}[decision]
            st.session_state["entities_saved"] = f"{name} {verb}. {count:,} article{'' if count == 1 else 's'} re-analysed."
            st.rerun()


def save(name: str, type_: str, alias: str) -> int:
    """Store the user entity, then re-analyse the articles it can change; returns how many."""
    with data.writing():
        count = reanalyse.add_entity(data.settings(), name, type_, alias)
    data.refresh_version()
    return count


def forms(known: pd.DataFrame) -> None:
    st.subheader("Teach the tracker a name")
    spelling_tab, new_tab, list_tab = st.tabs(["Add a spelling to an entity", "Add a new entity",
                                               "Import your fund list (CSV)"])
    with spelling_tab, st.form("alias_form", clear_on_submit=True):
        names = sorted(known["name"]) if not known.empty else []
        types = dict(zip(known["name"], known["type"], strict=True))
        entity = st.selectbox("Entity", names, key="alias_entity", index=None, placeholder="Choose an entity",
                              format_func=lambda n: f"{n} ({type_label(types.get(n, ''))})")
        alias = st.text_input("Spelling as it appears in articles", key="alias_text",
                              placeholder="e.g. American GPU chip giant")
        if st.form_submit_button("Add spelling and re-analyse", type="primary", key="alias_submit"):
            if not entity or not alias.strip():
                st.error("Choose an entity and type the spelling.")
            else:
                submit(entity, types[entity], alias.strip())
    with new_tab, st.form("entity_form", clear_on_submit=True):
        name = st.text_input("Canonical name", key="new_name", placeholder="e.g. Penghua Fund Management")
        type_ = st.selectbox("Type", ENTITY_TYPES, key="new_type", format_func=type_label)
        alias = st.text_input("Another spelling (optional)", key="new_alias", placeholder="e.g. Penghua Fund")
        if st.form_submit_button("Add entity and re-analyse", type="primary", key="new_submit"):
            if not name.strip():
                st.error("Type the entity's canonical name.")
            else:
                submit(name.strip(), type_, alias.strip())
    with list_tab:
        fund_list_form()


def fund_list_form() -> None:
    """The same import as `python -m core refdata import FILE.csv`: a user's fund list joins the
    gazetteer and the stored articles that name its funds are re-analysed."""
    st.caption("An export from your terminal or an exchange's list, one fund a row; the first row names the "
               "columns: `code`, `name` (required), `chinese name`, `house`, `managers`, `aliases`. The funds join "
               "the gazetteer and the stored articles that name them are re-analysed. Importing the same file again "
               "changes nothing.")
    with st.form("fund_list_form", clear_on_submit=True):
        upload = st.file_uploader("Fund list", type=["csv", "txt"], key="fund_list",
                                  help="UTF-8 or GB18030 text, comma, semicolon or tab separated. Several codes, "
                                       "managers or aliases in one cell are separated by `;`. Terminal headers such "
                                       "as Fund Code, Fund Name, 基金代码, 基金名称, 基金公司 and 基金经理 are understood.")
        if not st.form_submit_button("Import the funds and re-analyse", type="primary", key="fund_list_submit"):
            return
    if upload is None:
        st.error("Choose a CSV file of funds first.")
        return
    try:
        with st.spinner(f"Importing {upload.name} and re-analysing the articles that name its funds…"), \
                data.writing():
            result = import_fund_list(data.settings(), upload.name, upload.getvalue())
    except UnreadableFile as exc:
        st.error(f"{md(exc.file_name)}: {md(exc.reason)}")
        return
    except StoreBusy as exc:
        st.error(f"{exc}. Import the file again in a moment: funds stored already show as unchanged.")
        return
    data.refresh_version()
    st.session_state[IMPORT_KEY] = (upload.name, result)
    st.rerun()


def import_report(file_name: str, result: ImportResult) -> None:
    """One line per row that was not imported, then the summary the command line prints."""
    summary = (f"{plural(result.funds, 'fund')} read from {md(file_name)}: {result.new} new, {result.changed} changed, "
               f"{result.unchanged} unchanged; {plural(result.reanalysed, 'stored article')} re-analysed.")
    if not result.errors:
        st.success(summary)
        return
    st.warning(f"{summary} {plural(len(result.errors), 'row')} could not be used:")
    st.dataframe(pd.DataFrame({"row": result.errors}), hide_index=True, width="stretch", key="fund_list_errors",
                 height=tables.table_height(len(result.errors), 10),
                 column_config={"row": st.column_config.TextColumn("Row not imported, and why", width="large")})


def submit(name: str, type_: str, alias: str) -> None:
    with st.spinner("Saving and re-analysing every article with the new name…"):
        articles = save(name, type_, alias)
    spelled = f"“{md(alias)}” now counts as {md(name)}" if alias else f"{md(name)} is now recognised"
    st.session_state["entities_saved"] = f"{spelled}. {articles:,} article{'' if articles == 1 else 's'} re-analysed."
    st.rerun()


def render() -> None:
    st.title("Entities and spellings")
    st.caption("One real-world entity, one canonical name: every spelling below is counted under it.")
    if message := st.session_state.pop("entities_saved", None):
        st.success(message)
    if imported := st.session_state.pop(IMPORT_KEY, None):
        import_report(*imported)
    f = state.filters(nav.ENTITIES.filters)
    catalogue(f)
    forms(data.fetch(entity_catalogue, Filters(), data.data_dir()))
    if not data.database_is_empty():
        review(f)
    else:
        st.caption("Mention counts appear once articles are uploaded.")


frame.show(nav.ENTITIES, render)
