"""Evaluate the dates finder: era edge cases, ja-timex's test cases, KWDLC dev DATE spans and
the seed page.

Every case of every set is scored. Out of scope are only what is no calendar date at all:
times of day without a date (12時59分, 1秒後, 半日前) and pure durations (30,000年).

    .venv/bin/python -m evaluation.dates --eval-dir ../shared/eval [-v] [--show-kwdlc]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import re

from evaluation import common
from evaluation.common import inside_any
from pipeline.entities.dates import find_dates, infer_doc_date, normalize_numerals

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = dt.date(2021, 7, 18)  # ja-timex's fixed reference date in its tests
TARGETS = {
    "era_edge_all_fields": 1.0,
    "ja_timex_correct": 0.95,
    "kwdlc_recall": 0.95,
    "kwdlc_precision": 0.90,
    "seed_found": 13,
    "seed_extra": 0,
}
SEED_DATES = ROOT / "tests" / "fixtures" / "seed_dates.tsv"
SEED_PAGE = ROOT / "raw" / "aist_tohoku_newsletter_2005_01.txt"


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
    # (predicate over the case, reason): only what is no calendar date at all
    (
        lambda c: (
            re.search(r"[時分秒]", c["text"]) and not re.search(r"[年月]", c["text"]) or c["text"] == "半日前"
        ),
        "time of day without a date",
    ),
    (lambda c: "30,000年" in c["text"], "pure duration (30,000 years)"),
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
        if a["start_date"] is None:
            return False
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


def _written(span) -> str:
    """The span's text with the modifier written after it (2021年 + 以前)."""
    mod_text = span.attrs.get("mod_text") or ""
    return span.text if span.text.endswith(mod_text) else span.text + mod_text


def _judge(case: dict) -> tuple[bool, str]:
    ex, text, cat = case["expected"], case["text"], case["category"]
    if cat == "number_normalization":
        fn = ex["function"]
        got = normalize_numerals(
            text,
            kanji=fn not in ("_normalize_zen_to_han", "_remove_comma_inside_digits"),
            commas=fn != "_normalize_zen_to_han",
        )
        return got == ex["normalized_text"], got
    # relative and year-less cases are resolved against ja-timex's reference date
    ref = (
        REFERENCE
        if (case.get("reference") or cat in ("relative_word", "absolute_date_to_datetime", "mod"))
        else None
    )
    spans = find_dates(text, anchor=ref)
    shown = (
        "; ".join(f"{s.text}={s.value}" + (f"[{s.attrs['mod']}]" if s.attrs["mod"] else "") for s in spans)
        or "-"
    )
    if ex.get("match", "x") is None:
        # ja-timex tags nothing; a span we keep must say the date is not valid (令和00年)
        return not any(s.attrs["valid"] for s in spans), shown
    if ex.get("count") == 0:
        return not spans, shown
    if cat == "year_vs_duration":  # 50年来: a duration, no DATE
        return not spans, shown
    if cat == "relative_word":
        want = ex.get("timexes") or [ex]
        return _check_relative(spans, want), shown
    if "to_datetime()" in ex or "timexes" in ex and "to_datetime()" in ex["timexes"][0]:
        wants = [t["to_datetime()"] for t in ex["timexes"]] if "timexes" in ex else [ex["to_datetime()"]]
        if len(spans) != len(wants):
            return False, shown
        for s, want in zip(spans, wants):
            a = s.attrs
            if want is None:
                # ja-timex names no instant for a century; an interval for it is no error
                if a["start_date"] is not None and a["granularity"] != "century":
                    return False, shown
                continue
            day = dt.date.fromisoformat(want.replace("<year=current>", str(REFERENCE.year))[:10])
            if a["start_date"] is None or not a["start_date"] <= day <= a["end_date"]:
                return False, shown
        return True, shown
    if cat == "mod":
        if len(spans) != 1 or _written(spans[0]) != text:
            return False, shown
        a = spans[0].attrs
        return a["mod"] == ex.get("mod", "END") and (
            a["start_date"] is not None or a["granularity"] == "century"
        ), shown
    if "timexes" in ex:  # ranges and numerals in kanji: one mention per expression
        want = [t.get("raw_text", t["text"]) for t in ex["timexes"]]
        return [s.text for s in spans] == want, shown
    if "span" in ex:
        return len(spans) == 1 and [spans[0].start, spans[0].end] == ex["span"], shown
    if "value" in ex:
        if len(spans) != ex.get("count", 1):
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


# ---------------------------------------------------------------- KWDLC


