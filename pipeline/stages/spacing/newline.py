"""The decision on a line break: a line of its own (heading, byline, contact, list, table
row, chrome) or a line wrapped mid-sentence."""

from __future__ import annotations

import re

from pipeline.base.line_shapes import MASTHEAD
from pipeline.stages.datelines import is_dateline
from pipeline.stages.spacing.evidence import _is_ja, _japanese_evidence, _line_bounds, _patterns
from pipeline.stages.spacing.lines import (
    _chrome_line,
    _ends_in_full_name,
    _honorific_opens,
    _letter_spaced_line,
    _letter_spaced_name_line,
    _marked,
    _marked_heading,
    _org_name_line,
    _person_name,
    _title_name_line,
)
from pipeline.stages.spacing.numbers import _number_row
from pipeline.stages.spacing.words import (
    _ADDRESS_LINE,
    _CONTACT_HEAD,
    _DIGIT,
    _HIRAGANA,
    _KATAKANA,
    _LATIN,
    _NAME_LINE,
    _OPEN_QUOTES,
    _SENTENCE_END,
    _SENTENCE_PUNCT,
    COLLAPSED,
    KEPT,
    REMOVED,
    SHORT_LINE,
    _field_shapes,
)

# One-character counters that end a date or a count (4 / 月19日).  Narrower on purpose than
# spacing_number_counters.txt: a page number's next line may well open with 名古屋, 本日, 万一.
_COUNTER_AHEAD = re.compile(r"[ \t\u3000]*[年月日号回人個件時分歳％%]")


def _wrapped_in_bracket(text: str, start: int, end: int) -> bool:
    """The line before the break opens a bracket it does not close, and the next line closes
    it before opening another: one bracketed note broken across two lines."""
    prev_start, next_end = _line_bounds(text, start, end)
    before = text[prev_start:start]
    open_at = max(before.rfind("("), before.rfind("（"))
    if open_at < 0 or any(c in "。)）" for c in before[open_at:]):
        return False
    after = text[end:next_end]
    close = min((i for i in (after.find(")"), after.find("）")) if i >= 0), default=-1)
    return 0 < close <= 30 and not any(c in "(（\n" for c in after[:close])


