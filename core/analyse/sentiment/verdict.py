"""From a raw sum of hits to a score in (-1, 1) and a label: the only thresholds."""
from __future__ import annotations

import math

# The only thresholds: a score strictly beyond them is a verdict, anything between is neutral.
POSITIVE_AT = 0.2
NEGATIVE_AT = -0.2

# Raw sums are squashed into (-1, 1) by x / sqrt(x^2 + SQUASH): one ordinary hit scores 0.71.
SQUASH = 1.0


def _squash(raw: float) -> float:
    return raw / math.sqrt(raw * raw + SQUASH)


def label_for(score: float) -> str:
    """"positive", "negative" or "neutral" for a score in [-1, 1]."""
    if score > POSITIVE_AT:
        return "positive"
    if score < NEGATIVE_AT:
        return "negative"
    return "neutral"
