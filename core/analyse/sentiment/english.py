"""English sentences: each movement paired with the metric it moves, then negation and intensity."""
from __future__ import annotations

from itertools import pairwise

from core.analyse.sentiment.figures import _compare_family, _compare_figures, _opens_clause
from core.analyse.sentiment.lexicon import MODIFIER_KINDS, RULE_FAMILY, Lexicon, _words, load_lexicon
from core.analyse.sentiment.sentence import (
    _CLAUSE_JOINERS,
    _COORDINATORS,
    _PUNCT,
    INTENSITY_SPAN,
    MAX_TOKENS,
    NEGATION_SPAN,
    NOUN_LEFT,
    NOUN_RIGHT,
    PAIR_LEFT,
    PAIR_RIGHT,
    _Hit,
    _Sentence,
)


def _metrics_for(move: _Hit, metrics: list[_Hit], s: _Sentence) -> list[_Hit]:
    """The metric a movement talks about, with any metric joined to it by "and" or a comma.

    "Both operating profit and net sales increased" moves both.
    """
    first = _metric_for(move, metrics, s)
    if first is None:
        return []
    found = [first]
    by_end = {m.end: m for m in metrics}
    by_start = {m.start: m for m in metrics}
    left = first
    while left.start > 1 and s.tokens[left.start - 1] in _COORDINATORS and (left.start - 1) in by_end:
        left = by_end[left.start - 1]
        found.append(left)
    right = first
    while right.end < len(s.tokens) and s.tokens[right.end] in _COORDINATORS and (right.end + 1) in by_start:
        right = by_start[right.end + 1]
        if right.end > move.start:
            break
        found.append(right)
    return found


def _metric_for(move: _Hit, metrics: list[_Hit], s: _Sentence) -> _Hit | None:
    """The metric a movement word talks about: the nearest one in its clause.

    The subject (left) wins ties; an object right after the verb wins over a subject further
    back ("... considerably increases the fixed costs").
    """
    mv = move.entry.movement
    assert mv is not None
    reach_left, reach_right = (NOUN_LEFT, NOUN_RIGHT) if mv.noun else (PAIR_LEFT, PAIR_RIGHT)
    left: tuple[int, _Hit] | None = None
    right: tuple[int, _Hit] | None = None
    for m in metrics:
        if m.end <= move.start and move.start - m.end < reach_left and s.same_clause(m.start, move.start):
            d = move.start - m.end
            if left is None or d < left[0]:
                left = (d, m)
        elif (m.start >= move.end and m.start - move.end < reach_right and s.same_clause(m.start, move.start)
              and not s.has_comparator(move.end, m.start)):  # "up from the loss": the earlier state
            d = m.start - move.end
            if right is None or d < right[0]:
                right = (d, m)
    if mv.object_only:  # "clawed back part of Monday's losses": the object or nothing
        if _passive(move, s):  # "the losses ... were erased": the subject is what the verb acted on
            subjects = [m for m in metrics if m.end <= move.start and move.start - m.end < PAIR_LEFT
                        and s.same_clause(m.start, move.start) and not s.tokens[m.end - 1].endswith("ed")]
            return subjects[-1] if subjects else None  # "the leveraged funds": an adjective, no subject
        return right[1] if right is not None else None
    if right is not None:
        between = s.tokens[move.end: right[1].start]
        is_object = right[0] <= 2 and not any(t in _PUNCT for t in between)
        # "... has risen, and fluctuations may ...": a metric after ", and" is the next clause's subject.
        next_clause = any(a == "," and b in _CLAUSE_JOINERS for a, b in pairwise(between))
        if not next_clause and (left is None or (is_object and left[0] > 0) or right[0] < left[0]):
            return right[1]
    if left is None and _opens_clause(move, s):
        # "sales fell abroad but increased in Finland": the verb shares the earlier subject
        earlier = [m for m in metrics if m.end <= move.start and move.start - m.end < PAIR_LEFT]
        return earlier[-1] if earlier else None
    return left[1] if left else None


_PASSIVE_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "get", "got", "gotten"})


