"""PLOVER events from the dependency parse.

Trigger verbs and nouns come from the lexicon files; source and target from the sentence's
structure (subjects, objects, prepositional roles, passives, coordination, possessives,
dialogue formats); status from auxiliaries, planning verbs and negation; date and place from the
sentence, else from the clearly linked context (the paragraph, the dateline, the article's lead
event). Several mentions of one interaction in an article become one event with all its spans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING

from ..records import CENTRAL_ASIA, ActorMention, Event, Span, country_of, separate_gatherings
from .actors import OFFICIAL_WORDS
from .knowledge import load_knowledge
from .lexicon import Trigger, load_lexicon
from .pipeline import Document, register
from .places import lookup_city, lookup_region
from .temporal import TimeMention, find_times, forward

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["extract_events", "SYMMETRIC"]

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
FIVE = set(CENTRAL_ASIA)
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
    "decide",
    "agree",
    "announce",
    "promise",
    "pledge",
}
# An event wished for, proposed or asked for has not happened and is not scheduled.
WISHING_HEADS = {
    "pressure",
    "press",
    "push",
    "hope",
    "seek",
    "want",
    "wish",
    "propose",
    "call",
    "urge",
    "demand",
    "insist",
    "request",
    "ask",
    "recommend",
    "advocate",
    "suggest",
    "encourage",
    "invite",
    "consider",
    "mull",
    "try",
    "attempt",
    "offer",
}
DEICTIC = {"these", "those", "both", "two", "the two", "all"}
CANCELLING = {
    "cancel",
    "postpone",
    "call",
    "scrap",
    "delay",
    "suspend",
    "shelve",
    "drop",
    "abandon",
    "defer",
    "skip",
    "miss",
    "boycott",
    "decline",
    "refuse",
}
DENYING = {"deny", "rule", "reject"}
SKIP_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
GROUP_NOUNS = {
    "leader",
    "official",
    "side",
    "party",
    "participant",
    "delegation",
    "head",
    "country",
    "state",
    "nation",
    "counterpart",
    "representative",
    "government",
    "president",
    "minister",
    "two",
    "both",
    "they",
    "we",
}
PEOPLE = (
    OFFICIAL_WORDS
    | GROUP_NOUNS
    | {
        "people",
        "investor",
        "investors",
        "activist",
        "activists",
        "rebel",
        "rebels",
        "soldier",
        "soldiers",
        "peacekeepers",
        "police",
        "court",
    }
)
THINGS = {
    "investment",
    "trade",
    "economy",
    "market",
    "gas",
    "oil",
    "energy",
    "company",
    "companies",
    "goods",
    "export",
    "exports",
    "import",
    "imports",
    "capital",
    "influence",
    "interest",
    "interests",
    "policy",
    "territory",
    "border",
    "city",
    "region",
    "model",
    "project",
    "projects",
    "relation",
    "relations",
}
PLACE_PREPS = {"in", "at"}
SERIES_WORDS = {
    "inaugural",
    "next",
    "previous",
    "last",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "following",
    "upcoming",
}
MEMBERSHIP = {"member", "part", "include", "comprise", "participate", "belong", "membership"}
PAIRWISE_MAX = 4  # more parties than this meeting at once is a summit, not pairs of talks
# announcing funding is giving it: "London announced 50 million pounds in funding" (PLOVER AID)
ANNOUNCING = {"announce", "pledge", "promise", "unveil", "allocate", "approve", "earmark", "commit"}
# the occasion a clause happens at: "At talks with Xi, he agreed ...", "During the visit, ..."
SETTING_PREPS = {"at", "during", "on", "following", "after", "amid"}
TARGET_PREPS = {"with", "to", "on", "against", "from", "for", "into", "toward", "towards", "over"}
NOUN_TARGET_PREPS = {"to", "of", "on", "against", "into", "in", "for", "with", "between", "among"}
PRONOUNS = {"he", "she", "his", "her", "him"}
BODY_PRONOUNS = {"it"}  # a state or an organisation speaking of itself ("they" is often others)
BODIES = ("country", "organisation")
FUTURE_WORDS = {"upcoming", "planned", "next", "forthcoming", "future", "proposed", "scheduled"}
DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'’ .-]{1,30}?)\s*(?:,\s*[A-Za-z .]+)?\s*[–—-]{1,2}\s")


@dataclass
class Draft:
    trigger: Trigger
    token: Token
    source: set[str] = field(default_factory=set)
    target: set[str] = field(default_factory=set)
    status: str = "occurred"
    syntactic: bool = True
    clause: set[int] = field(default_factory=set)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    # "source" or "target": that side is a party the text names without naming a state
    # ("insurgents bombarded ..."), so the event stands with that side empty
    unnamed: str | None = None


@dataclass
class Context:
    """What earlier sentences of the article established."""

    published: dt.date | None
    dateline: str | None = None
    paragraph: int = -1
    time: TimeMention | None = None
    place: str | None = None
    lead_date: tuple[str, str] | None = None
    parties: set[str] = field(default_factory=set)
    previous: set[str] = field(default_factory=set)
    pair: set[str] = field(default_factory=set)  # the parties of the last two-party event
    person: tuple[str, ...] = ()
    # the date of the last occasion of each kind ("summit", "visit", ...) the article dated
    occasions: dict[str, tuple[str, str, set[str], set[str]]] = field(default_factory=dict)
    sentence: int = 0
    # the last multilateral gathering: (index of its event, the sentence that reported it)
    gathering: tuple[int, int] | None = None
    plan_time: TimeMention | None = None  # the last future time, for plans that follow it
    # the parties of each kind of occasion the article named, planned ones too
    series: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)


# -- actors ---------------------------------------------------------------------------------


def _mention_index(doc: Document) -> dict[int, ActorMention]:
    index: dict[int, ActorMention] = {}
    for mention in doc.actors:
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index[token.i] = mention
    return index


def _subtree(token: Token, skip: set[str] = SKIP_DEPS) -> Iterable[Token]:
    """The token's subtree without embedded clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in skip:
            yield from _subtree(child, skip)


def _named(tokens: Iterable[Token], index: dict[int, ActorMention], kinds: Iterable[str]) -> set[str]:
    """The codes of the mentions of these kinds among the tokens."""
    return {code for t in tokens if (m := index.get(t.i)) is not None and m.kind in kinds for code in m.codes}


def _is_place(token: Token, mention: ActorMention) -> bool:
    """A capital after in/at is where something happened, not who did it; so is a state after
    "in" that says where a person serves ("the US commander in Iraq")."""
    if token.dep_ != "pobj" or token.head.lower_ not in ("in", "at"):
        return False
    if mention.kind == "capital":
        return True
    holder = token.head.head
    return mention.kind == "country" and token.head.lower_ == "in" and holder.lemma_.lower() in STATIONED


LOCAL_PEOPLE = {"mayor", "governor", "resident", "inhabitant", "citizen", "people", "authority", "council"}


def _townsfolk(token: Token) -> str | None:
    """The state of a city whose officials or people are meant: "the mayor of Nablus", "residents
    of Osh" (a city is otherwise a place, not an actor)."""
    if (
        token.pos_ != "PROPN"
        or token.ent_type_ == "PERSON"
        or token.dep_ != "pobj"
        or token.head.lower_ != "of"
    ):
        return None
    holder = token.head.head
    while holder.dep_ == "pobj" and holder.head.lower_ == "of" and holder.lemma_.lower() in ("city", "town"):
        holder = holder.head.head  # "the mayor of the city of Nablus"
    if holder.lemma_.lower() not in LOCAL_PEOPLE:
        return None
    found = lookup_city(token.text)
    return found[1] if found is not None else None


STATIONED = {
    "commander",
    "ambassador",
    "envoy",
    "troops",
    "forces",
    "military",
    "army",
    "soldier",
    "embassy",
    "mission",
    "contingent",
    "base",
    "representative",
    "correspondent",
    "office",
}


REPORTS = {"report", "statement", "communique", "study", "document", "dossier", "paper", "declaration"}
ISSUING = {"release", "issue", "publish", "present", "unveil", "circulate", "make", "put"}


