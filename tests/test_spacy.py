"""pipeline.nlp(): a spaCy Language on fugashi tokens with the pipeline's own entities."""

from __future__ import annotations

import pytest

import pipeline


@pytest.fixture(scope="module")
def nlp():
    return pipeline.nlp()


def test_the_tokenizer_is_fugashi_not_sudachi(nlp):
    doc = nlp("室長 千葉 康典は行った。")
    assert [t.text for t in doc if not t.is_space][:3] == ["室長", "千葉", "康典"] or [t.text for t in doc][
        :2
    ] == ["室長", "千葉"]
    assert "sudachipy" not in type(nlp.tokenizer).__module__.lower()
    assert any(t.lemma_ == "行く" for t in doc)


def test_seed_entities_are_the_same_as_process_text(nlp, seed_text):
    doc = nlp(seed_text)
    tables = pipeline.process_text(seed_text)
    ents = tables["entities"]
    assert [(e.start_char, e.end_char, e.label_, e._.value) for e in doc.ents] == list(
        zip(ents.start.tolist(), ents.end.tolist(), ents.label.tolist(), ents.value.tolist())
    )
    assert doc._.doc_date == tables["documents"].doc_date[0]


def test_values_are_span_extensions_and_displacy_draws_them(nlp):
    from spacy import displacy

    doc = nlp("平成 17 年1月 25 日、Tel: 022-263-1167 まで。")
    values = {e.label_: e._.value for e in doc.ents}
    assert values["DATE"] == "2005-01-25"
    assert values["PHONE"] == "+81222631167"
    html = displacy.render(doc, style="ent")
    assert "DATE" in html and "PHONE" in html


def test_entity_boundaries_inside_a_mecab_token_split_the_token(nlp):
    doc = nlp("E-mail: thk-sangaku@meti.go.jp")
    assert [e.text for e in doc.ents] == ["thk-sangaku@meti.go.jp"]
