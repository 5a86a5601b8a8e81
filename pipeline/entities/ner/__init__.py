"""The named-entity model: PERSON, ORG and LOCATION over MeCab/UniDic tokens.

- :mod:`pipeline.entities.ner.features` declares the feature templates once; training and inference
  both read them.
- :mod:`pipeline.entities.ner.model` runs the trained CRF (``pipeline/data/ner_crf.npz``) over a
  text's tokens: spans with confidences, and per token the probability of being inside a
  name of each kind, which the rule finders' merges read (orgs, people, places).
- :mod:`pipeline.entities.ner.train` trains it (``make train-ner``), deterministically, on KWDLC's
  train documents and the dev part of the Wikipedia NER set.
"""

from pipeline.entities.ner.model import Analysis, analyse, tag

__all__ = ["Analysis", "analyse", "tag"]
