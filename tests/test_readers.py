"""Readers on good files: every format, encoding and archive layout comes out as the right `Document`.

Fixture files are built in code under `tmp_path` or in memory; the sample sentences are our own.
"""
from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.errors import UnreadableFile
from core.read import SUPPORTED_EXTENSIONS, collect_paths, read_bytes, read_path
from core.read.document import Document
from core.settings import Settings
from tests.builders import encrypt_pdf, make_docx, make_pdf, make_zip

LAUNCH = "China Asset Management launched an AI ETF that tracks chip designers and cloud providers."
FEES = "Analysts said the fund charges 0.5% a year, below most rival products."
LAUNCH_ZH = "华夏基金推出人工智能ETF，首周募集12亿元，投资者关注算力与芯片板块。"
LAUNCH_ZH_TW = "華夏基金推出人工智慧ETF，首週募集12億元。"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "news.duckdb")


def read_one(name: str, data: bytes, settings: Settings) -> Document:
    results = list(read_bytes(name, data, settings))
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


# --- plain text --------------------------------------------------------------------------


def test_supported_extensions_cover_every_format() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".zip"}


ENCODED_TEXTS = [
    ("utf-8", LAUNCH_ZH + "\n" + LAUNCH),
    ("utf-8-sig", LAUNCH_ZH),
    ("utf-16", LAUNCH_ZH + "\n" + "The fund’s AI bet"),
    ("gb18030", LAUNCH_ZH),
    ("gb18030", "华夏AI基金"),  # short: an open detector reads this as Korean
    ("big5", LAUNCH_ZH_TW),
    ("cp1252", "The fund’s “AI” ETF – run by Société Générale – rose 3%."),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED_TEXTS)
def test_txt_decodes_every_supported_encoding(encoding: str, text: str, settings: Settings) -> None:
    document = read_one("news.txt", text.encode(encoding), settings)
    assert document.text == text
    assert document.fmt == "txt"


def test_gbk_text_is_decoded_as_gb18030_so_rare_characters_survive(settings: Settings) -> None:
    text = "华夏基金推出人工智能ETF，基金经理为䶮先生。"  # 䶮 exists in GB18030 only
    assert read_one("news.txt", text.encode("gb18030"), settings).text == text


