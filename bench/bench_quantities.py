"""Value+unit recall of Crossroads' figure parser next to quantulum3's on the same sentences.

Both run in one process on quantulum3's own English test set
(``../shared/peer-data/quantulum3-tests/quantities.json``) and on the figures of our gold sets
(seeds and demo corpus: the numbers Crossroads exists to read). A gold quantity is recalled when
a parser returns a quantity on that sentence with the value within 1% and the same unit
(quantulum3's unit names, to which our unit codes are mapped).

    pip install quantulum3==0.10.0   # bench only: not a dependency of the package
    python bench/bench_quantities.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

from crossroads.demo import corpus_path
from crossroads.extract.figures import parse_quantities

# Our unit codes in quantulum3's names.
OURS_TO_Q = {
    "USD": "dollar",
    "EUR": "euro",
    "GBP": "pound sterling",
    "CNY": "yuan",
    "RUB": "ruble",
    "percent": "percentage",
    "count": "dimensionless",
    "people": "dimensionless",
    "cubic_meters": "cubic metre",
    "tonnes": "tonne",
    "barrels": "barrel",
    "rank": "dimensionless",
}
# Gold units of our own sets in quantulum3's names.
GOLD_TO_Q = {**OURS_TO_Q, "KZT": "tenge", "UZS": "sum"}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * abs(b) if b else a == 0


def recall(cases: list[tuple[str, list[tuple[float, str]]]], parse) -> tuple[int, int]:
    hit = total = 0
    for sentence, gold in cases:
        try:
            found = parse(sentence)
        except Exception:  # a parser crash counts as finding nothing
            found = []
        for value, unit in gold:
            total += 1
            hit += any(_close(v, value) and u == unit for v, u in found)
    return hit, total


def ours(sentence: str) -> list[tuple[float, str]]:
    return [(q.value, OURS_TO_Q.get(q.unit, q.unit)) for q in parse_quantities(sentence)]


def quantulum(sentence: str) -> list[tuple[float, str]]:
    from quantulum3 import parser

    found = []
    for q in parser.parse(sentence):
        value = q.value
        if q.unit.name == "percentage" or (
            q.unit.name == "dimensionless"
            and 0 < value < 1
            and "/" not in q.surface
            and not any(c.isdigit() for c in q.surface)
        ):
            value = value if q.unit.name == "percentage" else round(value * 100, 1)
            found.append((value, "percentage"))
        found.append((q.value, q.unit.name))
    return found


def quantulum_cases(shared: Path) -> list[tuple[str, list[tuple[float, str]]]]:
    data = json.loads((shared / "peer-data" / "quantulum3-tests" / "quantities.json").read_text("utf-8"))
    return [(d["req"], [(r["value"], r["unit"]) for r in d["res"]]) for d in data]


def gold_cases(folders: list[Path]) -> list[tuple[str, list[tuple[float, str]]]]:
    cases = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            doc = json.loads(path.read_text("utf-8"))
            text = doc.get("text") or (path.parent.parent / doc["text_file"]).read_text("utf-8")
            for fig in doc.get("figures", []):
                sentence = next(
                    (s for s in text.replace("\n", " ").split(". ") if fig["evidence"] in s), fig["evidence"]
                )
                cases.append((sentence, [(float(fig["value"]), GOLD_TO_Q.get(fig["unit"], fig["unit"]))]))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    qcases = quantulum_cases(args.shared)
    money = {"dollar", "euro", "pound sterling", "percentage"}
    sets = {
        "quantulum3 test set": qcases,
        "quantulum3 test set, money and percent only": [
            (s, [g for g in gold if g[1] in money]) for s, gold in qcases if any(g[1] in money for g in gold)
        ],
        "our gold figures (seeds + demo)": gold_cases([args.shared / "gold", corpus_path()]),
    }
    result = {}
    for name, cases in sets.items():
        (h1, n), (h2, _) = recall(cases, ours), recall(cases, quantulum)
        result[name] = {
            "quantities": n,
            "crossroads_recall": round(h1 / n, 3),
            "quantulum3_recall": round(h2 / n, 3),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
