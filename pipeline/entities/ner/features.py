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
from itertools import repeat

import numpy as np

from pipeline.base.datafiles import PACKAGE, data_lines

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
# levels, cc character classes, pre/suf first and last character, suf2 last two, pre2/suf3
# the first two and last three of a longer word (アル|バート: foreign names), len a
# length bucket, lex the word lists a word is on, c1/c2 the word's clusters (word vectors),
# unk whether MeCab made the word up, kc its place in a katakana name joined by ・, rh the
# rule finders' mentions over it, sp whether whitespace precedes the token, doc what the rest of the text says about the
# word (it occurs with a person's title or honorific elsewhere, ...).
TEMPLATES: tuple[Template, ...] = tuple(
    _t(a, o)
    for a, o in (
        ("w", "-2"),
        ("w", "-1"),
        ("w", "0"),
        ("w", "1"),
        ("w", "2"),
        ("w|w", "-1|0"),
        ("w|w", "0|1"),
        ("pos", "-2"),
        ("pos", "-1"),
        ("pos", "0"),
        ("pos", "1"),
        ("pos", "2"),
        ("pos|pos", "-1|0"),
        ("pos|pos", "0|1"),
        ("cc", "-1"),
        ("cc", "0"),
        ("cc", "1"),
        ("cc|cc", "-1|0"),
        ("cc|cc", "0|1"),
        ("pre", "0"),
        ("suf", "0"),
        ("suf2", "0"),
        ("len", "0"),
        ("suf", "-1"),
        ("suf", "1"),
        ("lex", "-1"),
        ("lex", "0"),
        ("lex", "1"),
        ("lex", "2"),
        ("sp", "0"),
        ("sp", "1"),
        ("w|pos", "0|1"),
        ("pos|w", "-1|0"),
        ("doc", "0"),
        ("unk", "0"),
        ("unk|cc", "0|0"),
        ("unk", "-1"),
        ("unk", "1"),
        ("kc", "-1"),
        ("kc", "0"),
        ("kc", "1"),
        ("c1", "-1"),
        ("c1", "0"),
        ("c1", "1"),
        ("c2", "-1"),
        ("c2", "0"),
        ("c2", "1"),
        ("c1|c1", "-1|0"),
        ("c1|c1", "0|1"),
        ("c2", "-2"),
        ("c2", "2"),
        ("rh", "-1"),
        ("rh", "0"),
        ("rh", "1"),
        ("rh|w", "0|0"),
        ("pre2", "0"),
        ("suf3", "0"),
        ("w", "-3"),
        ("w", "3"),
        ("pos|pos", "1|2"),
        ("pos|pos", "-2|-1"),
    )
)

# How far from a token its templates read.
_REACH = max(abs(o) for t in TEMPLATES for o in t.offsets)

ATTRIBUTES = (
    "w",
    "pos",
    "cc",
    "pre",
    "suf",
    "suf2",
    "len",
    "lex",
    "sp",
    "doc",
    "unk",
    "kc",
    "c1",
    "c2",
    "rh",
    "pre2",
    "suf3",
)


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
    """The runs of character classes of ``s``, each run once (東北大学 -> C, ＮＰＯ法人 -> UC),
    at most four."""
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
    for w in data_lines("people_honorifics.txt"):
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
    normal = [unicodedata.normalize("NFKC", w) for w in words]
    changed = [k for k, (w, n) in enumerate(zip(words, normal)) if w != n]
    norm = keys.copy()  # most words are their own NFKC form: hashed once
    if changed:
        norm[changed] = [word_hash(normal[k]) for k in changed]
    for k in (keys, norm):
        at = np.minimum(np.searchsorted(hashes, k), len(hashes) - 1)
        hit = np.flatnonzero(hashes[at] == k)
        for i, j in zip(hit.tolist(), at[hit].tolist()):
            if not out[i][0]:
                out[i] = (str(coarse[j]), str(fine[j]))
    return out


def _len_bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-5" if n < 6 else "6+")


SURFACE_ATTRIBUTES = ("cc", "pre", "suf", "suf2", "len", "lex", "c1", "c2", "pre2", "suf3")
# Flags of a word (bits), for the document-level attribute.
_CUE, _TITLE, _NAME_SHAPE = 1, 2, 4
_PERSON_CUE = frozenset(
    {"氏", "さん", "様", "先生", "君", "ちゃん", "選手", "監督", "教授", "容疑者", "被告"}
)


class Vocab:
    """The values of one attribute, numbered in this process; 0 and 1 are BOS and EOS."""

    def __init__(self, fixed: Sequence[str] = ()):
        self.values: list[str] = [BOS, EOS, *fixed]
        self.index: dict[str, int] = {v: k for k, v in enumerate(self.values)}

    def number(self, values: Sequence[str]) -> list[int]:
        index, out = self.index, []
        for v in values:
            k = index.get(v)
            if k is None:
                k = index[v] = len(self.values)
                self.values.append(v)
            out.append(k)
        return out