class Actors:
    def __init__(self, index: dict[int, ActorMention], context: Context) -> None:
        self.index = index
        self.context = context
        self.formats: list[ActorMention] = []

    def _counts(self, token: Token) -> bool:
        """An adjective names an actor when it qualifies people ("Syrian rebels", "the Kazakh
        side") or the argument itself ("a Tunisian court"), not a thing ("Chinese investment").
        A coordinated adjective qualifies what the first one does ("US and British activists")."""
        first = token
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        head = first.head
        if head.lemma_.lower() in PEOPLE:
            return True
        mention = self.index.get(token.i)
        group = mention is not None and len(mention.codes) > 1  # "Central Asian tour" is a scope, not a party
        return not group and (
            head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "agent")
            and head.ent_type_ in ("", "NORP", "ORG")
            and head.lemma_.lower() not in THINGS
        )

    def _speaker(self, pronoun: Token, kinds=("person", "official", "country", "organisation")) -> set[str]:
        """ "Obama said he would ...": a subject pronoun in reported speech is the speaker."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
            return set()
        subjects = [c for c in clause.head.children if c.dep_ == "nsubj"]
        return _named(subjects[0].subtree, self.index, kinds) if subjects else set()

    def _antecedent(self, pronoun: Token) -> set[str]:
        """ "Xi paid a state visit to Kazakhstan, where he and Tokayev signed ...": a person who
        is the subject of an earlier clause of the same sentence."""
        for token in reversed(pronoun.sent[: pronoun.i - pronoun.sent.start]):
            mention = self.index.get(token.i)
            if mention is not None and mention.kind == "person" and _in_subject(token):
                return set(mention.codes)
        return set()

    def _members(self, token: Token) -> set[str]:
        """The member states an apposition to an organisation lists: "the CIS heads of state, a
        grouping in which all five Central Asian countries take part"."""
        head = token
        while head.dep_ in ("compound", "flat") and head.head != head:
            head = head.head
        members: set[str] = set()
        for appos in head.children:
            if appos.dep_ != "appos":
                continue
            for clause in appos.subtree:
                if clause.dep_ != "relcl" or not any(t.lemma_.lower() in MEMBERSHIP for t in clause.subtree):
                    continue
                for t in clause.subtree:
                    mention = self.index.get(t.i)
                    if mention is not None and mention.kind in ("country", "group"):
                        members.update(mention.codes)
        return members

    def issuer(self, subject: Token) -> set[str]:
        """The government of the capital a report was issued in: "a report released in the
        Rwandan capital alleged ...", "a statement issued in Moscow said ..." (capitals stand for
        governments)."""
        if subject.lemma_.lower() not in REPORTS:
            return set()
        codes: set[str] = set()
        for clause in subject.children:
            if clause.dep_ != "acl" or clause.lemma_.lower() not in ISSUING:
                continue
            for prep in clause.children:
                if prep.dep_ != "prep" or prep.lower_ != "in":
                    continue
                for token in prep.subtree:
                    mention = self.index.get(token.i)
                    if mention is None:
                        continue
                    if mention.kind == "capital" or (
                        mention.kind == "adjective" and token.head.lemma_.lower() == "capital"
                    ):
                        codes.update(mention.codes)
        return codes

    def of(self, tokens: Iterable[Token]) -> set[str]:
        codes: set[str] = set()
        seen: set[int] = set()
        for token in tokens:
            mention = self.index.get(token.i)
            if mention is None:
                if token.lemma_.lower() in GROUP_NOUNS and any(c.lower_ == "same" for c in token.children):
                    # "a virtual summit with the same five presidents": those of the last event
                    codes.update(self.context.parties & FIVE or self.context.parties)
                if token.lower_ in PRONOUNS and token.pos_ == "PRON":
                    codes.update(self._speaker(token) or self._antecedent(token) or self.context.person)
                elif token.lower_ in BODY_PRONOUNS and token.pos_ == "PRON":
                    codes.update(self._speaker(token, BODIES))  # "Israel announced it would ..."
                elif (city := _townsfolk(token)) is not None:
                    codes.add(city)  # "the mayor of Nablus": the city's state
                continue
            if id(mention) in seen or _is_place(token, mention):
                continue
            seen.add(id(mention))
            if mention.kind == "organisation" and (members := self._members(token)):
                codes.update(members)  # "the CSTO, the alliance whose members are A, B and C"
            elif mention.kind == "format":
                self.formats.append(mention)
            elif mention.kind == "adjective" and not self._counts(token):
                continue
            else:
                codes.update(mention.codes)
        return codes


def _subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.tag_ in ("WP", "WDT") and current.dep_ == "relcl" and current.head != current:
                    return current.head  # "the heads of state who gathered": the heads of state
                return child
        if current.dep_ in ("relcl", "acl") and current.head != current:
            return current.head
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep", "acomp") and current.head != current:
            current = current.head
            continue
        break
    return None


def _apply_formats(draft: Draft, actors: Actors) -> bool:
    if not actors.formats:
        return False
    sides = set().union(*(set(m.codes) | set(m.other) for m in actors.formats))
    draft.source -= sides
    draft.target -= sides
    for mention in actors.formats:
        draft.source |= set(mention.codes)
        draft.target |= set(mention.other)
    return True


def _split_parties(codes: set[str]) -> tuple[set[str], set[str]]:
    ca = codes & FIVE
    return codes - ca, ca


def _from_context(draft: Draft, context: Context, subject: Token) -> None:
    """ "The sides/leaders signed": the parties are those of the article's last event, or, for
    "these countries", those the previous sentence named."""
    one = subject.tag_ == "NN" and subject.lemma_.lower() in PERSON_NOUNS | {"minister"}
    if one and context.person and draft.target and not set(context.person) & draft.target:
        draft.source = set(context.person)  # "the prime minister will travel to Uzbekistan": the one
        draft.syntactic = False  # the story follows, not everyone of the last event
        return
    deictic = any(t.lower_ in DEICTIC for t in subject.subtree)
    pair = any(t.lower_ in ("two", "both") for t in subject.subtree) and bool(context.pair)
    known = context.pair if pair else context.previous if deictic and context.previous else context.parties
    others, ca = _split_parties(known | draft.target)
    if others and ca:
        draft.source, draft.target = others, ca
        draft.syntactic = False


# -- status ---------------------------------------------------------------------------------


def _negated_subject(subject: Token | None) -> bool:
    return subject is not None and any(c.lower_ in ("no", "neither", "nobody") for c in subject.children)


TIGHT = ("xcomp", "conj", "ccomp", "pcomp", "prep", "pobj", "acl")


def _status(verb: Token, times: list[TimeMention]) -> str | None:
    """occurred, planned, or None when negated, hypothetical, wished for or called off.

    Negation and modal auxiliaries count along the verb's tight chain (xcomp, conj, ...); the
    meaning of governing verbs (wish, plan, cancel) also counts through adverbial clauses
    ("called for the U.K. to host a summit")."""
    chain = [verb]
    head = verb
    tight = True
    planned = False
    while head.head != head and head.dep_ in TIGHT + ("advcl",):
        purpose = head.dep_ == "advcl" and any(c.tag_ == "TO" for c in head.children)  # "meet to discuss"
        tight = tight and (head.dep_ in TIGHT or purpose)
        head = head.head
        chain.append(head)
        lemma = head.lemma_.lower()
        if lemma in CANCELLING or lemma in DENYING or lemma in WISHING_HEADS:
            return None
        if lemma in PLANNING_HEADS or any(  # "Xi is due to fly on ..., before joining the summit"
            c.dep_ == "acomp" and c.lemma_.lower() in PLANNING_HEADS for c in head.children
        ):
            planned = True
        if not tight:
            continue
        if _blocked(head, verb):
            return None
        planned = planned or _future(head)
    if _blocked(verb, verb) or _negated_subject(_subject(verb)) or any(_unrealised(t) for t in chain):
        return None
    if _future(verb) or any(t.future for t in times):
        planned = True
    return "planned" if planned else "occurred"


UNREALISED_PLANS = {"due", "expect", "schedule", "plan", "set"}


def _unrealised(token: Token) -> bool:
    """ "The summit had been due to take place in Astana": a plan told in the past perfect is
    one that did not go ahead."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in token.children):
        return False
    return token.lemma_.lower() in UNREALISED_PLANS or any(
        c.dep_ == "acomp" and c.lemma_.lower() in UNREALISED_PLANS for c in token.children
    )


def _blocked(token: Token, verb: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or (child.lower_ in ("never", "not") and child.dep_ == "advmod"):
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in HYPOTHETICAL_AUX:
            if child.lower_ == "would" and _reported(token):
                continue  # "said he would visit": the future of a report, not a hypothesis
            if token == verb or token.dep_ != "ccomp":
                return True
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return True
    return False


SAID = {"say", "tell", "announce", "state", "confirm", "add"}


def _reported(token: Token) -> bool:
    """ "X said he/Y would ...": an actor's own plan, told by them or of them."""
    if token.dep_ != "ccomp" or token.head.lemma_.lower() not in SAID:
        return False
    subject = _subject(token)
    return subject is not None and subject.pos_ in ("PRON", "PROPN")


def _future(token: Token) -> bool:
    return any(
        c.dep_ in ("aux", "auxpass")
        and (c.lower_ in ("will", "shall", "'ll", "wo") or (c.lower_ == "would" and _reported(token)))
        for c in token.children
    )


# -- triggers -------------------------------------------------------------------------------


