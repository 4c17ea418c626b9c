"""Find and resolve actor mentions: states, capitals, adjectives, organisations, groups,
dialogue formats and office-holders (resolved by the article's date)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..records import CENTRAL_ASIA, ActorMention
from .knowledge import Entry, KnowledgeBase, load_knowledge
from .nlp import load_model
from .pipeline import Document, register

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span as SpacySpan

__all__ = ["find_actors", "mentions_in", "OFFICIAL_WORDS"]

# Nouns after a state adjective that make the phrase mean that state's government.
OFFICIAL_WORDS = {
    "leader",
    "leaders",
    "president",
    "chancellor",
    "premier",
    "minister",
    "ministers",
    "officials",
    "official",
    "government",
    "side",
    "delegation",
    "delegations",
    "counterpart",
    "counterparts",
    "authorities",
    "diplomats",
    "diplomat",
    "envoy",
    "foreign",
    "prime",
    "secretary",
    "head",
    "troops",
    "forces",
    "army",
    "military",
    "company",
    "companies",
}


GARBLED = "G:"


@functools.lru_cache(maxsize=1)
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher, dict[str, list[Entry]]]:
    from spacy.matcher import PhraseMatcher

    nlp = load_model()
    kb = load_knowledge()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    keys: dict[str, list[Entry]] = {}
    # the case-blind pass also holds the exact names ("G:"), for text in broken casing
    tables = ((kb.phrases, exact, "E:"), (kb.lower_phrases, folded, "L:"), (kb.phrases, folded, GARBLED))
    for table, matcher, prefix in tables:
        for phrase, entries in table.items():
            key = prefix + phrase
            keys[key] = entries
            matcher.add(key, [nlp.make_doc(phrase)])
    return exact, folded, keys


def _odd_case(span: SpacySpan) -> bool:
    """A name typed in broken casing ("iSrael"). A word in lower case is never taken for a name
    ("turkey", "china"), nor one in capitals (a dateline's "ASTANA" is a place)."""
    words = [t.text for t in span if t.is_alpha]
    return bool(words) and all(not w.isupper() and not w.islower() and not w.istitle() for w in words)


def _about_central_asia(spans: list[tuple[SpacySpan, list[Entry]]]) -> bool:
    hits = 0
    for _, entries in spans:
        for entry in entries:
            if (
                entry.kind == "group"
                and entry.condition == "always"
                and set(entry.codes) == set(CENTRAL_ASIA)
            ):
                hits += 2
            elif set(entry.codes) & set(CENTRAL_ASIA):
                hits += 1
    return hits >= 2


def _resolve(
    span: SpacySpan, entries: list[Entry], kb: KnowledgeBase, doc: Document, central_asia: bool
) -> ActorMention | None:
    day = doc.article.published
    entry = entries[0]
    if entry.kind == "person":
        resolved = kb.person_code(entry.person or "", day)
        if not resolved:
            return None
        code, office = resolved
        return ActorMention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            codes=(code,),
            kind="person",
            person=entry.person,
            role=office,
        )
    if entry.kind == "group" and entry.condition == "central_asia_article" and not central_asia:
        return None
    kind = "adjective" if entry.condition == "adjective" else entry.kind
    if kind == "adjective":
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if nxt is not None and nxt.lower_ in OFFICIAL_WORDS:
            kind = "official"
    return ActorMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        codes=entry.codes,
        other=entry.other,
        kind=kind,
    )


def mentions_in(doc: Document) -> list[ActorMention]:
    from spacy.util import filter_spans

    exact, folded, keys = _matchers()
    sdoc = doc.spacy
    assert sdoc is not None  # guaranteed by the stage's requirements
    found = {}
    for matcher in (exact, folded):
        for match_id, start, end in matcher(sdoc):
            span = sdoc[start:end]
            label = sdoc.vocab.strings[match_id]
            if label.startswith(GARBLED) and ((start, end) in found or not _odd_case(span)):
                continue  # an exact name already matched here, or ordinary casing
            span.label_ = label
            found[(start, end)] = span
    spans = filter_spans(list(found.values()))
    pairs = [(s, keys[s.label_]) for s in spans]
    central_asia = _about_central_asia(pairs)
    kb = load_knowledge()
    mentions = [_resolve(s, entries, kb, doc, central_asia) for s, entries in pairs]
    mentions = [m for m in mentions if m is not None]
    return sorted(mentions + _surnames(sdoc, mentions), key=lambda m: m.start)


def _surnames(sdoc, mentions: list[ActorMention]) -> list[ActorMention]:
    """After "Charles Michel", a bare "Michel" in the same article is the same person."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    known: dict[str, ActorMention] = {}
    for m in mentions:
        if m.kind == "person" and " " in m.text:
            known.setdefault(m.text.split()[-1], m)
    found = []
    for token in sdoc:
        m = known.get(token.text)
        if m is None or token.idx in taken or token.pos_ != "PROPN" or token.idx < m.start:
            continue
        found.append(
            ActorMention(
                text=token.text,
                start=token.idx,
                end=token.idx + len(token.text),
                codes=m.codes,
                kind="person",
                person=m.person,
                role=m.role,
            )
        )
    return found


@register("actors.kb.v2", requires=("tokens",), produces=("actors",))
def find_actors(doc: Document) -> Document:
    doc.actors = mentions_in(doc)
    return doc