NORMALISED = [
    ("windows newlines", "Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
    ("zero-width and bidi characters", "AI\u200b ETF\u200d launch\u202e", "AI ETF launch"),
    ("soft hyphen", "invest\u00adment fund", "investment fund"),
    ("no-break and ideographic spaces", "AI\u00a0ETF\u3000launch", "AI ETF launch"),
    ("full-width digits and letters", "规模达到１２．５亿元，ＡＩ主题", "规模达到12.5亿元，AI主题"),
    ("chinese punctuation is kept", "基金大涨！是否追高？", "基金大涨！是否追高？"),
    ("ligatures", "ﬁnancial ﬂows", "financial flows"),
    ("decomposed accents become composed", "Socie\u0301te\u0301", "Société"),
    ("blank lines and runs of spaces", "First  line\n\n\n   Second\tline  ", "First line\nSecond line"),
]


@pytest.mark.parametrize(("case", "raw", "expected"), NORMALISED, ids=[c[0] for c in NORMALISED])
def test_txt_text_is_normalised(case: str, raw: str, expected: str, settings: Settings) -> None:
    assert read_one("news.txt", raw.encode("utf-8"), settings).text == expected


def test_txt_keeps_one_paragraph_per_line_when_not_wrapped(settings: Settings) -> None:
    raw = f"AI fund launch draws investors\nFund Wire\n2024-03-05\n\n{LAUNCH} {FEES}\n{FEES} {LAUNCH}\n"
    document = read_one("news.txt", raw.encode(), settings)
    assert document.text.split("\n") == ["AI fund launch draws investors", "Fund Wire", "2024-03-05",
                                         f"{LAUNCH} {FEES}", f"{FEES} {LAUNCH}"]
    assert document.title is None  # the cleaning step finds title lines in plain text itself


def test_hard_wrapped_txt_is_joined_into_paragraphs(settings: Settings) -> None:
    raw = (
        "AI fund launch draws investors\n\n"
        "China Asset Management launched an AI ETF that tracks a basket of\n"
        "chip designers and cloud providers, raising 1.2 billion yuan in its\n"
        "first week of trading.\n\n"
        "Analysts said the fund charges lower fees than most rival products\n"
        "from large fund houses in Shanghai and Shenzhen, and that its index\n"
        "is concentrated in a few well-known names.\n"
    )
    assert read_one("news.txt", raw.encode(), settings).text.split("\n") == [
        "AI fund launch draws investors",
        ("China Asset Management launched an AI ETF that tracks a basket of chip designers and cloud providers, "
         "raising 1.2 billion yuan in its first week of trading."),
        ("Analysts said the fund charges lower fees than most rival products from large fund houses in Shanghai "
         "and Shenzhen, and that its index is concentrated in a few well-known names."),
    ]


# --- markdown ----------------------------------------------------------------------------

MARKDOWN = [
    ("atx title", "# AI ETF launch\n\nSome text.", "AI ETF launch", "AI ETF launch\nSome text."),
    ("setext title", "AI ETF launch\n=============\n\nSome text.", "AI ETF launch", "AI ETF launch\nSome text."),
    ("first heading not level one", "## Markets\n\n# Later\n\nText.", None, "Markets\nLater\nText."),
    ("emphasis and code", "The **AI** fund *rose* `3%` ~~fell~~.", None, "The AI fund rose 3% fell."),
    ("links keep their text", "Read [the filing](https://example.com/f \"t\") and [notes][1].\n\n[1]: https://e.com",
     None, "Read the filing and notes."),
    ("images are dropped", "![chart](c.png) AI fund chart", None, "AI fund chart"),
    ("soft-wrapped paragraph joins", "The AI fund\nraised money.\n\nNext one.", None,
     "The AI fund raised money.\nNext one."),
    ("lists and quotes", "- first fund\n- second fund\n\n> quoted manager", None,
     "first fund\nsecond fund\nquoted manager"),
    ("tables keep cells", "| Fund | AUM |\n|---|---:|\n| AI ETF | 1.2bn |", None, "Fund | AUM\nAI ETF | 1.2bn"),
    ("snake case and arithmetic untouched", "fund_code 2*3*4 stays", None, "fund_code 2*3*4 stays"),
    ("rules and html tags", "A<br>B\n\n---\n\nC <b>bold</b>", None, "AB\nC bold"),
    ("chinese paragraph joins without spaces", "# 华夏AI基金\n\n华夏基金推出\n人工智能ETF。", "华夏AI基金",
     "华夏AI基金\n华夏基金推出人工智能ETF。"),
]


@pytest.mark.parametrize(("case", "source", "title", "text"), MARKDOWN, ids=[c[0] for c in MARKDOWN])
def test_markdown_syntax_is_stripped_lightly(case: str, source: str, title: str | None, text: str,
                                             settings: Settings) -> None:
    document = read_one("news.md", source.encode(), settings)
    assert (document.title, document.text, document.fmt) == (title, text, "md")


def test_markdown_front_matter_becomes_metadata(settings: Settings) -> None:
    source = "---\ntitle: \"AI ETF launch\"\ndate: 2024-03-05 08:00\nauthor: Li Wei\nsource: Fund Wire\n---\n\n" + LAUNCH
    document = read_one("news.markdown", source.encode(), settings)
    assert (document.title, document.published, document.author, document.source) == (
        "AI ETF launch", "2024-03-05", "Li Wei", "Fund Wire")
    assert document.text == LAUNCH


# --- HTML --------------------------------------------------------------------------------


def page(head: str, body: str, charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\">{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>"
            f"<article>{body}</article><footer>Copyright 2024 Fund Wire</footer></body></html>")


def test_html_article_text_and_metadata_are_extracted(settings: Settings) -> None:
    head = ("<title>AI ETF launch draws investors | Fund Wire</title><meta property='og:site_name' content='Fund Wire'>"
            "<meta name='author' content='Li Wei'><meta property='article:published_time' content='2024-03-05T08:00:00Z'>")
    document = read_one("news.html", page(head, f"<p>{LAUNCH}</p><p>{FEES}</p>").encode(), settings)
    assert document.text == f"{LAUNCH}\n{FEES}"
    assert (document.title, document.published, document.author, document.source, document.fmt) == (
        "AI ETF launch draws investors", "2024-03-05", "Li Wei", "Fund Wire", "html")


def test_html_page_title_is_not_taken_for_the_site_name(settings: Settings) -> None:
    document = read_one("news.htm", page("<title>AI ETF launch</title>", f"<p>{LAUNCH}</p>").encode(), settings)
    assert document.title == "AI ETF launch"
    assert document.source is None


def test_html_copyright_year_is_not_taken_for_a_date(settings: Settings) -> None:
    document = read_one("news.html", page("<title>AI ETF launch</title>", f"<p>{LAUNCH}</p>").encode(), settings)
    assert document.published is None


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "gb18030"])
def test_html_meta_charset_is_honoured(charset: str, settings: Settings) -> None:
    # Long enough to be an article: on very short pages trafilatura falls back to keeping the menu.
    fee = "<p>该基金管理费率为0.5%，低于同类产品的平均水平，基金经理表示将长期看好人工智能产业链。</p>"
    body = f"<p>{LAUNCH_ZH}</p>" + fee * 4
    document = read_one("news.html", page("<title>华夏基金推出AI ETF</title>", body, charset).encode("gb18030"), settings)
    assert document.title == "华夏基金推出AI ETF"
    assert document.text.startswith(LAUNCH_ZH)


