"""Ingestion throughput, as ratios measured in one run (these machines are noisy).

    python bench/ingest.py [--n 800]

- full ingestion (read, clean, match, numbers, sentiment, store) against the same spaCy
  pipeline's NER alone on the same texts: target >= 0.8x;
- `--workers 2` against one worker: target >= 1.7x;
- the Dask engine on a 2-worker LocalCluster against `--workers 2`: target within 15 %.
Each ingest goes into a fresh database; start-up of the pool and the cluster is included.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from core.analyse.pipeline import load_models  # noqa: E402
from core.run import INGESTED, ingest_paths  # noqa: E402
from core.settings import Settings  # noqa: E402


def timed_ingest(folder: Path, db: Path, **changes: object) -> float:
    settings = Settings(db_path=db).with_(**changes)
    start = time.perf_counter()
    results = ingest_paths([folder], settings)
    seconds = time.perf_counter() - start
    assert all(r.status == INGESTED for r in results), [r for r in results if r.status != INGESTED][:3]
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=800, help="articles in the generated corpus")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, args.n, seed=5)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        words = sum(len(t.split()) for t in texts)
        settings = Settings()
        nlp = load_models(settings.spacy_model, True, settings.data_dir).nlp  # the pipeline ingestion uses
        ner_only = nlp.select_pipes(enable=["tok2vec", "ner"])
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        ner = time.perf_counter() - start
        ner_only.restore()
        one = timed_ingest(folder, Path(tmp) / "one.duckdb")
        two = timed_ingest(folder, Path(tmp) / "two.duckdb", workers=2)
        dask = timed_ingest(folder, Path(tmp) / "dask.duckdb", workers=2, engine="dask")
    print(f"{args.n} articles, {words} words")
    print(f"spaCy NER alone      {ner:7.2f} s  {words / ner:8.0f} words/s")
    print(f"ingest, 1 worker     {one:7.2f} s  {words / one:8.0f} words/s  ratio to NER alone {ner / one:.2f}x (target >= 0.8)")
    print(f"ingest, 2 workers    {two:7.2f} s  {words / two:8.0f} words/s  "
          f"speed-up over 1 worker {one / two:.2f}x (target >= 1.7)")
    print(f"ingest, Dask 2 workers {dask:5.2f} s  {words / dask:8.0f} words/s  time against 2 workers {dask / two:.2f}x "
          "(target <= 1.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
