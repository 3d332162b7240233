"""English sentences: each movement paired with the metric it moves, then negation and intensity."""
from __future__ import annotations

from itertools import pairwise

from core.analyse.sentiment.clauses import apply_modifiers
from core.analyse.sentiment.figures import _compare_family, _compare_figures, _opens_clause
from core.analyse.sentiment.lexicon import RULE_FAMILY, Lexicon, _words, load_lexicon
from core.analyse.sentiment.sentence import (
    _CLAUSE_JOINERS,
    _COORDINATORS,
    _PUNCT,
    _SUBORDINATORS,
    MAX_TOKENS,
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
            if (left is None or d < left[0]) and not _next_clause(s.tokens[m.end: move.start]):
                left = (d, m)
        elif (m.start >= move.end and m.start - move.end < reach_right and s.same_clause(m.start, move.start)
              and not s.has_comparator(move.end, m.start)  # "up from the loss": the earlier state
              and not _SUBORDINATORS.intersection(s.tokens[move.end: m.start])  # "slides as sales ban bites"
              and not any(h.kind == "movement" and move.end <= h.start < m.start for h in s.hits)):
            d = m.start - move.end
            if right is None or d < right[0]:
                right = (d, m)
    if left is not None and not mv.noun:
        left = (left[0], _phrase_head(left[1], metrics, s))
    if mv.subject_only:  # "expenses outpaced revenue", "marked above its cost": the subject or nothing
        return left[1] if left else None
    if mv.object_only:  # "clawed back part of Monday's losses": the object or nothing
        if _passive(move, s):  # "the losses ... were erased": the subject is what the verb acted on
            subjects = [m for m in metrics if m.end <= move.start and move.start - m.end < PAIR_LEFT
                        and s.same_clause(m.start, move.start) and not s.tokens[m.end - 1].endswith("ed")]
            return subjects[-1] if subjects else None  # "the leveraged funds": an adjective, no subject
        return right[1] if right is not None else None
    if right is not None:
        between = s.tokens[move.end: right[1].start]
        is_object = right[0] <= 2 and not any(t in _PUNCT for t in between)
        if is_object and left is not None and all(t in _PHRASE_FILLER or t.endswith("'s") for t in between):
            return right[1]  # "higher rates compressed valuations": a noun right after the verb is its object
        # "... has risen, and fluctuations may ...": a metric after ", and" is the next clause's subject.
        next_clause = any(a == "," and b in _CLAUSE_JOINERS for a, b in pairwise(between))
        if not next_clause and (left is None or (is_object and left[0] > 0) or right[0] < left[0]):
            return right[1]
    if left is None and _opens_clause(move, s):
        # "sales fell abroad but increased in Finland": the verb shares the earlier subject
        earlier = [m for m in metrics if m.end <= move.start and move.start - m.end < PAIR_LEFT]
        return earlier[-1] if earlier else None
    return left[1] if left else None


_PREPOSITIONS = frozenset({"of", "on", "in", "at", "for"})
_PHRASE_FILLER = frozenset({"the", "a", "an", "our", "its", "their", "his", "her", "this", "these", "those", "some"})


def _phrase_head(m: _Hit, metrics: list[_Hit], s: _Sentence) -> _Hit:
    """The head of a noun phrase whose last metric sits in a prepositional phrase: "losses on our
    holdings were smaller" moves the losses, "lead times at our holdings have shortened" the lead times."""
    k = m.start - 1
    while k >= 0 and (s.tokens[k] in _PHRASE_FILLER or (m.start - k <= 3 and s.tokens[k].isalpha()
                                                          and s.tokens[k] not in _PREPOSITIONS)):
        k -= 1
    if k <= 0 or s.tokens[k] not in _PREPOSITIONS:
        return m
    return next((h for h in metrics if h.end == k), m)




_LEFT_JOINERS = frozenset({"and", "but", "so", "yet"})


def _next_clause(between: list[str]) -> bool:
    """", and the scale shrank": a comma and a joiner start a clause with a subject of its own."""
    return any(a == "," and b in _LEFT_JOINERS for a, b in pairwise(between))


_PASSIVE_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "get", "got", "gotten"})


def _passive(move: _Hit, s: _Sentence) -> bool:
    """Whether a verb is in the passive voice: a form of "be" right before it, or one adverb apart
    ("were erased", "have been quickly wiped out")."""
    before = s.lemmas[max(0, move.start - 2): move.start]
    return bool(before) and (before[-1] in _PASSIVE_BE or (len(before) == 2 and before[0] in _PASSIVE_BE
                                                           and before[1].endswith("ly")))


