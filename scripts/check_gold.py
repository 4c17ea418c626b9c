"""Check gold files against ../shared/gold/FORMAT.md: keys, codes, dates, exact evidence substrings.

Usage: python scripts/check_gold.py FILE_OR_DIR...
"""

import json
import re
import sys
from pathlib import Path

TYPES = set(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
ORGS = set("EU OTS SCO CSTO EAEU CIS GCC UN NATO EBRD ADB WB IMF BRICS ASEAN".split())
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PERIOD = re.compile(r"^\d{4}(-\d{2})?(/\d{4}(-\d{2})?)?$")
LOC = re.compile(r"^[^,]+, [A-Z]{3}$")


def check(path: Path) -> list[str]:
    errs = []
    d = json.loads(path.read_text(encoding="utf-8"))
    text = d.get("text")
    if text is None and "text_file" in d:
        text = (path.parent.parent / d["text_file"]).read_text(encoding="utf-8")
    for k in ("id", "source", "title", "published"):
        if not d.get(k):
            errs.append(f"missing {k}")
    if not text:
        errs.append("no text")
        return errs
    if not DATE.match(d.get("published") or ""):
        errs.append("published not YYYY-MM-DD")

    def codes(lst, where):
        for c in lst:
            if not (re.fullmatch(r"[A-Z]{3}", c) or c in ORGS):
                errs.append(f"{where}: bad actor code {c!r}")

    for i, e in enumerate(d.get("events", [])):
        w = f"event {i}"
        if e.get("type") not in TYPES:
            errs.append(f"{w}: bad type {e.get('type')}")
        for t in e.get("type_alternatives", []):
            if t not in TYPES:
                errs.append(f"{w}: bad alternative {t}")
        codes(e.get("source_actors", []), w)
        codes(e.get("target_actors", []), w)
        if e.get("date") is not None and not DATE.match(e["date"]):
            errs.append(f"{w}: bad date {e['date']}")
        if e.get("location") is not None and not LOC.match(e["location"]):
            errs.append(f"{w}: bad location {e['location']}")
        if e.get("status") not in ("occurred", "planned"):
            errs.append(f"{w}: bad status")
        if e.get("salience") not in ("core", "minor"):
            errs.append(f"{w}: bad salience")
        if not e.get("evidence") or e["evidence"] not in text:
            errs.append(f"{w}: evidence not an exact substring: {e.get('evidence')!r}")
    for i, f in enumerate(d.get("figures", [])):
        w = f"figure {i}"
        codes(f.get("subject", []), w)
        if not isinstance(f.get("value"), (int, float)):
            errs.append(f"{w}: value not a number")
        if not f.get("unit") or not f.get("indicator"):
            errs.append(f"{w}: unit/indicator missing")
        if f.get("period") is not None and not PERIOD.match(f["period"]):
            errs.append(f"{w}: bad period {f['period']}")
        if f.get("qualifier") not in (None, "more_than", "less_than", "nearly", "about"):
            errs.append(f"{w}: bad qualifier {f.get('qualifier')}")
        if f.get("salience") not in ("core", "minor"):
            errs.append(f"{w}: bad salience")
        if not f.get("evidence") or f["evidence"] not in text:
            errs.append(f"{w}: evidence not an exact substring: {f.get('evidence')!r}")
    for i, c in enumerate(d.get("claims", [])):
        w = f"claim {i}"
        if not c.get("speaker"):
            errs.append(f"{w}: no speaker")
        if c.get("speaker_actor") is not None:
            codes([c["speaker_actor"]], w)
        codes(c.get("about", []), w)
        if not c.get("evidence") or c["evidence"] not in text:
            errs.append(f"{w}: evidence not an exact substring: {c.get('evidence')!r}")
    return errs


def main(argv):
    files = []
    for a in argv:
        p = Path(a)
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    bad = 0
    for f in files:
        try:
            errs = check(f)
        except Exception as exc:  # report and go on
            errs = [f"unreadable: {exc}"]
        for e in errs:
            print(f"{f}: {e}")
        bad += bool(errs)
    print(f"{len(files)} files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
