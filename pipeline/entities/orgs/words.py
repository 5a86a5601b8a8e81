"""The organisation finder's words (data files under ``pipeline/data``): institutional
suffixes, generic names and stems, deictic prefixes, legal forms, the gazetteer, and the job
titles no name is (from :mod:`pipeline.base.vocab`)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.base.datafiles import data_lines
from pipeline.base.vocab import person_titles, title_prefixes

_DATA = "pipeline.data"


_lines = data_lines


@cache
def suffixes() -> dict[str, str]:
    """Institutional name endings -> kind ("org" or "unit")."""
    return dict(ln.split("\t")[:2] for ln in _lines("org_suffixes.tsv"))


@cache
def generic_stems() -> frozenset[str]:
    return frozenset(_lines("org_generic.txt"))


@cache
def generic_names() -> frozenset[str]:
    return frozenset(_lines("org_generic_names.txt"))


@cache
def deictic_prefixes() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in _lines("org_deictic.tsv"))


@cache
def legal_forms() -> tuple[str, ...]:
    return tuple(sorted(_lines("org_legal_forms.txt"), key=len, reverse=True))


@cache
def _legal_lookup() -> tuple[frozenset[str], frozenset[str], int]:
    """The legal forms, their last characters and the longest one's length."""
    return frozenset(legal_forms()), frozenset(f[-1] for f in legal_forms()), max(map(len, legal_forms()))


@cache
def legal_re() -> re.Pattern:
    """Any one legal form (株式会社, （財）, …) of data/org_legal_forms.txt."""
    return re.compile("|".join(map(re.escape, legal_forms())))


@cache
def gazetteer() -> frozenset[str]:
    return frozenset(_lines("org_gazetteer.txt"))


@cache
def _gazetteer_re() -> re.Pattern:
    """Any gazetteer name, the longest one at a position.

    The names are grouped by their first character (東(?:北大学|京都)|N(?:HK|TT)|...): at a
    position the regex engine then tries only the names that begin with its character
    instead of every name in turn, which takes a third less time over a text.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(gazetteer(), key=len, reverse=True):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    return re.compile(
        "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())
    )


# Single-token deictic words that MeCab does not split into prefix + suffix (当局 is one word).
# 本社 (head office) and 同行 (go along) are left out on purpose.
_DEICTIC_WORDS = {
    "当局",
    "当社",
    "弊社",
    "同社",
    "当行",
    "当庁",
    "同庁",
    "当省",
    "同省",
    "当所",
    "同所",
    "当部",
    "同部",
    "当課",
    "同課",
    "当館",
    "同館",
    "当会",
    "本会",
    "同会",
    "同党",
    "当財団",
    "本学",
    "当学",
    "同大",
    "同大学",
    "同校",
    "本校",
    "当校",
}
_SPACE_JOIN = re.compile(r"[ \u3000]")
# Quoted names: 「…」 『…』 with no line break inside.
_QUOTE_RE = re.compile(r"[「『]([^「」『』\n]{2,40})[」』]")
# Former-name cues in the same sentence: 旧称, 前身, として設立, 名称を変更, 改称, 改組.
_FORMER_RE = re.compile(r"旧称|前身|旧名|として(?:設立|発足|創設)|名称(?:に|を)変更|改称|改組|改名")
_DIGIT_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万]\Z")
_COUNTED_END = re.compile(r"[0-9０-９一二三四五六七八九十百千万][回期次年号]\Z")
# Katakana or Latin: what makes a word name-like to the rules.
_NAME_CHARS = re.compile(r"[\u30a1-\u30fa\u30fcA-Za-zＡ-Ｚａ-ｚ]")

# POS sets (UniDic) for the noun chains names are built from.
_CHAIN_POS1 = {"名詞", "接頭辞"}
# Suffixes that close the previous word when a chain starts with them (年, 的, 等 ...);
# other leading suffixes start names (産学官: MeCab tags 産 a suffix after a space).
_LEAD_SUFFIX_SKIP = set("年月日度目等内的化性達氏様人名回号個件")
_SYMBOL_INSIDE = {"・", "＆", "&", "－", "-", "=", "＝", "’", "'", "."}


@cache
def _title_words() -> frozenset[str]:
    """Job titles, with the prefixes a title takes (the people rules' lists): a title alone is
    no organisation (副会頭, 常務理事)."""
    titles = set(person_titles())
    return frozenset(titles | {p + t for p in title_prefixes() for t in titles})
