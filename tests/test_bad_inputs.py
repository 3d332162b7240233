"""Readers on bad files: each gives exactly one plain-words reason, and the rest of the batch goes on.

Every bad file is built in code; archives are checked to be read in memory, never written to disk.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pypdf import PdfWriter

from core.errors import UnreadableFile
from core.read import SUPPORTED_EXTENSIONS, read_bytes, read_path
from core.read.document import Document
from core.settings import Settings
from tests.builders import make_zip

LAUNCH = "China Asset Management launched an AI ETF that tracks chip designers and cloud providers."
SETTINGS = Settings(db_path=Path("unused.duckdb"))


def blank_pdf(user_password: str | None = None) -> bytes:
    """A valid PDF whose only page has no text, like a scan; optionally locked with a user password."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_page(body: str) -> bytes:
    return f"<html><head><title>Fund Wire</title></head><body>{body}</body></html>".encode()


def set_zip_flag(data: bytes, flag: int) -> bytes:
    """Set a general-purpose flag bit on every member, in local and central headers alike."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            (flags,) = struct.unpack_from("<H", out, at + offset)
            struct.pack_into("<H", out, at + offset, flags | flag)
            start = at + 4
    return bytes(out)


def only(results: list[Document | UnreadableFile]) -> UnreadableFile:
    assert len(results) == 1, results
    assert isinstance(results[0], UnreadableFile), results[0]
    return results[0]


# --- one bad file, one reason ------------------------------------------------------------

BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.txt", lambda: b"", "file is empty"),
    ("spaces.txt", lambda: b"  \n\t \r\n", "file is empty"),
    ("spaces-utf16.txt", lambda: " \n ".encode("utf-16"), "file is empty"),
    ("empty.pdf", lambda: b"", "file is empty"),
    ("empty.zip", lambda: b"", "file is empty"),
    ("only-markup.md", lambda: b"---\n\n***\n\n![chart](c.png)\n", "file is empty"),
    ("notes.xyz", lambda: LAUNCH.encode(), "unsupported file type '.xyz' (supported: .txt, .md"),
    ("README", lambda: LAUNCH.encode(), "file has no extension"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0" + bytes(100), "unsupported file type '.doc'"),
    ("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text file (binary content)"),
    ("controls.txt", lambda: b"AI fund \x01\x02\x03\x04\x05\x06\x07\x08 report" * 20, "not a text file (binary content)"),
    ("docx-renamed.txt", lambda: word_file(LAUNCH), "not a text file (binary content)"),
    ("mystery.txt", lambda: bytes(range(0x80, 0x100)) * 3, "cannot decode text (unknown encoding)"),
    ("binary.html", lambda: b"<html>\x00\x01\x02" * 30, "not a text file (binary content)"),
    ("menu.html", lambda: html_page("<nav><a href='/'>Home</a> <a href='/funds'>AI funds</a></nav>"),
     "no article text found in the HTML"),
    ("scripts.html", lambda: html_page("<script>var fund = 1;</script><style>p {}</style>"),
     "no article text found in the HTML"),
    ("text-renamed.pdf", lambda: LAUNCH.encode(), "not a valid PDF file"),
    ("encrypted.pdf", lambda: blank_pdf(user_password="secret"), "PDF is encrypted"),
    ("truncated.pdf", lambda: blank_pdf()[: len(blank_pdf()) // 2], "PDF is damaged or truncated"),
    ("header-only.pdf", lambda: b"%PDF-1.7\n", "PDF is damaged or truncated"),
    ("scanned.pdf", lambda: blank_pdf(), "PDF has no text layer (scanned?)"),
    ("text-renamed.docx", lambda: LAUNCH.encode(), "not a valid .docx file"),
    ("zip-renamed.docx", lambda: make_zip({"launch.txt": LAUNCH.encode()}), "not a valid .docx file"),
    ("truncated.docx", lambda: word_file(LAUNCH)[:2000], "not a valid .docx file"),
    ("blank.docx", lambda: word_file("", "   "), "file is empty"),
    ("text-renamed.zip", lambda: LAUNCH.encode(), "not a valid zip archive"),
    ("truncated.zip", lambda: make_zip({"a.txt": LAUNCH.encode() * 50})[:-30], "not a valid zip archive"),
    ("folders-only.zip", lambda: make_zip({"news/": b"", "__MACOSX/._a.txt": b"x", ".DS_Store": b"x"}),
     "archive contains no files"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_gives_exactly_one_plain_reason(name: str, make: Callable[[], bytes], reason: str) -> None:
    result = only(list(read_bytes(name, make(), SETTINGS)))
    assert result.file_name == name
    assert result.reason.startswith(reason)
    assert "\n" not in result.reason and "Traceback" not in result.reason


def test_bad_files_do_not_stop_a_batch() -> None:
    batch = [(name, make()) for name, make, _ in BAD_FILES] + [("launch.txt", LAUNCH.encode())]
    results = [result for name, data in batch for result in read_bytes(name, data, SETTINGS)]
    assert [r.file_name for r in results if isinstance(r, Document)] == ["launch.txt"]
    assert len(results) == len(batch)


def test_bad_zip_members_do_not_stop_the_archive() -> None:
    data = make_zip({
        "good.txt": LAUNCH.encode(),
        "scan.pdf": blank_pdf(),
        "chart.png": b"\x89PNG\r\n\x1a\n",
        "empty.txt": b"",
        "also-good.md": b"# AI ETF\n\n" + LAUNCH.encode(),
    })
    results = list(read_bytes("batch.zip", data, SETTINGS))
    assert [(r.file_name, isinstance(r, Document)) for r in results] == [
        ("batch.zip:good.txt", True), ("batch.zip:scan.pdf", False), ("batch.zip:chart.png", False),
        ("batch.zip:empty.txt", False), ("batch.zip:also-good.md", True)]


# --- size limits and archive safety -------------------------------------------------------


def test_oversized_file_on_disk_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"AI fund news. " * 200)
    result = only(list(read_path(path, SETTINGS.with_(max_file_bytes=1024))))
    assert result.reason == "file is 2.7 KB, over the 1 KB limit"


def test_oversized_upload_is_refused_with_its_size() -> None:
    result = only(list(read_bytes("long.txt", b"x" * 3000, SETTINGS.with_(max_file_bytes=1000))))
    assert result.reason == "file is 2.9 KB, over the 1000 bytes limit"


def test_zip_bomb_of_600_mb_is_refused_in_one_line() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.txt", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(600):
                member.write(chunk)
        archive.writestr("launch.txt", LAUNCH)
    result = only(list(read_bytes("bomb.zip", out.getvalue(), SETTINGS)))
    assert (result.file_name, result.reason) == ("bomb.zip", "archive expands beyond the 500 MB limit")


def test_archive_total_is_checked_from_headers_before_any_member_is_read() -> None:
    data = make_zip({"launch.txt": LAUNCH.encode(), "big.txt": b"AI fund " * 200_000})
    result = only(list(read_bytes("big.zip", data, SETTINGS.with_(zip_max_total_bytes=1024 * 1024))))
    assert result.reason == "archive expands beyond the 1 MB limit"


def test_member_with_suspicious_compression_ratio_is_refused_alone() -> None:
    data = make_zip({"zeros.txt": bytes(4 * 1024 * 1024), "launch.txt": LAUNCH.encode()})
    zeros, launch = read_bytes("ratio.zip", data, SETTINGS)
    assert isinstance(zeros, UnreadableFile) and "compression ratio" in zeros.reason and "zip bomb" in zeros.reason
    assert isinstance(launch, Document)


def test_member_over_the_file_size_limit_is_refused_alone() -> None:
    data = make_zip({"long.txt": b"AI fund news. " * 200, "launch.txt": LAUNCH.encode()})
    long, launch = read_bytes("sizes.zip", data, SETTINGS.with_(max_file_bytes=1024))
    assert isinstance(long, UnreadableFile) and long.reason == "file is 2.7 KB, over the 1 KB limit"
    assert isinstance(launch, Document)


def test_word_file_expanding_beyond_the_archive_limit_is_refused() -> None:
    result = only(list(read_bytes("memo.docx", word_file(LAUNCH), SETTINGS.with_(zip_max_total_bytes=1000))))
    assert result.reason == "document expands beyond the 1000 bytes limit"


def test_too_many_members_refuse_the_whole_archive() -> None:
    data = make_zip({f"news-{i}.txt": LAUNCH.encode() for i in range(5)})
    result = only(list(read_bytes("many.zip", data, SETTINGS.with_(zip_max_members=3))))
    assert result.reason == "archive has 5 files, over the 3-file limit"


def test_member_count_limit_is_shared_with_nested_archives() -> None:
    inner = make_zip({f"news-{i}.txt": LAUNCH.encode() for i in range(3)})
    results = list(read_bytes("outer.zip", make_zip({"inner.zip": inner}), SETTINGS.with_(zip_max_members=3)))
    assert [(r.file_name, getattr(r, "reason", None)) for r in results] == [
        ("outer.zip:inner.zip", "archive has 3 files, over the 3-file limit")]


def test_member_whose_header_understates_its_size_is_refused() -> None:
    data = bytearray(make_zip({"lying.txt": b"AI fund news. " * 10_000, "launch.txt": LAUNCH.encode()}))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # uncompressed size in the central directory
    lying, launch = read_bytes("lying.zip", bytes(data), SETTINGS)
    assert isinstance(lying, UnreadableFile) and lying.reason == "archive member is damaged"
    assert isinstance(launch, Document)


def test_password_protected_member_is_refused() -> None:
    data = set_zip_flag(make_zip({"launch.txt": LAUNCH.encode()}), 0x1)
    result = only(list(read_bytes("locked.zip", data, SETTINGS)))
    assert (result.file_name, result.reason) == ("locked.zip:launch.txt", "file is password-protected in the archive")


@pytest.mark.parametrize(("depth_limit", "readable"), [
    (1, ["outer.zip:top.txt"]),
    (2, ["outer.zip:top.txt", "outer.zip:middle.zip:mid.txt"]),
    (3, ["outer.zip:top.txt", "outer.zip:middle.zip:mid.txt", "outer.zip:middle.zip:inner.zip:deep.txt"]),
])
def test_nesting_depth_is_limited(depth_limit: int, readable: list[str]) -> None:
    inner = make_zip({"deep.txt": LAUNCH.encode()})
    middle = make_zip({"mid.txt": LAUNCH.encode(), "inner.zip": inner})
    outer = make_zip({"top.txt": LAUNCH.encode(), "middle.zip": middle})
    results = list(read_bytes("outer.zip", outer, SETTINGS.with_(zip_max_depth=depth_limit)))
    assert [r.file_name for r in results if isinstance(r, Document)] == readable
    refused = [r for r in results if isinstance(r, UnreadableFile)]
    assert len(refused) == (1 if depth_limit < 3 else 0)
    assert all(r.reason.startswith("archive nested too deeply") for r in refused)


UNSAFE_NAMES = ["../../evil.txt", "/etc/evil.txt", "news/../../evil.txt", "C:/evil.txt", "..\\..\\evil.txt"]


@pytest.mark.parametrize("member", UNSAFE_NAMES)
def test_unsafe_member_paths_are_refused_and_nothing_is_written(member: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Two levels deep, so "../../evil.txt" would land inside tmp_path where we can see it.
    workdir = tmp_path / "work" / "deep"
    workdir.mkdir(parents=True)
    monkeypatch.chdir(workdir)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("safe.txt", LAUNCH)
        # Set after construction so zipfile keeps the name as given, like a hand-crafted archive.
        info = zipfile.ZipInfo("placeholder")
        info.filename = member
        archive.writestr(info, LAUNCH)
    safe, unsafe = read_bytes("evil.zip", out.getvalue(), SETTINGS)
    assert isinstance(safe, Document)
    assert isinstance(unsafe, UnreadableFile)
    assert (unsafe.file_name, unsafe.reason) == (f"evil.zip:{member.replace(chr(92), '/')}", "unsafe path in archive")
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == ["work", "work/deep"]
    assert not Path("/etc/evil.txt").exists()


# --- never raises -------------------------------------------------------------------------

EXTENSIONS = [*SUPPORTED_EXTENSIONS, ".xyz", ""]


def assert_well_formed(results: list[Document | UnreadableFile]) -> None:
    assert results, "every input yields at least one result"
    for result in results:
        assert isinstance(result, Document | UnreadableFile)
        if isinstance(result, UnreadableFile):
            assert result.reason and "\n" not in result.reason and len(result.reason) < 160
        else:
            assert result.text.strip()


@hsettings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
def test_arbitrary_bytes_never_raise(data: bytes, extension: str) -> None:
    assert_well_formed(list(read_bytes(f"upload{extension}", data, SETTINGS)))


def _seeds() -> list[tuple[str, bytes]]:
    return [
        ("seed.pdf", blank_pdf()),
        ("seed.docx", word_file(LAUNCH)),
        ("seed.zip", make_zip({"a.txt": LAUNCH.encode(), "b.zip": make_zip({"c.md": b"# AI\n\nfund"})})),
        ("seed.html", html_page(f"<article><p>{LAUNCH}</p></article>")),
        ("seed.txt", "华夏基金推出人工智能ETF。".encode("gb18030")),
        ("seed.md", "# AI fund\n\n**bold** [link](x)".encode("utf-16")),
    ]


SEEDS = _seeds()


@hsettings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)),
                                                                         max_size=5))
def test_damaged_real_files_never_raise(seed: tuple[str, bytes], cut: float, flips: list[tuple[float, int]]) -> None:
    name, data = seed
    damaged = bytearray(data[: max(1, int(len(data) * cut))] if cut < 0.95 else data)
    for where, value in flips:
        damaged[min(int(where * len(damaged)), len(damaged) - 1)] = value
    assert_well_formed(list(read_bytes(name, bytes(damaged), SETTINGS)))


def test_reading_leaves_the_working_folder_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name, data in SEEDS:
        list(read_bytes(name, data, SETTINGS))
    assert os.listdir(tmp_path) == []


# --- a folder as a careless or hostile user leaves it --------------------------------------------

def test_folder_walk_refuses_links_out_and_stores_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core import store
    from core.cli import main

    secret = tmp_path / "home" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    db = tmp_path / "news.duckdb"
    earlier = tmp_path / "earlier.txt"
    earlier.write_text("Harvest Fund bought cloud computing stocks worth 300 million yuan.\n", encoding="utf-8")
    assert main(["ingest", str(earlier), "--no-model", "--db", str(db)]) == 0
    inbox = tmp_path / "inbox"
    (inbox / "desk").mkdir(parents=True)
    (inbox / "launch.txt").write_text(LAUNCH, encoding="utf-8")
    deep = "<div>" * 400 + f"<p>{LAUNCH.replace('China Asset Management', 'E Fund')}</p>" + "</div>" * 400
    (inbox / "desk" / "deep.html").write_bytes(html_page(deep))
    (inbox / "a.txt").symlink_to(secret)
    (inbox / "desk" / "up.txt").symlink_to(Path("../../home/passwd"))
    (inbox / "same.txt").symlink_to(inbox / "launch.txt")
    (inbox / "gone.txt").symlink_to(inbox / "deleted.txt")
    capsys.readouterr()
    assert main(["ingest", str(inbox), "--no-model", "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "error: a.txt: link to a file outside the folder being ingested; not followed",
        "error: gone.txt: broken link (its target does not exist)",
        "error: up.txt: link to a file outside the folder being ingested; not followed"]
    assert out.startswith("2 ingested, 0 already present, 3 refused")
    with store.connect(db, read_only=True) as con:
        assert store.check_integrity(con) == []
        rows = con.execute("SELECT file_name, body FROM articles ORDER BY file_name").fetchall()
    assert [name for name, _ in rows] == ["deep.html", "earlier.txt", "launch.txt"]
    assert not any("root:x" in body for _, body in rows)
