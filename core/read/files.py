"""Files and uploads to `Document`s: paths collected, sizes checked, each file routed to its
format's reader by extension.

A bad file never stops a batch: it is yielded as an `UnreadableFile` value, with one plain-words
reason, in the place where its `Document` would have been."""
from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from core.errors import UnreadableFile
from core.read.archive import read_zip
from core.read.document import Document
from core.read.html import read_html
from core.read.limits import Budget, Refused, clean_name, too_big
from core.read.markdown import read_markdown
from core.read.pdf import read_pdf
from core.read.text import read_text
from core.read.word import read_docx
from core.settings import Settings

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".zip": "zip",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_FORMATS)
_SUPPORTED_LIST = ", ".join(SUPPORTED_EXTENSIONS)


def collect_paths(paths: Iterable[Path]) -> tuple[list[Path], list[UnreadableFile]]:
    """Expand folders (recursively, sorted, hidden files and folders skipped) into files.

    Returns the files in a stable order, each once, and an `UnreadableFile` for every path that
    does not exist or is not a regular file. Paths named explicitly are kept even when hidden.
    A folder walk never leaves the folder: a link to a file or folder outside it is refused (a
    link inside it is read, once); links to folders are not descended, their files are reached
    through the folder itself.
    """
    files: list[Path] = []
    problems: list[UnreadableFile] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            root = path.resolve()
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names + [d for d in dirs if (Path(folder) / d).is_symlink()]):
                    if name.startswith("."):
                        continue
                    candidate = Path(folder) / name
                    problem = walk_problem(candidate, root)
                    if problem:
                        problems.append(UnreadableFile(clean_name(name), problem))
                    elif candidate.is_file():
                        add(candidate)
        elif path.is_file():
            add(path)
        elif path.exists():
            problems.append(UnreadableFile(clean_name(path.name), "not a regular file"))
        elif path.is_symlink():
            problems.append(UnreadableFile(clean_name(path.name), "broken link (its target does not exist)"))
        else:
            problems.append(UnreadableFile(clean_name(path.name), "no such file"))
    return files, problems


def walk_problem(candidate: Path, root: Path) -> str:
    """Why a file met in a folder walk is not read, or "" to read it."""
    if candidate.is_symlink():
        try:
            target = candidate.resolve(strict=True)
        except (OSError, RuntimeError):  # missing target, or a loop of links
            return "broken link (its target does not exist)"
        if not target.is_relative_to(root):
            kind = "folder" if target.is_dir() else "file"
            return f"link to a {kind} outside the folder being ingested; not followed"
        return ""  # a link inside the folder: its target is read once, whichever name comes first
    if not candidate.is_file():
        return "not a regular file"
    return ""


def read_path(path: Path, settings: Settings) -> Iterator[Document | UnreadableFile]:
    """Read one file from disk; the size is checked with `stat` before a byte is read.

    Yields what `read_bytes` yields; never raises for a missing, oversized or unreadable file.
    """
    name = clean_name(Path(path).name)
    limit = settings.max_file_bytes
    try:
        info = Path(path).stat()
        if stat.S_ISDIR(info.st_mode):
            raise Refused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > limit:
            raise Refused(too_big(info.st_size, limit))
        with Path(path).open("rb") as handle:
            # Read one byte past the limit: the file may have grown since the stat.
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise Refused(too_big(len(data), limit))
    except Refused as refusal:
        yield UnreadableFile(name, refusal.reason)
        return
    except FileNotFoundError:
        yield UnreadableFile(name, "no such file")
        return
    except PermissionError:
        yield UnreadableFile(name, "cannot open the file (permission denied)")
        return
    except OSError as err:
        logger.warning("cannot read %s: %s", path, err)
        yield UnreadableFile(name, "cannot open the file")
        return
    yield from read_bytes(name, data, settings)


def read_bytes(file_name: str, data: bytes, settings: Settings) -> Iterator[Document | UnreadableFile]:
    """Read an uploaded file's bytes into `Document`s (several for a zip).

    `file_name` is reduced to a clean base name. A bad file, or a bad member of an archive, is
    yielded as an `UnreadableFile` so the rest of the batch goes on; nothing is raised for bad
    content.
    """
    name = clean_name(file_name)
    if len(data) > settings.max_file_bytes:
        yield UnreadableFile(name, too_big(len(data), settings.max_file_bytes))
        return
    budget = Budget(settings.zip_max_total_bytes, settings.zip_max_members)
    yield from _read(name, bytes(data), settings, depth=0, budget=budget)


def _read(name: str, data: bytes, settings: Settings, depth: int, budget: Budget) -> Iterator[Document | UnreadableFile]:
    """Route by extension; `depth` is how many archives enclose this file."""
    suffix = Path(name.rsplit(":", 1)[-1]).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        kind = f"unsupported file type '{suffix}'" if suffix else "file has no extension"
        yield UnreadableFile(name, f"{kind} (supported: {_SUPPORTED_LIST})")
        return
    if not data.strip():
        yield UnreadableFile(name, "file is empty")
        return
    if fmt == "zip":
        try:
            for member in read_zip(name, data, settings, depth + 1, budget):
                if isinstance(member, UnreadableFile):
                    yield member
                else:
                    yield from _read(*member, settings, depth + 1, budget)
        except Exception:  # the safety net, as below; members already yielded stay yielded
            logger.exception("unexpected error reading %s", name)
            yield UnreadableFile(name, "could not read the zip archive")
        return
    try:
        if fmt == "txt":
            document = read_text(name, data)
        elif fmt == "md":
            document = read_markdown(name, data)
        elif fmt == "html":
            document = read_html(name, data)
        elif fmt == "pdf":
            document = read_pdf(name, data)
        else:
            document = read_docx(name, data, settings)
    except Refused as refusal:
        yield UnreadableFile(name, refusal.reason)
        return
    except Exception:  # the safety net: format readers convert what they expect
        logger.exception("unexpected error reading %s", name)
        yield UnreadableFile(name, f"could not read the {fmt} file")
        return
    yield document