def _kwdlc(eval_dir: pathlib.Path, split: str = "dev") -> dict:
    """Exact-span recall of the gold DATE spans that hold a number or an era name, and the
    precision of every DATE the pipeline outputs (OPTIONAL spans count neither way)."""
    from pipeline.entities.dates.words import _tables
    from pipeline.entities.finder import find_entities

    eras = "|".join(sorted({e.name for e in _tables().modern} | set(_tables().eras), key=len, reverse=True))
    number_or_era = re.compile(rf"[0-9０-９〇一二三四五六七八九十百千]|{eras}")
    rows = [row for row in _read(eval_dir / "kwdlc.jsonl") if row["split"] == split]
    ours = [{(s.start, s.end) for s in find_entities(row["text"]).spans if s.label == "DATE"} for row in rows]
    res = _score_kwdlc(rows, ours, number_or_era) | {"split": split}
    ginza = _ginza_dates([row["text"] for row in rows])
    if ginza is not None:
        g = _score_kwdlc(rows, ginza, number_or_era)
        res["ginza"] = {k: g[k] for k in ("recall", "precision")}
    return res


# GiNZA's extended named-entity labels that are calendar dates
_GINZA_DATE = {"Date", "Era", "Period_Year", "Period_Month", "Period_Week", "Period_Day"}


def _ginza_dates(texts: list[str]):
    nlp = common.ginza()
    if nlp is None:  # optional comparison; make eval installs it
        return None
    return [
        {(e.start_char, e.end_char) for e in doc.ents if e.label_ in _GINZA_DATE}
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def _score_kwdlc(rows: list[dict], preds: list[set], number_or_era: re.Pattern) -> dict:
    n_gold = found = tp = n_pred = 0
    missed, wrong = [], []
    for row, pred in zip(rows, preds):
        text = row["text"]
        gold = {(e["start"], e["end"]) for e in row["entities"] if e["irex"] == "DATE"}
        optional = [(e["start"], e["end"]) for e in row["entities"] if e["irex"] == "OPTIONAL"]
        for a, b in gold:
            if number_or_era.search(text[a:b]):
                n_gold += 1
                if (a, b) in pred:
                    found += 1
                else:
                    missed.append(f"{text[a:b]}  ..{text[max(0, a - 8) : b + 8]}..".replace("\n", "/"))
        for a, b in pred:
            if (a, b) in gold:
                tp += 1
                n_pred += 1
            elif not inside_any(a, b, optional):
                n_pred += 1
                wrong.append(f"{text[a:b]}  ..{text[max(0, a - 8) : b + 8]}..".replace("\n", "/"))
    return {
        "n_gold_number_or_era": n_gold,
        "found": found,
        "recall": found / n_gold if n_gold else None,
        "n_predicted": n_pred,
        "correct": tp,
        "precision": tp / n_pred if n_pred else None,
        "missed": missed,
        "wrong": wrong,
    }


# ---------------------------------------------------------------- seed page


def _seed() -> dict:
    lines = SEED_DATES.read_text(encoding="utf-8").splitlines()
    want = [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]
    text = SEED_PAGE.read_text(encoding="utf-8")
    doc_date, basis = infer_doc_date(text)
    spans = find_dates(text, anchor=doc_date)
    got = [(s.text, _iso(s.attrs["start_date"]), _iso(s.attrs["end_date"])) for s in spans]
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
        "kwdlc": _kwdlc(eval_dir),
        "seed": _seed(),
    }


def headline(res: dict) -> list[dict]:
    """The figures the README shows, with the issue's targets."""
    ee, jt, kw, sd = res["era_edge"], res["ja_timex"], res["kwdlc"], res["seed"]
    return [
        {
            "measure": "dates_era_edge.jsonl: cases right",
            "figure": f"{ee['all_fields_correct']}/{ee['n_cases']}",
            "target": f"{ee['n_cases']}/{ee['n_cases']}",
            "met": ee["all_fields_correct"] == ee["n_cases"],
        },
        {
            "measure": "dates_ja_timex.jsonl: cases right (every case scored)",
            "figure": f"{jt['in_scope_correct']}/{jt['n_in_scope']} = {jt['in_scope_rate']:.3f}",
            "target": f">= {TARGETS['ja_timex_correct']}",
            "met": jt["in_scope_rate"] >= TARGETS["ja_timex_correct"],
        },
        {
            "measure": f"KWDLC {kw['split']}: DATE with a number or an era, exact recall",
            "figure": f"{kw['found']}/{kw['n_gold_number_or_era']} = {kw['recall']:.3f}",
            "target": f">= {TARGETS['kwdlc_recall']}",
            "met": kw["recall"] >= TARGETS["kwdlc_recall"],
        },
        {
            "measure": f"KWDLC {kw['split']}: every DATE output, exact precision",
            "figure": f"{kw['correct']}/{kw['n_predicted']} = {kw['precision']:.3f}",
            "target": f">= {TARGETS['kwdlc_precision']}",
            "met": kw["precision"] >= TARGETS["kwdlc_precision"],
        },
        {
            "measure": "seed page: date expressions right, nothing else tagged",
            "figure": f"{sd['found']}/{sd['n_expected']}, {len(sd['extra'])} other",
            "target": "13/13, 0 other",
            "met": sd["found"] == TARGETS["seed_found"] and len(sd["extra"]) == TARGETS["seed_extra"],
        },
    ]


