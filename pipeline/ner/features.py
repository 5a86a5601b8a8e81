"""The named-entity model's features, declared once for training and inference.

A feature *template* reads one or two token *attributes* at an offset from the token being
labelled (``w[-1]``: the previous token's surface; ``pos[0]|pos[1]``: this token's part of
speech with the next one's).  :data:`TEMPLATES` is the whole list.  :func:`template_values`
turns a text's tokens into, per template, an integer code per token and the code's string
value; training writes ``"<template>=<value>"`` attributes for CRFsuite from exactly those
codes and values, and inference looks the values up in the trained weights and gathers
rows by the codes.  The two cannot drift apart: they share every line here.

Attributes are computed once per distinct value (a surface, a part-of-speech tuple), never
once per token, and tokens take them by their codes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from pipeline.datafiles import PACKAGE, data_lines

# Out-of-sequence values: the token before the first and after the last of a sequence.
BOS, EOS = "<s>", "</s>"


@dataclass(frozen=True)
class Template:
    """``name`` reads ``attrs[i]`` at ``offsets[i]`` (one or two of them)."""

    name: str
    attrs: tuple[str, ...]
    offsets: tuple[int, ...]


def _t(attrs: str, offsets: str) -> Template:
    a = tuple(attrs.split("|"))
    o = tuple(int(x) for x in offsets.split("|"))
    name = "|".join(f"{x}[{k}]" for x, k in zip(a, o))
    return Template(name, a, o)


# The model's whole feature set.  Attributes: w surface, pos the four UniDic part-of-speech
# levels, cc character classes, pre/suf first and last character, suf2 last two, len a
# length bucket, lex the word lists a word is on, gz a gazetteer match over several tokens,
# sp whether whitespace precedes the token, doc what the rest of the text says about the
# word (it occurs with a person's title or honorific elsewhere, ...).
TEMPLATES: tuple[Template, ...] = tuple(_t(a, o) for a, o in (
    ("w", "-2"), ("w", "-1"), ("w", "0"), ("w", "1"), ("w", "2"),
    ("w|w", "-1|0"), ("w|w", "0|1"),
    ("pos", "-2"), ("pos", "-1"), ("pos", "0"), ("pos", "1"), ("pos", "2"),
    ("pos|pos", "-1|0"), ("pos|pos", "0|1"),
    ("cc", "-1"), ("cc", "0"), ("cc", "1"),
    ("cc|cc", "-1|0"), ("cc|cc", "0|1"),
    ("pre", "0"), ("suf", "0"), ("suf2", "0"), ("len", "0"),
    ("suf", "-1"), ("suf", "1"),
    ("lex", "-1"), ("lex", "0"), ("lex", "1"), ("lex", "2"),
    ("gz", "-1"), ("gz", "0"), ("gz", "1"),
    ("sp", "0"), ("sp", "1"),
    ("w|pos", "0|1"), ("pos|w", "-1|0"),
    ("doc", "0"),
    ("unk", "0"), ("unk|cc", "0|0"), ("unk", "-1"), ("unk", "1"),
    ("kc", "-1"), ("kc", "0"), ("kc", "1"),
    ("c1", "-1"), ("c1", "0"), ("c1", "1"), ("c2", "-1"), ("c2", "0"), ("c2", "1"),
    ("c1|c1", "-1|0"), ("c1|c1", "0|1"), ("c2", "-2"), ("c2", "2"),
    ("rh", "-1"), ("rh", "0"), ("rh", "1"), ("rh|w", "0|0"),
))

ATTRIBUTES = ("w", "pos", "cc", "pre", "suf", "suf2", "len", "lex", "gz", "sp", "doc", "unk", "kc", "c1", "c2", "rh")


# ---------------------------------------------------------------- per-value attributes
def _char_class(ch: str) -> str:
    o = ord(ch)
    if 0x3041 <= o <= 0x309F:
        return "H"  # hiragana
    if 0x30A1 <= o <= 0x30FA or ch in "ーｰ" or 0xFF66 <= o <= 0xFF9D:
        return "K"  # katakana
    if 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or ch in "々〆ヶ":
        return "C"  # kanji
    if ch in "・＝=･":
        return "D"  # the dots and equals that join the parts of a foreign name
    if ch.isdigit():
        return "N"
    if ch.isalpha():
        return "U" if ch.isupper() else "L"
    if ch.isspace():
        return "S"
    return "P"


def char_classes(s: str) -> str:
    """The runs of character classes of ``s``, each run once (東北大学 -> C, ＮＰＯ法人 -> UC)."""
    out = []
    for ch in s:
        c = _char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


@cache
def word_lists() -> dict[str, str]:
    """Word -> the letters of the lists it is on (T title, H honorific, S institutional
    suffix, U unit suffix, F legal form, R prefecture, M municipality, G region)."""
    lists: dict[str, set[str]] = {}

    def put(word: str, letter: str) -> None:
        if word:
            lists.setdefault(word, set()).add(letter)

    for w in data_lines("job_titles.txt"):
        put(w.strip(), "T")
    for w in data_lines("ner_honorifics.txt"):
        put(w.strip(), "H")
    for ln in data_lines("org_suffixes.tsv"):
        word, kind = ln.split("\t")[:2]
        put(word, "U" if kind == "unit" else "S")
    for w in data_lines("org_legal_forms.txt"):
        put(w.strip(), "F")
    for w in data_lines("addr_regions.txt"):
        put(w.strip(), "G")
    for ln in data_lines("addr_municipalities.tsv"):
        pref, county, city, ward = (ln.split("\t") + ["", "", "", ""])[:4]
        put(pref, "R")
        put(re.sub("[都道府県]$", "", pref), "R")
        for name in (county, city, ward):
            put(name, "M")
            if len(name) > 2:
                put(name[:-1], "M")
    return {w: "".join(sorted(v)) for w, v in lists.items()}


@cache
def _gazetteer_re() -> re.Pattern:
    """Multi-token place and organisation names: prefectures and municipalities written with
    their suffix (宮城県, 仙台市青葉区), and the organisation gazetteer."""
    names = {w for w, v in word_lists().items() if ("R" in v or "M" in v) and len(w) >= 2
             and w[-1] in "都道府県市区町村郡"}
    orgs = set(data_lines("org_gazetteer.txt"))
    alts = sorted(names | orgs, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alts)))


@cache
def _gazetteer_kind() -> dict[str, str]:
    orgs = set(data_lines("org_gazetteer.txt"))
    return {w: ("O" if w in orgs else "L") for w in _gazetteer_re().pattern.split("|")}


def word_hash(word: str) -> int:
    """The 64-bit key of a word in the cluster file."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@cache