def _passive(move: _Hit, s: _Sentence) -> bool:
    """Whether a verb is in the passive voice: a form of "be" right before it, or one adverb apart
    ("were erased", "have been quickly wiped out")."""
    before = s.lemmas[max(0, move.start - 2): move.start]
    return bool(before) and (before[-1] in _PASSIVE_BE or (len(before) == 2 and before[0] in _PASSIVE_BE
                                                           and before[1].endswith("ly")))


def _score_hits(s: _Sentence) -> None:
    """Give every hit its signed value before negation and intensity."""
    metrics = [h for h in s.hits if h.kind == "metric"]
    for move in (h for h in s.hits if s.is_movement(h)):
        mv = move.entry.movement
        assert mv is not None
        paired = _metrics_for(move, metrics, s)
        move.value = mv.unpaired
        for i, metric in enumerate(paired):
            assert metric.entry.metric is not None
            direction = mv.on_rule if mv.on_rule and metric.entry.metric.family == RULE_FAMILY else mv.direction
            good = 1 if mv.verdict else metric.entry.metric.good  # "clawed back losses" is good news
            value = direction * good * max(mv.weight, metric.entry.metric.weight)
            if i == 0:
                move.value, move.partner = value, metric
            else:
                metric.value, metric.kind = value, "coordinated"
            metric.used = True
    _noun_objects(s)
    _compare_family(s)
    _compare_figures(s)
    for h in s.hits:
        if h.kind == "metric" and not h.used and h.entry.metric is not None:
            h.value = h.entry.metric.standalone
        elif h.kind == "word":
            h.value = h.entry.weight
    _degree_words(s)


def _noun_objects(s: _Sentence) -> None:
    """"gave back their gains", "pared its early gains": a phrasal verb whose object is itself a
    movement noun reads that noun's direction as the object's, and the noun adds nothing more."""
    moves = [h for h in s.hits if h.kind == "movement" and h.entry.movement is not None]
    for move in moves:
        mv = move.entry.movement
        assert mv is not None
        if not mv.object_only or move.partner is not None:
            continue
        if _passive(move, s):  # "the year's gains were wiped out": the noun before the verb
            noun = next((h for h in reversed(moves) if 0 <= move.start - h.end <= PAIR_LEFT and h is not move
                         and s.same_clause(move.start, h.start)), None)
        else:
            noun = next((h for h in moves if 0 <= h.start - move.end <= NOUN_RIGHT and h is not move
                         and s.same_clause(move.start, h.start)), None)
        if noun is None or noun.entry.movement is None:
            continue
        good = 1 if mv.verdict else noun.entry.movement.direction
        move.value = mv.direction * good * mv.weight
        noun.value, noun.kind = 0.0, "object"


def _degree_words(s: _Sentence) -> None:
    """"great pressure", "strong headwinds": praise right before bad news only says how much."""
    if not s.lex.degree:
        return
    by_start = {h.start: h for h in s.hits if h.kind == "word" and h.value > 0}
    for h in s.hits:
        if h.value >= 0 or h.kind not in {"word", "metric"} or h.start == 0:
            continue
        weight = s.lex.degree.get(s.lemmas[h.start - 1])
        adjective = by_start.get(h.start - 1)
        if weight is not None and adjective is not None and adjective.end == h.start:
            adjective.value = 0.0
            h.value *= weight


