"""Reading the pipeline's data files (patterns, gazetteers, word lists) from pipeline/data/.

Every data file starts with comment lines ("#") saying what it is; entries follow, one per
line.  Editing one changes the pipeline version (version.py), so everything is redone.
"""

from __future__ import annotations

import re
from importlib import resources

PACKAGE = "pipeline.data"


def data_text(name: str) -> str:
    """The whole text of a data file."""
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """The entries of a data file: its non-blank lines that are not comments, as written."""
    return [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]


def alternation(words) -> str:
    """A regex alternation of ``words``, escaped, longest first so that 支部長 wins over 部長."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
