"""The in-memory canonical events (store/snapshot.py) answer every filter exactly as the store's
SQL does: the same rows, the same order, the same counts."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.records import CENTRAL_ASIA
from crossroads.store import open_store

POWERS = ["CHN", "RUS", "USA", "EU", "TUR"]
TYPES = ["CONSULT", "AGREE", "AID", "SANCTION"]


@pytest.fixture(scope="module")
def store():
    rng = random.Random(3)
    rows = []
    for i in range(600):
        dated = rng.random() < 0.9
        precision = rng.choice(["year", "month", "day"])
        date = f"{rng.randint(2019, 2025)}" + (
            f"-{rng.randint(1, 12):02d}" + (f"-{rng.randint(1, 28):02d}" if precision == "day" else "")
            if precision != "year"
            else ""
        )
        rows.append(
            {
                "id": f"c{rng.randrange(16**12):012x}{i}",
                "type": rng.choice(TYPES),
                "source_actors": rng.sample(POWERS, rng.randint(1, 2)),
                "target_actors": sorted(rng.sample(CENTRAL_ASIA, rng.choice([1, 1, 2, 5]))),
                "date": date if dated else None,
                "date_precision": precision if dated else None,
                "location": rng.choice([None, "Astana"]),
                "contexts": rng.sample(["diplomatic", "economic", "energy", "security"], rng.randint(0, 2)),
                "status": rng.choice(["occurred", "occurred", "planned"]),
                "sources": rng.randint(1, 5),
                "mentions": rng.randint(1, 6),
                "first_reported": pd.Timestamp("2024-01-02").date() if rng.random() < 0.5 else None,
                "last_reported": None,
                "confidence": round(rng.random(), 3),
            }
        )
    with open_store() as s:
        s.bulk_insert("canonical_events", pd.DataFrame(rows))
        yield s


DATES = st.one_of(
    st.none(),
    st.sampled_from(["2019", "2021-06", "2023-01-15", "2025-12", "2020-02", "2018", "2030"]),
)
filters = st.fixed_dictionaries(
    {
        "actor": st.one_of(st.none(), st.sampled_from([*POWERS, *CENTRAL_ASIA, "JPN", "kaz"])),
        "counterpart": st.one_of(st.none(), st.sampled_from([*CENTRAL_ASIA, "CHN"])),
        "type": st.one_of(st.none(), st.sampled_from([*TYPES, "agree", "ASSAULT"])),
        "context": st.one_of(st.none(), st.sampled_from(["diplomatic", "Energy", "migration"])),
        "since": DATES,
        "until": DATES,
        "status": st.one_of(st.none(), st.sampled_from(["occurred", "planned"])),
        "min_sources": st.integers(1, 6),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filters=filters,
    limit=st.one_of(st.none(), st.integers(1, 60)),
    offset=st.integers(0, 80),
    newest=st.booleans(),
)
def test_snapshot_matches_the_store(store, filters, limit, offset, newest):
    snapshot = store.snapshot()
    assert snapshot.count(**filters) == store.count_canonical(**filters)
    expected = store.list_canonical(limit=limit, offset=offset, newest_first=newest, **filters)
    assert snapshot.list(limit=limit, offset=offset, newest_first=newest, **filters) == expected


def test_an_empty_store_gives_an_empty_snapshot():
    with open_store() as s:
        snapshot = s.snapshot()
        assert snapshot.count() == 0 and snapshot.list(actor="KAZ", since="2020", until="2021") == []
