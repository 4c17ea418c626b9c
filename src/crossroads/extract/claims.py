"""Claims: quoted and reported speech, with the speaker, the actors it is about and a stance.

A quotation (one or more sentences inside quotation marks) is one claim, attributed to the
speaker of the reporting verb next to it in its paragraph ("..., said Temnycky", "he added",
"stated the report"). Reported speech ("the secretary said that ...", "According to a Eurasianet
report, ...", "the committee argued that ...") is a claim too. Pronouns and descriptions ("he",
"the expert", "the French leader", "the report") resolve to the speaker they stand for; a
quotation whose source the text does not name is left out rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import ActorMention, Claim, Span
from .knowledge import load_knowledge
from .pipeline import Document, register

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["extract_claims", "REPORTING_VERBS", "quotations"]

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
    "insist",
    "underline",
    "highlight",
    "observe",
    "remark",
    "warn",
    "reiterate",
    "acknowledge",
    "predict",
    "find",
    "urge",
    "advocate",
    "assert",
    "declare",
    "recall",
    "suggest",
    "believe",
    "indicate",
    "point",
    "comment",
    "report",
    "show",
    "put",
    "estimate",
}
# Verbs that report speech only when a document or body is their subject ("customs data show").
DOCUMENT_VERBS = {"show", "put", "estimate", "indicate"}
PRONOUNS = {"he", "she", "they", "we", "i", "it"}
DESCRIPTIONS = {
    "expert",
    "analyst",
    "journalist",
    "economist",
    "researcher",
    "official",
    "minister",
    "head",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "secretary",
    "diplomat",
    "ambassador",
    "president",
    "leader",
    "fellow",
    "professor",
    "director",
    "chancellor",
    "premier",
}
DOCUMENTS = {
    "report",
    "study",
    "statement",
    "committee",
    "survey",
    "document",
    "paper",
    "article",
    "research",
    "data",
    "datum",
    "poll",
    "analysis",
    "figures",
    "statistics",
}
PUBLISHING = {"publish", "release", "issue", "produce", "present", "prepare", "compile"}
OPEN, CLOSE = '“"', '”"'
POSITIVE = (
    "cooperat",
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
    "growth",
    "benefit",
)
NEGATIVE = (
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
    "unfavo",
    "criticis",
    "accus",
)


@dataclass(frozen=True)
class Speaker:
    name: str
    actor: str | None
    role: str | None = None


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's content: curly pairs, and straight quotes paired within
    a paragraph."""
    found = [(m.start(1), m.end(1)) for m in re.finditer(r"“([^”]{3,})”", text)]
    for paragraph in re.finditer(r"[^\n]+", text):
        straight = [m.start() for m in re.finditer('"', paragraph.group())]
        for a, b in zip(straight[::2], straight[1::2], strict=False):
            found.append((paragraph.start() + a + 1, paragraph.start() + b))
    return sorted(found)


def _stance(text: str) -> str:
    lowered = text.lower()
    pos = sum(w in lowered for w in POSITIVE)
    neg = sum(w in lowered for w in NEGATIVE)
    return "positive" if pos > neg else "negative" if neg > pos else "neutral"


