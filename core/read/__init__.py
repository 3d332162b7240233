"""Reading: turn uploaded files (txt, md, html, pdf, docx, zip) into `Document`s.

A bad file never stops a batch: it is yielded as an `UnreadableFile` value, with one plain-words
reason, in the place where its `Document` would have been. Archives are read into memory only;
nothing is ever extracted to disk.

One module per format (`text`, `markdown`, `html`, `pdf`, `word`, `archive`), with what they share:
`decode` (bytes to text), `lines` (normalising and unwrapping), `limits` (refusals, sizes, names),
`meta` (metadata values) and `files` (paths, uploads and the routing by extension).
"""
from __future__ import annotations

from core.read.document import Document
from core.read.files import SUPPORTED_EXTENSIONS, collect_paths, read_bytes, read_path

__all__ = ["SUPPORTED_EXTENSIONS", "Document", "collect_paths", "read_bytes", "read_path"]