def _score_hits(s: _Sentence) -> None:
    """Give every hit its signed value before negation and intensity."""
    metrics = [h for h in s.hits if h.kind == "metric" and not _after_than(h, s)]  # "smaller than feared"
    taken: set[int] = set()
    # Phrasal verbs that move their object pair first, and their object is theirs alone:
    # "chip stocks clawed back early losses to close higher" does not read "losses ... higher".
    moves = sorted((h for h in s.hits if s.is_movement(h)),
                   key=lambda h: not (h.entry.movement and h.entry.movement.object_only))
    for move in moves:
        mv = move.entry.movement
        assert mv is not None
        paired = _metrics_for(move, [m for m in metrics if id(m) not in taken], s)
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
            if mv.object_only:
                taken.add(id(metric))
        if not paired and not mv.noun and not mv.object_only and _percent_follows(move, s):
            move.value = mv.direction * mv.weight  # "shed 9 % in a week": a price that moved
    _noun_objects(s)
    _changes_of_changes(s)
    _compare_family(s)
    _compare_figures(s)
    for h in s.hits:
        if h.kind == "metric" and not h.used and h.entry.metric is not None:
            h.value = h.entry.metric.standalone
        elif h.kind == "word":
            # A word of a "strike ... deal" pair is spoken for by the pair.
            h.value = 0.0 if (not h.pair and h.start in s.paired_at) else h.entry.weight
    _earlier_states(s)
    _yardsticks(s)
    _degree_words(s)


# Who may stand between "than" and the verb of a yardstick: "smaller than (we had) feared".
_THAN_FILLER = frozenset({"we", "i", "they", "many", "some", "most", "investors", "analysts", "had", "have", "has",
                          "been", "was", "were", "initially", "previously", "originally", "first", "widely", "the",
                          "market", "markets", "street", "management", "it"})


def _yardsticks(s: _Sentence) -> None:
    """"stronger than feared", "smaller than we had feared", "higher than expected": what stands
    after "than" is the yardstick of the comparison, not news of its own."""
    for h in s.hits:
        if h.value and h.kind in {"word", "metric"} and _after_than(h, s):
            h.value = 0.0


def _after_than(h: _Hit, s: _Sentence) -> bool:
    k = h.start - 1
    while k >= 0 and s.tokens[k] in _THAN_FILLER and h.start - k <= 4:
        k -= 1
    return k >= 0 and s.tokens[k] == "than"


_BEFORE_FIGURE = frozenset({"by", "about", "around", "nearly", "almost", "some", "more", "than", "over", "a", "further",
                            "another", "as", "much", "roughly", "just", "only", "up"})
_POINTS = frozenset({"point", "points", "pts", "bps"})


def _percent_follows(move: _Hit, s: _Sentence) -> bool:
    """Whether a movement with nothing to move is followed by a percentage or points ("jumped 12 %",
    "closed up by 2.3 %", "fell 120 points"): what moved is then a price, an index or a fund."""
    for j in range(move.end, min(len(s.tokens) - 1, move.end + 4)):
        tok = s.tokens[j]
        if tok[:1].isdigit():
            nxt = s.tokens[j + 1]
            return s.lex.currencies.get(nxt) == "%" or nxt in _POINTS
        if tok not in _BEFORE_FIGURE and not tok.endswith("ly"):
            return False
    return False


# Words between a change and the verb that changes it: "the decline has been significantly narrowed".
_AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "has", "have", "had", "further", "also", "then",
                          "continue", "continued", "continues", "to", "finally", "again"})
# Comparatives that change the change right after them: "a smaller-than-expected dip in margins".
_THAN = frozenset({"than", "expected", "feared", "anticipated", "forecast", "estimated", "usual", "hoped"})


CHANGE_SPAN = 8  # "the decline of the company's performance has been significantly narrowed"
# Changes that are nouns as well as verbs ("the decline", "an increase"); the noun-only ones
# ("growth", "reduction") are the movements.csv rows of context noun.
_CHANGE_NOUNS = frozenset({"decline", "increase", "decrease", "drop", "fall", "rise", "gain", "dip", "jump", "surge",
                           "slide", "plunge", "climb", "cut"})
_COMPARATIVES = frozenset({"smaller", "larger", "bigger", "lower", "higher", "slower", "faster", "deeper", "narrower",
                           "wider", "milder", "steeper", "shallower"})


def _noun_form(h: _Hit, s: _Sentence) -> bool:
    """Whether a movement stands as a noun: "the decline", "growth", not "declined" or "to decline"."""
    assert h.entry.movement is not None
    if h.end - h.start != 1 or (h.start > 0 and s.tokens[h.start - 1] == "to"):
        return False
    tok, lemma = s.tokens[h.start], s.lemmas[h.start]
    return h.entry.movement.noun or (lemma in _CHANGE_NOUNS and tok in {lemma, lemma + "s", lemma + "es"})