def _verb_trigger(token: Token, verbs: dict[str, tuple[Trigger, ...]]) -> Trigger | None:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in verbs:
        return None
    children = list(token.children)
    objects = {c.lemma_.lower() for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")}
    objects |= {g.lemma_.lower() for c in children if c.dep_ == "dobj" for g in c.conjuncts}
    objects |= {c.lower_ for c in children if c.dep_ in ("dobj", "nsubjpass")}
    particles = {c.lower_ for c in children if c.dep_ in ("prt", "prep")}
    for trigger in verbs[token.lemma_.lower()]:
        if trigger.object and trigger.object not in objects:
            continue
        if trigger.particle and trigger.particle not in particles:
            continue
        return trigger
    return None


def _split_coordinated(subject: Token, actors: Actors) -> tuple[set[str], set[str]]:
    """ "X and Y signed": X is the source, Y the target."""

    def own(part: Token) -> Iterable[Token]:  # the item without the items coordinated with it,
        yield part  # but with its own inner lists ("the presidents of A, B and C")
        for child in part.children:
            if child.dep_ not in SKIP_DEPS | {"conj", "cc"}:
                yield from _subtree(child)

    sides = [actors.of(own(p)) for p in [subject, *subject.conjuncts]]
    sides = [s for s in sides if s]
    if len(sides) < 2:
        return set(), set()
    return sides[0], set().union(*sides[1:])


INTENT_HEADS = {
    "want",
    "seek",
    "hope",
    "wish",
    "offer",
    "intend",
    "try",
    "attempt",
    "ready",
    "willing",
    "prepared",
    "vow",
}
OFFERING = {"offer", "ready", "willing", "prepared"}
THREATENING = {"threaten"}
REFUSING_HEADS = {"refuse", "decline", "reject"}
COOPERATIVE = {"CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT", "CONCEDE", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
FACILITIES = {
    "base",
    "port",
    "plant",
    "field",
    "deposit",
    "mine",
    "facility",
    "refinery",
    "terminal",
    "airport",
}
MOTION_VERBS = {"travel", "fly", "come", "go", "arrive", "head", "return", "visit", "move", "journey"}
RIOTING = {
    "attack",
    "storm",
    "demolish",
    "destroy",
    "burn",
    "torch",
    "smash",
    "ransack",
    "loot",
    "vandalise",
    "vandalize",
}
PROTESTERS = {
    "protester",
    "protestor",
    "demonstrator",
    "rioter",
    "protesters",
    "protestors",
    "demonstrators",
    "rioters",
}
TRAVEL = {"travel", "trip", "visit", "journey"}
TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning"}
FORCES = {"troops", "forces", "soldier", "contingent", "garrison", "division", "brigade"}
TOPIC_VERBS = {"discuss", "review", "address", "consider", "debate", "examine"}


def _reframe(verb: Token, trigger: Trigger) -> tuple[Trigger, Token] | None:
    """PLOVER codes stated intent and refusal, not the act: "wants to attack" is THREATEN,
    "seeks to deepen ties" AGREE, "would not provide support" and "refused to help" REJECT.
    Returns the new trigger and the verb that states the intent or refusal."""
    will = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo") for c in verb.children)
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated and will and trigger.type in COOPERATIVE:
        return replace(trigger, type="REJECT", mode="refuse"), verb
    if will and not negated and _reported(verb):
        # "Israel announced it would free 150 prisoners": a stated intent (a planned visit, and
        # announced funding, keep their own types)
        if trigger.type in HOSTILE:
            return replace(trigger, type="THREATEN", mode="intent"), verb
        if trigger.type in COOPERATIVE - {"CONSULT", "AID", "AGREE"}:
            return replace(trigger, type="AGREE", mode="intent"), verb
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head != head:
        head = head.head
        lemma = head.lemma_.lower()
        if any(c.dep_ == "neg" for c in head.children):
            return None
        if lemma in REFUSING_HEADS and trigger.type in COOPERATIVE:
            return replace(trigger, type="REJECT", mode="refuse"), head
        if lemma in THREATENING:  # "Iran threatened to shell Iraqi towns": a threat, not a shelling
            return replace(trigger, type="THREATEN", mode="intent"), head
        if lemma in INTENT_HEADS:
            if trigger.type in HOSTILE:
                return replace(trigger, type="THREATEN", mode="intent"), head
            if trigger.type in COOPERATIVE - {"CONSULT"} or lemma in OFFERING:
                # "offered to negotiate with Armenia": an offer is AGREE; a wish to meet is not
                return replace(trigger, type="AGREE", mode="intent"), head
    return None


def _verb_draft(token: Token, trigger: Trigger, actors: Actors, times, context: Context) -> Draft | None:
    reframed, stating = _reframe(token, trigger) or (None, token)
    if reframed is None:
        status = _status(token, times)
    else:  # a stated intent happened when its statement did ("X demanded that Y refuse to ...")
        status = "occurred" if stating == token or _status(stating, times) else None
    pledged = trigger.type == "AID" and _reported(token) and not any(c.dep_ == "neg" for c in token.children)
    if pledged:
        status = "occurred"  # "Xi said China would provide 26 billion yuan": announced funding is aid
    if status is None:
        return None
    trigger = reframed or trigger
    draft = Draft(trigger, token, status=status)
    draft.clause = {t.i for t in _subtree(token)}
    subject = _subject(token)
    # "he is expected to sit down with Putin": the passive subject of a raising verb is the actor
    passive = subject is not None and (
        (subject.dep_ == "nsubjpass" and subject.head == token)
        or any(c.dep_ == "auxpass" for c in token.children)  # "... and were released by Putin"
    )
    if subject is not None:
        (draft.target if passive else draft.source).update(actors.of(_subtree(subject)))
        if not passive and not draft.source:
            draft.source = actors.issuer(subject)
    doer = subject  # who acted: the subject, or the passive's agent
    for child in token.children:
        if child.dep_ == "dobj" and token.lemma_.lower() in TOPIC_VERBS:
            continue  # "the leaders discussed ... Russia's war against Ukraine": a topic, not a party
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            tokens = _subtree(child)
            if trigger.type == "CONSULT":  # "a summit in Switzerland on the unrest in Iran": a topic
                topics = {
                    t.i
                    for p in child.subtree
                    if p.dep_ == "prep" and p.lower_ in TOPIC_PREPS
                    for t in p.subtree
                }
                tokens = [t for t in tokens if t.i not in topics]
            draft.target |= actors.of(tokens)
            if trigger.type == "CONSULT" and child.lemma_.lower() in GATHERINGS:
                draft.target |= _hosts(child, actors)  # "joining the summit that Uzbekistan hosts"
        elif child.dep_ == "agent" or (passive and child.dep_ == "prep" and child.lower_ == "by"):
            draft.source |= actors.of(_subtree(child))
            doer = next((g for g in child.children if g.dep_ == "pobj"), doer)
        elif child.dep_ == "prep" and trigger.type == "CONSULT" and child.lower_ in TOPIC_PREPS:
            continue  # "attend a summit ... on the unrest in Iran": the topic
        elif child.dep_ == "prep" and child.lower_ == "from" and token.lemma_.lower() in MOTION_VERBS:
            continue  # "From Kazakhstan he will travel to Uzbekistan": where he leaves from
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS | PLACE_PREPS:
            aimed = child.lower_ == "at" and trigger.type in HOSTILE | {"THREATEN", "PROTEST"}
            # troops or exercises in another state's territory involve that state
            aimed = aimed or trigger.type == "MOBILIZE" and child.lower_ in PLACE_PREPS
            if child.lower_ in PLACE_PREPS and trigger.roles != "visit" and not aimed:
                actors.of(_subtree(child))  # formats only ("at the C5+1 summit")
                continue
            draft.target |= actors.of(_subtree(child))
            if trigger.type == "MOBILIZE" and child.lower_ in PLACE_PREPS:
                draft.target |= _territory(child, actors.index)  # "exercises in Alaska"
    if trigger.type == "THREATEN" and not draft.target - draft.source:
        # "Moscow threatened to break relations with Tashkent": the threatened act's target
        for act in token.children:
            if act.dep_ == "xcomp":
                for argument in _objects(act):
                    draft.target |= actors.of(_subtree(argument))
    one_subject = False  # every party named in the subject ("A, B and C met")
    if token.lemma_.lower() in RIOTING and doer is not None and doer.lemma_.lower() in PROTESTERS:
        # protesters who wreck or storm a building riot (PLOVER PROTEST); missiles stay ASSAULT
        draft.trigger = replace(trigger, type="PROTEST", mode="riot")
    if trigger.type in ("ACCUSE", "REQUEST") and not draft.target - draft.source:
        # "Rwanda alleged that France was aware of ...": the one the allegation is about;
        # "the US demanded that North Korea give up ...": the one asked
        for clause in token.children:
            if clause.dep_ == "ccomp" and clause.i > token.i and (accused := _subject(clause)) is not None:
                draft.target |= actors.of(_subtree(accused))
    if (
        trigger.roles == "recip"
        and subject is not None
        and (not draft.target or draft.target <= draft.source)
    ):
        src, tgt = _split_coordinated(subject, actors)
        if src and tgt:
            draft.source, draft.target = src, tgt
            one_subject = True
    _apply_formats(draft, actors)
    if trigger.type == "CONSULT":
        _states_meet(draft)
    if not draft.source and subject is not None and subject.lemma_.lower() in GROUP_NOUNS:
        _from_context(draft, context, subject)
    if trigger.roles == "recv" and subject is not None:  # "received weapons from the government"
        givers = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
        if givers:
            draft.source = set().union(*(actors.of(_subtree(g)) for g in givers))
            draft.target = actors.of(_subtree(subject))
    everyone = draft.source | draft.target
    one_side = not draft.target - draft.source
    if trigger.roles == "recip" and draft.source and len(everyone) >= 2 and (one_side or len(everyone) >= 3):
        others, ca = _split_parties(everyone)  # "Putin, Tokayev and Mirziyoyev met": two sides
        if others and ca:
            draft.source, draft.target = others, ca
        elif (one_side or one_subject) and len(everyone) <= PAIRWISE_MAX:
            # "The US, Russia and Switzerland met": pairs; not "A and B clashed with C"
            draft.pairs = list(combinations(sorted(everyone), 2))
    if bool(draft.source) != bool(draft.target) and not draft.pairs:
        draft.unnamed = _unnamed_side(token, subject, passive, draft, actors)
    return draft


def _names_nothing(argument: Token | None, actors: Actors) -> bool:
    """An argument with no actor mention in it."""
    return argument is not None and not any(t.i in actors.index for t in _subtree(argument))


def _unnamed(argument: Token | None, actors: Actors) -> bool:
    """An argument that names a party but no state or organisation: "insurgents", "the
    civilians imprisoned for ..." (not "Syrian rebels", which are Syria's)."""
    if argument is None or not _names_nothing(argument, actors):
        return False
    unnamed = load_lexicon().unnamed
    return any(h.lemma_.lower() in unnamed for h in (argument, *argument.conjuncts))


def _phrase(token: Token) -> Iterable[Token]:
    """The noun phrase without the clauses inside it ("for acting against Moscow")."""
    yield token
    for child in token.children:
        if child.pos_ not in ("VERB", "AUX") and child.dep_ not in SKIP_DEPS | {"pcomp"}:
            yield from _phrase(child)


def _unknown_body(argument: Token | None, actors: Actors) -> bool:
    """A named group the knowledge base does not hold ("ISIL", "al-Shabaab") as the author of an
    attack: a party that is no state or organisation of ours."""
    return (
        argument is not None
        and argument.pos_ == "PROPN"
        and argument.ent_type_ in ("ORG", "NORP")
        and _names_nothing(argument, actors)
    )


def _objects(verb: Token) -> list[Token]:
    """The verb's objects: direct, indirect, and after a preposition that takes a target."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    return found + [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _unnamed_side(
    verb: Token, subject: Token | None, passive: bool, draft: Draft, actors: Actors
) -> str | None:
    """Which side of a one-sided draft the sentence gives as an unnamed party, if either. Both
    must be the verb's own arguments, not ones borrowed from a governing clause ("a court jailed a
    student for helping militants": the court helped no one)."""
    if (
        subject is not None
        and subject.head != verb
        and not (verb.dep_ == "conj" and subject.head == verb.head)
    ):
        subject = None
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    doers = ([] if passive else [subject]) + agents
    undergoers = ([subject] if passive else []) + _objects(verb)
    fresh = Actors(actors.index, actors.context)

    def names(arguments: list[Token | None], side: set[str]) -> bool:
        return bool(side & fresh.of(t for a in arguments if a is not None for t in _phrase(a)))

    if not draft.source and any(_unnamed(a, actors) for a in doers) and names(undergoers, draft.target):
        return "source"
    if not draft.target and any(_unnamed(a, actors) for a in undergoers) and names(doers, draft.source):
        return "target"
    return None


def _territory(prep: Token, index: dict[int, ActorMention]) -> set[str]:
    """The state whose territory a place after "in" lies in: a capital ("in Dushanbe") or a
    state's region ("in Alaska"); cities that are no actor's stay places."""
    found: set[str] = set()
    for place in prep.children:
        if place.dep_ != "pobj" or place.pos_ != "PROPN":
            continue
        mention = index.get(place.i)
        if mention is not None and mention.kind == "capital":
            found.update(mention.codes)
        elif mention is None and (region := lookup_region(place.text)) is not None:
            found.add(region[1])
    return found


def _hosts(noun: Token, actors: Actors) -> set[str]:
    """The host a gathering's own clause names: "the summit of the SCO, hosted by Uzbekistan",
    "the summit that Uzbekistan is hosting"."""
    found: set[str] = set()
    for host in noun.subtree:
        if host.dep_ in ("acl", "relcl") and host.lemma_.lower() == "host":
            for agent in host.children:
                if agent.dep_ == "agent" or (agent.dep_ == "nsubj" and host.dep_ == "relcl"):
                    found |= actors.of(_subtree(agent))
    return found


def _states_meet(draft: Draft) -> None:
    """At an organisation's summit with states named on both sides, the states meet."""
    organisations = load_knowledge().organisations
    if draft.source - organisations and draft.target - organisations:
        draft.source -= organisations
        draft.target -= organisations


def _pairs(draft: Draft) -> list[Draft]:
    """A reciprocal event among several parties of one kind is one event per pair."""
    if not draft.pairs:
        return [draft]
    return [replace(draft, source={a}, target={b}, pairs=[]) for a, b in draft.pairs]


def _governing_verb(token: Token) -> Token | None:
    head = token
    for _ in range(4):
        if head.head == head:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def _noun_draft(token: Token, trigger: Trigger, actors: Actors, times, context: Context) -> Draft | None:
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    verb = _governing_verb(token)
    status = "occurred"
    if verb is not None:
        if verb.lemma_.lower() in CANCELLING:
            return None
        reported = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        # "X is expected to visit ..., officials said, with the summit as the centrepiece": the
        # reported clause, not the reporting, says whether it happened
        if verb.lemma_.lower() in SAID and reported is not None:
            verb_status = _status(reported, times)
            if verb_status == "occurred" and reported.lemma_.lower() in PLANNING_HEADS:
                verb_status = "planned"
        else:
            verb_status = _status(verb, times)
        if verb_status is None:
            return None
        status = verb_status
    if any(c.lower_ in FUTURE_WORDS for c in token.children):
        status = "planned"
    setting = token.dep_ == "pobj" and token.head.lower_ in SETTING_PREPS and token.head.head == verb
    announced = trigger.type == "AID" and verb is not None and verb.lemma_.lower() in ANNOUNCING
    if verb is not None and verb.lemma_.lower() in PLANNING_HEADS and not (setting or announced):
        status = "planned"  # "agreed to hold talks" plans them; "At talks ..., he agreed" held them
    draft = Draft(trigger, token, status=status)
    draft.clause = {t.i for t in _subtree(token)}
    participants: set[str] = set()
    for child in token.children:
        if child.dep_ in ("poss",):
            draft.source |= actors.of(_subtree(child))
        elif child.dep_ in ("compound", "amod", "nmod"):
            participants |= actors.of(_subtree(child))
        elif child.dep_ == "prep" and child.lower_ == "by":
            draft.source |= actors.of(_subtree(child))
        elif child.dep_ == "prep" and child.lower_ in NOUN_TARGET_PREPS:
            if any(
                o.dep_ == "pobj" and o.lemma_.lower() in GATHERINGS and o != token for o in child.children
            ):
                continue  # "from a state visit to Samarkand to the China-Central Asia summit"
            codes = actors.of(_subtree(child))
            if child.lower_ in ("with", "between", "among", "of") and trigger.type == "CONSULT":
                participants |= codes
            else:
                draft.target |= codes
    if trigger.type == "CONSULT":
        participants |= _hosts(token, actors)
    if trigger.mode == "visit":
        _carried(draft, token, actors)  # "a tour that had taken him to Turkmenistan and Kazakhstan"
    consult = trigger.type in SYMMETRIC
    in_object = token.dep_ == "dobj" or (  # "announced 50 million pounds in funding"
        trigger.type == "AID" and any(a.dep_ == "dobj" and a.head == verb for a in token.ancestors)
    )
    if verb is not None and in_object and not draft.source and not consult:
        subject = _subject(verb)
        if subject is not None:
            draft.source |= actors.of(_subtree(subject))
    if trigger.type != "CONSULT" and participants and not draft.source:
        draft.source = participants
        participants = set()
    if consult and verb is not None and not draft.source:
        subject = _subject(verb)
        if subject is not None and subject.i not in draft.clause:
            draft.source |= actors.of(_subtree(subject))
            own = set(draft.clause)
            draft.clause |= {t.i for t in _subtree(verb)}
            for child in verb.children:  # "chaired a summit with the five presidents"
                motion = (
                    child.lower_ == "to" and verb.lemma_.lower() in MOTION_VERBS
                )  # "flew to Astana for talks"
                if (
                    child.dep_ == "prep"
                    and (child.lower_ == "with" or motion)
                    and child.i not in own
                    and token not in child.subtree
                ):
                    draft.target |= actors.of(_subtree(child))
    if not _apply_formats(draft, actors):
        everyone = participants | draft.source | draft.target
        if not draft.source or not draft.target:
            others, ca = _split_parties(everyone)
            if others and ca:
                draft.source, draft.target = others, ca
            elif len(everyone) >= 2 and not draft.source and not everyone <= FIVE:
                ordered = [c for c in _ordered_codes(token, actors.index) if c in everyone]
                draft.source, draft.target = {ordered[0]}, set(ordered[1:])
            elif draft.source and participants:
                draft.target |= participants
    if consult and not draft.source and (draft.target or participants):
        lead = _lead(token, actors)  # "Yoon is due in Astana, where a summit with Tokayev is planned"
        if lead and not lead & (draft.target | participants):
            draft.source, draft.target = lead, draft.target | participants
            draft.syntactic = False
    if consult:
        _states_meet(draft)
    if consult and trigger.mode == "visit" and draft.target and not draft.source and context.person:
        if not set(context.person) & draft.target:  # "The tour had opened with a state visit to X"
            draft.source = set(context.person)
            draft.syntactic = False
    named = draft.source | draft.target
    if consult and ((not draft.source or not draft.target) and named <= FIVE or named):
        _recurring(draft, token, context)  # "Kazakhstan is due to host the next summit in 2025"
    if (
        consult
        and not draft.source
        and not draft.target
        and token.lemma_.lower() in ("summit", "meeting", "talks")
    ):
        return None
    if not consult and bool(draft.source) != bool(draft.target):
        # "an attack by militants on a Tajik border post", "the release of prisoners by Russia"
        arguments = {
            prep.lower_: [g for g in prep.children if g.dep_ == "pobj"]
            for prep in token.children
            if prep.dep_ == "prep"
        }
        doers = arguments.get("by", [])
        undergoers = [a for p in ("on", "against", "of", "into") for a in arguments.get(p, [])]
        if not draft.source and any(_unnamed(a, actors) for a in doers):
            draft.unnamed = "source"
        elif not draft.target and any(_unnamed(a, actors) for a in undergoers):
            draft.unnamed = "target"
    return draft


CARRYING = {"take", "bring", "lead", "carry"}


def _carried(draft: Draft, trip: Token, actors: Actors) -> None:
    """A trip that takes someone somewhere: "a tour that had earlier taken him to Turkmenistan",
    "the trip took Blinken to Astana". The one taken is the visitor, the places are the hosts."""
    verbs = [c for c in trip.children if c.dep_ == "relcl"]
    if trip.dep_ == "nsubj":
        verbs.append(trip.head)
    for verb in verbs:
        if verb.lemma_.lower() not in CARRYING:
            continue
        hosts = set().union(
            *(
                actors.of(_subtree(c))
                for c in verb.children
                if c.dep_ in ("prep", "dative") and c.lower_ == "to"
            )
        )
        if not hosts:
            continue
        draft.target |= hosts
        draft.clause |= {t.i for t in _subtree(verb)}
        for taken in (c for c in verb.children if c.dep_ == "dobj"):
            visitor = actors.of(_subtree(taken))
            if visitor - hosts:
                draft.source |= visitor - hosts


def _lead(token: Token, actors: Actors) -> set[str]:
    """The person who is the subject of a clause above a meeting noun that names only the other
    side ("Yoon is due in Astana next, where a summit with Tokayev is planned")."""
    for verb in token.ancestors:
        subject = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subject is None or subject in token.subtree:
            continue
        return _named(subject.subtree, actors.index, ("person",))
    return set()


def _recurring(draft: Draft, token: Token, context: Context) -> None:
    """The next (or first, second ...) summit of a series the article has dated: its parties."""
    lemma = token.lemma_.lower()
    family = [lemma] + sorted(GATHERINGS - {lemma}) if lemma in GATHERINGS else [lemma]
    occasion = next((context.occasions[k][2:] for k in family if k in context.occasions), None)
    # a series named only as planned so far ("the second summit is due ..., after the first")
    occasion = occasion or next((context.series[k] for k in family if k in context.series), None)
    ordinal = any(c.lower_ in SERIES_WORDS for c in token.children)
    if occasion is None or not ordinal or not occasion[0] or not occasion[1]:
        return
    named = draft.source | draft.target
    if draft.source and draft.target and not named <= occasion[0] | occasion[1]:
        return  # "Putin met Tokayev three years after the first summit": other parties
    draft.source, draft.target = set(occasion[0]), set(occasion[1])
    draft.syntactic = False


def _ordered_codes(token: Token, index: dict[int, ActorMention]) -> list[str]:
    codes: list[str] = []
    for t in sorted(_subtree(token), key=lambda t: t.i):
        mention = index.get(t.i)
        if mention:
            codes += [c for c in mention.codes + mention.other if c not in codes]
    return codes


# -- date, place, contexts ------------------------------------------------------------------


OFFSETS = ("offset", "before_ref")
ANCHOR_WORDS = {"since", "until", "till", "before", "after", "ago", "from"}


def _anchored(span, trigger: Token) -> bool:
    """The time dates a clause of its own that anchors something else: "his first trip since he
    ordered the invasion in February"."""
    if span is None:
        return False
    for head in span.root.ancestors:
        if (
            head == trigger
            or trigger in head.subtree
            and head.pos_ in ("VERB", "AUX")
            and head.dep_ == "ROOT"
        ):
            return False
        if head.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "mark" and c.lower_ in ANCHOR_WORDS for c in head.children
        ):
            return trigger not in head.subtree
    return False


EARLIER = {"earlier", "previously", "already"}


def _earlier(draft: Draft, time: TimeMention, sdoc) -> bool:
    """A clause of the event's own that happened before the sentence's day: "talks in Tashkent
    on Friday, wrapping up a tour that had earlier taken him to Kazakhstan". The day is not the
    event's; its month is the best guess."""
    span = sdoc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or span.root.i in draft.clause:
        return False
    return any(
        sdoc[i].lower_ in EARLIER and sdoc[i].dep_ == "advmod" and sdoc[i].head.pos_ in ("VERB", "AUX")
        for i in draft.clause
    )


def _pick_time(draft: Draft, times: list[TimeMention], sdoc) -> TimeMention | None:
    """The time expression that belongs to the event: in the trigger's own phrase first, then in
    its clause; times that anchor something else ("since 2004", "after the war") last."""
    if not times:
        return None
    own = {t.i for t in _subtree(draft.token)}
    verb = _governing_verb(draft.token) if draft.token.pos_ in ("NOUN", "PROPN") else None
    clause = {t.i for t in _subtree(verb)} if verb is not None else draft.clause
    # "Two years earlier, in November 2023, ...": the calendar date says it exactly
    calendar = any(
        t.kind not in OFFSETS and not t.relative and t.precision in ("day", "month") for t in times
    )

    def rank(time: TimeMention) -> tuple[int, int, int]:
        span = sdoc.char_span(time.start, time.end, alignment_mode="expand")
        ids = {t.i for t in span} if span is not None else set()
        before = sdoc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
        first = span[0].lower_ if span is not None else ""
        if (
            time.kind in OFFSETS
            and time.value.startswith("-")
            and 0 < draft.token.idx - time.end < 120
            and not calendar
        ):
            return (-1, 0, draft.token.idx - time.end)  # "two months after [the summit]"
        if time.kind in OFFSETS and time.value.startswith("-"):
            return (2, 2, abs(time.start - draft.token.idx))
        anchor = before in ANCHOR_WORDS or first in ANCHOR_WORDS or _anchored(span, draft.token)
        level = 0 if ids & own else 1 if ids & (clause | draft.clause) else 2
        return (int(anchor), level, abs(time.start - draft.token.idx))

    # "agreed that Uzbekistan will host the next summit in 2025": that clause's time, not this;
    # "held talks with Takaichi, who took office in October": a clause about a party
    embedded = {t.i for c in draft.token.children if c.dep_ == "ccomp" for t in c.subtree}
    for token in draft.token.sent:
        if token.dep_ == "relcl" and token.head != draft.token and draft.token not in token.subtree:
            if token.head.ent_type_ in ("PERSON", "NORP", "GPE", "ORG"):  # a clause about a party
                embedded |= {t.i for t in token.subtree}

    def own_clause(time: TimeMention) -> bool:
        span = sdoc.char_span(time.start, time.end, alignment_mode="expand")
        return span is None or not {t.i for t in span} <= embedded

    eligible = [t for t in times if own_clause(t)]
    return min(eligible, key=rank) if eligible else None


def _city_of(
    token: Token, mention: ActorMention | None, sentence: SpacySpan, prefer: set[str]
) -> tuple[str, str] | None:
    ent = next((e for e in sentence.ents if e.start <= token.i < e.end), None)
    if mention is not None and mention.kind != "capital":
        return None
    if mention is None and ent is not None and ent.label_ not in ("GPE", "LOC", "FAC"):
        return None
    if ent is None and mention is None:
        # the small model misses some Central Asian cities ("last week Samarkand was ..."): an
        # untagged proper name counts when the gazetteer places it in the region
        city = lookup_city(token.text, FIVE) if token.pos_ == "PROPN" else None
        return city if city is not None and city[1] in FIVE else None
    return lookup_city(ent.text if ent is not None else token.text, prefer)


def _location(draft: Draft, sentence: SpacySpan, index: dict[int, ActorMention]) -> str | None:
    """A city the sentence places the event in: "in Berlin", "to Astana", "the city of Xi'an",
    "the Kazakh capital"."""
    kb = load_knowledge()
    found: list[tuple[int, int, str]] = []
    # "the summit in Xi'an, where the two leaders held talks": the talks were where the summit was
    clause_head = draft.token if draft.token.pos_ in ("VERB", "AUX") else _governing_verb(draft.token)
    where = None
    if clause_head is not None and clause_head.dep_ == "relcl":
        if any(c.lower_ == "where" for c in clause_head.children):
            where = clause_head.head
            if where.dep_ == "npadvmod":  # "the summit in Xi'an last May, where ..."
                where = where.head
    for token in sentence:
        if token.dep_ != "pobj" or (token.head.lower_ not in PLACE_PREPS | {"to", "of"} and token != where):
            continue  # "flew to Astana from Samarkand, where she met ...": where the clause says
        prep = token.head
        if prep.lower_ == "of" and prep.head.lemma_.lower() not in ("city", "capital", "town"):
            continue
        if prep.head.lemma_.lower() in FACILITIES and prep.head != draft.token:
            continue  # "the Russian air base at Kant": where the base is, not the event
        occasion = prep.head
        if (
            occasion.lemma_.lower() in GATHERINGS
            and draft.token not in occasion.subtree  # "the summit in Xi'an, where Xi called for ..."
            and occasion.dep_ == "pobj"
            and occasion.head.lower_ in ANCHOR_WORDS
        ):
            continue  # "to host the second summit, two years after the first gathering in Xi'an"
        if (
            prep.lower_ == "to"
            and draft.trigger.roles != "visit"
            and prep.head.lemma_.lower()
            not in ("welcome", "invite", "visit", "trip", "come", "travel", "arrive", "fly", "return")
        ):
            continue
        city = None
        if token.lemma_.lower() == "capital":
            adjective = next((index.get(c.i) for c in token.children if index.get(c.i)), None)
            if adjective is not None and adjective.codes and adjective.codes[0] in kb.capitals:
                city = lookup_city(kb.capitals[adjective.codes[0]])
        else:
            # of two cities with the name, the one in a party's state or in the region
            city = _city_of(token, index.get(token.i), sentence, FIVE | draft.source | draft.target)
        if city:
            inside = 0 if token.i in draft.clause or where in (prep.head, token) else 1
            own = 0 if prep.head in (draft.token, where) or token == where else 1  # "the summit in Xi'an"
            if inside and draft.target and city[1] not in draft.source | draft.target:
                continue  # "talks in Uzbekistan a day after he met ... in the Kazakh capital"
            found.append((inside, own, f"{city[0]}, {city[1]}"))
    if not found and draft.trigger.mode == "host" and (host := _subject(draft.token)) is not None:
        mention = index.get(host.i)  # "when Astana hosts the summit": the capital is the place
        if mention is not None and mention.kind == "capital" and (city := lookup_city(host.text, FIVE)):
            found.append((0, 0, f"{city[0]}, {city[1]}"))
    return min(found)[2] if found else None


def _contexts(
    trigger: Trigger, sentence: SpacySpan, keywords: tuple[tuple[str, str], ...]
) -> tuple[str, ...]:
    found = list(trigger.contexts)
    words = [t.lower_ for t in sentence]
    for prefix, context in keywords:
        if context not in found and any(w.startswith(prefix) for w in words):
            found.append(context)
    return tuple(found)


def _orient(type_: str, source: set[str], target: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Symmetric events put the outside power first, as the gold convention does."""
    if type_ in SYMMETRIC and source and source <= FIVE and not target <= FIVE:
        source, target = target, source
    return tuple(sorted(source)), tuple(sorted(target))


def _dateline(text: str) -> str | None:
    match = DATELINE.match(text[:80])
    if not match:
        return None
    city = lookup_city(match.group(1).strip().title(), FIVE)
    return f"{city[0]}, {city[1]}" if city else None


# -- the stage ------------------------------------------------------------------------------


@register("events.rules.v2", requires=("parse", "actors"), produces=("events",))
def extract_events(doc: Document) -> Document:
    lexicon = load_lexicon()
    sdoc = doc.spacy
    index = _mention_index(doc)
    text = doc.article.text
    context = Context(published=doc.article.published, dateline=_dateline(text))
    events: list[tuple[Event, bool]] = []
    one_sided: set[int] = set()  # events with an unnamed party on one side
    for sentence in sdoc.sents:
        paragraph = text.count("\n\n", 0, sentence.start_char)
        context.paragraph = paragraph
        times = [
            replace(t, start=t.start + sentence.start_char, end=t.end + sentence.start_char)
            for t in find_times(sentence.text, doc.article.published)
            if t.kind != "year_range"
        ]
        dated = [t for t in times if t.precision in ("day", "month", "year") and t.kind != "year"]
        if (
            dated
            and context.time is not None
            and (dated[0].value or "")[:7] != (context.time.value or "")[:7]
        ):
            context.place = None  # another occasion
        listed = _participants(sentence, index, events, context)
        for draft in [] if listed else _drafts(sentence, lexicon, index, times, context):
            if draft.trigger.type == "CONSULT" and draft.token.pos_ == "NOUN":
                _recurring(draft, draft.token, context)  # "..., three years after the inaugural meeting"
            _complete(draft, sentence, index, context)
            domestic = (
                draft.syntactic and draft.trigger.roles in ("so", "recv") and draft.token.pos_ == "VERB"
            )
            if draft.target != draft.source or not domestic:
                draft.target -= draft.source
            gathering = _gathering(draft, index)
            if (draft.source or draft.unnamed == "source") and (
                draft.target or gathering or draft.unnamed == "target"
            ):
                # a gathering named only by its organisation waits for its participants
                event, local = _event(doc, draft, sentence, times, index, context, lexicon.contexts)
                if gathering:
                    context.gathering = (len(events), context.sentence)
                if draft.unnamed and not (draft.source and draft.target):
                    one_sided.add(len(events))
                events.append((event, local))
                if draft.target and draft.source:
                    context.parties = set(event.source_actors) | set(event.target_actors)
                    if len(context.parties) == 2:
                        context.pair = context.parties
                if _attended_alongside(draft, sentence, index):
                    # "when Astana hosts the SCO summit and both Xi and Putin are expected to attend"
                    context.gathering = (len(events) - 1, context.sentence)
                    _participants(sentence, index, events, context)
        _remember(sentence, times, index, context)
        context.sentence += 1
    scene = context.dateline or _scene(sdoc, text, index)
    complete = [
        (e, local)
        for i, (e, local) in enumerate(events)
        if e.source_actors and e.target_actors or i in one_sided
    ]
    doc.events = [_at_scene(e, scene, context.published) for e in _merge(complete)]
    return doc


def _scene(sdoc, text: str, index: dict[int, ActorMention]) -> str | None:
    """The city the article's news happens in: the one its first two paragraphs name most (a
    capital after in, at or to counts too)."""
    end = len("\n\n".join(text.split("\n\n", 2)[:2]))
    counts: dict[str, int] = {}
    for token in sdoc:
        if token.idx >= end or token.pos_ != "PROPN" or token.ent_iob_ == "I":
            continue  # one count per name
        mention = index.get(token.i)
        ent = next((e for e in token.sent.ents if e.start <= token.i < e.end), None)
        root = ent.root if ent is not None else token
        if mention is not None and root.head.lower_ not in ("in", "at", "to"):
            continue  # "the weight Beijing gives to the region": the government, not the place
        city = _city_of(token, mention, token.sent, FIVE)
        if city:
            name = f"{city[0]}, {city[1]}"
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None  # ties: the first named


def _at_scene(event: Event, scene: str | None, published: dt.date | None) -> Event:
    """An interaction the article reports as news, with no place of its own, happened where the
    article's news happens, when that city's state takes part."""
    if event.location or scene is None or published is None or not event.date:
        return event
    if event.status != "occurred" or event.type == "AID" or len(event.date) < 7:
        return event
    if country_of(scene) not in set(event.source_actors) | set(event.target_actors):
        return event
    start = dt.date.fromisoformat(event.date + "-01" if len(event.date) == 7 else event.date)
    if not dt.timedelta(0) <= published - start <= dt.timedelta(days=31):
        return event
    return replace(event, location=scene)


GATHERINGS = {"summit", "gathering", "meeting", "conference", "forum", "session", "congress"}
# "the gathering brought together X, Y and Z", "X attended alongside Y", "Z was represented by"
PARTICIPATING = {"bring", "join", "attend", "participate", "take", "represent", "gather", "include"}
PERSON_NOUNS = {"president", "leader", "head", "minister", "premier", "delegation", "chancellor"}
ORGANISATION_KINDS = ("organisation",)


def _gathering(draft: Draft, index: dict[int, ActorMention]) -> bool:
    """A summit or meeting held by an organisation or several states, whose participants later
    sentences may list."""
    return draft.status == "occurred" and _convenes(draft, index)


def _convenes(draft: Draft, index: dict[int, ActorMention]) -> bool:
    """Whether the draft is a summit or meeting of an organisation or of several states."""
    if draft.trigger.type != "CONSULT":
        return False
    nouns = [t for t in [draft.token, *draft.token.children] if t.lemma_.lower() in GATHERINGS]
    if draft.token.pos_ == "VERB":
        nouns += [t for c in draft.token.children for t in c.subtree if t.lemma_.lower() in GATHERINGS]
    subjects = [t for c in draft.token.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    organisation_subject = bool(_named(subjects, index, ORGANISATION_KINDS))  # "the leaders of the OTS met"
    if not nouns and not (draft.token.pos_ == "VERB" and organisation_subject):
        return False
    named = draft.source | draft.target
    if named & load_knowledge().organisations:
        return True
    organised = bool(_named([t for n in nouns for t in n.subtree], index, ORGANISATION_KINDS))
    organised = organised or organisation_subject
    return organised or len(named) >= 3


def _forum(draft: Draft, index: dict[int, ActorMention]) -> str | None:
    """The organisation whose summit or meeting the draft is: "the summit of the Shanghai
    Cooperation Organisation", "attended the OTS summit", "the leaders of the CSTO met"; not one
    met with ("a meeting with the EU")."""
    if draft.trigger.type != "CONSULT":
        return None
    verb = draft.token.pos_ == "VERB"
    nouns = [t for t in [draft.token, *draft.token.children] if t.lemma_.lower() in GATHERINGS]
    if verb:  # the verb's own objects, not those of a verb below it ("before joining the summit")
        nouns += [
            t
            for t in draft.token.subtree
            if t.lemma_.lower() in GATHERINGS and t != draft.token and _governing_verb(t) == draft.token
        ]
    nouns = [n for n in nouns if not _setting(n, draft.token)]  # not "talks on the sidelines of ..."
    members = [  # "the leaders of the CSTO met"
        s for s in draft.token.children if verb and s.dep_ in ("nsubj", "nsubjpass") and s.tag_ == "NNS"
    ]
    for noun in nouns + members:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                tokens = list(_subtree(child))
            elif child.dep_ in ("compound", "nmod", "poss", "amod", "npadvmod") and noun not in members:
                tokens = list(_subtree(child))
            else:
                continue
            named = sorted(_named(tokens, index, ORGANISATION_KINDS))
            if named:
                return named[0]
    return None


def _attended_alongside(draft: Draft, sentence, index: dict[int, ActorMention]) -> bool:
    """Whether another clause of the draft's own sentence says who attends its gathering (held
    or planned)."""
    if not _convenes(draft, index):
        return False
    verb = _participation(sentence)
    return verb is not None and verb != draft.token and draft.token not in verb.subtree


def _participation(sentence) -> Token | None:
    """The verb of a sentence that lists who took part in an occasion just reported."""
    for verb in sentence:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in PARTICIPATING:
            continue
        # "are expected to attend"
        expected = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in PLANNING_HEADS
        if (verb.dep_ not in ("ROOT", "conj") and not expected) or any(
            c.dep_ == "neg" for c in verb.children
        ):
            continue  # "the prime minister did not attend"
        particle = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")}
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        occasion = [
            t
            for t in subjects + objects
            if t.lemma_.lower() in GATHERINGS | {"it"}
            and (t.lower_ == "it" or any(c.lower_ in ("the", "this", "that") for c in t.children))
        ]
        if lemma == "bring" and "together" in particle and occasion:
            return verb
        if lemma == "take" and not any(o.lemma_.lower() == "part" for o in objects):
            continue
        if lemma in ("include", "gather") and not occasion:
            continue
        if lemma == "represent" and not any(c.dep_ == "agent" for c in verb.children):
            continue
        if all(
            o.lemma_.lower() in PERSON_NOUNS | {"part"} or o.ent_type_ == "PERSON" or o in occasion
            for o in objects
        ):
            return verb
    return None


def _participants(sentence, index: dict[int, ActorMention], events: list, context: Context) -> bool:
    """Fold the participants a sentence lists into the gathering reported just before it:
    outside powers as one side, Central Asian states as the other, the organisation itself
    giving way to its members."""
    if context.gathering is None:
        return False
    position, said = context.gathering
    if context.sentence - said > 3 or _participation(sentence) is None:
        return False
    codes: set[str] = set()
    for token in sentence:
        mention = index.get(token.i)
        if mention is None or _is_place(token, mention):
            continue
        if mention.kind in ("person", "official", "country") or (
            mention.kind == "adjective" and token.head.lower_ in PERSON_NOUNS | OFFICIAL_WORDS
        ):
            codes.update(mention.codes)
    if not codes:
        return False
    event, local = events[position]
    parties = set(event.source_actors) | set(event.target_actors) | codes
    organisations = load_knowledge().organisations
    members = parties - organisations if len(parties - organisations) >= 2 else parties
    others, ca = _split_parties(members)
    if not others or not ca:
        return False
    span = Span(
        event.evidence[0].article_id, sentence.start_char, sentence.end_char, sentence.text, sentence.text
    )
    events[position] = (
        replace(
            event,
            source_actors=tuple(sorted(others)),
            target_actors=tuple(sorted(ca)),
            evidence=event.evidence + (span,),
        ),
        local,
    )
    for i, (other, other_local) in enumerate(events):  # the same gathering, named twice
        same_sentence = other.evidence[0].start == event.evidence[0].start
        if i != position and other.type == "CONSULT" and same_sentence:
            if (set(other.source_actors) | set(other.target_actors)) - organisations <= parties:
                events[i] = (replace(other, target_actors=()), other_local)
    for kind, (date, precision, source, target) in list(context.occasions.items()):
        if source | target <= parties:
            context.occasions[kind] = (date, precision, others, ca)
    context.parties = others | ca
    context.gathering = (position, context.sentence)
    return True


def _collective(verb: Token) -> bool:
    """ "The six leaders signed", "The documents were signed": parties from the events before."""
    subject = _subject(verb)
    return (
        subject is not None and subject.lemma_.lower() in GROUP_NOUNS | DOCUMENT_NOUNS and verb.pos_ == "VERB"
    )


def _drafts(sentence, lexicon, index, times, context) -> list[Draft]:
    found: list[Draft] = []
    covered: set[int] = set()
    for token in sentence:
        trigger = _verb_trigger(token, lexicon.verbs)
        if trigger is None:
            continue
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if trigger.type == "REQUEST" and any(
            (n := lexicon.nouns.get(o.lemma_.lower())) is not None and n.type in HOSTILE for o in objects
        ):
            continue  # "he ordered the invasion of Ukraine": the invasion is the event
        if trigger.type == "CONSULT" and any(o.lemma_.lower() in FACILITIES | FORCES for o in objects):
            continue  # "Tajikistan hosts Russia's 201st military base"
        if trigger.mode == "advisory" and not any(t.lemma_.lower() in TRAVEL for t in token.subtree):
            continue  # "advised against travel to Tunisia", not "advised against the deal"
        actors = Actors(index, context)
        draft = _verb_draft(token, trigger, actors, times, context)
        # "Georgian demonstrators fired missiles at the Georgian government": one state's actors
        domestic = (
            draft is not None and draft.target == draft.source and draft.trigger.roles in ("so", "recv")
        )
        if draft is not None and draft.pairs:
            found += _pairs(draft)
        elif draft is not None and not draft.source and not draft.target and _collective(token):
            found.append(draft)  # "the six leaders signed": completed from the events before it
        elif (
            draft is not None
            and draft.source
            and (draft.target - draft.source or domestic or _gathering(draft, index))
        ) or (draft is not None and draft.unnamed):
            found.append(draft)
            for child in token.children:
                if child.dep_ in ("dobj", "attr"):
                    covered.update(t.i for t in child.subtree)
    for token in sentence:
        draft = _accusation(token, lexicon.verbs, Actors(index, context), times)
        if draft is not None:
            found.append(draft)
    for token in sentence:
        trigger = lexicon.nouns.get(token.lemma_.lower()) or _adoption(token)
        if trigger is None or token.i in covered:
            continue
        draft = _noun_draft(token, trigger, Actors(index, context), times, context)
        if draft is not None:
            found.append(draft)
    _meet_where(found)
    # in the order of the text, so that "the leaders signed" follows the summit it names
    return sorted(found, key=lambda d: d.token.i)


def _meet_where(drafts: list[Draft]) -> None:
    """ "a summit in the Kazakh capital, where he met the presidents of the five states": those
    met at the summit's place are the summit's parties."""
    for draft in drafts:
        verb = draft.token
        if draft.trigger.type != "CONSULT" or verb.dep_ != "relcl":
            continue
        if not any(c.lower_ == "where" for c in verb.children):
            continue
        for other in drafts:
            noun = other.token
            if other is draft or other.trigger.type != "CONSULT" or noun.lemma_.lower() not in GATHERINGS:
                continue
            met = draft.source | draft.target
            if (
                verb.head in noun.subtree
                and draft.status == other.status
                and met > other.source | other.target
            ):
                # (bilateral talks "where Xi and Mirziyoyev also held talks" are an event of their own)
                others, ca = _split_parties(other.source | other.target | met)
                if others and ca:
                    other.source, other.target = others, ca
                    draft.source, draft.target = set(others), set(ca)


CLAIMING = SAID | {"claim", "allege", "charge", "insist", "assert", "report"}
ACCUSATION = Trigger(lemma="say", type="ACCUSE", mode="allege", contexts=("diplomatic",))
ACCUSABLE = {"ASSAULT", "COERCE", "THREATEN"}


def _accusation(token: Token, verbs, actors: Actors, times) -> Draft | None:
    """ "Tajikistan said Kyrgyz border guards attacked its villages", "Israel said a mortar was
    fired at it from the Gaza Strip": the speaker accuses whoever the reported attack names as its
    author (PLOVER ACCUSE)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in CLAIMING:
        return None
    subject = _subject(token)
    if subject is None:
        return None
    for clause in token.children:
        if clause.dep_ != "ccomp" or clause.i < token.i:
            continue  # "..., the army said": attribution of a report, not an accusation
        act = _verb_trigger(clause, verbs)
        if act is None or act.type not in ACCUSABLE:
            continue
        authors: set[str] = set()
        unnamed = False  # "the US claimed that ISIL had attacked Iraq": an author no state is
        for child in clause.children:
            if child.dep_ == "nsubj":
                author: Token | None = child
            elif child.dep_ == "agent" or (
                child.dep_ == "prep"
                and child.lower_ in ("from", "by")
                and any(c.dep_ == "nsubjpass" for c in clause.children)
            ):
                author = next((g for g in child.children if g.dep_ == "pobj"), None)
            else:
                continue
            authors |= actors.of(_subtree(child))
            unnamed = unnamed or _unnamed(author, actors) or _unknown_body(author, actors)
        speaker = actors.of(_subtree(subject))
        status = _status(token, times)
        if speaker and (authors - speaker or unnamed and not authors) and status is not None:
            draft = Draft(ACCUSATION, token, source=speaker, target=authors - speaker, status=status)
            draft.clause = {t.i for t in _subtree(token)}
            draft.unnamed = None if draft.target else "target"
            return draft
    return None