@pytest.mark.parametrize("depth", [100, 254, 300, 5000])
@pytest.mark.parametrize("tag", ["div", "span", "blockquote", "table"])
def test_html_nested_past_the_parser_limit_is_still_read(depth: int, tag: str, settings: Settings) -> None:
    # libxml2 stops nesting at 255 levels; the text inside would be lost without the second reading.
    wrap = {"table": "<table><tr><td>"}.get(tag, f"<{tag} class='w'>")
    close = {"table": "</td></tr></table>"}.get(tag, f"</{tag}>")
    body = wrap * depth + f"<p>{LAUNCH}</p><p>{FEES}</p>" + close * depth
    document = read_one("deep.html", page("<title>AI ETF launch</title>", body).encode(), settings)
    assert LAUNCH in document.text and FEES in document.text
    assert document.title == "AI ETF launch"


def test_html_nested_past_the_limit_without_text_says_so(settings: Settings) -> None:
    body = "<div>" * 1000 + "<img src='chart.png'>" + "</div>" * 1000
    html = f"<html><head><title>Chart</title></head><body>{body}</body></html>"
    (result,) = read_bytes("deep.html", html.encode(), settings)
    assert isinstance(result, UnreadableFile)
    assert result.reason == "no article text found in the HTML (nested more than 255 levels deep)"


def test_html_big5_is_detected_without_a_declaration(settings: Settings) -> None:
    html = f"<html><head><title>基金</title></head><body><article><p>{LAUNCH_ZH_TW}</p></article></body></html>"
    assert LAUNCH_ZH_TW in read_one("news.html", html.encode("big5"), settings).text


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_text_and_metadata_are_read(settings: Settings) -> None:
    data = make_pdf([[LAUNCH, "Second paragraph.", FEES]],
                    info={"Title": "AI ETF launch", "Author": "Li Wei", "CreationDate": "D:20240305080000Z"})
    document = read_one("report.pdf", data, settings)
    # LAUNCH fills the line, so as far as layout tells, the next line continues its paragraph.
    assert document.text == f"{LAUNCH} Second paragraph.\n{FEES}"
    assert (document.title, document.author, document.published, document.fmt) == (
        "AI ETF launch", "Li Wei", "2024-03-05", "pdf")


def test_pdf_wrapped_lines_and_hyphenation_are_repaired(settings: Settings) -> None:
    lines = [
        "China Asset Management launched an AI ETF that tracks a basket of chip",
        "designers and cloud providers, raising 1.2 billion yuan in its first invest-",
        "ment week, and its AI-",
        "powered index rebalances each quarter.",
        "A new paragraph.",
    ]
    document = read_one("report.pdf", make_pdf([lines]), settings)
    assert document.text == (
        "China Asset Management launched an AI ETF that tracks a basket of chip designers and cloud providers, "
        "raising 1.2 billion yuan in its first investment week, and its AI-powered index rebalances each quarter.\n"
        "A new paragraph."
    )


