"""What a whole line is: a credit, an organisation and a name, a list of names, a name set
letter by letter, a place and a person, a marked heading, page chrome."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.base.line_shapes import chrome_rule, shape
from pipeline.stages.spacing.evidence import _patterns, _pos, _tokens
from pipeline.stages.spacing.words import _BLANK, _SENTENCE_PUNCT, SHORT_LINE, _lines


def _credit_line(line: str) -> bool:
    """A bracketed closing credit: organisation, family name, given name."""
    if line[:1] not in "(（" or line[-1:] not in ")）":
        return False
    parts = line[1:-1].split()
    return len(parts) == 3 and _person_name(parts[1] + " " + parts[2])


def _org_name_line(line: str) -> bool:
    """An organisation, then a person's full name after a space (広報室 土屋 洋太, 新潟大学 川崎一正)."""
    parts = line.split()
    return (
        len(parts) in (2, 3)
        and _patterns()["org_name_end"].search(parts[0]) is not None
        and (
            _person_name(" ".join(parts[1:]))
            # a given name UniDic reads as a common word (広報チーム 新井 全勝)
            or (len(parts) == 3 and _family_name(parts[1]) and _SHORT_KANJI.fullmatch(parts[2]) is not None)
        )
    )


_SHORT_KANJI = re.compile(r"[\u4e00-\u9fff々]{1,3}")


_LIST_MARKS = "◎○●◯・※"


def _name_list_space(text: str, start: int, end: int, line_start: int, line_end: int, word: str) -> bool:
    """A space between two entries of a list of people: a full name (or a name and its post)
    on each side (出席委員 山川昌子 肥沼茂男, 榎本雅朝局長 南部和彦次長)."""
    nxt = _BLANK.split(text[end:line_end], maxsplit=1)[0]
    left, right = word.lstrip(_LIST_MARKS), nxt.lstrip(_LIST_MARKS)
    if not (2 <= len(left) <= 12 and 2 <= len(right) <= 12):
        return False
    m = _patterns()["title_end"].search(left)
    if m is not None and m.start() >= 3:
        left = left[: m.start()]  # 榎本雅朝局長: the name before the post
    m = _patterns()["title_end"].search(right)
    if m is not None and m.start() >= 3:
        right = right[: m.start()]
    # Both full names; or one, and a family name opening the other (北久保眞道: UniDic knows
    # 北久保 as no surname but 眞道 … is read apart).
    return (_person_name(left) and (_person_name(right) or _family_head(right))) or (
        _family_head(left) and _person_name(right)
    )


def _family_head(word: str) -> bool:
    """The word opens with what UniDic reads as a surname, and is a name's length."""
    nodes = _tokens(word)
    return bool(nodes) and 3 <= len(word) <= 6 and _pos(nodes[0])[2:4] == ("人名", "姓")


def _family_name(word: str) -> bool:
    """UniDic reads ``word`` as a surname, alone or with a given name (三浦, 三浦 健)."""
    nodes = _tokens(word)
    return (
        bool(nodes) and _pos(nodes[0])[2:4] == ("人名", "姓") and all(_pos(n)[2] == "人名" for n in nodes[1:])
    )


def _title_name_line(line: str) -> bool:
    """A post, then a full name written without a space (理事長 今井一彦), the whole line."""
    parts = line.split()
    return (
        len(parts) == 2
        and len(parts[1]) <= 6
        and _patterns()["title_end"].search(parts[0]) is not None
        and _person_name(parts[1])
    )


def _letter_spaced_line(line: str) -> bool:
    """The whole line is set letter by letter, kanji and kana with a space between each (会 長 挨
    拶): a heading or a title, never a sentence."""
    parts = line.split()
    if not (
        3 <= len(parts) <= 16
        and all(len(p) == 1 and re.match(r"[\u4e00-\u9fff々\u3041-\u30ff]", p) for p in parts)
    ):
        return False
    joined = "".join(parts)
    if joined in _KANA_HEADINGS:
        return True
    # a noun phrase (会長挨拶), not a sentence's words (これは, 本日の例会で会長)
    nodes = _tokens(joined)
    return (
        bool(nodes)
        and _pos(nodes[-1])[0] in ("名詞", "接尾辞")
        and not any(_pos(n)[0] in ("助詞", "助動詞", "動詞") for n in nodes)
    )


# Headings UniDic reads with a verb in them (お|知ら|せ).
_KANA_HEADINGS = frozenset({"お知らせ", "ごあいさつ", "あいさつ", "はじめに", "おわりに", "おしらせ"})


def _letter_spaced_name_line(line: str) -> bool:
    """The line is set letter by letter (総 長 松 尾 稔) and its letters read as a post, if
    any, then a family and a given name."""
    parts = line.split()
    if not 3 <= len(parts) <= 12 or any(len(p) != 1 for p in parts):
        return False
    joined = "".join(parts)
    title_end = _patterns()["title_end"]
    for i in range(len(joined) - 1):
        if i and not title_end.search(joined[:i]):
            continue
        for f in (1, 2, 3):
            given = joined[i + f :]
            if 1 <= len(given) <= 3 and _full_name(joined[i : i + f], given):
                return True
    return False


def _ends_in_full_name(line: str) -> bool:
    """The line ends in a family and a given name apart, after a space (会長挨拶 高橋 恒清)."""
    parts = line.split()
    return len(parts) >= 3 and _full_name(*parts[-2:])