ADOPTING = {"adoption", "signing", "conclusion", "approval"}
ADOPTION = Trigger(lemma="adoption", type="AGREE", mode="sign", contexts=("diplomatic",), level="measure")


def _adoption(token: Token) -> Trigger | None:
    """ "the adoption/signing of a joint declaration" is an agreement."""
    if token.lemma_.lower() not in ADOPTING or token.pos_ != "NOUN":
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            if any(c.dep_ == "pobj" and c.lemma_.lower() in DOCUMENT_NOUNS for c in prep.children):
                return ADOPTION
    return None


def _in_subject(token: Token) -> bool:
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in ("compound", "appos", "conj", "flat") or token.head == token:
            return False
        token = token.head
    return False


DOCUMENT_NOUNS = {
    "document",
    "agreement",
    "declaration",
    "statement",
    "memorandum",
    "communique",
    "deal",
    "treaty",
    "protocol",
    "accord",
    "contract",
    "roadmap",
    "plan",
    "package",
}


def _complete(draft: Draft, sentence, index, context: Context) -> None:
    """Fill a missing side from what the sentence and article make clear: the host of a visit
    from the city visited; the parties of a signing in the passive from the article's last event."""
    if draft.source and not draft.target and draft.trigger.type in ("CONSULT", "PROTEST"):
        place = _location(draft, sentence, index)
        if place:
            host = country_of(place)
            if host and host not in draft.source:
                draft.target = {host}
    if not draft.source and not draft.target and draft.trigger.type in SYMMETRIC:
        subject = _subject(draft.token) if draft.token.pos_ in ("VERB", "AUX") else None
        noun = subject.lemma_.lower() if subject is not None else draft.token.lemma_.lower()
        if noun in DOCUMENT_NOUNS | GROUP_NOUNS and context.parties:
            draft.source, draft.target = _split_parties(context.parties)
            draft.syntactic = False


