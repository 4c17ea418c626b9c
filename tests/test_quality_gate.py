"""The quality gate: extraction scores on the pinned gold sets stay at or above their floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossroads.evaluate.gate import GateResult, check_gate, update_floors

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "quality" / "floors.json"


@pytest.mark.slow
def test_quality_gate_holds():
    results = check_gate(FLOORS, ROOT)
    demo = [r for r in results if r.set_name == "demo"]
    assert demo and all(r.skipped is None for r in demo)  # the bundled set is always checked
    failed = [
        f"{r.set_name} {r.metric}: {r.value:.3f} < floor {r.floor:.3f}" for r in results if not r.passed
    ]
    assert not failed, "quality fell below pinned floors:\n" + "\n".join(failed)


def _floors(tmp_path: Path, floor: float) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(
        json.dumps(
            {
                "id": "a",
                "published": "2023-05-19",
                "text": "Chinese President Xi Jinping met Kazakh President Kassym-Jomart Tokayev "
                "in Astana on Friday.",
                "events": [
                    {
                        "type": "CONSULT",
                        "source_actors": ["CHN"],
                        "target_actors": ["KAZ"],
                        "date": "2023-05-19",
                        "location": "Astana, KAZ",
                        "status": "occurred",
                        "salience": "core",
                        "evidence": "Chinese President Xi Jinping met",
                    }
                ],
                "figures": [],
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"sets": {"tiny": {"path": "gold", "floors": {"events.strict.f1": floor}}}}))
    return path


def test_gate_fails_below_floor_and_passes_at_it(tmp_path):
    high = check_gate(_floors(tmp_path, 1.01), tmp_path)
    assert [r.passed for r in high] == [False]
    (tmp_path / "gold" / "a.json").unlink()
    (tmp_path / "gold").rmdir()
    low = check_gate(_floors(tmp_path, 0.5), tmp_path)
    assert [r.passed for r in low] == [True] and low[0].value == 1.0


def test_floors_only_lowered_by_explicit_flag(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"sets": {"s": {"path": "x", "floors": {"m": 0.8}}}}))
    measured = [GateResult("s", "m", 0.6, 0.8)]
    update_floors(path, measured, lower=False)
    assert json.loads(path.read_text())["sets"]["s"]["floors"]["m"] == 0.8
    update_floors(path, measured, lower=True)
    assert json.loads(path.read_text())["sets"]["s"]["floors"]["m"] == 0.6


def test_missing_set_is_skipped_not_failed(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"sets": {"s": {"path": "absent", "floors": {"events.strict.f1": 0.9}}}}))
    (result,) = check_gate(path, tmp_path)
    assert result.skipped and result.passed
