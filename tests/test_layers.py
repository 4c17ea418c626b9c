"""The one-way layering of docs/architecture.md, checked on the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "crossroads"
LEVEL = {
    "records": 0,
    "errors": 0,
    "settings": 0,
    "ingest": 1,
    "extract": 1,
    "store": 2,
    "analysis": 3,
    "runner": 3.5,
    "collect": 3.6,
    "batch": 3.6,
    "api": 3.5,
    "export": 3.5,
    "web": 4,
    "render": 3.5,
    "maps": 3.55,
    "report": 3.6,
    "evaluate": 3.5,
    "demo": 0,
    "cli": 5,
    "__main__": 6,
    "__init__": 0,
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            parts = path.relative_to(PACKAGE).parts
            base = list(parts[: len(parts) - node.level])
            target = [*base, *(node.module.split(".") if node.module else [])]
            if target:
                found.add(target[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("crossroads."):
            found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down(path):
    layer = _layer(path)
    for target in _imports(path):
        target = target.removesuffix(".py")
        if target == layer or target not in LEVEL:
            continue
        assert LEVEL[target] < LEVEL[layer] or (
            LEVEL[target] == 0 and LEVEL[layer] == 0 and target != "settings"
        ), f"{path.relative_to(PACKAGE)} ({layer}) imports {target}"


def test_sql_only_in_store():
    for path in PACKAGE.rglob("*.py"):
        if _layer(path) == "store":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import duckdb|from duckdb)", text, re.M), f"{path} imports duckdb"
        assert not re.search(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE)\b", text), f"{path} holds SQL"


def test_only_fetch_reaches_the_network():
    """httpx is imported for network use by ingest/fetch.py alone, and only collection (the
    fetch and watch commands) imports that module."""
    network, users = set(), set()
    for path in PACKAGE.rglob("*.py"):
        rel = str(path.relative_to(PACKAGE))
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import httpx|from httpx)", text, re.M):
            network.add(rel)
        if re.search(r"^\s*from \.+ingest\.fetch import|^\s*from \.fetch import", text, re.M):
            users.add(rel)
    assert network == {"ingest/fetch.py"}
    assert users == {"collect.py", "cli.py"}