def _background(sentence, time: TimeMention) -> bool:
    """ "the format, which held its first meeting last year, ...": a relative clause's time is
    background, not the time of the sentences that follow. A "where" clause after a place
    narrates ("Meloni flew in from Samarkand, where on Thursday she met ...")."""
    span = sentence.doc.char_span(time.start, time.end, alignment_mode="expand")
    return span is not None and any(
        a.dep_ == "relcl" and not any(c.lower_ == "where" for c in a.children) for a in span.root.ancestors
    )


def _remember(sentence, times: list[TimeMention], index, context: Context) -> None:
    dated = [t for t in times if t.precision in ("day", "month", "year") and t.kind != "year"]
    text = sentence.doc.text
    dated = [  # "a tour that runs until Saturday": a bound, not the time of what follows
        t
        for t in dated
        if not re.search(
            r"\b(?:until|till|since|before|after|by)\s+$", text[max(0, t.start - 8) : t.start], re.I
        )
        and not _background(sentence, t)
    ]
    today = context.published.isoformat() if context.published is not None else "9999"
    ahead = [t for t in dated if (t.value or "") > today[: len(t.value or "")]]
    done = [t for t in dated if t not in ahead]
    if done:  # "... next year." does not date what happened after it, but dates plans
        context.time, context.plan_time = done[-1], None
    if ahead:
        context.plan_time = ahead[-1]
    codes: set[str] = set()
    subjects: list[tuple[str, ...]] = []
    for token in sentence:
        mention = index.get(token.i)
        if mention is not None and mention.kind == "person" and _in_subject(token):
            subjects.append(mention.codes)  # "Xi and Putin joined ...; he then ...": the first
        if mention is not None and mention.kind != "format":
            codes.update(mention.codes)
    if subjects:
        context.person = subjects[0]
    context.previous = codes


