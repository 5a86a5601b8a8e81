"""Spacing repair: tell scan/scrape spacing artifacts from spaces that carry meaning.

Every whitespace run of the text gets one `SpaceDecision`, decided from a local window
around it: character classes first (cheap and decisive for Latin, digits, punctuation,
full-width spaces, indentation), then, only for a space between two Japanese letters,
the MeCab lattice and UniDic POS of a few characters on both sides.

The package: :mod:`.words` (decisions and records), :mod:`.evidence` (what the text around a
space says), :mod:`.numbers`, :mod:`.lines` (what a whole line is), :mod:`.horizontal` and
:mod:`.newline` (the two kinds of decision) and :mod:`.finder` (:func:`decide_spacing`,
:func:`repair_spacing`).
"""

from __future__ import annotations

from pipeline.stages.spacing.finder import decide_spacing, repair_spacing
from pipeline.stages.spacing.words import COLLAPSED, KEPT, LINE_BREAK, REMOVED, Repair, SpaceDecision

__all__ = [
    "decide_spacing",
    "repair_spacing",
    "KEPT",
    "REMOVED",
    "COLLAPSED",
    "LINE_BREAK",
    "SpaceDecision",
    "Repair",
]
