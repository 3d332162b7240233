"""A user's fund list: read from CSV, turned into gazetteer entries, imported with the command line
of shared/CONTRACT.md into a real database, and the stored articles re-resolved."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.analyse.gazetteer import load_gazetteer
from core.errors import UnreadableFile
from core.read.fundlist import parse_fund_list
from core.run.refdata import fund_entries
from core.settings import DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
FUND_LIST = (
    "code,name,chinese name,house,managers,aliases\n"
    "159999,E Fund CSI Quantum Frontier ETF,易方达中证量子前沿ETF,E Fund,刘明;Mary Lee,Quantum Frontier ETF\n"
    "888888;QF,Acme Quantum Fund,,Acme Capital,,\n"
)
STORY = ("E Fund CSI Quantum Frontier ETF (159999) drew money this week, said Mary Lee.\n"
         "The Acme Quantum Fund (QF) fell, and 888888 was the most traded code.\n")


def test_rows_are_read_by_header_in_any_spelling_and_bad_rows_get_one_line_each() -> None:
    data = (b"Fund Code;Fund Name;Fund House;Aliases\n"
            b"123456;Alpha AI Mixed;Harvest;Alpha AI\n"
            b";;Harvest;\n"
            b"BAD CODE!;Beta Fund;;\n"
            b"654321;Alpha AI Mixed;Harvest;\n"
            b"777777;Gamma Robot ETF;;a\n")
    rows, errors = parse_fund_list("list.csv", data)
    assert [(r.line, r.name, r.codes, r.house) for r in rows] == [(2, "Alpha AI Mixed", ("123456",), "Harvest")]
    assert errors == ["list.csv line 3: no fund name",
                      "list.csv line 4: code 'BAD CODE!' is not a fund code or ticker",
                      "list.csv line 5: 'Alpha AI Mixed' is already on line 2",
                      "list.csv line 6: alias 'a' is too short to find in text"]


def test_a_gb18030_export_is_read() -> None:
    data = "基金代码,基金名称,基金公司,基金经理\n159819,易方达中证人工智能主题ETF,易方达,张三\n".encode("gb18030")
    rows, errors = parse_fund_list("export.csv", data)
    assert not errors and rows[0].name == "易方达中证人工智能主题ETF" and rows[0].managers == ("张三",)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"code,title\n1,x\n", "no 'name' column"),
    (b"name\n", "no fund rows"),
    (b"\x00\x01\x02\xff" * 50, "not a text file"),
])
def test_a_file_that_is_no_fund_list_is_refused_with_one_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as refused:
        parse_fund_list("x.csv", data)
    assert reason in str(refused.value) and str(refused.value).startswith("x.csv: ")


def test_entries_link_funds_to_known_houses_and_add_unknown_ones() -> None:
    rows, _ = parse_fund_list("funds.csv", FUND_LIST.encode("utf-8"))
    entries = {e["name"]: e for e in fund_entries(rows, load_gazetteer(DATA_DIR))}
    fund = entries["E Fund CSI Quantum Frontier ETF"]
    assert fund["house"] == "E Fund Management" and fund["product"] == "CSI Quantum Frontier ETF"
    assert fund["managers"] == ["Liu Ming", "Mary Lee"]
    assert entries["Liu Ming"] == {"name": "Liu Ming", "zh": "刘明", "type": "MANAGER", "house": "E Fund Management"}
    assert entries["Acme Capital"] == {"name": "Acme Capital", "type": "FUND_HOUSE"}
    acme = entries["Acme Quantum Fund"]
    assert acme["codes"] == ["888888", "QF"] and acme["aliases"] == ["888888"]  # "QF" is read only as a code


def _core(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args, "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def _mentions(db: Path) -> set[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {(str(e), str(t), str(s)) for e, t, s in con.execute("SELECT entity, entity_type, surface FROM mentions")
                .fetchall()}


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_import_re_resolves_stored_articles_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    story, funds, db = tmp_path / "story.txt", tmp_path / "funds.csv", tmp_path / "news.duckdb"
    story.write_text(STORY, encoding="utf-8")
    funds.write_text(FUND_LIST + "BAD CODE!,Broken Fund,,,,\n", encoding="utf-8")
    assert _core("ingest", str(story), "--no-model", db=db).returncode == 0
    assert ("Acme Quantum Fund", "FUND", "QF") not in _mentions(db)

    first = _core("refdata", "import", str(funds), db=db)
    assert first.returncode == 1  # one bad row
    assert first.stderr.strip().splitlines() == ["error: funds.csv line 4: code 'BAD CODE!' is not a fund code or ticker"]
    assert "2 funds read from funds.csv: 2 new, 0 changed, 0 unchanged; 1 stored articles re-analysed" in first.stdout
    found = _mentions(db)
    assert {("E Fund CSI Quantum Frontier ETF", "FUND", "159999"), ("Acme Quantum Fund", "FUND", "QF"),
            ("Acme Quantum Fund", "FUND", "888888"), ("Mary Lee", "MANAGER", "Mary Lee")} <= found

    second = _core("refdata", "import", str(funds), db=db)
    assert "0 new, 0 changed, 2 unchanged; 0 stored articles re-analysed" in second.stdout
    assert _mentions(db) == found


def test_import_of_a_file_that_is_no_fund_list_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    bad, db = tmp_path / "notes.csv", tmp_path / "news.duckdb"
    bad.write_text("title,body\nx,y\n", encoding="utf-8")
    result = _core("refdata", "import", str(bad), db=db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: notes.csv: no 'name' column")
    missing = _core("refdata", "import", str(tmp_path / "gone.csv"), db=db)
    assert missing.returncode == 1 and missing.stderr.startswith("error: gone.csv: cannot be read")
