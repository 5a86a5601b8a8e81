"""spaCy integration: ``pipeline.nlp()``, a ``Language`` whose tokenizer is fugashi.

spaCy's own Japanese language needs SudachiPy; this one uses the pipeline's MeCab tokens.
The tokenizer applies the pipeline's text stages (newline/NFC normalisation and spacing
repair), so ``doc.text`` is the working text that the tables' ``start``/``end`` point into;
the entity component calls the same finders as the tables (``entities.find_entities``),
so ``doc.ents`` are the ``entities`` rows of ``process_text``.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.document.model import Document
from pipeline.stages.ingest import normalise
from pipeline.stages.run import STAGES, Options
from pipeline.text.tokens import tokenize

COMPONENT = "newsletter_entities"


def working_document(text: str) -> Document:
    """The document the tables are built from: normalised, spacing repaired."""
    doc = Document("text", text)
    normalise(doc)
    dict(STAGES)["spacing"](doc, Options())  # the same stage as the tables, not a copy of it
    return doc


class FugashiTokenizer:
    """A spaCy tokenizer: the pipeline's text stages, then MeCab (fugashi + UniDic) tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        work = working_document(text)
        toks = tokenize(work.text)
        words, spaces = get_words_and_spaces(toks.surface, work.text) if len(toks) else ([], [])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        lemma = dict(zip(zip(toks.start, toks.end), zip(toks.lemma, toks.pos1)))
        for token in doc:
            found = lemma.get((token.idx, token.idx + len(token.text)))
            if found:
                token.lemma_ = found[0] or token.text
                token.tag_ = found[1] or ""
        doc._.raw_text = text
        doc._.raw_offsets = (work.raw_from, work.raw_to)
        return doc

    # spaCy calls these when saving and loading a pipeline; nothing to store.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs):
        return self


def _set_extensions() -> None:
    from spacy.tokens import Doc, Span

    for name in ("value", "rule", "entity_id"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", default=None)
    for name in ("raw_text", "raw_offsets", "doc_date", "doc_date_basis"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _split_at(doc, cuts: set[int]) -> None:
    """Split tokens so that every offset in ``cuts`` is a token boundary."""
    with doc.retokenize() as retok:
        for token in doc:
            inner = sorted(c - token.idx for c in cuts if token.idx < c < token.idx + len(token.text))
            if not inner:
                continue
            bounds = [0, *inner, len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retok.split(token, orths, heads=[(token, i) for i in range(len(orths))])


def annotate(doc):
    """The entity component: the pipeline's own stages (structure, tokens, entities) on the
    working text, then ``doc.ents`` with values."""
    work = Document("text", doc.text)
    opts = Options()
    stages = dict(STAGES)
    for name in ("structure", "tokens", "entities"):
        stages[name](work, opts)
    layer = work.entities
    cuts = {x for sp in layer.spans for x in (sp.start, sp.end)}
    if any(doc.char_span(sp.start, sp.end) is None for sp in layer.spans):
        _split_at(doc, cuts)
    ents = []
    for k, sp in enumerate(layer.spans):
        span = doc.char_span(sp.start, sp.end, label=sp.label)
        if span is None:  # cannot happen after the split; kept as a loud guard
            raise ValueError(f"entity {sp.text!r} at {sp.start}:{sp.end} does not align with tokens")
        span._.value = sp.value
        span._.rule = sp.rule
        span._.attrs = dict(sp.attrs)
        span._.entity_id = k
        ents.append(span)
    doc.ents = ents
    doc._.doc_date = layer.doc_date
    doc._.doc_date_basis = layer.doc_date_basis
    return doc


@lru_cache(maxsize=1)
def _register() -> None:
    from spacy.language import Language

    _set_extensions()
    Language.component(COMPONENT)(annotate)


def build_nlp():
    """A blank multi-language spaCy pipeline with the fugashi tokenizer and our entities."""
    import spacy

    _register()
    nlp = spacy.blank("xx")
    nlp.tokenizer = FugashiTokenizer(nlp.vocab)
    nlp.add_pipe(COMPONENT)
    return nlp
