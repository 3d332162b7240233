"""Small frames from the gazetteer (names, fund-house links, theme sectors, spellings) that queries join against."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from core.analyse.gazetteer import load_gazetteer
from core.store.review import user_entities


@lru_cache(maxsize=8)
def _reference(data_dir: Path, user: tuple[tuple[str, str, str], ...]) -> dict[str, pd.DataFrame]:
    """Small frames from the gazetteer: entity names and types, links to fund houses, theme sectors."""
    gaz = load_gazetteer(data_dir, user)
    entities = pd.DataFrame([(e.name, e.type, e.status, len(gaz.aliases_of(e.name))) for e in gaz.entities.values()],
                            columns=["name", "type", "status", "n_aliases"])
    managed: dict[str, list[str]] = {}
    for fund in gaz.of_type("FUND"):
        for manager in fund.managers:
            managed.setdefault(manager, []).append(fund.name)
    links: list[tuple[str, str, str, str]] = []  # entity, type, fund_house, related (managers / funds)
    for e in gaz.entities.values():
        if e.type == "FUND_HOUSE":
            links.append((e.name, e.type, e.name, ""))
        elif e.type == "FUND" and e.house:
            links.append((e.name, e.type, e.house, "; ".join(e.managers)))
        elif e.type == "MANAGER" and e.house:
            links.append((e.name, e.type, e.house, "; ".join(managed.get(e.name, []))))
    houses = {e.name: e.house for e in gaz.of_type("FUND")}
    for manager, funds in managed.items():  # managers named only on a fund's entry
        if manager not in gaz.entities and houses[funds[0]]:
            links.append((manager, "MANAGER", houses[funds[0]], "; ".join(funds)))
    link_df = pd.DataFrame(links, columns=["entity", "type", "fund_house", "related"])
    sectors = pd.DataFrame([(e.name, e.sector or "Other") for e in gaz.of_type("THEME")], columns=["theme", "sector"])
    aliases = pd.DataFrame([(a.entity, a.text, a.method) for a in gaz.aliases], columns=["entity", "alias", "method"])
    return {"entities": entities, "links": link_df, "sectors": sectors, "aliases": aliases}


def reference(con: duckdb.DuckDBPyConnection, data_dir: Path) -> dict[str, pd.DataFrame]:
    """The gazetteer frames including the users' additions stored in this database."""
    try:
        user = user_entities(con)
    except duckdb.Error:  # a database from before user entities existed
        user = ()
    return _reference(Path(data_dir), user)


def theme_sectors(data_dir: Path) -> pd.DataFrame:
    """Each theme of the gazetteer with its sector, in the file's order: theme, sector. Read from
    themes.yaml alone: the whole gazetteer takes a second or two to build, the themes a moment."""
    return _theme_sectors(Path(data_dir)).copy()


@lru_cache(maxsize=8)
def _theme_sectors(data_dir: Path) -> pd.DataFrame:
    themes = yaml.safe_load((data_dir / "themes.yaml").read_text(encoding="utf-8")) or []
    return pd.DataFrame([(str(t["name"]), t.get("sector") or "Other") for t in themes if t.get("name")],
                        columns=["theme", "sector"])


def _links(con: duckdb.DuckDBPyConnection, data_dir: Path) -> pd.DataFrame:
    """The fund-house links, each (entity, type, fund_house) once, so a mention counts once."""
    return reference(con, data_dir)["links"].drop_duplicates(["entity", "type", "fund_house"])