def _offset(
    time: TimeMention, context: Context, times: list[TimeMention]
) -> tuple[str | None, str | None, str]:
    """ "the next day" after the last date; "two months after" / "ten days ago" before the date of
    the sentence's own event (a dated time in the sentence, the context's, or the publication)."""
    days = int(time.value[:-1])
    if days > 0:
        base = context.time
        if base is None or base.precision != "day" or not base.value:
            return None, None, "relative"
        return (dt.date.fromisoformat(base.value) + dt.timedelta(days=days)).isoformat(), "day", "relative"
    own = [
        t
        for t in times
        if t.kind not in OFFSETS and t.kind != "year_range" and t.precision == "day" and t.value
    ]
    if own:
        ref = dt.date.fromisoformat(own[0].value)
    elif context.time is not None and context.time.precision == "day" and context.time.value:
        ref = dt.date.fromisoformat(context.time.value)
    elif (
        context.time is not None
        and context.time.precision == "month"
        and context.time.value
        and not time.text.lower().endswith("ago")
        and abs(days) < 28
    ):
        return context.time.value[:7], "month", "relative"  # "In January ... Two days before that"
    elif context.published is not None:
        ref = context.published
    else:
        return None, None, "relative"
    day = ref + dt.timedelta(days=days)
    if abs(days) < 28:
        return day.isoformat(), "day", "relative"
    if abs(days) < 365 and days % 30 == 0:  # "two months after": calendar months, not 60 days
        month = ref.year * 12 + ref.month - 1 + days // 30
        return f"{month // 12:04d}-{month % 12 + 1:02d}", "month", "relative"
    if abs(days) < 365:
        return day.isoformat()[:7], "month", "relative"
    return day.isoformat()[:4], "year", "relative"