def _changes_of_changes(s: _Sentence) -> None:
    """A movement that moves a change: "the decline narrowed" is good news, "growth slowed" bad,
    "a smaller-than-expected dip" good. The verb takes the sign of the change it moves, which
    then adds nothing of its own."""
    moves = [h for h in s.hits if h.kind == "movement" and h.entry.movement is not None and s.is_movement(h)]
    for verb in moves:
        mv = verb.entry.movement
        assert mv is not None
        if mv.object_only:
            continue
        change = next((h for h in reversed(moves) if h is not verb and h.end <= verb.start and _noun_form(h, s)
                       and _changes(s.tokens[h.end: verb.start], s) and s.same_clause(h.start, verb.start)), None)
        if change is None and s.tokens[verb.start] in _COMPARATIVES:
            change = next((h for h in moves if h is not verb and h.start >= verb.end and _noun_form(h, s)
                           and all(t in _THAN for t in s.tokens[verb.end: h.start]) and h.start - verb.end <= 3),
                          None)
        if change is None or change.entry.movement is None:
            continue
        sign = (change.value > 0) - (change.value < 0) or change.entry.movement.direction
        verb.value = mv.direction * sign * mv.weight
        verb.partner = change.partner
        change.value, change.kind = 0.0, "object"


def _changes(between: list[str], s: _Sentence) -> bool:
    """Whether only auxiliaries, adverbs or a short "in/of" phrase stand between a change and its verb."""
    if "," in between or len(between) > CHANGE_SPAN:
        return False
    if between and between[0] in {"in", "of"}:
        return True
    return all(t in _AUXILIARIES or t.endswith("ly") for t in between)


def _earlier_states(s: _Sentence) -> None:
    """"upgraded to stable from negative", "from positive to negative": a verdict word right after
    "from", in a move from one state to another, is the state left behind."""
    for h in s.hits:
        if h.kind != "word" or not h.value or h.start == 0:
            continue
        k = h.start - 1 - (s.tokens[h.start - 1] in {"a", "an", "the"})
        if k < 0 or s.tokens[k] != "from":
            continue
        if "to" in s.tokens[max(0, k - 6): k] or "to" in s.tokens[h.end: h.end + 3]:
            h.value = -h.value


def _noun_objects(s: _Sentence) -> None:
    """"gave back their gains", "pared its early gains", "recovered all of Monday's slump": a phrasal
    verb whose object is itself a change or a verdict word reads that object's direction, and the
    object adds nothing more."""
    moves = [h for h in s.hits if h.kind == "movement" and h.entry.movement is not None]
    objects = [h for h in s.hits if (h.kind == "movement" and h.entry.movement is not None) or h.kind == "word"]
    for move in moves:
        mv = move.entry.movement
        assert mv is not None
        if not mv.object_only or move.partner is not None:
            continue
        if _passive(move, s):  # "the year's gains were wiped out": the noun before the verb
            noun = next((h for h in reversed(objects) if 0 <= move.start - h.end <= PAIR_LEFT and h is not move
                         and s.same_clause(move.start, h.start)), None)
        else:
            reach = PAIR_LEFT if mv.verdict else PAIR_RIGHT
            noun = next((h for h in objects if 0 <= h.start - move.end <= reach and h is not move
                         and s.same_clause(move.start, h.start) and "," not in s.tokens[move.end: h.start]
                         and (h.kind != "word" or h.entry.weight)), None)
        if noun is None:
            continue
        if mv.verdict:  # "recovered more than half of the ground it lost in the sell-off": all of it came back
            for h in objects:
                if (h is not noun and h.kind == "word" and h.entry.weight * mv.direction < 0 and h.start >= noun.end
                        and h.start - move.end <= PAIR_LEFT and s.same_clause(move.start, h.start)
                        and "," not in s.tokens[move.end: h.start]):
                    h.value, h.kind = 0.0, "object"
        if noun.kind == "word":
            direction = 1 if noun.entry.weight > 0 else -1
        else:
            assert noun.entry.movement is not None
            direction = noun.entry.movement.direction
        good = 1 if mv.verdict else direction
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


def _raw_score(tokens: list[str], lex: Lexicon, trace: list[tuple[str, str, float]] | None = None) -> float:
    total = 0.0
    for at in range(0, len(tokens), MAX_TOKENS):
        s = _Sentence(tokens[at: at + MAX_TOKENS], lex)
        _score_hits(s)
        total += apply_modifiers(s)
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
