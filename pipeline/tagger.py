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

# UniDic (unidic-lite 1.0.8, UniDic 2.1.2) feature indices:
#  0-3 pos1..pos4, 4 cType, 5 cForm, 7 lemma (語彙素: 千葉 -> "チバ"), 9 pron,
#  10 orthBase (書字形基本形: 千葉 -> "千葉", 行っ -> "行く"), 17 kana (仮名形出現形).
# One line per token: whitespace skipped before it (%pS), surface, then the features of
# pipeline.tokens.FEATURES as ONE tab-free field, joined by FEATURE_SEP.  The features are
# a property of the dictionary entry: a text repeats a few thousand combinations, and
# pipeline.tokens splits each distinct one once instead of parsing ten columns per token.
FEATURE_SEP = "\x1f"  # ASCII unit separator: the input is sanitised of control characters
_FEATS = FEATURE_SEP.join(f"%f[{k}]" for k in (0, 1, 2, 3, 4, 5, 10, 17, 9, 7))
NODE_FORMAT = rf"%pS\t%m\t{_FEATS}\n"
# Unknown words carry only pos1..pos4, cType, cForm: the lemma is the surface itself.
_UNK_FEATS = FEATURE_SEP.join([*(f"%f[{k}]" for k in range(6)), "%m", "", "", ""])
UNK_FORMAT = rf"%pS\t%m\t{_UNK_FEATS}\n"
# fugashi splits the argument string like a shell: quote the formats to keep backslashes.
TAGGER_ARGS = (f"--output-format-type= --node-format='{NODE_FORMAT}' --unk-format='{UNK_FORMAT}' "
               "--eos-format='E\\n'")


@cache
def get_tagger() -> fugashi.Tagger:
    """Return the process-wide UniDic tagger (created on first use)."""
    return fugashi.Tagger(TAGGER_ARGS)
