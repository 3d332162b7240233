"""The command line of shared/CONTRACT.md, the only part of core/ that talks to people.

One module per command (`ingest`, `export`, `samples`, `feeds`, `refresh`, `watch`); `main` builds the parser from them and
turns domain errors into one line on stderr.
"""
from __future__ import annotations

from core.cli.main import main

__all__ = ["main"]