OCCASIONS = {
    "summit",
    "visit",
    "meeting",
    "talks",
    "forum",
    "session",
    "trip",
    "tour",
    "gathering",
    "conference",
}


def _setting(token: Token, trigger: Token) -> bool:
    """ "On the sidelines of the summit, X held talks": the summit is the setting of the talks,
    not the talks."""
    for head in [token, *token.ancestors]:
        if head == trigger:
            return False
        if head.dep_ == "prep" and (head.lower_ in SETTING_PREPS or head.head.lemma_.lower() in SIDELINES):
            return True
    return False


SIDELINES = {"sidelines", "margins", "sideline", "margin", "eve", "end", "close", "start"}


def _occasion(sentence, context: Context) -> tuple[str, str, set[str], set[str]] | None:
    """The date of an occasion the sentence points back to: "the summit", "that visit"."""
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in OCCASIONS and token.tag_ == "NN" or lemma == "talks":
            if any(c.lower_ in ("the", "that", "this") and c.dep_ == "det" for c in token.children):
                if lemma in context.occasions:
                    return context.occasions[lemma]
    return None


def _event(doc, draft: Draft, sentence, times, index, context: Context, keywords) -> tuple[Event, bool]:
    time = _pick_time(draft, times, doc.spacy)
    date = precision = method = None
    if time is not None and time.kind in OFFSETS:
        date, precision, method = _offset(time, context, times)
    elif time is not None:
        if draft.status == "planned":
            time = forward(time, context.published)
        date, precision, method = time.value, time.precision, "sentence"
        if time.period and not date:
            date, precision = time.period[:4], "year"
        if date and precision == "day" and _earlier(draft, time, doc.spacy):
            date, precision, method = date[:7], "month", "relative"
    if date is None and (named := _occasion(sentence, context)) is not None:
        date, precision, source, target = named  # "Following the summit, the leaders signed ..."
        method = "coreference"
        if not draft.syntactic and source and target:  # ... and "the leaders" are the summit's
            draft.source, draft.target = set(source), set(target)
    known = context.plan_time or context.time if draft.status == "planned" else context.time
    if date is None and known is not None and known.value:
        previous = forward(known, context.published) if draft.status == "planned" else known
        past = context.published is not None and (previous.value or "") < context.published.isoformat()[:7]
        value = previous.value or ""
        future = context.published is not None and value > context.published.isoformat()[: len(value)]
        if not (draft.status == "planned" and past) and not (draft.status == "occurred" and future):
            # a plan is not dated by a past paragraph, nor what happened by "... next year."
            date, precision, method = previous.value, previous.precision, "paragraph"
    if date is None and context.lead_date and draft.status == "occurred":
        (date, precision), method = context.lead_date, "article"
    if date is not None and method in ("sentence", "relative") and context.lead_date is None:
        context.lead_date = (date, precision)
    if draft.trigger.type == "CONSULT" and draft.source and draft.target:
        for token in [draft.token, *_subtree(draft.token)]:
            if token.lemma_.lower() in GATHERINGS and not _setting(token, draft.token):
                context.series[token.lemma_.lower()] = (set(draft.source), set(draft.target))
    if date is not None and draft.trigger.type == "CONSULT" and draft.status == "occurred":
        for token in [draft.token, *_subtree(draft.token)]:  # "the summit", "attended the summit"
            if (
                token.lemma_.lower() in OCCASIONS
                and token.pos_ in ("NOUN", "PROPN")
                and not _setting(token, draft.token)
            ):
                context.occasions[token.lemma_.lower()] = (
                    date,
                    precision,
                    set(draft.source),
                    set(draft.target),
                )
    location = _location(draft, sentence, index)
    local = location is not None
    if (
        location is None
        and draft.status == "occurred"
        and method in ("coreference", "paragraph", "article", None)
        and draft.trigger.type != "AID"  # an announcement of funds is not where the talks were
    ):
        location = context.place or (context.dateline if context.paragraph == 0 else None)
    elif location is not None and draft.status == "occurred":
        context.place = location
    source, target = _orient(draft.trigger.type, draft.source, draft.target)
    span = Span(doc.article.id, sentence.start_char, sentence.end_char, sentence.text, sentence.text)
    confidence = (
        0.4
        + 0.2 * draft.syntactic
        + 0.15 * (method == "sentence")
        + 0.1 * (draft.token.pos_ == "VERB")
        + 0.05 * (location is not None)
    )
    event = Event(
        type=draft.trigger.type,
        mode=draft.trigger.mode,
        source_actors=source,
        target_actors=target,
        evidence=(span,),
        date=date,
        date_precision=precision,
        date_method=method,
        location=location,
        contexts=_contexts(draft.trigger, sentence, keywords),
        status=draft.status,
        confidence=min(confidence, 0.95),
        trigger=draft.token.text,
        forum=_forum(draft, index),
    )
    return event, local


