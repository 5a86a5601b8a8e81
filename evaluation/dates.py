"""Evaluate pipeline.dates on the era edge cases, ja-timex's test cases and the seed page."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import pathlib
import re

from pipeline.dates import find_dates, infer_doc_date

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = dt.date(2021, 7, 18)  # ja-timex's fixed reference date in its tests
TARGETS = {
    "era_edge_interval_exact": 1.0,
    "ja_timex_in_scope_correct": 0.95,
    "seed_found": 13,
    "seed_extra": 0,
}


def _iso(d):
    return d.isoformat() if isinstance(d, dt.date) else d


def _read(path: pathlib.Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- era edge cases


def _era_edge(rows: list[dict]) -> dict:
    n_int = ok_int = n_all = ok_all = 0
    misses = []
    for r in rows:
        ex = r["expected"]
        anchor = None
        if r.get("context"):
            # the context gives the document date (and hence the era in force)
            anchor = dt.date.fromisoformat(r["context"]["document_date"] + "-01")
        spans = find_dates(r["text"], anchor=anchor)
        got = spans[0].attrs if len(spans) == 1 and spans[0].text == r["text"] else None
        diffs = []
        if got is None:
            diffs.append(f"spans={[(s.text, s.value) for s in spans]}")
        else:
            checks = {
                "granularity": got["granularity"],
                "valid": got["valid"],
                "start": _iso(got["start_date"]),
                "end": _iso(got["end_date"]),
            }
            if ex.get("granularity") != "fiscal_year":
                checks["year"] = got["year"]
            if "fiscal_year" in ex:
                s = got["start_date"]
                checks["fiscal_year"] = (s.year if s.month >= 4 else s.year - 1) if s else None
            if "era_inferred" in ex:
                checks["era_inferred"] = got["era"] if got["era_inferred"] else None
            for k, v in checks.items():
                if k in ex and ex[k] != v:
                    diffs.append(f"{k}: want {ex[k]} got {v}")
        has_int = "start" in ex
        n_all += 1
        ok_all += not diffs
        if has_int:
            n_int += 1
            ok_int += not diffs
        if diffs:
            misses.append({"text": r["text"], "diffs": diffs, "note": ex.get("reason", r.get("note", ""))})
    return {
        "n_cases": n_all,
        "all_fields_correct": ok_all,
        "n_with_interval": n_int,
        "interval_exact": ok_int,
        "interval_exact_rate": ok_int / n_int if n_int else None,
        "misses": misses,
    }


# ---------------------------------------------------------------- ja-timex cases

_OUT_OF_SCOPE = [
    # (predicate over the case, reason)
    (
        lambda c: c["expected"].get("mod") in ("ON_OR_BEFORE", "ON_OR_AFTER", "APPROX", "MID"),
        "open or approximate modifier (以前, 以来, 前後, 頃, 近く, なかば): no closed interval",
    ),
    (
        lambda c: c["text"] == "令和00年",
        "conflicts with dates_era_edge.jsonl: an era year 0 is extracted and flagged valid=false, not dropped",
    ),
    (
        lambda c: c["category"] == "number_normalization",
        "unit test of ja-timex's number normaliser, not an extraction",
    ),
    (
        lambda c: (
            c["category"] == "absolute_date_ambiguous" and c["expected"].get("value", "").startswith("00")
        ),
        "ja-timex reads 13/8 as year 13, month 8; we tag no number pair whose first part is no month",
    ),
    (
        lambda c: re.search(r"[時分秒]", c["text"]) and not re.search(r"[年月]", c["text"]),
        "time of day / sub-day offset: DATE is a calendar interval",
    ),
    (
        lambda c: re.search(r"(?:[0-9０-９]+|半|四半世紀)(?:日|ヶ月|か月|年|世紀)?前$|年前$|後$", c["text"]),
        "offset from the reference ('2ヶ月前'): a duration, not a calendar expression",
    ),
    (
        lambda c: c["text"] in ("前日", "翌日", "先日"),
        "anaphoric (前日/翌日 count from the previous date in the text) or vague (先日 = 'recently')",
    ),
    (
        lambda c: c["category"] == "range" and re.match(r"^[0-9]+日", c["text"]),
        "day of month without a month ('10日-20日')",
    ),
    (lambda c: "30,000年" in c["text"], "durations ('30,000年前')"),
    (lambda c: c["text"] == "20世紀12月30日", "malformed expression (century + month/day)"),
    (lambda c: "紀元前" in c["text"], "BCE dates"),
]


def _scope(case: dict) -> str | None:
    for pred, reason in _OUT_OF_SCOPE:
        if pred(case):
            return reason
    return None


def _timex_value(a: dict) -> str:
    g, y, m, d = a["granularity"], a["year"], a["month"], a["day"]
    yy = f"{y:04d}" if y is not None else "XXXX"
    if g == "fiscal_year":
        return f"FY{y}"
    if g == "day":
        return f"{yy}-{m:02d}-{d:02d}"
    if g == "month":
        return f"{yy}-{m:02d}-XX"
    return f"{yy}-XX-XX"


def _period(a: dict) -> tuple[dt.date, dt.date]:
    y, m = a["start_date"].year, a["start_date"].month
    if a["month"] is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return dt.date(y, m, 1), nxt - dt.timedelta(days=1)


def _shift(unit: str, n: int) -> tuple[dt.date, dt.date]:
    r = REFERENCE
    if unit == "D":
        d = r + dt.timedelta(days=n)
        return d, d
    if unit == "W":
        s = r - dt.timedelta(days=r.weekday()) + dt.timedelta(weeks=n)
        return s, s + dt.timedelta(days=6)
    if unit == "M":
        k = r.year * 12 + r.month - 1 + n
        s = dt.date(k // 12, k % 12 + 1, 1)
        k += 1
        return s, dt.date(k // 12, k % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(r.year + n, 1, 1), dt.date(r.year + n, 12, 31)


def _check_relative(spans, want: list[dict]) -> bool:
    if len(spans) != len(want):
        return False
    for s, w in zip(spans, want):
        a = s.attrs
        mt = re.fullmatch(r"P([0-9]+)([DWMY])", w["value"])
        n, unit = int(mt[1]), mt[2]
        if a["granularity"] == "century":
            if not (a["start_date"] <= REFERENCE <= a["end_date"]) or n != 0:
                return False
            continue
        signs = {"BEFORE": [-1], "AFTER": [1]}.get(w.get("mod"), [-1, 1])
        if (a["start_date"], a["end_date"]) not in [_shift(unit, sg * n) for sg in signs]:
            return False
    return True


def _judge(case: dict) -> tuple[bool, str]:
    ex, text, cat = case["expected"], case["text"], case["category"]
    # relative and year-less cases are resolved against ja-timex's reference date
    ref = (
        REFERENCE
        if (case.get("reference") or cat in ("relative_word", "absolute_date_to_datetime", "mod"))
        else None
    )
    spans = find_dates(text, anchor=ref)
    shown = "; ".join(f"{s.text}={s.value}" for s in spans) or "-"
    if ex.get("match", "x") is None or ex.get("count") == 0:
        return not spans, shown
    if cat == "year_vs_duration":
        return not spans, shown
    if cat == "relative_word":
        want = ex.get("timexes") or [ex]
        return _check_relative(spans, want), shown
    if "to_datetime()" in ex or "timexes" in ex and "to_datetime()" in ex["timexes"][0]:
        want = ex.get("to_datetime()")
        if want is None:
            return not any(s.attrs["start_date"] for s in spans), shown
        want = want.replace("<year=current>", str(REFERENCE.year))[:10]
        return len(spans) == 1 and _iso(spans[0].attrs["start_date"]) == want, shown
    if cat == "mod":
        if len(spans) != 1 or spans[0].text != text or not spans[0].attrs["start_date"]:
            return False, shown
        a = spans[0].attrs
        lo, hi = (
            _period(a)
            if a["granularity"] not in ("half", "month") or a["month"]
            else _period(dict(a, month=None))
        )
        if a["granularity"] == "half" or (a["granularity"] == "month" and "月" not in text):
            lo, hi = _period(dict(a, month=None))
        mod = ex.get("mod", "END")
        if mod == "START":
            return a["start_date"] == lo and a["end_date"] < hi, shown
        return a["end_date"] == hi and a["start_date"] > lo, shown
    if cat in ("range", "kanji_numeral_span"):
        if "span" in ex:
            return len(spans) == 1 and [spans[0].start, spans[0].end] == ex["span"], shown
        want = ex["timexes"]
        if len(spans) != 1:
            return False, shown
        a = spans[0].attrs
        s = spans[0]
        first = find_dates(want[0].get("raw_text", want[0]["text"]))
        last = find_dates(want[-1].get("raw_text", want[-1]["text"]))
        if not first or not last:
            return False, shown
        if first[0].value and last[0].value and s.value == f"{first[0].value}/{last[0].value}":
            return a["granularity"] == "range", shown
        return False, shown
    if "value" in ex:
        if "count" in ex and len(spans) != ex["count"]:
            return False, shown
        if len(spans) != 1:
            return False, shown
        return _timex_value(spans[0].attrs) == ex["value"], shown
    return False, shown


def _ja_timex_output(case: dict) -> str:
    try:
        import pendulum
        from ja_timex import TimexParser
    except Exception:  # noqa: BLE001 - optional comparison only
        return "not installed"
    try:
        ref = case.get("reference")
        parser = TimexParser(reference=pendulum.parse(ref)) if ref else TimexParser()
        return "; ".join(f"{t.raw_text or t.text}={t.value}" for t in parser.parse(case["text"])) or "-"
    except Exception as err:  # noqa: BLE001
        return f"error: {err}"


def _ja_timex(rows: list[dict]) -> dict:
    cases, n_in, ok = [], 0, 0
    for c in rows:
        reason = _scope(c)
        row = {"text": c["text"], "category": c["category"], "ja_timex": _ja_timex_output(c)}
        if reason:
            row.update(scope="out", reason=reason)
        else:
            good, shown = _judge(c)
            row.update(scope="in", correct=good, ours=shown, expected=c["expected"])
            n_in += 1
            ok += good
        cases.append(row)
    return {
        "n_cases": len(rows),
        "n_in_scope": n_in,
        "in_scope_correct": ok,
        "in_scope_rate": ok / n_in if n_in else None,
        "cases": cases,
    }


# ---------------------------------------------------------------- seed page


def _seed(seed_dir: pathlib.Path) -> dict:
    spec = importlib.util.spec_from_file_location("_test_dates", ROOT / "tests" / "test_dates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    expected = mod.SEED_EXPECTED
    path = next(iter(sorted(seed_dir.glob("*.txt"))), None)
    if path is None:
        return {"error": f"no seed page in {seed_dir}"}
    text = path.read_text(encoding="utf-8")
    doc_date, basis = infer_doc_date(text)
    spans = find_dates(text, anchor=doc_date)
    got = [(s.text, _iso(s.attrs["start_date"]), _iso(s.attrs["end_date"])) for s in spans]
    want = [(t, s, e) for t, s, e in expected]
    found = sum(1 for w in want if w in got)
    extra = [g for g in got if g not in want]
    missing = [w for w in want if w not in got]
    try:
        from ja_timex import TimexParser

        jt = [f"{t.raw_text or t.text}={t.value}" for t in TimexParser().parse(text)]
    except Exception:  # noqa: BLE001
        jt = ["not installed"]
    return {
        "n_expected": len(want),
        "found": found,
        "extra": extra,
        "missing": missing,
        "doc_date": _iso(doc_date),
        "doc_date_basis": basis,
        "doc_date_in_window": doc_date is not None
        and dt.date(2005, 1, 25) <= doc_date <= dt.date(2005, 3, 31),
        "ja_timex": jt,
    }


def evaluate(eval_dir: pathlib.Path) -> dict:
    """Figures for the dates finder over the evaluation sets and the seed page."""
    eval_dir = pathlib.Path(eval_dir)
    return {
        "era_edge": _era_edge(_read(eval_dir / "dates_era_edge.jsonl")),
        "ja_timex": _ja_timex(_read(eval_dir / "dates_ja_timex.jsonl")),
        "seed": _seed(eval_dir.parent / "seeds"),
    }


def main(argv=None) -> None:
    """Print the figures with their targets."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval-dir", default="../shared/eval", type=pathlib.Path)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every ja-timex case")
    args = ap.parse_args(argv)
    res = evaluate(args.eval_dir)
    ee, jt, sd = res["era_edge"], res["ja_timex"], res["seed"]
    print("dates                                   measured      target")
    print(
        f"era edge: intervals exact             {ee['interval_exact']:>3}/{ee['n_with_interval']:<3} "
        f"{ee['interval_exact_rate']:6.1%}   100 %"
    )
    print(
        f"era edge: all expected fields         {ee['all_fields_correct']:>3}/{ee['n_cases']:<3}"
        f" {ee['all_fields_correct'] / ee['n_cases']:6.1%}   (info)"
    )
    print(
        f"ja-timex: in-scope correct            {jt['in_scope_correct']:>3}/{jt['n_in_scope']:<3} "
        f"{jt['in_scope_rate']:6.1%}   >= 95 %"
    )
    print(f"ja-timex: out of scope                {jt['n_cases'] - jt['n_in_scope']:>3}")
    print(
        f"seed: expressions found               {sd.get('found', 0):>3}/{sd.get('n_expected', 0):<3}"
        f"           13/13"
    )
    print(f"seed: other spans tagged              {len(sd.get('extra', [])):>3}               0")
    print(
        f"seed: inferred doc date               {sd.get('doc_date')} ({sd.get('doc_date_basis')})"
        f"  in 2005-01-25..2005-03-31: {sd.get('doc_date_in_window')}"
    )
    if ee["misses"]:
        print("\nera edge cases not fully matched:")
        for m in ee["misses"]:
            print(f"  {m['text']}: {'; '.join(m['diffs'])}  [{m['note']}]")
    bad = [c for c in jt["cases"] if c["scope"] == "in" and not c["correct"]]
    if bad:
        print("\nja-timex cases in scope, wrong:")
        for c in bad:
            print(
                f"  {c['text']!r}: ours {c['ours']} | expected {json.dumps(c['expected'], ensure_ascii=False)}"
                f" | ja-timex {c['ja_timex']}"
            )
    print("\nja-timex cases out of scope (reason | ja-timex's own output):")
    for c in jt["cases"]:
        if c["scope"] == "out":
            print(f"  {c['text']!r}: {c['reason']} | {c['ja_timex']}")
    if args.verbose:
        print("\nja-timex cases in scope (ours | ja-timex):")
        for c in jt["cases"]:
            if c["scope"] == "in":
                print(f"  {'ok ' if c['correct'] else 'BAD'} {c['text']!r}: {c['ours']} | {c['ja_timex']}")
    if sd.get("missing") or sd.get("extra"):
        print(f"\nseed missing: {sd.get('missing')}\nseed extra: {sd.get('extra')}")
    print(f"\nja-timex on the seed page: {'; '.join(sd.get('ja_timex', []))}")


if __name__ == "__main__":
    main()
