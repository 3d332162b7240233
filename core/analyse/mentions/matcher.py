"""Gazetteer spellings found in a doc by two spaCy PhraseMatchers (case-insensitive and exact)."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from core.analyse.gazetteer import Gazetteer
from core.analyse.mentions.overlaps import Mention


class GazetteerMatcher:
    """Gazetteer spellings compiled once into two PhraseMatchers (case-insensitive and exact)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: list[tuple[str, str]] = []  # match id -> (entity, method)
        by_key: dict[tuple[str, str, bool], list[str]] = {}
        for alias in gazetteer.aliases:
            by_key.setdefault((alias.entity, alias.method, alias.case_sensitive), []).append(alias.text)
        for (entity, method, exact), texts in by_key.items():
            key = f"{len(self.keys)}"
            self.keys.append((entity, method))
            docs = [nlp.make_doc(t) for t in texts]
            (self.exact if exact else self.lower).add(key, docs)
        self._vocab = nlp.vocab

    def __call__(self, doc: Doc) -> list[Mention]:
        found = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                entity, method = self.keys[int(self._vocab.strings[match_id])]
                span = doc[start:end]
                type_ = self.gazetteer.entities[entity].type
                found.append(Mention(span.start_char, span.end_char, span.text, entity, type_, method))
        return found
