"""Precision and recall per entity type and for numbers on the evaluation corpus.

    python bench/corpus_report.py [tests/corpus] [--show-errors]

Each `tests/corpus/*.txt` has a gold file in the seed's format. Entities are scored at the level
of (article, canonical entity, type): a predicted pair is right when the gold lists that entity
(any accepted name) with that type; the gold lists every fund house, fund, manager, company,
product and theme an analyst would expect from the article. Numbers are scored on value (0.5 %)
and unit for the quantities the gold lists; predicted money and percentages that the gold does not
list count against precision.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.analyse.pipeline import analyze_documents  # noqa: E402
from core.read import read_path  # noqa: E402
from core.settings import Settings  # noqa: E402

TYPES = ("FUND_HOUSE", "FUND", "MANAGER", "COMPANY", "PRODUCT", "THEME", "PERSON")
MONEY_OR_PERCENT = {"%", "CNY", "USD", "EUR", "GBP", "HKD", "JPY"}


def _low(s: object) -> str:
    return str(s or "").strip().lower()


def score_article(text_path: Path, gold: dict, settings: Settings, errors: list[str]) -> tuple[Counter, Counter]:
    docs = [d for d in read_path(text_path, settings) if not isinstance(d, Exception)]
    rows = next(analyze_documents(docs, settings))[1]
    assert isinstance(rows, dict), rows
    ents = Counter()
    predicted = {(_low(m["entity"]), m["entity_type"]) for m in rows["mentions"] if m["entity_type"] in TYPES}
    gold_items = []
    for e in gold.get("entities", []):
        types = e["type"] if isinstance(e["type"], list) else [e["type"]]
        gold_items.append(({_low(a) for a in e["accept"]}, set(types), e["accept"][0]))
    for accept, types, name in gold_items:
        hit = any(n in accept and t in types for n, t in predicted)
        for t in types[:1] if isinstance(types, list) else sorted(types)[:1]:
            ents[(t, "tp" if hit else "fn")] += 1
        if not hit:
            errors.append(f"  {text_path.name}: missed {sorted(types)[0]} {name}")
    # A fund house named inside a fund's name is implied by the fund the gold lists.
    funds = [(m["start"], m["end"]) for m in rows["mentions"] if m["entity_type"] == "FUND"]
    nested = {_low(m["entity"]) for m in rows["mentions"] if m["entity_type"] == "FUND_HOUSE"
              and any(s <= m["start"] and m["end"] <= e for s, e in funds)}
    for n, t in sorted(predicted):
        if t == "FUND_HOUSE" and n in nested:
            continue
        if not any(n in accept and t in types for accept, types, _ in gold_items):
            ents[(t, "fp")] += 1
            errors.append(f"  {text_path.name}: extra {t} {n}")
    nums = Counter()
    got = [(float(q["value"]), str(q["unit"] or "")) for q in rows["numbers"]]
    left = list(got)
    for g in gold.get("numbers", []):
        want, unit = float(g["value"]), str(g.get("currency", g.get("unit", "")) or "")
        hit = next((p for p in left if abs(p[0] - want) <= abs(want) * 0.005 and (not unit or p[1] == unit)), None)
        if hit:
            left.remove(hit)
            nums["tp"] += 1
        else:
            nums["fn"] += 1
            errors.append(f"  {text_path.name}: missed number {g['text']}")
    for value, unit in left:
        if unit in MONEY_OR_PERCENT:
            nums["fp"] += 1
            errors.append(f"  {text_path.name}: extra number {value:g} {unit}")
    return ents, nums


def prf(c: Counter, key: object = None) -> tuple[float, float, int]:
    tp, fp, fn = (c[(key, k)] if key else c[k] for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, tp + fn


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    settings = Settings()
    ents, nums, errors = Counter(), Counter(), []
    golds = sorted(args.folder.glob("*.yaml"))
    for gold_path in golds:
        text_path = gold_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        e, n = score_article(text_path, gold, settings, errors)
        ents += e
        nums += n
    print(f"{len(golds)} articles in {args.folder}")
    print(f"{'type':12s} {'precision':>9s} {'recall':>7s} {'gold':>5s}")
    for t in TYPES:
        p, r, n = prf(ents, t)
        print(f"{t:12s} {p:9.3f} {r:7.3f} {n:5d}")
    p, r, n = prf(nums)
    print(f"{'numbers':12s} {p:9.3f} {r:7.3f} {n:5d}")
    if args.show_errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
