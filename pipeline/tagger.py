"""One MeCab tagger per process (fugashi taggers do not pickle)."""

from __future__ import annotations

from functools import cache

import fugashi


@cache
def get_tagger(args: str = "") -> fugashi.Tagger:
    """Return the process-wide UniDic tagger for ``args`` (created on first use)."""
    return fugashi.Tagger(args)
