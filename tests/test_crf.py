"""CRF inference (pipeline.entities.crf), compiled and numpy: exact against brute force, the same
labels as each other, and equal to CRFsuite on the organisation model, sentence by
sentence and in batches."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline.entities.crf import Model


def _random_model(rng, n_labels=4):
    labels = [f"y{k}" for k in range(n_labels)]
    return Model(labels, rng.normal(size=(n_labels, n_labels)), {})


def _brute_force(model, em):
    """Best path and marginals by enumerating every label sequence."""
    n, k = em.shape
    best, best_score = None, -np.inf
    weights = {}
    for path in itertools.product(range(k), repeat=n):
        score = sum(em[t, y] for t, y in enumerate(path))
        score += sum(model.transitions[a, b] for a, b in zip(path, path[1:]))
        weights[path] = score
        if score > best_score:
            best, best_score = path, score
    z = np.logaddexp.reduce(list(weights.values()))
    marg = np.zeros((n, k))
    for path, score in weights.items():
        for t, y in enumerate(path):
            marg[t, y] += np.exp(score - z)
    return list(best), marg


def test_viterbi_and_marginals_equal_brute_force_over_a_batch_of_sequences():
    rng = np.random.default_rng(7)
    model = _random_model(rng)
    lengths = np.array([3, 1, 5, 2, 4])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    em = rng.normal(scale=2.0, size=(lengths.sum(), 4))
    labels = model.viterbi(em, starts, lengths)
    marg = model.marginals(em, starts, lengths)
    for s, n in zip(starts, lengths):
        best, expected = _brute_force(model, em[s : s + n])
        assert labels[s : s + n].tolist() == best
        np.testing.assert_allclose(marg[s : s + n], expected, atol=1e-9)


@pytest.mark.parametrize("impl", ["compiled", "numpy"])
def test_both_implementations_equal_brute_force(impl):
    from pipeline.base.native import library

    if impl == "compiled" and library() is None:
        pytest.skip("pipeline/csrc is not compiled here (make setup compiles it)")
    rng = np.random.default_rng(11)
    model = _random_model(rng, n_labels=3)
    lengths = np.array([2, 6, 1, 3])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    em = rng.normal(scale=3.0, size=(lengths.sum(), 3))
    viterbi = model.viterbi if impl == "compiled" else model.viterbi_numpy
    marginals = model.marginals if impl == "compiled" else model.marginals_numpy
    labels, marg = viterbi(em, starts, lengths), marginals(em, starts, lengths)
    for s, n in zip(starts, lengths):
        best, expected = _brute_force(model, em[s : s + n])
        assert labels[s : s + n].tolist() == best
        np.testing.assert_allclose(marg[s : s + n], expected, atol=1e-9)


def test_the_compiled_kernels_give_numpys_labels_ties_and_long_sequences_included():
    from pipeline.base.native import library

    if library() is None:
        pytest.skip("pipeline/csrc is not compiled here (make setup compiles it)")
    rng = np.random.default_rng(3)
    for k in (2, 5, 9):
        model = _random_model(rng, n_labels=k)
        lengths = rng.integers(1, 400, size=60)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        em = rng.normal(scale=4.0, size=(lengths.sum(), k))
        em[::7] = np.round(em[::7])  # whole numbers: equal scores, broken the same way
        model.transitions = np.round(model.transitions)
        assert np.array_equal(model.viterbi(em, starts, lengths), model.viterbi_numpy(em, starts, lengths))
        np.testing.assert_allclose(
            model.marginals(em, starts, lengths),
            model.marginals_numpy(em, starts, lengths),
            rtol=1e-9,
            atol=1e-12,
        )


def test_without_the_compiled_kernels_numpy_runs(monkeypatch):
    from pipeline.base import native

    monkeypatch.setenv("PIPELINE_PURE_PYTHON", "1")
    native.library.cache_clear()
    try:
        assert native.library() is None
        rng = np.random.default_rng(5)
        model = _random_model(rng)
        em = rng.normal(size=(6, 4))
        assert (
            model.viterbi(em, np.array([0, 2]), np.array([2, 4])).tolist()
            == model.viterbi_numpy(em, np.array([0, 2]), np.array([2, 4])).tolist()
        )
    finally:
        native.library.cache_clear()


def test_no_sequences_gives_no_labels():
    model = _random_model(np.random.default_rng(0))
    assert model.viterbi(np.zeros((0, 4)), np.zeros(0, int), np.zeros(0, int)).shape == (0,)


def test_template_rows_sum_weights_of_each_label():
    model = Model(
        ["A", "B"], np.zeros((2, 2)), {("0w=東北", "A"): 1.5, ("0w=東北", "B"): -0.5, ("b", "A"): 0.25}
    )
    assert model.template("0w").row("東北").tolist() == [1.5, -0.5]
    assert model.template("0w").row("unseen").tolist() == [0.0, 0.0]
    assert model.template("b").row("").tolist() == [0.25, 0.0]
    assert model.template("never").row("x").tolist() == [0.0, 0.0]


def test_without_the_compiled_kernels_the_whole_pipeline_gives_the_same_tables(monkeypatch, seed_text):
    # A machine without a C compiler: the named-entity model's float32 scores go through
    # the numpy kernels (they once failed there on the dtype, and every document with them).
    import pipeline
    from pipeline.base import native

    compiled = pipeline.process_text(seed_text)
    monkeypatch.setenv("PIPELINE_PURE_PYTHON", "1")
    native.library.cache_clear()
    try:
        assert native.library() is None
        plain = pipeline.process_text(seed_text)
    finally:
        native.library.cache_clear()
    for name in ("entities", "people", "org_mentions", "dates"):
        assert plain[name].equals(compiled[name]), name
