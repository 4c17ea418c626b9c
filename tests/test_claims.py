"""Claims on the seeds: who said what, and quotations the text does not attribute left alone."""

from __future__ import annotations

import re

import pytest

from crossroads.evaluate.gold import load_gold
from crossroads.extract import extract_article
from crossroads.extract.claims import quotations


@pytest.fixture(scope="module")
def seeds(shared):
    return {g.article.external_id: (g, extract_article(g.article)) for g in load_gold(shared / "gold")}


def _claims_over(extraction, start, end):
    return [c for c in extraction.claims for s in c.evidence if s.start < end and start < s.end]


def test_every_temnycky_quotation_is_his_and_the_last_is_the_reports(seeds):
    gold, extraction = seeds["seed-002"]
    text = gold.article.text
    spans = [(a, b) for a, b in quotations(text) if len(text[a:b].split()) >= 4]
    last = spans[-1]
    assert text[last[0] :].startswith("We encourage the government")
    for a, b in spans[:-1]:
        speakers = {c.speaker for c in _claims_over(extraction, a, b)}
        assert speakers and all("Temnycky" in s for s in speakers), (text[a : a + 60], speakers)
    speakers = {c.speaker for c in _claims_over(extraction, *last)}
    assert speakers and all("House of Commons" in s for s in speakers), speakers


def test_seed_000_named_sources_and_unattributed_fragments(seeds):
    gold, extraction = seeds["seed-000"]
    text = gold.article.text

    def speakers_at(phrase):
        at = text.index(phrase)
        return {c.speaker for c in _claims_over(extraction, at, at + len(phrase))}

    assert speakers_at("assume regional hegemony") == {"Eurasianet"}
    assert any("Blinken" in s for s in speakers_at("develop the strongest possible capacities"))
    # quoted fragments whose source the text does not name are not attributed to anyone
    assert speakers_at("intimately tied into trade networks that stretch") == set()
    assert speakers_at("economic development as access to key markets") == set()


def test_quotations_pair_curly_and_straight_marks():
    text = 'He said "we will meet again" and later \u201cnothing changed\u201d.'
    found = [text[a:b] for a, b in quotations(text)]
    assert found == ["we will meet again", "nothing changed"]
    assert not re.search(r"[\u201c\u201d\"]", "".join(found))
