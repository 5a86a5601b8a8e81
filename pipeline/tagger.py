"""The one MeCab tagger of a process (fugashi taggers do not pickle).

Every fugashi Tagger loads its own copy of the UniDic model: it memory-maps the 188 MB
sys.dic and the 72 MB matrix.bin again, and the pages it touches count once more in the
process's memory.  So the process has exactly one tagger.  Its output format is the
token lines that :mod:`pipeline.tokens` reads in bulk; the format only
affects ``parse()``, so iterating nodes (``for node in tagger(text)``, used by the spacing
and structure stages) sees the ordinary UniDic features.
"""

from __future__ import annotations

from functools import cache

import fugashi

# One line per token: the whitespace MeCab skipped before it (%pS), a tab, then the token's
# key: its surface and, after KEY_SEP, what names the dictionary entry MeCab chose (left and
# right context ids, word cost, and 0 for a known word or 1 for an unknown one).  Printing
# features would make MeCab copy and split each entry's whole feature string, a third of
# its time and most of the dictionary's pages; pipeline.tokens reads each distinct entry's
# features from the dictionary once instead (pipeline.mecab_dic says why the key is exact).
KEY_SEP = "\x1f"  # ASCII unit separator: the input is sanitised of control characters
NODE_FORMAT = rf"%pS\t%m{KEY_SEP}%phl %phr %c %s\n"
# fugashi splits the argument string like a shell: quote the formats to keep backslashes.
TAGGER_ARGS = (f"--output-format-type= --node-format='{NODE_FORMAT}' --unk-format='{NODE_FORMAT}' "
               "--eos-format='E\\n'")


@cache
def get_tagger() -> fugashi.Tagger:
    """Return the process-wide UniDic tagger (created on first use)."""
    return fugashi.Tagger(TAGGER_ARGS)
