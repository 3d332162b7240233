"""The watched folder, on a real folder: files ingested as they appear, partial ones left alone until
they are whole, each file once; the command runs until stopped."""
from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core import store
from core.run import INGESTED, REFUSED, FileResult
from core.run.watch import FolderWatch, watch_folder
from core.settings import Settings
from tests.texts import EFUND_STORY, HUATAI_STORY, SYNDICATED_STORY

ROOT = Path(__file__).resolve().parents[1]


def wait_for(check: object, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def bodies(db: Path) -> list[str]:
    if not db.exists():
        return []
    with store.connect(db, read_only=True) as con:  # waits while the watch writes
        return [str(b) for (b,) in con.execute("SELECT body FROM articles ORDER BY file_name").fetchall()]


def test_a_file_is_ready_once_it_held_still_for_one_poll(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text("first part", encoding="utf-8")
    assert watch.ready() == []  # seen once: it may still be growing
    with story.open("a", encoding="utf-8") as f:
        f.write(" and more")
    assert watch.ready() == []  # it changed since the last poll
    assert watch.ready() == [story]
    assert watch.ready() == []  # taken once
    story.write_text("rewritten with new content", encoding="utf-8")
    assert watch.ready() == []
    assert watch.ready() == [story]  # changed after it was taken: taken again


@pytest.mark.parametrize("name", ["story.txt.part", "story.html.crdownload", "~$memo.docx", ".story.txt.swp",
                                  ".hidden.txt", "story.tmp", "story.txt~"])
def test_temporary_names_are_never_taken(tmp_path: Path, name: str) -> None:
    watch = FolderWatch(tmp_path)
    (tmp_path / name).write_text(HUATAI_STORY, encoding="utf-8")
    assert watch.ready() == [] and watch.ready() == []
    final = tmp_path / "renamed.txt"
    (tmp_path / name).rename(final)
    watch.ready()
    assert watch.ready() == [final]


def test_subfolders_are_watched_and_hidden_ones_skipped(tmp_path: Path) -> None:
    (tmp_path / "desk" / "china").mkdir(parents=True)
    (tmp_path / ".sync").mkdir()
    (tmp_path / "desk" / "china" / "a.txt").write_text(EFUND_STORY, encoding="utf-8")
    (tmp_path / ".sync" / "b.txt").write_text(EFUND_STORY, encoding="utf-8")
    watch = FolderWatch(tmp_path)
    watch.ready()
    assert watch.ready() == [tmp_path / "desk" / "china" / "a.txt"]


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_watch_ingests_files_as_they_appear_and_never_half_a_file(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    inbox.mkdir()
    (inbox / "waiting.txt").write_text(EFUND_STORY, encoding="utf-8")  # there before the watch starts
    settings = Settings(db_path=db, use_model=False)
    stop, seen = threading.Event(), queue.Queue[FileResult]()

    def report(results: list[FileResult]) -> None:
        for r in results:
            seen.put(r)
    thread = threading.Thread(target=watch_folder, args=(inbox, settings, 0.3, stop, report), daemon=True)
    thread.start()
    try:
        wait_for(lambda: len(bodies(db)) == 1)
        # A slow writer: a line every 0.1 s, three times faster than the polls, for about 2 seconds.
        lines = SYNDICATED_STORY.splitlines()
        with (inbox / "growing.txt").open("w", encoding="utf-8") as f:
            for line in lines:
                for word in line.split(" "):
                    f.write(word + " ")
                    f.flush()
                    time.sleep(0.1 / max(1, len(line.split(" ")) // 3))
                f.write("\n")
                f.flush()
                time.sleep(0.1)
        (inbox / "notes.xyz").write_text("not an article", encoding="utf-8")
        wait_for(lambda: len(bodies(db)) == 2 and seen.qsize() >= 3)
        time.sleep(1.0)  # more polls: nothing is taken twice
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    results = [seen.get() for _ in range(seen.qsize())]
    assert [(Path(r.file_name).name, r.status) for r in results] == [
        ("waiting.txt", INGESTED), ("growing.txt", INGESTED), ("notes.xyz", REFUSED)]
    growing = [b for b in bodies(db) if "China Asset Management" in b]
    assert len(growing) == 1 and "260 billion yuan in 2028" in growing[0]  # the whole file, not a part of it


@pytest.mark.slow  # a few seconds of real waiting; runs in `make test`
def test_watch_command_runs_until_stopped(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    inbox.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "core", "watch", str(inbox), "--interval", "0.3", "--no-model",
                             "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []
    threading.Thread(target=lambda: [lines.put(x.rstrip("\n")) for x in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    threading.Thread(target=lambda: [errors.append(x.rstrip("\n")) for x in proc.stderr], daemon=True).start()  # type: ignore[union-attr]
    try:
        assert lines.get(timeout=120).startswith(f"watching {inbox}")
        (inbox / "huatai.txt.part").write_text(HUATAI_STORY, encoding="utf-8")
        (inbox / "huatai.txt.part").rename(inbox / "huatai.txt")
        line = lines.get(timeout=120)
        assert line.startswith("ingested huatai.txt: ") and "computing power ETF" in line
        (inbox / "empty.txt").write_bytes(b"")
        wait_for(lambda: errors)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 1  # one file refused while watching
    assert errors == ["error: empty.txt: file is empty"]
    wait_for(lambda: lines.qsize() >= 1)
    assert lines.get() == "stopped; 1 files refused while watching"
    assert len(bodies(db)) == 1