def _apply_modifiers(s: _Sentence) -> float:
    """Sum the hits, each flipped by a negator and scaled by an intensifier shortly before it.

    Adverbs right after a movement count too ("rose sharply"). A strong negator with nothing
    to flip is bad news by itself ("cannot meet the needs of users").
    """
    by_end: dict[int, list[_Hit]] = {}
    by_start: dict[int, list[_Hit]] = {}
    for mod in s.hits:
        if mod.kind in {"negator", "strong_negator", "intensifier", "dampener"}:
            by_end.setdefault(mod.end, []).append(mod)
            by_start.setdefault(mod.start, []).append(mod)
    total = conceded = 0.0
    flipped: set[int] = set()
    for h in s.hits:
        if not h.value or h.kind not in {"word", "movement", "metric", "swing", "figure", "coordinated"}:
            continue
        value = h.value
        for gap in range(max(NEGATION_SPAN, INTENSITY_SPAN)):
            for mod in by_end.get(h.start - gap, ()):
                if not s.same_clause(mod.start, h.start) or "," in s.tokens[mod.end: h.start]:
                    continue  # "for the year ended 31 March, sales rose": no negation
                if mod.kind in {"negator", "strong_negator"} and gap < NEGATION_SPAN:
                    value *= mod.entry.weight
                    flipped.add(mod.start)
                elif mod.kind in {"intensifier", "dampener"} and gap < INTENSITY_SPAN:
                    value *= mod.entry.weight
        if h.kind == "movement":
            for mod in by_start.get(h.end, ()):
                if mod.kind in {"intensifier", "dampener"}:
                    value *= mod.entry.weight
        fader = _fader_after(h, s)
        if fader is not None and value > 0:  # "the rally ran out of steam": the good news faded
            value *= fader.entry.weight
            flipped.add(fader.start)
        if _conceded(h, s):
            conceded += value * _clause_weight(h, s)
        else:
            total += value * _clause_weight(h, s)
    for mod in s.hits:
        if mod.kind in {"strong_negator", "fader"} and mod.start not in flipped:
            total += mod.entry.weight * (-1 if mod.kind == "fader" else 1)
    if not total and conceded and _main_clause_follows(s):
        # "Although some forecast a peak-out, the market is being led by AI chips": a worry granted
        # before a main clause that says nothing of its own means that clause answers it.
        return -conceded
    return total + conceded


def _conceded(h: _Hit, s: _Sentence) -> bool:
    """Whether a hit stands in a concessive clause ("although ...", "despite ...") up to its comma."""
    return any(mod.kind == "concessive" and mod.end <= h.start and s.same_clause(mod.start, h.start)
               and "," not in s.tokens[mod.end:h.start] for mod in s.hits)


def _main_clause_follows(s: _Sentence) -> bool:
    """Whether a concessive clause opening the sentence is followed by a main clause of some length."""
    first = next((mod for mod in s.hits if mod.kind == "concessive"), None)
    if first is None or first.start > 1 or "," not in s.tokens[first.end:]:
        return False
    comma = s.tokens.index(",", first.end)
    return len([t for t in s.tokens[comma + 1:] if t.isalpha()]) >= 4


def _fader_after(h: _Hit, s: _Sentence) -> _Hit | None:
    """A verb of fading ("ran out of steam", "stalled", "faltered") shortly after a hit of its clause."""
    for mod in s.hits:
        if mod.kind == "fader" and 0 <= mod.start - h.end < NEGATION_SPAN and s.same_clause(h.start, mod.start):
            return mod
    return None


def _clause_weight(h: _Hit, s: _Sentence) -> float:
    """How much a hit counts by where it stands.

    A concessive clause ("although sales fell", "despite weak demand") and whatever comes before
    a contrast ("..., but the outlook is upbeat") say less than the main clause; a dismissed
    worry ("shrugged off fears of", "refuses to believe a bubble could burst") is the opposite
    of what it says, up to the end of its clause or the next comma.
    """
    weight = 1.0
    for mod in s.hits:
        if mod.kind not in {"concessive", "contrast", "dismisser"}:
            continue
        if mod.kind == "contrast":
            applies = h.start < mod.start and any(
                o.start > mod.start and o.value and o.kind not in MODIFIER_KINDS for o in s.hits)
        else:
            applies = mod.end <= h.start and s.same_clause(mod.start, h.start) and "," not in s.tokens[mod.end:h.start]
        if applies:
            weight *= mod.entry.weight
    return weight


def _raw_score(tokens: list[str], lex: Lexicon, trace: list[tuple[str, str, float]] | None = None) -> float:
    total = 0.0
    for at in range(0, len(tokens), MAX_TOKENS):
        s = _Sentence(tokens[at: at + MAX_TOKENS], lex)
        _score_hits(s)
        total += _apply_modifiers(s)
        if trace is not None:
            trace.extend((" ".join(s.tokens[h.start: h.end]), h.kind, round(h.value, 3)) for h in s.hits)
    return total


def explain(text: str, lexicon: Lexicon | None = None) -> list[tuple[str, str, float]]:
    """What fired in an English sentence, as (words, kind, value before negation and intensity).

    For people extending the tables: it shows which term matched and what it was worth.
    """
    trace: list[tuple[str, str, float]] = []
    _raw_score(_words(text), lexicon or load_lexicon(), trace)
    return trace
