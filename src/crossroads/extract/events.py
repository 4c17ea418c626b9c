"""PLOVER events from the dependency parse: trigger verbs and nouns from the lexicon, source and
target from the sentence's structure, status, date, place and contexts; then one event per
real-world interaction per article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..records import CENTRAL_ASIA, ActorMention, Event, Span
from .lexicon import Trigger, load_lexicon
from .pipeline import Document, register
from .places import lookup_city
from .temporal import TimeMention, find_times

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["extract_events", "SYMMETRIC"]

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must"}
PLANNING_HEADS = {
    "expect",
    "plan",
    "schedule",
    "set",
    "due",
    "intend",
    "prepare",
    "aim",
    "hope",
    "seek",
    "want",
    "wish",
    "propose",
    "agree",
    "decide",
}
SKIP_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
GROUP_NOUNS = {
    "leader",
    "official",
    "side",
    "country",
    "party",
    "participant",
    "delegation",
    "minister",
    "head",
    "state",
    "nation",
    "counterpart",
    "representative",
    "they",
    "both",
}
PLACE_PREPS = {"in", "to", "at"}
TARGET_PREPS = {"with", "to", "on", "against", "from", "for", "into", "toward", "towards", "by"}


@dataclass
class Draft:
    trigger: Trigger
    token: Token
    sentence: SpacySpan
    source: set[str] = field(default_factory=set)
    target: set[str] = field(default_factory=set)
    status: str = "occurred"
    syntactic: bool = True


def _mention_index(doc: Document) -> dict[int, ActorMention]:
    sdoc = doc.spacy
    index: dict[int, ActorMention] = {}
    for mention in doc.actors:
        span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            index[token.i] = mention
    return index


def _subtree(token: Token) -> Iterable[Token]:
    """The token's subtree without embedded clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in SKIP_DEPS:
            yield from _subtree(child)


def _is_place(token: Token, mention: ActorMention) -> bool:
    """A capital after in/at is where something happened, not who did it."""
    head = token.head
    return mention.kind == "capital" and token.dep_ == "pobj" and head.lower_ in ("in", "at")


def _actors(tokens: Iterable[Token], index: dict[int, ActorMention], formats: list[ActorMention]) -> set[str]:
    codes: set[str] = set()
    seen = set()
    for token in tokens:
        mention = index.get(token.i)
        if mention is None or id(mention) in seen:
            continue
        seen.add(id(mention))
        if _is_place(token, mention):
            continue
        if mention.kind == "format":
            formats.append(mention)
            continue
        if mention.kind == "adjective" and token.head.pos_ not in ("NOUN", "PROPN"):
            continue
        codes.update(mention.codes)
    return codes


def _subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if current.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and current.head is not current:
            if current.dep_ in ("relcl", "acl"):
                return current.head
            current = current.head
            continue
        break
    return None


def _status(verb: Token, sentence_times: list[TimeMention]) -> str | None:
    """occurred, planned, or None when negated or hypothetical."""
    chain = [verb]
    head = verb
    while head.dep_ in ("xcomp", "conj", "ccomp") and head.head is not head:
        head = head.head
        chain.append(head)
    planned = False
    for token in chain:
        for child in token.children:
            if child.dep_ == "neg":
                return None
            if child.dep_ in ("aux", "auxpass"):
                if child.lower_ in HYPOTHETICAL_AUX and token is verb:
                    return None
                if child.lower_ in ("will", "shall", "'ll", "wo"):
                    planned = True
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return None
        if token is not verb and token.lemma_ in PLANNING_HEADS:
            planned = True
    if any(t.future for t in sentence_times):
        planned = True
    return "planned" if planned else "occurred"


