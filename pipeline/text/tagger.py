"""The one MeCab tagger of a process (fugashi taggers do not pickle).

Every fugashi Tagger loads its own copy of the UniDic model: it memory-maps the 188 MB
sys.dic and the 72 MB matrix.bin again, and the pages it touches count once more in the
process's memory.  So the process has exactly one tagger.  Its output format is the
token lines that :mod:`pipeline.text.tokens` reads in bulk; the format only
affects ``parse()``, so iterating nodes (``for node in tagger(text)``, used by the spacing
and structure stages) sees the ordinary UniDic features.
"""

from __future__ import annotations

import os
from functools import cache

import fugashi

# One line per token: the whitespace MeCab skipped before it (%pS), a tab, then the token's
# key: its surface and, after KEY_SEP, what names the dictionary entry MeCab chose (left and
# right context ids, word cost, and 0 for a known word or 1 for an unknown one).  Printing
# features would make MeCab copy and split each entry's whole feature string, a third of
# its time and most of the dictionary's pages; pipeline.text.tokens reads each distinct entry's
# features from the dictionary once instead (pipeline.text.mecab_dic says why the key is exact).
KEY_SEP = "\x1f"  # ASCII unit separator: the input is sanitised of control characters
NODE_FORMAT = rf"%pS\t%m{KEY_SEP}%phl %phr %c %s\n"
# fugashi splits the argument string like a shell: quote the formats to keep backslashes.
TAGGER_ARGS = (
    f"--output-format-type= --node-format='{NODE_FORMAT}' --unk-format='{NODE_FORMAT}' --eos-format='E\\n'"
)


# The fields of a UniDic (unidic-lite 1.0.8, UniDic 2.1.2) entry, in the order its feature
# string holds them; code reads fields by these names (pipeline.text.tokens). check_dictionary()
# makes sure the loaded dictionary is this one.
UNIDIC_FIELDS = (
    "pos1",
    "pos2",
    "pos3",
    "pos4",
    "cType",
    "cForm",
    "lForm",
    "lemma",
    "orth",
    "pron",
    "orthBase",
    "pronBase",
    "goshu",
    "iType",
    "iForm",
    "fType",
    "fForm",
    "kana",
    "kanaBase",
    "form",
    "formBase",
    "iConType",
    "fConType",
    "aType",
    "aConType",
    "aModType",
)


def dictionary_dir() -> str:
    """The dictionary the pipeline uses, by path: unidic-lite's, shipped as a package."""
    import unidic_lite

    return unidic_lite.DICDIR


def _args() -> str:
    dicdir = dictionary_dir().replace("'", "")
    return f"-d '{dicdir}' -r '{dicdir}/mecabrc' " + TAGGER_ARGS


@cache
def get_tagger() -> fugashi.Tagger:
    """Return the process-wide UniDic tagger (created on first use), after checking that the
    dictionary is the one the code reads."""
    tagger = fugashi.Tagger(_args())
    check_dictionary(tagger)
    return tagger


def check_dictionary(tagger: fugashi.Tagger | None = None) -> None:
    """Fail at start-up, with a clear message, if the dictionary MeCab loads is not the UniDic
    the code reads fields from (the fields of a known word, by name and count).  It asks the
    process's own tagger (its output format does not change the nodes' features): a second
    tagger would load the dictionary again."""
    node = next(iter((tagger or get_tagger())("東京")))
    fields = getattr(node.feature, "_fields", ())
    if tuple(f.replace("aModeType", "aModType") for f in fields) != UNIDIC_FIELDS:
        raise RuntimeError(
            f"the MeCab dictionary at {dictionary_dir()} has the fields {fields}, "
            f"not the UniDic fields the pipeline reads ({len(UNIDIC_FIELDS)}: "
            f"{', '.join(UNIDIC_FIELDS)}); install the pinned unidic-lite"
        )
    if node.feature.pos1 != "名詞" or node.feature.orthBase != "東京":
        raise RuntimeError(
            f"the MeCab dictionary at {dictionary_dir()} reads 東京 as {node.feature}: "
            "not the UniDic the pipeline expects"
        )


def dictionary_identity() -> str:
    """Name, version and size of the dictionary: part of the pipeline version, so a new
    dictionary reprocesses every document."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("unidic-lite")
    except PackageNotFoundError:
        package = "?"
    path = os.path.join(dictionary_dir(), "sys.dic")
    with open(os.path.join(dictionary_dir(), "version"), encoding="utf-8") as fh:
        unidic = fh.read().strip().replace("\n", " ")
    return f"unidic-lite {package} (UniDic {unidic}) sys.dic {os.path.getsize(path)} bytes"
