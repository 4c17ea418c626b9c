"""Sensitivity of the index rankings to its weights, on the demo corpus; prints a Markdown table
for docs/methods.md.

    python scripts/sensitivity.py [--year 2023]
"""

import argparse

from crossroads.analysis.index import LEVEL_WEIGHTS, TYPE_WEIGHTS, Weights, compute_index
from crossroads.demo import corpus_path
from crossroads.records import CENTRAL_ASIA
from crossroads.runner import ingest_paths
from crossroads.store import open_store

ALTERNATIVES = {
    "baseline": Weights(),
    "engagement ¼ of bandwidth": Weights(engagement_share=0.25),
    "engagement ¾ of bandwidth": Weights(engagement_share=0.75),
    "flat type weights (±1)": Weights(
        type_weights={t: (1.0 if w > 0 else -1.0) for t, w in TYPE_WEIGHTS.items()}
    ),
    "no level weights": Weights(level_weights={k: 1.0 for k in LEVEL_WEIGHTS}),
}


def ranking(frame, state, year, column):
    rows = frame[(frame.state == state) & (frame.period == year)].dropna(subset=[column])
    rows = rows.sort_values(column, ascending=False)
    return " > ".join(rows.power.head(4)) or "—"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", default="2023")
    args = parser.parse_args()
    store = open_store(":memory:")
    ingest_paths(store, [corpus_path()], max_bytes=10**7)
    frames = {name: compute_index(store, by="year", weights=w) for name, w in ALTERNATIVES.items()}
    print(f"| {args.year} | " + " | ".join(ALTERNATIVES) + " | product b·d (baseline) |")
    print("|" + " --- |" * (len(ALTERNATIVES) + 2))
    for state in CENTRAL_ASIA:
        cells = [ranking(frames[name], state, args.year, "influence_geo") for name in ALTERNATIVES]
        cells.append(ranking(frames["baseline"], state, args.year, "influence_prod"))
        print(f"| {state} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