def _cluster_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with resources.as_file(resources.files(PACKAGE).joinpath("ner_word_clusters.npz")) as path:
        with np.load(path, allow_pickle=False) as z:
            return z["hashes"], z["coarse"], z["fine"]


def word_clusters(words: Sequence[str]) -> list[tuple[str, str]]:
    """(coarse, fine) cluster of each word's vector (tools/build_word_clusters.py), ("", "")
    for a word the vectors do not know; a word is looked up as written, then NFKC."""
    hashes, coarse, fine = _cluster_arrays()
    out: list[tuple[str, str]] = [("", "")] * len(words)
    if not len(hashes) or not words:
        return out
    keys = np.fromiter((word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    norm = np.fromiter((word_hash(unicodedata.normalize("NFKC", w)) for w in words), dtype=np.uint64,
                       count=len(words))
    for k in (keys, norm):
        at = np.minimum(np.searchsorted(hashes, k), len(hashes) - 1)
        hit = np.flatnonzero(hashes[at] == k)
        for i, j in zip(hit.tolist(), at[hit].tolist()):
            if not out[i][0]:
                out[i] = (str(coarse[j]), str(fine[j]))
    return out


def _len_bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-5" if n < 6 else "6+")


def _surface_attrs(values: Sequence[str]) -> dict[str, list[str]]:
    lists = word_lists()
    clusters = word_clusters([v or "" for v in values])
    out: dict[str, list[str]] = {k: [] for k in ("cc", "pre", "suf", "suf2", "len", "lex", "c1", "c2")}
    for v, c in zip(values, clusters):
        v = v or ""
        out["cc"].append(char_classes(v))
        out["pre"].append(v[:1])
        out["suf"].append(v[-1:])
        out["suf2"].append(v[-2:] if len(v) > 2 else "")
        out["len"].append(_len_bucket(len(v)))
        norm = unicodedata.normalize("NFKC", v)
        out["lex"].append(lists.get(norm, ""))
        out["c1"].append(c[0])
        out["c2"].append(c[1])
    return out


# ---------------------------------------------------------------- per-token codes
class Columns:
    """Each attribute of a text's tokens as (codes per token, values)."""

    def __init__(self, tokens, text: str, seq: np.ndarray, hints: Sequence[tuple[int, int, str]] = ()):
        self.n = len(tokens)
        self.seq = seq
        self.attrs: dict[str, tuple[np.ndarray, list[str]]] = {}
        sc, sv = tokens.codes("surface")
        sc = np.where(sc < 0, len(sv), sc)
        sv = [*sv, ""]
        self.attrs["w"] = (sc, sv)
        for name, values in _surface_attrs(sv).items():
            self.attrs[name] = _recode(sc, values)
        self.attrs["pos"] = _combine([tokens.codes(f"pos{k}") for k in (1, 2, 3, 4)], "-")
        start = tokens.table.column("start").to_numpy()
        end = tokens.table.column("end").to_numpy()
        gap = np.ones(self.n, dtype=np.int32)
        if self.n:
            gap[1:] = start[1:] != end[:-1]
        self.attrs["sp"] = (gap, ["0", "1"])
        self.attrs["gz"] = _gazetteer_codes(text, start, end)
        self.attrs["doc"] = _document_codes(tokens, sc, sv)
        # An unknown word (MeCab made it up: UniDic gives it no reading) is often a name.
        rc, rv = tokens.codes("reading")
        self.attrs["unk"] = ((rc < 0).astype(np.int32), ["0", "1"])
        self.attrs["kc"] = _katakana_chains(self.attrs["cc"], gap)
        self.attrs["rh"] = _hint_codes(hints, start, end)

    def shifted(self, name: str, offset: int) -> tuple[np.ndarray, list[str]]:
        """``name`` at ``offset`` from each token; BOS/EOS outside the token's sequence."""
        codes, values = self.attrs[name]
        if offset == 0:
            return codes, values
        n = self.n
        idx = np.arange(n) + offset
        ok = (idx >= 0) & (idx < n)
        safe = np.clip(idx, 0, max(n - 1, 0))
        ok &= self.seq[safe] == self.seq
        out = np.where(ok, codes[safe], len(values) + (0 if offset < 0 else 1))
        return out, [*values, BOS, EOS]

    def template(self, t: Template) -> tuple[np.ndarray, list[str]]:
        return self.template_at(t, None)

    def template_at(self, t: Template, rows: np.ndarray | None) -> tuple[np.ndarray, list[str]]:
        """Template ``t``'s codes at token ``rows`` (all tokens when None) and its values."""
        parts = []
        for a, o in zip(t.attrs, t.offsets):
            codes, values = self.shifted(a, o)
            parts.append((codes if rows is None else codes[rows], values))
        if len(parts) == 1:
            return parts[0]
        return _combine(parts, "|")


def _recode(codes: np.ndarray, values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes over per-value strings made into codes over the distinct strings."""
    index: dict[str, int] = {}
    remap = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32,
                        count=len(values))
    return remap[codes], list(index)


def _combine(parts: list[tuple[np.ndarray, list]], sep: str) -> tuple[np.ndarray, list[str]]:
    """The pair (or tuple) of several code columns as one code column over the pairs that occur."""
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    sizes = []
    for codes, values in parts:
        m = len(values) + 1
        key = key * m + np.where(codes < 0, len(values), codes)
        sizes.append(m)
    uniq, inv = np.unique(key, return_inverse=True)
    strings = []
    for k in uniq.tolist():
        vals = []
        for (_codes, values), m in zip(reversed(parts), reversed(sizes)):
            c = k % m
            k //= m
            vals.append(values[c] if c < len(values) else "")
        strings.append(sep.join(v if v is not None else "" for v in reversed(vals)))
    return inv.astype(np.int32).reshape(-1), strings


def _gazetteer_codes(text: str, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """B-/I- of a gazetteer name (L place, O organisation) for the tokens inside one whose
    edges are token edges; "" elsewhere."""
    values = ["", "B-L", "I-L", "B-O", "I-O"]
    codes = np.zeros(len(start), dtype=np.int32)
    if not len(start):
        return codes, values
    kinds = _gazetteer_kind()
    for m in _gazetteer_re().finditer(text):
        i = int(np.searchsorted(start, m.start()))
        j = int(np.searchsorted(end, m.end()))
        if i < len(start) and j < len(end) and start[i] == m.start() and end[j] == m.end():
            base = 1 if kinds.get(m.group(), "L") == "L" else 3
            codes[i] = base
            codes[i + 1:j + 1] = base + 1
    return codes, values


def _hint_codes(hints, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """B-/I- of the rule finders' mentions (``hints``: start, end, label) over the tokens
    they cover: the model learns how far to trust each rule."""
    values = [""]
    index = {"": 0}
    codes = np.zeros(len(start), dtype=np.int32)
    for a, b, label in sorted(hints):
        i = int(np.searchsorted(end, a, side="right"))
        first = True
        while i < len(start) and start[i] < b:
            v = ("B-" if first else "I-") + label
            codes[i] = index.setdefault(v, len(index))
            if len(index) > len(values):
                values.append(v)
            first = False
            i += 1
    return codes, values


def _katakana_chains(cc: tuple[np.ndarray, list[str]], gap: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """B/I/E of the tokens of a katakana name joined by ・ or ＝ (ジョン・スミス), whatever
    MeCab made of its parts; "" elsewhere."""
    codes, values = cc
    values_ext = [*values, ""]
    kind = np.array([{"K": 1, "D": 2}.get(v, 0) for v in values_ext], dtype=np.int8)[codes]
    out = np.zeros(len(codes), dtype=np.int32)
    joined = kind > 0
    joined[1:] &= True
    if not (kind == 2).any():
        return out, ["", "B", "I", "E"]
    # Runs of katakana and dots with no whitespace inside.
    brk = np.ones(len(codes) + 1, dtype=bool)
    brk[1:-1] = ~(joined[1:] & joined[:-1] & (gap[1:] == 0))
    starts = np.flatnonzero(brk[:-1] & joined)
    for s in starts.tolist():
        e = s
        while e + 1 < len(codes) and not brk[e + 1]:
            e += 1
        while s <= e and kind[s] == 2:  # a run opens and closes on katakana
            s += 1
        while e >= s and kind[e] == 2:
            e -= 1
        if e - s >= 2 and (kind[s:e + 1] == 2).any():
            out[s] = 1
            out[s + 1:e] = 2
            out[e] = 3
    return out, ["", "B", "I", "E"]


_PERSON_CUE = frozenset({"氏", "さん", "様", "先生", "君", "ちゃん", "選手", "監督", "教授", "容疑者", "被告"})


def _document_codes(tokens, sc: np.ndarray, sv: list[str]) -> tuple[np.ndarray, list[str]]:
    """What the whole text says about a surface: "P" when it is followed somewhere by a
    person's honorific or title, "" otherwise.  A name is written bare most times and
    with 氏 or さん once; this carries that once to every mention."""
    n = len(sc)
    values = ["", "P"]
    if n < 2:
        return np.zeros(n, dtype=np.int32), values
    cue = np.fromiter((v in _PERSON_CUE for v in sv), dtype=bool, count=len(sv))
    lists = word_lists()
    title = np.fromiter(("T" in lists.get(v, "") for v in sv), dtype=bool, count=len(sv))
    nxt = np.append(sc[1:], sc[-1])
    before_cue = (cue[nxt] | title[nxt]) & ~cue[sc] & ~title[sc]
    before_cue[-1] = False
    kata = np.fromiter((len(v) > 1 and char_classes(v) in ("K", "C") for v in sv),
                       dtype=bool, count=len(sv))
    hit = np.zeros(len(sv), dtype=bool)
    hit[sc[before_cue & kata[sc]]] = True
    return hit[sc].astype(np.int32), values


def sequences(text: str, tokens) -> np.ndarray:
    """A sequence number per token: sequences end at line breaks and after 。！？."""
    n = len(tokens)
    if not n:
        return np.zeros(0, dtype=np.int64)
    start = tokens.table.column("start").to_numpy()
    sc, sv = tokens.codes("surface")
    enders = np.fromiter((v in ("。", "！", "？", "!", "?") for v in sv), dtype=bool, count=len(sv))
    ends_after = np.append(enders, False)[sc]
    # A line break between two tokens also ends the sequence.
    breaks = np.zeros(n, dtype=bool)
    if n > 1:
        nl = np.array([text.count("\n", int(a), int(b)) > 0 for a, b in
                       zip(tokens.table.column("end").to_numpy()[:-1].tolist(), start[1:].tolist())],
                      dtype=bool) if "\n" in text else np.zeros(n - 1, dtype=bool)
        breaks[1:] = nl | ends_after[:-1]
    breaks[1:] |= tokens.table.column("segment").to_numpy()[1:] != tokens.table.column("segment").to_numpy()[:-1]
    return np.cumsum(breaks)


def template_values(text: str, tokens, seq: np.ndarray | None = None,
                    hints: Sequence[tuple[int, int, str]] = ()) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Per template: (code per token, values)."""
    if seq is None:
        seq = sequences(text, tokens)
    cols = Columns(tokens, text, seq, hints)
    return {t.name: cols.template(t) for t in TEMPLATES}


def attribute_strings(values: dict[str, tuple[np.ndarray, list[str]]], n: int) -> list[list[str]]:
    """CRFsuite items: per token, its ``"template=value"`` attributes (training)."""
    per_template = []
    for name, (codes, vals) in values.items():
        strings = [f"{name}={v}" for v in vals]
        per_template.append([strings[c] for c in codes.tolist()])
    return [list(row) for row in zip(*per_template)] if per_template else [[] for _ in range(n)]


__all__ = ["ATTRIBUTES", "TEMPLATES", "Columns", "Template", "attribute_strings", "char_classes",
           "sequences", "template_values", "word_lists"]