def _verb_trigger(token: Token, verbs: dict[str, tuple[Trigger, ...]]) -> Trigger | None:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in verbs:
        return None
    children = list(token.children)
    objects = {c.lemma_.lower() for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")}
    objects |= {g.lemma_.lower() for c in children if c.dep_ == "dobj" for g in c.conjuncts}
    particles = {c.lower_ for c in children if c.dep_ in ("prt", "prep")}
    for trigger in verbs[token.lemma_.lower()]:
        if trigger.object and trigger.object not in objects:
            continue
        if trigger.particle and trigger.particle not in particles:
            continue
        return trigger
    return None


def _split_coordinated(subject: Token, index: dict[int, ActorMention]) -> tuple[set[str], set[str]]:
    """ "X and Y signed": X is the source, Y the target."""
    parts = [subject, *subject.conjuncts]
    sides = [_actors(_subtree_no_conj(p), index, []) for p in parts]
    sides = [s for s in sides if s]
    if len(sides) < 2:
        return set(), set()
    return sides[0], set().union(*sides[1:])


def _subtree_no_conj(token: Token) -> Iterable[Token]:
    yield token
    for child in token.children:
        if child.dep_ not in SKIP_DEPS | {"conj", "cc"}:
            yield from _subtree(child)


def _verb_draft(token: Token, trigger: Trigger, index, times, prev_codes) -> Draft | None:
    status = _status(token, times)
    if status is None:
        return None
    draft = Draft(trigger, token, token.sent, status=status)
    formats: list[ActorMention] = []
    subject = _subject(token)
    passive = subject is not None and subject.dep_ == "nsubjpass"
    if subject is not None:
        (draft.target if passive else draft.source).update(_actors(_subtree(subject), index, formats))
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            draft.target |= _actors(_subtree(child), index, formats)
        elif child.dep_ == "agent" or (passive and child.dep_ == "prep" and child.lower_ == "by"):
            draft.source |= _actors(_subtree(child), index, formats)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS | PLACE_PREPS:
            if child.lower_ in ("in", "at") and trigger.roles != "visit":
                _actors(_subtree(child), index, formats)
                continue
            draft.target |= _actors(_subtree(child), index, formats)
        elif child.dep_ == "xcomp" and trigger.type == "REQUEST":
            continue
    if (
        trigger.roles == "recip"
        and subject is not None
        and (not draft.target or draft.target <= draft.source)
    ):
        src, tgt = _split_coordinated(subject, index)
        if src and tgt:
            draft.source, draft.target = src, tgt
    _apply_formats(draft, formats)
    if not draft.source and subject is not None and subject.lemma_.lower() in GROUP_NOUNS:
        _from_context(draft, prev_codes)
    return draft


def _apply_formats(draft: Draft, formats: list[ActorMention]) -> None:
    for mention in formats:
        draft.source |= set(mention.codes)
        draft.target |= set(mention.other)


def _from_context(draft: Draft, prev_codes: set[str]) -> None:
    """ "Leaders from these countries met": the parties are the previous sentence's actors."""
    codes = prev_codes | draft.target
    ca = codes & set(CENTRAL_ASIA)
    others = codes - ca
    if ca and others:
        draft.source, draft.target = others, ca
        draft.syntactic = False


def _noun_draft(token: Token, trigger: Trigger, index, times, covered: set[int]) -> Draft | None:
    if token.i in covered or token.pos_ not in ("NOUN", "PROPN"):
        return None
    head = token.head
    status = "occurred"
    if head.pos_ in ("VERB", "AUX") and head is not token:
        verb_status = _status(head, times)
        if verb_status is None:
            return None
        status = verb_status
    if any(c.lower_ in ("upcoming", "planned", "next", "future") for c in token.children):
        status = "planned"
    draft = Draft(trigger, token, token.sent, status=status)
    formats: list[ActorMention] = []
    inner = _actors(_subtree(token), index, formats)
    if head is not token and token.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
        subject = _subject(head.head)
        if subject is not None:
            draft.source |= _actors(_subtree(subject), index, formats)
    elif token.dep_ in ("dobj",) and head.pos_ in ("VERB", "AUX"):
        subject = _subject(head)
        if subject is not None:
            draft.source |= _actors(_subtree(subject), index, formats)
    _apply_formats(draft, formats)
    if not formats:
        ca = inner & set(CENTRAL_ASIA)
        others = inner - ca - draft.source
        if draft.source:
            draft.target |= inner - draft.source
        elif ca and others:
            draft.source, draft.target = others, ca
        elif len(inner) >= 2:
            ordered = _ordered_codes(token, index)
            draft.source, draft.target = {ordered[0]}, set(ordered[1:])
    return draft


def _ordered_codes(token: Token, index: dict[int, ActorMention]) -> list[str]:
    codes: list[str] = []
    for t in sorted(_subtree(token), key=lambda t: t.i):
        mention = index.get(t.i)
        if mention:
            codes += [c for c in mention.codes if c not in codes]
    return codes


def _location(sentence: SpacySpan, index: dict[int, ActorMention]) -> str | None:
    for token in sentence:
        if token.dep_ != "pobj" or token.head.lower_ not in PLACE_PREPS | {"of"}:
            continue
        if token.head.lower_ == "of" and not any(t.lower_ == "city" for t in token.head.head.subtree):
            continue
        mention = index.get(token.i)
        if mention is not None and mention.kind not in ("capital",):
            continue
        ent = next((e for e in sentence.ents if e.start <= token.i < e.end), None)
        if mention is None and (ent is None or ent.label_ not in ("GPE", "LOC", "FAC")):
            continue
        city = lookup_city(ent.text if ent is not None else token.text)
        if city:
            return f"{city[0]}, {city[1]}"
    return None


def _contexts(
    trigger: Trigger, sentence: SpacySpan, keywords: tuple[tuple[str, str], ...]
) -> tuple[str, ...]:
    found = list(trigger.contexts)
    words = [t.lower_ for t in sentence]
    for prefix, context in keywords:
        if context not in found and any(w.startswith(prefix) for w in words):
            found.append(context)
    return tuple(found)


def _nearest_time(token: Token, times: list[TimeMention]) -> TimeMention | None:
    if not times:
        return None
    pos = token.idx
    return min(times, key=lambda t: abs(t.start - pos))


def _orient(type_: str, source: set[str], target: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Symmetric events put the outside power first, as the gold convention does."""
    if type_ in SYMMETRIC and source and source <= set(CENTRAL_ASIA) and not target <= set(CENTRAL_ASIA):
        source, target = target, source
    return tuple(sorted(source)), tuple(sorted(target))


def _paragraph_of(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


@register("events.rules.v1", requires=("parse", "actors"), produces=("events",))
def extract_events(doc: Document) -> Document:
    lexicon = load_lexicon()
    sdoc = doc.spacy
    index = _mention_index(doc)
    text = doc.article.text
    drafts: list[tuple[Draft, TimeMention | None]] = []
    prev_codes: set[str] = set()
    for sentence in sdoc.sents:
        times = [
            replace(t, start=t.start + sentence.start_char, end=t.end + sentence.start_char)
            for t in find_times(sentence.text, doc.article.published)
        ]
        covered: set[int] = set()
        found: list[Draft] = []
        for token in sentence:
            trigger = _verb_trigger(token, lexicon.verbs)
            if trigger is None:
                continue
            draft = _verb_draft(token, trigger, index, times, prev_codes)
            covered.update(t.i for t in token.subtree if t.i != token.i)
            if draft is not None:
                found.append(draft)
        for token in sentence:
            trigger = lexicon.nouns.get(token.lemma_.lower())
            if trigger is not None:
                draft = _noun_draft(token, trigger, index, times, covered)
                if draft is not None:
                    found.append(draft)
        for draft in found:
            draft.target -= draft.source
            if draft.source and draft.target:
                drafts.append((draft, _nearest_time(draft.token, times)))
        codes = {c for t in sentence for m in [index.get(t.i)] if m for c in m.codes}
        if codes:
            prev_codes = codes
    doc.events = _merge(_build(doc, drafts, text, lexicon.contexts))
    return doc


def _build(doc: Document, drafts, text: str, keywords) -> list[Event]:
    events: list[Event] = []
    last_date: dict[int, tuple[str, str]] = {}
    index = _mention_index(doc)
    for draft, time in drafts:
        paragraph = _paragraph_of(text, draft.sentence.start_char)
        date = precision = method = None
        if time is not None:
            date, precision, method = time.value, time.precision, "sentence"
            if time.period and not date:
                date, precision = time.period[:4], "year"
            last_date[paragraph] = (date, precision)
        elif paragraph in last_date:
            (date, precision), method = last_date[paragraph], "paragraph"
        source, target = _orient(draft.trigger.type, draft.source, draft.target)
        sentence = draft.sentence
        span = Span(doc.article.id, sentence.start_char, sentence.end_char, sentence.text, sentence.text)
        confidence = (
            0.45 + 0.2 * draft.syntactic + 0.15 * (method == "sentence") + 0.1 * (draft.token.pos_ == "VERB")
        )
        events.append(
            Event(
                type=draft.trigger.type,
                mode=draft.trigger.mode,
                source_actors=source,
                target_actors=target,
                evidence=(span,),
                date=date,
                date_precision=precision,
                date_method=method,
                location=_location(sentence, index),
                contexts=_contexts(draft.trigger, sentence, keywords),
                status=draft.status,
                confidence=min(confidence, 0.95),
                trigger=draft.token.text,
            )
        )
    return events


def _same(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    if a.type in SYMMETRIC:
        if set(a.source_actors) | set(a.target_actors) != set(b.source_actors) | set(b.target_actors):
            return False
    elif (a.source_actors, a.target_actors) != (b.source_actors, b.target_actors):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    return True


def _merge(events: list[Event]) -> list[Event]:
    """One event per real-world interaction: fold later mentions into the first."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if _same(kept, event):
                merged[i] = _fold(kept, event)
                break
        else:
            merged.append(event)
    return merged


def _fold(a: Event, b: Event) -> Event:
    spans = a.evidence + tuple(s for s in b.evidence if s not in a.evidence)
    date, precision, method = a.date, a.date_precision, a.date_method
    if b.date and (not a.date or len(b.date) > len(a.date)):
        date, precision, method = b.date, b.date_precision, b.date_method
    contexts = a.contexts + tuple(c for c in b.contexts if c not in a.contexts)
    return replace(
        a,
        evidence=spans,
        date=date,
        date_precision=precision,
        date_method=method,
        location=a.location or b.location,
        contexts=contexts,
        confidence=max(a.confidence, b.confidence),
    )
