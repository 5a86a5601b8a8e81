"""Linear-chain CRF inference in numpy, for models trained with CRFsuite.

CRFsuite tags one sequence per call and looks every feature string up in its attribute
dictionary: about 15 µs a token, which made the organisation model most of the pipeline's
time.  The model is a table of weights ``w(attribute, label)`` and a label transition
matrix, so the same scores can be had in bulk: a finder turns each feature *template*
(``"0w"``, ``"-1p"`` …) into one row index per token, the emission scores are sums of rows
of small weight matrices, and Viterbi and forward-backward run over many sequences at once,
one position at a time.  Training stays with CRFsuite (``make train-orgs``); a test checks
that labels and marginals equal CRFsuite's own.

Viterbi and forward-backward themselves run in C (``csrc/crf.c``, through
:mod:`pipeline.base.native`: a fraction of numpy's time, whose per-step array calls dominate on
short sequences) when it is compiled; otherwise in numpy, with the same labels.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from pipeline.base.native import library


def _check(emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> None:
    """Refuse what has no answer, the same way whichever implementation runs: sequences
    outside the scores or empty (C would read out of bounds), and NaN scores (numpy's argmax
    would pick one, C's comparisons skip it)."""
    if len(starts) != len(lengths):
        raise ValueError(f"{len(starts)} sequence starts for {len(lengths)} lengths")
    if len(starts):
        n, k = emissions.shape
        if (
            transitions.shape != (k, k)
            or np.min(lengths) < 1
            or np.min(starts) < 0
            or np.max(np.asarray(starts) + lengths) > n
        ):
            raise ValueError(f"CRF sequences outside the scores, an empty one, or transitions not {k} x {k}")
    if np.isnan(emissions).any() or np.isnan(transitions).any():
        raise ValueError("NaN among the CRF's scores")


def _call(fn, emissions, starts, lengths, transitions, out) -> None:
    """Run a compiled kernel on arrays _check has passed."""
    em = np.ascontiguousarray(emissions, dtype=np.float64)
    st = np.ascontiguousarray(starts, dtype=np.int64)
    ln = np.ascontiguousarray(lengths, dtype=np.int64)
    trans = np.ascontiguousarray(transitions, dtype=np.float64)
    if fn(em, em.shape[1], st, ln, len(st), trans, out):
        raise MemoryError("the compiled CRF could not allocate its buffers")


@dataclass(eq=False)  # compared and hashed by identity: per-template caches key on it
class Template:
    """The weights of one feature template: ``rows[index[value]]`` (row 0: value unknown)."""

    index: dict[str, int]
    rows: np.ndarray  # (1 + number of values, number of labels), float64

    def ids(self, values: Iterable[str]) -> np.ndarray:
        # map() with a repeated default runs the lookups without a Python frame per value.
        return np.fromiter(map(self.index.get, values, repeat(0)), dtype=np.int32)

    def row(self, value: str) -> np.ndarray:
        return self.rows[self.index.get(value, 0)]


class Model:
    """A CRFsuite 1st-order model: labels, transitions and state features by template.

    An attribute ``"0w=東北"`` belongs to template ``"0w"`` with value ``"東北"``; an attribute
    without ``=`` (``"b"``, ``"gap"``) is a template whose only value is ``""``.
    """

    def __init__(self, labels: Sequence[str], transitions: np.ndarray, state: dict[tuple[str, str], float]):
        self.labels = list(labels)
        self.label_index = {y: k for k, y in enumerate(self.labels)}
        self.transitions = transitions
        grouped: dict[str, dict[str, int]] = {}
        entries: dict[str, list[tuple[int, int, float]]] = {}
        for (attr, label), weight in state.items():
            name, sep, value = attr.partition("=")
            if not sep:
                name, value = attr, ""
            index = grouped.setdefault(name, {})
            row = index.setdefault(value, len(index) + 1)
            entries.setdefault(name, []).append((row, self.label_index[label], weight))
        self.templates: dict[str, Template] = {}
        for name, index in grouped.items():
            rows = np.zeros((len(index) + 1, len(self.labels)))
            for r, y, w in entries[name]:
                rows[r, y] += w
            self.templates[name] = Template(index, rows)
        self._empty = Template({}, np.zeros((1, len(self.labels))))

    @classmethod
    def from_crfsuite(cls, path: str) -> Model:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        labels = tagger.labels()
        at = {y: k for k, y in enumerate(labels)}
        trans = np.zeros((len(labels), len(labels)))
        for (a, b), w in info.transitions.items():
            trans[at[a], at[b]] = w
        model = cls(labels, trans, info.state_features)
        tagger.close()
        return model

    # The arrays of a model as one .npz file: numpy alone reads it, in milliseconds
    # (parsing CRFsuite's dump takes about half a second per process).
    def save_npz(self, path) -> None:
        names = sorted(self.templates)
        values, rows, bounds = [], [], [0]
        for name in names:
            t = self.templates[name]
            ordered = sorted(t.index, key=t.index.get)  # row 1, 2, ... in order
            values.extend(ordered)
            rows.append(t.rows[1:])
            bounds.append(len(values))
        arrays = {
            "labels": np.array(self.labels),
            "transitions": self.transitions,
            "template_names": np.array(names),
            "template_bounds": np.array(bounds),
            "values": np.array(values, dtype=object).astype(str),
            "rows": np.concatenate(rows) if rows else np.zeros((0, len(self.labels))),
        }
        # np.savez stamps the time into the zip: fixed dates keep the file's bytes the same
        # for the same model (training is deterministic, so is its output).
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
                zf.writestr(
                    zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)),
                    buf.getvalue(),
                    compress_type=zipfile.ZIP_DEFLATED,
                )

    @classmethod
    def load_npz(cls, path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            labels = z["labels"].tolist()
            model = cls(labels, z["transitions"], {})
            names, bounds = z["template_names"].tolist(), z["template_bounds"].tolist()
            values, rows = z["values"].tolist(), z["rows"]
        for k, name in enumerate(names):
            a, b = bounds[k], bounds[k + 1]
            index = {v: r + 1 for r, v in enumerate(values[a:b])}
            model.templates[name] = Template(index, np.vstack([np.zeros((1, len(labels))), rows[a:b]]))
        return model

    def template(self, name: str) -> Template:
        """The weights of ``name``; a template the model never weighted scores zero."""
        return self.templates.get(name, self._empty)

    # ------------------------------------------------------------------ inference
    # Sequences are taken longest first, so at position t the ones still running are a
    # prefix of that order; a finished sequence keeps its last state in the arrays.
    def viterbi(self, emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label index per row of ``emissions`` (n_tokens, n_labels); the sequences are
        the row ranges ``starts[i] : starts[i] + lengths[i]``, every length at least 1."""
        _check(emissions, starts, lengths, self.transitions)
        lib = library()
        if lib is None or len(starts) == 0:
            return self.viterbi_numpy(emissions, starts, lengths)
        out = np.zeros(len(emissions), dtype=np.int16)
        _call(lib.crf_viterbi, emissions, starts, lengths, self.transitions, out)
        return out

    def viterbi_numpy(self, emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        emissions = np.asarray(emissions, dtype=np.float64)  # scores may come as float32 (ner.model)
        out = np.zeros(len(emissions), dtype=np.int16)
        if len(starts) == 0:
            return out
        order = np.argsort(-lengths, kind="stable")
        st, ln = starts[order], lengths[order]
        top = int(ln[0])
        running = _running_counts(ln, top)
        back = np.zeros(emissions.shape, dtype=np.int16)
        delta = emissions[st].copy()
        # (label, previous label): the maximum runs over the last, contiguous axis.
        k = emissions.shape[1]
        trans_t = np.ascontiguousarray(self.transitions.T)[None, :, :]
        cells = np.arange(len(st) * k).reshape(-1, k) * k  # where each (sequence, label) row starts, flat
        # Each sequence's row at t (a finished one stays at its last); the backtrace walks
        # them back.
        rows = st.copy()
        for t in range(1, top):
            m = running[t]
            at = rows[:m]
            at += 1
            # A copy of delta per label, then the transitions added in place: a broadcast
            # add runs its inner loop over one label row at a time, which costs more.
            scores = np.repeat(delta[:m, None, :], k, axis=1)  # (sequence, label, previous label)
            scores += trans_t
            best = scores.argmax(axis=2)
            back[at] = best
            # The maximum is read at the argmax (flat indexing: a second reduction, or
            # take_along_axis, costs more than the argmax itself).
            best += cells[:m]
            np.add(scores.reshape(-1).take(best), emissions.take(at, axis=0), out=delta[:m])
        cur = delta.argmax(axis=1)
        for t in range(top - 1, -1, -1):
            m = running[t]
            at = rows[:m]
            out[at] = cur[:m]
            if t > 0:
                cur[:m] = back[at, cur[:m]]
                at -= 1
        return out

    def marginals(self, emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """P(label at token | its sequence) for every row, by scaled forward-backward."""
        _check(emissions, starts, lengths, self.transitions)
        lib = library()
        if lib is None or len(starts) == 0:
            return self.marginals_numpy(emissions, starts, lengths)
        probs = np.zeros(emissions.shape)
        _call(lib.crf_marginals, emissions, starts, lengths, self.transitions, probs)
        return probs

    def marginals_numpy(self, emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        emissions = np.asarray(emissions, dtype=np.float64)  # scores may come as float32 (ner.model)
        n, k = emissions.shape
        probs = np.zeros((n, k))
        if len(starts) == 0:
            return probs
        # A constant per token cancels in the normalisation: subtracting each row's maximum
        # keeps exp() finite.
        pot = np.exp(emissions - emissions.max(axis=1, keepdims=True))
        expt = np.exp(self.transitions)
        order = np.argsort(-lengths, kind="stable")
        st, ln = starts[order], lengths[order]
        top = int(ln[0])
        running = _running_counts(ln, top)
        # Each token's alpha and beta are normalised together at the end, so their scale
        # along the way cancels: rows are rescaled only every few steps, as often as keeps
        # them inside float64's range.  A step changes a row's sum by less than a factor of
        # k * e^(2 max|transition|) either way (the potentials are at most 1, and the
        # largest of a row is 1, which a row of positive weights always reaches).
        every = max(1, min(32, int(600 / (np.log(k) + 2 * np.abs(self.transitions).max() + 1))))
        alpha = np.zeros((n, k))
        a = pot[st] / pot[st].sum(axis=1, keepdims=True)
        alpha[st] = a
        spare = np.empty_like(a)  # a step writes here, then the two swap (no copy back)
        # Each sequence's row at t (a finished one stays at its last); the backward pass
        # walks them back.
        rows = st.copy()
        for t in range(1, top):
            m = running[t]
            at = rows[:m]
            at += 1
            nxt = _matmul(a[:m], expt, out=spare[:m])
            nxt *= pot.take(at, axis=0)
            if t % every == 0:
                nxt /= nxt.sum(axis=1, keepdims=True)
            alpha[at] = nxt
            a, spare = spare, a
        beta = np.zeros((n, k))
        b = np.ones((len(st), k))
        expt_t = expt.T
        for t in range(top - 1, -1, -1):
            m1 = running[t + 1] if t + 1 < top else 0  # sequences that go on after t
            if m1:
                at = rows[:m1]  # their rows at t + 1
                nxt = pot.take(at, axis=0)
                nxt *= b[:m1]
                nxt = _matmul(nxt, expt_t, out=spare[:m1])
                if t % every == 0:
                    nxt /= nxt.sum(axis=1, keepdims=True)
                b[:m1] = nxt
                at -= 1
            m = running[t]
            beta[rows[:m]] = b[:m]
        joint = alpha * beta
        total = joint.sum(axis=1, keepdims=True)
        np.divide(joint, total, out=probs, where=total > 0)
        return probs


def _matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    # einsum's own loop, not BLAS: the matrices are tiny, and BLAS threads would compete
    # with the other worker processes for the cores.
    return np.einsum("ij,jk->ik", a, b, out=out)


def _running_counts(lengths_desc: np.ndarray, top: int) -> list[int]:
    """For every position t < top, how many sequences are longer than t."""
    return np.searchsorted(-lengths_desc, -np.arange(top), side="left").tolist()


__all__ = ["Model", "Template"]
