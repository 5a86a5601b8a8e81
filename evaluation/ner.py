"""Named-entity figures (PERSON, ORG, LOCATION): KWDLC dev documents and the Wikipedia
held-out part, for the model alone, the whole pipeline, and GiNZA on the same documents.

Exact-span P/R/F1 per label.  KWDLC's OPTIONAL spans ("either answer is right") are left
out of the count: a prediction that falls inside one is neither right nor wrong.  The
Wikipedia set scores ORG against its ``orgs`` and PERSON against 人名, LOCATION against 地名.

    .venv/bin/python -m evaluation.ner --eval-dir ../shared/eval
    .venv/bin/python -m evaluation.ner --eval-dir ../shared/eval --show-errors PERSON
"""

from __future__ import annotations

import argparse
import json
import pathlib
import time
from collections import Counter

from evaluation import common
from evaluation.common import inside_any, prf
from evaluation.orgs import GINZA_ORG_LABELS
from pipeline.entities.ner.train import kwdlc_docs, wiki_docs

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABELS = ("PERSON", "ORG", "LOCATION")
TARGETS = {
    ("kwdlc", "PERSON"): 0.80,
    ("kwdlc", "ORG"): 0.62,
    ("kwdlc", "LOCATION"): 0.78,
    ("wiki", "ORG"): 0.78,
    ("wiki", "PERSON"): 0.85,
}
GINZA_LABELS: dict[str, str] = {}
for _l in ("Person", "God"):
    GINZA_LABELS[_l] = "PERSON"
GINZA_LABELS.update(dict.fromkeys(GINZA_ORG_LABELS, "ORG"))
for _l in (
    "Location",
    "Location_Other",
    "GPE",
    "GPE_Other",
    "City",
    "County",
    "Province",
    "Country",
    "Region",
    "Region_Other",
    "Geological_Region_Other",
    "Landform_Other",
    "Mountain",
    "Island",
    "River",
    "Lake",
    "Sea",
    "Bay",
    "Continental_Region",
    "Domestic_Region",
    "Astral_Body_Other",
    "Address_Other",
    "Spa",
    "Canal",
):
    GINZA_LABELS[_l] = "LOCATION"


def _pipeline_spans(text: str) -> list[tuple[int, int, str]]:
    from pipeline.entities.finder import find_entities

    layer = find_entities(text)
    return [
        (s.start, s.end, s.label)
        for s in layer.spans
        if s.label in LABELS and s.attrs.get("kind") != "deictic"
    ]


def _model_spans(text: str) -> list[tuple[int, int, str]]:
    from pipeline.entities.ner.model import tag
    from pipeline.text.tokens import tokenize

    return [(s.start, s.end, s.label) for s in tag(text, tokenize(text))]


def score(docs: list[dict], preds: list[list[tuple[int, int, str]]]) -> dict[str, dict]:
    out = {}
    for label in LABELS:
        tp = fp = fn = 0
        for doc, pred in zip(docs, preds):
            gold = {(a, b) for a, b, lab in doc["spans"] if lab == label}
            p = {(a, b) for a, b, lab in pred if lab == label}
            # Inside an OPTIONAL span: not counted either way.
            p = {(a, b) for a, b in p if (a, b) in gold or not inside_any(a, b, doc["optional"])}
            tp += len(gold & p)
            fp += len(p - gold)
            fn += len(gold - p)
        out[label] = prf(tp, fp, fn)
    return out


