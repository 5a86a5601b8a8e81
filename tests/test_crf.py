"""CRF inference (pipeline.crf), compiled and numpy: exact against brute force, the same
labels as each other, and equal to CRFsuite on the organisation model, sentence by
sentence and in batches."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline import orgs
from pipeline.crf import Model
from pipeline.tokens import tokenize


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
        best, expected = _brute_force(model, em[s:s + n])
        assert labels[s:s + n].tolist() == best
        np.testing.assert_allclose(marg[s:s + n], expected, atol=1e-9)


@pytest.mark.parametrize("impl", ["compiled", "numpy"])
def test_both_implementations_equal_brute_force(impl):
    from pipeline.native import library

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
        best, expected = _brute_force(model, em[s:s + n])
        assert labels[s:s + n].tolist() == best
        np.testing.assert_allclose(marg[s:s + n], expected, atol=1e-9)


def test_the_compiled_kernels_give_numpys_labels_ties_and_long_sequences_included():
    from pipeline.native import library

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
        np.testing.assert_allclose(model.marginals(em, starts, lengths),
                                   model.marginals_numpy(em, starts, lengths), rtol=1e-9, atol=1e-12)


def test_without_the_compiled_kernels_numpy_runs(monkeypatch):
    from pipeline import native

    monkeypatch.setenv("PIPELINE_PURE_PYTHON", "1")
    native.library.cache_clear()
    try:
        assert native.library() is None
        rng = np.random.default_rng(5)
        model = _random_model(rng)
        em = rng.normal(size=(6, 4))
        assert model.viterbi(em, np.array([0, 2]), np.array([2, 4])).tolist() == \
            model.viterbi_numpy(em, np.array([0, 2]), np.array([2, 4])).tolist()
    finally:
        native.library.cache_clear()


def test_no_sequences_gives_no_labels():
    model = _random_model(np.random.default_rng(0))
    assert model.viterbi(np.zeros((0, 4)), np.zeros(0, int), np.zeros(0, int)).shape == (0,)


def test_template_rows_sum_weights_of_each_label():
    model = Model(["A", "B"], np.zeros((2, 2)),
                  {("0w=東北", "A"): 1.5, ("0w=東北", "B"): -0.5, ("b", "A"): 0.25})
    assert model.template("0w").row("東北").tolist() == [1.5, -0.5]
    assert model.template("0w").row("unseen").tolist() == [0.0, 0.0]
    assert model.template("b").row("").tolist() == [0.25, 0.0]
    assert model.template("never").row("x").tolist() == [0.0, 0.0]


SENTENCES = [
    "東北経済産業局地域経済部産業支援課は、仙台市青葉区にある。",
    "2010年にソニーと提携した「サラブレッド・ブリーダーズ・クラブ」は、株式会社である。",
    "産業技術総合研究所 東北センターと東北大学が共同で研究を進めている。",
    "NON STYLEのメンバーが、トヨタ自動車（株）の新車発表会に出演した。",
    "中小企業基盤整備機構（略称：中小機構）は、独立行政法人です。",
]


@pytest.fixture(scope="module")
def org_model():
    """CRFsuite's own tagger on the shipped model (the reference), and the numpy model."""
    from importlib import resources

    pycrfsuite = pytest.importorskip("pycrfsuite")
    path = resources.files("pipeline.data").joinpath(orgs.MODEL_FILE)
    if not path.is_file() or orgs._model() is None:
        pytest.skip("organisation model not installed")
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as p:
        tagger.open(str(p))
    return tagger, orgs._model()


