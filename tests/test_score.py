from __future__ import annotations

import copy

import pytest

from crossroads.evaluate.score import score_documents

TEXT = "Blinken met Tokayev in Astana. Temnycky said Russia is losing ground. Trade hit $27 billion."
GOLD = {
    "events": [
        {
            "type": "CONSULT",
            "source_actors": ["USA"],
            "target_actors": ["KAZ"],
            "date": "2023-02",
            "location": "Astana, KAZ",
            "salience": "core",
            "evidence": "Blinken met Tokayev in Astana.",
        },
        {
            "type": "REQUEST",
            "source_actors": ["RUS"],
            "target_actors": ["KAZ"],
            "date": None,
            "location": None,
            "salience": "minor",
            "evidence": "Temnycky said",
        },
    ],
    "figures": [
        {
            "subject": ["RUS", "KAZ"],
            "indicator": "trade_turnover",
            "value": 27e9,
            "unit": "USD",
            "period": "2022",
            "salience": "core",
            "evidence": "Trade hit $27 billion.",
        },
    ],
    "claims": [
        {
            "speaker": "Mark Temnycky",
            "speaker_actor": None,
            "about": ["RUS"],
            "evidence": "Russia is losing ground",
            "salience": "core",
        },
    ],
}


def test_gold_against_itself_is_perfect():
    s = score_documents(copy.deepcopy(GOLD), GOLD, TEXT)
    for prf in (s.events_strict, s.events_lenient, s.figures_strict, s.figures_lenient, s.claims):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    assert s.date_accuracy == 1.0 and s.location_accuracy == 1.0


def test_swapped_direction_counts_for_consult_only():
    pred = copy.deepcopy(GOLD)
    e = pred["events"][0]
    e["source_actors"], e["target_actors"] = e["target_actors"], e["source_actors"]
    assert score_documents(pred, GOLD, TEXT).events_strict.f1 == 1.0
    pred["events"][0]["type"] = "ACCUSE"
    gold = copy.deepcopy(GOLD)
    gold["events"][0]["type"] = "ACCUSE"
    assert score_documents(pred, gold, TEXT).events_lenient.tp == 0


def test_wrong_date_fails_strict_not_lenient():
    pred = copy.deepcopy(GOLD)
    pred["events"][0]["date"] = "2023-03"
    s = score_documents(pred, GOLD, TEXT)
    assert s.events_strict.recall == 0.0 and s.events_lenient.recall == 1.0
    assert s.date_accuracy == 0.5  # one of the two matched events has the right date


def test_more_precise_date_is_right():
    pred = copy.deepcopy(GOLD)
    pred["events"][0]["date"] = "2023-02-28"
    assert score_documents(pred, GOLD, TEXT).events_strict.recall == 1.0


def test_partial_actors_lenient_only():
    pred = copy.deepcopy(GOLD)
    pred["events"][0]["target_actors"] = ["KAZ", "UZB"]
    s = score_documents(pred, GOLD, TEXT)
    assert (s.events_strict.tp, s.events_lenient.tp) == (0, 1)


def test_an_unnamed_side_matches_only_an_unnamed_side_and_lenient_accepts_every_strict_match():
    gold = copy.deepcopy(GOLD)
    gold["events"][0]["source_actors"] = []  # "insurgents ...": a party that names no state
    pred = copy.deepcopy(gold)
    s = score_documents(pred, gold, TEXT)
    assert (s.events_strict.tp, s.events_lenient.tp) == (1, 1)
    pred["events"][0]["source_actors"] = ["RUS"]
    s = score_documents(pred, gold, TEXT)
    assert (s.events_strict.tp, s.events_lenient.tp) == (0, 0)


def test_minor_match_is_not_false_positive_and_missing_minor_is_not_false_negative():
    pred = {"events": [GOLD["events"][1]], "figures": [], "claims": []}
    s = score_documents(pred, GOLD, TEXT)
    assert (s.events_strict.tp, s.events_strict.fp, s.events_strict.fn) == (0, 0, 1)


def test_duplicate_is_false_positive():
    pred = copy.deepcopy(GOLD)
    pred["events"].append(copy.deepcopy(GOLD["events"][0]))
    s = score_documents(pred, GOLD, TEXT)
    assert s.events_strict.fp == 1 and s.events_strict.precision == 0.5


@pytest.mark.parametrize(
    ("change", "strict", "lenient"),
    [
        ({"value": 27.2e9}, 1, 1),  # within 1%
        ({"value": 28e9}, 0, 0),  # off by 3.7%
        ({"unit": "EUR"}, 0, 0),
        ({"indicator": "exports"}, 0, 1),
        ({"period": "2023"}, 0, 1),
        ({"subject": ["RUS"]}, 0, 1),
        ({"subject": ["CHN"]}, 0, 0),
    ],
)
def test_figure_mistakes(change, strict, lenient):
    pred = copy.deepcopy(GOLD)
    pred["figures"][0].update(change)
    s = score_documents(pred, GOLD, TEXT)
    assert (s.figures_strict.tp, s.figures_lenient.tp) == (strict, lenient)


def test_units_fold():
    pred = copy.deepcopy(GOLD)
    gold = copy.deepcopy(GOLD)
    pred["figures"][0].update(unit="%", value=21)
    gold["figures"][0].update(unit="percent", value=21)
    assert score_documents(pred, gold, TEXT).figures_strict.tp == 1


@pytest.mark.parametrize(
    ("speaker", "evidence", "tp"),
    [
        ("Temnycky", "Temnycky said Russia is losing ground.", 1),
        ("Temnycky", "Blinken met Tokayev", 0),
        ("Someone Else", "Russia is losing ground", 0),
    ],
)
def test_claim_matching(speaker, evidence, tp):
    pred = {
        "events": [],
        "figures": [],
        "claims": [{"speaker": speaker, "speaker_actor": None, "evidence": evidence}],
    }
    assert score_documents(pred, GOLD, TEXT).claims.tp == tp


def test_sets_without_claims_are_not_scored_on_claims():
    gold = {k: v for k, v in GOLD.items() if k != "claims"}
    assert score_documents(copy.deepcopy(GOLD), gold, TEXT).to_dict().get("claims") is None