def test_pdf_pages_are_joined_and_page_numbers_dropped(settings: Settings) -> None:
    data = make_pdf([[LAUNCH, "End of page one.", "1"], ["Page 2 of 2", "AUM", "12", FEES, "2"]])
    # A lone number mid-page may be a table figure, so only header and footer numbers go.
    assert read_one("report.pdf", data, settings).text == f"{LAUNCH} End of page one.\nAUM\n12\n{FEES}"


def test_pdf_with_only_an_owner_password_is_read(settings: Settings) -> None:
    data = encrypt_pdf(make_pdf([[LAUNCH]]), user_password="")
    assert read_one("report.pdf", data, settings).text == LAUNCH


def test_pdf_junk_title_from_the_authoring_tool_is_ignored(settings: Settings) -> None:
    data = make_pdf([[LAUNCH]], info={"Title": "Microsoft Word - draft3.docx"})
    assert read_one("report.pdf", data, settings).title is None


# --- Word --------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_properties_are_read(settings: Settings) -> None:
    data = make_docx([("AI ETF launch", "Title"), (LAUNCH, None), (FEES, None)],
                     table=[["Fund", "AUM"], ["AI ETF", "1.2bn yuan"]],
                     title="AI ETF launch", author="Li Wei", created=datetime(2024, 3, 5, 8, 0, tzinfo=UTC))
    document = read_one("memo.docx", data, settings)
    assert document.text == f"AI ETF launch\n{LAUNCH}\n{FEES}\nFund | AUM\nAI ETF | 1.2bn yuan"
    assert (document.title, document.author, document.published, document.fmt) == (
        "AI ETF launch", "Li Wei", "2024-03-05", "docx")


def test_docx_title_style_is_used_when_properties_have_none(settings: Settings) -> None:
    document = read_one("memo.docx", make_docx([("AI ETF launch", "Title"), (LAUNCH, None)]), settings)
    assert document.title == "AI ETF launch"


def test_docx_template_defaults_are_not_taken_as_metadata(settings: Settings) -> None:
    document = read_one("memo.docx", make_docx([(LAUNCH, None)]), settings)
    assert (document.title, document.author, document.published) == (None, None, None)


# --- zip ---------------------------------------------------------------------------------


def test_zip_members_are_read_and_named_after_the_archive(settings: Settings) -> None:
    data = make_zip({
        "news/launch.txt": LAUNCH.encode(),
        "news/memo.docx": make_docx([(FEES, None)]),
        "news/report.pdf": make_pdf([[LAUNCH]]),
        "page.html": page("<title>AI</title>", f"<p>{FEES}</p>").encode(),
        "news/": b"",
        "__MACOSX/news/._launch.txt": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "news/.hidden.txt": b"secret",
        "Thumbs.db": b"\x00",
    })
    results = list(read_bytes("batch.zip", data, settings))
    assert [(r.file_name, r.fmt) for r in results if isinstance(r, Document)] == [
        ("batch.zip:news/launch.txt", "txt"), ("batch.zip:news/memo.docx", "docx"),
        ("batch.zip:news/report.pdf", "pdf"), ("batch.zip:page.html", "html")]
    assert all(isinstance(r, Document) for r in results)


def test_zip_inside_a_zip_is_read(settings: Settings) -> None:
    inner = make_zip({"launch.txt": LAUNCH.encode()})
    results = list(read_bytes("outer.zip", make_zip({"inner.zip": inner, "fees.txt": FEES.encode()}), settings))
    assert [(r.file_name, r.text) for r in results if isinstance(r, Document)] == [
        ("outer.zip:inner.zip:launch.txt", LAUNCH), ("outer.zip:fees.txt", FEES)]


