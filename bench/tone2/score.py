"""Second independent tone check: our sentence labels and VADER's against hand-written gold labels.

    .venv/bin/python bench/tone2/score.py [--style STYLE] [--misses]

Each sentence of bench/tone2/sentences.csv goes through the public API, `core.analyze`, one at a
time. VADER (compound >= 0.05 positive, <= -0.05 negative, else neutral) runs on the same
sentences, English only. Nothing is tuned here; the script only reports.

This set was written apart from bench/tone (see README.md) and is kept out of development:
run it to measure, not to tune against.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from core import analyze  # noqa: E402

LABELS = ["positive", "negative", "neutral"]


def ours(text: str) -> str:
    """Label of the sentence with the largest absolute score, if the text splits into several."""
    sentences = analyze(text).sentences
    if sentences.empty:
        return "neutral"
    return str(sentences.loc[sentences["sentiment"].abs().idxmax(), "label"])


def vader_labeller() -> Callable[[str], str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyzer.polarity_scores(text)["compound"]
        return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"

    return label


def accuracy_macro_f1(gold: pd.Series, pred: pd.Series) -> tuple[float, float]:
    f1s = []
    for label in LABELS:
        tp = int(((pred == label) & (gold == label)).sum())
        wrong = int(((pred == label) != (gold == label)).sum())  # false positives + false negatives
        f1s.append(2 * tp / (2 * tp + wrong) if tp + wrong else 0.0)
    return float((gold == pred).mean()), sum(f1s) / len(f1s)


def report(df: pd.DataFrame) -> pd.DataFrame:
    groups = [("all", df)] + [(f"style={s}", g) for s, g in df.groupby("style", sort=False)]
    groups += [(f"lang={lang}", g) for lang, g in df.groupby("lang", sort=False)]
    rows = []
    for name, g in groups:
        row: dict[str, object] = {"subset": name, "n": len(g)}
        row["ours_acc"], row["ours_f1"] = accuracy_macro_f1(g["label"], g["ours"])
        english = g[g["lang"] == "en"]
        row["vader_n"] = len(english)
        if len(english):
            row["vader_acc"], row["vader_f1"] = accuracy_macro_f1(english["label"], english["vader"])
        rows.append(row)
    return pd.DataFrame(rows).set_index("subset")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--style", help="only this style (headline, wire, mt, fund, korea_japan, zh)")
    parser.add_argument("--misses", action="store_true", help="print our misclassified sentences")
    args = parser.parse_args()

    df = pd.read_csv(HERE / "sentences.csv", keep_default_na=False)
    if args.style:
        df = df[df["style"] == args.style]
        if df.empty:
            sys.exit(f"no sentences with style {args.style!r}")
    vader = vader_labeller()
    df["ours"] = df["text"].map(ours)
    df["vader"] = [vader(t) if lang == "en" else "" for t, lang in zip(df["text"], df["lang"], strict=True)]

    print("Gold labels per style:")
    print(pd.crosstab(df["style"], df["label"], margins=True).reindex(columns=LABELS + ["All"]), "\n")
    print("Accuracy and macro-F1 (VADER on English sentences only):")
    print(report(df).to_string(float_format="{:.3f}".format, na_rep="-"), "\n")
    print("Confusion matrix, ours (rows gold, columns predicted):")
    print(pd.crosstab(df["label"], df["ours"]).reindex(index=LABELS, columns=LABELS, fill_value=0))
    english = df[df["lang"] == "en"]
    if len(english):
        print("\nConfusion matrix, VADER on English sentences (rows gold, columns predicted):")
        print(pd.crosstab(english["label"], english["vader"]).reindex(index=LABELS, columns=LABELS, fill_value=0))

    if args.misses:
        misses = df[df["label"] != df["ours"]]
        print(f"\n{len(misses)} misclassified by ours (id, gold -> ours, text):")
        for row in misses.itertuples():
            print(f"{row.id}  {row.label:>8} -> {row.ours:<8}  {row.text}")


if __name__ == "__main__":
    main()