def main(argv=None) -> dict:
    """Print the figures with their targets."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default="../shared/eval", type=pathlib.Path)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every ja-timex case")
    ap.add_argument("--show-kwdlc", action="store_true", help="list KWDLC spans missed and tagged wrongly")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    res = evaluate(args.eval_dir)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1, default=str))
        return res
    ee, jt, kw, sd = res["era_edge"], res["ja_timex"], res["kwdlc"], res["seed"]

    def line(name, measured, target, ok):
        print(f"{name:<48} {measured:>16}  {target:>8}  {'ok' if ok else 'MISS'}")

    print(f"{'dates':<48} {'measured':>16}  {'target':>8}")
    line(
        "era edge: cases right (all expected fields)",
        f"{ee['all_fields_correct']}/{ee['n_cases']}",
        "97/97",
        ee["all_fields_correct"] == ee["n_cases"],
    )
    line(
        "era edge: intervals exact",
        f"{ee['interval_exact']}/{ee['n_with_interval']}",
        "all",
        ee["interval_exact"] == ee["n_with_interval"],
    )
    line(
        "ja-timex: cases right",
        f"{jt['in_scope_correct']}/{jt['n_in_scope']} {jt['in_scope_rate']:.1%}",
        ">= 95 %",
        jt["in_scope_rate"] >= TARGETS["ja_timex_correct"],
    )
    print(f"{'ja-timex: out of scope (no calendar date)':<48} {jt['n_cases'] - jt['n_in_scope']:>16}")
    line(
        f"KWDLC {kw['split']}: recall, DATE with a number or era",
        f"{kw['found']}/{kw['n_gold_number_or_era']} {kw['recall']:.3f}",
        ">= 0.95",
        kw["recall"] >= TARGETS["kwdlc_recall"],
    )
    line(
        f"KWDLC {kw['split']}: precision, every DATE output",
        f"{kw['correct']}/{kw['n_predicted']} {kw['precision']:.3f}",
        ">= 0.90",
        kw["precision"] >= TARGETS["kwdlc_precision"],
    )
    if "ginza" in kw:
        print(
            f"{'KWDLC ' + kw['split'] + ': GiNZA on the same documents':<48} "
            f"{'R ' + format(kw['ginza']['recall'], '.3f') + ' P ' + format(kw['ginza']['precision'], '.3f'):>16}"
        )
    line("seed: expressions found", f"{sd['found']}/{sd['n_expected']}", "13/13", sd["found"] == 13)
    line("seed: other spans tagged", str(len(sd["extra"])), "0", not sd["extra"])
    print(
        f"seed: inferred doc date {sd['doc_date']} ({sd['doc_date_basis']}), "
        f"in 2005-01-25..2005-03-31: {sd['doc_date_in_window']}"
    )
    if ee["misses"]:
        print("\nera edge cases not fully matched:")
        for m in ee["misses"]:
            print(f"  {m['text']}: {'; '.join(m['diffs'])}  [{m['note']}]")
    bad = [c for c in jt["cases"] if c["scope"] == "in" and not c["correct"]]
    if bad:
        print("\nja-timex cases wrong:")
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
        print("\nja-timex cases (ours | ja-timex):")
        for c in jt["cases"]:
            if c["scope"] == "in":
                print(f"  {'ok ' if c['correct'] else 'BAD'} {c['text']!r}: {c['ours']} | {c['ja_timex']}")
    if args.show_kwdlc:
        print("\nKWDLC missed:", *kw["missed"], sep="\n  ")
        print("\nKWDLC tagged, not gold:", *kw["wrong"], sep="\n  ")
    if sd["missing"] or sd["extra"]:
        print(f"\nseed missing: {sd['missing']}\nseed extra: {sd['extra']}")
    print(f"\nja-timex on the seed page: {'; '.join(sd['ja_timex'])}")

    return res


if __name__ == "__main__":
    main()