def _ginza_spans(texts: list[str]):
    nlp = common.ginza()
    if nlp is None:  # not installed: make eval installs it from requirements-eval.lock
        return None
    return [
        [(e.start_char, e.end_char, GINZA_LABELS[e.label_]) for e in doc.ents if e.label_ in GINZA_LABELS]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def evaluate(eval_dir: pathlib.Path, *, ginza: bool = True, show: str | None = None) -> dict:
    sets = {"kwdlc": kwdlc_docs(eval_dir, "dev"), "wiki": wiki_docs(eval_dir, "held_out")}
    res: dict = {}
    for name, docs in sets.items():
        texts = [d["text"] for d in docs]
        res[name] = {"documents": len(docs)}
        for system, fn in (("model", _model_spans), ("pipeline", _pipeline_spans)):
            t = time.perf_counter()
            preds = [fn(x) for x in texts]
            res[name][system] = score(docs, preds) | {"seconds": round(time.perf_counter() - t, 1)}
            if show and system == "pipeline":
                _show(docs, preds, show)
        if ginza:
            g = _ginza_spans(texts)
            res[name]["ginza"] = score(docs, g) if g is not None else "not installed"
    return res


def _show(docs, preds, label) -> None:
    missed, wrong = Counter(), Counter()
    for doc, pred in zip(docs, preds):
        gold = {(a, b) for a, b, lab in doc["spans"] if lab == label}
        p = {(a, b) for a, b, lab in pred if lab == label}
        for a, b in gold - p:
            near = [doc["text"][c:d] for c, d, _ in pred if c < b and a < d]
            missed[f"{doc['text'][a:b]} (got {near})"] += 1
        for a, b in p - gold:
            if not inside_any(a, b, doc["optional"]):
                wrong[f"{doc['text'][a:b]}  ..{doc['text'][max(0, a - 8) : b + 8]}.."] += 1
    print(f"--- {label} missed ({sum(missed.values())})")
    for k, v in missed.most_common(60):
        print(f"  {v} {k}")
    print(f"--- {label} wrong ({sum(wrong.values())})")
    for k, v in wrong.most_common(60):
        print(f"  {v} {k}")


_SET_NAMES = {"kwdlc": "KWDLC dev", "wiki": "Wikipedia held-out"}


def headline(res: dict) -> list[dict]:
    """The figures the README shows: exact-span F1 per set and label, beside the model alone
    and GiNZA on the same documents."""
    rows = []
    for name, r in res.items():
        for label in LABELS:
            p, m, g = r["pipeline"][label], r["model"][label], r.get("ginza")
            target = TARGETS.get((name, label))
            gf = f", GiNZA {g[label]['f1']:.3f}" if isinstance(g, dict) else ""
            rows.append(
                {
                    "measure": f"{_SET_NAMES[name]} ({r['documents']}): {label} exact F1",
                    "figure": f"{p['f1']:.3f} (P {p['precision']:.3f}, R {p['recall']:.3f}; model {m['f1']:.3f}{gf})",
                    "target": "" if target is None else f">= {target:.2f}",
                    "met": None if target is None else p["f1"] >= target,
                }
            )
    return rows


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=pathlib.Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--no-ginza", action="store_true")
    ap.add_argument("--show-errors", choices=LABELS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = evaluate(args.eval_dir, ginza=not args.no_ginza, show=args.show_errors)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return res
    names = {"kwdlc": "kwdlc.jsonl dev", "wiki": "orgs.jsonl held-out"}
    print(f"{'set':<20} {'label':<9} {'pipeline F1 (P/R)':>20} {'model F1':>9} {'GiNZA F1':>9} {'target':>7}")
    for name, r in res.items():
        for label in LABELS:
            p, m, g = r["pipeline"][label], r["model"][label], r.get("ginza")
            gf = f"{g[label]['f1']:.3f}" if isinstance(g, dict) else "-"
            target = TARGETS.get((name, label))
            mark = "" if target is None else (f"{target:.2f} " + ("ok" if p["f1"] >= target else "MISS"))
            print(
                f"{names[name] + ' (' + str(r['documents']) + ')':<20} {label:<9} "
                f"{p['f1']:>7.3f} ({p['precision']:.3f}/{p['recall']:.3f}) {m['f1']:>9.3f} {gf:>9} {mark:>7}"
            )
    return res


if __name__ == "__main__":
    main()
