"""A user's fund list (CSV) read into rows: an export from a terminal or an exchange's list.

Columns, by header (case and spacing free; the first row is the header): `code`, `name`,
`chinese name`, `house`, `managers`, `aliases`. Only `name` is required. Several codes, managers
or aliases go in one cell separated by `;` or `|`. A row that cannot be used gets one line naming
the file, its line number and the reason; the other rows are still read. A file that is no such
list at all (not text, no `name` column, no rows) raises `UnreadableFile`.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from core.errors import UnreadableFile
from core.read.decode import decode
from core.read.limits import Refused

MAX_BYTES = 20 * 1024 * 1024
# Header spellings of each column: ours first, then those of common terminal exports.
COLUMNS = {
    "code": ("code", "codes", "fund code", "ticker", "tickers", "symbol", "基金代码", "代码"),
    "name": ("name", "fund name", "fund", "基金名称", "名称", "基金简称"),
    "zh": ("chinese name", "chinese", "zh", "name (chinese)", "中文名称", "中文名"),
    "house": ("house", "fund house", "fund company", "manager company", "issuer", "基金公司", "基金管理人", "管理人"),
    "managers": ("managers", "manager", "fund manager", "fund managers", "基金经理"),
    "aliases": ("aliases", "alias", "other names", "spellings", "别名"),
}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,11}$")
_SPLIT = re.compile(r"\s*[;|；]\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class FundRow:
    line: int
    name: str
    codes: tuple[str, ...] = ()
    zh: str = ""
    house: str = ""
    managers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def _cells(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in _SPLIT.split((value or "").strip()) if v)


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        label = " ".join(cell.replace("_", " ").split()).lower().strip("\ufeff")
        for key, spellings in COLUMNS.items():
            if label in spellings and key not in found:
                found[key] = i
    return found


def _check(row: FundRow) -> str:
    """Why a row cannot be used, or ""."""
    if not row.name:
        return "no fund name"
    if len(row.name) > 200 or any(len(a) > 200 for a in row.aliases):
        return "a name longer than 200 characters"
    if len(row.name) < 3 and not _CJK.search(row.name):
        return f"fund name {row.name!r} is too short to find in text"
    bad = [c for c in row.codes if not _CODE.match(c)]
    if bad:
        return f"code {bad[0]!r} is not a fund code or ticker"
    short = [a for a in row.aliases if len(a) < 2]
    if short:
        return f"alias {short[0]!r} is too short to find in text"
    return ""


def parse_fund_list(file_name: str, data: bytes) -> tuple[list[FundRow], list[str]]:
    """The usable rows of a fund list and one line per unusable row ("FILE line N: reason").
    A later row for a fund already listed replaces nothing: it is reported as a duplicate."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(file_name, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = decode(data)
    except Refused as exc:
        raise UnreadableFile(file_name, str(exc)) from None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise UnreadableFile(file_name, "empty file, no header row") from None
    columns = _column_map(header)
    if "name" not in columns:
        raise UnreadableFile(file_name, "no 'name' column in the header row (columns: code, name, chinese name, "
                                        "house, managers, aliases)")
    rows: list[FundRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}

    def cell(values: list[str], key: str) -> str:
        i = columns.get(key)
        return values[i].strip() if i is not None and i < len(values) else ""

    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            row = FundRow(line=line, name=" ".join(cell(values, "name").split()), codes=_cells(cell(values, "code")),
                          zh=cell(values, "zh"), house=" ".join(cell(values, "house").split()),
                          managers=_cells(cell(values, "managers")), aliases=_cells(cell(values, "aliases")))
            reason = _check(row)
            if not reason and row.name.lower() in seen:
                reason = f"{row.name!r} is already on line {seen[row.name.lower()]}"
            if reason:
                errors.append(f"{file_name} line {line}: {reason}")
                continue
            seen[row.name.lower()] = line
            rows.append(row)
    except csv.Error as exc:
        errors.append(f"{file_name} line {reader.line_num}: not readable as CSV ({exc})")
    if not rows and not errors:
        raise UnreadableFile(file_name, "no fund rows under the header")
    return rows, errors
