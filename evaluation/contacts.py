"""Measure the contact finders (addresses, phones, e-mails, URLs, contact blocks) on the eval sets.

Run: .venv/bin/python -m evaluation.contacts --eval-dir ../shared/eval
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import unicodedata
from unittest import mock

from evaluation import common
from pipeline.document.spans import ADDRESS, LOCATION, ORG, Span
from pipeline.entities import addresses as addresses_mod
from pipeline.entities.addresses import FIELD_SEPARATOR, find_addresses
from pipeline.entities.contacts import find_contact_blocks
from pipeline.entities.emails import find_emails
from pipeline.entities.phones import find_phones
from pipeline.entities.urls import find_urls

TARGETS = {
    "addresses.postal_code": 0.98,
    "addresses.prefecture": 0.98,
    "addresses.city": 0.98,
    "addresses.ward": 0.98,
    "addresses.town": 0.98,
    "phones.parse_e164": 1.0,
    "phones.parse_type": 1.0,
    "phones.find_exact": 1.0,
    "emails.exact": 0.95,
    "emails.false_positives": 0,
    "facilities.address": 0.98,
    "facilities.tel": 0.98,
    "facilities.fax": 0.98,
    "facilities.tel_fax_confusions": 0,
    "seed.checks_passed": 1.0,
}


def _read(path: pathlib.Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _norm(s: str | None) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", s or ""))


def _ratio(ok: int, n: int) -> float | None:
    return round(ok / n, 4) if n else None


def eval_addresses(rows: list[dict]) -> dict:
    parts = {
        "postal_code": "postal_code",
        "prefecture": "prefecture",
        "county": "county",
        "city": "municipality",
        "ward": "ward",
        "town": "town",
    }

    def score() -> dict:
        ok = dict.fromkeys(parts, 0)
        for row in rows:
            found = [s for s in find_addresses(row["input"]) if s.label == ADDRESS]
            attrs = found[0].attrs if found else {}
            for ours, theirs in parts.items():
                ok[ours] += _norm(attrs.get(ours)) == _norm(row["gold"][theirs])
        return {k: _ratio(v, len(rows)) for k, v in ok.items()}

    out = {"n": len(rows), **score()}
    # Without Japan Post's town names the town comes from the written form alone.
    with mock.patch.object(addresses_mod, "_neighborhoods", lambda info: []):
        out["town_without_postal_towns"] = score()["town"]
    return out


def eval_phones(rows: list[dict]) -> dict:
    parse = [r for r in rows if r["task"] == "parse"]
    find = [r for r in rows if r["task"] == "find"]
    e164 = typ = typ_n = ext = ext_n = geo = geo_n = valid = 0
    for row in parse:
        exp = row["expected"]
        spans = find_phones(row["text"])
        got = spans[0].attrs if spans else {}
        e164 += got.get("e164") == exp["e164"]
        valid += got.get("valid") == exp.get("valid", True)
        if "type" in exp:
            typ_n += 1
            typ += (got.get("number_type") or "").upper() == exp["type"]
        if "extension" in exp:
            ext_n += 1
            ext += got.get("extension") == exp["extension"]
        if "geo_ja" in exp:
            geo_n += 1
            geo += got.get("area") == exp["geo_ja"]
    exact = exp_n = fp = kind_ok = kind_n = 0
    for row in find:
        spans = find_phones(row["text"])
        got = {(s.start, s.end, s.value): s for s in spans}
        for e in row["expected"]:
            exp_n += 1
            hit = got.get((e["start"], e["end"], e["e164"]))
            exact += hit is not None
            if "label" in e:
                kind_n += 1
                kind_ok += hit is not None and hit.attrs["kind"] == e["label"]
        expected = {(e["start"], e["end"], e["e164"]) for e in row["expected"]}
        fp += sum(k not in expected for k in got)
    return {
        "n_parse": len(parse),
        "parse_e164": _ratio(e164, len(parse)),
        "parse_type": _ratio(typ, typ_n),
        "parse_valid_flag": _ratio(valid, len(parse)),
        "parse_extension": _ratio(ext, ext_n),
        "parse_area_ja": _ratio(geo, geo_n),
        "n_find": exp_n,
        "find_exact": _ratio(exact, exp_n),
        "find_kind": _ratio(kind_ok, kind_n),
        "find_false_positives": fp,
    }


def eval_emails(rows: list[dict]) -> dict:
    exact = n = fp = obf_ok = obf_n = 0
    for row in rows:
        spans = find_emails(row["text"])
        got = {(s.start, s.end, s.attrs["email"]) for s in spans}
        expected = {(e["start"], e["end"], e["email"]) for e in row["expected"]["emails"]}
        n += len(expected)
        exact += len(got & expected)
        fp += len(got - expected)
        if "obfuscated" in row["expected"]:
            obf_n += 1
            obf_ok += all(s.attrs["obfuscated"] == row["expected"]["obfuscated"] for s in spans) and bool(
                spans
            )
    return {
        "n": n,
        "exact": _ratio(exact, n),
        "false_positives": fp,
        "obfuscated_flag": _ratio(obf_ok, obf_n),
    }


def eval_facilities(rows: list[dict]) -> dict:
    tot = dict.fromkeys(("address", "tel", "fax"), 0)
    ok = dict.fromkeys(tot, 0)
    confusions = 0
    for row in rows:
        context = row["context"]
        # A table may split one address over two fields; the separator is not part of the address.
        found = {
            _norm(FIELD_SEPARATOR.sub("", s.text)) for s in find_addresses(context) if s.label == ADDRESS
        }
        phones = find_phones(context)
        if row["address"]:
            tot["address"] += 1
            ok["address"] += _norm(row["address"]) in found
        for kind in ("tel", "fax"):
            if not row[kind]:
                continue
            tot[kind] += 1
            digits = re.sub(r"\D", "", _norm(row[kind]))
            same = [p for p in phones if re.sub(r"\D", "", p.attrs["national"] or "") == digits]
            right = [p for p in same if p.attrs["kind"] in (kind, "tel_fax")]
            ok[kind] += bool(right)
            confusions += bool(same) and not right
    out = {f"n_{k}": v for k, v in tot.items()}
    out.update({k: _ratio(ok[k], tot[k]) for k in tot})
    out["tel_fax_confusions"] = confusions
    return out


def seed_checks(seed_text: str) -> dict:
    spans = find_addresses(seed_text) + find_phones(seed_text) + find_emails(seed_text) + find_urls(seed_text)
    org_at = seed_text.find("東北経済産業局地域経済部産業支援課")
    orgs = [Span(org_at, org_at + 17, ORG, seed_text[org_at : org_at + 17])] if org_at >= 0 else []
    blocks = find_contact_blocks(seed_text, spans + orgs)
    block = blocks[0] if blocks else None
    addr = block.address.attrs if block and block.address else {}
    places = {(s.text.replace(" ", ""), s.attrs["prefecture"]) for s in spans if s.label == LOCATION}
    urls = [s.value for s in spans if s.label == "URL"]
    checks = {
        "one_contact_block": len(blocks) == 1,
        "org": bool(
            block
            and block.org_text
            and block.org_text.startswith("東北経済産業局地域経済部産業支援課")
            and "産学官連携推進室" in block.org_text
        ),
        "postal_code": addr.get("postal_code") == "980-8403",
        "prefecture_from_postal_code": (addr.get("prefecture"), addr.get("prefecture_source"))
        == ("宮城県", "postal_code"),
        "city_ward_town": (addr.get("city"), addr.get("ward"), addr.get("town"))
        == ("仙台市", "青葉区", "本町"),
        "tel": bool(block and block.tel and block.tel.value == "+81222631167"),
        "fax": bool(block and block.fax and block.fax.value == "+81222232658"),
        "email": bool(block and block.email and block.email.value == "thk-sangaku@meti.go.jp"),
        "place_山形県米沢市": ("山形県米沢市", "山形県") in places,
        "place_岩手県盛岡市": ("岩手県盛岡市", "岩手県") in places,
        "place_北上市": ("北上市", "岩手県") in places,
        "place_盛岡市_caption": ("盛岡市", "岩手県") in places,
        "region_東北管内": any(s.text == "東北管内" and s.attrs.get("region") == "東北" for s in spans),
        "url": urls == ["http://unit.aist.go.jp/tohoku/"],
    }
    return {"checks": checks, "checks_passed": _ratio(sum(checks.values()), len(checks))}


def _peers(phone_rows: list[dict], email_rows: list[dict], seed_text: str | None) -> dict:
    """The reference Japanese NER (GiNZA) on the same spans, for comparison: any label, exact span."""
    nlp = common.ginza()
    if nlp is None:
        return {"ginza": "not installed"}

    def spans_of(text: str) -> set[tuple[int, int]]:
        return {(e.start_char, e.end_char) for e in nlp(text).ents}

    phones = [
        (r["text"], (e["start"], e["end"])) for r in phone_rows if r["task"] == "find" for e in r["expected"]
    ]
    emails = [(r["text"], (e["start"], e["end"])) for r in email_rows for e in r["expected"]["emails"]]
    out = {
        "ginza.phones_find_exact_span": _ratio(sum(span in spans_of(t) for t, span in phones), len(phones)),
        "ginza.emails_exact_span": _ratio(sum(span in spans_of(t) for t, span in emails), len(emails)),
    }
    if seed_text:
        url_at = seed_text.find("http://unit.aist.go.jp/tohoku/")
        out["ginza.seed_url_exact_span"] = (url_at, url_at + 30) in spans_of(seed_text)
    return out


def evaluate(eval_dir: pathlib.Path, *, peers: bool = True) -> dict:
    """Figures for every contact eval set under ``eval_dir`` (and the seed page next to it)."""
    eval_dir = pathlib.Path(eval_dir)
    figures = {
        "addresses": eval_addresses(_read(eval_dir / "addresses.jsonl")),
        "phones": eval_phones(_read(eval_dir / "phones.jsonl")),
        "emails": eval_emails(_read(eval_dir / "emails.jsonl")),
        "facilities": eval_facilities(_read(eval_dir / "facilities.jsonl")),
    }
    seeds = sorted((eval_dir.parent / "seeds").glob("*.txt"))
    seed_text = seeds[0].read_text("utf-8") if seeds else None
    if seed_text:
        figures["seed"] = seed_checks(seed_text)
    if peers:
        figures["peers"] = _peers(
            _read(eval_dir / "phones.jsonl"), _read(eval_dir / "emails.jsonl"), seed_text
        )
    return figures


def headline(figures: dict) -> list[dict]:
    """The figures the README shows: each targeted figure, the seed's contact checks."""
    rows = []
    for name, target in TARGETS.items():
        section, key = name.split(".", 1)
        v = figures.get(section, {}).get(key)
        if v is None:
            continue
        at_most = key in ("false_positives", "tel_fax_confusions")
        rows.append(
            {
                "measure": f"{section}: {key.replace('_', ' ')}",
                "figure": str(v),
                "target": f"{'<=' if at_most else '>='} {target}",
                "met": v <= target if at_most else v >= target,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=pathlib.Path, default=pathlib.Path("../shared/eval"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-peers", action="store_true", help="skip the GiNZA comparison")
    args = parser.parse_args(argv)
    figures = evaluate(args.eval_dir, peers=not args.no_peers)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return figures
    print(f"{'figure':40} {'value':>10} {'target':>8}")
    for section, values in figures.items():
        for key, value in values.items():
            if isinstance(value, dict):
                for sub, v in value.items():
                    print(f"  {section}.{key}.{sub:30} {str(v):>10}")
                continue
            name = key if key.startswith("ginza.") else f"{section}.{key}"
            target = TARGETS.get(name, "")
            print(f"{name:40} {str(value):>10} {str(target):>8}")

    return figures


if __name__ == "__main__":
    main()
