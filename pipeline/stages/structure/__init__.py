"""Document structure: blocks, articles (title and byline), sentences, boilerplate.

Works line by line on the working text: every non-blank line is classified by its shape
(rules in ``pipeline/data/structure_patterns.tsv``, ``boilerplate.txt`` and
``job_titles.txt``), lines are grouped into blocks, bylines open articles whose title is the
line just before them, and prose blocks are split into sentences.

The package: :mod:`.kinds` (kinds and records), :mod:`.lines` (line shapes, bylines),
:mod:`.blocks` (draft blocks), :mod:`.articles` (article starts and titles), :mod:`.sentences`
and :mod:`.finder` (:func:`find_structure`).
"""

from __future__ import annotations

from pipeline.stages.structure.finder import find_structure
from pipeline.stages.structure.kinds import (
    BOILERPLATE,
    BYLINE,
    CAPTION,
    CONTACT,
    DATELINE,
    HEADING,
    KINDS,
    NOTICE,
    PARAGRAPH,
    TITLE,
    TOC,
    Article,
    Block,
    Sentence,
    Structure,
)
from pipeline.stages.structure.lines import parse_byline, split_person_name

__all__ = [
    "find_structure",
    "parse_byline",
    "split_person_name",
    "KINDS",
    "TITLE",
    "BYLINE",
    "HEADING",
    "PARAGRAPH",
    "CAPTION",
    "NOTICE",
    "CONTACT",
    "BOILERPLATE",
    "TOC",
    "DATELINE",
    "Article",
    "Block",
    "Sentence",
    "Structure",
]