class Speakers:
    """Who "he", "the expert", "the French leader" or "the report" is, from what came before."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.last_person: Speaker | None = None
        self.sources: list[Speaker] = []  # bodies and documents: "the report", "the committee"
        self.kb = load_knowledge()

    def _mention_in(self, start: int, end: int, kinds: tuple[str, ...]) -> ActorMention | None:
        return next((m for m in self.doc.actors if start <= m.start < end and m.kind in kinds), None)

    def note_person(self, token: Token) -> None:
        """Remember named people who act in the text (subjects), for a later "he said"."""
        ent = token.ent_type_
        head = token
        while head.dep_ in ("compound", "flat", "appos") and head.head != head:
            head = head.head
        if ent == "PERSON" and head.dep_ in ("nsubj", "nsubjpass"):
            span = next(e for e in token.doc.ents if e.start <= token.i < e.end)
            self.last_person = self._person(span.text, span.start_char, span.end_char)

    def _person(self, name: str, start: int, end: int) -> Speaker:
        mention = self._mention_in(start, end, ("person",))
        if mention is not None:
            return Speaker(mention.person or name, mention.codes[0], mention.role)
        return Speaker(name, None)

    def resolve(self, token: Token) -> Speaker | None:
        sdoc = token.doc
        words = sorted(_phrase_tokens(token), key=lambda t: t.i)
        if not words:
            return None  # "said , summit": the speaker's phrase is only punctuation
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        if "\n" in sdoc.text[start:end]:
            return None  # a headline run into the dateline, not a speaker
        text = sdoc.text[start:end].strip(" ,")
        people = [e for e in sdoc.ents if e.label_ == "PERSON" and start <= e.start_char < end]
        if not people:  # "Dina Ospanova, an economist at the Steppe Policy Lab": the person, not the lab
            around = [t for t in token.subtree if t.dep_ == "appos" or t.head.dep_ == "appos" or t == token]
            people = [
                e for e in sdoc.ents if e.label_ == "PERSON" and any(e.start <= t.i < e.end for t in around)
            ]
        if not people and token.pos_ == "PROPN" and token.lemma_.lower() not in DESCRIPTIONS | DOCUMENTS:
            name = [t for t in token.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
            first = min([t.i for t in name] + [token.i])
            if (
                self._mention_in(sdoc[first].idx, token.idx + 1, ("country", "organisation", "capital"))
                is None
            ):
                people = [sdoc[first : token.i + 1]]
        if people:
            speaker = self._person(people[-1].text, people[-1].start_char, people[-1].end_char)
            self.last_person = speaker
            return speaker
        lemma = token.lemma_.lower()
        if token.lower_ in PRONOUNS:
            return (self.sources or [None])[-1] if token.lower_ == "it" else self.last_person
        mention = self._mention_in(start, end, ("person", "official", "adjective", "country", "organisation"))
        if lemma in DESCRIPTIONS:
            if mention is not None and mention.kind in ("official", "adjective"):
                return self._holder(mention.codes[0], text)
            return self.last_person
        owner = [
            t
            for t in words
            if t.i < token.i
            and t.dep_ in ("compound", "poss", "nmod", "amod")
            and t.pos_ in ("PROPN", "NOUN", "ADJ")
            and t.lower_ not in ("own", "new", "latest", "official")
        ]
        if lemma in DOCUMENTS and owner:  # "a Eurasianet report", "the Commission's data"
            name = sdoc[owner[0].i : owner[-1].i + 1].text
            found = self._mention_in(
                owner[0].idx, owner[-1].idx + len(owner[-1]), ("country", "organisation")
            )
            speaker = Speaker(name, found.codes[0] if found is not None and len(found.codes) == 1 else None)
            self.sources.append(speaker)
            return speaker
        if lemma in DOCUMENTS and not any(t.ent_type_ in ("ORG", "GPE") for t in words):
            named = [s for s in self.sources if lemma in s.name.lower()]
            return (named or self.sources or [None])[-1]
        orgs = [e for e in sdoc.ents if e.label_ in ("ORG", "NORP", "GPE") and start <= e.start_char < end]
        if orgs or mention is not None:
            name = orgs[0].text if orgs else text
            speaker = Speaker(
                name, mention.codes[0] if mention is not None and len(mention.codes) == 1 else None
            )
            self.sources.append(speaker)
            return speaker
        return None

    def _holder(self, code: str, fallback: str) -> Speaker:
        """ "the French leader" on the article's date."""
        day: dt.date | None = self.doc.article.published
        office = self.kb.leaders.get(code, "head_of_state")
        person = self.kb.holder(code, office, day) or self.kb.holder(code, "head_of_state", day)
        return Speaker(person or fallback, code, office)

    def note_source(self, token: Token) -> None:
        """ "a report published by the House of Commons Committee": remember who wrote it."""
        if token.lemma_.lower() not in DOCUMENTS:
            return
        if token.dep_ == "dobj" and token.head.lemma_.lower() in PUBLISHING:
            subject = _subject(token.head)
            if subject is not None and subject.lemma_.lower() not in PRONOUNS:
                words = sorted(_phrase_tokens(subject), key=lambda t: t.i)
                start, end = words[0].idx, words[-1].idx + len(words[-1])
                mention = self._mention_in(start, end, ("country", "organisation"))
                self.sources.append(Speaker(token.doc.text[start:end], mention.codes[0] if mention else None))
                return
        for child in token.children:
            for sub in child.subtree:
                if sub.dep_ == "pobj" and sub.head.lower_ == "by":
                    words = sorted(_phrase_tokens(sub), key=lambda t: t.i)
                    name = token.doc.text[words[0].idx : words[-1].idx + len(words[-1])]
                    mention = self._mention_in(
                        words[0].idx, words[-1].idx + len(words[-1]), ("country", "organisation")
                    )
                    self.sources.append(Speaker(name.strip(), mention.codes[0] if mention else None))
                    return


def _phrase_tokens(token: Token) -> list[Token]:
    return [
        t
        for t in token.subtree
        if t.dep_ not in ("relcl", "acl", "appos", "punct", "advcl", "dep")
        and not t.is_space
        and not (t.dep_ == "prep" and t.head == token and t.i > token.i and t.lower_ != "of")
    ]


