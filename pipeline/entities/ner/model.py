"""Inference of the named-entity CRF: PERSON, ORG and LOCATION spans over MeCab tokens.

Emission scores are sums of weight rows gathered by the template codes of
:mod:`pipeline.entities.ner.features` (one gather per template for all the tokens scored); Viterbi
and the marginals (a span's confidence, and each token's probability of being inside a
name, which the merges read) come from :class:`pipeline.entities.crf.Model`.  Only windows around
name-like tokens are scored (a proper noun, an unknown katakana or Latin word, a ・ chain, a
word of the name lists, a rule finder's mention): the rest of the text cannot hold a name
the model would find.  After decoding, a name found once is also tagged where the text
repeats it (:func:`_propagate`).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.base.datafiles import PACKAGE
from pipeline.document.spans import LOCATION, ORG, PERSON, Span
from pipeline.entities.crf import Model
from pipeline.entities.ner.features import BOS, EOS, TEMPLATES, Columns, sequences

MODEL_FILE = "ner_crf.npz"
_LABELS = {"PERSON": PERSON, "ORG": ORG, "LOCATION": LOCATION}
_LOCK = threading.Lock()


@cache
def model() -> Model:
    from importlib import resources

    with resources.as_file(resources.files(PACKAGE).joinpath(MODEL_FILE)) as path:
        m = Model.load_npz(path)
    # Emission sums in float32: half the memory traffic of the gathers, which are most of the
    # model's time; the scores differ from float64's in the 7th digit.
    for t in m.templates.values():
        t.rows = t.rows.astype(np.float32)
    return m


# Word lists whose words can be part of a name by themselves: institutional suffixes, units,
# legal forms, prefectures, municipalities, regions (not titles or honorifics: they stand
# next to a name, which has its own mark).
_NAME_LISTS = frozenset("SUFRMG")


def _candidates(cols: Columns, tokens) -> np.ndarray:
    """Tokens that could be part of a name by themselves: proper nouns, words MeCab does not
    know written in katakana or Latin letters, parts of a katakana name joined by ・, words
    of the name lists, and the rule finders' mentions.  Known katakana and Latin words
    (テーブル, OK) are not: a name made of them is a ・ chain or sits next to a mark."""
    proper = tokens.value_mask("pos2", {"固有名詞"})
    codes, values = cols.attrs["cc"]
    odd = np.fromiter((("K" in v or "U" in v or "L" in v) for v in values), dtype=bool, count=len(values))
    unknown = cols.attrs["unk"][0] == 3  # 0, 1, 2, 3: BOS, EOS, known, unknown
    codes_l, values_l = cols.attrs["lex"]
    listed = np.fromiter(
        (any(c in _NAME_LISTS for c in v) and v not in (BOS, EOS) for v in values_l),
        dtype=bool,
        count=len(values_l),
    )
    return (
        proper
        | (odd[codes] & unknown)
        | (cols.attrs["kc"][0] > 2)
        | listed[codes_l]
        | (cols.attrs["rh"][0] > 2)
    )  # fixed values: 0, 1 BOS and EOS, 2 none


@cache
def _pair_table(m: Model, name: str) -> tuple[dict[str, int], dict[str, int], np.ndarray, np.ndarray]:
    """A pair template's weights keyed by its two values' numbers: (numbers of the first
    values, numbers of the second, sorted keys first * n_second + second, row of each key).
    Scoring then never builds the pair strings of a text (most of the features' cost)."""
    weights = m.template(name)
    first: dict[str, int] = {}
    second: dict[str, int] = {}
    pairs = []
    for key, row in weights.index.items():
        a, b = key.split("|")
        pairs.append((first.setdefault(a, len(first)), second.setdefault(b, len(second)), row))
    width = len(second) + 1
    keys = np.array([a * width + b for a, b, _ in pairs], dtype=np.int64)
    order = np.argsort(keys)
    return first, second, keys[order], np.array([r for _, _, r in pairs], dtype=np.int64)[order]


# Per (model, lexicon generation, template, part): the model's number of each value of the
# attribute's vocabulary in this process, extended as the vocabulary grows.
_IDS: dict[tuple, np.ndarray] = {}


def _ids(key: tuple, values: list[str], lookup: dict[str, int], default: int) -> np.ndarray:
    got = _IDS.get(key)
    if got is None or len(got) < len(values):
        done = 0 if got is None else len(got)
        extra = np.fromiter(
            map(lookup.get, values[done:], repeat(default)), dtype=np.int64, count=len(values) - done
        )
        got = _IDS[key] = extra if got is None else np.concatenate([got, extra])
    return got


def emissions(cols: Columns, rows: np.ndarray, m: Model) -> np.ndarray:
    """Scores (len(rows), labels) of the tokens ``rows``."""
    em = np.zeros((len(rows), len(m.labels)), dtype=np.float32)
    base = (id(m), cols.generation)
    if next(iter(_IDS), base)[:2] != base:
        _IDS.clear()  # another model, or the lexicon started afresh
    memo: dict = {}
    for t in TEMPLATES:
        weights = m.template(t.name)
        if not weights.index:
            continue
        if len(t.attrs) == 1:
            values = cols.attrs[t.attrs[0]][1]
            codes = cols.at(t.attrs[0], t.offsets[0], rows, memo)
            em += weights.rows[_ids((*base, t.name, 0), values, weights.index, 0)[codes]]
            continue
        first, second, keys, key_rows = _pair_table(m, t.name)
        a = _ids((*base, t.name, 1), cols.attrs[t.attrs[0]][1], first, -1)[
            cols.at(t.attrs[0], t.offsets[0], rows, memo)
        ]
        b = _ids((*base, t.name, 2), cols.attrs[t.attrs[1]][1], second, -1)[
            cols.at(t.attrs[1], t.offsets[1], rows, memo)
        ]
        key = a * (len(second) + 1) + b
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = (a >= 0) & (b >= 0) & (keys[at] == key)
        em += weights.rows[np.where(hit, key_rows[at], 0)]
    return em


@dataclass
class Analysis:
    """The model's reading of one text: its spans (document repeats included) and, per
    token, the probability of being inside a name of each kind (0 in sequences the model
    did not score)."""

    spans: list[Span]
    p_inside: dict[str, np.ndarray]

    def p_org(self) -> np.ndarray:
        return self.p_inside[ORG]


def _empty(n: int) -> Analysis:
    return Analysis([], {label: np.zeros(n) for label in _LABELS.values()})


# Tokens scored on each side of a name-like token.  A name is a few tokens long and the
# features look at most three tokens away: the model labels a window as it labels the whole
# sentence but at its edges, and prose has long sentences with one or two names.
WINDOW = 4


def _windows(cand: np.ndarray, seq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens within WINDOW of a candidate in its sequence, and a segment number for each:
    runs of consecutive such tokens of one sequence, each scored as a sequence of its own."""
    n = len(cand)
    near = np.zeros(n, dtype=bool)
    at = np.flatnonzero(cand)
    for d in range(-WINDOW, WINDOW + 1):
        j = at + d
        ok = (j >= 0) & (j < n)
        j, src = j[ok], at[ok]
        near[j[seq[j] == seq[src]]] = True
    rows = np.flatnonzero(near)
    if not len(rows):
        return rows, rows
    cut = np.ones(len(rows), dtype=bool)
    cut[1:] = (np.diff(rows) != 1) | (np.diff(seq[rows]) != 0)
    return rows, np.cumsum(cut)


def analyse_many(texts: list[str], tokens_list: list, hints_list: list) -> list[Analysis]:
    """:func:`analyse` of several texts at once: each text's spans and probabilities are the
    ones ``analyse`` gives it alone; the model's fixed costs (a gather per feature template,
    a decoding call) are paid once for all.  The texts are scored end to end, a line break
    between two, each text's sequences and document-level attribute its own."""
    if len(texts) == 1:
        return [analyse(texts[0], tokens_list[0], hints=hints_list[0])]
    from pipeline.text.tokens import Tokens

    bases, token_bounds, seqs, hints, tables = [], [], [], [], []
    pos = n_tokens = n_seq = 0
    for text, tokens, doc_hints in zip(texts, tokens_list, hints_list, strict=True):
        bases.append(pos)
        token_bounds.append(n_tokens)
        seq = sequences(text, tokens)
        seqs.append(seq + n_seq)
        n_seq += int(seq[-1]) + 1 if len(seq) else 0
        hints += [(a + pos, b + pos, label) for a, b, label in doc_hints]
        t = tokens.table
        if pos:
            for name in ("start", "end"):
                t = t.set_column(
                    t.column_names.index(name), name, pc.add(t.column(name), pa.scalar(pos, pa.int32()))
                )
        tables.append(t)
        pos += len(text) + 1
        n_tokens += len(tokens)
    joined = Tokens(pa.concat_tables(tables).unify_dictionaries().combine_chunks())
    whole = analyse(
        "\n".join(texts),
        joined,
        np.concatenate(seqs) if seqs else None,
        hints,
        doc_bounds=token_bounds,
        propagate=False,
    )
    out = []
    cuts = [*token_bounds, n_tokens]
    by_start = sorted(whole.spans, key=lambda sp: sp.start)
    starts = [sp.start for sp in by_start]
    for k, (text, tokens) in enumerate(zip(texts, tokens_list)):
        lo, hi = bases[k], bases[k] + len(text)
        a, b = bisect_left(starts, lo), bisect_left(starts, hi + 1)
        spans = [
            Span(sp.start - lo, sp.end - lo, sp.label, sp.text, sp.value, sp.rule, sp.attrs)
            for sp in by_start[a:b]
        ]
        result = Analysis(
            spans, {label: p[cuts[k] : cuts[k + 1]].copy() for label, p in whole.p_inside.items()}
        )
        if spans:
            start = tokens.table.column("start").to_numpy()
            end = tokens.table.column("end").to_numpy()
            result.spans = spans + _propagate(text, start, end, spans, tokens.codes("surface")[0])
        out.append(result)
    return out


def analyse(
    text: str,
    tokens,
    seq: np.ndarray | None = None,
    hints=None,
    *,
    doc_bounds: list[int] | None = None,
    propagate: bool = True,
) -> Analysis:
    """Named-entity spans of ``text`` (value = the span text; attrs: confidence).

    ``hints`` are the rule finders' mentions as (start, end, label), features of the model
    (:func:`rule_hints` finds them when not given).  ``doc_bounds`` and ``propagate``: for
    :func:`analyse_many`, which scores several texts end to end."""
    n = len(tokens)
    if not n:
        return _empty(0)
    m = model()
    if seq is None:
        seq = sequences(text, tokens)
    if hints is None:
        hints = rule_hints(text, tokens)
    # The lexicon and the model's value numbers are the process's, shared by its threads.
    with _LOCK:
        cols = Columns(tokens, seq, hints, doc_bounds=doc_bounds)
        cand = _candidates(cols, tokens)
        if not cand.any():
            return _empty(n)
        rows, sub_seq = _windows(cand, seq)
        cols.prepare(rows)
        em = emissions(cols, rows, m)
    bounds = np.flatnonzero(np.diff(sub_seq)) + 1
    starts = np.concatenate(([0], bounds)).astype(np.int64)
    lengths = np.diff(np.concatenate((starts, [len(rows)]))).astype(np.int64)
    best = m.viterbi(em, starts, lengths)
    labels = m.labels
    kind_of = [y[2:] if y != "O" else "" for y in labels]
    named = np.flatnonzero(np.array([k != "" for k in kind_of])[best])
    result = _empty(n)
    if not len(named):
        return result
    # Marginals of the sequences that hold a name only.
    has = np.zeros(len(starts), dtype=bool)
    has[np.searchsorted(starts, named, side="right") - 1] = True
    seq_of_row = np.repeat(np.arange(len(starts)), lengths)
    take = np.flatnonzero(has[seq_of_row])
    sub_lengths = lengths[has]
    sub_starts = np.concatenate(([0], np.cumsum(sub_lengths)[:-1])).astype(np.int64)
    probs = np.zeros(em.shape)
    probs[take] = m.marginals(em[take], sub_starts, sub_lengths)
    for kind, label in _LABELS.items():
        cols_k = [c for c, k in enumerate(kind_of) if k == kind]
        result.p_inside[label][rows] = probs[:, cols_k].sum(axis=1)
    start = tokens.table.column("start").to_numpy()
    end = tokens.table.column("end").to_numpy()
    out = []
    # A named row continues the span of the row before it when both are of one kind, in
    # one segment, the row is I- or L- and the one before is neither L- nor U-, and
    # nothing separates them but what a name may hold (_joined); otherwise it opens one.
    kinds = list(_LABELS)
    letters = np.array([y[0] for y in labels])[best]
    kcode = np.array([kinds.index(k) if k else -1 for k in kind_of])[best]
    cont = np.zeros(len(rows), dtype=bool)
    if len(rows) > 1:
        cont[1:] = (
            (kcode[1:] >= 0)
            & (kcode[1:] == kcode[:-1])
            & (sub_seq[1:] == sub_seq[:-1])
            & np.isin(letters[1:], ["I", "L"])
            & ~np.isin(letters[:-1], ["L", "U"])
        )
        gap = np.zeros(len(rows), dtype=bool)
        gap[1:] = start[rows[1:]] != end[rows[:-1]]
        for k in np.flatnonzero(cont & gap).tolist():
            cont[k] = _joined(text, int(end[rows[k - 1]]), int(start[rows[k]]), kinds[kcode[k]])
    opens = np.flatnonzero((kcode >= 0) & ~cont)
    # Each span runs from its opening row up to the last row that continues it.
    run_end = np.flatnonzero(~np.append(cont[1:], False))  # rows after which no row continues
    closes = run_end[np.searchsorted(run_end, opens)]
    for i, j in zip(opens.tolist(), closes.tolist()):
        kind = kinds[kcode[i]]
        s_, e_ = int(start[rows[i]]), int(end[rows[j]])
        # A name never opens or closes on the dot that joins its parts (・サスケ).
        while s_ < e_ and text[s_] in _JOINERS:
            s_ += 1
        while e_ > s_ and text[e_ - 1] in _JOINERS:
            e_ -= 1
        if e_ <= s_ or not _whole(text[s_:e_]):
            continue
        p = result.p_inside[_LABELS[kind]][rows[i : j + 1]]
        out.append(
            Span(
                s_,
                e_,
                _LABELS[kind],
                text[s_:e_],
                text[s_:e_],
                "ner_crf",
                {"confidence": round(float(p.min()), 4)},
            )
        )
    result.spans = out + (_propagate(text, start, end, out, tokens.codes("surface")[0]) if propagate else [])
    return result


_JOINERS = frozenset("・＝=･")
_LIST_MARKS = re.compile("[,，、。\n]")


def _whole(name: str) -> bool:
    """No name holds a list's comma or an unpaired bracket (根本博文),総務部 is two fields)."""
    if _LIST_MARKS.search(name):
        return False
    return name.count("(") + name.count("（") == name.count(")") + name.count("）")


def _joined(text: str, a: int, b: int, kind: str) -> bool:
    """Whether two tokens of a name, one ending at ``a`` and the next starting at ``b``, are
    one name across what separates them."""
    if a == b:
        return True
    if text[a:b] not in (" ", "\u3000"):
        return False
    return kind == "PERSON" or (text[a - 1].isascii() and text[b].isascii())


def tag(text: str, tokens, seq: np.ndarray | None = None) -> list[Span]:
    """The model's spans of ``text``."""
    return analyse(text, tokens, seq).spans


def rule_hints(text: str, tokens, *, orgs=None, people=None, places=None) -> list[tuple[int, int, str]]:
    """The rule finders' mentions the model reads as features: organisation names, people
    with a title or honorific, and places the address rules parsed.  Callers that ran the
    finders already pass their spans."""
    from pipeline.entities.addresses import find_addresses
    from pipeline.entities.orgs import find_orgs
    from pipeline.entities.people import find_people

    if orgs is None:
        orgs = find_orgs(text, tokens)
    if people is None:
        people = find_people(text, tokens)
    if places is None:
        places = find_addresses(text)
    out = [(sp.start, sp.end, "ORG") for sp in orgs if sp.attrs.get("kind") == "name"]
    out += [(sp.start, sp.end, "PERSON") for sp in people]
    out += [(sp.start, sp.end, "LOCATION") for sp in places if sp.label == LOCATION]
    return out


_HIRAGANA_ONLY = re.compile(r"[\u3041-\u309f]+")


_LONGEST_REPEAT = 6  # tokens; longer names are rarely repeated word for word


def _propagate(
    text: str, start: np.ndarray, end: np.ndarray, found: list[Span], sc: np.ndarray
) -> list[Span]:
    """The same name elsewhere in the text, where the model did not tag it: a document names
    a person or an organisation in full once and then repeats it in contexts that alone say
    little.  Only the same tokens with nothing between them, never over another span; a
    name tagged with two labels takes the one it has most often.

    The names are matched as runs of token codes (``sc``: each token's surface code), all
    occurrences of all names of one length at once."""
    if not found:
        return []
    n = len(start)
    sc = sc.astype(np.int64)
    base = int(sc.max()) + 2 if n else 2
    # A name of k tokens is a number below base ** k: as long as that fits in 62 bits.
    longest = min(_LONGEST_REPEAT, 62 // max(1, int(base).bit_length()))
    glued = np.ones(n, dtype=bool)  # token k follows token k - 1 with nothing between
    glued[1:] = start[1:] == end[:-1]
    s_at = np.fromiter((sp.start for sp in found), dtype=np.int64, count=len(found))
    e_at = np.fromiter((sp.end for sp in found), dtype=np.int64, count=len(found))
    # Every token a span touches is taken (a prefix count of span openings and closings).
    cover = (
        np.bincount(np.searchsorted(end, s_at, side="right"), minlength=n + 1)[: n + 1]
        - np.bincount(np.searchsorted(start, e_at), minlength=n + 1)[: n + 1]
    )
    taken = np.cumsum(cover)[:n] > 0
    first = np.searchsorted(start, s_at)
    last = np.searchsorted(end, e_at)
    ok = (first < n) & (last < n)
    ok[ok] &= (start[first[ok]] == s_at[ok]) & (end[last[ok]] == e_at[ok])
    length = last - first + 1
    ok &= (length <= longest) & ((e_at - s_at) >= 2)
    ok &= np.fromiter(
        (_HIRAGANA_ONLY.fullmatch(sp.text) is None for sp in found), dtype=bool, count=len(found)
    )
    inside = np.concatenate(([0], np.cumsum(~glued)))  # breaks before token k: inside[k + 1]
    ok[ok] &= inside[last[ok] + 1] - inside[first[ok] + 1] == 0
    out = []

    def keys_at(at: np.ndarray, size: int) -> np.ndarray:
        keys = np.zeros(len(at), dtype=np.int64)
        for d in range(size):
            keys = keys * base + sc[at + d] + 1
        return keys

    for size in sorted(set(length[ok].tolist()), reverse=True):  # longest names first
        if n < size:
            continue
        mine = np.flatnonzero(ok & (length == size))
        # Only where a name's first word occurs can the name occur.
        at = np.flatnonzero(np.isin(sc[: n - size + 1], sc[first[mine]]))
        keys = keys_at(at, size)
        votes: dict[int, dict[str, int]] = {}
        for k, key in zip(mine.tolist(), keys_at(first[mine], size).tolist()):
            v = votes.setdefault(key, {})
            v[found[k].label] = v.get(found[k].label, 0) + 1
        hits = np.isin(keys, np.fromiter(votes, dtype=np.int64, count=len(votes)))
        hits &= inside[at + size] - inside[at + 1] == 0  # nothing between its tokens
        busy = np.concatenate(([0], np.cumsum(taken)))
        hits &= busy[at + size] - busy[at] == 0
        for i, key in zip(at[hits].tolist(), keys[hits].tolist()):
            if taken[i : i + size].any():  # an occurrence found a moment ago overlaps
                continue
            v = votes[key]
            label = max(v, key=v.get)  # the most frequent; the first met on a tie
            a, b = int(start[i]), int(end[i + size - 1])
            out.append(Span(a, b, label, text[a:b], text[a:b], "ner_crf+document", {"confidence": None}))
            taken[i : i + size] = True
    return sorted(out, key=lambda sp: sp.start)


__all__ = ["Analysis", "analyse", "analyse_many", "emissions", "model", "tag"]
