"""The extraction quality gate: floors pinned in a JSON file, checked on gold sets.

``quality/floors.json`` names each gold set (a path relative to the repository) and the floor of
each metric (``events.strict.f1``, ``events.date_accuracy``, ``figures.lenient.f1``, ...). The gate
fails when a metric falls below its floor. Floors move down only through an explicit flag.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .run import evaluate_folder

__all__ = ["GateResult", "check_gate", "load_floors", "metric", "update_floors"]


@dataclass(frozen=True)
class GateResult:
    set_name: str
    metric: str
    value: float
    floor: float
    skipped: str | None = None

    @property
    def passed(self) -> bool:
        return self.skipped is not None or self.value >= self.floor - 1e-9


def load_floors(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"quality floors {path}: cannot read ({exc})") from exc
    if not isinstance(data.get("sets"), dict):
        raise ConfigError(f"quality floors {path}: expected an object with 'sets'")
    return data


def metric(scores: dict[str, Any], name: str) -> float:
    value: Any = scores
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ConfigError(f"unknown metric {name!r}; e.g. events.strict.f1, figures.lenient.f1")
        value = value[part]
    return float(value)


def _sets(floors: dict[str, Any], root: Path):
    for name, spec in floors["sets"].items():
        folder = (root / spec["path"]).resolve()
        yield name, spec, folder


def check_gate(floors_path: Path, root: Path) -> list[GateResult]:
    """Evaluate each set and compare with its floors. Sets whose folder is absent are skipped."""
    floors = load_floors(floors_path)
    results: list[GateResult] = []
    for name, spec, folder in _sets(floors, root):
        if not folder.is_dir():
            results += [
                GateResult(name, m, 0.0, f, skipped=f"{folder} absent") for m, f in spec["floors"].items()
            ]
            continue
        scores = evaluate_folder(folder)[0].to_dict()
        results += [GateResult(name, m, metric(scores, m), f) for m, f in spec["floors"].items()]
    return results


def update_floors(floors_path: Path, results: list[GateResult], *, lower: bool) -> int:
    """Raise floors to the measured values (and lower them too when ``lower``). Returns the
    number of floors changed."""
    floors = load_floors(floors_path)
    changed = 0
    for r in results:
        if r.skipped:
            continue
        value = int(r.value * 1000) / 1000
        current = floors["sets"][r.set_name]["floors"][r.metric]
        if value > current or (lower and value < current):
            floors["sets"][r.set_name]["floors"][r.metric] = value
            changed += 1
    floors_path.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return changed
