"""Realistic synthetic articles at any size, for benchmarks and the reliability tests.

    python bench/corpus.py OUT_DIR --n 1000 [--seed 7]

Each article is built from sentence templates of our own, filled with real fund houses, funds,
managers, products and themes from the gazetteer (in their alternative spellings, as machine
translation gives them), figures, dates and sources. The same seed always gives the same corpus.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.analyse.gazetteer import load_gazetteer  # noqa: E402
from core.settings import DATA_DIR  # noqa: E402

SOURCES = ["Shanghai Securities News", "China Securities Journal", "Securities Times", "China Fund News",
           "Securities Daily", "21st Century Business Herald", "Caixin", "Economic Observer"]
HEADLINES = [
    "{house} bets on {theme} as {product} lifts sentiment",
    "{theme} heats up: {house} lays out a new ETF",
    "Fund houses chase {theme}; {house} sees long-term value",
    "{product} shakes the market, {house} talks {theme}",
]
SENTENCES = [
    "{house} said that {theme} is becoming the main line of the AI market this year.",
    "{manager}, fund manager of {fund}, believes that {theme} will benefit from rising demand.",
    "According to {broker}, the scale of China's {theme} industry is expected to reach {v1} billion yuan in {y1}.",
    "It is expected that the scale of China's {theme} industry will break through to {v2} billion yuan in {y2}.",
    "The launch of {product} has greatly improved the productivity of the {theme} field.",
    "Revenue of the sector increased by {pct}% to US $ {usd} billion in fiscal year {y0}.",
    "However, the {theme} field is subject to many restrictions and cannot meet the needs of domestic users.",
    "{house2} also expanded its {theme} holdings, citing cost reduction and efficiency increase.",
    "Net inflows into {theme} funds fell {pct2}% in the quarter as risk appetite weakened.",
    "The investment tools of {house} include {fund} managed by {manager}.",
    "{fund}, a {aum} billion yuan fund, drew {flow} million yuan of inflows in {month}.",
]


def _spelling(rng: random.Random, names: list[str]) -> str:
    return rng.choice(names)


def make_article(rng: random.Random, index: int, pools: dict[str, list[tuple[str, list[str]]]]) -> str:
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700))
    house, house_names = rng.choice(pools["FUND_HOUSE"])
    fund = rng.choice(pools["FUND"])
    theme = rng.choice(pools["THEME"])
    fill = {
        "house": _spelling(rng, house_names), "house2": _spelling(rng, rng.choice(pools["FUND_HOUSE"])[1]),
        "fund": _spelling(rng, fund[1]), "manager": rng.choice(pools["MANAGER"])[0],
        "product": rng.choice(pools["PRODUCT"])[0], "broker": rng.choice(pools["COMPANY"])[0],
        "theme": _spelling(rng, theme[1]).lower(), "v1": f"{rng.uniform(100, 900):.1f}",
        "v2": f"{rng.uniform(1000, 3000):.1f}", "y0": day.year, "y1": day.year + 3, "y2": day.year + 5,
        "pct": rng.randint(5, 180), "pct2": rng.randint(2, 40), "usd": f"{rng.uniform(1, 90):.3f}",
        "aum": f"{rng.uniform(0.5, 60):.1f}", "flow": rng.randint(20, 900), "month": f"{day:%B}",
    }
    title = rng.choice(HEADLINES).format(**fill)
    body = rng.sample(SENTENCES, k=rng.randint(5, len(SENTENCES)))
    paragraphs = [" ".join(s.format(**fill) for s in body[i:i + 2]) for i in range(0, len(body), 2)]
    when = f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}, {day:%B} {day.day}, {day.year}"
    return "\n\n".join([title, f"{when}     Source: {rng.choice(SOURCES)}", *paragraphs,
                        f"(Editor in charge: Editor {index % 97})"]) + "\n"


def pools_from_gazetteer() -> dict[str, list[tuple[str, list[str]]]]:
    gaz = load_gazetteer(DATA_DIR)
    pools: dict[str, list[tuple[str, list[str]]]] = {}
    for entity in gaz.entities.values():
        spellings = [a for a in gaz.aliases_of(entity.name) if a.isascii() and len(a) > 2] or [entity.name]
        pools.setdefault(entity.type, []).append((entity.name, spellings[:12]))
    return pools


def write_corpus(out: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    pools = pools_from_gazetteer()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"article_{i:06d}.txt"
        path.write_text(make_article(rng, i, pools), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"wrote {len(write_corpus(args.out, args.n, args.seed))} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