def _subject(verb: Token) -> Token | None:
    found = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if found is None:  # an inverted "..., stated the report" the parser attached elsewhere
        after = verb.doc[verb.i + 1 : verb.i + 4]
        found = next((t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if found is not None and "\n" in verb.doc.text[verb.idx : found.idx]:
            found = None
    return found


def _codes_in(mentions: list[ActorMention], start: int, end: int) -> tuple[str, ...]:
    found: list[str] = []
    for m in mentions:
        if start <= m.start < end:
            found += [c for c in (m.codes + m.other) if c not in found]
    return found


def _claim(doc: Document, speaker: Speaker, start: int, end: int) -> Claim | None:
    text = doc.article.text
    statement = text[start:end]
    if len(statement.split()) < 3:
        return None
    sentence = next((s.text for s in doc.spacy.sents if s.start_char <= start < s.end_char), statement)
    about = tuple(_codes_in(doc.actors, start, end))
    stance = _stance(statement)
    return Claim(
        speaker=speaker.name,
        speaker_actor=speaker.actor,
        speaker_role=speaker.role,
        statement=statement,
        about=about,
        stance=tuple((c, stance) for c in about),
        evidence=(Span(doc.article.id, start, end, statement, sentence),),
        date=doc.article.published.isoformat() if doc.article.published else None,
        confidence=0.6,
    )


def _reporting_verbs(sentence, inside) -> list[Token]:
    found = []
    for t in sentence:
        lemma = t.lemma_.lower()
        if t.pos_ != "VERB" or lemma not in REPORTING_VERBS or inside(t.idx):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue  # "the White House has not said"
        subject = _subject(t)
        if lemma in DOCUMENT_VERBS and (
            subject is None or subject.lemma_.lower() not in DOCUMENTS | {"customs"}
        ):
            continue
        found.append(t)
    return found


@register("claims.rules.v1", requires=("parse", "actors"), produces=("claims",))
def extract_claims(doc: Document) -> Document:
    text = doc.article.text
    spans = [(a, b) for a, b in quotations(text) if len(text[a:b].split()) >= 4]

    def inside(offset: int) -> bool:
        return any(a <= offset < b for a, b in spans)

    speakers = Speakers(doc)
    claims: list[Claim] = []
    used: set[tuple[int, int]] = set()
    for sentence in doc.spacy.sents:
        for token in sentence:
            if not inside(token.idx):
                speakers.note_source(token)
        verbs = _reporting_verbs(sentence, inside)
        quoted = [(a, b) for a, b in spans if sentence.start_char <= b and a < sentence.end_char]
        speaker = None
        for verb in verbs:
            subject = _subject(verb)
            if subject is not None:
                speaker = speakers.resolve(subject)
                if speaker is not None:
                    break
        if speaker is None:
            speaker = _according_to(sentence, speakers)
            verbs = verbs or ([sentence[0]] if speaker else [])
        if speaker is None:
            for token in sentence:
                if not inside(token.idx):
                    speakers.note_person(token)
            continue
        fragments = [q for q in quoted if _fragment(q, sentence)]
        if quoted and len(fragments) < len(quoted):
            for span in quoted:
                if span not in used:
                    used.add(span)
                    claims.append(_claim(doc, speaker, *span))
        elif verbs:
            used.update(quoted)
            claims.append(_claim(doc, speaker, *_reported(sentence, verbs[0])))
    doc.claims = [c for c in claims if c is not None]
    return doc


def _fragment(span: tuple[int, int], sentence) -> bool:
    """A short quoted phrase inside a sentence of reported speech, not a quotation of its own."""
    inside = min(span[1], sentence.end_char) - max(span[0], sentence.start_char)
    return (
        span[0] > sentence.start_char + 2
        and inside < 0.6 * len(sentence.text)
        and span[1] <= sentence.end_char
    )


def _reported(sentence, verb: Token) -> tuple[int, int]:
    """Reported speech without quotation marks: the clause that carries the statement —
    before an inverted "..., said X" / "..., he said", else the sentence from its subject on."""
    text = sentence.doc.text
    subject = _subject(verb)
    if subject is not None and subject.i > verb.i and verb.i > sentence.start:
        start, end = sentence.start_char, verb.idx
    elif (
        subject is not None
        and subject.i < verb.i
        and verb.i > sentence.start + 3
        and text[verb.idx - 2] == ","
    ):
        start, end = sentence.start_char, min(t.idx for t in subject.subtree)  # "..., he said"
    else:
        start, end = sentence.start_char, sentence.end_char
    while end > start and text[end - 1] in " ,.\n":
        end -= 1
    return start, end


def _according_to(sentence, speakers: Speakers) -> Speaker | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            pobj = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return speakers.resolve(pobj)
    return None