# A name that closes a byline: kanji (or a family name and a given name apart), then the
# writer's body in brackets or an honorific, or nothing, to the end of the field.
_NAME_CLOSING = re.compile(
    r"(?P<name>[\u4e00-\u9fff々]{2,5}?|[\u4e00-\u9fff々]{1,4} [\u4e00-\u9fff々\u3041-\u3096]{1,4})"
    r"(?P<note>[(（][^()（）]{2,20}[)）])?(?P<hon> ?(?:先生|氏|様|さん))?[ \u3000]*[)）]?[ \u3000]*$"
)


def _closing_name(rest: str) -> bool:
    """``rest`` (what follows a post, to the end of its line or bracket) is a person's name:
    one UniDic reads as a name, or a few kanji with the writer's body in brackets or an
    honorific after them (荒磯恒久(北海道大学), 西村 弘行 先生), which vouch for a name
    UniDic does not know."""
    m = _NAME_CLOSING.match(rest)
    if m is None:
        return False
    return bool(m["note"] or m["hon"]) or _person_name(m["name"])


def _post_then_name(rest: str) -> bool:
    """``rest`` is a post with its body (産学連携学会会長), a space, then a closing name: a
    byline after a heading on the same line (年頭挨拶 産学連携学会会長 荒磯恒久(北海道大学))."""
    head, _, name = rest.partition(" ")
    return (
        2 <= len(head) <= 24
        and _patterns()["title_end"].search(head) is not None
        and re.fullmatch(r"[\u4e00-\u9fff々\u30a1-\u30fa\u30fcA-Za-zＡ-Ｚａ-ｚ]+", head) is not None
        and _closing_name(name.strip())
    )


def _full_name(family: str, given: str) -> bool:
    """Two short fields UniDic reads as a family and a given name (高橋 恒清)."""
    return len(family) <= 4 and len(given) <= 4 and _person_name(f"{family} {given}")


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(_lines("people_honorifics.txt"))


# A municipality's or district's name ends the word before the space (清水区, 大崎地区).
_PLACE_END = re.compile(r"[\u4e00-\u9fff々ヶ]{1,6}[都道府県市区町村郡]$|地区$")


def _place_then_person(rest: str) -> bool:
    """The rest of the line is one person's name with an honorific, maybe in closing brackets
    (佐藤政市さん), as a photo caption or a list names where someone is from."""
    rest = rest.rstrip(" \u3000)）")
    hon = next((h for h in _honorifics() if rest.endswith(h)), None)
    if hon is None:
        return False
    name = rest[: -len(hon)]
    if not (2 <= len(name) <= 8 and re.fullmatch(r"[\u4e00-\u9fff々\u3041-\u30faー]+", name)):
        return False
    # a family name first, and no particle or verb: から来た山田さん, 在住の佐藤さん are prose
    nodes = _tokens(name)
    return (
        bool(nodes)
        and _pos(nodes[0])[2] == "人名"
        and not any(_pos(n)[0] in ("助詞", "動詞", "助動詞") for n in nodes)
    )


def _honorific_opens(line: str) -> bool:
    """The line opens with an honorific as a word of its own (氏は…, 先生方): the tail of a name
    the line above wrapped; not with a word that only starts like one (様々, 氏名, 様子)."""
    nodes = _tokens(line[:8])
    return bool(nodes) and nodes[0].surface in _honorifics()


def _person_name(line: str) -> bool:
    """UniDic reads the line as a surname, then given-name or unknown words (山口 佳和)."""
    nodes = _tokens("".join(line.split()))
    return (
        len(nodes) >= 2
        and _pos(nodes[0])[2:4] == ("人名", "姓")
        and all(_pos(n)[2] == "人名" or n.is_unk for n in nodes[1:])
    )


def _line_mark(text: str, start: int, end: int, names: tuple[str, ...]) -> re.Match | None:
    """The first of the shapes ``names`` that opens the line ``text[start:end]`` past its indentation."""
    while start < end and text[start] in " \t\u3000":
        start += 1
    return next((m for name in names if (m := shape(name).match(text, start, end))), None)


def _marked(text: str, start: int, end: int) -> bool:
    """Does the line ``text[start:end]`` open with a heading mark, a bullet or a number?"""
    names = ("heading_marker", "bullet_marker", "numbered", "bracket_heading", "notice_marker")
    return _line_mark(text, start, end, names) is not None


def _mark_ends_at(text: str, line_start: int, start: int) -> bool:
    """Does a number mark ([1], (2), 3., ①) open the line and end right at ``start``?"""
    m = shape("numbered").match(text, line_start, start)
    return m is not None and m.end() == start


def _caption_label_ends_at(text: str, line_start: int, end: int) -> bool:
    """Does a caption label (図1, 写真2-3, 表 4) open the line and end with the space before ``end``?"""
    m = shape("caption_start").match(text, line_start, end)
    return m is not None and m.end() == end


def _marked_heading(text: str, start: int, end: int) -> bool:
    """A short line that opens with a heading mark, a bullet or a number and has no sentence
    in it: a heading or a list item, never the first half of a wrapped sentence."""
    m = _line_mark(text, start, end, ("heading_marker", "numbered", "bracket_heading", "bullet_marker"))
    return m is not None and end - m.end() <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, m.end(), end)


@lru_cache(maxsize=256)
def _chrome_line(line: str) -> bool:
    line = line.strip(" \t\u3000")
    return bool(line) and len(line) <= 120 and chrome_rule(line) is not None
