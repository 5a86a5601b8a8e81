"""What several evaluation topics share: P/R/F1 from counts, KWDLC's OPTIONAL spans, GiNZA."""

from __future__ import annotations

import functools


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (rounded to three places) with the counts they come from."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def inside_any(a: int, b: int, spans) -> bool:
    """True when the span (a, b) lies within one of ``spans`` (KWDLC's OPTIONAL spans)."""
    return any(c <= a and b <= d for c, d in spans)


@functools.cache
def ginza():
    """GiNZA (ja_ginza), the reference NER, loaded once per process; None when it is not
    installed (make eval installs it from requirements-eval.lock)."""
    try:
        import spacy

        return spacy.load("ja_ginza")
    except Exception:  # noqa: BLE001 - not installed, or the model package missing
        return None
