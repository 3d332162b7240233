"""What the words around a scored hit do to it: negation and its scope, intensity, clauses that
count less (concessive, before a contrast), worries waved away, news that faded or is over,
frames that make a sentence a description, and rankings that follow what they rank."""
from __future__ import annotations

from core.analyse.sentiment.lexicon import MODIFIER_KINDS
from core.analyse.sentiment.sentence import _SUBORDINATORS, INTENSITY_SPAN, NEGATION_SPAN, PAIR_LEFT, _Hit, _Sentence

SCORED_KINDS = frozenset({"word", "movement", "metric", "swing", "figure", "coordinated"})
FADE_SPAN = 7  # from the news to the verb that says it faded: "a recovery in chip demand did not materialise"
MAIN_CLAUSE_WORDS = 4  # a main clause after a concession needs this many words to answer it
DENIAL_SPAN = 6  # from the subject of a denied event to the negator: "the bubble of the sector will not burst"
OVERRULE_AT = 0.25  # a main clause overrules a concession it disagrees with only when it is a verdict by itself


def apply_modifiers(s: _Sentence) -> float:
    """Sum the hits, each flipped by a negator and scaled by an intensifier shortly before it.

    Adverbs right after a movement or a verdict word count too ("rose sharply", "rebounded
    strongly"). A negator right before a verb of belief or expectation reaches to the end of its
    clause ("no longer expects data-centre sales to double"). A strong negator with nothing to
    flip is bad news by itself ("cannot meet the needs of users"). When a concessive clause and
    the main clause disagree, the main clause is the verdict ("slips despite beating forecasts").
    """
    by_end: dict[int, list[_Hit]] = {}
    by_start: dict[int, list[_Hit]] = {}
    for mod in s.hits:
        if mod.kind in {"negator", "strong_negator", "intensifier", "dampener"}:
            by_end.setdefault(mod.end, []).append(mod)
            by_start.setdefault(mod.start, []).append(mod)
    scopes = _belief_scopes(s)
    denied = _denied_subjects(s)
    main = conceded = 0.0
    flipped: set[int] = set()
    for h in s.hits:
        if not h.value or h.kind not in SCORED_KINDS or id(h) in denied:
            continue
        value = h.value
        negated: set[int] = set()
        for gap in range(max(NEGATION_SPAN, INTENSITY_SPAN)):
            for mod in by_end.get(h.start - gap, ()):
                if not s.same_clause(mod.start, h.start) or "," in s.tokens[mod.end: h.start]:
                    continue  # "for the year ended 31 March, sales rose": no negation
                if mod.kind in {"negator", "strong_negator"} and gap < NEGATION_SPAN:
                    value *= mod.entry.weight
                    negated.add(mod.start)
                elif mod.kind in {"intensifier", "dampener"} and gap < INTENSITY_SPAN:
                    value *= mod.entry.weight
        for mod, end in scopes:
            if mod.start not in negated and mod.end <= h.start < end:
                value *= mod.entry.weight
                negated.add(mod.start)
        flipped |= negated
        if h.kind in {"movement", "word"}:
            for mod in by_start.get(h.end, ()):
                if mod.kind in {"intensifier", "dampener"}:
                    value *= mod.entry.weight
        fader = _fader_after(h, s)
        if fader is not None:  # "the rally ran out of steam", "the worst is behind us": that news is over
            value *= fader.entry.weight
            flipped.add(fader.start)
        value *= _clause_weight(h, s)
        if _conceded(h, s):
            conceded += value
        else:
            main += value
    for mod in s.hits:
        if mod.kind in {"strong_negator", "fader"} and mod.start not in flipped:
            main += mod.entry.weight * (-1 if mod.kind == "fader" else 1)
    if not main and conceded and _main_clause_follows(s):
        # "Although some forecast a peak-out, the market is being led by AI chips": a worry granted
        # before a main clause that says nothing of its own means that clause answers it.
        return _ranked(-conceded, s)
    if main * conceded < 0 and abs(main) >= OVERRULE_AT:
        return _ranked(main, s)  # "Adobe slips despite beating forecasts": the concession is overruled
    return _ranked(main + conceded, s)


def _denied_subjects(s: _Sentence) -> set[int]:
    """Bad news that is the subject of a denied bad event: in "the bubble will not burst" the
    negation answers the worry, so the bubble counts no more than the burst (ids of such hits)."""
    denied: set[int] = set()
    for mod in s.hits:
        if mod.kind != "negator":
            continue
        flips_bad = any(h.value < 0 and h.kind in SCORED_KINDS and 0 <= h.start - mod.end < NEGATION_SPAN
                        and s.same_clause(mod.start, h.start) and "," not in s.tokens[mod.end: h.start] for h in s.hits)
        if flips_bad:
            denied.update(id(h) for h in s.hits if h.value < 0 and h.kind in SCORED_KINDS and h.end <= mod.start
                          and mod.start - h.end <= DENIAL_SPAN and s.same_clause(h.start, mod.start)
                          and "," not in s.tokens[h.end: mod.start])
    return denied


