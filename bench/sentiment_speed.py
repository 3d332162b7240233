"""Sentence scoring speed against VADER, measured side by side in one run.

    python bench/sentiment_speed.py [--n 3000]

Our scorer pairs movements with metrics and compares figures, so it does more work per sentence
than a plain word list; it runs on every sentence of every article, so it must stay within a
small factor of VADER (target: at most 3x VADER's time), and a run-on "sentence" thousands of
words long (a table, a PDF page) must cost time in proportion to its length (target: 10x the text
within 12x the time).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from core.analyse.sentiment import load_lexicon, score_sentence  # noqa: E402

SENTENCES = [
    "Net sales in the third quarter increased by 5.2 % to EUR 205.5 mn.",
    "The company is headquartered in Espoo and employs 1,200 people.",
    "The operating loss widened to EUR 3 mn, compared with EUR 1 mn a year earlier.",
    "The fund house expects the AI chip market to double by 2027 as demand for computing power grows.",
    "Shares of the robotics maker tumbled after it cut its full-year outlook.",
]


def timed(score: object, sentences: list[str]) -> float:
    start = time.perf_counter()
    for s in sentences:
        score(s)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="sentences scored by each")
    args = ap.parse_args()
    sentences = (SENTENCES * (args.n // len(SENTENCES) + 1))[:args.n]
    lexicon = load_lexicon()
    vader = SentimentIntensityAnalyzer()
    ours = min(timed(lambda s: score_sentence(s, lexicon), sentences) for _ in range(3))
    peer = min(timed(vader.polarity_scores, sentences) for _ in range(3))
    print(f"{args.n} sentences: ours {ours:.2f} s, VADER {peer:.2f} s = {ours / peer:.2f}x VADER's time (target <= 3)")
    run_on = " , ".join(SENTENCES)
    short, long_ = (timed(lambda s: score_sentence(s, lexicon), [run_on * k]) for k in (100, 1000))
    print(f"one run-on sentence: {len(run_on) * 100:,} characters {short:.2f} s, {len(run_on) * 1000:,} characters "
          f"{long_:.2f} s = {long_ / short:.1f}x for 10x the text (target <= 12)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
