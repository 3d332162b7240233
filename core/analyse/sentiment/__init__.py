"""Sentence sentiment from an investor's view: a finance lexicon plus the direction of a metric.

Most news sentences are neutral, and the ones that are not usually say that some quantity
moved ("operating profit rose", "the loss narrowed", "costs were cut"). A word list alone
scores those badly, because "rose" and "narrowed" are good or bad news only once you know
what moved. So each movement word is paired with the metric it talks about and scores
direction x the metric's good direction; figures ("to EUR 13.1 mn from EUR 8.7 mn") give the
direction when no movement word does. Evaluative words (benefit, lawsuit), negation and
intensity come on top, and a sentence where nothing fires is neutral.

All word lists are CSV files in ``data/sentiment/`` (its README says what each column means).
Pure Python and regular expressions with the tables loaded once, because this runs on every
sentence of every article.

The package holds one module per part: `lexicon` reads the tables, `english` and `chinese` score
sentences of each language (`clauses` weighs English hits by the words around them: negation and
its scope, concessions, frames, faders, rankings), and `verdict` turns a raw sum into a score and
a label. Callers pass
the `Lexicon` of their settings' data folder; without one, the bundled tables are used.
"""
from __future__ import annotations

import re

from core.analyse.sentiment.chinese import score_sentence_zh
from core.analyse.sentiment.english import _raw_score, explain
from core.analyse.sentiment.lexicon import Lexicon, _words, load_lexicon
from core.analyse.sentiment.verdict import NEGATIVE_AT, POSITIVE_AT, _squash, label_for
from core.settings import DATA_DIR

__all__ = ["NEGATIVE_AT", "POSITIVE_AT", "SENTIMENT_DIR", "Lexicon", "explain", "label_for", "load_lexicon", "score_sentence",
           "score_sentence_zh"]

SENTIMENT_DIR = DATA_DIR / "sentiment"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def score_sentence(text: str, lexicon: Lexicon | None = None) -> tuple[float, str]:
    """Score one sentence: (score in [-1, 1], label); neutral when nothing fires.

    Text with Chinese characters goes to `score_sentence_zh`. Never raises on odd input.
    """
    lexicon = lexicon or load_lexicon()
    if _CJK.search(text):
        return score_sentence_zh(text, lexicon)
    tokens = _words(text)
    if not tokens:
        return 0.0, "neutral"
    score = round(_squash(_raw_score(tokens, lexicon)), 4)
    return score, label_for(score)
