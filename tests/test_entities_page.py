"""The Entities page's fund-list upload through AppTest, with a real CSV file: the same import as
`python -m core refdata import`, one line per bad row, the summary, the stored articles re-resolved,
and a second upload of the same file changing nothing."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.settings import DATA_DIR
from core.store import queries
from core.store.queries import Filters
from tests.test_app import open_page
from ui import nav

# The seed names its fund manager "IKEDA KAE", found by pattern only; the user's list names her.
FUND_LIST = ("Fund Code,Fund Name,Fund House,Fund Manager,Aliases\n"
             "019999,AXA SPDB Japan Technology Select Mixed,AXA Puyin,Ikeda Kae,AXA SPDB Japan Tech\n"
             "BAD CODE!,Broken Fund,,,\n")


def upload(at: AppTest, path: Path) -> AppTest:
    at.file_uploader(key="fund_list").set_value([(path.name, path.read_bytes(), "text/csv")])
    at.button(key="fund_list_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_fund_list_upload_imports_names_each_bad_row_and_re_resolves_articles(seed_db: Path,
                                                                                 tmp_path: Path) -> None:
    assert "Ikeda Kae" in set(queries.run(seed_db, queries.new_entities, Filters(), DATA_DIR)["entity"])
    csv = tmp_path / "my_funds.csv"
    csv.write_text(FUND_LIST, encoding="utf-8")

    at = upload(open_page(nav.ENTITIES.path), csv)
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "1 fund read from my_funds.csv: 1 new, 0 changed, 0 unchanged; 1 stored article re-analysed. "
        "1 row could not be used:"]
    bad = next(d.value for d in at.dataframe if "row" in d.value.columns)
    assert list(bad["row"]) == ["my_funds.csv line 3: code 'BAD CODE!' is not a fund code or ticker"]

    catalogue = next(d.value for d in at.dataframe if "listed" in d.value.columns).set_index("name")
    assert catalogue.loc["Ikeda Kae", "mentions"] >= 1  # her stored mentions now resolve to the listed manager
    assert "Ikeda Kae" not in set(queries.run(seed_db, queries.new_entities, Filters(), DATA_DIR)["entity"])
    assert "AXA SPDB Japan Technology Select Mixed" in set(catalogue.index)

    at = upload(at, csv)  # the same file again
    assert any("0 new, 0 changed, 1 unchanged; 0 stored articles re-analysed" in w.value for w in at.warning)


def test_a_file_that_is_no_fund_list_is_one_line(seed_db: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("title,body\nx,y\n", encoding="utf-8")
    at = upload(open_page(nav.ENTITIES.path), notes)
    assert [e.value.replace("\\", "") for e in at.error][0].startswith("notes.csv: no 'name' column")
