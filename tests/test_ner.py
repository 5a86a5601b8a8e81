"""The named-entity model (pipeline.entities.ner): one feature table for training and inference, the
shipped model on sentences of our own, and the model's document-level evidence."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.entities.crf import Model
from pipeline.entities.ner import features
from pipeline.entities.ner.model import analyse, emissions, tag
from pipeline.entities.ner.train import bio, wiki_held_out
from pipeline.text.tokens import tokenize

SENTENCES = [
    "東北経済産業局の山本健一局長は、仙台市青葉区で会見した。",
    "株式会社みちのく製作所の佐々木美香さんがパリを訪れた。",
    "マーガレット・ホワイト氏が来日し、盛岡市で講演した。",
    "NPO法人ひまわり会とトヨタ自動車（株）が提携した。",
]


def _items(text):
    tokens = tokenize(text)
    seq = features.sequences(text, tokens)
    values = features.template_values(text, tokens, seq)
    return tokens, seq, features.attribute_strings(values, len(tokens))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A CRFsuite model trained on four sentences of our own, and its numpy twin."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    gold = {
        0: [(0, 7, "ORG"), (8, 12, "PERSON"), (16, 22, "LOCATION")],
        1: [(0, 10, "ORG"), (11, 16, "PERSON"), (19, 21, "LOCATION")],
        2: [(0, 10, "PERSON"), (17, 20, "LOCATION")],
        3: [(0, 9, "ORG"), (10, 20, "ORG")],
    }
    trainer = pycrfsuite.Trainer(verbose=False)
    for k, text in enumerate(SENTENCES):
        tokens, _seq, items = _items(text)
        labels = bio(tokens.table.column("start").to_numpy(), tokens.table.column("end").to_numpy(), gold[k])
        trainer.append(items, labels)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    path = str(tmp_path_factory.mktemp("ner") / "tiny.crfsuite")
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger, Model.from_crfsuite(path)


@pytest.mark.parametrize("text", [*SENTENCES, "ジョン・スミスさんは東京にいない。"])
def test_inference_scores_what_training_wrote(tiny_model, text):
    """Emission scores gathered by template codes give CRFsuite's own labels and marginals
    on the attribute strings training writes: the two paths share one feature table."""
    tagger, model = tiny_model
    tokens, seq, items = _items(text)
    cols = features.Columns(tokens, seq)
    cols.prepare(np.arange(len(tokens)))
    em = emissions(cols, np.arange(len(tokens)), model)
    n = len(tokens)
    ours = [model.labels[k] for k in model.viterbi(em, np.array([0]), np.array([n]))]
    assert ours == tagger.tag(items)
    marg = model.marginals(em, np.array([0]), np.array([n]))
    for t in range(n):
        for y in model.labels:
            assert marg[t, model.label_index[y]] == pytest.approx(tagger.marginal(y, t), abs=1e-4)


def test_every_template_reads_declared_attributes():
    for t in features.TEMPLATES:
        assert set(t.attrs) <= set(features.ATTRIBUTES), t.name
    assert len({t.name for t in features.TEMPLATES}) == len(features.TEMPLATES)


def test_bio_labels_follow_the_character_spans():
    start, end = np.array([0, 2, 4, 5]), np.array([2, 4, 5, 7])
    assert bio(start, end, [(0, 4, "ORG"), (5, 7, "PERSON")]) == ["B-ORG", "L-ORG", "O", "U-PERSON"]
    assert bio(start, end, [(0, 7, "LOCATION")]) == ["B-LOCATION", "I-LOCATION", "I-LOCATION", "L-LOCATION"]


def test_sequences_end_at_sentence_ends_and_line_breaks():
    text = "山田さんが来た。\n鈴木さん\nも来た"
    tokens = tokenize(text)
    seq = features.sequences(text, tokens)
    by_seq = {}
    for s, e, q in zip(tokens.start, tokens.end, seq.tolist()):
        by_seq.setdefault(q, []).append(text[s:e])
    assert ["".join(v) for v in by_seq.values()] == ["山田さんが来た。", "鈴木さん", "も来た"]


def test_katakana_names_joined_by_dots_are_one_chain():
    text = "アルフレッド・ノーマン・スミスが来た。"
    tokens = tokenize(text)
    cols = features.Columns(tokens, features.sequences(text, tokens))
    codes, values = cols.attrs["kc"]
    marks = dict(zip(tokens.surface, (values[c] for c in codes.tolist())))
    assert (marks["アルフレッド"], marks["ノーマン"], marks["スミス"], marks["が"]) == ("B", "I", "E", "")


def _found(text, label):
    return [s.text for s in tag(text, tokenize(text)) if s.label == label]


@pytest.mark.parametrize(
    "text, label, name",
    [
        ("昨日、佐藤健太郎さんが市役所を訪れた。", "PERSON", "佐藤健太郎"),
        ("作家のエリザベス・マーロウが新作を発表した。", "PERSON", "エリザベス・マーロウ"),
        ("福島県会津若松市で祭りが開かれた。", "LOCATION", "福島県会津若松市"),
        ("イタリアから届いたワインを味わう。", "LOCATION", "イタリア"),
        ("東京大学の研究チームが成果を発表した。", "ORG", "東京大学"),
    ],
)
def test_the_shipped_model_finds_plain_names(text, label, name):
    assert name in _found(text, label)


def test_a_name_found_once_is_found_where_it_is_repeated():
    """Document evidence: a name the model tagged is tagged where the text repeats it at
    token edges, unless something else is there already; the majority label wins."""
    from pipeline.document.spans import ORG, PERSON, Span
    from pipeline.entities.ner.model import _propagate

    text = "ミドルトン氏が来た。ミドルトンは笑った。ミドルトン社の人ではない。ミドルトンズ"
    tokens = tokenize(text)
    start, end = tokens.table.column("start").to_numpy(), tokens.table.column("end").to_numpy()
    first = Span(0, 5, PERSON, "ミドルトン", "ミドルトン", "ner_crf", {"confidence": 0.9})
    other = Span(20, 24, ORG, text[20:24], text[20:24], "ner_crf", {"confidence": 0.9})
    added = _propagate(text, start, end, [first, other], tokens.codes("surface")[0])
    at = [(sp.start, sp.label, sp.rule) for sp in added]
    assert (10, PERSON, "ner_crf+document") in at
    assert all(sp.start != 20 for sp in added)  # taken by the organisation
    edges = set(start.tolist()), set(end.tolist())
    assert all(sp.start in edges[0] and sp.end in edges[1] for sp in added)
    assert _propagate(text, start, end, [], tokens.codes("surface")[0]) == []


def test_analysis_gives_a_probability_per_token():
    text = "東京大学と京都大学が協定を結んだ。"
    tokens = tokenize(text)
    result = analyse(text, tokens)
    p = result.p_org()
    assert p.shape == (len(tokens),) and 0.0 <= p.min() and p.max() <= 1.0 + 1e-9
    assert p[0] > 0.5  # 東京 opens an organisation name
    assert analyse("", tokenize("")).spans == []
    assert analyse("ひらがなだけのぶん。", tokenize("ひらがなだけのぶん。")).spans == []


def test_the_wikipedia_held_out_part_is_a_fixed_fifth():
    texts = [f"文{k}" for k in range(2000)]
    share = sum(map(wiki_held_out, texts)) / len(texts)
    assert 0.15 < share < 0.25
    assert wiki_held_out("文1") == wiki_held_out("文1")


def test_no_model_name_holds_a_list_comma_or_an_unpaired_bracket():
    from pipeline.entities.ner.model import _whole

    assert _whole("東北大学") and _whole("ABC(日本)")
    assert not _whole("根本博文),総務部") and not _whole("山田、鈴木")


def test_the_model_over_several_texts_gives_each_what_it_gives_it_alone():
    import numpy as np

    from pipeline.entities.ner.model import analyse, analyse_many, rule_hints
    from pipeline.text.tokens import tokenize

    texts = [
        "東北大学の山田太郎教授が講演した。山田教授は",
        "",
        "ジョン・スミス氏とアクセンチュア株式会社。スミス氏は",
        "室長 千葉 康典\n仙台市青葉区",
    ]
    tokens = [tokenize(t) for t in texts]
    hints = [rule_hints(t, k) for t, k in zip(texts, tokens)]
    for text, tok, hint, many in zip(texts, tokens, hints, analyse_many(texts, tokens, hints)):
        alone = analyse(text, tok, hints=hint)
        assert [(s.start, s.end, s.label, s.rule) for s in many.spans] == [
            (s.start, s.end, s.label, s.rule) for s in alone.spans
        ]
        assert all(np.array_equal(many.p_inside[k], alone.p_inside[k]) for k in alone.p_inside)
