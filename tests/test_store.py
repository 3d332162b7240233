"""The DuckDB store on real files under tmp_path: writes, locks, databases that are not ours, migrations."""
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from core import store
from core.analyse.pipeline import analyze
from core.errors import StoreBusy, StoreUnusable
from core.settings import Settings
from core.store.schema import _RELEVANCE_VIEW as RELEVANCE_VIEW
from core.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.texts import EFUND_STORY, HUATAI_STORY

FAST = Settings(use_model=False)
ROOT = Path(__file__).resolve().parents[1]


def test_adding_the_same_content_twice_stores_it_once(tmp_path: Path) -> None:
    tables = analyze(EFUND_STORY, "efund.txt", FAST)
    db = tmp_path / "news.duckdb"
    with store.connect(db) as con:
        assert store.add_tables(con, tables) is True
        assert store.add_tables(con, analyze(EFUND_STORY, "copy_under_other_name.txt", FAST)) is False
        assert store.count_articles(con) == 1
        n_mentions = len(store.read_table(con, "mentions"))
    assert n_mentions == len(tables.mentions) > 0


def test_every_table_round_trips_with_contract_columns(tmp_path: Path) -> None:
    tables = analyze(HUATAI_STORY, "huatai.txt", FAST)
    with store.connect(tmp_path / "db.duckdb") as con:
        store.add_tables(con, tables)
        for name, df in tables.items():
            stored = store.read_table(con, name)
            assert list(stored.columns) == list(df.columns)
            assert len(stored) == len(df)
        assert store.schema_version(con) == store.SCHEMA_VERSION


def test_failed_transaction_leaves_no_partial_article(tmp_path: Path) -> None:
    tables = analyze(EFUND_STORY, "efund.txt", FAST)
    tables.numbers["year"] = "not a year"  # makes the numbers insert fail after articles went in
    with store.connect(tmp_path / "db.duckdb") as con:
        with pytest.raises(duckdb.Error):
            store.add_tables(con, tables)
        assert store.count_articles(con) == 0
        assert len(store.read_table(con, "mentions")) == 0


def test_read_only_connection_to_missing_file_is_empty(tmp_path: Path) -> None:
    with store.connect(tmp_path / "absent.duckdb", read_only=True) as con:
        assert store.count_articles(con) == 0
    assert not (tmp_path / "absent.duckdb").exists()


def _hold_lock(path: str, seconds: float, ready: "multiprocessing.synchronize.Event") -> None:
    with store.connect(Path(path)):
        ready.set()
        time.sleep(seconds)


def test_writer_waits_for_another_process_then_gives_a_plain_error(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(db), 3.0, ready))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(StoreBusy, match="in use by another process"):
            with store.connect(db, timeout_s=0.5):
                pass
        with store.connect(db, timeout_s=30) as con:  # waits for the holder to finish
            assert store.count_articles(con) == 0
    finally:
        holder.join(10)


# --- a database path that is not ours, or cannot be used ---------------------------------------

