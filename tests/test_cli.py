"""The command line of shared/CONTRACT.md on real files: in this process through `core.cli.main`
(the model loads once), and once as users run it, in a subprocess."""
from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.cli import main
from tests.builders import make_docx, make_pdf, make_zip
from tests.texts import EFUND_STORY, HUATAI_STORY

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_COLUMNS = {
    "articles": ["article_id", "file_name", "title", "published", "source", "language", "content_sha256", "n_words",
                 "ingested_at"],
    "sentences": ["article_id", "sentence_id", "text", "sentiment", "label", "themes"],
    "mentions": ["article_id", "sentence_id", "entity", "entity_type", "surface", "start", "end", "method"],
    "numbers": ["article_id", "sentence_id", "text", "value", "unit", "year", "kind", "subject"],
    "forecasts": ["subject", "unit", "from_year", "from_value", "to_year", "to_value", "cagr", "article_id"],
}


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`run(*args, db=...)`: `python -m core ARGS --db DB` in this process, with its exit status and output."""
    def call(*args: str, db: Path) -> Ran:
        capsys.readouterr()
        status = main([*args, "--db", str(db)])
        out, err = capsys.readouterr()
        return Ran(status, out, err)
    return call


def run_process(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args, "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of good files in every format plus bad ones."""
    folder = tmp_path_factory.mktemp("batch")
    (folder / "huatai.txt").write_text(HUATAI_STORY, encoding="utf-8")
    (folder / "efund_gb.txt").write_bytes(EFUND_STORY.replace("E Fund", "易方达 E Fund").encode("gb18030"))
    (folder / "notes.md").write_text("# Kling lifts Kuaishou\n\nKuaishou said Kling drew 10 million users.\n", "utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>ChinaAMC AI ETF grows</title></head><body><article><h1>ChinaAMC AI ETF grows</h1>"
        "<p>China Asset Management said its artificial intelligence ETF grew to 5.2 billion yuan in assets this "
        "spring as investors sought exposure to computing power and AI chips across the A-share market.</p>"
        "<p>The fund house expects demand for data centres to keep rising through 2025.</p></article></body></html>",
        encoding="utf-8")
    (folder / "memo.docx").write_bytes(make_docx([("Bosera expands robotics holdings", "Title"),
                                                 ("Bosera Fund raised its stake in humanoid robot makers by 12%.", None)]))
    (folder / "report.pdf").write_bytes(make_pdf([["GF Fund sees AI PCs lifting chip demand in 2025."]]))
    (folder / "bundle.zip").write_bytes(make_zip({"a.txt": b"Harvest Fund bought cloud computing stocks worth 300 million yuan.",
                                                  "bad.exe": b"MZ\x00\x01"}))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(bytes(range(256)) * 4)
    (folder / "renamed.docx").write_text("just text", encoding="utf-8")
    return folder


def test_ingest_reads_every_format_and_names_each_bad_file(batch: Path, tmp_path: Path, run) -> None:
    db = tmp_path / "news.duckdb"
    result = run("ingest", str(batch), db=db)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(e.split(":")[1].strip() for e in errors) == ["bundle.zip", "empty.txt", "random.pdf", "renamed.docx"]
    assert "Traceback" not in result.stderr
    assert "7 ingested" in result.stdout
    out = tmp_path / "out"
    assert run("export", "--out", str(out), db=db).returncode == 0
    files = {row["file_name"] for row in read_csv(out / "articles.csv")}
    assert files == {"huatai.txt", "efund_gb.txt", "notes.md", "page.html", "memo.docx", "report.pdf", "bundle.zip:a.txt"}


def test_reingesting_adds_nothing(batch: Path, tmp_path: Path, run) -> None:
    db = tmp_path / "news.duckdb"
    run("ingest", str(batch / "huatai.txt"), db=db)
    copy = tmp_path / "same_story_other_name.txt"
    copy.write_text(HUATAI_STORY.replace("\n", "\r\n"), encoding="utf-8")
    again = run("ingest", str(batch / "huatai.txt"), str(copy), db=db)
    assert again.returncode == 0
    assert "0 ingested, 2 already present" in again.stdout


def test_export_has_contract_columns_and_canonical_names(batch: Path, tmp_path: Path, run) -> None:
    db = tmp_path / "news.duckdb"
    run("ingest", str(batch / "huatai.txt"), str(batch / "efund_gb.txt"), db=db)
    out = tmp_path / "out"
    run("export", "--out", str(out), db=db)
    for name, columns in CONTRACT_COLUMNS.items():
        header = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[: len(columns)] == columns or set(columns) <= set(header), name
    mentions = read_csv(out / "mentions.csv")
    houses = {m["entity"] for m in mentions if m["entity_type"] == "FUND_HOUSE"}
    assert {"Huatai-PineBridge Fund Management", "E Fund Management"} <= houses
    surfaces = {m["surface"] for m in mentions if m["entity"] == "Huatai-PineBridge Fund Management"}
    assert {"Huatai Bairui", "PineBridge Huatai Fund"} <= surfaces
    forecasts = read_csv(out / "forecasts.csv")
    robot = [f for f in forecasts if "humanoid robot" in f["subject"].lower()]
    assert robot and abs(float(robot[0]["cagr"]) - ((75 / 2.76) ** (1 / 5) - 1)) < 1e-3


def test_export_without_database_is_a_plain_error(tmp_path: Path, run) -> None:
    result = run("export", "--out", str(tmp_path / "out"), db=tmp_path / "none.duckdb")
    assert result.returncode == 1 and "ingest some articles first" in result.stderr


def test_nonexistent_path_is_reported(tmp_path: Path, run) -> None:
    result = run("ingest", str(tmp_path / "missing.txt"), db=tmp_path / "db.duckdb")
    assert result.returncode == 1 and "missing.txt: no such file" in result.stderr


@pytest.mark.slow
def test_the_command_line_as_users_run_it(batch: Path, tmp_path: Path) -> None:
    """One real `python -m core` process per command: the entry point, exit statuses and streams."""
    db = tmp_path / "news.duckdb"
    ingested = run_process("ingest", str(batch / "huatai.txt"), str(batch / "empty.txt"), db=db)
    assert ingested.returncode == 1 and "Traceback" not in ingested.stderr
    assert ingested.stderr.splitlines() == ["error: empty.txt: file is empty"]
    assert ingested.stdout.startswith("1 ingested, 0 already present, 1 refused")
    exported = run_process("export", "--out", str(tmp_path / "out"), db=db)
    assert exported.returncode == 0 and exported.stderr == ""
    assert [row["file_name"] for row in read_csv(tmp_path / "out" / "articles.csv")] == ["huatai.txt"]


def test_commands_that_only_read_the_database_start_without_the_pipeline() -> None:
    """`export` and `feeds list` import spaCy and the analysis only when a command needs them."""
    code = ("import sys; from core.cli import main; main(['export', '--out', sys.argv[1], '--db', sys.argv[2]]); "
            "main(['feeds', 'list', '--db', sys.argv[2]]); "
            "print(sorted(m for m in ('spacy', 'core.analyse.pipeline', 'trafilatura') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, "/nonexistent/out", "/nonexistent/db.duckdb"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