def test_zip_member_names_written_in_gbk_are_repaired(settings: Settings) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("placeholder.txt", LAUNCH_ZH.encode())
    # Windows zip tools write GBK names without the UTF-8 flag; swap the name bytes in place.
    gbk_name = "华夏新闻ETF.txt".encode("gbk")
    assert len(gbk_name) == len(b"placeholder.txt")
    raw = out.getvalue().replace(b"placeholder.txt", gbk_name)
    (result,) = read_bytes("news.zip", raw, settings)
    assert isinstance(result, Document)
    assert result.file_name == "news.zip:华夏新闻ETF.txt"


# --- paths and names ---------------------------------------------------------------------


def test_read_path_reads_a_file_from_disk(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "launch.txt"
    path.write_text(LAUNCH, encoding="utf-8")
    (document,) = read_path(path, settings)
    assert document == Document(file_name="launch.txt", text=LAUNCH, fmt="txt")


def test_read_path_refuses_an_oversized_file_before_reading_it(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(int(73.4 * 1024 * 1024))  # sparse: costs no disk and no reading
    (result,) = read_path(path, settings)
    assert isinstance(result, UnreadableFile)
    assert result.reason == "file is 73.4 MB, over the 50 MB limit"


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a folder, not a file"),
])
def test_read_path_reports_paths_it_cannot_read(make, reason: str, tmp_path: Path, settings: Settings) -> None:
    (result,) = read_path(make(tmp_path), settings)
    assert isinstance(result, UnreadableFile)
    assert result.reason == reason


def test_collect_paths_expands_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for relative in ["b/2.txt", "b/1.md", "a.pdf", ".git/config", "b/.secret.txt", "c/.hidden/x.txt"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    files, problems = collect_paths([tmp_path, tmp_path / "a.pdf", tmp_path / "gone.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.pdf", "b/1.md", "b/2.txt"]
    assert [(p.file_name, p.reason) for p in problems] == [("gone.txt", "no such file")]


def test_folder_walk_reads_links_inside_and_refuses_links_that_leave_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "story.txt").write_text(LAUNCH)
    links = {"a.txt": outside / "passwd.txt", "etc": outside, "inside.txt": Path("sub/story.txt"),
             "same-folder": Path("sub"), "broken.txt": Path("nowhere.txt"), "up.txt": Path("../outside/passwd.txt")}
    for name, target in links.items():
        (inbox / name).symlink_to(target)
    files, problems = collect_paths([inbox])
    assert files == [inbox / "inside.txt"]  # the story once, under the first name met
    assert [(p.file_name, p.reason) for p in problems] == [
        ("a.txt", "link to a file outside the folder being ingested; not followed"),
        ("broken.txt", "broken link (its target does not exist)"),
        ("etc", "link to a folder outside the folder being ingested; not followed"),
        ("up.txt", "link to a file outside the folder being ingested; not followed")]


def test_a_link_named_explicitly_is_read(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(LAUNCH)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "link.txt").symlink_to(tmp_path / "story.txt")
    files, problems = collect_paths([tmp_path / "folder" / "link.txt"])
    assert files == [tmp_path / "folder" / "link.txt"] and problems == []


def test_a_folder_given_through_a_link_is_walked(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(LAUNCH)
    (tmp_path / "inbox").symlink_to(tmp_path / "real")
    files, problems = collect_paths([tmp_path / "inbox"])
    assert files == [tmp_path / "inbox" / "story.txt"] and problems == []


def test_special_files_in_a_folder_get_a_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "story.txt").write_text(LAUNCH)
    files, problems = collect_paths([tmp_path])
    assert files == [tmp_path / "story.txt"]
    assert [(p.file_name, p.reason) for p in problems] == [("pipe.txt", "not a regular file")]


NAMES = [
    ("C:\\fakepath\\launch.txt", "launch.txt"),
    ("../../etc/launch.txt", "launch.txt"),
    ("la\x00un\x1bch\u202e.txt", "launch.txt"),
    ("   ", "unnamed file"),
    ("..", "unnamed file"),
]


@pytest.mark.parametrize(("given", "expected"), NAMES)
def test_file_names_are_reduced_to_a_clean_base_name(given: str, expected: str, settings: Settings) -> None:
    (result,) = read_bytes(given, LAUNCH.encode(), settings)
    assert result.file_name == expected
