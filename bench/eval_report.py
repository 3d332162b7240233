"""Grade a folder of articles with gold files, per file and per kind of gold item.

    .venv/bin/python bench/eval_report.py [FOLDER] [--misses] [--type T]

FOLDER defaults to ../shared/eval/dev. Every article is ingested into its own throw-away database
and exported with the project's own code (the model is loaded once, so this takes a fraction of
`grade_dir`'s time), then graded by `../shared/eval/check_gold.py`, the same grader `grade` runs.
Prints each file's score, the pass rate per kind of gold item (entity types, surfaces,
not-entities, numbers, derived growth rates, sentiment, article metadata), and per entity type the
recall of gold entities and the share of predicted entities that the gold names (a lower bound on
precision: gold files do not list every entity an article names).
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import store  # noqa: E402
from core.run import REFUSED, ingest_paths  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store.export import copy_csvs  # noqa: E402

SHARED = ROOT.parent / "shared"
ENTITY_TYPES = ("FUND_HOUSE", "FUND", "MANAGER", "COMPANY", "PRODUCT", "THEME", "PERSON", "ORG")


def grader() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gold", SHARED / "eval" / "check_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kind_of(line: str) -> str:
    """The kind of gold item a grader line is about."""
    what = line.split(" ", 1)[1]
    if what.startswith("  surface"):
        return "surfaces"
    if what.startswith("not an entity"):
        return "not-entities"
    if what.startswith(("number ", "derived ", "sentiment ")):
        return what.split(" ", 1)[0] + ("s" if what.startswith("number") else "")
    if what.startswith("article"):
        return "article"
    first = what.split(" ", 1)[0]
    return first if first.split("/")[0] in ENTITY_TYPES else "other"


def article_of(gold_path: Path) -> Path | None:
    for suffix in (".txt", ".html", ".htm", ".md"):
        candidate = gold_path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def grade_one(article: Path, gold: dict, check: ModuleType, work: Path) -> tuple[list[tuple[bool, str]], pd.DataFrame]:
    db = work / f"{article.stem}.duckdb"
    results = ingest_paths([article], Settings(db_path=db))
    if any(r.status == REFUSED for r in results):
        return [(False, f"FAIL ingest -- {results[0].reason}")], pd.DataFrame()
    out = work / article.stem
    with store.connect(db, read_only=True) as con:
        copy_csvs(con, out)
    graded = check.Grader(gold, out).run()
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    return graded, mentions


def precision_recall(gold: dict, mentions: pd.DataFrame, counts: dict[str, Counter]) -> None:
    """Add this article's entity recall and gold-named share of predictions, per type, to `counts`."""
    accepted: dict[str, set[str]] = {}
    every_accepted: set[str] = set()
    for e in gold.get("entities", []):
        types = e["type"] if isinstance(e["type"], list) else [e["type"]]
        names = {str(a).strip().lower() for a in e["accept"]}
        every_accepted |= names
        for t in types:
            accepted.setdefault(t, set()).update(names)
    predicted = mentions.groupby("entity_type")["entity"].agg(lambda s: {x.strip().lower() for x in s}) \
        if not mentions.empty else pd.Series(dtype=object)
    for t in ENTITY_TYPES:
        got: set[str] = predicted.get(t, set())
        counts[t]["predicted"] += len(got)
        counts[t]["named_by_gold"] += len(got & every_accepted)
    for e in gold.get("entities", []):
        types = e["type"] if isinstance(e["type"], list) else [e["type"]]
        names = {str(a).strip().lower() for a in e["accept"]}
        found = any(names & predicted.get(t, set()) for t in types)
        counts[types[0]]["gold"] += 1
        counts[types[0]]["recalled"] += int(found)


def evaluate(folder: Path) -> tuple[list[tuple[str, str, bool, str]], dict[str, Counter]]:
    """Every gold item of every article in `folder` graded: (article, kind, passed, line), and
    the entity counts of `precision_recall`."""
    check = grader()
    items: list[tuple[str, str, bool, str]] = []
    counts: dict[str, Counter] = {t: Counter() for t in ENTITY_TYPES}
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in sorted(folder.glob("*.yaml")):
            article = article_of(gold_path)
            if article is None:
                continue
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            graded, mentions = grade_one(article, gold, check, Path(tmp))
            items += [(article.stem, kind_of(line), p, line) for p, line in graded]
            precision_recall(gold, mentions, counts)
    return items, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=SHARED / "eval" / "dev")
    parser.add_argument("--misses", action="store_true", help="print every failed gold item")
    parser.add_argument("--type", default="", help="with --misses: only items of this kind (e.g. FUND, numbers)")
    args = parser.parse_args(argv)
    items, counts = evaluate(args.folder)
    by_kind: dict[str, list[int]] = {}
    passed, total = sum(p for _, _, p, _ in items), len(items)
    for stem in dict.fromkeys(a for a, _, _, _ in items):
        mine = [(kind, p, line) for a, kind, p, line in items if a == stem]
        print(f"{stem:<60} {sum(p for _, p, _ in mine):3d}/{len(mine)}")
        for kind, p, line in mine:
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += int(p)
            by_kind[kind][1] += 1
            if args.misses and not p and (not args.type or re.search(args.type, kind)):
                print(f"    [{kind}] {line}")
    print(f"{passed} passed, {total - passed} failed ({100 * passed / max(total, 1):.1f} %)\n")
    print(f"{'gold item kind':<22} {'passed':>7} {'items':>6} {'rate':>7}")
    for kind, (p, n) in sorted(by_kind.items(), key=lambda kv: -kv[1][1]):
        print(f"{kind:<22} {p:7d} {n:6d} {100 * p / n:6.1f}%")
    print(f"\n{'entity type':<12} {'gold':>5} {'recall':>7} {'predicted':>10} {'named by gold':>14}")
    for t, c in counts.items():
        if c["gold"] or c["predicted"]:
            recall = f"{c['recalled'] / c['gold']:.2f}" if c["gold"] else "-"
            share = f"{c['named_by_gold'] / c['predicted']:.2f}" if c["predicted"] else "-"
            print(f"{t:<12} {c['gold']:5d} {recall:>7} {c['predicted']:10d} {share:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
