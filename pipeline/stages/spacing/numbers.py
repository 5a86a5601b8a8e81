"""Spaces inside or next to numbers: numbers torn apart by OCR (第 4 5 号, 4 2.5 %), rows of a
table of numbers, a number that opens a headline's phrase."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.stages.spacing.evidence import _COUNTING_KANJI, _ERA_WORDS, _is_ja, _patterns
from pipeline.stages.spacing.lines import _caption_label_ends_at, _mark_ends_at
from pipeline.stages.spacing.words import _SENTENCE_PUNCT, KEPT, REMOVED

# --- Numbers torn apart by OCR spaces ("第 4 5 号", "4 2.5 %") -------------------------------
_D = "0-9\uff10-\uff19"
# A run of digits with what may sit inside one number: spaces (at most two), a decimal point,
# and a thousands separator before a group of three digits ("4 5", "4 2.5", "1, 000", "3 4 5").
_NUMBER_RUN = re.compile(
    rf"[{_D}]+(?:(?:[ ]{{0,2}}[.．][ ]{{0,2}}|[ ]{{0,2}}[,，][ ]{{0,2}}(?=[{_D}]{{3}}(?![{_D}]))|[ ]{{1,2}})[{_D}]+)*"
)
# A space between two digits of a run: the gaps the context must explain.
_NUMBER_GAP = re.compile(rf"(?<=[{_D}])[ ]{{1,2}}(?=[{_D}])")
_NUMBER_MARKS = frozenset(".．,，")
_INTEGER = re.compile(rf"[{_D}]+")
# Words a number continues (第 45, 約 42, 平成 17, ¥1 200).  A one-kanji word counts only on
# its own: 計 but not 合計 or 設計, 約 but not 契約; 第 is never a word's tail.
_NUMBER_PREFIX = re.compile(
    rf"(?:{_ERA_WORDS}|第|(?<![\u3400-\u9fff々])[{_COUNTING_KANJI}]|[¥￥$＄])[ ]{{0,2}}$"
)
# Before a run these leave it to the other rules, as the run is no plain number: Latin text
# (No.18 2005年, Windows NT 3 51), a phone or code (+81 3332 2 5678, 〒980 8403, 22-4 5).
_NOT_A_NUMBER_BEFORE = re.compile(
    r"(?:[A-Za-z\uff21-\uff3a\uff41-\uff5a][.．]?|[+＋\-‐－−/:：〒#＃])[ ]{0,2}$"
)
_NOT_A_NUMBER_AFTER = re.compile(r"[ ]{0,2}[A-Za-z\uff21-\uff3a\uff41-\uff5a\-‐－−/:：]")


def _number_space(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[str, str] | None:
    """Decide a space next to a digit that a run of digits explains, else None (other rules).

    Inside the run, a space at a decimal point or a thousands separator is an OCR split; a
    space between two digits is one when the context makes the run one number (see
    `_one_number`), else it sets apart separate numbers (a table row: 得点 3 4 5), and so does
    the space between such a row and the word before or after it on a line without a sentence.
    A space before % goes.
    """
    if start - line_start <= 8 and (
        _mark_ends_at(text, line_start, start) or _caption_label_ends_at(text, line_start, end)
    ):
        return None  # 1. 2005年に…, 図1. 2 …: a line's number mark, then its text
    run = _touching_run(text, start, end, line_start, line_end)
    if run is None:
        return None
    one = _one_number(text, run, line_start, line_end)
    if one is None:
        return None
    left, right = text[start - 1], text[end]
    if run.start() < start and end < run.end():  # the space is inside the run
        if one or left in _NUMBER_MARKS or right in _NUMBER_MARKS:
            return REMOVED, "number_split"
        return KEPT, "separate_numbers"
    if run.end() == start and right in "%％":
        return REMOVED, "number_split"  # 42.5 %: the percent sign belongs to its number
    if not one and (_is_ja(left) or _is_ja(right)) and not _SENTENCE_PUNCT.search(text, line_start, line_end):
        return KEPT, "number_table"  # 得点 3 4 5: a row's label and its numbers (no sentence)
    return None


def _touching_run(text: str, start: int, end: int, line_start: int, line_end: int) -> re.Match | None:
    """The run of digits that holds the space ``text[start:end]`` or ends or starts at it."""
    lo, hi = max(line_start, start - 64), min(line_end, end + 64)
    return next(
        (m for m in _NUMBER_RUN.finditer(text, lo, hi) if m.start() <= end and m.end() >= start), None
    )


def _number_row(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """Whether separate numbers (a table row, 前期 12 15 18) end at ``start`` or start at ``end``
    on the line ``text[line_start:line_end]``, a line without a sentence."""
    run = _touching_run(text, start, end, line_start, line_end)
    return (
        run is not None
        and _one_number(text, run, line_start, line_end) is False
        and not _SENTENCE_PUNCT.search(text, line_start, line_end)
    )


def _one_number(text: str, run: re.Match, line_start: int, line_end: int) -> bool | None:
    """Whether a run of digits with spaces inside is one number (True) or separate numbers
    (False); None when it is no plain number (a phone number, a code, Latin text)."""
    s, e = run.span()
    # Five characters before (平成 and two spaces, and the character before a one-kanji word)
    # and eight after (two spaces, a unit, the character after it) are all the rules read.
    return _read_number(text[max(line_start, s - 5) : s], run.group(), text[e : min(line_end, e + 8)])


@lru_cache(maxsize=4096)
def _read_number(before: str, run: str, after: str) -> bool | None:
    """`_one_number` on the run and its context; cached, as a table repeats its rows' shape."""
    if _NOT_A_NUMBER_BEFORE.search(before):
        return None
    counter = _patterns()["counter_ahead"].match(after)
    if counter is None and _NOT_A_NUMBER_AFTER.match(after):
        return None  # 03 1234-5678, 2 3 x
    tokens = _NUMBER_GAP.split(run)
    if len(tokens) == 1:
        return True  # no gap between digits: only a point or separator has spaces round it
    if tokens[0][0] in "0０" and len(tokens[0]) > 1:
        return None  # 022 263 1167: a phone number's groups
    if any(set(t) & _NUMBER_MARKS for t in tokens[:-1]):
        return False  # 1.5 2.5: a number with a decimal point or separator is whole
    ints = [len(_INTEGER.match(t).group()) for t in tokens]
    if len(tokens) == 2:
        if ints[0] >= 2 and ints[0] == ints[1]:
            return False  # 平成16 17年度, 1000 2000円: two numbers of a kind side by side
        return bool(counter or _NUMBER_PREFIX.search(before))  # 第 4 5 号, 4 2.5 %, 約 1 2
    # Three or more: one digit each, then a counter (2 0 0 5 年), is one letter-spaced
    # number; any other run of several numbers is a table row (得点 3 4 5, 10 20 30人).
    return counter is not None and max(ints) == 1
