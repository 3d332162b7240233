"""Domain exceptions. They carry plain-words reasons; only the edges (CLI, upload page) print them."""
from __future__ import annotations


class NewsError(Exception):
    """Base class of every error the core raises on purpose."""


class UnreadableFile(NewsError):
    """A file (or archive member) that cannot be turned into an article.

    `file_name` is what the user knows the file as (archive members as ``archive.zip:member``);
    `reason` is one short sentence in plain words, no traceback.
    """

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


class FetchFailed(UnreadableFile):
    """A URL that gave no article or feed: not found, timed out, too large, not an article, not a
    feed, a malformed feed, a redirect loop. `file_name` is the URL as asked for.
    """


class StoreBusy(NewsError):
    """The database is locked by another process for longer than we were willing to wait."""


class StoreUnusable(NewsError):
    """A database path that cannot be used: a folder, a file that is not a database of ours, a
    damaged or read-only one. Nothing in it has been changed."""

    def __init__(self, reason: str, path: object = None) -> None:
        super().__init__(f"{path}: {reason}" if path is not None else reason)
        self.reason = reason
        self.path = path

    def at(self, path: object) -> StoreUnusable:
        """The same refusal naming the database file."""
        return self if self.path is not None else StoreUnusable(self.reason, path)