def _decide_newline(text: str, start: int, end: int, run: str) -> tuple[str, str]:
    if run.count("\n") >= 2:
        return KEPT, "block_break"
    if start == 0 or end == len(text):
        return KEPT, "text_edge"
    if _wrapped_in_bracket(text, start, end):
        # (北海道東海大学 西村 \n  弘行 先生): a line wrapped inside a bracket it opened, the
        # next line indented under it; a space before the break was the one the wrap took.
        return (COLLAPSED if run[0] in " \u3000" else REMOVED), "bracket_wrap"
    if run[-1] != "\n":
        return KEPT, "indentation"
    left, right = text[start - 1], text[end]
    if left in _SENTENCE_END:
        return KEPT, "sentence_end"
    pats = _patterns()
    prev_start, next_end = _line_bounds(text, start, end)
    if left in "、，" and right in _OPEN_QUOTES:
        # Dialogue layout: "…と言うと、\n「…」" puts the quotation on its own line.
        return KEPT, "quotation_line"
    if _LATIN.match(right) or pats["contact_start"].match(text, end, next_end):
        return KEPT, "contact_line"
    if pats["byline"].match(text, prev_start, start):
        return KEPT, "byline_line"
    if _CONTACT_HEAD.match(text, prev_start, start):
        return KEPT, "contact_block"
    field_line = _field_shapes()[1]
    if field_line.match(text, prev_start, start) or field_line.match(text, end, next_end):
        return KEPT, "field_line"  # 主催:…協賛会、後援:宮城県 / 会場:… : each field a line of its own
    if is_dateline(text[prev_start:start]) or is_dateline(text[end:next_end]):
        return KEPT, "dateline"  # 『中国新聞』2004年7月17日付: a line of its own
    if start - prev_start <= SHORT_LINE and MASTHEAD.search(text, prev_start, start):
        return KEPT, "masthead_line"  # とおの産業ニュース No.23: the masthead is a line of its own
    if _NAME_LINE.fullmatch(text, prev_start, start) and _person_name(text[prev_start:start]):
        return KEPT, "name_line"  # a byline's name set apart on its own line (　　山口 佳和)
    if _org_name_line(text[prev_start:start]):
        return KEPT, "name_line"  # an organisation and a person's full name (広報室 土屋 洋太)
    if (
        _title_name_line(text[prev_start:start])
        and not _HIRAGANA.match(right)
        and not _honorific_opens(text[end:next_end])
    ):
        return KEPT, "name_line"  # 理事長 今井一彦: a post and the full name, the name unspaced
    if _letter_spaced_name_line(text[prev_start:start]) and not _HIRAGANA.match(right):
        return KEPT, "name_line"  # 総 長 松 尾 稔: a byline set letter by letter
    if _letter_spaced_line(text[prev_start:start]) and not _HIRAGANA.match(right):
        return KEPT, "heading_line"  # 会 長 挨 拶: a heading set letter by letter, then its text
    if (
        _ends_in_full_name(text[prev_start:start])
        and not _SENTENCE_PUNCT.search(text, prev_start, start)
        and not _HIRAGANA.match(right)
        and not _honorific_opens(text[end:next_end])
    ):
        return KEPT, "name_line"  # a heading, then its writer's name (会長挨拶 高橋 恒清)
    if _DIGIT.match(left) and not _HIRAGANA.match(right) and pats["contact"].search(text, prev_start, start):
        # A line that ends in its phone number (生涯学習課 ☎(46)3331); a sentence that goes on
        # after the number (…4567\nまでお問い合わせ…) is one line.
        return KEPT, "contact_line"
    if _is_ja(left) and _is_ja(right):
        # Only strong evidence here: a short line may well end in a particle or start with
        # what MeCab reads as a suffix once joined ("…紹介\n産学官…"); layout decides the rest.
        action, reason = _japanese_evidence(
            text, start, end, line_start=prev_start, line_end=next_end, line_break=True
        )
        if reason in ("splits_dictionary_word", "particle_follows"):
            return action, reason
    prev_short = start - prev_start <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, prev_start, start)
    if prev_short and text[max(0, prev_start - 2) : prev_start] == "\n\n":
        # A short line that opens a block is a heading; its body starts on the next line.
        return KEPT, "heading_line"
    if _marked_heading(text, prev_start, start):
        # ■ 開発の経緯 / 1．はじめに / 【概要】: a marked heading; its body starts on the next line.
        return KEPT, "heading_line"
    number_torn = text[prev_start:start].strip().isdigit() and _COUNTER_AHEAD.match(text, end)
    if not number_torn and (_chrome_line(text[prev_start:start]) or _chrome_line(text[end:next_end])):
        # ━━━━, a breadcrumb, トップへ戻る, a page number …: page chrome is a line of its own
        # (a number whose counter starts the next line, 4 / 月19日, is a number torn apart).
        return KEPT, "page_chrome_line"
    if _marked(text, end, next_end) and not (right in "・･" and _KATAKANA.match(left)):
        # The next line opens an item or a section of its own (● …, (2) …, ■ …); a middle
        # dot after katakana joins a name (ジョニー\n・ハーバート).
        return KEPT, "list_line"
    if _ADDRESS_LINE.match(text, end, next_end) and _DIGIT.search(text, end, next_end):
        return KEPT, "address_line"
    if (_DIGIT.match(left) and _number_row(text, start, start, prev_start, start)) or (
        _DIGIT.match(right) and _number_row(text, end, end, end, next_end)
    ):
        return KEPT, "number_table"  # 前期 12 15 18\n後期 …: the rows of a table of numbers
    if (_DIGIT.match(left) and _is_ja(right)) or (_is_ja(left) and _DIGIT.match(right)):
        # A street number or a counter torn from its digits ("7番\n19号", "福住2\n条").
        return REMOVED, "digit_split"
    after_end = _line_bounds(text, next_end + 1, next_end + 1)[1]
    next_short = next_end - end <= SHORT_LINE and not _SENTENCE_PUNCT.search(text, end, next_end)
    if next_short and next_end < len(text) and pats["contact_start"].match(text, next_end + 1, after_end):
        return KEPT, "contact_block"
    if prev_short and next_short:
        return KEPT, "list_line"
    return REMOVED, "line_break_mid_sentence"
