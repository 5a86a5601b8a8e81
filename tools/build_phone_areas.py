"""Regenerate pipeline/data/phone_areas.tsv: Japanese area names by E.164 prefix (+81...).

phonenumbers' own geocoder loads the area names of every country (about 100 MB per
process); the pipeline needs Japan's alone, so they are extracted once into a data file.
Run: .venv/bin/python tools/build_phone_areas.py
"""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import phonenumbers.geodata as geodata

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "phone_areas.tsv"


def main() -> None:
    rows = sorted(
        (prefix, names["ja"])
        for prefix, names in geodata.GEOCODE_DATA.items()
        if prefix.startswith("81") and names.get("ja")
    )
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(
            f"# Japanese area names by E.164 prefix, from phonenumbers {phonenumbers.__version__} "
            "geodata; regenerate with tools/build_phone_areas.py\n"
        )
        for prefix, name in rows:
            fh.write(f"{prefix}\t{name}\n")
    print(f"wrote {len(rows)} prefixes to {OUT}")


if __name__ == "__main__":
    main()
