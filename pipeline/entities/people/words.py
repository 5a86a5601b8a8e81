"""The people finder's words: name characters, titles, honorifics, roles and the patterns
built from them (data files under ``pipeline/data``; the lists other finders share come from
:mod:`pipeline.base.vocab`)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pipeline.base.datafiles import alternation
from pipeline.base.line_shapes import CJK as _CJK
from pipeline.base.vocab import person_titles, title_prefixes
from pipeline.entities.orgs import suffixes

_DATA = "pipeline.data"
_KATA = "\u30a1-\u30fa\u30fc"
_NAME = rf"[{_CJK}\u3041-\u309f{_KATA}]"
_SP = r"[ \u3000]"
_SPACES = " \u3000"
_COLONS = "：:"
_DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十〇]")
# Parts of speech a name, a title or an organisation is made of (nouns, prefixes, suffixes,
# Latin letters).
_NOUNISH = {"名詞", "接頭辞", "接尾辞", "記号"}
# After a title: words that do not make it part of a longer noun (会長ら, 社長兼会長).
_TITLE_FOLLOWERS = {"ら", "等", "兼", "たち", "一行", "以下", "自身", "自ら"}
_LOCAL_GOVERNMENT = set("都道府県")
_PUNCT = re.compile(r"[、。，,．.・：:；;「」『』（）()\[\]【】〔〕/／<>＜＞〈〉《》◇◆□■○●◎☆★]")
_PLACE_TITLES = {"知事", "副知事"}
# Ends a label or a list item before an organisation field (brackets do not: （株）東北テクノ).
_FIELD_CUT = re.compile(r"[、。，,：:；;「」『』/／]")
_SPACED_HONORIFICS = {"氏", "様", "殿", "先生"}


def _lines(name: str) -> tuple[str, ...]:
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return ()
    return tuple(
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )


@cache
def honorifics() -> tuple[str, ...]:
    return tuple(sorted(_lines("people_honorifics.txt"), key=len, reverse=True))


@cache
def _roles() -> frozenset[str]:
    return frozenset(_lines("people_roles.txt"))


@cache
def _given_name_ends() -> frozenset[str]:
    return frozenset(_lines("people_given_name_ends.txt"))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_lines("people_not_names.txt"))


@cache
def _weak_titles() -> frozenset[str]:
    return frozenset(_lines("people_weak_titles.txt"))


_title_prefixes = title_prefixes


@cache
def _unit_titles() -> frozenset[str]:
    return frozenset(_lines("people_title_units.txt"))


@cache
def _org_endings() -> tuple[str, ...]:
    return tuple(sorted(set(suffixes()) | set(_lines("people_org_endings.txt")), key=len, reverse=True))


@cache
def _org_ending_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, _org_endings())) + r")\Z")


@cache
def _separators() -> str:
    return "".join(_lines("people_separators.txt"))


@cache
def _field_stop() -> str:
    """Where an organisation field before a title field starts."""
    return "\n" + _SPACES + _separators() + "。" + _COLONS + "；;（(「」『』【】"


@cache
def _title_set() -> frozenset[str]:
    return frozenset(person_titles())


_MAX_TITLE = 12  # characters; longer entries of the title lists are not tried before a name


@cache
def _title_tails() -> frozenset[str]:
    """Every ending of a title: the last token of a title is one of them (委員|長)."""
    return frozenset(t[-k:] for t in person_titles() for k in range(1, len(t) + 1))


@cache
def _org_tails() -> frozenset[str]:
    return frozenset(t[-k:] for t in _org_endings() for k in range(1, len(t) + 1))


@cache
def _title_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, person_titles())) + r")\Z")


@cache
def _title_closing_line() -> re.Pattern:
    """After a name: a space, a post (and a note on it in brackets), then the line's end."""
    return re.compile(
        # (a post named by a compound that ends in 員 counts too: 国際協力員, 客員研究員)
        rf"{_SP}+(?P<title>{alternation(person_titles())}|[\u4e00-\u9fff]{{1,6}}員)"
        rf"[ \u3000]*(?:[(（][^()（）\n]{{1,20}}[)）])?[ \t\u3000]*(?:\n|\Z)"
    )


@cache
def _title_start_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, person_titles())))


@cache
def _post_start_re() -> re.Pattern:
    """A title with the prefixes it may carry (副幹事, 直前会長, 名誉教授)."""
    return re.compile(f"(?:{alternation(title_prefixes())})?(?:{alternation(person_titles())})")


def _honorific_ending(text: str, s: int, e: int) -> str | None:
    """The honorific that ends ``text[s:e]`` with something before it (山田太郎氏: 氏)."""
    return next((h for h in honorifics() if text.endswith(h, s, e) and e - len(h) > s), None)


def _honorific_at(text: str, pos: int) -> str | None:
    m = _honorific_re().match(text, pos)
    return m.group() if m else None


@cache
def _honorific_re() -> re.Pattern:
    return re.compile(alternation(honorifics()))
