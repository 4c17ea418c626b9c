"""Claims: quoted and reported speech with speaker, the actors it is about and a stance."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import ActorMention, Claim, Span
from .pipeline import Document, register

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["extract_claims", "REPORTING_VERBS"]

REPORTING_VERBS = {
    "say",
    "add",
    "note",
    "state",
    "tell",
    "stress",
    "argue",
    "emphasize",
    "emphasise",
    "claim",
    "write",
    "conclude",
    "explain",
    "point",
    "suggest",
    "insist",
    "underline",
    "highlight",
    "observe",
    "remark",
    "warn",
    "reiterate",
    "acknowledge",
    "predict",
    "believe",
    "indicate",
    "find",
    "show",
    "describe",
}
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
ROLE_NOUNS = {
    "expert",
    "analyst",
    "journalist",
    "economist",
    "researcher",
    "official",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "report",
    "secretary",
    "diplomat",
    "ambassador",
    "president",
    "leader",
    "fellow",
    "professor",
    "director",
}
QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
POSITIVE = {
    "cooperation",
    "partnership",
    "committed",
    "support",
    "welcome",
    "opportunit",
    "strengthen",
    "boost",
    "expand",
    "keen",
    "promising",
    "improve",
    "friend",
    "enhanc",
}
NEGATIVE = {
    "meddling",
    "undermin",
    "force",
    "sanction",
    "decline",
    "oppose",
    "threat",
    "corruption",
    "dependent",
    "aggress",
    "pressure",
    "hegemony",
    "invasion",
    "war",
    "evasion",
    "distanc",
    "reluctant",
    "hesitat",
    "wane",
    "less-than-favorable",
}


def _speaker_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _phrase(token: Token) -> str:
    words = [
        t
        for t in token.subtree
        if t.dep_ not in ("relcl", "acl", "appos", "punct")
        and not (t.dep_ == "prep" and t.head is token and t.i > token.i)
    ]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    return token.doc[start:end].text.strip(" ,")


def _stance(text: str) -> str:
    lowered = text.lower()
    pos = sum(w in lowered for w in POSITIVE)
    neg = sum(w in lowered for w in NEGATIVE)
    return "positive" if pos > neg else "negative" if neg > pos else "neutral"


class _Speakers:
    """The last named speaker, for "he said" and "the expert noted"."""

    def __init__(self) -> None:
        self.last: tuple[str, str | None] | None = None

    def resolve(self, token: Token, mentions: list[ActorMention]) -> tuple[str, str | None] | None:
        text = _phrase(token)
        lower = token.lower_
        if lower in PRONOUNS or (
            token.lemma_.lower() in ROLE_NOUNS
            and not any(t.ent_type_ in ("PERSON", "ORG") for t in token.subtree)
        ):
            return self.last
        span = (
            token.doc[min(t.i for t in token.subtree)].idx,
            token.doc[max(t.i for t in token.subtree)].idx + 1,
        )
        actor = next(
            (
                m.codes[0]
                for m in mentions
                if span[0] <= m.start < span[1] + 40
                and m.kind in ("person", "organisation", "country", "official")
            ),
            None,
        )
        names = [
            e for e in token.doc.ents if e.label_ in ("PERSON", "ORG") and span[0] <= e.start_char < span[1]
        ]
        name = names[0].text if names else text
        if names and names[0].label_ == "PERSON":
            person = next(
                (
                    m
                    for m in mentions
                    if m.kind == "person" and names[0].start_char <= m.start < names[0].end_char
                ),
                None,
            )
            actor = person.codes[0] if person else None
            self.last = (name, actor)
        return name, actor


def _codes_in(mentions: list[ActorMention], start: int, end: int) -> tuple[str, ...]:
    found: list[str] = []
    for m in mentions:
        if start <= m.start < end:
            found += [c for c in (m.codes + m.other) if c not in found]
    return tuple(found)


def _make(
    doc: Document, speaker: tuple[str, str | None], start: int, end: int, sentence: SpacySpan, statement: str
) -> Claim:
    about = _codes_in(doc.actors, sentence.start_char, sentence.end_char)
    stance = _stance(statement)
    text = doc.article.text[start:end]
    return Claim(
        speaker=speaker[0],
        speaker_actor=speaker[1],
        statement=statement,
        about=about,
        stance=tuple((c, stance) for c in about),
        evidence=(Span(doc.article.id, start, end, text, sentence.text),),
        date=doc.article.published.isoformat() if doc.article.published else None,
        confidence=0.6,
    )


@register("claims.rules.v1", requires=("parse", "actors"), produces=("claims",))
def extract_claims(doc: Document) -> Document:
    speakers = _Speakers()
    claims: list[Claim] = []
    covered: list[tuple[int, int]] = []
    for sentence in doc.spacy.sents:
        for token in sentence:
            if (
                token.lemma_.lower() == "according"
                and token.i + 1 < len(token.doc)
                and token.nbor().lower_ == "to"
            ):
                pobj = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    speaker = speakers.resolve(pobj, doc.actors)
                    if speaker:
                        claims.append(
                            _make(
                                doc, speaker, sentence.start_char, sentence.end_char, sentence, sentence.text
                            )
                        )
                        covered.append((sentence.start_char, sentence.end_char))
                break
            if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS:
                continue
            subject = _speaker_token(token)
            if subject is None:
                continue
            speaker = speakers.resolve(subject, doc.actors)
            if speaker is None:
                continue
            quotes = list(QUOTE.finditer(doc.article.text, sentence.start_char, sentence.end_char))
            has_clause = any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in token.children)
            if not quotes and not has_clause:
                continue
            start, end = sentence.start_char, sentence.end_char
            statement = quotes[0].group(1) if quotes else sentence.text
            if any(s <= start < e for s, e in covered):
                break
            claims.append(_make(doc, speaker, start, end, sentence, statement))
            covered.append((start, end))
            break
    doc.claims = claims
    return doc
