"""The decision on a run of spaces inside a line."""

from __future__ import annotations

import re

from pipeline.stages.datelines import is_dateline
from pipeline.stages.spacing.evidence import (
    _COUNTS_ON,
    _byline,
    _has_contact_cue,
    _headline,
    _is_ja,
    _japanese_evidence,
    _line_bounds,
    _patterns,
    _roster_entry,
    _suffix_ahead,
)
from pipeline.stages.spacing.lines import (
    _LIST_MARKS,
    _PLACE_END,
    _caption_label_ends_at,
    _chrome_line,
    _closing_name,
    _credit_line,
    _family_name,
    _full_name,
    _mark_ends_at,
    _name_list_space,
    _org_name_line,
    _place_then_person,
    _post_then_name,
)
from pipeline.stages.spacing.numbers import _number_space
from pipeline.stages.spacing.words import (
    _ADDRESS_COUNTERS,
    _ADDRESS_NUMBER,
    _ADDRESS_WORD,
    _ASCII,
    _BLANK,
    _BUILDING_START,
    _BULLETS,
    _DIGIT,
    _HIRAGANA,
    _KANJI_END,
    _LATIN,
    _PHONE_AHEAD,
    _POSTAL,
    _SENTENCE_PUNCT,
    KEPT,
    REMOVED,
    WINDOW,
    _field_shapes,
)

_COLON_BEFORE = re.compile(r"[:：]")
_NOTE_END = re.compile(r"[(（][^()（）]{1,20}[)）]$")


def _bracket_field(text: str, start: int, end: int, line_start: int, line_end: int) -> str | None:
    """The content of the bracket that holds the space, without an honorific at its end, when
    the bracket closes the line: (北海道東海大学 西村 弘行 先生)."""
    open_at = max(text.rfind("(", line_start, start), text.rfind("（", line_start, start))
    if open_at < 0 or any(c in ")）" for c in text[open_at:start]):
        return None
    close = text[end:line_end].rstrip(" \u3000")
    if not close.endswith((")", "）")) and line_end < len(text) and text[line_end] == "\n":
        # the bracket wrapped onto the next line (大学 西村 \n  弘行 先生))
        nxt = text.find("\n", line_end + 1)
        nxt = len(text) if nxt < 0 else nxt
        close = close + " " + text[line_end + 1 : min(nxt, line_end + 31)].strip(" \u3000")
    if not close.endswith((")", "）")) or any(c in "(（)）" for c in close[:-1]):
        return None
    field = text[open_at + 1 : end] + close[:-1]
    return re.sub(r" ?(?:先生|氏|様|さん)$", "", field.strip())


