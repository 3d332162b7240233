"""Near-duplicate detection: a story syndicated by several sites counts once in trends.

Each article gets a 64-bit SimHash of its word 3-grams (Charikar's method, as web crawlers use it
for near-duplicate pages): copies that differ only in headline wording, site chrome or a few
edits are a few bits apart, different stories about the same subject are far apart. Every copy
is kept; a later copy points at the first one through `duplicate_of`.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

NEAR_BITS = 7  # at most this many of 64 bits differ: the same story (unrelated texts differ in ~32)
_WORD = re.compile(r"[\w\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _features(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if _CJK.search(text):  # Chinese has no spaces: characters are the words
        words = [c for w in words for c in (list(w) if _CJK.search(w) else [w])]
    if len(words) < 3:
        return words
    return [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]


def simhash(text: str) -> int:
    """The SimHash of `text` as a signed 64-bit integer (what DuckDB's BIGINT holds)."""
    features = _features(text)
    if not features:
        return 0
    digests = np.frombuffer(b"".join(hashlib.blake2b(f.encode("utf-8"), digest_size=8).digest() for f in features),
                            dtype=np.uint8).reshape(len(features), 8)
    bits = np.unpackbits(digests, axis=1)  # (n, 64), most significant bit first
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(features)
    value = 0
    for bit in (votes > 0):
        value = (value << 1) | int(bit)
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def is_near_duplicate(a: int, b: int) -> bool:
    return hamming(a, b) <= NEAR_BITS