def _foreign_duckdb(path: Path) -> None:
    """Another application's DuckDB file, with an `articles` table of its own."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (id INTEGER, headline VARCHAR)")
    con.execute("INSERT INTO articles VALUES (1, 'not ours')")
    con.close()


def _truncated(path: Path, keep: float) -> None:
    whole = path.with_name("whole.duckdb")
    with store.connect(whole) as con:
        store.add_tables(con, analyze(EFUND_STORY, "efund.txt", FAST))
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: int(len(data) * keep)])


WRONG_DATABASES: list[tuple[str, object, str]] = [
    ("foreign", _foreign_duckdb, "is a DuckDB database of another application (no tables of this tracker); left untouched"),
    ("folder", lambda p: p.mkdir(), "is a folder, not a database file"),
    ("text", lambda p: p.write_text("name,value\nE Fund,1\n"), "is not a DuckDB database file"),
    ("zero-bytes", lambda p: p.write_bytes(b""), "is an empty file (0 bytes), not a DuckDB database file"),
    ("truncated-header", lambda p: _truncated(p, 0.002), "is damaged or truncated"),
    ("truncated-blocks", lambda p: _truncated(p, 0.5), "is damaged or truncated"),
    ("truncated-tail", lambda p: _truncated(p, 0.98), "is damaged or truncated"),
]


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in sorted(folder.iterdir())}


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any analysis: a refused database must be refused before the model runs."""
    from core.run import batches

    calls: list[str] = []
    original = batches.analyze_articles

    def spy(items, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.extend(name for name, _ in items)
        return original(items, *args, **kwargs)
    monkeypatch.setattr(batches, "analyze_articles", spy)
    return calls


@pytest.mark.parametrize(("case", "make", "reason"), WRONG_DATABASES, ids=[c[0] for c in WRONG_DATABASES])
@pytest.mark.parametrize("command", ["ingest", "export"])
def test_wrong_database_is_refused_in_one_line_and_left_untouched(
        case: str, make, reason: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from core.cli import main

    folder = tmp_path / "dbs"
    folder.mkdir()
    db = folder / "news.duckdb"
    make(db)
    before = _snapshot(folder)
    article = tmp_path / "efund.txt"
    article.write_text(EFUND_STORY, encoding="utf-8")
    analysed = _no_analysis(monkeypatch)
    argv = (["ingest", str(article), "--no-model"] if command == "ingest" else ["export", "--out", str(tmp_path / "out")])
    status = main([*argv, "--db", str(db)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.splitlines() == [f"error: {db}: {reason}"]
    assert "ingested" not in out and analysed == []
    assert _snapshot(folder) == before  # same bytes, no write-ahead log or other file beside it


def test_a_path_under_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.cli import main

    (tmp_path / "notes").write_text("a file, not a folder")
    db = tmp_path / "notes" / "news.duckdb"
    article = tmp_path / "efund.txt"
    article.write_text(EFUND_STORY, encoding="utf-8")
    assert main(["ingest", str(article), "--no-model", "--db", str(db)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {db}: cannot be created: {tmp_path / 'notes'} is a file, not a folder"]
    assert (tmp_path / "notes").read_text() == "a file, not a folder"


def _stored_db(path: Path) -> None:
    with store.connect(path) as con:
        store.add_tables(con, analyze(HUATAI_STORY, "huatai.txt", FAST))


def test_immutable_database_is_refused_before_the_analysis(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from core.cli import main

    db = tmp_path / "news.duckdb"
    _stored_db(db)
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        before = db.read_bytes()
        article = tmp_path / "efund.txt"
        article.write_text(EFUND_STORY, encoding="utf-8")
        analysed = _no_analysis(monkeypatch)
        assert main(["ingest", str(article), "--no-model", "--db", str(db)]) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"error: {db}: cannot be written (read-only or immutable file, or a read-only folder)"]
        assert analysed == [] and db.read_bytes() == before
        assert main(["export", "--out", str(tmp_path / "out"), "--db", str(db)]) == 0  # reading it still works
        assert "Huatai" in (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_read_only_database_is_refused_before_the_analysis() -> None:
    """Run as a user without write permission (as nobody when the tests run as root, which may write anywhere)."""
    folder = Path(tempfile.mkdtemp(prefix="news-ro-"))
    try:
        folder.chmod(0o755)
        db = folder / "news.duckdb"
        _stored_db(db)
        db.chmod(0o444)
        article = folder / "efund.txt"
        article.write_text(EFUND_STORY, encoding="utf-8")
        article.chmod(0o644)
        before = db.read_bytes()
        command = [sys.executable, "-m", "core", "ingest", str(article), "--no-model", "--db", str(db)]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: every file is writable")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"error: {db}: cannot be written (read-only or immutable file, or a read-only folder)"]
        assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["efund.txt", "news.duckdb"]
    finally:
        shutil.rmtree(folder)


def test_database_of_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with store.connect(db) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = db.read_bytes()
    with pytest.raises(StoreUnusable, match="newer release of the tracker \\(schema 99"):
        with store.connect(db):
            pass
    assert db.read_bytes() == before


# --- migrations ---------------------------------------------------------------------------------

# Schema 2 exactly as that release wrote it (frozen here: the migrations must keep reading it).
V2_TABLES = {
    "meta": "key VARCHAR PRIMARY KEY, value VARCHAR",
    "articles": """article_id VARCHAR PRIMARY KEY, file_name VARCHAR, title VARCHAR, published VARCHAR,
        source VARCHAR, language VARCHAR, content_sha256 VARCHAR UNIQUE, n_words INTEGER,
        ingested_at VARCHAR, duplicate_of VARCHAR, simhash BIGINT, body VARCHAR""",
    "sentences": """article_id VARCHAR, sentence_id INTEGER, text VARCHAR, sentiment DOUBLE, label VARCHAR,
        themes VARCHAR, start INTEGER, "end" INTEGER""",
    "mentions": """article_id VARCHAR, sentence_id INTEGER, entity VARCHAR, entity_type VARCHAR, surface VARCHAR,
        start INTEGER, "end" INTEGER, method VARCHAR""",
    "numbers": """article_id VARCHAR, sentence_id INTEGER, text VARCHAR, value DOUBLE, unit VARCHAR,
        year INTEGER, kind VARCHAR, subject VARCHAR, start INTEGER, "end" INTEGER""",
    "forecasts": """subject VARCHAR, unit VARCHAR, from_year INTEGER, from_value DOUBLE, to_year INTEGER,
        to_value DOUBLE, cagr DOUBLE, article_id VARCHAR""",
    "user_entities": "name VARCHAR, type VARCHAR, alias VARCHAR, added_at VARCHAR",
    "entity_decisions": "name VARCHAR PRIMARY KEY, decision VARCHAR, target VARCHAR, decided_at VARCHAR",
}


def build_v2_database(path: Path) -> None:
    """A database as schema 2 left it, with one article, its sentences, a mention, a number and a forecast."""
    con = duckdb.connect(str(path))
    for name, ddl in V2_TABLES.items():
        con.execute(f"CREATE TABLE {name} ({ddl})")
    con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    con.execute(RELEVANCE_VIEW)
    con.execute("INSERT INTO articles VALUES ('a2', 'old.txt', 'E Fund bets on humanoid robots', '2024-11-02', "
                "'China Fund News', 'en', 'sha-a2', 12, '2024-11-03T08:00:00+00:00', NULL, 7, "
                "'E Fund bets on humanoid robots\nThe market reaches 75 billion yuan in 2029.')")
    con.execute("INSERT INTO sentences VALUES ('a2', 0, 'E Fund bets on humanoid robots', 0.1, 'neutral', "
                "'Humanoid robots', 0, 30), ('a2', 1, 'The market reaches 75 billion yuan in 2029.', 0.2, "
                "'positive', '', 31, 75)")
    con.execute("INSERT INTO mentions VALUES ('a2', 0, 'E Fund Management', 'FUND_HOUSE', 'E Fund', 0, 6, 'alias')")
    con.execute("INSERT INTO numbers VALUES ('a2', 1, '75 billion yuan', 75e9, 'CNY', 2029, 'forecast', "
                "'humanoid robot market', 50, 65)")
    con.execute("INSERT INTO forecasts VALUES ('humanoid robot market', 'CNY', 2024, 2.76e9, 2029, 75e9, 0.936, 'a2')")
    con.execute("INSERT INTO entity_decisions VALUES ('Kling', 'confirm', NULL, '2024-11-03')")
    con.close()


def test_migrations_are_numbered_in_order_and_describe_themselves() -> None:
    numbers = [n for n, _, _ in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers[-1] == SCHEMA_VERSION
    assert all(what.strip() for _, what, _ in MIGRATIONS)


def test_export_of_a_schema_2_database_migrates_it_and_keeps_every_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.cli import main

    db = tmp_path / "old.duckdb"
    build_v2_database(db)
    assert main(["export", "--out", str(tmp_path / "out"), "--db", str(db)]) == 0
    assert capsys.readouterr().err == ""
    with store.connect(db, read_only=True) as con:
        assert store.schema_version(con) == SCHEMA_VERSION
        articles = store.read_table(con, "articles")
        assert articles[["article_id", "title", "simhash"]].values.tolist() == [
            ["a2", "E Fund bets on humanoid robots", 7]]
        assert articles["url"].isna().all() and articles["chars_removed"].isna().all()
        assert len(store.read_table(con, "sentences")) == 2 and len(store.read_table(con, "forecasts")) == 1
        assert store.read_table(con, "numbers")["entity"].isna().all()
        assert con.execute("SELECT entity, relevance FROM entity_relevance").fetchall() == [("E Fund Management", 100)]
        assert con.execute("SELECT count(*) FROM feeds").fetchall() == [(0,)]
    exported = (tmp_path / "out" / "numbers.csv").read_text(encoding="utf-8")
    assert "75 billion yuan" in exported


def test_ingest_into_a_schema_2_database_adds_beside_the_old_articles(tmp_path: Path) -> None:
    from core.run import INGESTED, ingest_paths

    db = tmp_path / "old.duckdb"
    build_v2_database(db)
    article = tmp_path / "huatai.txt"
    article.write_text(HUATAI_STORY, encoding="utf-8")
    results = ingest_paths([article], FAST.with_(db_path=db))
    assert [r.status for r in results] == [INGESTED]
    with store.connect(db, read_only=True) as con:
        assert store.count_articles(con) == 2 and store.check_integrity(con) == []
        assert con.execute("SELECT decision FROM entity_decisions").fetchall() == [("confirm",)]


def test_a_read_only_connection_migrates_an_old_database_first(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    build_v2_database(db)
    with store.connect(db, read_only=True) as con:
        assert store.schema_version(con) == SCHEMA_VERSION
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]


def test_a_database_of_the_earliest_release_gains_the_tables_it_lacked(tmp_path: Path) -> None:
    """The first releases wrote schema 1 before users' entities, decisions and the relevance view existed."""
    db = tmp_path / "first.duckdb"
    con = duckdb.connect(str(db))
    for name, ddl in V2_TABLES.items():
        if name not in ("user_entities", "entity_decisions"):
            con.execute(f"CREATE TABLE {name} ({ddl.replace(', duplicate_of VARCHAR, simhash BIGINT', '')})")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with store.connect(db, read_only=True) as con:
        assert store.schema_version(con) == SCHEMA_VERSION
        assert store.user_entities(con) == ()
        assert con.execute("SELECT count(*) FROM entity_relevance").fetchall() == [(0,)]