def _ranked(total: float, s: _Sentence) -> float:
    """A ranking follows what it ranks: "ranked first" alone is good news, "net outflows ...
    ranking first among all industries" the worst of bad news."""
    for mod in s.hits:
        if mod.kind == "ranker":
            total += mod.entry.weight * (-1 if total < 0 else 1)
    return total


def _belief_scopes(s: _Sentence) -> list[tuple[_Hit, int]]:
    """A negator right before a verb of belief or expectation ("no longer expects", "does not
    see", "is no longer expected") negates the whole clause it governs: (negator, end of scope).

    The scope ends at a comma, at the end of the clause, or at "and" before another verb
    ("no longer expects to turn a profit and pushed back its target").
    """
    beliefs = {h.start: h for h in s.hits if h.kind == "belief"}
    scopes: list[tuple[_Hit, int]] = []
    for mod in s.hits:
        if mod.kind not in {"negator", "strong_negator"}:
            continue
        belief = beliefs.get(mod.end) or beliefs.get(mod.end + 1)
        if belief is None:
            continue
        end = belief.end
        while end < len(s.tokens) and s.tokens[end] != "," and s.same_clause(belief.start, end):
            if s.tokens[end] == "and" and end + 1 < len(s.tokens) and s.tokens[end + 1].endswith("ed"):
                break
            end += 1
        scopes.append((mod, end))
    return scopes


def _conceded(h: _Hit, s: _Sentence) -> bool:
    """Whether a hit stands in a concessive clause ("although ...", "despite ...", "after ...") up to its comma."""
    return any(mod.kind in {"concessive", "background"} and mod.end <= h.start and s.same_clause(mod.start, h.start)
               and "," not in s.tokens[mod.end:h.start] for mod in s.hits)


def _main_clause_follows(s: _Sentence) -> bool:
    """Whether a concessive clause opening the sentence is followed by a main clause of some length."""
    first = next((mod for mod in s.hits if mod.kind == "concessive"), None)
    if first is None or first.start > 1 or "," not in s.tokens[first.end:]:
        return False
    comma = s.tokens.index(",", first.end)
    return len([t for t in s.tokens[comma + 1:] if t.isalpha()]) >= MAIN_CLAUSE_WORDS


def _fader_after(h: _Hit, s: _Sentence) -> _Hit | None:
    """A verb saying that the news before it faded or is over ("ran out of steam", "stalled",
    "did not materialise", "is behind us", "are overblown"), later in its clause and before any comma."""
    for mod in s.hits:
        if (mod.kind in {"fader", "ender"} and 0 <= mod.start - h.end <= FADE_SPAN and s.same_clause(h.start, mod.start)
                and "," not in s.tokens[h.end: mod.start]
                and not (mod.kind == "ender" and _figure_next(mod, s))):  # "the loss is over EUR 5 mn"
            # Not across a clause of reason or time: "shares slump as the rally fizzles" fades the rally only.
            return None if _SUBORDINATORS.intersection(s.tokens[h.end: mod.start]) else mod
    return None


def _figure_next(mod: _Hit, s: _Sentence) -> bool:
    after = s.tokens[mod.end: mod.end + 2]
    return any(t[:1].isdigit() or t in s.lex.currencies for t in after)


def _clause_weight(h: _Hit, s: _Sentence) -> float:
    """How much a hit counts by where it stands.

    A concessive clause ("although sales fell", "despite weak demand") and whatever comes before
    a contrast ("..., but the outlook is upbeat") say less than the main clause; a dismissed
    worry ("shrugged off fears of", "refuses to believe a bubble could burst") is the opposite
    of what it says, up to the end of its clause or the next comma; a frame ("the fund seeks",
    "the prospectus warns", "whether") makes its whole clause a description.
    """
    weight = 1.0
    for mod in s.hits:
        if mod.kind not in {"concessive", "background", "contrast", "dismisser", "frame"}:
            continue
        if mod.kind == "contrast":
            applies = h.start < mod.start and any(
                o.start > mod.start and o.value and o.kind not in MODIFIER_KINDS for o in s.hits)
        elif mod.kind == "frame":
            applies = s.same_clause(mod.start, h.start) and abs(mod.start - h.start) <= PAIR_LEFT * 2
        else:
            between = s.tokens[mod.end:h.start]
            applies = mod.end <= h.start and s.same_clause(mod.start, h.start) and "," not in between
            if mod.kind == "dismisser" and applies:
                # Only worries are waved away ("weathered the downturn better than its peers"), and a
                # new verb ends the reach ("refuse to believe ... and raised estimates").
                upto = s.tokens[mod.end:h.start + 1]
                applies = h.value < 0 and not any(a == "and" and b.endswith("ed")
                                                  for a, b in zip(upto, upto[1:], strict=False))
        if applies:
            weight *= mod.entry.weight
    return weight