def _decide_horizontal(
    text: str, start: int, end: int, run: str, cue_memo: dict[tuple[int, int], bool]
) -> tuple[str, str]:
    if start == 0 or text[start - 1] == "\n":
        return KEPT, "indentation"
    if end == len(text):
        return REMOVED, "trailing_space"
    if "\t" in run:
        return KEPT, "tab_separator"
    if "\u3000" in run:
        return KEPT, "full_width_space"
    left, right = text[start - 1], text[end]
    line_start, line_end = _line_bounds(text, start, end)
    pats = _patterns()
    latin = _LATIN.match(left) or _LATIN.match(right)
    ascii_pair = _ASCII.match(left) and _ASCII.match(right)
    if (latin or ascii_pair) and _has_contact_cue(text, line_start, line_end, cue_memo):
        return KEPT, "contact_line"
    if _DIGIT.match(left) or _DIGIT.match(right):
        decided = _number_space(text, start, end, line_start, line_end)
        if decided:
            return decided
    if latin:
        return KEPT, "latin_words"
    if ascii_pair:
        return KEPT, "ascii_words"
    before = text[max(line_start, start - 20) : start]
    if _POSTAL.search(before) or pats["contact_label_end"].search(before):
        return KEPT, "contact_line"
    if start - line_start <= 8 and _caption_label_ends_at(text, line_start, end):
        return KEPT, "caption_label"  # 図1 開発した…: the label and the caption
    if line_end - line_start <= 40 and is_dateline(text[line_start:line_end]):
        return KEPT, "dateline"  # 2005年3月1日付 日本経済新聞: the date and the source
    if _PHONE_AHEAD.match(text, end, min(line_end, end + 20)):
        return KEPT, "contact_line"
    if (
        _ADDRESS_NUMBER.search(before)
        and _BUILDING_START.match(right)
        and right not in _ADDRESS_COUNTERS
        and _ADDRESS_WORD.search(text, max(line_start, start - 30), start)
    ):
        return KEPT, "address_then_building"
    if (
        _DIGIT.match(right)
        and _is_ja(left)
        and not _COUNTS_ON.search(text, max(line_start, start - 2), start)
        and _headline(text, start, end, line_start, line_end, ("名詞",))
    ):
        return KEPT, "headline"  # 若手研究者に奨励賞 5人を表彰: a headline's phrase opens with a number
    if _DIGIT.match(left) or _DIGIT.match(right):
        return REMOVED, "digit_split"
    if left in _BULLETS and (start - 1 == line_start or text[start - 2] in " \u3000"):
        return KEPT, "bullet"  # the mark opens a line (or a line of a flattened page)
    if start - line_start <= 6 and _mark_ends_at(text, line_start, start):
        return KEPT, "bullet"  # [1] 試作支援のご案内, (2) 会場: the space after a line's number
    if line_end - line_start <= 120 and _chrome_line(text[line_start:line_end]):
        return KEPT, "page_chrome"  # サイトHOME > ピックアップ > …
    # The word before the space: back to the line's previous blank.
    word = _BLANK.split(text[line_start:start])[-1]
    if left in _LIST_MARKS or right in _LIST_MARKS:
        if _name_list_space(text, start, end, line_start, line_end, word):
            return KEPT, "name_list"  # 委員 ◎山川昌子 ○肥沼茂男: a marked list of names
    if (
        left in ")）"
        and _is_ja(right)
        and pats["title_end"].search(_NOTE_END.sub("", word))
        and _closing_name(text[end:line_end])
    ):
        return KEPT, "title_then_name"  # グループ長(上席研究員) 上野 武司 氏: a post, its note, the name
    if not (_is_ja(left) and _is_ja(right)):
        return REMOVED, "punctuation"
    reason = _byline(text, start, line_start, line_end)
    if reason:
        return KEPT, reason
    if _roster_entry(text, start, end, line_start, line_end):
        return KEPT, "person_name"  # 吉原 孝(教育長)、…: a roster's name, its post in brackets
    if (
        _field_shapes()[1].match(text, end, line_end)
        and len(_BLANK.split(text[line_start:start])[-1]) >= 2
        and _COLON_BEFORE.search(text, line_start, start)
    ):
        # 会長:秋保 常雄 幹事:駒﨑 繁夫: the next field's label in a line of fields (but 連 絡先:
        # and 開催 日時: are one label, spaced, and この件は 理事会決定: is prose)
        return KEPT, "before_field"
    label = _field_shapes()[0].match(text, line_start, line_end)
    if (
        label is not None
        and label.end() == start
        and not _HIRAGANA.match(right)  # お問い合わせ は、…: a particle, so prose
        and not _suffix_ahead(text[line_start:start].strip(), text[end : min(line_end, end + WINDOW)])
    ):
        # 主催 東北経済産業局, 編集発行 東大和市立公民館: a label, then its value (but 主催 者: a
        # suffix continues the word)
        return KEPT, "field_label"
    if line_end - line_start <= 40 and _credit_line(text[line_start:line_end].strip()):
        return KEPT, "byline"  # （材料開発部 菅野 里美）: a closing credit
    if (
        pats["org_name_end"].search(word)
        or (len(word) > 4 and pats["legal_form"].search(word))  # 株式会社みやぎ精工
        or _KANJI_END.search(word)  # 青葉山岳会
    ) and pats["post_ahead"].match(text, end, line_end):
        return KEPT, "org_then_post"  # 株式会社岡島パイプ製作所 取締役社長: the organisation, then the post
    if (
        pats["honorific_end"].search(word)
        and not _HIRAGANA.match(right)
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
    ):
        return KEPT, "after_honorific"  # 岡島 威彦氏 株式会社…: the person, then the next field
    if _name_list_space(text, start, end, line_start, line_end, word):
        return KEPT, "name_list"  # 山川昌子 肥沼茂男 佐藤真和: a list of names, or of names and posts
    if _PLACE_END.search(word) and _place_then_person(text[end:line_end]):
        return KEPT, "place_then_person"  # (岡本区 柳澤ケサ子さん): where the person lives, then who
    if not _SENTENCE_PUNCT.search(text, line_start, line_end):
        # A byline closing a line (or a bracket) after its heading: the post, then the name
        # (…年頭挨拶 産学連携学会会長 荒磯恒久(北海道大学)); UniDic may know neither name.
        rest = text[end:line_end]
        if pats["title_end"].search(word) and _closing_name(rest):
            return KEPT, "title_then_name"
        if _post_then_name(rest):
            return KEPT, "before_byline"
        field = _bracket_field(text, start, end, line_start, line_end)
        if field is not None and pats["org_name_end"].search(word) and _org_name_line(field):
            return KEPT, "org_then_name"  # (北海道東海大学 西村 弘行 先生): a writer's body and name
    action, reason = _japanese_evidence(text, start, end, line_start=line_start, line_end=line_end)
    if action == REMOVED and line_end - line_start <= 40 and _org_name_line(text[line_start:line_end]):
        return KEPT, "org_then_name"  # 広報チーム 新井 全勝: a byline's body and the writer
    rest = text[end:line_end].split()
    if (
        action == REMOVED
        and reason == "between_words"
        and len(rest) == 2
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
        and _full_name(*rest)
    ):
        return KEPT, "before_name"  # 会長挨拶 高橋 恒清: the line's last field is a full name
    if (
        action == REMOVED
        and reason == "between_words"
        and len(run) >= 2
        and run.strip(" ") == ""
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
        and _family_name(word)
        and len(_BLANK.split(text[end:line_end], maxsplit=1)[0]) > 4  # no given name (加藤  碵一)
    ):
        # A name, then two spaces or more, then the next field of a roster line
        # (三浦  三菱UFJリース株式会社 専務取締役).
        return KEPT, "name_then_field"
    return action, reason
