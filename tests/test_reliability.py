"""Crashes, concurrency and long texts lose nothing: killed ingests, two writers, a reader during a
write, articles of millions of characters, and progress lines for runs nobody watches."""
from __future__ import annotations

import io
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bench.corpus import make_article, pools_from_gazetteer, write_corpus
from core import store
from core.cli import main
from core.cli.progress import Progress
from core.run import INGESTED, REFUSED, ingest_uploads
from core.settings import Settings
from core.store import queries
from tests.texts import EFUND_STORY, HUATAI_STORY, SYNDICATED_STORY

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 40


def ingest_cmd(db: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "core", "ingest", *map(str, paths), "--db", str(db), "--no-model"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, N_ARTICLES, seed=11)
    return folder


def stored(db: Path) -> tuple[int, list[str]]:
    with store.connect(db, read_only=True, timeout_s=30) as con:
        return store.count_articles(con), store.check_integrity(con)


@pytest.mark.slow
def test_killed_ingests_leave_only_whole_articles_and_a_rerun_completes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    rng = random.Random(3)
    for _ in range(8):
        proc = subprocess.Popen(ingest_cmd(db, corpus), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 3.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        if db.exists():
            count, problems = stored(db)
            assert problems == [], problems
            assert 0 <= count <= N_ARTICLES
    done = subprocess.run(ingest_cmd(db, corpus), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert stored(db) == (N_ARTICLES, [])


@pytest.mark.slow
def test_two_ingests_and_a_reader_share_one_database(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    files = sorted(corpus.glob("*.txt"))
    first, second = files[: N_ARTICLES * 2 // 3], files[N_ARTICLES // 3:]  # a third of the files in both
    procs = [subprocess.Popen(ingest_cmd(db, *part), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for part in (first, second)]
    reads = 0
    while any(p.poll() is None for p in procs):
        if db.exists():
            count, problems = stored(db)
            assert problems == []
            overview = queries.run(db, queries.overview)  # what the dashboard's Home page reads
            assert overview["total_articles"] <= N_ARTICLES
            reads += 1
        time.sleep(0.2)
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert reads > 0
    assert stored(db) == (N_ARTICLES, [])


# --- long texts ------------------------------------------------------------------------------------

def story_text(n_chars: int, one_line: bool = False) -> str:
    """`n_chars` of our generated news prose (no closing disclaimers), as paragraphs or as one line."""
    paragraphs: list[str] = []
    rng = random.Random(n_chars)
    pools = pools_from_gazetteer()
    while sum(map(len, paragraphs)) < n_chars:
        lines = make_article(rng, len(paragraphs), pools).split("\n\n")
        paragraphs += [line.strip() for line in lines[2:-1]]
    text = (" " if one_line else "\n").join(paragraphs)
    return "Annual review of AI funds\n" + text[:n_chars]


def assert_offsets_right(db: Path) -> None:
    """Every stored sentence, mention and number points at its own text in the stored body."""
    with store.connect(db, read_only=True) as con:
        assert store.check_integrity(con) == []
        for table, column in (("sentences", "text"), ("mentions", "surface"), ("numbers", "text")):
            wrong = con.execute(f"""SELECT count(*) FROM {table} t JOIN articles a USING (article_id)
                                    WHERE substr(a.body, t.start + 1, t."end" - t.start) <> t.{column}""").fetchall()
            assert wrong == [(0,)], table


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    (folder / "a_short.txt").write_text(story_text(2_000), encoding="utf-8")
    (folder / "b_dump.txt").write_text("AI fund flows " * 750_000, encoding="utf-8")  # 10.5 MB on one line
    (folder / "c_report.txt").write_text(story_text(150_000), encoding="utf-8")
    (folder / "d_short.txt").write_text(story_text(3_000) + " Last one.", encoding="utf-8")
    return folder


DUMP_LINE = "error: b_dump.txt: text is 10.5 million characters, over the 2 million-character limit for one article"


def test_text_over_the_article_limit_is_refused_in_one_line_and_the_batch_goes_on(
        long_batch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "news.duckdb"
    assert main(["ingest", str(long_batch), "--no-model", "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if not line.startswith("progress:")] == [DUMP_LINE]
    assert out.startswith("3 ingested, 0 already present, 1 refused")
    assert_offsets_right(db)
    with store.connect(db, read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT file_name FROM articles").fetchall()) == [
            "a_short.txt", "c_report.txt", "d_short.txt"]
    assert main(["ingest", str(long_batch), "--no-model", "--db", str(db)]) == 1  # a re-run: the same line again
    out, err = capsys.readouterr()
    assert DUMP_LINE in err.splitlines() and out.startswith("0 ingested, 3 already present, 1 refused")


def test_uploads_over_the_article_limit_are_refused_and_the_others_stored(long_batch: Path, tmp_path: Path) -> None:
    uploads = [(p.name, p.read_bytes()) for p in sorted(long_batch.iterdir())]
    results = ingest_uploads(uploads, Settings(db_path=tmp_path / "news.duckdb", use_model=False))
    assert [r.status for r in results] == [INGESTED, REFUSED, INGESTED, INGESTED]
    assert results[1].reason == DUMP_LINE.split(": ", 2)[2]


@pytest.mark.slow
@pytest.mark.parametrize("options, shapes", [(["--no-model"], ["paragraphs", "one line"]),
                                             (["--workers", "2"], ["one line"])], ids=["no-model", "model-2-workers"])
def test_reports_of_over_a_million_characters_are_analysed_in_pieces(
        options: list[str], shapes: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Past spaCy's 1,000,000-character limit, with paragraphs and on one line (with the model only
    the one line, where pieces must be cut at spaces: a megabyte through the model takes half a minute)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_short.txt").write_text(story_text(2_000), encoding="utf-8")
    if "paragraphs" in shapes:
        (folder / "b_report.txt").write_text(story_text(1_050_000), encoding="utf-8")
    (folder / "c_one_line.txt").write_text(story_text(1_050_000, one_line=True) + " One line.", encoding="utf-8")
    (folder / "d_dump.txt").write_text("AI fund flows " * 750_000, encoding="utf-8")
    (folder / "e_short.txt").write_text(story_text(3_000) + " Last one.", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    assert main(["ingest", str(folder), *options, "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if line.startswith("error:")] == [DUMP_LINE.replace("b_dump", "d_dump")]
    assert "Traceback" not in err and out.startswith(f"{2 + len(shapes)} ingested, 0 already present, 1 refused")
    assert_offsets_right(db)
    with store.connect(db, read_only=True) as con:
        n_sentences = dict(con.execute("SELECT file_name, count(*) FROM sentences JOIN articles USING (article_id) "
                                       "GROUP BY file_name").fetchall())
    long_files = {"paragraphs": "b_report.txt", "one line": "c_one_line.txt"}
    assert all(n_sentences[long_files[shape]] > 4_000 for shape in shapes)


# --- progress of runs without a terminal ----------------------------------------------------------

def test_progress_lines_every_few_seconds_without_a_terminal() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(stream, every_s=5.0, clock=lambda: now[0])
    for done in range(1, 31):
        now[0] = done * 0.5  # two files a second
        if done % 7 == 0:
            progress.refused(f"bad-{done}.txt")
        progress(done, 30, f"file-{done}.txt")
    assert stream.getvalue().splitlines() == [
        "progress: 10 of 30 files done, 1 refused, 2.0 files/s",
        "progress: 20 of 30 files done, 2 refused, 2.0 files/s",
        "progress: 30 of 30 files done, 4 refused, 2.0 files/s"]


def test_a_piped_ingest_prints_progress_lines(long_batch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.cli.progress.LINE_EVERY_S", 0.0)
    assert main(["ingest", str(long_batch), "--no-model", "--db", str(tmp_path / "news.duckdb")]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("progress:")]
    assert len(lines) == 4
    assert lines[-1].startswith("progress: 4 of 4 files done, 1 refused, ")
    assert lines[-1].endswith(" files/s")


# --- the whole ingest on random input ------------------------------------------------------------

GOOD_STORIES = [HUATAI_STORY, EFUND_STORY, SYNDICATED_STORY]
EXTENSIONS = [".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".zip", ".xyz", ""]


def _entries() -> st.SearchStrategy[tuple]:
    return st.one_of(
        st.tuples(st.just("bytes"), st.binary(max_size=3000), st.sampled_from(EXTENSIONS)),
        st.tuples(st.just("text"), st.text(max_size=2000), st.sampled_from([".txt", ".md", ".html"])),
        st.tuples(st.just("good"), st.integers(0, len(GOOD_STORIES) - 1), st.sampled_from([".txt", ".md"])),
        st.tuples(st.just("link_in"), st.integers(0, 20), st.just(".txt")),
        st.tuples(st.just("link_out"), st.just(0), st.just(".txt")),
        st.tuples(st.just("broken"), st.just(0), st.just(".txt")),
    )


# Megabytes of text: a random chunk repeated, on one line or many (1 and 2 million characters are
# analysed, more is over the article limit).
BIG = st.tuples(st.integers(0, 2), st.tuples(st.just("big"), st.tuples(st.text(min_size=1, max_size=300),
                                                                     st.integers(1, 4), st.booleans()),
                                            st.sampled_from([".txt", ".md"])))


def _build(root: Path, outside: Path, entries: list[tuple[int, tuple]]) -> tuple[int, dict[str, set[str]]]:
    """Write the tree; returns how many results the ingest owes (one per file, link out or broken
    link) and the good files, each with the names it may be stored under (its own, its links')."""
    owed, good, files = 0, {}, []
    for i, (depth, (kind, value, ext)) in enumerate(entries):
        folder = root.joinpath(*[f"d{d}" for d in range(depth)])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{i}{ext}"
        if kind == "bytes":
            path.write_bytes(value)
        elif kind == "text":
            path.write_text(value, encoding="utf-8", errors="surrogatepass")
        elif kind == "good":
            path.write_text(f"{GOOD_STORIES[value]}\nFiled by desk number {i} of the fund team.\n", encoding="utf-8")
            good[path.name] = {path.name}
        elif kind == "big":
            chunk, megabytes, one_line = value
            chunk = chunk.replace("\n", " ") if one_line else chunk + "\n"
            path.write_text((chunk * (megabytes * 1_000_000 // len(chunk) + 1))[: megabytes * 1_000_000],
                            encoding="utf-8", errors="surrogatepass")
        elif kind == "link_in":
            if not files:
                continue
            target = files[value % len(files)]
            path.symlink_to(target)  # the target is read once, under whichever of its names comes first
            if target.name in good:
                good[target.name].add(path.name)
            continue
        elif kind == "link_out":
            path.symlink_to(outside)
        else:
            path.symlink_to(folder / "nowhere.txt")
        owed += 1
        if path.is_file() and not path.is_symlink():
            files.append(path)
    return owed, good


def _ingest_random_tree(entries: list[tuple[int, tuple]], capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        outside = tmp / "secret.txt"
        outside.write_text("root:x:0:0:root:/root:/bin/bash")
        owed, good = _build(tmp / "inbox", outside, entries)
        db = tmp / "news.duckdb"
        capsys.readouterr()
        status = main(["ingest", str(tmp / "inbox"), "--no-model", "--db", str(db)])
        out, err = capsys.readouterr()
        errors = [line for line in err.splitlines() if not line.startswith("progress:")]
        ingested, present, refused = map(int, re.match(r"(\d+) ingested, (\d+) already present, (\d+) refused",
                                                        out).groups())
        assert ingested + present + refused == owed, (out, err)
        assert status == (1 if refused else 0)
        assert len(errors) == refused and all(re.match(r"error: f\d+[.\w]*: \S", e) for e in errors), errors
        assert "Traceback" not in err
        if db.exists():
            with store.connect(db, read_only=True) as con:
                assert store.check_integrity(con) == []
                stored = [r[0] for r in con.execute("SELECT file_name FROM articles").fetchall()]
                assert "root:x" not in " ".join(r[0] for r in con.execute("SELECT body FROM articles").fetchall())
        else:
            stored = []
        for names in good.values():  # every good file stored, once
            assert sum(n in names for n in stored) == 1, (names, stored)


TREES = st.lists(st.tuples(st.integers(0, 2), _entries()), min_size=1, max_size=8)


@hsettings(max_examples=25, deadline=None, database=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(entries=TREES)
def test_random_folders_are_ingested_with_one_line_per_refusal(entries: list[tuple[int, tuple]],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _ingest_random_tree(entries, capsys)


@pytest.mark.slow
@hsettings(max_examples=3, deadline=None, database=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(big=BIG, entries=st.lists(st.tuples(st.integers(0, 2), _entries()), max_size=5))
def test_random_folders_with_texts_of_megabytes(big: tuple[int, tuple], entries: list[tuple[int, tuple]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _ingest_random_tree([*entries, big], capsys)


def test_every_test_the_readme_names_for_a_guarantee_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Limits and guarantees"):readme.index("## Performance")]
    named, module = [], ""
    for m in re.finditer(r"`(test_\w+)?::(test_\w+)`", section):
        module = m.group(1) or module
        named.append((module, m.group(2)))
    assert len(named) > 20
    missing = [f"{mod}::{name}" for mod, name in named
               if not re.search(rf"^def {name}\(", (ROOT / "tests" / f"{mod}.py").read_text(encoding="utf-8"), re.M)]
    assert missing == []
    assert "max_article_chars" in section and "max_file_bytes" in section
