"""Build the bundled reference table from ../shared/reference/trade-and-energy-figures.csv.

Normalises units to base units (``USD bn`` → USD, ``bcm`` → cubic metres, ``%`` → percent),
maps the source's indicator names onto Crossroads' indicators (keeping the original as
``detail``), records whose statistics each row is (``statistics_of``: the reporter's own, or
e.g. China's customs) and keeps every row's source URL. Partner statistics that disagree are
both kept; the index says which it used.

    python scripts/build_reference.py ../shared/reference/trade-and-energy-figures.csv
"""

import csv
import hashlib
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "crossroads" / "data" / "reference" / "figures.csv"
UNITS = {
    "USD bn": ("USD", 1e9),
    "EUR bn": ("EUR", 1e9),
    "%": ("percent", 1),
    "bcm": ("cubic_meters", 1e9),
    "bcm/yr": ("cubic_meters_per_year", 1e9),
    "million tonnes": ("tonnes", 1e6),
    "rank (of 82)": ("rank", 1),
}
QUALIFIERS = {"around": "about", "about": "about", "over": "more_than", "more than": "more_than"}
STATISTICS = [
    ("china_customs", "CHN"),
    ("china_figures", "CHN"),
    ("turkstat", "TUR"),
    ("_tim", "TUR"),
    ("russian_trade_mission", "RUS"),
    ("us_state_dept", "USA"),
    ("stated_by", None),
]


def indicator(raw: str) -> str:
    if raw.startswith("trade_turnover"):
        return "trade_turnover"
    if raw == "trade_share":
        return "share_of_trade"
    for name in ("exports", "imports"):
        if raw.startswith(name):
            return name
    if raw.startswith("gas_imports_value"):
        return "imports"
    if raw.startswith("gas_") and "volume" in raw:
        return "gas_volume"
    if raw == "fdi_inflow":
        return "investment"
    if raw.endswith("_rank"):
        return "rank"
    return "other:" + raw


def main(source: str) -> None:
    rows = []
    for row in csv.DictReader(open(source, encoding="utf-8")):
        unit_text = row["unit"].strip()
        if unit_text in UNITS:
            unit_raw, note = unit_text, None
        else:
            match = re.match(r"^(.*?)\s*(?:\((.+)\))?$", unit_text)
            unit_raw, note = match.group(1), match.group(2)
        if unit_raw not in UNITS:
            raise SystemExit(f"unknown unit {row['unit']!r} in {row}")
        unit, scale = UNITS[unit_raw]
        raw = row["indicator"]
        whose = next((code for key, code in STATISTICS if key in raw), row["reporter"])
        if "stated_by" in raw:
            whose = row["reporter"] if row["reporter"] != "C5" else "UZB"
        key = "|".join([row["reporter"], row["partner"], raw, row["period"], row["value"]])
        rows.append(
            {
                "id": "r" + hashlib.sha256(key.encode()).hexdigest()[:12],
                "reporter": row["reporter"],
                "partner": row["partner"],
                "indicator": indicator(raw),
                "detail": raw,
                "period": row["period"],
                "value": repr(float(row["value"]) * scale).rstrip("0").rstrip("."),
                "unit": unit,
                "qualifier": QUALIFIERS.get(note or "", ""),
                "statistics_of": whose,
                "source_url": row["source_url"],
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Official trade and energy figures (facts from the public record; see source_url).\n")
        f.write("# Built by scripts/build_reference.py from shared/reference/trade-and-energy-figures.csv.\n")
        f.write(
            "# value is in base units (USD, EUR, percent, cubic_meters, tonnes); statistics_of says whose\n"
        )
        f.write("# statistics the row is (disagreeing partner statistics are both kept).\n")
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/trade-and-energy-figures.csv")
