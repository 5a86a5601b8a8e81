"""The one MeCab tagger of a process (fugashi taggers do not pickle).

Every fugashi Tagger loads its own copy of the UniDic model: it memory-maps the 188 MB
sys.dic and the 72 MB matrix.bin again, and the pages it touches count once more in the
process's memory.  So the process has exactly one tagger.  Its output format is the
tab-separated token lines that :mod:`pipeline.tokens` reads in bulk; the format only
affects ``parse()``, so iterating nodes (``for node in tagger(text)``, used by the spacing
and structure stages) sees the ordinary UniDic features.
"""

from __future__ import annotations

from functools import cache

import fugashi

# UniDic (unidic-lite 1.0.8, UniDic 2.1.2) feature indices:
#  0-3 pos1..pos4, 4 cType, 5 cForm, 7 lemma (語彙素: 千葉 -> "チバ"), 9 pron,
#  10 orthBase (書字形基本形: 千葉 -> "千葉", 行っ -> "行く"), 17 kana (仮名形出現形).
# One line per token: whitespace skipped before it (%pS), surface, then the columns of
# pipeline.tokens.COLUMNS.
NODE_FORMAT = r"%pS\t%m\t%f[0]\t%f[1]\t%f[2]\t%f[3]\t%f[4]\t%f[5]\t%f[10]\t%f[17]\t%f[9]\t%f[7]\n"
# Unknown words carry only pos1..pos4, cType, cForm: the lemma is the surface itself.
UNK_FORMAT = r"%pS\t%m\t%f[0]\t%f[1]\t%f[2]\t%f[3]\t%f[4]\t%f[5]\t%m\t\t\t\n"
# fugashi splits the argument string like a shell: quote the formats to keep backslashes.
TAGGER_ARGS = (f"--output-format-type= --node-format='{NODE_FORMAT}' --unk-format='{UNK_FORMAT}' "
               "--eos-format='E\\n'")


@cache
def get_tagger() -> fugashi.Tagger:
    """Return the process-wide UniDic tagger (created on first use)."""
    return fugashi.Tagger(TAGGER_ARGS)