def _distinct(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """(code per item, distinct values in first-seen order): the training path's rule tags
    as the codes _emissions takes."""
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return np.asarray(codes, dtype=np.int64), list(index)


def _inputs(text):
    tokens = tokenize(text)
    cols, sents, rtags, sflags = orgs.crf_inputs(text, tokens, orgs.find_orgs(text, tokens))
    return tokens, cols, sents, rtags, sflags


@pytest.mark.parametrize("text", SENTENCES)
def test_org_model_gives_crfsuite_labels_and_marginals(org_model, text):
    tagger, model = org_model
    tokens, cols, sents, rtags, sflags = _inputs(text)
    c = orgs._Columns(tokens, model)
    rtag, rtag_names = _distinct(rtags)
    for lo, hi in sents:
        n = hi - lo
        idx = np.arange(lo, hi)
        em = orgs._emissions(c, idx, np.full(n, lo), np.full(n, hi - 1), np.zeros(n, int),
                             rtag, rtag_names, model)
        ours = [model.labels[k] for k in model.viterbi(em, np.array([0]), np.array([n]))]
        assert ours == tagger.tag(orgs._features(text, cols, lo, hi, rtags, sflags))
        marg = model.marginals(em, np.array([0]), np.array([n]))
        for t in range(n):
            for y in model.labels:
                assert marg[t, model.label_index[y]] == pytest.approx(tagger.marginal(y, t), abs=1e-4)


def test_org_model_spans_do_not_depend_on_what_else_is_in_the_text(org_model):
    _tagger, model = org_model

    def spans(text):
        tokens = tokenize(text)
        found, _p = orgs._model_spans(text, tokens, orgs.find_orgs(text, tokens), model)
        return [(text[s:e], round(p, 6)) for s, e, p in found]

    joined = "\n".join(SENTENCES)
    assert spans(joined) == [x for text in SENTENCES for x in spans(text)]
    assert spans(joined)  # the model does find names here


@pytest.mark.parametrize("text", [*SENTENCES, "\n".join(SENTENCES), "改行 の ない 長い 行 " * 60, "", "。。"])
def test_bulk_sequences_and_rule_tags_equal_the_training_ones(org_model, text):
    _tagger, model = org_model
    tokens, cols, sents, rtags, _ = _inputs(text)
    c = orgs._Columns(tokens, model)
    assert orgs._sequences(text, c).tolist() == [list(x) for x in sents]
    codes, names = orgs._rule_tag_codes(c, orgs.find_orgs(text, tokens))
    assert [names[k] for k in codes.tolist()] == rtags


def test_shipped_arrays_hold_the_crfsuite_model_weights():
    from importlib import resources

    pytest.importorskip("pycrfsuite")
    data = resources.files("pipeline.data")
    if not data.joinpath("org_crf.model").is_file():
        pytest.skip("organisation model not installed")
    with resources.as_file(data.joinpath("org_crf.model")) as p:
        reference = Model.from_crfsuite(str(p))
    with resources.as_file(data.joinpath("org_crf.npz")) as p:
        shipped = Model.load_npz(p)
    assert shipped.labels == reference.labels
    np.testing.assert_array_equal(shipped.transitions, reference.transitions)
    assert shipped.templates.keys() == reference.templates.keys()
    for name, t in reference.templates.items():
        assert shipped.templates[name].index.keys() == t.index.keys(), name
        for value in t.index:
            np.testing.assert_array_equal(shipped.template(name).row(value), t.row(value))


def test_npz_round_trip_is_byte_stable(tmp_path):
    model = Model(["A", "B"], np.array([[0.5, -1.0], [0.0, 2.0]]),
                  {("0w=東北", "A"): 1.5, ("b", "B"): 0.25, ("0w|1w=東|北", "A"): -0.5})
    model.save_npz(tmp_path / "a.npz")
    model.save_npz(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    back = Model.load_npz(tmp_path / "a.npz")
    assert back.template("0w|1w").row("東|北").tolist() == [-0.5, 0.0]
    assert back.template("0w").row("東北").tolist() == [1.5, 0.0]
    np.testing.assert_array_equal(back.transitions, model.transitions)


def test_sequences_outside_the_scores_and_nan_scores_are_refused():
    model = _random_model(np.random.default_rng(1))
    em = np.zeros((5, 4))
    with pytest.raises(ValueError):
        model.viterbi(em, np.array([3]), np.array([4]))  # rows 3..6 of 5
    em[2, 1] = np.nan
    for fn in (model.viterbi, model.marginals):
        with pytest.raises(ValueError, match="NaN"):
            fn(em, np.array([0]), np.array([5]))