# Attributes whose values are a few fixed words.
_FIXED = {
    "sp": ("0", "1"),
    "unk": ("0", "1"),
    "doc": ("", "P"),
    "kc": ("", "B", "I", "E"),
    "rh": ("", *(f"{p}-{label}" for label in ("ORG", "PERSON", "LOCATION") for p in "BI")),
}


# Surface attributes every word needs (they pick the tokens worth scoring), and those only
# the words of scored windows need.
_FIRST = ("cc", "lex")
_LATER = ("w", "pre", "suf", "suf2", "len", "c1", "c2", "pre2", "suf3")
_COLUMN = {a: k for k, a in enumerate(("w", *SURFACE_ATTRIBUTES))}  # then the flags


class Lexicon:
    """Every word this process has met, with the numbers of its surface attributes.

    A text's distinct surfaces are looked up once (a dict lookup each) and their attributes
    arrive as arrays; only a word never met before costs Python work, and after the first
    documents nearly every word is known (Zipf).  A new word gets its character classes and
    word lists at once (they choose the tokens the model scores) and the rest only when it
    falls in a scored window (:meth:`complete`): most words of prose never do.  Past
    ``max_words`` the lexicon starts afresh (``generation`` counts the fresh starts), which
    bounds its memory.
    """

    def __init__(self, max_words: int = 200_000):
        self.max_words = max_words
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        self.generation += 1
        self.vocabs = {a: Vocab() for a in ("w", "pos", *SURFACE_ATTRIBUTES)}
        self.vocabs.update({a: Vocab(v) for a, v in _FIXED.items()})
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        # Per word: its number in each of "w" and SURFACE_ATTRIBUTES (-1: not learnt yet),
        # then its flags.
        self.table = np.zeros((0, 2 + len(SURFACE_ATTRIBUTES)), dtype=np.int32)
        self.done = np.zeros(0, dtype=bool)

    def rows(self, words: list[str]) -> np.ndarray:
        """The row of each of ``words`` (learning the new ones)."""
        rows = np.fromiter(map(self.index.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        missing = np.flatnonzero(rows < 0)
        if len(missing):
            new = list(dict.fromkeys(words[k] for k in missing.tolist()))
            if len(self.index) + len(new) > self.max_words:
                self.reset()
                return self.rows(words)
            self._learn(new)
            rows[missing] = [self.index[words[k]] for k in missing.tolist()]
        return rows

    def _learn(self, new: list[str]) -> None:
        lists = word_lists()
        cc, lex, flags = [], [], []
        for v in new:
            c = char_classes(v)
            x = lists.get(unicodedata.normalize("NFKC", v), "")
            cc.append(c)
            lex.append(x)
            flags.append(
                (_CUE if v in _PERSON_CUE else 0)
                | (_TITLE if "T" in x else 0)
                | (_NAME_SHAPE if len(v) > 1 and c in ("K", "C") else 0)
            )
        block = np.full((len(new), self.table.shape[1]), -1, dtype=np.int32)
        block[:, _COLUMN["cc"]] = self.vocabs["cc"].number(cc)
        block[:, _COLUMN["lex"]] = self.vocabs["lex"].number(lex)
        block[:, -1] = flags
        first = len(self.index)
        # One assignment each: a reader never sees the table and the index disagree.
        self.table = np.concatenate([self.table, block])
        self.done = np.concatenate([self.done, np.zeros(len(new), dtype=bool)])
        self.words.extend(new)
        self.index.update((v, first + k) for k, v in enumerate(new))

    def complete(self, rows: np.ndarray) -> None:
        """Learn the rest of the attributes of the words ``rows``."""
        todo = np.unique(rows[~self.done[rows]])
        if not len(todo):
            return
        words = [self.words[k] for k in todo.tolist()]
        values = {
            "w": words,
            "pre": [v[:1] for v in words],
            "suf": [v[-1:] for v in words],
            "suf2": [v[-2:] if len(v) > 2 else "" for v in words],
            "len": [_len_bucket(len(v)) for v in words],
            "pre2": [v[:2] if len(v) > 2 else "" for v in words],
            "suf3": [v[-3:] if len(v) > 3 else "" for v in words],
        }
        clusters = word_clusters(words)
        values["c1"] = [c[0] for c in clusters]
        values["c2"] = [c[1] for c in clusters]
        for a in _LATER:
            self.table[todo, _COLUMN[a]] = self.vocabs[a].number(values[a])
        self.done[todo] = True


LEXICON = Lexicon()


# ---------------------------------------------------------------- per-token codes
class Columns:
    """Each attribute of a text's tokens as (codes per token, values): ``values`` is the
    attribute's vocabulary in this process, so the codes of one text and the next agree."""

    def __init__(
        self,
        tokens,
        seq: np.ndarray,
        hints: Sequence[tuple[int, int, str]] = (),
        lexicon: Lexicon = LEXICON,
        doc_bounds: Sequence[int] | None = None,
    ):
        """``doc_bounds``: where each document's tokens start, when ``tokens`` are several
        documents' end to end (the document-level attribute is each document's own)."""
        self.n = len(tokens)
        self.seq = seq
        self.lexicon = lexicon
        self.attrs: dict[str, tuple[np.ndarray, list[str]]] = {}
        sc, sv = tokens.codes("surface")
        sc = np.where(sc < 0, len(sv), sc)
        # "|" joins the values of a pair template: a word never holds one.
        words = [(v or "").replace("|", "¦") for v in sv] + [""]
        # rows() may grow the table or start afresh with new vocabularies: read them after it
        self._rows = lexicon.rows(words)
        self._sc = sc
        table = lexicon.table[self._rows]
        self.generation = lexicon.generation
        voc = lexicon.vocabs
        for a in _FIRST:
            self.attrs[a] = (table[:, _COLUMN[a]][sc], voc[a].values)
        pc, pv = _combine([tokens.codes(f"pos{k}") for k in (1, 2, 3, 4)], "-")
        self.attrs["pos"] = (np.asarray(voc["pos"].number(pv), dtype=np.int32)[pc], voc["pos"].values)
        start = tokens.table.column("start").to_numpy()
        end = tokens.table.column("end").to_numpy()
        gap = np.ones(self.n, dtype=np.int32)
        if self.n:
            gap[1:] = start[1:] != end[:-1]
        self._fixed("sp", gap)
        if doc_bounds is None:
            self._fixed("doc", _document_codes(table[:, -1], sc))
        else:
            cuts = [*doc_bounds, self.n]
            self._fixed(
                "doc",
                np.concatenate(
                    [np.zeros(0, dtype=np.int32)]
                    + [_document_codes(table[:, -1], sc[a:b]) for a, b in zip(cuts, cuts[1:])]
                ),
            )
        # An unknown word (MeCab made it up: UniDic gives it no reading) is often a name.
        rc, _rv = tokens.codes("reading")
        self._fixed("unk", (rc < 0).astype(np.int32))
        self._fixed("kc", _katakana_chains(table[:, _COLUMN["cc"]][sc], voc["cc"].values, gap))
        self._fixed("rh", _hint_codes(hints, start, end))

    def prepare(self, rows: np.ndarray | None = None) -> None:
        """Make every attribute readable at the tokens ``rows`` and as far around them as a
        template reads (all tokens when None): the words there learn the rest of their
        attributes."""
        n = self.n
        if rows is None:
            near = np.arange(n)
        else:
            near = np.unique(
                np.clip(np.concatenate([rows + d for d in range(-_REACH, _REACH + 1)]), 0, max(n - 1, 0))
            )
        lexicon = self.lexicon
        lexicon.complete(self._rows[np.unique(self._sc[near])])
        table = lexicon.table[self._rows]
        for a in _LATER:
            self.attrs[a] = (table[:, _COLUMN[a]][self._sc], lexicon.vocabs[a].values)

    def _fixed(self, name: str, index: np.ndarray) -> None:
        """An attribute of fixed values from the index of each token's value among them."""
        self.attrs[name] = (index.astype(np.int32) + 2, self.lexicon.vocabs[name].values)

    def at(self, name: str, offset: int, rows: np.ndarray, memo: dict) -> np.ndarray:
        """``name`` at ``offset`` from each of the tokens ``rows``, BOS/EOS outside the token's
        sequence (codes only; ``memo`` keeps the neighbours of the rows per offset for the
        next attribute)."""
        codes = self.attrs[name][0]
        if offset == 0:
            return codes[rows]
        got = memo.get(offset)
        if got is None:
            idx = rows + offset
            ok = (idx >= 0) & (idx < self.n)
            safe = np.clip(idx, 0, max(self.n - 1, 0))
            ok &= self.seq[safe] == self.seq[rows]
            got = memo[offset] = (safe, ok)
        safe, ok = got
        return np.where(ok, codes[safe], 0 if offset < 0 else 1)

    def template(self, t: Template) -> tuple[np.ndarray, list[str]]:
        """Template ``t``'s code per token and its values (training; call :meth:`prepare`
        first)."""
        rows, memo = np.arange(self.n), {}
        parts = [(self.at(a, o, rows, memo), self.attrs[a][1]) for a, o in zip(t.attrs, t.offsets)]
        if len(parts) == 1:
            return parts[0]
        return _combine(parts, "|")


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


def _hint_codes(hints, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per token, the index among ``_FIXED["rh"]`` of B-/I- of the rule finders' mention
    over it (``hints``: start, end, label): the model learns how far to trust each rule.
    Where mentions overlap, the later one (by start) wins."""
    codes = np.zeros(len(start), dtype=np.int32)
    if not hints or not len(start):
        return codes
    index = {v: k for k, v in enumerate(_FIXED["rh"])}
    hints = sorted(hints)
    first = np.searchsorted(
        end, np.fromiter((h[0] for h in hints), dtype=np.int64, count=len(hints)), side="right"
    )
    stop = np.searchsorted(start, np.fromiter((h[1] for h in hints), dtype=np.int64, count=len(hints)))
    for (_a, _b, label), i, j in zip(hints, first.tolist(), stop.tolist()):
        if i < j:
            codes[i] = index["B-" + label]
            codes[i + 1 : j] = index["I-" + label]
    return codes


def _katakana_chains(cc: np.ndarray, cc_values: list[str], gap: np.ndarray) -> np.ndarray:
    """Per token, 1/2/3 (B/I/E) for the tokens of a katakana name joined by ・ or ＝
    (ジョン・スミス), whatever MeCab made of its parts; 0 elsewhere."""
    kind_of = np.array([{"K": 1, "D": 2}.get(v, 0) for v in cc_values], dtype=np.int8)
    kind = kind_of[cc]
    out = np.zeros(len(cc), dtype=np.int32)
    if not (kind == 2).any():
        return out
    joined = kind > 0
    # Runs of katakana and dots with no whitespace inside.
    brk = np.ones(len(cc) + 1, dtype=bool)
    brk[1:-1] = ~(joined[1:] & joined[:-1] & (gap[1:] == 0))
    for s in np.flatnonzero(brk[:-1] & joined).tolist():
        e = s
        while e + 1 < len(cc) and not brk[e + 1]:
            e += 1
        while s <= e and kind[s] == 2:  # a run opens and closes on katakana
            s += 1
        while e >= s and kind[e] == 2:
            e -= 1
        if e - s >= 2 and (kind[s : e + 1] == 2).any():
            out[s] = 1
            out[s + 1 : e] = 2
            out[e] = 3
    return out


def _document_codes(flags: np.ndarray, sc: np.ndarray) -> np.ndarray:
    """What the whole text says about a word: 1 ("P") when it is followed somewhere by a
    person's honorific or title, 0 otherwise.  A name is written bare most times and with
    氏 or さん once; this carries that once to every mention.  ``flags`` are the words'
    lexicon flags (per distinct surface), ``sc`` each token's surface code."""
    n = len(sc)
    if n < 2:
        return np.zeros(n, dtype=np.int32)
    cue = (flags & (_CUE | _TITLE)) > 0
    nxt = np.append(sc[1:], sc[-1])
    before_cue = cue[nxt] & ~cue[sc]
    before_cue[-1] = False
    hit = np.zeros(len(flags), dtype=bool)
    hit[sc[before_cue & ((flags[sc] & _NAME_SHAPE) > 0)]] = True
    return hit[sc].astype(np.int32)


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
        breaks[1:] = ends_after[:-1]
        if "\n" in text:
            lines = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)
            end = tokens.table.column("end").to_numpy()
            breaks[1:] |= np.searchsorted(lines, start[1:]) > np.searchsorted(lines, end[:-1])
    segment = tokens.table.column("segment").to_numpy()
    breaks[1:] |= segment[1:] != segment[:-1]
    return np.cumsum(breaks)


def template_values(
    text: str, tokens, seq: np.ndarray | None = None, hints: Sequence[tuple[int, int, str]] = ()
) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Per template: (code per token, values)."""
    if seq is None:
        seq = sequences(text, tokens)
    cols = Columns(tokens, seq, hints)
    cols.prepare()
    return {t.name: cols.template(t) for t in TEMPLATES}


def attribute_strings(values: dict[str, tuple[np.ndarray, list[str]]], n: int) -> list[list[str]]:
    """CRFsuite items: per token, its ``"template=value"`` attributes (training)."""
    per_template = []
    for name, (codes, vals) in values.items():
        strings = {c: f"{name}={vals[c]}" for c in set(codes.tolist())}
        per_template.append([strings[c] for c in codes.tolist()])
    return [list(row) for row in zip(*per_template)] if per_template else [[] for _ in range(n)]


__all__ = [
    "ATTRIBUTES",
    "LEXICON",
    "TEMPLATES",
    "Columns",
    "Lexicon",
    "Template",
    "Vocab",
    "attribute_strings",
    "char_classes",
    "sequences",
    "template_values",
    "word_clusters",
    "word_lists",
]