# -- one event per interaction --------------------------------------------------------------


def _same(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    if separate_gatherings(a, b):
        return False
    if a.type in SYMMETRIC:
        if set(a.source_actors) | set(a.target_actors) != set(b.source_actors) | set(b.target_actors):
            return False
    elif (a.source_actors, a.target_actors) != (b.source_actors, b.target_actors):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return a.type == "CONSULT" and _same_trip(a.date, b.date)
    return True


def _same_trip(a: str, b: str) -> bool:
    """Arrival on the 14th and talks on the 15th are one visit: several meetings with the same
    counterpart on one trip are one CONSULT."""
    if len(a) != 10 or len(b) != 10:
        return False
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= TRIP_DAYS


TRIP_DAYS = 2


def _merge(events: list[tuple[Event, bool]]) -> list[Event]:
    """One event per real-world interaction: fold later mentions into the first. A place the
    sentence itself gives beats one taken from context."""
    merged: list[tuple[Event, bool]] = []
    for event, local in events:
        for i, (kept, kept_local) in enumerate(merged):
            if _same(kept, event):
                folded = _fold(kept, event)
                if local and not kept_local:
                    folded = replace(folded, location=event.location)
                merged[i] = (folded, kept_local or local)
                break
        else:
            merged.append((event, local))
    return [event for event, _ in merged]


def _fold(a: Event, b: Event) -> Event:
    spans = a.evidence + tuple(s for s in b.evidence if s not in a.evidence)
    date, precision, method = a.date, a.date_precision, a.date_method
    better = {"sentence": 0, "relative": 1, "coreference": 2, "paragraph": 3, "article": 4, None: 5}
    talks = {"meet", "discuss"}  # of a visit's days, the day of the talks
    if b.date and (
        not a.date
        or better[b.date_method] < better[a.date_method]
        or (b.date_method == a.date_method and len(b.date) > len(a.date))
        or (
            len(a.date) == len(b.date) == 10
            and a.date != b.date
            and b.mode in talks
            and a.mode not in talks
            and better[b.date_method] <= better[a.date_method]
        )
    ):
        date, precision, method = b.date, b.date_precision, b.date_method
    switched = date == b.date and date != a.date
    location = b.location if switched and b.location else a.location or b.location  # the talks' city
    contexts = a.contexts + tuple(c for c in b.contexts if c not in a.contexts)
    return replace(
        a,
        forum=a.forum or b.forum,
        evidence=spans,
        date=date,
        date_precision=precision,
        date_method=method,
        location=location,
        contexts=contexts,
        confidence=max(a.confidence, b.confidence),
    )
